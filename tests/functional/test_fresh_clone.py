"""What a newcomer and a hostile tester found from a fresh clone (issue 19), each held by a test: indexes that are
not what they seem, binary files, concurrent builds, shelves, piped output, signs of life, one-line errors."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from esgqa.cli.main import main
from esgqa.errors import ExitCode
from tests.conftest import MINI_REPORT


def binary_bytes(size: int, top: int = 256) -> bytes:
    rnd = random.Random(19)
    return bytes(rnd.randrange(top) for _ in range(size))


@pytest.mark.parametrize("content, extra", [
    (binary_bytes(4000, top=128), []),  # valid UTF-8: every byte below 0x80
    (binary_bytes(4000), ["--encoding", "latin-1"]),  # any bytes are valid Latin-1
    (b"\x00" * 64 + MINI_REPORT.read_bytes(), []),
], ids=["7-bit", "latin-1", "nul"])
def test_a_binary_txt_in_a_folder_is_skipped_with_its_reason(content: bytes, extra: list[str], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "good.txt").write_bytes(MINI_REPORT.read_bytes())
    (shelf / "bad.txt").write_bytes(content)
    assert main(["index", str(shelf), "--index", str(tmp_path / "idx"), *extra]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "bad.txt: a binary file, not text" in err
    assert "1 source(s) skipped" in err and "added: bad" not in err and "added: good" in err
    assert main(["pages", str(shelf / "bad.txt"), *extra]) == ExitCode.INPUT


def manifest_titles(folder: Path) -> list[str]:
    return sorted(str(d["title"]) for d in json.loads((folder / "manifest.json").read_text("utf-8"))["documents"])


def test_a_broken_index_is_rebuilt_not_up_to_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "idx"
    assert main(["index", str(MINI_REPORT), "--index", str(folder)]) == 0
    for damage in ("delete", "truncate"):
        chunks = folder / "chunks.jsonl"
        if damage == "delete":
            chunks.unlink()
        else:
            chunks.write_bytes(chunks.read_bytes()[: chunks.stat().st_size // 2])
        capsys.readouterr()
        assert main(["index", "--index", str(folder)]) == 0
        err = capsys.readouterr().err
        assert "up to date" not in err and "index built" in err and "chunks.jsonl" in err, err
        assert main(["ask", "女性员工占比是多少？", "--index", str(folder), "--json"]) == 0
        assert "47.2%" in json.loads(capsys.readouterr().out)["answer"]


def test_adding_to_a_shelf_is_explicit_and_replacing_says_so_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports, shelf = tmp_path / "reports", tmp_path / "shelf"
    reports.mkdir()
    text = MINI_REPORT.read_text(encoding="utf-8")
    for name in ("甲", "乙", "丙"):
        (reports / f"{name}.txt").write_text(text.replace("示例集团", f"{name}集团"), encoding="utf-8")
    assert main(["index", str(reports / "甲.txt"), "--index", str(shelf)]) == 0
    assert main(["index", str(reports / "乙.txt"), "--index", str(shelf), "--add"]) == 0
    assert manifest_titles(shelf) == ["乙", "甲"]
    capsys.readouterr()
    assert main(["index", str(reports / "丙.txt"), "--index", str(shelf)]) == 0  # a file alone replaces: said first
    err = capsys.readouterr().err
    warned = err.index("replacing the reports of the index")
    assert "2 not among the sources will be removed" in err and "--add" in err
    assert warned < err.index("index built") and "removed: 甲" in err
    assert manifest_titles(shelf) == ["丙"]
    other = tmp_path / "more"
    other.mkdir()
    (other / "丁.txt").write_text(text.replace("示例集团", "丁集团"), encoding="utf-8")
    capsys.readouterr()
    assert main(["index", str(other), "--index", str(shelf)]) == 0  # the folder form adds
    assert "replacing" not in capsys.readouterr().err
    assert manifest_titles(shelf) == ["丁", "丙"]


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "esgqa", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_a_second_build_waits_for_the_first_and_loses_nothing(tmp_path: Path) -> None:
    from esgqa.index.guard import build_lock

    reports, shelf = tmp_path / "reports", tmp_path / "shelf"
    reports.mkdir()
    text = MINI_REPORT.read_text(encoding="utf-8")
    for name in ("甲", "乙"):
        (reports / f"{name}.txt").write_text(text.replace("示例集团", f"{name}集团"), encoding="utf-8")
    with build_lock(shelf):  # a build in progress
        second = _cli("index", str(reports / "甲.txt"), "--index", str(shelf))
        assert second.stderr is not None
        line = second.stderr.readline()
        assert "another esgqa is building the index" in line and "waiting" in line, line
        time.sleep(0.5)
        assert second.poll() is None and not (shelf / "manifest.json").exists(), "it waits"
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0 and "index built" in err

    both = [_cli("index", str(reports / f"{name}.txt"), "--add", "--index", str(shelf)) for name in ("乙", "乙")]
    results = [p.communicate(timeout=180) for p in both]
    assert [p.returncode for p in both] == [0, 0], results
    assert manifest_titles(shelf) == ["乙", "甲"]
    said = [err for _out, err in results]
    assert sum("index built" in err for err in said) == 1 and sum("up to date" in err for err in said) == 1, said


def test_an_unwritable_index_fails_before_any_embedding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Permission bits do not stop root (CI runs as root), so the refusal is made by `os.access`."""
    import os

    folder = tmp_path / "idx"
    assert main(["index", str(MINI_REPORT), "--index", str(folder)]) == 0
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == folder else real_access(path, mode))

    def no_model(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the model was loaded for a build that cannot be written")

    monkeypatch.setattr("esgqa.api.load_encoder", no_model)
    capsys.readouterr()
    assert main(["index", str(MINI_REPORT), "--index", str(folder), "--rebuild"]) == ExitCode.FILESYSTEM
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"cannot write the index folder {folder}" in err, err


def test_a_first_build_says_built_not_no_index_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(MINI_REPORT), "--index", str(tmp_path / "idx")]) == 0
    err = capsys.readouterr().err
    assert "index built: " in err and "no index yet" not in err, err


def test_a_pdf_whose_text_sits_in_a_frame_is_indexed_as_pages_shows_it(
        pdfs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The non-Unicode-CMap sample's one line is framed by ruling lines: a box of text, not a table of figures."""
    source = str(pdfs / "pdfminer_issue-791-non-unicode-cmap.pdf")
    assert main(["pages", source, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pages"][0]["has_text"] is True
    folder = tmp_path / "idx"
    assert main(["index", source, "--index", str(folder)]) == 0
    capsys.readouterr()
    assert main(["ask", "Peněžní prostředky na účtech", "--index", str(folder), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "Peněžní prostředky na účtech" in answer["passages"][0]["text"] and answer["passages"][0]["page"] == 1


def test_sources_with_nothing_to_index_are_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("esgqa.index.builder.chunk_documents", lambda documents, params: [])
    assert main(["index", str(MINI_REPORT), "--index", str(tmp_path / "idx")]) == ExitCode.INPUT
    assert "nothing to index" in capsys.readouterr().err


def test_piped_output_is_not_wrapped(mini_index: Path) -> None:
    question = "What was the total number of employees at the end of the fiscal year 2023, and what share were women?"
    done = subprocess.run([sys.executable, "-m", "esgqa", "ask", question, "--index", str(mini_index)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == question  # 104 characters on one line, not cut at 80
    assert all(line.count("[p. ") == line.count("]") for line in lines if "[p. " in line), lines


def confidence_is(monkeypatch: pytest.MonkeyPatch, level: str) -> None:
    """Answers as the engine gives them, with their confidence set to `level` (what the calibrator says
    depends on the shipped model; the rendering of each level is what is tested)."""
    from esgqa.api import Engine

    original = getattr(Engine.ask, "__wrapped__", Engine.ask)

    def ask(self: Engine, *args: object, **kwargs: object) -> object:
        answer = original(self, *args, **kwargs)  # type: ignore[arg-type]
        answer.confidence = level
        return answer

    ask.__wrapped__ = original  # type: ignore[attr-defined]
    monkeypatch.setattr(Engine, "ask", ask)


def test_a_low_confidence_answer_is_marked_in_plain_text(mini_index: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    question = ["ask", "女性员工占比是多少？", "--index", str(mini_index)]
    confidence_is(monkeypatch, "high")
    assert main(question) == 0
    assert "possible answer" not in capsys.readouterr().out
    confidence_is(monkeypatch, "low")
    assert main(question) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("possible answer (low confidence") and "47.2%" in lines[2], lines
    assert any(line.startswith("or perhaps: ") for line in lines), lines  # what else it might be


def test_a_build_off_a_terminal_says_it_has_started(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "esgqa", "index", str(MINI_REPORT), "--index", str(tmp_path / "i")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("esgqa: indexing: reading") and "index built" in lines[-2], lines


def test_the_build_progress_total_is_known_before_reading_begins(tmp_path: Path) -> None:
    from esgqa.api import ensure_index

    shelf = tmp_path / "shelf"
    shelf.mkdir()
    text = MINI_REPORT.read_text(encoding="utf-8")
    pages = text.count("\f") + 1
    for name in ("甲", "乙"):
        (shelf / f"{name}.txt").write_text(text.replace("示例集团", f"{name}集团"), encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    ensure_index(tmp_path / "idx", sources=[shelf], progress=lambda stage, done, total: calls.append(
        (stage, done, total)))
    assert calls[0] == ("reading", 0, 2 * pages)  # 0/N from the start, never 0/?
    reading = [c for c in calls if c[0] == "reading"]
    assert reading[-1] == ("reading", 2 * pages, 2 * pages) and calls[-1][0] == "embedding"
    assert [done for _, done, _ in reading] == sorted(done for _, done, _ in reading)


@pytest.mark.parametrize("args, message", [
    (["ask", "女性员工占比是多少？", "-k", "abc"], "argument -k: invalid int value: 'abc'"),
    (["index", "--ocr", "sometimes"], "argument --ocr: invalid choice"),
    (["nonsense"], "invalid choice: 'nonsense'"),
])
def test_a_bad_command_line_is_one_line(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == ExitCode.USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("esgqa: error: ") and message in err, err
    assert "usage:" not in err and "--help" in err


@pytest.mark.parametrize("installed", [True, False])
def test_ocr_never_suggests_no_installation(installed: bool, pdfs: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("esgqa.ingest.ocr.available", lambda: installed)
    source = str(pdfs / "pdfminer_pdf-with-jbig2.pdf")  # one image-only page
    assert main(["pages", source, "--ocr", "never"]) == 0
    assert main(["index", source, "--ocr", "never", "--index", str(tmp_path / "idx")]) == ExitCode.INPUT
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "OCR is off (--ocr never)" in captured.out and "OCR is off (--ocr never)" in captured.err
    assert "pip install" not in said, said


@pytest.mark.parametrize("text, codec", [
    ("Ceci est un rapport écrit en latin-1, très ancien. ", "latin-1"),
    ("Die Bilanz für 2023 – Umsatz „gestiegen“ um 5 €. ", "cp1252"),
])
def test_a_western_legacy_file_is_told_cp1252_not_gb18030(text: str, codec: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(codec) * 20)
    assert main(["pages", str(path)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert "pass --encoding cp1252" in err and "gb18030" not in err, err
    assert main(["pages", str(path), "--encoding", "cp1252", "--json"]) == 0  # the advice works


def test_the_readme_says_which_tests_need_the_shared_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import REPO, shared_pdfs

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    note = next(p for p in readme.split("\n\n") if "../shared/pdfs/" in p)
    assert "skip" in note and "ESGQA_SHARED=" in note and "../shared/reports/" in note
    monkeypatch.delenv("ESGQA_SHARED_PDFS", raising=False)
    monkeypatch.setenv("ESGQA_SHARED", "/somewhere/shared")  # the one variable the note names
    assert shared_pdfs() == Path("/somewhere/shared/pdfs")
