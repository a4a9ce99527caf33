"""Share columns ("比例(%)", "占总资产的比例(%)", "坏账准备计提比例(%)"): each row's share against its amount and
the whole it is a share of.

The whole is read, not assumed. Readings: a whole figure (the table's 100% or total row, or the total its header
names: `esgqa.factcheck.wholes`), another column of the same row (计提比例 = 坏账准备 / 账面余额), the sum of the
row's group ("冷冻设备 直接材料 / 直接人工 / 制造费用"). The reading under which most rows hold is the column's.
When none holds, the rows still have one whole between them: each row's amount and share bound it, and a row
whose bound misses the one most rows share is the odd one out.
"""

from __future__ import annotations

from collections import defaultdict

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.attempts import Attempt, gap
from esgqa.factcheck.cells import Row, View, is_level, is_share
from esgqa.factcheck.rounding import decimals, fmt, holds, interval, sum_span
from esgqa.factcheck.wholes import Wholes
from esgqa.facts.model import Fact

Reading = dict[int, list[Fact]]  # row position -> the figures whose sum is that row's whole


def share_attempts(view: View, wholes: Wholes) -> list[Attempt]:
    out: list[Attempt] = []
    for k, column in enumerate(view.columns):
        pairs: list[tuple[Row, Fact, Fact]] = []
        for row in view.rows:
            share = row.cells.get(column)
            if share is None or not is_share(share, column):
                continue
            left = [row.cells[c] for c in view.columns[:k] if c in row.cells and is_level(row.cells[c])
                    and row.cells[c].period_key == share.period_key]
            if left:
                pairs.append((row, share, left[-1]))
        if pairs:
            out.extend(_column(view, column, pairs, wholes))
    return out


def _readings(view: View, column: str, pairs: list[tuple[Row, Fact, Fact]], wholes: Wholes) -> list[Reading]:
    readings: list[Reading] = []
    for whole in wholes.for_share(view, column, [part for _, _, part in pairs]):
        readings.append({row.position: [whole] for row, _, part in pairs if part is not whole})
    keys = {k for row, _, part in pairs for k, f in row.cells.items() if is_level(f) and f is not part}
    for key in sorted(keys):
        reading = {row.position: [row.cells[key]] for row, share, part in pairs
                   if key in row.cells and row.cells[key].period_key == share.period_key}
        if len(reading) >= 2:
            readings.append(reading)
    groups: dict[tuple[str, str], list[Fact]] = defaultdict(list)  # by section and the label's first word
    for row, _, part in pairs:
        if " " in row.label.strip():
            groups[(row.topic, row.label.split()[0])].append(part)
    if any(len(g) >= 2 for g in groups.values()):
        readings.append({row.position: groups[(row.topic, row.label.split()[0])] for row, _, _ in pairs
                         if " " in row.label.strip() and len(groups[(row.topic, row.label.split()[0])]) >= 2})
    return readings


def _column(view: View, column: str, pairs: list[tuple[Row, Fact, Fact]], wholes: Wholes) -> list[Attempt]:
    best: list[Attempt] = []
    for reading in _readings(view, column, pairs, wholes):
        attempts = [_share(view, column, row, part, reading[row.position], share) for row, share, part in pairs
                    if row.position in reading]
        if sum(a.check.ok for a in attempts) > sum(a.check.ok for a in best):
            best = attempts
    if sum(a.check.ok for a in best) >= 2:
        return _presentation(best, [share for _, share, _ in pairs])
    return _presentation(_odd_ones(view, column, pairs), [share for _, share, _ in pairs])


def _presentation(attempts: list[Attempt], shares: list[Fact]) -> list[Attempt]:
    """Shares printed to add up: a share one step in its last place off is the report's rounding convention, not
    an error, when it makes the column's printed shares add up to 100 (a plug: 99.68 beside 0.28, 0.02, 0.02)
    or when it is a total row that adds up the printed shares above it (25.12 = 6.65 + 6.65 + 5.30 + 3.37 +
    3.15, where the amounts give 25.11)."""
    printed = [(id(f), f.quantity.value) for f in shares if abs(f.quantity.value - 100) > 1e-9]
    for attempt in attempts:
        stated = attempt.check.mentions[-1]
        if attempt.check.ok or stated.quantity.value <= 0:
            continue
        places = decimals(stated)
        step = 10.0 ** -places
        low, high = _stated_range(attempt)
        value = stated.quantity.value
        if not (low - step * 1.0001 <= value <= high + step * 1.0001):
            continue  # more than one step off: not a rounding convention
        others = [v for key, v in printed if key != id(stated)]
        plug = round(sum(v for _, v in printed), places) == 100 or \
            any(round(value + v, places) == 100 for v in others)
        adds_up = any(round(sum(others[i:j]), places) == round(value, places)
                      for i in range(len(others)) for j in range(i + 2, len(others) + 1))
        if plug or adds_up:
            attempt.check.ok = True
            attempt.check.expected += " (printed shares add up)"
    return attempts


def _stated_range(attempt: Attempt) -> tuple[float, float]:
    """The recomputed range, back from the check's text ("36.73%", "25.11–25.12%")."""
    import re

    numbers = [float(x.replace(",", "")) for x in re.findall(r"-?\d[\d,]*(?:\.\d+)?", attempt.check.expected)]
    return (min(numbers), max(numbers)) if numbers else (float("nan"), float("nan"))


def _ratio(part: Fact, whole: list[Fact]) -> tuple[float, float]:
    p_low, p_high = interval(part)
    w_low, w_high = sum_span(whole)
    if w_low <= 0 <= w_high:
        return float("nan"), float("nan")
    quotients = [p / w * 100 for p in (p_low, p_high) for w in (w_low, w_high)]
    return min(quotients), max(quotients)


def _share(view: View, column: str, row: Row, part: Fact, whole: list[Fact], stated: Fact) -> Attempt:
    low, high = _ratio(part, whole)
    named = whole[0].metric or (whole[0].table.row if whole[0].table else "")
    where = "the same table" if all(w.page == view.page for w in whole) else f"p. {whole[0].page}"
    total = whole[0].text if len(whole) == 1 else f"({' + '.join(w.text for w in whole)})"
    check = Check("share", [part, *whole, stated], stated.text, fmt(low, high, "%", decimals(stated)),
                  holds(stated, low, high), f"{row.name}: {part.text} / {total} ({named}, {where})")
    return Attempt(("share", view.doc, view.page, view.index, column), check, gap(stated, low, high))


def _odd_ones(view: View, column: str, pairs: list[tuple[Row, Fact, Fact]]) -> list[Attempt]:
    """Each row bounds the whole (amount / share); the bound most rows share is the column's whole, and a row
    that no other row's bound meets is reported against it. Rows that agree among themselves on another whole
    are another group of the table, not errors."""
    bounds = []
    for row, share, part in pairs:
        s_low, s_high = interval(share)
        p_low, p_high = interval(part)
        if s_low <= 0 or p_low <= 0:
            continue
        bounds.append((p_low / s_high * 100, p_high / s_low * 100, row, share, part))
    if len(bounds) < 4:
        return []
    points = sorted({b[0] for b in bounds})
    point = max(points, key=lambda x: sum(low <= x <= high for low, high, *_ in bounds))
    inside = [b for b in bounds if b[0] <= point <= b[1]]
    if len(inside) < 3 or 2 * len(inside) < len(bounds):
        return []
    whole_low = max(b[0] for b in inside)
    whole_high = min(b[1] for b in inside)
    out: list[Attempt] = []
    outside = [b for b in bounds if not b[0] <= point <= b[1]]
    for bound in outside:
        low, high, row, share, part = bound
        if any(other is not bound and other[0] <= high and low <= other[1] for other in outside):
            continue  # agrees with another odd row: a second group of the table
        p_low, p_high = interval(part)
        expected = (p_low / whole_high * 100, p_high / whole_low * 100)
        check = Check("share", [part, share], share.text, fmt(*expected, "%", decimals(share)), False,
                      f"{row.name}: {part.text} / the whole the column's other {len(inside)} rows imply")
        out.append(Attempt(("share", view.doc, view.page, view.index, column), check, gap(share, *expected)))
    for _low, _high, row, share, part in inside:
        expected = (interval(part)[0] / whole_high * 100, interval(part)[1] / whole_low * 100)
        out.append(Attempt(("share", view.doc, view.page, view.index, column),
                           Check("share", [part, share], share.text, fmt(*expected, "%", decimals(share)), True,
                                 f"{row.name}: {part.text} / the column's common whole"), 0.0))
    return out


__all__ = ["share_attempts"]
