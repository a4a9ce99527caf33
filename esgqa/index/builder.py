"""Build an index from documents, or reuse the one on disk when nothing that matters changed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from esgqa import __version__
from esgqa.errors import IndexError_, InputError, filesystem_error
from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.facts.store import fact_lines, write_facts
from esgqa.index import guard, store
from esgqa.index.dense import DenseIndex
from esgqa.index.encoders import Encoder, Vectors
from esgqa.index.lexical import LexicalIndex
from esgqa.index.location import MilvusTarget
from esgqa.index.reuse import Previous, chunk_key, reuse_vectors, source_stamp
from esgqa.ingest.chunking import ChunkingParams, chunk_documents
from esgqa.ingest.model import Chunk, Document
from esgqa.ingest.ocr import counts as ocr_counts
from esgqa.query.terms import TOKENIZER_ID, prepare, tokenize

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
NEW = "new index"  # the reason for a first build


@dataclass
class BuildReport:
    folder: Path | MilvusTarget
    reused: bool
    reason: str
    chunks: int
    seconds: dict[str, float]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why) of sources not indexed
    stale: list[str] = field(default_factory=list)  # leftovers of interrupted builds that could not be removed
    added: list[str] = field(default_factory=list)  # titles of reports new to the index
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded: int = 0  # chunks embedded by this build (the others kept their vectors)


def wanted_key(documents: list[Document], model_id: str, params: ChunkingParams) -> dict[str, object]:
    return {
        "format_version": store.FORMAT_VERSION,
        "model_id": model_id,
        "tokenizer_id": TOKENIZER_ID,
        "chunking": params.describe(),
        "doc_ids": sorted(d.doc_id for d in documents),
    }


def reuse_reason(folder: Path, key: dict[str, object]) -> str | None:
    """None when the index at `folder` can be reused as is; otherwise why it must be (re)built."""
    if not (folder / store.MANIFEST).exists():
        return NEW
    try:
        manifest = store.read_manifest(folder)
        guard.verify(folder, manifest)
    except IndexError_ as exc:
        return f"the old index is unusable ({exc})"
    have = manifest.config_key()
    for name in ("format_version", "model_id", "tokenizer_id", "chunking", "doc_ids"):
        if have[name] != key[name]:
            return f"{name.replace('_', ' ')} changed"
    return None


def build_index(
    documents: list[Document],
    folder: Path,
    encoder: Encoder,
    params: ChunkingParams | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    previous: Previous | None = None,
) -> BuildReport:
    """Build (or reuse) the index at `folder`; `previous` holds what an older index of this folder can keep:
    unchanged chunks keep their vectors, unchanged reports their facts."""
    params = params or ChunkingParams()
    previous = previous or Previous()
    reason = "rebuild requested" if rebuild else reuse_reason(folder, wanted_key(documents, encoder.model_id, params))
    if reason is None:
        manifest = store.read_manifest(folder)
        return BuildReport(folder, True, "up to date", manifest.counts.get("chunks", 0), {})
    log.info("building index at %s: %s", folder, reason)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    chunks = [chunk for document in documents
              for chunk in previous.chunks.get(document.doc_id) or chunk_documents([document], params)]
    if not chunks:  # the sources are at fault, not an index: exit 3 with what to look at
        raise InputError("nothing to index: no page of the sources has text beyond running headers and footers "
                         "(`esgqa pages SOURCE` shows what was read)")
    seconds["chunk"] = time.perf_counter() - start

    start = time.perf_counter()
    texts = [c.text for c in chunks]
    vectors, missing = reuse_vectors(previous, texts, encoder.dim) if previous.vectors else \
        (np.zeros((len(texts), encoder.dim), dtype=np.float32), list(range(len(texts))))
    if missing:
        report = (lambda done, total: progress("embedding", done, total)) if progress else None
        vectors[missing] = embed_texts([texts[i] for i in missing], encoder, report)
    seconds["embed"] = time.perf_counter() - start

    start = time.perf_counter()
    keys = [chunk_key(t) for t in texts]
    tokens = [previous.tokens.get(key) or tokenize(text) for key, text in zip(keys, texts, strict=True)]
    prepared = [previous.prepared.get(key) or prepare(text) for key, text in zip(keys, texts, strict=True)]
    lexical = LexicalIndex.build(texts, tokens)
    dense = DenseIndex.build(vectors)
    del vectors  # FAISS holds its own copy: 178 MB at 100 reports, freed before the facts are read
    seconds["index"] = time.perf_counter() - start

    start = time.perf_counter()
    # stored lines, not Fact objects: a shelf's facts as objects were the largest part of a build's memory
    facts: list[Fact | str] = [line for document in documents
                               for line in previous.facts.get(document.doc_id) or fact_lines(document_facts(document))]
    seconds["facts"] = time.perf_counter() - start

    start = time.perf_counter()
    stale = [str(path) for path in store.clean_stale_siblings(folder)]
    try:
        _write(folder, documents, chunks, facts, dense, lexical, encoder, params, previous, prepared, tokens)
    except OSError as exc:
        raise filesystem_error("write the index", folder, exc) from None
    seconds["write"] = time.perf_counter() - start
    return BuildReport(folder, False, reason, len(chunks), seconds, stale=stale, embedded=len(missing))


def embed_texts(texts: list[str], encoder: Encoder, progress: Callable[[int, int], None] | None = None,
                batch: int = 64) -> Vectors:
    """The vectors of `texts`, in batches, saying how many are done after each."""
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for offset in range(0, len(texts), batch):
        vectors[offset: offset + batch] = encoder.encode(texts[offset: offset + batch], batch_size=batch)
        if progress:
            progress(min(offset + batch, len(texts)), len(texts))
    return vectors


def _write(folder: Path, documents: list[Document], chunks: list[Chunk], facts: list[Fact | str], dense: DenseIndex,
           lexical: LexicalIndex, encoder: Encoder, params: ChunkingParams, previous: Previous,
           prepared: list[str], tokens: list[list[str]]) -> None:
    metadata = previous.metadata
    with store.atomic_folder(folder) as staging:
        dense.save(staging / store.DENSE)
        lexical.save(staging / store.LEXICAL)
        store.write_chunks(staging, chunks, prepared, tokens)
        store.write_pages(staging, documents, previous.page_forms)
        write_facts(staging / store.FACTS, facts)
        manifest = store.Manifest(
            format_version=store.FORMAT_VERSION,
            model_id=encoder.model_id,
            dim=encoder.dim,
            tokenizer_id=TOKENIZER_ID,
            chunking=params.describe(),
            documents=[{"doc_id": d.doc_id, "title": d.title, "source": _absolute(d.source),
                        "stamp": source_stamp(Path(d.source)), "page_count": d.page_count, **ocr_counts(d.pages),
                        **(metadata.get(d.doc_id) or report_metadata(d))} for d in documents],
            counts={"documents": len(documents), "pages": sum(d.page_count for d in documents),
                    "chunks": len(chunks), "facts": len(facts)},
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            esgqa_version=__version__,
            extra={guard.SIZES: guard.file_sizes(staging)},
        )
        store.write_manifest(staging, manifest)  # last: a folder with a manifest is complete


def report_metadata(document: Document) -> dict[str, object]:
    """Who the report is about and its own period (read from the report): what a question's "阿里", "今年"
    and "2019年" are resolved against, and what picks one report on a shelf of several."""
    from dataclasses import asdict

    from esgqa.facts.context import find_periods
    from esgqa.facts.entity import detect_entity
    from esgqa.facts.period import report_period
    from esgqa.ingest.normalize import normalize

    prose = [page.prose for page in document.pages]
    keys = [p.key for text in prose for p in find_periods(normalize(text).text)]
    period = report_period([page.text for page in document.pages[:6]], keys)
    return {"entity": detect_entity(prose, document.title, document.source).to_dict(), "period": asdict(period)}


def _absolute(source: str) -> str:
    """Sources are recorded absolute, so a rebuild from the manifest works from any folder."""
    path = Path(source)
    return str(path.resolve()) if path.exists() else source
