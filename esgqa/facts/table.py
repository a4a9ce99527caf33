"""Facts from table cells: a cell's metric is its row label (and, in a table of metrics, its column), its period
is what its column header names, its unit is the table's unit line or a header's "(%)", its scope is the table's
caption (合并 vs 母公司 statements).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esgqa.facts.labels import clean_label, scope_tags
from esgqa.facts.model import Fact, TableRef
from esgqa.facts.period import CURRENT, ReportPeriod, column_period
from esgqa.ingest.model import Table, TableRow, is_blank
from esgqa.numbers import UNITS, Quantity, parse_quantity

_NUMBER = re.compile(r"(?P<sign>[-−+]?)\(?(?P<inner>[-−]?)(?P<num>\d[\d,]*(?:\.\d+)?)\)?")
_POINTS = re.compile(r"(?P<dir>增加|减少|上升|下降)?\s*(?P<num>[-−+]?\d[\d,]*(?:\.\d+)?)\s*个?百分点")
_PERCENT = re.compile(r"[（(]\s*%\s*[）)]|%|％|百分比")
_PER = re.compile(r"[（(]\s*(?P<unit>[^（()）]{1,6}/[^（()）]{1,6})\s*[）)]")
_CHANGE = re.compile(r"增减|变动(?![前后])|变化|增长率|增幅|比上年|较上年|同比|比上期|较上期")
_GENERIC_COLUMN = re.compile(r"^(?:金额|数|数额|余额|发生额|账面价值|账面余额|合计|数量|累计|比例)$")
_PERIOD_WORDS = re.compile(
    r"(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|末|度|年末)?|第[一二三四1-4]季度|[（(]\d{1,2}-\d{1,2}月份?[）)]"
    r"|本期期末|上期期末|本期期初|本报告期|上年同期|本期|上期|本年|上年|期末|期初|年末|年初|当期|同期|本年累计")
_SCOPE = (("母公司", "母公司"), ("合并", "合并"))
_IDENTIFIER_COLUMN = re.compile(r"代码|编号|序号|证号|电话|邮编|账号|号码|代表人|传真")  # codes are not figures


def table_scope(table: Table, section: str | None = None) -> str | None:
    """合并 or 母公司 from the table's caption, else from the section it stands in."""
    text = table.title + " ".join(table.caption)
    return next((scope for word, scope in _SCOPE if word in text), section)


_SECTION = re.compile(r"^[一二三四五六七八九十]+[、.]\s*(?P<name>.{2,30})$")
_NOTE = re.compile(r"^\d{1,3}[、.．]\s*(?P<name>[\u4e00-\u9fff（）()、]{2,20})\s*$")  # "5、 应收账款", not "(1)."


@dataclass(frozen=True)
class TableContext:
    scope: str | None  # the statement a section heading names ("母公司财务报表主要项目注释")
    subject: str  # the note heading above ("8、 其他应收款" -> "其他应收款")


def table_contexts(pages: list[tuple[str, list[Table]]]) -> dict[tuple[int, int], TableContext]:
    """For every table (page, index), the section and note it stands under, from the headings met in reading
    order: a note table's rows ("押金保证金") are of that note's item, and its statement is the section's."""
    out: dict[tuple[int, int], TableContext] = {}
    scope: str | None = None
    subject = ""
    for prose, tables in pages:
        lines = [line.strip() for line in prose.split("\n") if line.strip()]
        captions = [next((i for i, line in enumerate(lines) if t.caption and line == t.caption[0].strip()), None)
                    for t in tables]
        cursor = 0
        for table, at in zip(tables, captions, strict=True):
            stop = at if at is not None else (len(lines) if table is tables[-1] else cursor)
            for line in [*lines[cursor:stop], *table.caption]:  # a caption can be the note's heading
                scope, subject = _heading(line, scope, subject)
            cursor = max(cursor, stop + len(table.caption) if at is not None else stop)
            out[(table.page, table.index)] = TableContext(scope, subject)
        for line in lines[cursor:]:
            scope, subject = _heading(line, scope, subject)
    return out


def _heading(line: str, scope: str | None, subject: str) -> tuple[str | None, str]:
    compact = re.sub(r"\s+", "", line)
    if match := _SECTION.match(compact):
        name = match.group("name")
        found = next((s for word, s in _SCOPE if word in name and "财务报表" in name), None)
        return (found if found else scope if "注释" in name or "附注" in name else None), ""
    if match := _NOTE.match(compact):
        return scope, match.group("name")
    return scope, subject


_MONEY = re.compile(r"金额|数额|收入|成本|费用|利润|资产|负债|余额|现金|价款|分红|红利|款项|资本|公积|税|工资|薪酬|"
                    r"投资|借款|价值|收益|损失|支出|股利")


def _unit(table: Table, row: TableRow, column: str, money: str = "") -> str:
    """The cell's unit: a "(%)" in its header or label wins, then "(元/股)", the row's 单位, the table's; a
    table that names no unit, in a report whose tables count money in `money`, counts money columns in it."""
    if _PERCENT.search(column) or _PERCENT.search(row.label):
        return "%"
    for text in (row.label, column):
        if match := _PER.search(text):
            return match.group("unit").replace("／", "/").replace(" ", "")
    if row.unit or table.unit:
        return row.unit or table.unit
    return money if money and (_MONEY.search(column) or _MONEY.search(row.label)) else ""


def cell_quantity(cell: str, unit: str) -> Quantity | None:
    """A cell's figure with the unit the table gives it (its own "%" wins): "1,175,301,034.32" in 元, "-4.49" in %,
    "(1,234.00)" (negative), "减少4.07个百分点" (-4.07 percentage points)."""
    text = cell.replace(" ", "").replace("−", "-")
    if text.endswith(("%", "％")):
        unit = "%"  # a cell's own % sign wins over the table's unit line (单位：元 above a share column)
    if match := _POINTS.fullmatch(text):
        value = float(match.group("num").replace(",", ""))
        if match.group("dir") in ("减少", "下降"):
            value = -abs(value)
        return Quantity(cell, value, "个百分点", value, "百分点", -1, -1)
    match = _NUMBER.fullmatch(text.rstrip("%％"))
    if match is None:
        return None
    value = float(match.group("num").replace(",", ""))
    negative = match.group("sign") == "-" or match.group("inner") == "-" or (text.startswith("(") and
                                                                            text.endswith(")"))
    value = -value if negative else value
    if unit and unit not in UNITS and not re.fullmatch(r"[万亿千百]+.*", unit) and "/" in unit:
        return Quantity(cell, value, unit, value, unit, -1, -1)
    parsed = parse_quantity(f"{abs(value)}{unit}") if unit else None
    if parsed is None:
        return Quantity(cell, value, unit if unit != "%" else "%", value, unit, -1, -1)
    factor = parsed.base_value / parsed.value if parsed.value else 1.0
    return Quantity(cell, value, parsed.unit, value * factor, parsed.base_unit, -1, -1)


_ROW_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|"
                         r"(?:加|减|其中)[：:])+")


def table_label(text: str) -> str:
    """A row label as a metric: its numbering and 加：/减：/其中： marks dropped, its words kept whole
    ("四、净利润" -> "净利润", "在建工程" stays "在建工程")."""
    return _ROW_PREFIX.sub("", re.sub(r"\s+", "", text)).strip("：:")


def _metric(row: TableRow, column: str, period_named: bool, change: bool) -> str:
    """The row label, with the column's own words when the column names a metric rather than only a period
    (a table by product: 冷冻设备 × 营业收入). A change column's metric is its row's."""
    label = table_label(row.label)
    if change:
        return label
    rest = _PERIOD_WORDS.sub("", column)
    rest = re.sub(r"[（(][^（()）]*[)）]", "", rest)
    rest = clean_label(rest)
    if not rest or _GENERIC_COLUMN.match(rest) or (period_named and len(rest) <= 2):
        return label
    return f"{label}{rest}" if label else rest


def _caption_period(caption: tuple[str, ...], report: ReportPeriod) -> str | None:
    """A date line above a statement ("2019 年 12 月 31 日", "2019 年 1-12 月") is the period of its columns;
    prose above a table is not."""
    for line in caption:
        compact = re.sub(r"\s+", "", line)
        if len(compact) <= 20 and re.fullmatch(r"[\d年月日度至\-—–（）()截止]+", compact):
            return column_period(compact, report)
    return None


def money_unit(tables: list[Table]) -> str:
    """The unit most of a report's tables count money in ("元", "万元"), from their unit lines."""
    from collections import Counter

    counts = Counter(t.unit for t in tables if t.unit.endswith("元"))
    return counts.most_common(1)[0][0] if counts else ""


def table_facts(table: Table, doc: str, doc_id: str, report: ReportPeriod, start_index: int = 0,
                money: str = "", context: TableContext | None = None) -> list[Fact]:
    """One fact per figure cell of `table`; `money` is the report's usual money unit (`money_unit`), `context`
    the section and note the table stands under (`table_contexts`)."""
    scope = table_scope(table, context.scope if context else None)
    subject = context.subject if context else ""
    caption_period = _caption_period(table.caption, report)
    facts: list[Fact] = []
    for row_index, (row, columns, section) in enumerate(table.data_rows()):
        for column_index, (column, cell) in enumerate(zip(columns, row.cells, strict=False)):
            if is_blank(cell) or _IDENTIFIER_COLUMN.search(column):
                continue
            change = bool(_CHANGE.search(column))
            quantity = cell_quantity(cell, _unit(table, row, column, money))
            if quantity is None:
                continue
            period = column_period(column, report) or column_period(row.label, report) or caption_period \
                or CURRENT
            label = _metric(row, column, column_period(column, report) is not None, change)
            words = re.sub(r"\s+", "", column)
            fact = Fact(doc=doc, page=table.page, quantity=quantity, start=-1, end=-1, raw=cell,
                        period=words if column_period(column, report) else None, period_key=period,
                        label=label, tags=scope_tags(row.label), topic=clean_label(section) if section else "",
                        sentence=f"{table.heading()} {row.label}：{words} {cell}".strip(),
                        index=start_index + len(facts), line=-(table.index + 1),
                        sentence_start=-(table.index * 10_000 + row_index + 1), doc_id=doc_id,
                        table=TableRef(table.title, row.label, column, table.index, row_index, table.unit, subject,
                                           table.continued, column_index),
                        scope=scope)
            if change:  # a change is stated as its size and direction, as in prose ("同比降低 12.9%")
                fact.change = "down" if quantity.value < 0 else "up"
                fact.period_key = CURRENT if period in (CURRENT, "previous") else period
                fact.quantity = Quantity(quantity.raw, abs(quantity.value), quantity.unit, abs(quantity.base_value),
                                         quantity.base_unit, -1, -1)
            facts.append(fact)
    return facts


__all__ = ["TableContext", "cell_quantity", "money_unit", "table_contexts", "table_facts", "table_label",
           "table_scope"]
