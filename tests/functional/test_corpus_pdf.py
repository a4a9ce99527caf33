"""The generated PDF of the bundled report reads back page for page like the text corpus (golden check)."""

from __future__ import annotations

import pytest

from esgqa.ingest.loader import load_document
from esgqa.ingest.normalize import compact
from tests.conftest import BUNDLED, REPO

PDF = REPO / "corpus" / "alibaba_esg_fy2023.pdf"


@pytest.mark.slow
def test_pdf_and_text_agree_on_every_page() -> None:
    text = load_document(BUNDLED)
    pdf = load_document(PDF)
    assert text.page_count == pdf.page_count == 213
    differing = [p.number for p, q in zip(text.pages, pdf.pages, strict=True) if compact(p.text) != compact(q.text)]
    assert differing == []


def test_first_pages_of_the_pdf_match_the_text() -> None:
    """A fast subset of the check above, so the default run still exercises the PDF path on the real report."""
    import pdfplumber

    pages = BUNDLED.read_text(encoding="utf-8").rstrip("\n").split("\f")
    with pdfplumber.open(PDF) as pdf:
        assert len(pdf.pages) == 213
        for number in (1, 30, 201):
            assert compact(pdf.pages[number - 1].extract_text() or "") == compact(pages[number - 1])
