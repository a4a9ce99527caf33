"""The index on disk: a folder of named files plus a manifest, written atomically.

    manifest.json   format version, model id and dimension, tokenizer id, chunking, documents and hashes
    chunks.jsonl    one chunk per line (doc_id, page, chunk_id, start, end, text), row i = FAISS id i
    pages.jsonl     every page as extracted, its prose and tables, for grounding checks and the page viewer
    facts.jsonl     every figure as a fact (esgqa.facts): value, unit, period, label, scope, page, cell
    dense.faiss     FAISS index of the chunk vectors
    lexical/        bm25s arrays and vocabulary (numpy, allow_pickle=False)

A build writes into a temporary sibling folder and renames it into place, so an interrupted build never
leaves a half-written index and never destroys the previous good one.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from esgqa.errors import IndexError_, filesystem_error
from esgqa.facts.model import Fact
from esgqa.ingest.model import Chunk, Document, Page, table_from_dict, table_to_dict

FORMAT_VERSION = 10
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
PAGES = "pages.jsonl"
FACTS = "facts.jsonl"
DENSE = "dense.faiss"
LEXICAL = "lexical"
TOKENS = "tokens.jsonl"  # each chunk's lexical tokens: an update re-tokenises only new text (optional file)
REQUIRED_FILES = (MANIFEST, CHUNKS, PAGES, FACTS, DENSE, LEXICAL)
BUILDING = "building"
OLD = "old"
STALE_SECONDS = 24 * 3600  # a staging folder of a process we cannot see is stale after a day


def rebuild_hint(folder: Path) -> str:
    """The command that fixes a broken index, naming the folder (the sources are the user's to give)."""
    return f"rebuild it with `esgqa index --rebuild --index {folder} SOURCE...`"


@dataclass
class Manifest:
    format_version: int
    model_id: str
    dim: int
    tokenizer_id: str
    chunking: dict[str, int]
    documents: list[dict[str, Any]]  # doc_id, title, source, page_count
    counts: dict[str, int]
    created: str
    esgqa_version: str
    extra: dict[str, Any] = field(default_factory=dict)

    def config_key(self) -> dict[str, Any]:
        """What decides whether an index can be reused for a request."""
        return {
            "format_version": self.format_version,
            "model_id": self.model_id,
            "tokenizer_id": self.tokenizer_id,
            "chunking": self.chunking,
            "doc_ids": sorted(d["doc_id"] for d in self.documents),
        }


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise IndexError_(f"{folder}: no such index folder; build it with `esgqa index --index {folder} SOURCE...`")
    if not path.exists():
        raise IndexError_(f"{folder}: not an esgqa index (no {MANIFEST}); build it with "
                          f"`esgqa index --index {folder} SOURCE...`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexError_(f"{path}: corrupt manifest ({exc}); {rebuild_hint(folder)}") from None
    version = data.get("format_version") if isinstance(data, dict) else None
    if version != FORMAT_VERSION:
        raise IndexError_(f"{folder}: index format {version!r}, this esgqa reads format {FORMAT_VERSION}; "
                          f"{rebuild_hint(folder)}")
    try:
        return Manifest(**data)
    except TypeError as exc:
        raise IndexError_(f"{path}: corrupt manifest ({exc}); {rebuild_hint(folder)}") from None


def check_files(folder: Path) -> None:
    missing = [name for name in REQUIRED_FILES if not (folder / name).exists()]
    if missing:
        raise IndexError_(f"{folder}: broken index, missing {', '.join(missing)}; {rebuild_hint(folder)}")


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Written to a temporary file and renamed: a reader never sees half a manifest."""
    temporary = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)


def write_chunks(folder: Path, chunks: list[Chunk], prepared: list[str] | None = None,
                 tokens: list[list[str]] | None = None) -> None:
    """Each chunk with its search form, so loading an index never re-normalises the corpus; with `tokens`,
    each chunk's lexical tokens in `tokens.jsonl`."""
    from esgqa.query.terms import prepare

    with (folder / CHUNKS).open("w", encoding="utf-8") as handle:
        for i, chunk in enumerate(chunks):
            row = {"doc_id": chunk.doc_id, "page": chunk.page, "chunk_id": chunk.chunk_id,
                   "start": chunk.start, "end": chunk.end, "text": chunk.text,
                   "prepared": prepared[i] if prepared is not None else prepare(chunk.text),
                   **({"table": int(chunk.meta["table"])} if "table" in chunk.meta else {}),
                   **({"ocr": True} if chunk.meta.get("ocr") else {})}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if tokens is not None:
        with (folder / TOKENS).open("w", encoding="utf-8") as handle:
            for row_tokens in tokens:
                handle.write(json.dumps(row_tokens, ensure_ascii=False) + "\n")


def read_tokens(folder: Path) -> list[list[str]] | None:
    """Each chunk's tokens, or None when the index has no (readable) token file. Tokens are interned: a
    shelf's 7.6M tokens are a few hundred thousand distinct words (650 MiB as separate strings, 77 interned)."""
    try:
        with (folder / TOKENS).open(encoding="utf-8") as handle:
            return [[sys.intern(token) for token in json.loads(line)] for line in handle]
    except (OSError, ValueError):
        return None


def read_chunks(folder: Path) -> tuple[list[Chunk], list[str]]:
    """The chunks in FAISS id order, and each one's prepared (search-normalised) text."""
    chunks: list[Chunk] = []
    prepared: list[str] = []
    try:
        with (folder / CHUNKS).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                meta = {"table": str(row["table"])} if "table" in row else {}
                if row.get("ocr"):
                    meta["ocr"] = "1"
                chunks.append(Chunk(row["doc_id"], row["page"], row["chunk_id"], row["start"], row["end"],
                                    row["text"], meta))
                prepared.append(row["prepared"])
    except (OSError, ValueError, KeyError) as exc:
        raise IndexError_(f"{folder / CHUNKS}: corrupt ({type(exc).__name__}); {rebuild_hint(folder)}") from None
    return chunks, prepared


def write_pages(folder: Path, documents: list[Document], known: dict[tuple[str, int], str] | None = None) -> None:
    """Each page as extracted (for display), its prose and tables (what was indexed), and the search form of
    what was indexed (for number look-ups and grounding without re-normalising); `known` holds search forms
    already computed, by (doc_id, page)."""
    from esgqa.query.terms import prepare

    known = known or {}
    with (folder / PAGES).open("w", encoding="utf-8") as handle:
        for document in documents:
            for page in document.pages:
                prepared = known.get((document.doc_id, page.number)) or prepare(page.indexed_text())
                row = page_record(page, prepared, doc_id=document.doc_id)
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def page_record(page: Page, prepared: str, **extra: Any) -> dict[str, Any]:
    """A page as stored (both backends): as extracted, what was indexed, and its search form."""
    row: dict[str, Any] = {**extra, "page": page.number, "text": page.text, "has_text": page.has_text_layer,
                           "prepared": prepared}
    if page.body is not None:
        row["body"] = page.body
    if page.tables:
        row["tables"] = [table_to_dict(t) for t in page.tables]
    if page.ocr:
        row["ocr"] = True
    if page.warnings:
        row["warnings"] = list(page.warnings)
    return row


def page_from_record(row: dict[str, Any]) -> Page:
    tables = tuple(table_from_dict(t) for t in row.get("tables", ()))
    return Page(row["page"], row["text"], row["has_text"], tuple(row.get("warnings", ())), row.get("body"), tables,
                bool(row.get("ocr", False)))


def read_pages(folder: Path) -> tuple[dict[str, list[Page]], dict[tuple[str, int], str]]:
    """Pages per document, and each page's prepared (search-normalised) text."""
    pages: dict[str, list[Page]] = {}
    prepared: dict[tuple[str, int], str] = {}
    try:
        with (folder / PAGES).open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                page = page_from_record(row)
                pages.setdefault(row["doc_id"], []).append(page)
                prepared[(row["doc_id"], row["page"])] = row["prepared"]
    except (OSError, ValueError, KeyError) as exc:
        raise IndexError_(f"{folder / PAGES}: corrupt ({type(exc).__name__}); {rebuild_hint(folder)}") from None
    return pages, prepared


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _remove_tree(path: Path) -> bool:
    """Delete a folder even when its files were made read-only; False if it cannot be deleted."""
    def make_writable(function: Any, name: str, _exc: Any) -> None:
        os.chmod(os.path.dirname(name) or ".", 0o755)
        os.chmod(name, 0o755 if os.path.isdir(name) else 0o644)
        function(name)

    try:
        shutil.rmtree(path, onerror=make_writable)  # `onexc` needs Python 3.12
    except OSError:
        return False
    return not path.exists()


def stale_siblings(target: Path) -> list[Path]:
    """Folders an interrupted build (`.NAME.building-PID-*`) or a failed clean-up (`.NAME.old-PID`) left.

    A folder whose process is still running is a concurrent build's, never stale; one without a readable
    process id is stale after a day.
    """
    import time

    found: list[Path] = []
    for kind in (BUILDING, OLD):
        for path in target.parent.glob(f".{target.name}.{kind}-*"):
            pid_text = path.name.rsplit(f".{kind}-", 1)[1].split("-", 1)[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid():
                if not _pid_alive(int(pid_text)):
                    found.append(path)
            elif not pid_text.isdigit():
                try:
                    if time.time() - path.stat().st_mtime > STALE_SECONDS:
                        found.append(path)
                except OSError:
                    continue
    return sorted(found)


def clean_stale_siblings(target: Path) -> list[Path]:
    """Remove what `stale_siblings` finds; returns the folders that could not be removed."""
    return [path for path in stale_siblings(target) if not _remove_tree(path)]


def read_index_facts(folder: Path) -> list[Fact]:
    """The facts an index holds (built from its documents when it was indexed)."""
    from esgqa.facts.store import read_facts

    path = folder / FACTS
    if not path.exists():
        raise IndexError_(f"{folder}: no {FACTS} in this index; {rebuild_hint(folder)}")
    try:
        return list(read_facts(path))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexError_(f"{path}: corrupt ({type(exc).__name__}); {rebuild_hint(folder)}") from None


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a temporary folder next to `target`; on success swap it into place, on failure delete it.

    The staging folder's name carries this process's id, so the next build can tell a dead build's leftovers
    from a concurrent build's work in progress.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{BUILDING}-{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise filesystem_error("create the index folder", target, exc) from None
    try:
        yield staging
        backup = None
        try:
            if target.exists():
                backup = target.parent / f".{target.name}.{OLD}-{os.getpid()}"
                if backup.exists():
                    _remove_tree(backup)
                os.replace(target, backup)
            try:
                os.replace(staging, target)
            except OSError:
                if backup is not None:
                    os.replace(backup, target)
                raise
        except OSError as exc:
            raise filesystem_error("replace the index", target, exc) from None
        if backup is not None:
            _remove_tree(backup)
    finally:
        if staging.exists():
            _remove_tree(staging)
