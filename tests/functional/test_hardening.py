"""What a hostile newcomer tries: absurd options, a user's index, bad batch lines, a machine in the way.

Each test reproduces one failure seen from a fresh clone and holds the fix: a one-line error with its own
exit code, nothing built lost, nothing tracked rewritten.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from esgqa.cli.main import main
from esgqa.errors import ExitCode
from tests.conftest import MINI_REPORT

REPO = Path(__file__).resolve().parents[2]


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("args, message", [
    (["index", str(MINI_REPORT), "--chunk-size", "0"], "chunk size must be from 20"),
    (["index", str(MINI_REPORT), "--chunk-size", "-5"], "chunk size must be from 20"),
    (["index", str(MINI_REPORT), "--chunk-size", "100", "--chunk-overlap", "100"], "chunk overlap"),
    (["index", str(MINI_REPORT), "--chunk-overlap", "-1"], "chunk overlap"),
    (["eval", "--chunking", "0:0", "--no-save"], "chunk size must be from 20"),
    (["ask", "女性员工占比是多少？", "-k", "0"], "-k must be from 1 to 50"),
    (["ask", "女性员工占比是多少？", "-k", "100000"], "-k must be from 1 to 50"),
    (["check", str(MINI_REPORT), "--highlight-pages", "9-1"], "runs backwards"),
    (["check", str(MINI_REPORT), "--highlight-pages", "0"], "not a page range"),
    (["check", str(MINI_REPORT), "--highlight-pages", "1-99999999"], "not a page range"),
    (["check", str(MINI_REPORT), "--highlight-pages", "3-40"], "beyond the last page"),
    (["check", str(MINI_REPORT), "--numbers", "abc,,,%%%"], "'abc' is not a figure"),
    (["check", str(MINI_REPORT), "--numbers", "%%%"], "'%%%' is not a figure"),
])
def test_absurd_options_are_usage_errors(args: list[str], message: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*args[:1], *args[1:]] + (["--index", str(tmp_path / "i")] if args[0] == "index" else [])) \
        == ExitCode.USAGE
    assert message in one_line_error(capsys)
    assert not (tmp_path / "i").exists()


def test_numbers_with_thousands_separators_are_figures(capsys: pytest.CaptureFixture[str]) -> None:
    from esgqa.cli.check_cmd import figure_list

    assert figure_list("468.1万吨,49.1%，10,025,118.68; 1.215") == ["468.1万吨", "49.1%", "10,025,118.68", "1.215"]
    assert main(["check", str(MINI_REPORT), "--numbers", "45.6万吨,1,000", "--format", "json"]) == 0
    named = [row["text"] for row in json.loads(capsys.readouterr().out)["numbers"]]
    assert "45.6万吨" in " ".join(named)


def test_index_without_sources_rebuilds_from_the_manifest_not_the_bundled_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    report = tmp_path / "own_report.txt"
    report.write_text(MINI_REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["index", str(report), "--index", str(folder)]) == 0
    before = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
    for extra in ([], ["--rebuild"]):
        assert main(["index", "--index", str(folder), "--json", *extra]) == 0
        built = json.loads(capsys.readouterr().out)
        assert built["reused"] is (not extra)
        after = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["documents"]
        assert [d["doc_id"] for d in after] == [d["doc_id"] for d in before]
        assert after[0]["source"] == str(report.resolve())
    report.unlink()
    assert main(["index", "--index", str(folder), "--rebuild"]) == ExitCode.INPUT
    err = one_line_error(capsys)
    assert "no longer exists" in err and f"--index {folder}" in err
    assert (folder / "manifest.json").exists(), "the index is still there"


def test_a_broken_index_names_the_folder_in_its_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "idx"
    assert main(["index", str(MINI_REPORT), "--index", str(folder)]) == 0
    (folder / "dense.faiss").unlink()
    capsys.readouterr()
    assert main(["ask", "女性员工占比是多少？", "--index", str(folder)]) == ExitCode.INDEX
    assert f"esgqa index --rebuild --index {folder} SOURCE..." in one_line_error(capsys)


def test_folder_sources_report_every_skipped_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "good.txt").write_text(MINI_REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (shelf / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    (shelf / "empty.txt").write_text("", encoding="utf-8")
    assert main(["index", str(shelf), "--index", str(tmp_path / "idx"), "--json"]) == 0
    captured = capsys.readouterr()
    assert "skipped" in captured.err and "broken.pdf" in captured.err and "empty.txt" in captured.err
    skipped = json.loads(captured.out)["skipped"]
    assert sorted(Path(s["source"]).name for s in skipped) == ["broken.pdf", "empty.txt"]
    assert main(["index", str(shelf), "--index", str(tmp_path / "idx")]) == 0
    assert "2 source(s) skipped" in capsys.readouterr().err


def test_an_index_that_cannot_be_created_is_a_filesystem_error(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["index", str(MINI_REPORT), "--index", str(blocker / "idx")]) == ExitCode.FILESYSTEM
    assert "cannot create the index folder" in one_line_error(capsys)


def test_an_unwritable_index_parent_is_a_filesystem_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Permission bits do not stop root (CI runs as root), so the refusal is made by the file system call."""
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setenv("ESGQA_INDEX", str(tmp_path / "cache" / "index"))  # the default location, "unwritable"
    assert main(["index", str(MINI_REPORT)]) == ExitCode.FILESYSTEM
    assert "Permission denied" in one_line_error(capsys)


def test_write_baseline_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no-such-folder" / "baseline.json"
    assert main(["check", str(MINI_REPORT), "--write-baseline", str(target)]) == ExitCode.FILESYSTEM
    assert "cannot write the baseline" in capsys.readouterr().err


@pytest.mark.parametrize("content", ["[1, 2, 3]", '{"fingerprints": [{"a": 1}]}', '"text"', '["not-hex"]'])
def test_a_wrong_shaped_baseline_is_rejected(content: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    assert main(["check", str(MINI_REPORT), "--baseline", str(path)]) == ExitCode.INPUT
    assert "not a baseline file" in one_line_error(capsys)


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def test_leftovers_of_killed_builds_are_removed_but_a_live_build_is_not(tmp_path: Path) -> None:
    from esgqa.api import ensure_index

    folder = tmp_path / "idx"
    ensure_index(folder, sources=[MINI_REPORT])
    dead = _dead_pid()
    half = tmp_path / f".idx.building-{dead}-x1y2"  # what kill -9 during the write phase leaves
    half.mkdir()
    (half / "chunks.jsonl").write_text("{}", encoding="utf-8")
    old = tmp_path / f".idx.old-{dead}"  # what a clean-up that failed on a read-only index leaves
    (old / "lexical").mkdir(parents=True)
    (old / "lexical" / "data.npy").write_bytes(b"x")
    for path in (old / "lexical" / "data.npy", old / "lexical", old):
        path.chmod(0o555 if path.is_dir() else 0o444)
    live = tmp_path / f".idx.building-{os.getppid()}-zz"  # a concurrent build in progress
    live.mkdir()
    report = ensure_index(folder, sources=[MINI_REPORT], rebuild=True)
    assert not half.exists() and not old.exists() and live.exists()
    assert report.stale == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["idx", ".idx.lock", live.name])  # the build lock


def test_a_bad_batch_line_gets_its_own_error_and_the_rest_are_answered(
        mini_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ['{"question": "女性员工占比是多少？"}', "{not json", '{"question": 123}', '{"q": "x"}',
             '{"question": "  "}', "清洁电力使用比例是多少？"]
    path = tmp_path / "q.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8"))  # a UTF-8 BOM
    assert main(["ask", "--questions", str(path), "--index", str(mini_index), "--jsonl"]) == ExitCode.PARTIAL
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert len(rows) == 6
    assert rows[0]["value"] == "47.2%" and rows[5]["question"] == "清洁电力使用比例是多少？"
    assert [r.get("line") for r in rows[1:5]] == [2, 3, 4, 5]
    assert "invalid JSON" in rows[1]["error"] and rows[2]["question"] == 123 and "not text" in rows[2]["error"]
    assert "no 'question' field" in rows[3]["error"] and "empty" in rows[4]["error"]
    assert "4 of 6 lines could not be answered" in captured.err


def test_plain_text_not_found_prints_the_reason(mini_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "公司的MSCI ESG评级是什么？", "--index", str(mini_index)]) == 0
    out = capsys.readouterr().out
    assert "报告中未找到答案" in out and "why:" in out


def test_results_of_a_run_go_to_a_new_run_folder(tmp_path: Path) -> None:
    from esgqa.eval import report as reporting

    data = {"meta": {"commit": "abc"}, "runs": [], "questions": {"x": []}}
    first = reporting.save(data, tmp_path, full=False)
    second = reporting.save(data, tmp_path, full=False)
    assert first != second and (first / "results.json").exists() and (first / "summary.json").exists()
    assert not (tmp_path / "latest-eval.json").exists(), "a partial run never becomes the latest"
    reporting.save(data, tmp_path, full=True)
    assert "questions" not in json.loads((tmp_path / "latest-eval.json").read_text(encoding="utf-8"))


def test_running_the_tool_changes_no_tracked_file(mini_index: Path, tmp_path: Path) -> None:
    """ask, check, pages and a partial eval from inside the checkout leave `git status` as it was."""
    def status() -> str:
        return subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True,
                              check=False).stdout

    if subprocess.run(["git", "rev-parse"], cwd=REPO, capture_output=True, check=False).returncode:
        pytest.skip("not a git checkout")
    before = status()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for args in (["ask", "女性员工占比是多少？", "--index", str(mini_index)], ["check", str(MINI_REPORT)],
                 ["pages", str(MINI_REPORT)]):
        subprocess.run([sys.executable, "-m", "esgqa", "-q", *args], cwd=REPO, env=env, capture_output=True,
                       timeout=120, check=True)
    assert status() == before


def test_the_copy_fallback_goes_to_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from esgqa.tui import export

    monkeypatch.setattr(export, "clipboard_command", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    result = export.copy_text("Q: x\n")
    assert result.path is not None and result.path.parent == tmp_path / "data" / "esgqa"
    assert not (tmp_path / export.CLIPBOARD_FILE).exists()


def test_jieba_keeps_its_cache_in_the_user_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from esgqa.query.terms import _jieba, jieba_cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert jieba_cache_dir() == tmp_path / "cache" / "esgqa" / "jieba"
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder cannot be created
    private = jieba_cache_dir()
    assert private.is_dir() and (private.stat().st_mode & 0o077) == 0, "a private folder, not the shared /tmp"
    import tempfile

    assert Path(_jieba().dt.tmp_dir) != Path(tempfile.gettempdir())  # type: ignore[attr-defined]
