"""The `esgqa` command line: data on stdout, one-line errors on stderr, documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from esgqa import __version__
from esgqa.cli.main import main
from esgqa.errors import ExitCode
from esgqa.ingest.normalize import compact
from tests.conftest import BUNDLED, MINI_REPORT


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "esgqa", *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"esgqa {__version__}"


def test_pages_json_on_the_bundled_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pages", str(BUNDLED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["page_count"] == 213 and len(data["pages"]) == 213
    assert set(data["pages"][0]) >= {"page", "chars", "has_text"}
    assert isinstance(data["doc_id"], str) and isinstance(data["title"], str)
    pages = BUNDLED.read_text(encoding="utf-8").split("\f")
    assert "运营净排放量（即范围1、2之和）为468.1万吨" in compact(pages[29])
    assert "P31" in pages[200] and "P33" in pages[200]
    assert data["pages"][29]["chars"] == len(pages[29].rstrip("\n")) or data["pages"][29]["chars"] > 0


def test_pages_reports_image_only_pages(pdfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pages", str(pdfs / "pdfminer_pdf-with-jbig2.pdf"), "--json", "--ocr", "never"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pages"][0]["has_text"] is False and data["pages"][0]["ocr"] is False


@pytest.mark.parametrize("args, code, message", [
    (["pages", "does-not-exist.pdf"], ExitCode.INPUT, "no such file"),
    (["pages", "pyproject.toml"], ExitCode.INPUT, "unsupported file type"),
    (["ask", ""], ExitCode.USAGE, "the question is empty"),
    (["ask", "？？？"], ExitCode.USAGE, "only punctuation"),
    (["ask"], ExitCode.USAGE, "give either a QUESTION or --questions FILE"),
    (["eval", "--retriever", "nope"], ExitCode.USAGE, "unknown retriever"),
])
def test_errors_are_one_line_with_exit_codes(args: list[str], code: ExitCode, message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == code
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_encrypted_pdf_exit_code_and_password(pdfs: Path, tmp_path: Path) -> None:
    path = str(pdfs / "pdfminer_aes-256.pdf")
    done = run_cli("index", path, "--index", str(tmp_path / "idx"))
    assert done.returncode == ExitCode.ENCRYPTED
    assert done.stderr.strip().endswith("the PDF is encrypted; pass --password PASSWORD")
    assert "Traceback" not in done.stderr and not (tmp_path / "idx").exists(), "nothing half-written"
    done = run_cli("pages", path, "--password", "foo", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["page_count"] == 1


def test_non_utf8_text_names_the_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Ceci est un rapport écrit en latin-1, très ancien. ".encode("latin-1") * 20)
    assert main(["pages", str(path)]) == ExitCode.INPUT
    assert "--encoding" in capsys.readouterr().err
    assert main(["pages", str(path), "--encoding", "latin-1", "--json"]) == 0


def test_a_failed_rebuild_keeps_the_existing_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "idx"
    assert main(["index", str(MINI_REPORT), "--index", str(folder)]) == 0
    before = (folder / "manifest.json").read_text(encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing")
    assert main(["index", str(broken), "--index", str(folder), "--rebuild"]) == ExitCode.INPUT
    assert (folder / "manifest.json").read_text(encoding="utf-8") == before


def test_index_then_ask_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "idx")
    assert main(["index", str(MINI_REPORT), "--index", folder, "--json"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["reused"] is False and built["chunks"] > 0
    assert main(["index", str(MINI_REPORT), "--index", folder, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reused"] is True
    assert main(["ask", "女性员工占比是多少？", "--index", folder, "--json", "-k", "3"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["abstained"] is False and "47.2%" in answer["answer"]
    assert len(answer["passages"]) == 3 and answer["citations"][0]["page"] == 3


def test_ask_explain_shows_what_was_weighed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "idx")
    assert main(["index", str(MINI_REPORT), "--index", folder]) == 0
    capsys.readouterr()
    assert main(["ask", "女性员工占比是多少？", "--index", folder, "--json"]) == 0
    assert "explain" not in json.loads(capsys.readouterr().out)  # only on request
    assert main(["ask", "What share of employees are women?", "--index", folder, "--json", "--explain"]) == 0
    answer = json.loads(capsys.readouterr().out)
    explained = answer["explain"]
    assert "女性" in explained["plan"]["expansions"] and explained["plan"]["english"] is True
    assert explained["abstention"]["has_value"] == 1.0
    numbers = explained["numbers"]
    assert numbers[0]["value"] == answer["value"] == "47.2%"
    assert [n["score"] for n in numbers] == sorted((n["score"] for n in numbers), reverse=True)
    assert len({n["value"] for n in numbers}) == len(numbers)  # one entry per figure
    from esgqa.qa.selector import NUMBER_FEATURES

    because = numbers[0]["because"]
    assert {name for name, _ in because} <= set(NUMBER_FEATURES) and "sentence_cover" in dict(because)
    assert [abs(v) for _, v in because] == sorted((abs(v) for _, v in because), reverse=True)
    assert main(["ask", "What share of employees are women?", "--index", folder, "--explain"]) == 0
    printed = capsys.readouterr().out
    assert "query terms:" in printed and "1. 47.2% [p. 3]" in printed


def test_batch_mode_reads_jsonl_or_plain_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "idx")
    assert main(["index", str(MINI_REPORT), "--index", folder]) == 0
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "女性员工占比是多少？"}\n\n公司的MSCI评级是多少？\n{"question": "  "}\n',
                         encoding="utf-8")
    capsys.readouterr()
    assert main(["ask", "--questions", str(questions), "--index", folder, "--jsonl"]) == ExitCode.PARTIAL
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [bool(line.get("abstained")) for line in lines[:2]] == [False, True]
    assert "error" in lines[2]


def test_ask_builds_the_bundled_index_on_first_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("esgqa.ingest.loader.bundled_report", lambda: MINI_REPORT)
    monkeypatch.setattr("esgqa.api.bundled_report", lambda: MINI_REPORT)
    folder = tmp_path / "fresh"
    monkeypatch.setenv("ESGQA_INDEX", str(folder))  # the default location, not an explicit --index
    assert main(["ask", "女性员工占比是多少？", "--json"]) == 0
    assert (folder / "manifest.json").exists()
    captured = capsys.readouterr()
    assert json.loads(captured.out)["citations"][0]["page"] == 3
    assert f"no index at {folder} yet: building it from the bundled report" in captured.err


@pytest.mark.parametrize("damage", ["typo", "no-manifest"])
def test_an_explicit_index_that_is_not_one_is_an_error_not_a_fresh_build(
        damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "idx"
    if damage == "no-manifest":
        assert main(["index", str(MINI_REPORT), "--index", str(folder)]) == 0
        (folder / "manifest.json").unlink()
        capsys.readouterr()
    assert main(["ask", "女性员工占比是多少？", "--index", str(folder)]) == ExitCode.INDEX
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(folder) in err and f"esgqa index --index {folder}" in err, err
    assert not (folder / "manifest.json").exists(), "nothing was built in its place"
    assert folder.exists() == (damage == "no-manifest")


def test_missing_index_folder_is_an_index_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "idx"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    assert main(["ask", "女性员工占比", "--index", str(folder)]) == ExitCode.INDEX
    assert "rebuild" in capsys.readouterr().err


def test_an_outdated_bundled_index_is_rebuilt_but_a_users_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("esgqa.api.bundled_report", lambda: MINI_REPORT)
    monkeypatch.setattr("esgqa.api.BUNDLED_REPORT", MINI_REPORT.name)
    folder = tmp_path / "idx"
    monkeypatch.setenv("ESGQA_INDEX", str(folder))  # only the default location is built or rebuilt unasked
    assert main(["index", str(MINI_REPORT), "--index", str(folder)]) == 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 0
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["ask", "女性员工占比是多少？", "--json"]) == 0
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["format_version"] > 0

    monkeypatch.setattr("esgqa.api.BUNDLED_REPORT", "some-other-report.txt")
    manifest["format_version"] = 0
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert main(["ask", "女性员工占比是多少？"]) == ExitCode.INDEX
    assert "index format 0" in capsys.readouterr().err


def test_ask_with_the_default_model_imports_neither_torch_nor_textual(mini_index: Path) -> None:
    code = ("import sys; from esgqa.cli.main import main; "
            f"rc = main(['-q', 'ask', '女性员工占比是多少？', '--index', {str(mini_index)!r}, '--json']); "
            "heavy = [m for m in ('torch', 'sentence_transformers', 'textual') if m in sys.modules]; "
            "print('HEAVY', heavy, rc, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert "HEAVY [] 0" in done.stderr, done.stderr
