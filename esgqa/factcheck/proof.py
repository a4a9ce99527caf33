"""What proves that two differing figures are one metric stated twice, and how sure the sweep may then be.

A shared label is not proof. On reports the sweep had never seen, pairs joined by their label alone were
nearly always two things: a product's revenue and its cost, two people's dates, a total and its part, two tiers
of one schedule, the group and the parent company. What was right was proof of another kind:
- structure: a prose figure named by a statement's line item ("…存货项目账面余额" and the balance sheet's 存货);
- the values themselves: two neighbouring digits swapped in a long figure, the same digits with the decimal
  point or scale word moved, one step in the last place: one figure mistyped, whatever else the labels share.
A pair proven by neither is "unconfirmed": informational, never a contradiction. English prose labels
("increased by", "million and") share words between unrelated figures far more often than Chinese ones, so
between two English prose figures only a digit swap is evidence.
"""

from __future__ import annotations

import re

from esgqa.factcheck.identity import names_line_item
from esgqa.factcheck.lexicon import MEASURES, STATEMENT, UNNAMED_CAPTION
from esgqa.facts.model import Fact
from esgqa.facts.prose import slip_rank
from esgqa.facts.slips import digits, scale_slip, transposed
from esgqa.numbers import resolution

HIGH, MEDIUM, LOW = "high", "medium", "low"
TIERS = (HIGH, MEDIUM, LOW)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MALFORMED = re.compile(r"\d,\d{1,2}(?!\d)|\d,\d{4,}")  # "7,187,81", "1,517,08": a number cut by a line wrap


def measure(m: Fact) -> str:
    """The measure a cell's table states ("revenue", "cost", "receivable", …), from its caption, then its note's
    heading, then its column; "" for prose and for tables that say nothing ("表")."""
    if m.table is None or STATEMENT.search(m.table.title):
        return ""  # a statement holds every measure; its rows name them
    caption = re.sub(r"[（(]单位[:：][^）)]*[）)]|\s+", "", m.table.title)
    for text in (caption if not UNNAMED_CAPTION.match(caption) else "", m.table.subject, m.table.column):
        for name, pattern in MEASURES:
            if text and pattern.search(text):
                return name
    return ""


def measures_differ(a: Fact, b: Fact) -> bool:
    """Two cells whose tables measure different things (revenue by product, cost by product): never one metric."""
    x, y = measure(a), measure(b)
    return bool(x) and bool(y) and x != y


def wrapped(m: Fact) -> bool:
    """A figure cut by a line wrap inside a narrow cell ("1,517,08" / "1,347.68"): a fragment, not a figure."""
    return bool(_MALFORMED.search(m.quantity.raw))


def truncated(a: Fact, b: Fact) -> bool:
    """One figure's digits are the start of the other's ("8,184,787" / "8,184,787.74"): the rest wrapped away."""
    da, db = digits(a.quantity.raw), digits(b.quantity.raw)
    short, long = sorted((da, db), key=len)
    return len(short) >= 4 and short != long and long.startswith(short)


def listed_apart(a: Fact, b: Fact) -> bool:
    """Two prose figures in parallel numbered lists of one section, a few pages apart ("五/1/(1) …按照2%提取" and
    "五/2/(4) …按照0.2%提取"): entries of two enumerations of one shape (the bands of two schedules), not one
    figure restated."""
    if a.table is not None or b.table is not None or not a.item or not b.item or a.item == b.item:
        return False
    x, y = a.item.split("/"), b.item.split("/")
    parallel = len(x) == len(y) >= 3 and x[-1].split(":")[0] == y[-1].split(":")[0]  # (1)…(5) under 1 and 2
    return parallel and x[0] == y[0] and abs(a.page - b.page) <= 3


def english(a: Fact, b: Fact) -> bool:
    """Two prose figures whose labels have no Chinese: weak identity (see the module's docstring)."""
    return a.table is None and b.table is None and not _CJK.search(a.label + b.label)


def proven(a: Fact, b: Fact) -> bool:
    """Identity from structure: a statement's line item named in prose. One row label in two tables of one
    measure is not enough (应收出口退税 by nature and among the top five debtors: a category and one debtor)."""
    if (a.table is None) == (b.table is None):
        return False
    prose, cell = (a, b) if a.table is None else (b, a)
    return names_line_item(prose, cell)


def slip_evidence(a: Fact, b: Fact) -> bool:
    """The values show one figure mistyped: the same digits (swapped, the decimal point or scale word moved), one
    step in the last place, one digit changed in a figure of five or more digits, or a bound that misses the
    other figure by a few percent ("超 2,370 万" beside 2,350 万): a bound that no longer admits its restatement."""
    ra, rb = a.quantity.raw, b.quantity.raw
    if transposed(ra, rb, least=4):
        return True
    x, y = abs(a.quantity.base_value), abs(b.quantity.base_value)
    if scale_slip(x, y) and sorted(digits(ra)) == sorted(digits(rb)):
        return True
    rank = slip_rank(ra, rb)
    if rank >= 2 or (rank == 1 and min(len(digits(ra)), len(digits(rb))) >= 5):
        return True
    step = max(resolution(a.quantity), resolution(b.quantity))  # "超5万名" / "超60,000名": one step of 万 apart
    if step > 0 and abs(abs(x - y) - step) <= 1e-9 * max(x, y, step):
        return True
    bounded = {a.qualifier, b.qualifier} & {"lower", "upper"}
    return bool(bounded) and min(x, y) > 0 and max(x, y) / min(x, y) <= 1.1


def contradiction_tier(a: Fact, b: Fact) -> str:
    """"high" (proven identity or a long digit swap), "medium" (a slip between like labels) or "" (unconfirmed)."""
    if wrapped(a) or wrapped(b) or truncated(a, b) or measures_differ(a, b) or listed_apart(a, b):
        return ""
    if transposed(a.quantity.raw, b.quantity.raw):
        return HIGH
    if english(a, b):
        return ""
    if proven(a, b):
        return HIGH
    return MEDIUM if slip_evidence(a, b) else ""


__all__ = ["HIGH", "LOW", "MEDIUM", "TIERS", "contradiction_tier", "english", "listed_apart", "measure",
           "measures_differ",
           "proven", "slip_evidence", "truncated", "wrapped"]
