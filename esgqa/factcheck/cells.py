"""A table as the recomputation reads it: its figure cells by row and column, each a fact, and what each row and
column is for (a total row, a change column, a share column, an opening or closing balance).

Built from the facts alone (`facts.jsonl` holds everything needed), so a stored index can be re-checked without
reading the PDF again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from esgqa.facts.model import Fact
from esgqa.facts.table import table_label

TOTAL_ROW = re.compile(r"(?:^|[^其])(?:合计|总计|小计|共计|总额)$|^(?:合\s*计|总\s*计|小\s*计)$|"
                       r"^[Tt]otal\b|\b[Tt]otal$")
_GRAND = re.compile(r"总计|[Tt]otal\b.*\band\b")
_PART = re.compile(r"^\s*(?:其中|[（(]?其中[)）]?|including|of which)", re.IGNORECASE)
_MINUS = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.])?\s*减[：:]|^\s*[Ll]ess[:：]")
CHANGE_COLUMN = re.compile(r"增减|变动(?![前后])|变化|增长率|增幅|比上年|较上年|同比|比上期|较上期|[Cc]hange")
SHARE_COLUMN = re.compile(r"比例|比重|占比|占.{0,30}[%％]|百分比|[Ss]hare|[Pp]roportion")
TOTAL_COLUMN = re.compile(r"^(?:合计|小计|总计|[Tt]otal)$")
_QUARTER = re.compile(r"第?([一二三四1-4])季度|Q([1-4])\b|[（(](1-3|4-6|7-9|10-12)月份?[）)]")
_ROLES = (
    ("opening", re.compile(r"期初|年初|上年年末|上年末|本次变动前|[Oo]pening|[Bb]eginning")),
    ("closing", re.compile(r"期末|年末|本次变动后|[Cc]losing|[Ee]nding")),
    ("decrease", re.compile(r"减少|解除|转出|转入(?!金额)[\u4e00-\u9fff]{2,}|处置|注销|[Dd]ecrease")),
    ("increase", re.compile(r"增加|新增|计提|[Ii]ncrease|[Aa]ddition")),
)


@dataclass
class Row:
    position: int  # row_index of the table's data rows
    label: str  # the row label as printed ("四、利润总额")
    name: str  # as a metric ("利润总额")
    topic: str  # the section row above it ("流动资产")
    cells: dict[str, Fact] = field(default_factory=dict)

    @property
    def total(self) -> bool:
        return bool(TOTAL_ROW.search(self.name))

    @property
    def grand(self) -> bool:
        return self.total and bool(_GRAND.search(self.name))

    @property
    def part(self) -> bool:
        """An "其中：" row: a part of the row above, not a term of the total below."""
        return bool(_PART.match(self.label))

    @property
    def minus(self) -> bool:
        return bool(_MINUS.match(self.label))


@dataclass
class View:
    doc: str
    page: int
    index: int
    title: str
    columns: list[str]  # in the table's order
    rows: list[Row]

    @property
    def where(self) -> str:
        return f"p. {self.page}"


def column_key(fact: Fact, seen: dict[str, int]) -> str:
    """Columns by header; a header printed twice in a row (two "金额" columns) gets a count."""
    assert fact.table is not None
    header = re.sub(r"\s+", "", fact.table.column)
    seen[header] = seen.get(header, 0) + 1
    return header if seen[header] == 1 else f"{header}#{seen[header]}"


def views(facts: list[Fact]) -> list[View]:
    """One view per table, from its facts in reading order."""
    by_table: dict[tuple[str, int, int], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.table is not None:
            by_table[(fact.doc, fact.page, fact.table.index)].append(fact)
    out: list[View] = []
    for (doc, page, index), cells in sorted(by_table.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
        rows: dict[int, Row] = {}
        columns: dict[str, int] = {}
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for fact in sorted(cells, key=lambda f: f.index):
            assert fact.table is not None
            row = rows.setdefault(fact.table.row_index, Row(fact.table.row_index, fact.table.row,
                                                            table_label(fact.table.row), fact.topic))
            key = column_key(fact, counts[fact.table.row_index])
            row.cells[key] = fact
            columns.setdefault(key, fact.table.column_index)
        first = cells[0].table
        assert first is not None
        ordered = sorted(columns, key=lambda key: columns[key])
        view = View(doc, page, index, first.title, ordered, [rows[i] for i in sorted(rows)])
        previous = out[-1] if out else None
        if first.continued and previous is not None and previous.doc == doc and previous.page == page - 1 \
                and previous.title == first.title:
            offset = previous.rows[-1].position + 1 if previous.rows else 0
            for row in view.rows:
                row.position += offset
            previous.rows.extend(view.rows)  # a table over several pages is one table
            previous.columns.extend(c for c in ordered if c not in previous.columns)
        else:
            out.append(view)
    return out


def role(column: str) -> str:
    """opening / closing / increase / decrease / delta / "" for a column of a movement table (期初 + 增加 − 减少
    = 期末; 本次变动前 + 本次变动增减 小计 = 本次变动后)."""
    if CHANGE_COLUMN.search(column) and re.search(r"小计|合计", column):
        return "delta"
    if CHANGE_COLUMN.search(column) and not re.search(r"增加|减少", column):
        return ""
    for name, pattern in _ROLES:
        if pattern.search(column):
            return name
    return ""


def quarter(column: str) -> int:
    """1-4 for a quarter's column ("第三季度", "（7-9 月份）"), else 0."""
    match = _QUARTER.search(column)
    if match is None:
        return 0
    text = next(g for g in match.groups() if g)
    return {"一": 1, "二": 2, "三": 3, "四": 4, "1-3": 1, "4-6": 2, "7-9": 3, "10-12": 4}.get(text) or int(text)


def is_share(fact: Fact, column: str) -> bool:
    return fact.family == "%" and bool(SHARE_COLUMN.search(column)) and not CHANGE_COLUMN.search(column)


def is_level(fact: Fact) -> bool:
    return not fact.change and fact.family not in ("%", "百分点")


__all__ = ["CHANGE_COLUMN", "SHARE_COLUMN", "TOTAL_COLUMN", "TOTAL_ROW", "Row", "View", "is_level", "is_share",
           "quarter", "role", "views"]
