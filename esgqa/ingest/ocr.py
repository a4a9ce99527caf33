"""Text for PDF pages that have none: scans and image-only pages, recognised offline.

The recogniser is RapidOCR (PP-OCRv4 Chinese and English detection and recognition models, shipped inside the
`rapidocr-onnxruntime` wheel: nothing is downloaded), installed with the extra `pip install 'esgqa[ocr]'`.
A page is rendered with PDFium at twice its size, its text boxes recognised, and the boxes put back into
lines (top to bottom, then left to right). The page is marked as OCR'd, so its citations say so.

Modes (`--ocr`): `auto` recognises the pages without a text layer when the extra is installed (and says how
to get it when it is not); `always` recognises every page (a scan whose text layer is garbage) and needs the
extra; `never` leaves image-only pages out.
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from esgqa.errors import UsageError

log = logging.getLogger(__name__)
MODES = ("auto", "always", "never")
SCALE = 2.0  # render at 2x (144 dpi): small print in reports stays legible to the recogniser
MIN_CONFIDENCE = 0.5  # boxes recognised with less are noise (ruling lines, logos)
MIN_PAGE_CONFIDENCE = 0.8  # a page recognised with less on average is not text (glyphs drawn from no font)
EXTRA = "pip install 'esgqa[ocr]'"
# the recogniser reads a thousands separator as the full-width comma its glyph resembles: "117，530.10"
_SEPARATOR = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrPage:
    number: int
    text: str
    confidence: float  # mean over the kept boxes (0 when none)
    seconds: float


def available() -> bool:
    """Whether the OCR extra is installed (checked without importing it)."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise UsageError(f"--ocr {mode!r}: choose from {', '.join(MODES)}")
    if mode == "always" and not available():
        raise UsageError(f"--ocr always needs the OCR extra: {EXTRA}")
    return mode


NOTHING_FOUND = "OCR found no legible text"


def hint(mode: str = "auto") -> str:
    """What to do about pages without a text layer, in this installation and mode (`never` was asked for:
    no advice to install what would not be used)."""
    if mode == "never":
        return "OCR is off (--ocr never)"
    return f"to read them: {EXTRA}" if not available() else "OCR found no text on them"


def counts(pages: Sequence[Any]) -> dict[str, int]:
    """What OCR made of a report's pages, as the index manifest records it: pages recognised, pages OCR was
    tried on and found nothing, and pages without text that OCR has not tried."""
    tried = {page.number for page in pages if any(NOTHING_FOUND in w for w in page.warnings)}
    return {"ocr_pages": sum(1 for page in pages if page.ocr), "ocr_empty": len(tried),
            "untried": sum(1 for page in pages if not page.has_text_layer and page.number not in tried)}


def pending(recorded: dict[str, Any], page_count: int, mode: str) -> bool:
    """Whether a report read before (its `counts`) would be read differently now: it has pages without text
    that OCR, now installed, has not tried; or `always` asks for OCR of pages read from their text layer."""
    if mode == "never":
        return False
    if mode == "always":
        return int(recorded.get("ocr_pages", 0)) + int(recorded.get("ocr_empty", 0)) < page_count
    return int(recorded.get("untried", 0)) > 0 and available()


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR()


def recognise(pdf_path: Path, numbers: Sequence[int], password: str | None = None,
              progress: Progress | None = None) -> list[OcrPage]:
    """The text of pages `numbers` (1-based) of the PDF, recognised from their rendered images."""
    import pypdfium2 as pdfium

    engine = _engine()
    pdf = pdfium.PdfDocument(str(pdf_path), password=password or None)
    out: list[OcrPage] = []
    try:
        for done, number in enumerate(numbers, start=1):
            started = time.perf_counter()
            image = pdf[number - 1].render(scale=SCALE).to_numpy()
            boxes, _ = engine(image)
            text, confidence = lines_of(boxes or [])
            out.append(OcrPage(number, text, confidence, time.perf_counter() - started))
            if progress:
                progress(done, len(numbers))
    finally:
        pdf.close()
    return out


def lines_of(boxes: Sequence[Sequence[Any]]) -> tuple[str, float]:
    """Recognised boxes (`[corners, text, score]`) as lines of text: boxes whose vertical centres lie within
    half a box height of each other form one line, read left to right; boxes apart by more than a character
    (table columns, Latin words) are joined with a space, touching Chinese boxes without one."""
    items: list[_Box] = []
    for corners, text, score in boxes:
        if float(score) < MIN_CONFIDENCE or not str(text).strip():
            continue
        xs, ys = [float(p[0]) for p in corners], [float(p[1]) for p in corners]
        items.append(_Box((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), max(xs), str(text).strip(),
                          float(score)))
    if not items:
        return "", 0.0
    height = statistics.median(b.height for b in items) or 1.0
    lines: list[list[_Box]] = []
    for box in sorted(items, key=lambda b: b.middle):
        if lines and abs(box.middle - statistics.fmean(b.middle for b in lines[-1])) <= height / 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    texts = []
    for line in lines:
        ordered = sorted(line, key=lambda b: b.left)
        text, columns = ordered[0].text, 0
        for before, box in itertools.pairwise(ordered):
            apart = box.left - before.right > height * 0.8
            latin = before.text[-1:].isascii() and box.text[:1].isascii()
            text += (" " if apart or latin else "") + box.text
            columns += apart
        # a line of three or more columns is a table row: a paragraph of its own, never joined to the next
        texts.append(f"\n{text}\n" if columns >= 2 else text)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(texts)).strip("\n")
    return _SEPARATOR.sub(",", text), statistics.fmean(b.score for b in items)


@dataclass(frozen=True)
class _Box:
    middle: float
    height: float
    left: float
    right: float
    text: str
    score: float


__all__ = [
    "EXTRA",
    "MODES",
    "NOTHING_FOUND",
    "OcrPage",
    "available",
    "check_mode",
    "counts",
    "hint",
    "lines_of",
    "pending",
    "recognise",
]
