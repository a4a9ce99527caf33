"""`esgqa index --index milvus:…`: bring a Milvus shelf in step with its sources.

What a build keeps, adds and drops follows the folder backend (esgqa.index.shelf); what it writes is only
the reports that are new or changed (esgqa.index.milvus.write). Builds of one Milvus Lite file are
serialised by the same advisory lock as a folder's; a server's builds are not (docs/scale.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from esgqa.errors import EsgqaError, InputError
from esgqa.index import guard, store
from esgqa.index.builder import NEW, BuildReport, wanted_key
from esgqa.index.encoders import load_encoder
from esgqa.index.location import MilvusTarget
from esgqa.index.milvus import client as mc
from esgqa.index.milvus.write import held_reports, read_manifest, unchanged, write_shelf
from esgqa.index.reuse import source_stamp
from esgqa.index.shelf import requested_sources
from esgqa.ingest.chunking import ChunkingParams
from esgqa.ingest.loader import bundled_report, expand_sources, load_sources

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


def ensure_milvus(target: MilvusTarget, sources: list[Path] | None, model: str, model_id: str,
                  params: ChunkingParams, rebuild: bool, password: str | None, encoding: str | None,
                  progress: Progress | None, ocr: str, add: bool, say: Callable[[str], None]) -> BuildReport:
    """Build or update the shelf at `target` (see esgqa.api.ensure_index for what `sources` and `add` mean)."""
    client = mc.connect(target)
    lock = guard.build_lock(Path(target.uri), say) if target.lite else contextlib.nullcontext()
    with lock:
        manifest = _manifest(client, target, rebuild or bool(sources))
        requested, dropped = requested_sources(str(target), sources, add, rebuild, lambda: held_reports(manifest),
                                               lambda: _recorded(manifest, target))
        files = list(expand_sources(requested))
        keep = {} if rebuild else unchanged(manifest, files, wanted_key([], model_id, params), ocr)
        held = held_reports(manifest)
        if manifest is not None and not rebuild and set(keep) == set(held) == {os.path.abspath(p) for p in files}:
            titles = [str(e.get("title", "")) for e in keep.values()]
            return BuildReport(target, True, "up to date", manifest.counts.get("chunks", 0), {}, unchanged=titles)
        if dropped:
            say(f"replacing the reports of the index at {target}: {len(dropped)} not among the sources will be "
                f"removed ({', '.join(dropped)}); pass --add to keep them")
        reading = (lambda done, total: progress("reading", done, total)) if progress else None
        to_read = [p for p in files if os.path.abspath(p) not in keep]
        loaded = load_sources(to_read, password=password, encoding=encoding, ocr=ocr, progress=reading) \
            if to_read else None
        documents = loaded.documents if loaded else []
        if manifest is not None and not rebuild and manifest.model_id == model_id \
                and manifest.chunking == params.describe():
            old = {str(e["doc_id"]): e for e in manifest.documents}
            for document in documents:  # touched but unchanged: kept as it is, with its new stamp
                if document.doc_id in old:
                    keep[os.path.abspath(document.source)] = {**old[document.doc_id],
                                                              "stamp": source_stamp(Path(document.source))}
        if not documents and not keep:
            raise InputError("nothing to index: no source could be read")
        encoder = load_encoder(model)
        report = write_shelf(client, target, list(keep.values()), documents, encoder, params, manifest, rebuild,
                             progress)
    report.reason = "rebuild requested" if rebuild else NEW if manifest is None else "reports changed"
    report.skipped = [(str(path), str(error)) for path, error in loaded.failures] if loaded else []
    ids = {str(e["doc_id"]) for e in keep.values()} | {d.doc_id for d in documents}
    before = {str(e["doc_id"]): str(e.get("title", "")) for e in (manifest.documents if manifest else [])}
    report.added = [d.title for d in documents if d.doc_id not in before]
    report.unchanged = [t for doc_id, t in before.items() if doc_id in ids]
    report.removed = [t for doc_id, t in before.items() if doc_id not in ids]
    return report


def _manifest(client: Any, target: MilvusTarget, replace: bool) -> store.Manifest | None:
    """The shelf's manifest; when the build is given its sources, an unreadable or outdated one counts as none
    (the build replaces the shelf, as a folder build replaces an unusable folder)."""
    try:
        return read_manifest(client, target)
    except EsgqaError as exc:
        if replace:
            log.info("%s cannot be updated in place (%s); building it anew", target, exc)
            return None
        raise


def _recorded(manifest: store.Manifest | None, target: MilvusTarget) -> list[Path]:
    """The sources the shelf was built from, else the bundled report for a new one."""
    if manifest is None:
        return [bundled_report()]
    recorded = [Path(str(d.get("source", ""))) for d in manifest.documents]
    missing = [str(p) for p in recorded if not p.exists()]
    if missing:
        raise InputError(f"{target} was built from {', '.join(missing)}, which no longer exists; "
                         f"give the sources: `esgqa index --index {target} SOURCE...`")
    return recorded


__all__ = ["ensure_milvus"]
