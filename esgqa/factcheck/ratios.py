"""Named ratios a report states (毛利率, 资产负债率, 流动比率 …: `esgqa.facts.ratios.NAMED`), recomputed from the
terms the report states, and a change in a named ratio recomputed from its terms' growth.

In a table row (主营业务分行业: 营业收入, 营业成本, 毛利率（%）, 营业收入比上年增减（%）, …) the terms are the
row's own cells; for a prose figure ("主营业务毛利率 22.27%") they are the facts whose labels are the terms,
with the figure's own qualifier ("主营业务") in front when the report uses it, and only when the report gives
each term one value.
"""

from __future__ import annotations

import re

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.cells import CHANGE_COLUMN, View, is_level, views
from esgqa.factcheck.identity import scopes_agree
from esgqa.factcheck.rounding import decimals, fmt, holds, interval
from esgqa.facts.model import Fact
from esgqa.facts.ratios import NAMED


def _combine(how: str, a: tuple[float, float], b: tuple[float, float], percent: bool) -> tuple[float, float]:
    factor = 100.0 if percent else 1.0
    if how == "margin":  # (a - b) / a = 1 - b / a
        values = [(1 - y / x) * factor for x in a for y in b if x]
    else:
        values = [x / y * factor for x in a for y in b if y]
    return (min(values), max(values)) if values else (float("nan"), float("nan"))


def ratio_checks(facts: list[Fact]) -> list[Check]:
    out: list[Check] = []
    for view in views(facts):
        out.extend(_row_ratios(view))
    out.extend(_prose_ratios(facts))
    return out


def _column(row_cells: dict[str, Fact], term: str, change: bool) -> Fact | None:
    found = [f for c, f in row_cells.items() if term in c and bool(CHANGE_COLUMN.search(c)) == change
             and (change or is_level(f))]
    return found[0] if len(found) == 1 else None


def _row_ratios(view: View) -> list[Check]:
    out: list[Check] = []
    for pattern, (a_term, b_term), how in NAMED:
        for row in view.rows:
            stated = next((f for c, f in row.cells.items() if pattern.search(c) and not CHANGE_COLUMN.search(c)), None)
            a, b = _column(row.cells, a_term, False), _column(row.cells, b_term, False)
            if stated is None or a is None or b is None:
                continue
            percent = stated.family == "%"
            low, high = _combine(how, interval(a), interval(b), percent)
            out.append(Check("ratio", [a, b, stated], stated.text, fmt(low, high, "%" if percent else "",
                                                                      decimals(stated)), holds(stated, low, high),
                             f"{row.name}: {_formula(how, a_term, b_term)} = {_formula(how, a.text, b.text)}"))
            change = next((f for c, f in row.cells.items() if pattern.search(c) and CHANGE_COLUMN.search(c)), None)
            a_growth, b_growth = _column(row.cells, a_term, True), _column(row.cells, b_term, True)
            if change is not None and a_growth is not None and b_growth is not None and how == "margin":
                out.append(_margin_change(row.name, a, b, a_growth, b_growth, stated, change))
    return out


def _margin_change(name: str, revenue: Fact, cost: Fact, revenue_growth: Fact, cost_growth: Fact, margin: Fact,
                   change: Fact) -> Check:
    """The margin's change in points, from this year's margin and last year's, whose revenue and cost are this
    year's divided by (1 + their growth)."""
    results = []
    for r in interval(revenue):
        for c in interval(cost):
            for gr in interval(revenue_growth):
                for gc in interval(cost_growth):
                    prior = (1 - (c / (1 + gc / 100)) / (r / (1 + gr / 100))) * 100
                    for m in interval(margin):
                        results.append(m - prior)
    low, high = min(results), max(results)
    return Check("points", [revenue, cost, revenue_growth, cost_growth, margin, change], _points(change),
                 fmt(low, high, "个百分点", decimals(change)), holds(change, low, high),
                 f"{name}: 毛利率 − 上年毛利率, 上年 = 1 − (营业成本 / (1 + {cost_growth.text})) / "
                 f"(营业收入 / (1 + {revenue_growth.text}))")


def _points(fact: Fact) -> str:
    return f"{'减少' if fact.change == 'down' else '增加'}{fact.text}"


def _formula(how: str, a: str, b: str) -> str:
    return f"({a} − {b}) / {a}" if how == "margin" else f"{a} / {b}"


def _prose_ratios(facts: list[Fact]) -> list[Check]:
    by_label: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.table is not None and is_level(fact):
            by_label.setdefault(re.sub(r"\s+", "", fact.label), []).append(fact)
    out: list[Check] = []
    for fact in facts:
        if fact.table is not None or fact.change or fact.qualifier or fact.family != "%":
            continue
        for pattern, (a_term, b_term), how in NAMED:
            match = pattern.search(fact.label)
            if match is None:
                continue
            prefix = fact.label[: match.start()]
            a, b = _term(by_label, prefix, a_term, fact), _term(by_label, prefix, b_term, fact)
            if a is None or b is None:
                continue
            low, high = _combine(how, interval(a), interval(b), True)
            out.append(Check("ratio", [a, b, fact], fact.text, fmt(low, high, "%", decimals(fact)),
                             holds(fact, low, high),
                             f"{fact.label}: {_formula(how, a.metric, b.metric)} = {_formula(how, a.text, b.text)} "
                             f"(pp. {a.page}, {b.page})"))
    return out


def _term(by_label: dict[str, list[Fact]], prefix: str, term: str, fact: Fact) -> Fact | None:
    """The term's fact: "主营业务" + "营业成本" is printed 主营业务成本; one value only, else none."""
    names = [f"{prefix}{term}", f"{prefix}{term.removeprefix('营业')}"] if prefix else [term]
    for name in names:
        found = [f for f in by_label.get(name, []) if f.period_key == fact.period_key and scopes_agree(f, fact)
                 and f.doc == fact.doc]
        values = {round(f.quantity.base_value, 6) for f in found}
        if len(values) == 1:
            return found[0]
    return None


__all__ = ["ratio_checks"]
