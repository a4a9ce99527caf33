"""The index on Milvus (Milvus Lite, embedded): built, searched and answered from like a folder index (adding
and removing reports: test_incremental_index.py, on both backends); a build that dies leaves the last good
shelf; bad locations are one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="the Milvus backend needs `pip install 'esgqa[milvus]'`")

from esgqa.api import Engine, ensure_index
from esgqa.errors import ExitCode, IndexError_, UsageError
from esgqa.index.location import MilvusTarget, parse_milvus, resolve_location
from tests.conftest import BUNDLED, MINI_REPORT, shelf

QUESTIONS = ["自建数据中心的PUE是多少？", "女性员工占比是多少？", "What share of employees are women?",
             "温室气体排放总量是多少？", "公益投入多少？"]




@pytest.fixture(scope="module")
def mini_milvus(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = f"milvus:{tmp_path_factory.mktemp('milvus') / 'mini.db'}"
    ensure_index(location, sources=[MINI_REPORT])
    return location


def test_locations_name_a_backend() -> None:
    lite = parse_milvus("milvus:/tmp/shelf.db")
    assert isinstance(lite, MilvusTarget) and lite.lite and lite.uri == "/tmp/shelf.db"
    server = resolve_location("milvus://milvus.internal:19530/esg")
    assert isinstance(server, MilvusTarget) and not server.lite
    assert (server.uri, server.db_name) == ("http://milvus.internal:19530", "esg")
    assert resolve_location("/tmp/folder") == Path("/tmp/folder")
    for bad in ("milvus:", "milvus:shelf", "milvus://host", "milvus://host:0", "milvus://host:19530/bad-name"):
        with pytest.raises(UsageError):
            parse_milvus(bad)


def test_both_backends_find_the_same_pages_and_figures(mini_milvus: str, mini_index: Path) -> None:
    folder, milvus = Engine.open(mini_index, build=False), Engine.open(mini_milvus, build=False)
    assert milvus.retriever.manifest.counts == folder.retriever.manifest.counts
    for question in QUESTIONS:
        on_folder, on_milvus = folder.ask(question), milvus.ask(question)
        assert on_milvus.answer == on_folder.answer, question
        assert [c.page for c in on_milvus.citations] == [c.page for c in on_folder.citations], question
        top_milvus = [h.chunk.chunk_id for h in milvus.search(question, k=3)]
        top_folder = [h.chunk.chunk_id for h in folder.search(question, k=3)]
        assert top_milvus[0] == top_folder[0] and len(set(top_milvus) & set(top_folder)) >= 2, question


def test_pages_facts_and_chunks_read_back_as_written(mini_milvus: str, mini_index: Path) -> None:
    folder, milvus = Engine.open(mini_index, build=False).retriever, Engine.open(mini_milvus, build=False).retriever
    doc_id = str(folder.manifest.documents[0]["doc_id"])
    assert [p.text for p in milvus.pages[doc_id]] == [p.text for p in folder.pages[doc_id]]
    assert milvus.facts.of_document(doc_id) == folder.facts.of_document(doc_id)
    for page in range(1, len(folder.pages[doc_id]) + 1):
        assert milvus.chunks_of_page(doc_id, page) == folder.chunks_of_page(doc_id, page)
        assert milvus.prepared_page(doc_id, page) == folder.prepared_page(doc_id, page)
    first = folder.chunks_of_page(doc_id, 1)[0]
    assert milvus.chunk(first.chunk_id) == first and milvus.chunk("no-such-chunk") is None


def test_a_build_that_dies_leaves_the_last_good_shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports, location = tmp_path / "reports", f"milvus:{tmp_path / 'shelf.db'}"
    shelf(reports, ["甲"])
    good = ensure_index(location, sources=[reports])
    shelf(reports, ["乙"])
    import esgqa.index.milvus.write as write

    def dies(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "document_facts", dies)  # after the new report's chunks were inserted
    with pytest.raises(KeyboardInterrupt):
        ensure_index(location, sources=[reports])
    monkeypatch.undo()
    engine = Engine.open(location, build=False)
    assert [str(d["title"]) for d in engine.documents] == ["甲"]
    assert {h.chunk.doc_id for h in engine.search("乙科技集团 PUE", k=30)} <= {str(engine.documents[0]["doc_id"])}
    again = ensure_index(location, sources=[reports])
    assert again.added == ["乙"] and again.chunks == 2 * good.chunks
    engine = Engine.open(location, build=False)
    assert len(engine.search("科技集团 PUE", k=1000)) == engine.retriever.manifest.counts["chunks"]


def test_opening_what_is_not_an_index_is_an_index_error(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="no esgqa index there"):
        Engine.open(f"milvus:{tmp_path / 'empty.db'}", build=False)
    with pytest.raises(IndexError_, match="no such folder"):
        Engine.open(f"milvus:{tmp_path / 'missing' / 'x.db'}", build=False)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "esgqa", *args], capture_output=True, text=True, timeout=300,
                          check=False)


def test_cli_errors_are_one_line_with_their_exit_codes(tmp_path: Path) -> None:
    bad = run_cli("ask", "PUE是多少？", "--index", "milvus://host")
    assert bad.returncode == ExitCode.USAGE and len(bad.stderr.strip().splitlines()) == 1
    missing = run_cli("ask", "PUE是多少？", "--index", f"milvus:{tmp_path / 'none.db'}")
    assert missing.returncode == ExitCode.INDEX and len(missing.stderr.strip().splitlines()) == 1
    assert "esgqa index --index milvus:" in missing.stderr


def test_the_bundled_report_answers_the_pue_question_from_milvus(tmp_path: Path) -> None:
    location = f"milvus:{tmp_path / 'x.db'}"
    built = run_cli("index", str(BUNDLED), "--index", location)
    assert built.returncode == 0, built.stderr
    asked = run_cli("ask", "阿里巴巴2023财年自建数据中心的PUE是多少？", "--index", location, "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert "1.215" in str(answer["value"]) and answer["citations"][0]["page"] == 103


def test_a_record_larger_than_a_row_is_split_and_read_back_whole(tmp_path: Path) -> None:
    import random

    from esgqa.index.milvus import client as mc

    client = mc.connect(parse_milvus(f"milvus:{tmp_path / 'records.db'}"))  # type: ignore[arg-type]
    mc.create(client, 4)
    rng = random.Random(7)
    big = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(200_000))  # ~600 KB, barely compressible
    mc.put_records(client, mc.PAGES, [("d:1", "d", big), ("d:2", "d", "小")])
    found = mc.get_records(client, mc.PAGES, ["d:1", "d:2", "d:3"])
    assert found == {"d:1": big, "d:2": "小"}
    assert len(client.get(mc.PAGES, ids=[f"d:1#{n}" for n in range(40)])) > 1


def test_the_terminal_ui_backend_reads_a_milvus_index(mini_milvus: str, mini_index: Path) -> None:
    from esgqa.tui.backend import Backend

    on_milvus, on_folder = Backend.open(mini_milvus), Backend.open(str(mini_index))
    doc_id = on_folder.docs[0].doc_id
    assert [d.doc_id for d in on_milvus.docs] == [doc_id]
    assert on_milvus.page_count(doc_id) == on_folder.page_count(doc_id) > 0
    assert on_milvus.document(doc_id).pages == on_folder.document(doc_id).pages
    answer = on_milvus.ask(QUESTIONS[0])
    cited = answer.citations[0]
    chunk = on_milvus.chunk(cited.chunk_id)
    assert chunk is not None and chunk.page == cited.page
    assert on_milvus.page_text(doc_id, cited.page) == on_folder.page_text(doc_id, cited.page)
