"""Building and updating a shelf in Milvus, report by report.

A report whose source file is unchanged (size and modification time, as the manifest records them) is not read,
embedded or written again; a new or changed report is read, chunked, embedded and inserted; a report no longer
among the sources is deleted by its doc_id. Milvus has no transactions, so the manifest is the commit record:
readers see only the reports it lists, a build lists the reports it is about to write as `pending` before it
writes them, and the next build deletes whatever a build that died left of them.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from esgqa import __version__
from esgqa.errors import IndexError_, InputError
from esgqa.facts.build import document_facts
from esgqa.facts.store import to_record
from esgqa.index import store
from esgqa.index.builder import BuildReport, embed_texts, report_metadata
from esgqa.index.encoders import Encoder
from esgqa.index.location import MilvusTarget
from esgqa.index.milvus import client as mc
from esgqa.index.reuse import source_stamp
from esgqa.ingest.chunking import ChunkingParams, chunk_documents
from esgqa.ingest.model import Document
from esgqa.ingest.ocr import counts as ocr_counts
from esgqa.ingest.ocr import pending as ocr_pending
from esgqa.query.terms import TOKENIZER_ID, prepare, tokenize

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
BACKEND = "milvus"


def read_manifest(client: Any, target: MilvusTarget) -> store.Manifest | None:
    """The shelf's manifest; None when the database holds no esgqa index."""
    if mc.META not in mc.existing(client):
        return None
    found = mc.get_records(client, mc.META, [mc.MANIFEST_KEY]).get(mc.MANIFEST_KEY)
    if found is None:
        return None
    try:
        data = json.loads(found)
        manifest = store.Manifest(**data)
    except (ValueError, TypeError) as exc:
        raise IndexError_(f"{target}: corrupt manifest ({type(exc).__name__}); rebuild it with "
                          f"`esgqa index --rebuild --index {target} SOURCE...`") from None
    if manifest.format_version != store.FORMAT_VERSION or manifest.extra.get("layout") != mc.LAYOUT:
        raise IndexError_(f"{target}: index format {manifest.format_version!r}.{manifest.extra.get('layout')!r}, "
                          f"this esgqa reads format {store.FORMAT_VERSION}.{mc.LAYOUT}; rebuild it with "
                          f"`esgqa index --rebuild --index {target} SOURCE...`")
    return manifest


def write_manifest(client: Any, manifest: store.Manifest) -> None:
    mc.put_records(client, mc.META, [(mc.MANIFEST_KEY, "", json.dumps(asdict(manifest), ensure_ascii=False))])


def held_reports(manifest: store.Manifest | None) -> dict[str, str]:
    """Source path -> title of each report the shelf holds."""
    return {os.path.abspath(str(d.get("source", ""))): str(d.get("title", d.get("doc_id", "")))
            for d in (manifest.documents if manifest else [])}


def unchanged(manifest: store.Manifest | None, files: list[Path], key: dict[str, object],
              ocr: str) -> dict[str, dict[str, Any]]:
    """The manifest entries of `files` that need no reading: same configuration, same size and time, no page
    that OCR would now read. Keyed by absolute source path."""
    if manifest is None:
        return {}
    have = manifest.config_key()
    if any(have[name] != key[name] for name in ("format_version", "model_id", "tokenizer_id", "chunking")):
        return {}
    wanted = {os.path.abspath(p) for p in files}
    out: dict[str, dict[str, Any]] = {}
    for entry in manifest.documents:
        source = os.path.abspath(str(entry.get("source", "")))
        stamp = entry.get("stamp")
        if source in wanted and stamp and source_stamp(Path(source)) == stamp \
                and not ocr_pending(entry, int(str(entry.get("page_count", 0))), ocr):
            out[source] = entry
    return out


def new_manifest(model_id: str, dim: int, params: ChunkingParams, entries: list[dict[str, Any]],
                 pending: list[str]) -> store.Manifest:
    return store.Manifest(
        format_version=store.FORMAT_VERSION, model_id=model_id, dim=dim, tokenizer_id=TOKENIZER_ID,
        chunking=params.describe(), documents=entries,
        counts={"documents": len(entries), "pages": sum(int(e.get("page_count", 0)) for e in entries),
                "chunks": sum(int(e.get("chunks", 0)) for e in entries),
                "facts": sum(int(e.get("facts", 0)) for e in entries)},
        created=datetime.now(UTC).isoformat(timespec="seconds"), esgqa_version=__version__,
        extra={"backend": BACKEND, "layout": mc.LAYOUT, "pending": pending})


def write_shelf(client: Any, target: MilvusTarget, keep: list[dict[str, Any]], documents: list[Document],
                encoder: Encoder, params: ChunkingParams, manifest: store.Manifest | None, rebuild: bool,
                progress: Progress | None = None) -> BuildReport:
    """Make the shelf hold the reports `keep` (manifest entries, untouched) and `documents` (written now)."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    fresh = rebuild or manifest is None or manifest.config_key()["model_id"] != encoder.model_id \
        or manifest.chunking != params.describe() or manifest.tokenizer_id != TOKENIZER_ID
    if fresh:
        mc.drop(client)
        mc.create(client, encoder.dim)
        manifest = None
    kept_ids = {str(e["doc_id"]) for e in keep}
    writing = [d for d in documents if d.doc_id not in kept_ids]
    old = manifest.documents if manifest else []
    doomed = [str(e["doc_id"]) for e in old if str(e["doc_id"]) not in kept_ids]
    doomed += [str(d) for d in (manifest.extra.get("pending", []) if manifest else [])]
    doomed += [d.doc_id for d in writing]
    write_manifest(client, new_manifest(encoder.model_id, encoder.dim, params, keep, [d.doc_id for d in writing]))
    for doc_id in dict.fromkeys(doomed):  # readers no longer see them: the manifest above does not list them
        mc.delete_report(client, doc_id)
    seconds["remove"] = time.perf_counter() - start
    entries = list(keep)
    chunk_total = sum(len(d.pages) for d in writing) or 1
    done = embedded = 0
    for document in writing:
        entry, count = _write_report(client, document, encoder, params, seconds, progress, done, chunk_total)
        done += len(document.pages)
        embedded += count
        entries.append(entry)
    start = time.perf_counter()
    final = new_manifest(encoder.model_id, encoder.dim, params, entries, [])
    write_manifest(client, final)  # last: the commit
    seconds["write"] = seconds.get("write", 0.0) + time.perf_counter() - start
    return BuildReport(target, False, "", final.counts["chunks"], seconds, embedded=embedded)


def _write_report(client: Any, document: Document, encoder: Encoder, params: ChunkingParams,
                  seconds: dict[str, float], progress: Progress | None, done: int, total: int) -> tuple[dict[str, Any],
                                                                                                       int]:
    """Insert one report's chunks, pages, facts and term frequencies; its manifest entry and chunks embedded."""
    start = time.perf_counter()
    chunks = chunk_documents([document], params)
    if not chunks:
        raise InputError(f"{document.source}: nothing to index: no page has text beyond running headers and "
                         f"footers (`esgqa pages SOURCE` shows what was read)")
    texts = [c.text for c in chunks]
    tokens = [tokenize(t) for t in texts]
    seconds["chunk"] = seconds.get("chunk", 0.0) + time.perf_counter() - start
    start = time.perf_counter()
    report = (lambda d, t: progress("embedding", done + round(len(document.pages) * d / max(t, 1)), total)) \
        if progress else None
    vectors = embed_texts(texts, encoder, report)
    seconds["embed"] = seconds.get("embed", 0.0) + time.perf_counter() - start
    start = time.perf_counter()
    facts = document_facts(document)
    seconds["facts"] = seconds.get("facts", 0.0) + time.perf_counter() - start
    start = time.perf_counter()
    rows_by_page: dict[int, list[int]] = {}
    batch: list[dict[str, Any]] = []
    for i, chunk in enumerate(chunks):
        row = mc.chunk_row(chunk.chunk_id)
        rows_by_page.setdefault(chunk.page, []).append(row)
        meta = {"start": chunk.start, "end": chunk.end, **({"table": int(chunk.meta["table"])}
                                                           if "table" in chunk.meta else {}),
                **({"ocr": True} if chunk.meta.get("ocr") else {})}
        batch.append({"row": row, "doc_id": chunk.doc_id, "page": chunk.page, "chunk_id": chunk.chunk_id,
                      "meta": json.dumps(meta), "text": mc.fit(chunk.text), "prepared": mc.fit(prepare(chunk.text)),
                      "tokens": mc.fit(" ".join(mc.term_id(t) for t in tokens[i])),
                      "vector": vectors[i].tolist()})
        if len(batch) >= mc.INSERT_BATCH:
            client.insert(mc.CHUNKS, batch)
            batch = []
    if batch:
        client.insert(mc.CHUNKS, batch)
    mc.put_records(client, mc.PAGES, ((f"{document.doc_id}:{page.number}", document.doc_id,
                                       json.dumps(store.page_record(page, prepare(page.indexed_text()),
                                                                    rows=rows_by_page.get(page.number, [])),
                                                  ensure_ascii=False)) for page in document.pages))
    by_page: dict[int, list[str]] = {}
    for fact in facts:
        by_page.setdefault(fact.page, []).append(json.dumps(to_record(fact), ensure_ascii=False))
    mc.put_records(client, mc.FACTS, ((f"{document.doc_id}:{page}", document.doc_id, "\n".join(lines))
                                      for page, lines in by_page.items()))
    postings: dict[str, list[int]] = {}
    for ordinal, row_tokens in enumerate(tokens):
        for term in dict.fromkeys(row_tokens):
            postings.setdefault(term, []).append(ordinal)
    mc.put_terms(client, document.doc_id, postings)
    frequencies = postings
    seconds["write"] = seconds.get("write", 0.0) + time.perf_counter() - start
    latin = sum(1 for t in frequencies if t[:1].isascii() and t[:1].isalpha())
    cjk = sum(1 for t in frequencies if "\u4e00" <= t[:1] <= "\u9fff")
    entry = {"doc_id": document.doc_id, "title": document.title, "source": _absolute(document.source),
             "stamp": source_stamp(Path(document.source)), "page_count": document.page_count,
             **ocr_counts(document.pages), **report_metadata(document),
             "ocr_page_numbers": [p.number for p in document.pages if p.ocr],
             "chunks": len(chunks), "facts": len(facts), "terms": {"latin": latin, "cjk": cjk}}
    return entry, len(chunks)


def _absolute(source: str) -> str:
    path = Path(source)
    return str(path.resolve()) if path.exists() else source


__all__ = ["held_reports", "read_manifest", "unchanged", "write_manifest", "write_shelf"]
