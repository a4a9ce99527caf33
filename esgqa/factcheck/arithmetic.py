"""Arithmetic the report states in one place: parts and totals, levels and their changes.

Recognised relations (all within a paragraph, so that the figures are about one thing):
- total of named parts: "范围 1 为 92.6 万吨 … 范围 2 … 375.5 万吨 … （即范围 1、2 之和）为 468.1 万吨", "二者合计";
- a part is not more than its whole: "14,002 人，其中包括 3,744 名";
- level, absolute and relative change: "468.1 万吨，同比降低 69.1 万吨，即减少 12.9%";
- prior level, level and change: "减碳量达 141.9 万吨，相比上一财年减碳量 62.0 万吨显著提升 128.9%",
  "从 2022 财年的 21.6% 提升到 53.9%，同比增长 1.5 倍".
Tolerances come from the rounding of every stated figure: the relation must hold for some values that round to
the stated ones (interval arithmetic over the corners of the rounding box).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from esgqa.factcheck.findings import ARITHMETIC, Finding
from esgqa.factcheck.rounding import holds, interval, span
from esgqa.facts.prose import Fact

_SUM = re.compile(r"之和|总和|合计|总计|共计")
_COUNT_OF_PARTS = {"二者": 2, "两者": 2, "两项": 2, "三者": 3, "三项": 3}
_PERSONS = {"人", "名", "位"}


@dataclass
class Check:
    """One arithmetic relation among the report's figures: what it should be, what is stated, and how the
    recomputation went (`formula` names the inputs as the report does)."""

    relation: str
    mentions: list[Fact]  # the inputs, then the stated figure
    stated: str
    expected: str
    ok: bool
    formula: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"relation": self.relation, "pages": sorted({m.page for m in self.mentions}), "ok": self.ok,
                "stated": self.stated, "expected": self.expected, "formula": self.formula,
                "figures": [m.text for m in self.mentions],
                "inputs": [{"page": m.page, "value": m.text, "label": m.metric,
                            **({"row": m.table.row, "column": m.table.column} if m.table else {})}
                           for m in self.mentions]}


def _interval(m: Fact) -> tuple[float, float]:
    return interval(m, direction=False)  # prose states a change's direction in words; the relations add the sign


def _range(fn: Callable[..., float], figures: Sequence[Fact]) -> tuple[float, float]:
    return span(fn, figures, direction=False)


def _holds(stated: Fact, low: float, high: float) -> bool:
    return holds(stated, low, high, direction=False)


def _fmt(low: float, high: float, unit: str) -> str:
    return f"{low:.4g}–{high:.4g}{unit}" if abs(high - low) > 1e-9 else f"{low:.4g}{unit}"


def _same_family(a: Fact, b: Fact) -> bool:
    return a.family == b.family or (a.family in _PERSONS and b.family in _PERSONS)


def arithmetic_checks(mentions: list[Fact]) -> list[Check]:
    by_line: dict[tuple[str, int, int], list[Fact]] = {}
    for m in mentions:
        if not m.identifier_like and not m.in_range and not m.callout and m.table is None:
            by_line.setdefault((m.doc, m.page, m.line), []).append(m)
    checks: list[Check] = []
    for paragraph in by_line.values():
        checks.extend(_totals(paragraph))
        checks.extend(_parts_within(paragraph))
        checks.extend(_changes(paragraph))
    return checks


def _levels_before(paragraph: list[Fact], total: Fact) -> list[Fact]:
    return [m for m in paragraph if m.index < total.index and not m.change and _same_family(m, total)
            and m.period_key == total.period_key and not m.qualifier]


def _totals(paragraph: list[Fact]) -> list[Check]:
    checks: list[Check] = []
    for total in paragraph:
        if total.change or total.qualifier or not _SUM.search(total.before):
            continue
        earlier = _levels_before(paragraph, total)
        parts: list[Fact] = []
        if len(total.tags) >= 2:
            for tag in sorted(total.tags):
                tagged = [m for m in earlier if m.tags == frozenset({tag})]
                if tagged:
                    parts.append(tagged[-1])
            if len(parts) != len(total.tags):
                continue
        else:
            count = next((n for word, n in _COUNT_OF_PARTS.items() if word in total.before), 0)
            if not count or len(earlier) < count:
                continue
            parts = earlier[-count:]
        low, high = _range(lambda *xs: sum(xs), parts)
        ok = _holds(total, low, high)
        names = " + ".join(m.text for m in parts)
        checks.append(Check("sum", [*parts, total], f"{total.text}", f"{names} = {_fmt(low, high, '')}", ok))
    return checks


def _parts_within(paragraph: list[Fact]) -> list[Check]:
    checks: list[Check] = []
    for part in paragraph:
        if part.change or "其中" not in part.before:
            continue
        wholes = [m for m in _levels_before(paragraph, part) if m.sentence_start == part.sentence_start]
        if not wholes or wholes[-1].qualifier:
            continue
        whole = wholes[-1]
        low_part, _ = _interval(part)
        _, high_whole = _interval(whole)
        checks.append(Check("part<=whole", [whole, part], part.text, f"<= {whole.text}", low_part <= high_whole))
    return checks


def _changes(paragraph: list[Fact]) -> list[Check]:
    checks: list[Check] = []
    for change in paragraph:
        if not change.change or change.qualifier:
            continue
        same = [m for m in paragraph if m.sentence_start == change.sentence_start and m.index < change.index
                and not m.qualifier]
        levels = [m for m in same if not m.change]
        current = next((m for m in reversed(levels) if m.period_key == "current"), None)
        if current is None:
            continue
        sign = 1.0 if change.change == "up" else -1.0
        if change.label != current.label:
            continue  # the change is about something else than the level before it
        prior = next((m for m in reversed(levels) if m.period_key != "current" and _same_family(m, current)
                      and m.label == current.label), None)
        absolute = next((m for m in reversed(same) if m.change and _same_family(m, current)
                         and m.label == current.label), None)
        relative = change.family in ("%", "倍") and not _same_family(change, current)
        if relative and prior is not None:
            checks.append(_relative_from_levels(prior, current, change, sign))
        elif relative and absolute is not None and absolute.change == change.change:
            # prior = current - sign*abs; relative = abs / prior
            low, high = _range(lambda c, a, s=sign: a / (c - s * a) * 100, [current, absolute])
            ok = _holds(change, *_as_stated(change, low, high))
            checks.append(Check("change", [current, absolute, change], change.text,
                                _fmt(*_as_stated(change, low, high), change.quantity.unit), ok))
        elif not relative and prior is not None and _same_family(change, current):
            low, high = _range(lambda p, c, s=sign: s * (c - p), [prior, current])
            checks.append(Check("change", [prior, current, change], change.text,
                                _fmt(low, high, ""), _holds(change, low, high)))
    return checks


def _as_stated(change: Fact, low_percent: float, high_percent: float) -> tuple[float, float]:
    """A relative change computed in percent, in the unit the report used (% or 倍)."""
    if change.family == "倍":
        return low_percent / 100, high_percent / 100
    return low_percent, high_percent


def _relative_from_levels(prior: Fact, current: Fact, change: Fact, sign: float) -> Check:
    low, high = _range(lambda p, c: sign * (c - p) / p * 100, [prior, current])
    ok = _holds(change, *_as_stated(change, low, high))
    expected = _fmt(*_as_stated(change, low, high), change.quantity.unit)
    if not ok and prior.family == "%" and change.family == "%":  # a change in percentage points
        p_low, p_high = _range(lambda p, c: sign * (c - p), [prior, current])
        if _holds(change, p_low, p_high):
            ok, expected = True, f"{_fmt(p_low, p_high, '')} percentage points"
    if not ok and change.family == "倍":  # "增长 1.5 倍" read as "to 1.5 times"
        r_low, r_high = _range(lambda p, c: c / p, [prior, current])
        if _holds(change, r_low, r_high):
            ok, expected = True, f"{_fmt(r_low, r_high, '倍')} (read as 'to N times')"
    return Check("change", [prior, current, change], change.text, expected, ok)


_NAMES = {"sum": "sum of parts", "total": "total", "movement": "movement (opening + changes = closing)",
          "share": "share", "growth": "growth rate", "points": "change in percentage points",
          "difference": "change", "change": "change", "balance": "balance sheet identity",
          "quarters": "four quarters against the year", "part<=whole": "part within its whole"}


def arithmetic_findings(checks: list[Check]) -> list[Finding]:
    """One finding per relation that fails: failures of one relation in one table (rows of a share column, a
    movement table over several pages) make one finding listing each row, so an editor reads the table once."""
    from esgqa.factcheck.structure import missing_column, uncertain  # it reads `Check`, defined here

    groups: dict[tuple[object, ...], list[Check]] = {}
    group_of: dict[int, tuple[object, ...]] = {}  # a figure that fails two relations is one finding
    for check in checks:
        if check.ok or uncertain(check):
            continue  # the table's structure explains the miss better than a wrong figure (`structure`)
        stated = check.mentions[-1]
        key: tuple[object, ...] = (check.relation, stated.doc, stated.table.title, stated.table.column) \
            if stated.table is not None and stated.table.title else (id(check),)
        key = group_of.setdefault(id(stated), key)
        groups.setdefault(key, []).append(check)
    findings = []
    for group in groups.values():
        group = missing_column(group)
        if not group:
            continue
        first = group[0]
        stated = first.mentions[-1]
        name = _NAMES.get(first.relation, first.relation)
        where = f" in {stated.table.title}" if stated.table is not None and stated.table.title else ""
        lines = [f"stated {c.stated}, recomputed {c.expected}: {_short(c.formula)}" for c in group]
        if len(group) == 1:
            text = f"{name}{where}: {lines[0]}."
        else:
            more = f"; and {len(lines) - 3} more" if len(lines) > 3 else ""
            text = f"{name}{where}: {len(group)} figures do not agree with the figures they are computed from: " + \
                "; ".join(lines[:3]) + more + "."
        stated_facts = [c.mentions[-1] for c in group]
        mentions = stated_facts + [m for c in group for m in c.mentions[:-1]]
        # a miss by a rounding step may be a rounding convention (shares forced to 100.00); a bigger one is a slip
        confidence = 0.9 if any(_miss(c) > 0.002 for c in group) else 0.7
        metric = _metric(first) if len(group) == 1 or stated.table is None else \
            f"{stated.table.title} · {_SPACE.sub('', stated.table.column)}"
        findings.append(Finding(kind=ARITHMETIC, metric=metric, mentions=mentions, explanation=text,
                                confidence=confidence,
                                details={"relation": first.relation, "stated": [c.stated for c in group],
                                         "expected": [c.expected for c in group],
                                         "formula": [c.formula for c in group],
                                         "recomputations": [c.to_dict() for c in group]}))
    return findings


_SPACE = re.compile(r"\s+")


def _short(formula: str, limit: int = 160) -> str:
    return formula if len(formula) <= limit else formula[: limit - 1] + "…"


def _miss(check: Check) -> float:
    """How far the stated figure is from the recomputed one, as a share of it."""
    stated = re.search(r"-?\d[\d,]*(?:\.\d+)?", check.stated.replace("−", "-"))
    expected = re.search(r"-?\d[\d,]*(?:\.\d+)?", check.expected.replace("−", "-"))
    if stated is None or expected is None:
        return 1.0
    a, b = float(stated.group().replace(",", "")), float(expected.group().replace(",", ""))
    return abs(abs(a) - abs(b)) / max(abs(b), 1e-12)


def _metric(check: Check) -> str:
    """A readable name: the stated cell's row (and column) or the prose figure's label."""
    stated = check.mentions[-1]
    if stated.table is not None:
        row = re.sub(r"\s+", "", stated.table.row) or stated.table.subject or stated.table.title
        column = re.sub(r"\s+", "", stated.table.column)
        return f"{row} · {column}" if column and row else row or column
    return next((m.label for m in reversed(check.mentions) if m.label), "")
