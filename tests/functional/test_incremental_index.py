"""A shelf of reports: adding, removing or changing one re-reads and re-embeds only that one, and a run with
nothing changed reads no report at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from esgqa.api import Engine, ensure_index
from esgqa.index import store
from tests.conftest import REPO, shelf


def _location(tmp_path: Path, backend: str) -> str:
    if backend == "milvus":
        pytest.importorskip("pymilvus", reason="the Milvus backend needs `pip install 'esgqa[milvus]'`")
        return f"milvus:{tmp_path / 'shelf.db'}"
    return str(tmp_path / "index")


@pytest.mark.parametrize("backend", ["folder", "milvus"])
def test_add_remove_and_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    reports, index = tmp_path / "reports", _location(tmp_path, backend)
    shelf(reports, ["甲", "乙"])
    first = ensure_index(index, sources=[reports])
    assert not first.reused and set(first.added) == {"甲", "乙"} and first.embedded == first.chunks

    shelf(reports, ["丙"])
    added = ensure_index(index, sources=[reports])
    per_report = first.chunks // 2
    assert added.added == ["丙"] and set(added.unchanged) == {"甲", "乙"} and added.embedded == per_report
    assert added.chunks == 3 * per_report

    import esgqa.ingest.loader as loader

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged report was read again")

    monkeypatch.setattr(loader, "load_document", no_reading)
    same = ensure_index(index, sources=[reports])
    assert same.reused and same.reason == "up to date"
    monkeypatch.undo()

    (reports / "乙.txt").unlink()
    removed = ensure_index(index, sources=[reports])
    assert removed.removed == ["乙"] and removed.embedded == 0 and removed.chunks == 2 * per_report
    engine = Engine.open(index, build=False)
    assert {str(d["title"]) for d in engine.documents} == {"丙", "甲"}
    kept = {str(d["doc_id"]) for d in engine.documents}
    hits = engine.search("乙科技集团 自建数据中心的PUE", k=20)
    assert hits and {h.chunk.doc_id for h in hits} <= kept


def test_a_changed_report_is_read_and_embedded_again_alone(tmp_path: Path) -> None:
    reports, index = tmp_path / "reports", tmp_path / "index"
    shelf(reports, ["甲", "乙"])
    ensure_index(index, sources=[reports])
    path = reports / "甲.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("1.215", "1.205"), encoding="utf-8")
    changed = ensure_index(index, sources=[reports])
    assert not changed.reused and changed.embedded == 3  # the three chunks that state 1.215, no other
    assert changed.added == ["甲"] and changed.removed == ["甲"] and changed.unchanged == ["乙"]


def test_an_interrupted_update_leaves_the_previous_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports, index = tmp_path / "reports", tmp_path / "index"
    shelf(reports, ["甲"])
    ensure_index(index, sources=[reports])
    before = (index / store.MANIFEST).read_text(encoding="utf-8")
    shelf(reports, ["乙"])
    import esgqa.index.builder as builder

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(builder.LexicalIndex, "build", broken)
    with pytest.raises(KeyboardInterrupt):
        ensure_index(index, sources=[reports])
    assert (index / store.MANIFEST).read_text(encoding="utf-8") == before
    store.check_files(index)
    shutil.rmtree(reports)


def test_ask_keeps_to_the_report_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from esgqa.cli.main import main
    from esgqa.errors import ExitCode

    reports, index = tmp_path / "reports", tmp_path / "index"
    shelf(reports, ["甲", "乙"])
    ensure_index(index, sources=[reports])
    doc_ids = {d["title"]: d["doc_id"] for d in store.read_manifest(index).documents}
    for name in ("乙", doc_ids["乙"][:6]):
        assert main(["-q", "ask", "自建数据中心的PUE是多少？", "--index", str(index), "--doc", name, "--json"]) == 0
        answer = json.loads(capsys.readouterr().out)
        assert {c["doc_id"] for c in answer["citations"]} == {doc_ids["乙"]}
        assert {p["doc_id"] for p in answer["passages"]} == {doc_ids["乙"]}
    assert main(["-q", "ask", "PUE?", "--index", str(index), "--doc", "丁"]) == ExitCode.USAGE
    assert "no report in the index" in capsys.readouterr().err


def test_answers_on_a_shelf_name_their_report_and_follow_the_company_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from esgqa.cli.main import main

    index = tmp_path / "index"
    sources = [REPO / "tests" / "data" / "tui_report.txt", REPO / "tests" / "data" / "tui_report_b.txt"]
    ensure_index(index, sources=sources)
    titles = {d["doc_id"]: d["title"] for d in store.read_manifest(index).documents}
    own = next(doc_id for doc_id, title in titles.items() if title == "tui report")
    assert main(["-q", "ask", "示例科技集团的女性员工占比是多少？", "--index", str(index), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["scope"]["reports"] == ["tui report"] and "示例科技" in answer["scope"]["because"]
    assert {p["doc_id"] for p in answer["passages"]} == {own}
    assert answer["reports"] == {own: "tui report"}
    for sentence in answer["sentences"]:
        assert f"[tui report, p. {sentence['page']}]" in answer["answer"]
    assert main(["-q", "ask", "示例物流公司的员工有多少名？", "--index", str(index), "--json"]) == 0
    assert "scope" not in json.loads(capsys.readouterr().out)
