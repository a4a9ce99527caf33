"""PDF reports through pdfplumber, page by page, tables kept as labelled text rows.

Awkward PDFs are the norm: encrypted files, corrupt streams, image-only scans, fonts without a Unicode map.
Each becomes either a clear error (whole file) or a page warning (one page), never a traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from esgqa.errors import EncryptedError, InputError
from esgqa.ingest.model import Document, Page, make_document

log = logging.getLogger(__name__)

_CID_GLYPH = re.compile(r"\(cid:\d+\)")


class _CaptureWarnings(logging.Handler):
    """pdfminer reports recoverable damage (e.g. a bad Flate checksum) through logging; keep it per page."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _open(path: Path, password: str | None) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(path, password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise EncryptedError(f"{path}: wrong password for this encrypted PDF") from None
            raise EncryptedError(f"{path}: the PDF is encrypted; pass --password PASSWORD") from None
        raise InputError(f"{path}: not a readable PDF ({type(cause).__name__}: {cause})") from None
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None


def table_rows_text(tables: list[list[list[str | None]]]) -> str:
    """Tables as one line per row, cells joined by spaces, so "营业收入 2020年 1,581,905,632.48" stays whole."""
    lines: list[str] = []
    for table in tables:
        for row in table:
            cells = [" ".join((cell or "").split()) for cell in row]
            if any(cells):
                lines.append(" ".join(c for c in cells if c))
    return "\n".join(lines)


def looks_undecodable(text: str) -> bool:
    """Text from fonts without a ToUnicode map comes out as "(cid:12)" runs or private-use code points."""
    if not text.strip():
        return False
    cid = sum(len(m) for m in _CID_GLYPH.findall(text))
    odd = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return (cid + odd) / len(text) > 0.3


def _read_page(page: Any, number: int) -> Page:
    capture = _CaptureWarnings()
    pdfminer_log = logging.getLogger("pdfminer")
    pdfminer_log.addHandler(capture)
    previous_propagate, previous_level = pdfminer_log.propagate, pdfminer_log.level
    pdfminer_log.propagate = False
    pdfminer_log.setLevel(logging.WARNING)
    warnings: list[str] = []
    try:
        text = page.extract_text() or ""
        tables = page.extract_tables() if page.rects or page.lines else []
        has_images = bool(page.images)
    except Exception as exc:
        text, tables, has_images = "", [], False
        warnings.append(f"page {number}: could not be read ({type(exc).__name__}: {exc})")
    finally:
        pdfminer_log.removeHandler(capture)
        pdfminer_log.propagate = previous_propagate
        pdfminer_log.setLevel(previous_level)
    warnings.extend(f"page {number}: {message}" for message in dict.fromkeys(capture.messages))
    if tables:
        text = f"{text}\n{table_rows_text(tables)}" if text else table_rows_text(tables)
    if looks_undecodable(text):
        warnings.append(f"page {number}: text looks undecodable (font without a Unicode map); page skipped")
        text = ""
    has_text = bool(text.strip())
    if not has_text and has_images:
        warnings.append(f"page {number}: no text layer (image only; OCR is not done)")
    return Page(number=number, text=text, has_text_layer=has_text, warnings=tuple(warnings))


def read_pdf_report(
    path: Path, password: str | None = None, progress: Callable[[int, int], None] | None = None
) -> Document:
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    pdf = _open(path, password)
    try:
        total = len(pdf.pages)
        pages: list[Page] = []
        for index, page in enumerate(pdf.pages):
            pages.append(_read_page(page, index + 1))
            page.close()
            if progress:
                progress(index + 1, total)
        title = str((pdf.metadata or {}).get("Title") or "").strip() or path.stem.replace("_", " ")
    except Exception as exc:
        raise InputError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pdf.close()
    if not pages:
        raise InputError(f"{path}: the PDF has no pages")
    warnings = [w for p in pages for w in p.warnings]
    for warning in warnings:
        log.warning("%s: %s", path.name, warning)
    return make_document(title=title, source=str(path), pages=pages, warnings=warnings)
