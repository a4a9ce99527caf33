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


def may_be_one_metric(a: Fact, b: Fact) -> bool:
    """The gate: table facts must name the same metric in the same statement; generic labels never pass."""
    if a.table is None and b.table is None:
        if abs(a.page - b.page) <= 3 and sibling_items(a.item, b.item):
            return False  # "1.南通四方…公司 总资产" and "2.NTTANK 总资产": two items of one list
        return not (generic(a) or generic(b))  # prose: `esgqa.factcheck.matching` decides the rest
    if generic(a) or generic(b) or not scopes_agree(a, b) or same_table(a, b):
        return False
    if a.table is not None and b.table is not None:
        return metric_words(a) == metric_words(b)
    cell, prose = (a, b) if a.table is not None else (b, a)
    row = table_label(cell.table.row) if cell.table is not None else ""
    parts = metric_words(cell).split("|")
    column = parts[-1] if len(parts) > 1 and parts[-1] != row else ""  # a table of metrics: 营业收入 × 罐式集装箱
    named = row in prose.label or (prose.label in row and len(prose.label) >= 4)
    return len(row) >= 4 and named and (not column or column in prose.label + prose.topic)


__all__ = ["GENERIC", "generic", "may_be_one_metric", "metric_words", "same_table", "scopes_agree"]
