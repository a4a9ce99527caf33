"""When a failed recomputation says more about how the table was read than about the report: do not report.

A total read from a table's labels fails for reasons of structure far more often than for a wrong figure: a
其中 row or a subtotal summed beside its own parts, a merged cell repeated on two rows, a column without its
cancellation column, parts on the previous page, numbers cut by a line wrap. Each leaves a trace in the
figures, and a failure with such a trace is dropped:
- the gap between the recomputed and the stated figure is an input the structure may have misplaced (a 其中
  row, a merged cell repeated, a subtotal with its parts); several movement rows of one table whose opening
  vanished with nothing moved are a column the table does not have;
- the stated figure is the tail of the recomputed one ("339.41" against 1,339.41; "082.97"): the cells are the
  ends of wrapped numbers;
- a total read from a single part that falls short of what it states: its other parts are where the sweep did
  not read them (the previous page, a shifted column);
- a figure with a leading zero ("092.09") or broken digit groups ("1,517,08") is a fragment.
"""

from __future__ import annotations

import re

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.lexicon import PART_ROW
from esgqa.factcheck.proof import wrapped
from esgqa.factcheck.rounding import decimals
from esgqa.facts.model import Fact
from esgqa.facts.slips import digits

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_LEADING_ZERO = re.compile(r"^[-(]?0\d")


def fragment(m: Fact) -> bool:
    """A figure that cannot be whole: broken digit groups, or a leading zero before more digits ("092.09")."""
    return wrapped(m) or bool(_LEADING_ZERO.match(m.quantity.raw.replace(" ", "")))


def _expected(check: Check) -> float | None:
    numbers = [float(x.replace(",", "")) for x in _NUMBER.findall(check.expected.replace("−", "-"))]
    return (min(numbers) + max(numbers)) / 2 if numbers else None


def uncertain(check: Check) -> bool:
    """Whether a failed check is better explained by the table's structure than by a wrong figure."""
    if any(fragment(m) for m in check.mentions):
        return True
    if check.relation not in ("total", "movement", "sum"):
        return False
    stated, inputs = check.mentions[-1], check.mentions[:-1]
    expected = _expected(check)
    if expected is None:
        return False
    value = stated.quantity.value
    gap = abs(abs(expected) - abs(value))
    step = 10.0 ** -decimals(stated)
    for i, m in enumerate(inputs):
        if m.quantity.value and abs(gap - abs(m.quantity.value)) <= step and _misplaced(check, inputs, i):
            return True
    tail, whole = digits(stated.quantity.raw), digits(f"{abs(expected):.2f}")
    if "." not in stated.quantity.raw:
        tail = tail.rstrip("0")
    if 3 <= len(tail) < len(whole.rstrip("0")) and whole.endswith(tail) and not whole.startswith(tail):
        return True  # "339.41" against 1,339.41: the ends of wrapped numbers (not a tenfold slip)
    short = abs(expected) < abs(value)
    table = stated.table
    return short and check.relation == "total" and table is not None and len(inputs) == 1


def _row(m: Fact) -> str:
    return m.table.row if m.table is not None else ""


def _misplaced(check: Check, inputs: list[Fact], i: int) -> bool:
    """The row the gap equals is one the structure may have misplaced: a 其中 row or the row after one, a value
    repeated on two rows (a merged cell), a subtotal of its neighbours, or the opening balance of a movement
    that ends at zero with nothing moved (a column the table does not have). A plain row the gap equals may as
    well be the row the report left out of its total: that is reported."""
    m = inputs[i]
    if PART_ROW.match(_row(m)) or (i > 0 and PART_ROW.match(_row(inputs[i - 1]))):
        return True
    if sum(abs(abs(x.quantity.value) - abs(m.quantity.value)) < 1e-9 for x in inputs) >= 2:
        return True
    if check.relation == "movement":
        return False  # rows moved through a missing column: several rows of one table (`missing_column`)
    values = [x.quantity.value for x in inputs]
    for start in range(len(values)):
        for end in range(start + 2, len(values) + 1):
            if i not in range(start, end) and (end == i or start == i + 1) and \
                    abs(sum(values[start:end]) - m.quantity.value) < 1e-6:
                return True  # a subtotal beside its own parts
    return False


def _vanished(check: Check) -> bool:
    return check.relation == "movement" and not check.mentions[-1].quantity.value and \
        bool(check.mentions[0].quantity.value) and not any(m.quantity.value for m in check.mentions[1:-1])


def missing_column(group: list[Check]) -> list[Check]:
    """The checks of one table left once a missing column is accounted for. Two or more movement rows whose
    opening vanished with nothing moved (年初 375, 年末 0, no release) moved through a column the table does not
    have (shares repurchased and cancelled): those rows, and a total that misses by exactly their openings, are
    dropped. One such row alone is reported: it may be one mistyped cell; other rows are reported as ever."""
    gone = [c for c in group if _vanished(c)]
    if len(gone) < 2:
        return group
    amount = sum(abs(c.mentions[0].quantity.value) for c in gone)
    rest = []
    for check in group:
        expected = _expected(check)
        if check in gone or (expected is not None and
                             abs(abs(abs(expected) - abs(check.mentions[-1].quantity.value)) - amount) < 1e-6):
            continue
        rest.append(check)
    return rest


__all__ = ["fragment", "missing_column", "uncertain"]
