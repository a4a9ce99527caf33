"""Tables as structure: a title, a unit, column headers, row labels and cells, built from a page's grid.

A figure in a table is understood from where it stands, not from the characters beside it: "129,465,020.68"
is 归属于上市公司股东的净利润 (its row label, wrapped lines joined) in 2019年 (its column header, multi-row
headers merged) in 元 (the unit line above the table) of 主要会计数据 (the caption). Rows of a table that runs
on from the previous page inherit that page's headers, caption and unit. Numbers broken across a cell's lines
("22,172,721.0" / "0") are joined again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from esgqa.ingest.furniture import line_key
from esgqa.ingest.model import Table, TableRow, is_blank
from esgqa.ingest.normalize import normalize
from esgqa.ingest.pdfium_page import RawTable

_VALUE = re.compile(r"[-−+]?\(?[-−]?\d[\d,]*(?:\.\d+)?\)?%?|[-−+]?\d*\.\d+%?")
_CHANGE = re.compile(r"(?:增加|减少|上升|下降)?[-−+]?\d[\d,]*(?:\.\d+)?(?:个百分点|%|倍)?")
_NOTE_REF = re.compile(r"[一二三四五六七八九十]+[、.]?\s*\(?\d+\)?(?:[（(]\d+[)）])?"
                       r"|附注[一二三四五六七八九十\d、.()（）]*")
_UNIT = re.compile(r"(?:计量)?单位\s*[：:]\s*(?P<unit>[^\s，,；;币]+)")
_CURRENCY = re.compile(r"币种\s*[：:]\s*(?P<currency>[^\s，,；;]+)")
_UNIT_HEADERS = frozenset({"单位", "计量单位"})
_APPLIES = re.compile(r"^[□√☑■☐\s]*(?:适用|不适用)[□√☑■☐\s]*(?:适用|不适用)?[□√☑■☐\s]*$")


def cell_text(text: str) -> str:
    """A cell as one line: wrapped lines joined the way the normaliser joins them (CJK without spaces)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return ""
    joined = "".join(lines)
    if is_value(joined.replace(" ", "")):
        return joined.replace(" ", "")  # "22,172,721.0" + "0": a number the cell's width broke
    return normalize("\n".join(lines)).text.replace("\n", "")


def is_value(text: str) -> bool:
    """A figure a cell states: 1,175,301,034.32, -4.49, (1,234.00), 7.64%, 减少4.07个百分点."""
    compact = text.replace(" ", "")
    return bool(compact) and bool(_VALUE.fullmatch(compact) or (any(c.isdigit() for c in compact)
                                                                 and _CHANGE.fullmatch(compact)))


def _matrix(raw: RawTable) -> tuple[list[list[str]], list[list[bool]], list[list[int]]]:
    """Every grid position's text (a merged cell's text at each position it covers), whether the position is
    its cell's top-left, and the cell's column span."""
    text = [["" for _ in range(raw.n_cols)] for _ in range(raw.n_rows)]
    origin = [[False] * raw.n_cols for _ in range(raw.n_rows)]
    span = [[1] * raw.n_cols for _ in range(raw.n_rows)]
    for row, col, row_end, col_end, value in raw.cells:
        clean = cell_text(value)
        for r in range(row, row_end):
            for c in range(col, col_end):
                text[r][c] = clean
                span[r][c] = col_end - col
        origin[row][col] = True
    return text, origin, span


def _note_column(values: list[str], header: str) -> bool:
    filled = [v for v in values if v]
    return "附注" in header or (bool(filled) and all(_NOTE_REF.fullmatch(v) for v in filled))


def structure(raw: RawTable, page: int, index: int, previous: Table | None = None,
              furniture: frozenset[str] = frozenset()) -> Table:
    """The table a grid holds; `previous` is the table before it in the report (for a continued table);
    `furniture` holds the shapes of the report's running headers and footers (`furniture.line_key`)."""
    text, origin, span = _matrix(raw)
    n_rows, n_cols = raw.n_rows, raw.n_cols
    sections = {r for r in range(n_rows) if n_cols > 1 and span[r][0] == n_cols}
    valued = [[origin[r][c] and is_value(text[r][c]) for c in range(n_cols)] for r in range(n_rows)]
    value_cols = {c for r in range(n_rows) if r not in sections for c in range(n_cols) if valued[r][c]}
    numeric = bool(value_cols)
    label_columns = min(value_cols) if numeric else max(1, n_cols - 1)
    first_data = next((r for r in range(n_rows) if r not in sections and any(valued[r])), n_rows) \
        if numeric else 0
    header_rows = [r for r in range(first_data) if r not in sections
                   and any(not is_blank(text[r][c]) for c in range(label_columns, n_cols))]
    notes = {c for c in range(1, label_columns)
             if _note_column([text[r][c] for r in range(first_data, n_rows)],
                             " ".join(text[r][c] for r in header_rows))}
    units = {c for c in range(label_columns) if c not in notes
             and (_join_header(text, header_rows, c) in _UNIT_HEADERS
                  or _unit_column([text[r][c] for r in range(first_data, n_rows)]))}
    label_cols = [c for c in range(label_columns) if c not in notes and c not in units]
    caption = tuple(line.strip() for line in raw.above if line.strip() and _keep_caption(line, furniture))
    unit, currency = _unit(caption)
    title = _title(caption)
    columns = tuple(_join_header(text, header_rows, c) for c in range(label_columns, n_cols))
    continued = False
    if previous is not None and not title and len(previous.columns) == n_cols - label_columns \
            and (not header_rows or _header_tail(columns, previous.final_columns())):
        columns, continued = _continue_headers(columns, previous.final_columns()), True
        title, unit, currency = previous.title, unit or previous.unit, currency or previous.currency
        caption = caption or previous.caption
    rows: list[TableRow] = []
    for r in range(n_rows):
        if r in header_rows:
            continue
        if r in sections:
            rows.append(TableRow("section", text[r][0], ()))
            continue
        label = " ".join(dict.fromkeys(text[r][c] for c in label_cols if text[r][c]))
        cells = tuple(text[r][c] if origin[r][c] else "" for c in range(label_columns, n_cols))
        row_unit = next((text[r][c] for c in units if text[r][c]), "")
        if any(valued[r]):
            rows.append(TableRow("data", label, cells, row_unit))
        elif numeric and r > first_data and sum(1 for v in cells if not is_blank(v)) >= 2:
            rows.append(TableRow("header", label, cells))  # a header row inside the table (2019年末 …)
        elif any(not is_blank(v) for v in cells):
            rows.append(TableRow("data", label, cells, row_unit))
        elif label:
            rows.append(TableRow("group", label, ()))
    if not title and rows and rows[0].kind == "section" and not continued:
        title = rows[0].label
    return Table(page, index, raw.box, title, unit, currency, caption, columns, tuple(rows), continued,
                 label_columns)


def as_prose(body: str, tables: tuple[Table, ...]) -> tuple[str, tuple[Table, ...]]:
    """A grid with no row of figures (a framed paragraph, a boxed heading) is text, not a table: its lines go
    back to the page's prose, where they are indexed and read like the rest of it."""
    kept = tuple(table for table in tables if any(row.kind == "data" for row in table.rows))
    if len(kept) == len(tables):
        return body, tables
    lines = [" ".join(part for part in (row.label, *row.cells) if part)
             for table in tables if table not in kept for row in table.rows]
    return "\n".join(line for line in [body, *lines] if line.strip()), kept


def _header_tail(columns: tuple[str, ...], previous: tuple[str, ...]) -> bool:
    """The previous page's headers again, or only the wrapped ends of them ("例(%)" of "…变动比例(%)"): the
    header of a table that runs on over a page break."""
    if columns == previous:
        return True
    squeeze = [re.sub(r"\s+", "", c) for c in columns]
    filled = [c for c in squeeze if c]
    return bool(filled) and 2 * len(filled) <= len(squeeze) and all(len(c) <= 6 for c in filled)


def _continue_headers(columns: tuple[str, ...], previous: tuple[str, ...]) -> tuple[str, ...]:
    """The previous headers, completed by the ends a page break carried over ("…变动比" + "例(%)")."""
    out = []
    for fragment, header in zip(columns, previous, strict=True):
        piece = re.sub(r"\s+", "", fragment)
        out.append(header + piece if piece and not re.sub(r"\s+", "", header).endswith(piece) else header)
    return tuple(out)


def _join_header(text: list[list[str]], rows: list[int], col: int) -> str:
    parts = [text[r][col] for r in rows if text[r][col]]
    return " ".join(dict.fromkeys(parts))


def _keep_caption(line: str, furniture: frozenset[str]) -> bool:
    compact = re.sub(r"\s+", "", line)
    return bool(compact) and line_key(line) not in furniture and not _APPLIES.fullmatch(compact)


def _unit_word(text: str) -> bool:
    """A cell that is only a unit ("吨", "万元", "千克", "%"): a unit column's cell, whatever its header says."""
    from esgqa.numbers import COUNTERS, SCALES, UNITS

    word = text.strip()
    for scale in sorted(SCALES, key=len, reverse=True):
        if word.startswith(scale) and len(word) > len(scale):
            word = word[len(scale):]
            break
    return word in UNITS or word in COUNTERS or word in ("%", "％")


def _unit_column(cells: Sequence[str]) -> bool:
    """A label column whose filled cells (at least two) are all units."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 2 and all(_unit_word(c) for c in filled)


def _unit(caption: Sequence[str]) -> tuple[str, str]:
    unit = currency = ""
    for line in caption:
        compact = re.sub(r"\s+", "", line)
        if match := _UNIT.search(compact):
            unit = match.group("unit")
        if match := _CURRENCY.search(compact):
            currency = match.group("currency")
    return unit, currency


def caption_has_title(caption: Sequence[str]) -> bool:
    return bool(_title(caption))


def _title(caption: Sequence[str]) -> str:
    """The caption line that names the table: the nearest line above it that is not a unit or preparer line."""
    for line in reversed(caption):
        compact = re.sub(r"\s+", "", line)
        if _UNIT.search(compact) or _CURRENCY.search(compact) or compact.startswith("编制单位"):
            continue
        if re.fullmatch(r"[\d年月日至\-—()（）截止]+", compact):
            continue  # a date line ("2019年12月31日") is the table's period, not its name
        if len(compact) > 60 or compact.endswith("。"):
            return ""  # prose above the table, not a caption
        return normalize(line).text.strip()
    return ""


def structure_tables(raws: Sequence[tuple[int, Sequence[RawTable]]],
                     furniture: frozenset[str] = frozenset()) -> dict[int, tuple[Table, ...]]:
    """Every page's tables, in report order: a page's first table may run on from the previous page's last."""
    out: dict[int, tuple[Table, ...]] = {}
    previous: Table | None = None
    for page, page_tables in raws:
        built: list[Table] = []
        for index, raw in enumerate(page_tables):
            table = structure(raw, page, index, previous if index == 0 else None, furniture)
            if built and not table.title and not table.caption:
                # a second table right below the first, with no caption of its own, is part of the same
                # statement (the prior-year half of a 所有者权益变动表): it takes the first's caption and unit
                above = built[-1]
                table = replace(table, title=above.title, caption=above.caption, unit=table.unit or above.unit,
                                currency=table.currency or above.currency)
            built.append(table)
        out[page] = tuple(built)
        previous = built[-1] if built else None
    return out


__all__ = ["cell_text", "is_value", "structure", "structure_tables"]
