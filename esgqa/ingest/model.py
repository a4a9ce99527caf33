"""Documents, pages and chunks: the units every layer passes around.

Every chunk carries its document and page (as in paper-qa) so that any answer can cite where it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (y upwards)
BLANK_CELLS = frozenset({"-", "—", "–", "/", "--", "——", "无", "不适用", "N/A", "n/a", "－"})


def is_blank(text: str) -> bool:
    """An empty cell, or one that only says there is nothing ("-", "/", "不适用")."""
    return not text or text.replace(" ", "") in BLANK_CELLS


@dataclass(frozen=True)
class TableRow:
    """`kind`: "data" (a label and its cells), "header" (new column headers from here on), "section" (a title
    row across the table) or "group" (a label with no figures, such as 流动资产：)."""

    kind: str
    label: str
    cells: tuple[str, ...]
    unit: str = ""  # from a 单位 column, when the table has one


@dataclass(frozen=True)
class Table:
    page: int
    index: int  # its position among the page's tables
    bbox: Box
    title: str
    unit: str  # 元, 万元, 台, "" when the table names none
    currency: str
    caption: tuple[str, ...]  # the lines above it: title, period, preparer
    columns: tuple[str, ...]  # headers of the value columns at the top of the table
    rows: tuple[TableRow, ...]
    continued: bool = False  # runs on from the previous page (its headers, caption and unit are inherited)
    label_columns: int = 1

    def data_rows(self) -> Iterable[tuple[TableRow, tuple[str, ...], str]]:
        """Each data row with the column headers in force for it and the section it belongs to."""
        columns, section = self.columns, ""
        for row in self.rows:
            if row.kind == "header":
                columns = row.cells
            elif row.kind == "section":
                section = row.label
            elif row.kind == "data":
                yield row, columns, section

    def final_columns(self) -> tuple[str, ...]:
        """The column headers in force at the table's last row (what a continuation inherits)."""
        columns = self.columns
        for row in self.rows:
            if row.kind == "header":
                columns = row.cells
        return columns

    def heading(self) -> str:
        """The title and unit a reader needs beside any of the table's rows: "主要会计数据（单位：元）"."""
        unit = f"（单位：{self.unit}）" if self.unit else ""
        return f"{self.title or '表'}{unit}"

    def row_lines(self) -> list[str]:
        """The table once, as labelled rows: "营业收入：2019年 1,175,301,034.32；2018年 1,230,537,181.80";
        section titles stand on their own line before their rows."""
        lines: list[str] = []
        current = ""
        for row, columns, section in self.data_rows():
            if section and section != current:
                lines.append(section)
                current = section
            lines.append(render_row(row, columns))
        return lines

    def render(self) -> str:
        return "\n".join([self.heading(), *self.row_lines()])


def render_row(row: TableRow, columns: Sequence[str]) -> str:
    parts = []
    for header, value in zip(columns, row.cells, strict=False):
        if is_blank(value):
            continue
        parts.append(f"{header} {value}" if header else value)
    return f"{row.label}：{'；'.join(parts)}" if row.label else "；".join(parts)


@dataclass(frozen=True)
class Page:
    """One printed page. `text` is the page as extracted, before normalisation: what the page viewer shows.

    `body` is what is indexed as prose: the text outside the page's tables, without running headers and
    footers (None: all of `text`). Each table is indexed once, from its structure (`tables`).
    """

    number: int  # 1-based, equal to the printed page number for the bundled report
    text: str
    has_text_layer: bool = True  # False for image-only PDF pages without OCR
    warnings: tuple[str, ...] = ()
    body: str | None = None
    tables: tuple[Table, ...] = ()
    ocr: bool = False  # the text was recognised from the page's image

    @property
    def prose(self) -> str:
        return self.text if self.body is None else self.body

    def indexed_text(self) -> str:
        """The page as the index holds it: its prose, then each table as labelled rows."""
        return "\n".join([self.prose, *(table.render() for table in self.tables)]) if self.tables else self.prose


@dataclass(frozen=True)
class Document:
    doc_id: str  # content hash of the page texts: stable across runs and file names
    title: str
    source: str  # the path it was read from
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page(self, number: int) -> Page:
        return self.pages[number - 1]


@dataclass(frozen=True)
class Chunk:
    """A page-anchored passage. `start`/`end` index the page's normalised text."""

    doc_id: str
    page: int
    chunk_id: str
    start: int
    end: int
    text: str
    meta: dict[str, str] = field(default_factory=dict, compare=False)


def table_to_dict(table: Table) -> dict[str, Any]:
    """A table as plain JSON data (the index stores pages with their tables)."""
    data = asdict(table)
    data["rows"] = [[row.kind, row.label, list(row.cells), row.unit] for row in table.rows]
    return data


def table_from_dict(data: dict[str, Any]) -> Table:
    rows = tuple(TableRow(kind, label, tuple(cells), unit) for kind, label, cells, unit in data["rows"])
    return Table(page=int(data["page"]), index=int(data["index"]), bbox=tuple(data["bbox"]),
                 title=data["title"], unit=data["unit"], currency=data["currency"], caption=tuple(data["caption"]),
                 columns=tuple(data["columns"]), rows=rows, continued=bool(data["continued"]),
                 label_columns=int(data["label_columns"]))


def content_doc_id(page_texts: list[str]) -> str:
    """A short, stable document id derived from its content (not its path), so a moved file keeps its id."""
    digest = hashlib.sha256()
    for text in page_texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\f")
    return digest.hexdigest()[:16]


def make_document(title: str, source: str, pages: list[Page], warnings: list[str] | None = None) -> Document:
    return Document(
        doc_id=content_doc_id([p.text for p in pages]),
        title=title,
        source=source,
        pages=tuple(pages),
        warnings=tuple(warnings or ()),
    )
