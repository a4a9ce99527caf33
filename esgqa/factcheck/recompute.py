"""Recomputation inside a table: what its own cells determine, recomputed and compared with what it states.

- a change column (同比增减(%), 增减额, 增减百分点) against the row's current and previous columns;
- a share column (占总资产的比例(%), 比例) against the row's amount and the whole (the table's 100% row or total
  row, or the total the header names, wherever it stands in the report);
- a total row (合计, 小计, 资产总计) against the rows above it;
- a movement table (期初 + 增加 − 减少 = 期末) row by row; a total column against the columns it adds up.

A table's structure is read from its labels, and a reading is trusted only where the table confirms it: a
column whose relation holds on other rows, a total whose formula holds in another column. A row that breaks a
confirmed relation is a finding; a relation that holds nowhere is a misreading of the structure and is dropped
(unless the figures miss by less than a rounding slip would explain: `NEAR`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.attempts import Attempt, confirmed, gap, scale
from esgqa.factcheck.cells import CHANGE_COLUMN, TOTAL_COLUMN, Row, View, is_level, role, views
from esgqa.factcheck.rounding import decimals, fmt, holds, span, sum_span
from esgqa.factcheck.shares import share_attempts
from esgqa.factcheck.totals import total_attempts
from esgqa.factcheck.wholes import Wholes
from esgqa.facts.model import Fact

_ELIMINATION = re.compile(r"抵销|抵消|[Ee]limination")  # inter-segment eliminations are taken off the total


def table_checks(facts: list[Fact]) -> list[Check]:
    """Every relation the report's tables determine, trusted as described above."""
    wholes = Wholes(facts)
    attempts: list[Attempt] = []
    for view in views(facts):
        attempts.extend(_changes(view))
        attempts.extend(share_attempts(view, wholes))
        attempts.extend(total_attempts(view))
        attempts.extend(_movements(view))
        attempts.extend(_total_columns(view))
        attempts.extend(_net_of_allowance(view))
    return confirmed(attempts)


def _nearest(row: Row, columns: list[str], before: str, test: Callable[[Fact], bool]) -> Fact | None:
    position = columns.index(before)
    found = [row.cells[c] for c in columns[:position] if c in row.cells and test(row.cells[c])]
    return found[-1] if found else None


def _changes(view: View) -> list[Attempt]:
    out: list[Attempt] = []
    for column in view.columns:
        if not CHANGE_COLUMN.search(column) or role(column):
            continue
        for row in view.rows:
            stated = row.cells.get(column)
            if stated is None or not stated.change:
                continue
            levels = [row.cells[c] for c in view.columns if c in row.cells and c != column]
            current = next((f for f in reversed(_left(row, view.columns, column)) if not f.change
                            and f.period_key == "current" and f.label == stated.label), None)
            previous = next((f for f in levels if not f.change and f.period_key == "previous"
                             and f.label == stated.label and (current is None or f.family == current.family)), None)
            if current is None or previous is None:
                continue
            attempt = _change(view, column, row, previous, current, stated)
            if attempt is not None:
                out.append(attempt)
    return out


def _left(row: Row, columns: list[str], column: str) -> list[Fact]:
    return [row.cells[c] for c in columns[: columns.index(column)] if c in row.cells]


def _change(view: View, column: str, row: Row, previous: Fact, current: Fact, stated: Fact) -> Attempt | None:
    inputs = [previous, current]
    options: list[tuple[str, tuple[float, float], str]] = []
    if stated.family == current.family and current.family != "%":
        options.append(("difference", span(lambda p, c: c - p, inputs), "本期 − 上期"))
    if current.family == "%" and stated.family in ("%", "百分点"):
        options.append(("points", span(lambda p, c: c - p, inputs), "本期 − 上期 (percentage points)"))
    if stated.family == "%" and 0.0 not in _sign_range(previous):
        options.append(("growth", span(lambda p, c: (c - p) / abs(p) * 100, inputs), "(本期 − 上期) / |上期|"))
        if previous.quantity.value < 0:  # some reports divide by the signed prior figure
            options.append(("growth", span(lambda p, c: (c - p) / p * 100, inputs), "(本期 − 上期) / 上期"))
    if not options:
        return None
    ok_option = next((o for o in options if holds(stated, *o[1])), None)
    relation, (low, high), formula = ok_option or next(o for o in options if o[0] != "growth" or "|" in o[2]) \
        if ok_option or stated.family != "%" else next(o for o in options if o[0] == "growth")
    unit = "个百分点" if relation == "points" else stated.quantity.unit if relation == "growth" else ""
    digits = decimals(stated)
    expected = fmt(low, high, "%" if relation == "growth" else unit, digits) if relation != "difference" else \
        fmt(low / scale(stated), high / scale(stated), stated.quantity.unit, digits)
    check = Check(relation, [previous, current, stated], _signed_text(stated), expected, ok_option is not None,
                  f"{row.name}: {formula} = ({current.text} − {previous.text}) in {view.title or 'the table'}")
    return Attempt(("change", view.doc, view.page, view.index, column), check, gap(stated, low, high))


def _sign_range(fact: Fact) -> tuple[float, ...]:
    low, high = span(lambda x: x, [fact])
    return (0.0,) if low <= 0 <= high else ()


def _signed_text(fact: Fact) -> str:
    return f"-{fact.text}" if fact.change == "down" and not fact.text.startswith("-") else fact.text


def _movements(view: View) -> list[Attempt]:
    amounts = {c for row in view.rows for c, f in row.cells.items() if is_level(f) or f.family != "%"}
    roles = {column: role(column) for column in view.columns if column in amounts}
    opening = [c for c, r in roles.items() if r == "opening"]
    closing = [c for c, r in roles.items() if r == "closing"]
    moves = [c for c, r in roles.items() if r == "delta"] or \
        [c for c, r in roles.items() if r in ("increase", "decrease")]
    if len(opening) != 1 or len(closing) != 1 or not moves:
        return []
    out: list[Attempt] = []
    for row in view.rows:
        start, end = row.cells.get(opening[0]), row.cells.get(closing[0])
        if start is None or end is None or not (is_level(start) and is_level(end)):
            continue
        if not all(c in row.cells and row.cells[c].family == end.family for c in moves):
            continue  # a movement read with a cell missing is no movement
        terms = [(start, 1.0)] + [(row.cells[c], -1.0 if roles[c] == "decrease" else 1.0) for c in moves]
        low, high = sum_span([t for t, _ in terms], [s for _, s in terms])
        formula = " ".join(f"{'−' if s < 0 else '+'} {t.text}" for t, s in terms).lstrip("+ ")
        check = Check("movement", [*(t for t, _ in terms), end], end.text,
                      fmt(low / scale(end), high / scale(end), "", decimals(end)), holds(end, low, high),
                      f"{row.name}: {closing[0]} = {formula}")
        out.append(Attempt(("movement", view.doc, view.page, view.index), check, gap(end, low, high)))
    return out


_GROSS = re.compile(r"账面余额|原值|原价|[Gg]ross")
_ALLOWANCE = re.compile(r"坏账准备|减值准备|跌价准备|累计折旧|累计摊销|[Aa]llowance|[Pp]rovision|[Ii]mpairment")
_NET_VALUE = re.compile(r"账面价值|账面净值|净值|[Cc]arrying|[Nn]et (?:book )?value")


def _net_of_allowance(view: View) -> list[Attempt]:
    """账面价值 = 账面余额 − 坏账准备 (or 减值准备, 累计折旧), per period, in each row."""
    out: list[Attempt] = []
    for row in view.rows:
        by_period: dict[str, dict[str, Fact]] = {}
        for column, fact in row.cells.items():
            if not is_level(fact):
                continue
            kind = "net" if _NET_VALUE.search(column) else "allowance" if _ALLOWANCE.search(column) else \
                "gross" if _GROSS.search(column) else ""
            if kind and kind not in by_period.setdefault(fact.period_key, {}):
                by_period[fact.period_key][kind] = fact
        for found in by_period.values():
            gross, net = found.get("gross"), found.get("net")
            if gross is None or net is None:
                continue
            allowance = found.get("allowance")
            terms = [gross] + ([allowance] if allowance is not None else [])
            low, high = sum_span(terms, [1.0, -1.0][: len(terms)])
            formula = f"{gross.text} − {allowance.text}" if allowance is not None else f"{gross.text} (no allowance)"
            check = Check("net value", [*terms, net], net.text, fmt(low / scale(net), high / scale(net), "",
                                                                    decimals(net)),
                          holds(net, low, high), f"{row.name}: 账面价值 = 账面余额 − 准备 = {formula}")
            out.append(Attempt(("net value", view.doc, view.page, view.index), check, gap(net, low, high)))
    return out


def _last(header: str) -> str:
    return header.split("#")[0].split(" ")[-1]


def _prefix(header: str) -> str:
    return header.split("#")[0].rpartition(" ")[0]


def _total_columns(view: View) -> list[Attempt]:
    """A total column (合计, 小计, "…所有者权益合计") against the columns it closes: those under its own header
    (its prefix) since the previous total column, which counts as a term itself; "减：库存股" subtracts."""
    out: list[Attempt] = []
    for k, column in enumerate(view.columns):
        if not (TOTAL_COLUMN.match(_last(column)) or re.search(r"(?:合计|总计)$", _last(column))):
            continue
        prefix = _prefix(column)
        earlier = [j for j in range(k) if view.columns[j].startswith(prefix)]
        totals = [j for j in earlier if TOTAL_COLUMN.match(_last(view.columns[j])) or
                  re.search(r"(?:合计|总计)$", _last(view.columns[j]))]
        start = totals[-1] if totals else -1
        members = [view.columns[j] for j in earlier if j >= start and (j == start or j not in totals)]
        if CHANGE_COLUMN.search(column) is None:
            members = [c for c in members if not CHANGE_COLUMN.search(c)]
        signs = {c: -1.0 if _ELIMINATION.search(c) or re.search(r"减[：:]\s*\S+$", c.split("#")[0]) else 1.0
                 for c in members}
        for row in view.rows:
            stated = row.cells.get(column)
            if stated is None or stated.family == "%":
                continue
            keys = [c for c in members if c in row.cells and row.cells[c].family == stated.family
                    and row.cells[c].period_key == stated.period_key]
            if len(keys) < 2 and not (keys and len(members) >= 2):
                continue
            cells = [row.cells[c] for c in keys]
            low, high = sum_span(cells, [signs[c] for c in keys])
            formula = " ".join(f"{'−' if signs[c] < 0 else '+'} {row.cells[c].text}" for c in keys).lstrip("+ ")
            check = Check("total", [*cells, stated], stated.text,
                          fmt(low / scale(stated), high / scale(stated), "", decimals(stated)),
                          holds(stated, low, high), f"{row.name}: {column} = {formula}")
            out.append(Attempt(("total column", view.doc, view.page, view.index, column), check,
                               gap(stated, low, high)))
    return out


__all__ = ["table_checks"]
