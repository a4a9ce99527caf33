"""PDF reports: PDFium for the text, the characters' boxes and the tables; pdfminer where PDFium cannot read.

Each page goes through `esgqa.ingest.pdfium_page` (in a process pool for long reports, both cores busy);
then, across the whole report, running headers and footers are found and tables are given their structure
(`esgqa.ingest.tables`; a table that runs on from the page before inherits its headers). Awkward PDFs are
the norm: encrypted files, corrupt streams, image-only scans, fonts without a Unicode map, vertical text.
Each becomes a clear error (whole file) or a page warning (one page), never a traceback and never garbage in
the index. pdfminer (through pdfplumber) checks the content streams for damage and reads the pages whose
text PDFium cannot decode.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from typing import Any

from esgqa.errors import EncryptedError, InputError
from esgqa.ingest.furniture import running_lines, strip_running
from esgqa.ingest.model import Document, Page, make_document
from esgqa.ingest.pdfium_page import ABOVE, RawPage, is_vertical, make_raw_table, read_page, vertical_text
from esgqa.ingest.quality import looks_undecodable
from esgqa.ingest.tables import as_prose, structure_tables

log = logging.getLogger(__name__)
POOL_MIN_PAGES = 48  # below this, starting worker processes costs more than it saves
BATCH = 12  # pages per worker task: progress moves, and the two workers stay busy to the end


def _open(path: Path, password: str | None) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            if password:
                raise EncryptedError(f"{path}: wrong password for this encrypted PDF") from None
            raise EncryptedError(f"{path}: the PDF is encrypted; pass --password PASSWORD") from None
        raise InputError(f"{path}: not a readable PDF ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None


def read_range(path: str, password: str | None, start: int, stop: int) -> list[RawPage]:
    """Pages start..stop-1 (0-based) of the PDF at `path`, pdfminer's reading where PDFium's is not
    faithful: what one worker process reads."""
    pdf = _open(Path(path), password)
    try:
        pages = [_read_one(pdf, i) for i in range(start, stop)]
    finally:
        pdf.close()
    redo = _pdfminer_pages(Path(path), password, [raw for raw in pages if _needs_pdfminer(raw)])
    return [redo.get(raw.number, raw) for raw in pages]


def _read_one(pdf: Any, index: int) -> RawPage:
    try:
        return read_page(pdf, index)
    except Exception as exc:  # one damaged page must not sink the report
        return RawPage(index + 1, "", "", warnings=(f"page {index + 1}: could not be read "
                                                    f"({type(exc).__name__}: {exc})",))


def _read_all(path: Path, password: str | None, count: int,
              progress: Callable[[int, int], None] | None) -> list[RawPage]:
    workers = min(2, os.cpu_count() or 1)
    # forked workers start at once and need no importable __main__; a process with other threads (the TUI
    # builds in a worker thread) reads serially, as forking it could copy a lock some thread holds
    if count < POOL_MIN_PAGES or workers < 2 or threading.active_count() > 1 or sys.platform == "win32":
        pages = []
        for start in range(0, count, BATCH):
            pages += read_range(str(path), password, start, min(count, start + BATCH))
            if progress:
                progress(len(pages), count)
        return pages
    import multiprocessing

    done: dict[int, list[RawPage]] = {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(read_range, str(path), password, start, min(count, start + BATCH)): start
                   for start in range(0, count, BATCH)}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            if progress:
                progress(sum(len(v) for v in done.values()), count)
    return [page for start in sorted(done) for page in done[start]]


class _CaptureWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def stream_warnings(path: Path, password: str | None) -> dict[int, list[str]]:
    """Damage pdfminer finds while decoding each page's content streams ("Data-loss while decompressing
    corrupted data"): PDFium recovers what it can without saying so, and a reviewer should know."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    found: dict[int, list[str]] = {}
    capture = _CaptureWarnings()
    logger = logging.getLogger("pdfminer")
    logger.addHandler(capture)
    propagate, level = logger.propagate, logger.level
    logger.propagate = False
    logger.setLevel(logging.WARNING)  # the CLI quiets pdfminer; its damage reports are what is read here
    try:
        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle), password=password or "")
            for number, page in enumerate(PDFPage.create_pages(document), start=1):
                capture.messages.clear()
                for stream in page.contents or []:
                    resolve1(stream).get_data()
                if capture.messages:
                    found[number] = list(dict.fromkeys(capture.messages))
    except Exception as exc:  # the check is a courtesy; PDFium has read the pages already
        log.debug("%s: content stream check skipped (%s)", path, exc)
    finally:
        logger.removeHandler(capture)
        logger.propagate = propagate
        logger.setLevel(level)
    return found


def _pdfminer_pages(path: Path, password: str | None, raws: list[RawPage]) -> dict[int, RawPage]:
    """The pages PDFium cannot read faithfully (fonts without metrics or a Unicode map), read by pdfminer,
    with the table grids PDFium found filled from pdfminer's characters. Vertical text is read by column."""
    import pdfplumber

    out: dict[int, RawPage] = {}
    if not raws:
        return out
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:
        log.debug("%s: pdfminer cannot open it (%s)", path, exc)
        return out
    with pdf:
        for raw in raws:
            try:
                out[raw.number] = _pdfminer_page(pdf.pages[raw.number - 1], raw)
            except Exception as exc:
                log.debug("%s: pdfminer could not read page %d (%s)", path, raw.number, exc)
    return out


def _pdfminer_page(page: Any, raw: RawPage) -> RawPage:
    height = float(page.height)

    def box(obj: dict[str, Any]) -> tuple[float, float, float, float]:
        return float(obj["x0"]), height - float(obj["bottom"]), float(obj["x1"]), height - float(obj["top"])

    chars = page.chars
    text = "".join(c["text"] for c in chars)
    boxes = [box(c) for c in chars]
    if is_vertical(text, boxes):
        columns = vertical_text(text, boxes)
        return replace(raw, text=columns, body=columns, tables=(), vertical=True, unembedded=False,
                       warnings=(*raw.warnings, f"page {raw.number}: vertical text, read column by column"))
    full = str(page.extract_text() or "")
    if not raw.grids:
        return replace(raw, text=full, body=full, unembedded=False)
    areas = [grid.box for grid in raw.grids]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        left, bottom, right, top = box(obj)
        x, y = (left + right) / 2, (bottom + top) / 2
        return not any(a[0] - 1 <= x <= a[2] + 1 and a[1] - 1 <= y <= a[3] + 1 for a in areas)

    rest = page.filter(outside)
    lines = [(str(line["text"]), height - (float(line["top"]) + float(line["bottom"])) / 2)
             for line in rest.extract_text_lines()]
    tables = []
    for grid in raw.grids:
        texts = [str(page.crop((c.box[0], height - c.box[3], c.box[2], height - c.box[1]), strict=False)
                     .extract_text() or "") for c in grid.cells]
        top = grid.ys[0]
        table = make_raw_table(grid, texts, [t for t, y in lines if top < y <= top + ABOVE])
        if table is not None:
            tables.append(table)
    body = "\n".join(t for t, _ in lines)
    return replace(raw, text=full, body=body, tables=tuple(tables), unembedded=False)


def _finish_page(raw: RawPage, damage: list[str]) -> RawPage:
    """Decide what of a page can be indexed: its text, or nothing (and say why)."""
    warnings = [*raw.warnings, *(f"page {raw.number}: {message}" for message in damage)]
    if looks_undecodable(raw.text) or (raw.text_objects and not raw.text.strip()):
        warnings.append(f"page {raw.number}: text looks undecodable (a font without a Unicode map, or "
                        "characters that cannot be read); page skipped")
        return replace(raw, text="", body="", tables=(), warnings=tuple(warnings))
    if not raw.text.strip() and raw.images:
        warnings.append(f"page {raw.number}: {NO_TEXT_LAYER}")
    return replace(raw, warnings=tuple(warnings))


NO_TEXT_LAYER = "no text layer (image only)"


def _ocr_targets(raws: list[RawPage], mode: str) -> list[int]:
    """The pages to recognise: every page (`always`), else those without readable text that show something
    (an image, or text objects whose characters cannot be decoded)."""
    if mode == "always":
        return [raw.number for raw in raws]
    if mode == "never":
        return []
    return [raw.number for raw in raws if not raw.text.strip() and (raw.images or raw.text_objects)]


def _apply_ocr(path: Path, password: str | None, raws: list[RawPage], mode: str,
               progress: Callable[[int, int], None] | None) -> tuple[list[RawPage], set[int]]:
    from esgqa.ingest import ocr

    targets = _ocr_targets(raws, mode)
    if not targets:
        return raws, set()
    if not ocr.available():
        log.warning("%s: %d page(s) without a text layer are left out; %s", path.name, len(targets), ocr.hint(mode))
        return raws, set()
    log.warning("%s: recognising %d page(s) by OCR (several seconds a page)", path.name, len(targets))
    recognised = {page.number: page for page in ocr.recognise(path, targets, password, progress)}
    out, accepted = [], set()
    for raw in raws:
        page = recognised.get(raw.number)
        if page is None:
            out.append(raw)
            continue
        if not page.text.strip() or page.confidence < ocr.MIN_PAGE_CONFIDENCE or looks_undecodable(page.text):
            note = f"page {raw.number}: {ocr.NOTHING_FOUND} (mean confidence {page.confidence:.2f})"
            out.append(replace(raw, warnings=(*raw.warnings, note)))
            continue
        kept = tuple(w for w in raw.warnings if NO_TEXT_LAYER not in w and "undecodable" not in w)
        note = f"page {raw.number}: text recognised by OCR (mean confidence {page.confidence:.2f})"
        out.append(replace(raw, text=page.text, body=page.text, tables=(), warnings=(*kept, note)))
        accepted.add(raw.number)
    return out, accepted


def _needs_pdfminer(raw: RawPage) -> bool:
    return raw.unembedded or looks_undecodable(raw.text) or bool(raw.text_objects and not raw.text.strip())


def read_pdf_report(
    path: Path, password: str | None = None, progress: Callable[[int, int], None] | None = None,
    ocr: str = "auto",
) -> Document:
    """The report's pages; pages without a text layer are recognised by OCR as `ocr` says (`esgqa.ingest.ocr`)."""
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    pdf = _open(path, password)
    try:
        count = len(pdf)
        title = str(pdf.get_metadata_dict(skip_empty=True).get("Title", "")).strip()
    finally:
        pdf.close()
    if not count:
        raise InputError(f"{path}: the PDF has no pages")
    damage = stream_warnings(path, password)
    raws = [_finish_page(raw, damage.get(raw.number, [])) for raw in _read_all(path, password, count, progress)]
    raws, recognised = _apply_ocr(path, password, raws, ocr, progress)
    running = running_lines([raw.body.split("\n") for raw in raws])
    tables = structure_tables([(raw.number, raw.tables) for raw in raws], running)
    pages = [Page(raw.number, raw.text, bool(raw.text.strip()), raw.warnings,
                  *as_prose("\n".join(strip_running(raw.body.split("\n"), running)), tables[raw.number]),
                  ocr=raw.number in recognised)
             for raw in raws]
    warnings = [w for p in pages for w in p.warnings]
    for warning in warnings:
        log.warning("%s: %s", path.name, warning)
    return make_document(title=title or path.stem.replace("_", " "), source=str(path), pages=pages,
                         warnings=warnings)


__all__ = ["read_pdf_report", "read_range", "stream_warnings"]
