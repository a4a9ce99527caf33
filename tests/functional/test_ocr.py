"""Scanned pages, read with the OCR extra: a page of the second real report rendered to an image and wrapped in
a PDF of its own (no text layer) is recognised faithfully, indexed, and answered with page citations marked
OCR; without the extra, the user is told how to get it; a report indexed before the extra was installed is read
again once it is. Slow: each recognised page takes seconds."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from esgqa.cli.main import main
from esgqa.errors import ExitCode
from esgqa.ingest import ocr
from tests.conftest import REPO

SIFANG = Path(os.environ.get("ESGQA_SHARED", REPO.parent / "shared")) / "reports" / \
    "sifang_603339_2019_annual_report.pdf"
PAGE = 11  # the business review: prose figures and a table of income-statement lines

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`scan.pdf`: the page as an image only; `mixed.pdf`: that image, then the next page with its text layer."""
    if not SIFANG.exists():
        pytest.skip(f"{SIFANG} is absent (see ../shared/reports/README.md)")
    import pypdfium2 as pdfium

    folder = tmp_path_factory.mktemp("scans")
    report = pdfium.PdfDocument(str(SIFANG))
    image = report[PAGE - 1].render(scale=2).to_pil().convert("RGB")
    image.save(folder / "scan.pdf", resolution=144)
    mixed = pdfium.PdfDocument(str(folder / "scan.pdf"))
    mixed.import_pages(report, [PAGE])
    mixed.save(str(folder / "mixed.pdf"))
    return {"scan": folder / "scan.pdf", "mixed": folder / "mixed.pdf", "text": _text_layer(report, PAGE)}


def _text_layer(report: Any, number: int) -> str:
    return str(report[number - 1].get_textpage().get_text_range())


needs_extra = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")


@needs_extra
def test_a_scanned_page_reads_as_its_text_layer_did(scans: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pages", str(scans["scan"]), "--json"]) == 0
    page = json.loads(capsys.readouterr().out)["pages"][0]
    assert page["has_text"] and page["ocr"] and any("recognised by OCR" in w for w in page["warnings"])
    from esgqa.ingest.loader import load_document

    recognised = "".join(load_document(scans["scan"]).page(1).text.split())
    original = "".join(str(scans["text"]).split())
    assert fuzz.ratio(recognised, original) >= 90


@needs_extra
def test_a_scanned_report_is_indexed_and_cited_as_ocr(scans: dict[str, Any], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    index = tmp_path / "index"
    assert main(["-q", "index", "--index", str(index), str(scans["scan"])]) == 0
    assert main(["-q", "ask", "研发费用是多少？", "--index", str(index), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["abstained"] and answer["value"] and answer["value"].replace(",", "") in \
        str(scans["text"]).replace(",", "")
    assert answer["answer"].splitlines()[0].endswith("[p. 1 (OCR)]")
    chunks = [json.loads(line) for line in (index / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert chunks and all(chunk.get("ocr") is True for chunk in chunks)


@needs_extra
def test_the_image_only_sample_is_read(pdfs: Path) -> None:
    from esgqa.ingest.loader import load_sources

    document = load_sources([pdfs / "pdfminer_pdf-with-jbig2.pdf"]).documents[0]
    assert document.page(1).ocr and "Doesn't" in document.page(1).text


def test_without_the_extra_the_message_says_how_to_get_it(scans: dict[str, Any], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    code = main(["-q", "index", "--index", str(tmp_path / "index"), str(scans["scan"])])
    error = capsys.readouterr().err
    assert code == ExitCode.INPUT and "no page has a text layer" in error and "pip install 'esgqa[ocr]'" in error
    assert len(error.strip().splitlines()) == 1 and not (tmp_path / "index").exists()
    assert main(["-q", "index", "--index", str(tmp_path / "index"), "--ocr", "always", str(scans["scan"])]) \
        == ExitCode.USAGE


@needs_extra
def test_a_report_indexed_without_ocr_is_read_again_once_it_is_installed(
        scans: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from esgqa.api import ensure_index
    from esgqa.index import store

    index = tmp_path / "index"
    monkeypatch.setattr(ocr, "available", lambda: False)
    first = ensure_index(index, sources=[scans["mixed"]])
    entry = store.read_manifest(index).documents[0]
    assert entry["untried"] == 1 and entry["ocr_pages"] == 0
    monkeypatch.undo()
    second = ensure_index(index, sources=[scans["mixed"]])
    assert not second.reused and second.chunks > first.chunks
    assert store.read_manifest(index).documents[0]["ocr_pages"] == 1
    assert ensure_index(index, sources=[scans["mixed"]]).reused
