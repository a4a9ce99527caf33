"""What an index can keep when a shelf of reports changes: the documents whose file is unchanged (read back from
the index, never re-parsed), their facts, and the vector of every chunk whose text is unchanged (never
re-embedded). A source is unchanged when its size and modification time are those the manifest records.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from esgqa.errors import IndexError_
from esgqa.facts.store import read_fact_lines
from esgqa.index import guard, store
from esgqa.index.dense import DenseIndex
from esgqa.index.encoders import Vectors
from esgqa.ingest.model import Chunk, Document, make_document
from esgqa.ingest.ocr import pending as ocr_pending

log = logging.getLogger(__name__)


def source_stamp(path: Path) -> dict[str, int] | None:
    """Size and modification time of a source file (None when it cannot be read)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return {"size": int(info.st_size), "mtime_ns": int(info.st_mtime_ns)}


def chunk_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass
class Previous:
    """The parts of an existing index that a rebuild can keep."""

    documents: dict[str, Document] = field(default_factory=dict)  # by absolute source path
    facts: dict[str, list[str]] = field(default_factory=dict)  # stored fact lines, by doc_id
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # by chunk text key
    metadata: dict[str, dict[str, object]] = field(default_factory=dict)  # by doc_id: entity and period
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)  # by doc_id, when the chunking is the same
    tokens: dict[str, list[str]] = field(default_factory=dict)  # by chunk text key
    prepared: dict[str, str] = field(default_factory=dict)  # chunk search forms, by chunk text key
    page_forms: dict[tuple[str, int], str] = field(default_factory=dict)  # page search forms
    titles: dict[str, str] = field(default_factory=dict)  # every report the old index held, by doc_id

    def vector(self, text: str) -> np.ndarray | None:
        return self.vectors.get(chunk_key(text))


def load_previous(folder: Path, model_id: str, chunking: dict[str, int] | None = None) -> Previous:
    """What of the index at `folder` is still good; empty when there is no usable index."""
    if not (folder / store.MANIFEST).exists():
        return Previous()
    try:
        manifest = store.read_manifest(folder)
        guard.verify(folder, manifest)
        if manifest.format_version != store.FORMAT_VERSION:
            return Previous()
        pages, page_forms = store.read_pages(folder)
        previous = Previous(page_forms=page_forms)
        for entry in manifest.documents:
            stamp, source = entry.get("stamp"), str(entry.get("source", ""))
            doc_id = str(entry["doc_id"])
            previous.titles[doc_id] = str(entry.get("title", doc_id))
            if "entity" in entry and "period" in entry:
                previous.metadata[doc_id] = {"entity": entry["entity"], "period": entry["period"]}
            if not stamp or doc_id not in pages or source_stamp(Path(source)) != stamp:
                continue
            document = make_document(str(entry["title"]), source, pages[doc_id])
            if document.doc_id == doc_id:
                previous.documents[os.path.abspath(source)] = document
        previous.facts = read_fact_lines(folder / store.FACTS)
        chunks, forms = store.read_chunks(folder)
        keys = [chunk_key(c.text) for c in chunks]
        previous.prepared = dict(zip(keys, forms, strict=True))
        tokens = store.read_tokens(folder)
        if tokens is not None and len(tokens) == len(chunks):
            previous.tokens = dict(zip(keys, tokens, strict=True))
        if chunking is not None and manifest.chunking == chunking:
            for chunk in chunks:
                previous.chunks.setdefault(chunk.doc_id, []).append(chunk)
        if manifest.model_id == model_id:
            vectors = DenseIndex.load(folder / store.DENSE).vectors()
            if len(vectors) == len(chunks):
                previous.vectors = {key: vectors[i] for i, key in enumerate(keys)}
        return previous
    except (IndexError_, OSError, ValueError, KeyError, RuntimeError) as exc:
        log.info("the old index cannot be reused in part (%s); building from scratch", exc)
        return Previous()


def up_to_date(folder: Path, sources: list[Path], key: dict[str, object], ocr: str = "auto") -> bool:
    """Nothing to do, decided from the manifest and the files' sizes and times alone (no report is read):
    also no report has pages that OCR would now read (`esgqa.ingest.ocr.pending`)."""
    try:
        manifest = store.read_manifest(folder)
        guard.verify(folder, manifest)  # a deleted or truncated file: rebuilt, never "up to date"
    except IndexError_:
        return False
    have = manifest.config_key()
    if any(have[name] != key[name] for name in ("format_version", "model_id", "tokenizer_id", "chunking")):
        return False
    if any(ocr_pending(d, int(str(d.get("page_count", 0))), ocr) for d in manifest.documents):
        return False
    recorded = {os.path.abspath(str(d.get("source", ""))): d.get("stamp") for d in manifest.documents}
    wanted = {os.path.abspath(p) for p in sources}
    return wanted == set(recorded) and all(stamp and source_stamp(Path(p)) == stamp for p, stamp in recorded.items())


def reuse_vectors(previous: Previous, texts: list[str], dim: int) -> tuple[Vectors, list[int]]:
    """Vectors for `texts` where the old index has them, and the positions still to embed."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    missing: list[int] = []
    for i, text in enumerate(texts):
        vector = previous.vector(text)
        if vector is not None and vector.shape[0] == dim:
            out[i] = vector
        else:
            missing.append(i)
    return out, missing


__all__ = ["Previous", "chunk_key", "load_previous", "reuse_vectors", "source_stamp", "up_to_date"]
