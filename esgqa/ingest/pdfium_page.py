"""One PDF page through PDFium: its text, every character's box, its ruling lines, and its table cells.

PDFium (pypdfium2, installed with pdfplumber) extracts text about 40 times faster than pdfminer and gives each
character's box, so one pass yields the page text, the grids its ruling lines draw (`esgqa.ingest.grid`), the
text of every table cell (characters placed by their centres) and the text outside the tables. Everything
returned is plain data, so pages can be read in worker processes.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from esgqa.ingest.grid import Grid, find_grids

Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y upwards)
ABOVE = 64.0  # how far above a table its caption and unit line may stand
_NESTING = 4  # form XObjects nest; rules drawn inside them count too


@dataclass(frozen=True)
class RawTable:
    box: Box
    n_rows: int
    n_cols: int
    cells: tuple[tuple[int, int, int, int, str], ...]  # row, col, row_end, col_end, text (lines joined by \n)
    above: tuple[str, ...]  # the text lines just above the table, top to bottom


@dataclass(frozen=True)
class RawPage:
    number: int
    text: str  # the whole page as PDFium reads it (what the page viewer shows)
    body: str  # the text outside the tables
    tables: tuple[RawTable, ...] = ()
    chars: int = 0
    text_objects: int = 0
    images: int = 0
    vertical: bool = False
    warnings: tuple[str, ...] = field(default=())
    unembedded: bool = False  # fonts PDFium has no metrics or Unicode map for: read the page with pdfminer
    grids: tuple[Grid, ...] = ()  # the page's table grids, kept when another reader fills them


_STANDARD_FONTS = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats", "Arial")


def _font_unembedded(raw: Any, obj: Any, seen: dict[int, bool]) -> bool:
    """A text object in a font that is neither embedded nor one of the standard fonts PDFium has metrics for:
    PDFium then guesses glyph widths, and characters that seem to overlap are dropped from its text."""
    font = raw.FPDFTextObj_GetFont(obj)
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    if key not in seen:
        name = ctypes.create_string_buffer(128)
        raw.FPDFFont_GetBaseFontName(font, name, 128)
        base = name.value.decode("latin-1").split("+")[-1]
        seen[key] = not raw.FPDFFont_GetIsEmbedded(font) and not base.startswith(_STANDARD_FONTS)
    return seen[key]


def _objects(raw: Any, page: Any) -> tuple[list[Box], int, int, int]:
    """Bounding boxes of path objects (in page space); the counts of text objects, image objects and text
    objects in fonts without metrics."""
    boxes: list[Box] = []
    counts = {"text": 0, "image": 0, "unembedded": 0}
    fonts: dict[int, bool] = {}
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, bottom, right, top)]

    def walk(count: int, get: Any, depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                counts["text"] += 1
                counts["unembedded"] += _font_unembedded(raw, obj, fonts)
            elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                counts["image"] += 1
            elif kind == raw.FPDF_PAGEOBJ_PATH:
                if raw.FPDFPageObj_GetBounds(obj, *refs):
                    boxes.append((left.value, bottom.value, right.value, top.value))
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _NESTING:
                walk(raw.FPDFFormObj_CountObjects(obj), lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), depth + 1)

    walk(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), 0)
    return boxes, counts["text"], counts["image"], counts["unembedded"]


def _char_boxes(raw: Any, textpage: Any, n: int) -> tuple[list[Box], int]:
    """Every character's box, and how many characters have no valid Unicode mapping in their font."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    refs = [ctypes.byref(v) for v in (left, right, bottom, top)]
    get, unmapped = raw.FPDFText_GetCharBox, raw.FPDFText_HasUnicodeMapError
    out: list[Box] = []
    errors = 0
    for i in range(n):
        get(textpage, i, *refs)
        out.append((left.value, bottom.value, right.value, top.value))
        errors += unmapped(textpage, i) == 1
    return out, errors


def _inside(box: Box, area: Box, slack: float = 1.0) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] - slack <= x <= area[2] + slack and area[1] - slack <= y <= area[3] + slack


def is_vertical(text: str, boxes: list[Box]) -> bool:
    """Vertically set text: consecutive CJK characters stand one below the other, not side by side."""
    stacked = pairs = 0
    previous: Box | None = None
    for ch, box in zip(text, boxes, strict=True):
        if not ("\u3400" <= ch <= "\u9fff"):
            previous = None if ch not in "\r\n " else previous
            continue
        if previous is not None:
            height = max(1.0, box[3] - box[1])
            dx = abs((box[0] + box[2]) - (previous[0] + previous[2])) / 2
            dy = ((previous[1] + previous[3]) - (box[1] + box[3])) / 2
            pairs += 1
            stacked += dx < height * 0.5 and 0.5 * height < dy < 2.5 * height
        previous = box
    return pairs >= 12 and stacked / pairs > 0.6


def vertical_text(text: str, boxes: list[Box]) -> str:
    """Vertical text read as it is meant: columns right to left, characters top to bottom in each."""
    chars = [(box, ch) for ch, box in zip(text, boxes, strict=True) if not ch.isspace() and box[2] > box[0]]
    if not chars:
        return ""
    width = sorted(b[2] - b[0] for b, _ in chars)[len(chars) // 2]
    columns: list[list[tuple[Box, str]]] = []
    for box, ch in sorted(chars, key=lambda c: -(c[0][0] + c[0][2])):
        centre = (box[0] + box[2]) / 2
        if columns and abs((columns[-1][0][0][0] + columns[-1][0][0][2]) / 2 - centre) <= width * 0.6:
            columns[-1].append((box, ch))
        else:
            columns.append([(box, ch)])
    return "\n".join("".join(ch for _, ch in sorted(col, key=lambda c: -c[0][3])) for col in columns)


def _cell_index(grid: Grid) -> dict[tuple[int, int], int]:
    spot: dict[tuple[int, int], int] = {}
    for k, cell in enumerate(grid.cells):
        for r in range(cell.row, cell.row_end):
            for c in range(cell.col, cell.col_end):
                spot[(r, c)] = k
    return spot


def _locate(grid: Grid, box: Box) -> tuple[int, int] | None:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    col = bisect_right(grid.xs, x) - 1
    row = bisect_right([-v for v in grid.ys], -y) - 1
    if 0 <= col < grid.n_cols and 0 <= row < grid.n_rows:
        return row, col
    return None


def _lines_with_height(chars: list[tuple[str, Box]]) -> list[tuple[str, float]]:
    """Text lines (split at line breaks) with the height of their first visible character."""
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    y: float | None = None
    for ch, box in chars:
        if ch == "\n":
            lines.append(("".join(current), y if y is not None else 0.0))
            current, y = [], None
            continue
        if ch != "\r":
            current.append(ch)
            if y is None and not ch.isspace():
                y = (box[1] + box[3]) / 2
    if current:
        lines.append(("".join(current), y if y is not None else 0.0))
    return [(line, height) for line, height in lines if line.strip()]


def read_page(pdf: Any, index: int) -> RawPage:
    """Page `index` (0-based) of an open `pypdfium2.PdfDocument`."""
    import pypdfium2.raw as raw

    page = pdf[index]
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range() if n else ""
        boxes, unmapped = _char_boxes(raw, textpage.raw, len(text))
        paths, text_objects, images, unembedded = _objects(raw, page.raw)
    finally:
        textpage.close()
        page.close()
    number = index + 1
    if is_vertical(text, boxes):
        reordered = vertical_text(text, boxes)
        return RawPage(number, reordered, reordered, (), n, text_objects, images, vertical=True,
                       warnings=(f"page {number}: vertical text, read column by column (right to left)",))
    grids = find_grids(paths) if paths else []
    if unembedded > text_objects * 0.2 or unmapped > 0.3 * max(1, n):
        plain = text.replace("\r\n", "\n")
        return RawPage(number, plain, plain, (), n, text_objects, images, unembedded=True, grids=tuple(grids))
    owner = [-1] * len(text)
    for k, grid in enumerate(grids):
        for i, box in enumerate(boxes):
            if owner[i] < 0 and _inside(box, grid.box):
                owner[i] = k
    for i in range(1, len(text)):  # generated line breaks and spaces follow the character before them
        if text[i] in "\r\n " and owner[i - 1] >= 0 and owner[i] < 0 and _inside(boxes[i], grids[owner[i - 1]].box, 3):
            owner[i] = owner[i - 1]
    body_chars: list[tuple[str, Box]] = []
    for i, ch in enumerate(text):
        if owner[i] < 0:
            body_chars.append((ch, boxes[i]))
        elif body_chars and body_chars[-1][0] != "\n":
            body_chars.append(("\n", boxes[i]))
    body_lines = _lines_with_height(body_chars)
    tables = tuple(_table(grid, k, text, boxes, owner, body_lines) for k, grid in enumerate(grids))
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    body = "\n".join(line for line, _ in body_lines) if grids else plain
    return RawPage(number, plain, body, tuple(t for t in tables if t is not None), n, text_objects, images)


def _table(grid: Grid, k: int, text: str, boxes: list[Box], owner: list[int],
           body_lines: list[tuple[str, float]]) -> RawTable | None:
    spot = _cell_index(grid)
    parts: dict[int, list[str]] = {}
    for i, ch in enumerate(text):
        if owner[i] != k:
            continue
        where = _locate(grid, boxes[i])
        if where is None:
            continue
        owner_cell = spot.get(where)
        if owner_cell is not None:
            parts.setdefault(owner_cell, []).append("\n" if ch in "\r\n" else ch)
    texts = ["".join(parts.get(index, [])) for index in range(len(grid.cells))]
    top = grid.ys[0]
    return make_raw_table(grid, texts, [line for line, y in body_lines if top < y <= top + ABOVE])


def make_raw_table(grid: Grid, texts: list[str], above: list[str]) -> RawTable | None:
    """A grid with the text of each of its cells (in `grid.cells` order); None when every cell is empty."""
    cells = []
    for cell, text in zip(grid.cells, texts, strict=True):
        value = "\n".join(line.strip() for line in text.split("\n") if line.strip())
        cells.append((cell.row, cell.col, cell.row_end, cell.col_end, value))
    if not any(value for *_, value in cells):
        return None
    return RawTable(grid.box, grid.n_rows, grid.n_cols, tuple(cells), tuple(above))


__all__ = ["ABOVE", "RawPage", "RawTable", "is_vertical", "make_raw_table", "read_page", "vertical_text"]
