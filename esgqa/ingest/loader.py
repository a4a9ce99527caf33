"""One entry point for every kind of source: a PDF, a text file, or a folder of reports."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from esgqa.errors import EsgqaError, InputError
from esgqa.ingest.model import Document
from esgqa.ingest.ocr import counts as ocr_counts
from esgqa.ingest.ocr import hint
from esgqa.ingest.ocr import pending as ocr_pending
from esgqa.ingest.pdf import read_pdf_report
from esgqa.ingest.textfile import TEXT_SUFFIXES, read_text_report

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", *TEXT_SUFFIXES)
BUNDLED_REPORT = "alibaba_esg_fy2023.txt"


def bundled_corpus_dir() -> Path:
    """The repository's corpus/ folder (the package is installed from a checkout)."""
    return Path(__file__).resolve().parents[2] / "corpus"


def bundled_report() -> Path:
    path = bundled_corpus_dir() / BUNDLED_REPORT
    if not path.exists():
        raise InputError(f"the bundled report is missing at {path}; pass a SOURCE instead")
    return path


def load_document(
    path: Path,
    password: str | None = None,
    encoding: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    ocr: str = "auto",
) -> Document:
    """Read one report (`ocr`: `esgqa.ingest.ocr.MODES`). Raises InputError/EncryptedError with a one-line
    message."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; pass it as a source to index all reports in it")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf_report(path, password=password, progress=progress, ocr=ocr)
    if suffix in TEXT_SUFFIXES:
        return read_text_report(path, encoding=encoding)
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise InputError(f"{path}: unsupported file type '{suffix or path.name}' (supported: {supported})")


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    failures: list[tuple[Path, EsgqaError]] = field(default_factory=list)


def expand_sources(sources: Iterable[Path]) -> list[Path]:
    """Folders become the supported files inside them (sorted, recursive); files stay as given."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise InputError(f"{source}: the folder holds no supported reports ({', '.join(SUPPORTED_SUFFIXES)})")
            files.extend(found)
        else:
            files.append(source)
    return files


def load_sources(
    sources: Iterable[Path],
    password: str | None = None,
    encoding: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    need_text: bool = True,
    cached: dict[str, Document] | None = None,
    ocr: str = "auto",
) -> LoadResult:
    """Load every source. A bad file inside a folder is reported and skipped; a bad file named alone raises.

    `need_text=False` keeps image-only documents (for `esgqa pages`, which reports them); `cached` maps
    absolute paths to documents already read (an index's unchanged reports), which are not read again.
    """
    sources = list(sources)
    from_folder = {p for s in sources if s.is_dir() for p in expand_sources([s])}
    result = LoadResult()
    seen: set[str] = set()
    paths = expand_sources(sources)
    known_docs: dict[Path, Document | None] = {}
    for path in paths:
        known = (cached or {}).get(os.path.abspath(path))
        if known is not None and ocr_pending(ocr_counts(known.pages), known.page_count, ocr):
            known = None  # pages OCR would now read: read the report again
        known_docs[path] = known
    sizes = {path: page_count(path, password) for path in paths if known_docs[path] is None} if progress else {}
    total, read = sum(sizes.values()), 0
    if progress:
        progress(0, total)  # the bar's total is known before the first page is read
    for path in paths:
        try:
            known = known_docs[path]
            offset = read
            step = (lambda done, _of, offset=offset: progress(min(offset + done, total), total)) if progress \
                else None
            document = known or load_document(path, password=password, encoding=encoding, progress=step, ocr=ocr)
            if need_text:
                require_text(document, ocr)
        except EsgqaError as exc:
            if path not in from_folder:
                raise
            result.failures.append((path, exc))
            continue
        finally:
            read += sizes.get(path, 0)
            if progress and path in sizes:
                progress(read, total)
        if document.doc_id in seen:
            log.warning("%s: same content as an earlier source; skipped", path)
            continue
        seen.add(document.doc_id)
        result.documents.append(document)
    if not result.documents:
        raise InputError("no readable report among the sources")
    return result


def page_count(path: Path, password: str | None = None) -> int:
    """Pages of a report, cheaply (a PDF's page tree, a text file's form feeds); 0 when it cannot be opened
    (reading it says why)."""
    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(path), password=password or None)
            try:
                return len(pdf)
            finally:
                pdf.close()
        if path.suffix.lower() in TEXT_SUFFIXES:
            return path.read_bytes().count(b"\f") + 1
    except Exception:  # only a progress total: the read that follows reports the real error
        return 0
    return 0


def require_text(document: Document, ocr: str = "auto") -> None:
    """A report without any text layer cannot be indexed; say which pages lack one."""
    if any(page.has_text_layer for page in document.pages):
        return
    missing = ", ".join(str(p.number) for p in document.pages)
    raise InputError(f"{document.source}: no page has a text layer (pages {missing}); {hint(ocr)}")
