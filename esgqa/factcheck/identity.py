"""When two facts can be one metric at all: the gate a contradiction must pass before its values are compared.

A table cell's metric is its row label, its column's own words and the table's statement; a prose figure's is
its label. Two facts are comparable only when those agree and neither label is generic ("合计", "其他",
"本期"): an empty or generic label never makes a contradiction. Two cells of one row are the same metric at
different periods, which is what a table is for, not a finding.
"""

from __future__ import annotations

import re
from functools import lru_cache

from esgqa.facts.items import sibling_items
from esgqa.facts.model import Fact
from esgqa.facts.table import table_label

GENERIC = frozenset("合计 总计 小计 其他 其中 项目 本期 上期 期末 期初 金额 余额 数量 比例 说明 其他说明 账面余额 "
                    "账面价值 本期发生额 上期发生额 期末余额 期初余额 本期数 上期数 本年 上年 总额 净额 减 加 计 年初 "
                    "年末 人民币 美元 港元 欧元 元 万元 股 人 个".split())
_PERIOD = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|末|度)?|本期|上期|期末|期初|上年同期|"
                     r"本年|上年|年初|年末|第[一二三四]季度|[（(][^）)]*月份?[）)]")


_NOTE_REF = re.compile(r"(?:附注)?[一二三四五六七八九十]+[、.．]\d+(?:[.．]\d+)*$")  # "研发费用 七、65"
_WIDE = str.maketrans("（）：", "():")


def row_metric(text: str) -> str:
    """A row label as one metric across tables: the statement's note reference ("研发费用 七、65" is the
    note's 研发费用) and the width of brackets ("（元/股）", "(元/股)") say nothing about the metric."""
    return _NOTE_REF.sub("", table_label(text)).translate(_WIDE)


def metric_words(fact: Fact) -> str:
    """The words that name a fact's metric: a cell's row label (and its column's non-period words)."""
    if fact.table is not None:
        column = _PERIOD.sub("", re.sub(r"\s+", "", fact.table.column))
        column = "" if column in GENERIC or len(column) <= 1 else column
        return "|".join(x for x in (fact.table.subject, table_label(fact.table.row), column) if x)
    return fact.label


def generic(fact: Fact) -> bool:
    """A label that names no metric by itself: too short, a total's word, a currency, a period."""
    label = table_label(fact.table.row) if fact.table is not None else fact.label
    core = re.sub(r"[\d.,%#…\s]+", "", label)
    return len(core) < 3 or core in GENERIC or core.removeprefix("其中") in GENERIC or not _names_a_thing(core)


@lru_cache(maxsize=65536)
def _names_a_thing(label: str) -> bool:
    """A phrase that ends in a time word ("激励对象可以在未来 48 个月内") is a clause cut short before its figure,
    not the name of a metric."""
    if not re.search(r"[\u4e00-\u9fff]", label):
        return True
    from esgqa.query.terms import pos_tags

    tags = [flag for word, flag in pos_tags(label) if word.strip()]
    return not tags or tags[-1] != "t"


UNSTATED = frozenset({"FORECAST", "ORIGINAL"})  # an estimate, a value later replaced: never a contradiction


def scopes_agree(a: Fact, b: Fact) -> bool:
    """Consolidated and parent-company statements are different subjects; an unstated scope reads as the
    group's own (a key-figures table, a prose figure), never as the parent company's."""
    return (a.scope or "合并") == (b.scope or "合并")


def same_table(a: Fact, b: Fact) -> bool:
    """Two cells of one table (a table that runs over pages counts as one): its rows are distinct entries
    even when they share a label (one person's several grants, one item under 原价 and under 累计折旧)."""
    if a.table is None or b.table is None:
        return False
    if a.page == b.page and a.table.index == b.table.index:
        return True
    return a.table.title == b.table.title and bool(a.table.title) and abs(a.page - b.page) <= 3


_BUCKET = re.compile(r"\d|以内|以上|以下|至|年内|个月")  # "1年以内", "1至2年": a breakdown's bucket
_AMOUNT_COLUMN = re.compile(r"金额|余额|发生额|^数$|价值|账面|合计|小计|总额|数额|^额$")


def same_cell_metric(a: Fact, b: Fact) -> bool:
    """Two cells of different tables name one metric when their rows do, and their columns do where a column
    names a metric of its own (营业收入 × 冷冻设备). A specific row label ("库存现金", "工业和信息化专项资金") is
    the same item in any note; a bucket or short label ("1年以内", "其他") is the same only under one note."""
    assert a.table is not None and b.table is not None
    row_a, row_b = row_metric(a.table.row), row_metric(b.table.row)
    if row_a != row_b:
        return False
    columns = [_column_words(f) for f in (a, b)]
    if any(columns) and columns[0] != columns[1]:
        return False
    if len(row_a) < 4 or _BUCKET.search(row_a):
        return bool(a.table.subject) and a.table.subject == b.table.subject
    return True


def same_note(a: Fact, b: Fact) -> bool:
    """Two cells under one note (or both under none) and not two differently titled tables of one page: their
    shared row label names one item. Under two notes ("押金保证金" of 其他应收款 and of 其他应付款) it may name two."""
    assert a.table is not None and b.table is not None
    if a.table.subject != b.table.subject:
        return False
    return not (a.page == b.page and a.table.title != b.table.title)


def _column_words(fact: Fact) -> str:
    assert fact.table is not None
    column = _PERIOD.sub("", re.sub(r"\s+", "", fact.table.column))
    return "" if not column or column in GENERIC or _AMOUNT_COLUMN.search(column) or len(column) <= 1 else column


_ACCOUNT_WORDS = re.compile(r"(?:项目)?(?:的)?(?:期末|年末)?(?:账面余额|账面价值|账面净值|余额|金额|净额)?")


def names_line_item(prose: Fact, cell: Fact) -> bool:
    """A prose figure labelled with a statement's line item, and nothing but accounting words after it
    ("存货项目账面余额" and the balance sheet's 存货): one metric, however short the item's name."""
    if cell.table is None or not re.search(r"资产负债表|利润表|现金流量表", cell.table.title):
        return False
    row = re.sub(r"[（(][^（()）]*[)）]", "", table_label(cell.table.row))
    at = prose.label.rfind(row) if len(row) >= 2 else -1
    if at < 0:
        return False
    before, rest = prose.label[:at], prose.label[at + len(row):]
    # "…财务报表所示存货项目账面余额": what comes before the item may only say where it is shown
    return bool(rest) and bool(_ACCOUNT_WORDS.fullmatch(rest)) and (not before or "报表" in before)


def may_be_one_metric(a: Fact, b: Fact) -> bool:
    """The gate: table facts must name the same metric in the same statement; generic labels never pass."""
    if a.table is None and b.table is None:
        if abs(a.page - b.page) <= 3 and sibling_items(a.item, b.item):
            return False  # "1.南通四方…公司 总资产" and "2.NTTANK 总资产": two items of one list
        return not (generic(a) or generic(b))  # prose: `esgqa.factcheck.matching` decides the rest
    if not scopes_agree(a, b) or same_table(a, b):
        return False
    if (a.table is None) != (b.table is None) and names_line_item(a if a.table is None else b,
                                                                  b if a.table is None else a):
        return True
    if generic(a) or generic(b):
        return False
    if a.table is not None and b.table is not None:
        return same_cell_metric(a, b)
    cell, prose = (a, b) if a.table is not None else (b, a)
    row = table_label(cell.table.row) if cell.table is not None else ""
    parts = metric_words(cell).split("|")
    column = parts[-1] if len(parts) > 1 and parts[-1] != row else ""  # a table of metrics: 营业收入 × 罐式集装箱
    named = row in prose.label or (prose.label in row and len(prose.label) >= 4)
    return len(row) >= 4 and named and (not column or column in prose.label + prose.topic)


__all__ = ["GENERIC", "generic", "may_be_one_metric", "metric_words", "names_line_item", "row_metric",
           "same_cell_metric", "same_note", "same_table", "scopes_agree"]
