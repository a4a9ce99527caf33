"""Rounding-aware arithmetic: a stated figure stands for every value that rounds to it, so a relation holds when
it holds for some values inside the rounding boxes of its inputs (interval arithmetic over the box's corners).

36.74% stated beside 905,402,299.44 / 2,464,948,703.85 fails: the quotient is 36.7311…%, and no value that
rounds to 36.74 is that. 12.9% beside 468.1 and 537.2 万吨 holds: the inputs' rounding leaves room for it.

An amount written to the cent (905,402,299.44 元, no scale word) is an accounting figure, not a rounded one:
there is no smaller unit of money to round away, so it stands for itself and a sum of such amounts must match
to the cent. 63,761.38 万元 is rounded (to 100 元).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from esgqa.facts.model import Fact
from esgqa.numbers import resolution


def signed(fact: Fact) -> float:
    """The fact's value in base units, negative for a stated decrease ("同比降低 12.9%", a "-4.49" cell)."""
    value = fact.quantity.base_value
    return -abs(value) if fact.change == "down" else value


_MONEY = frozenset({"元", "美元", "港元", "欧元"})


def exact(fact: Fact) -> bool:
    """A currency amount written to the cent without a scale word: exact (see the module docstring)."""
    q = fact.quantity
    return fact.family in _MONEY and not fact.qualifier and decimals(fact) == 2 and \
        (not q.value or abs(q.base_value / q.value - 1) < 1e-12)


def interval(fact: Fact, direction: bool = True) -> tuple[float, float]:
    """The values that round to the stated figure; `direction=False` reads a stated decrease as its size."""
    half = 0.0 if exact(fact) else resolution(fact.quantity) / 2
    value = signed(fact) if direction else fact.quantity.base_value
    return value - half, value + half


def span(fn: Callable[..., float], facts: Sequence[Fact], direction: bool = True) -> tuple[float, float]:
    """The range of `fn` over the rounding box of `facts` (NaN when `fn` is undefined at every corner)."""
    results = []
    for corner in itertools.product(*(interval(f, direction) for f in facts)):
        try:
            results.append(fn(*corner))
        except ZeroDivisionError:
            continue
    return (min(results), max(results)) if results else (float("nan"), float("nan"))


def sum_span(facts: Sequence[Fact], signs: Sequence[float] | None = None) -> tuple[float, float]:
    """The range of a signed sum: linear, so its bounds come from the bounds of each term (no corner search)."""
    low = high = 0.0
    for i, fact in enumerate(facts):
        sign = signs[i] if signs is not None else 1.0
        a, b = interval(fact)
        low += min(sign * a, sign * b)
        high += max(sign * a, sign * b)
    return low, high


def holds(stated: Fact, low: float, high: float, scale: float = 1.0, direction: bool = True) -> bool:
    """Whether the stated figure's rounding box meets [low, high] (the relation's range, in the stated unit
    times `scale`)."""
    s_low, s_high = interval(stated, direction)
    tolerance = 1e-9 * max(1.0, abs(s_low), abs(s_high))  # float error, far below a cent at these magnitudes
    if exact(stated):
        tolerance = min(tolerance, 1e-4)
    return s_low * scale <= high + tolerance and low - tolerance <= s_high * scale


def fmt(low: float, high: float, unit: str = "", digits: int = 4) -> str:
    """A recomputed value as a reader checks it: its midpoint, to as many decimals as the stated figure has."""
    middle = (low + high) / 2
    return f"{middle:,.{digits}f}{unit}" if digits >= 0 else f"{middle:,.0f}{unit}"


def decimals(fact: Fact) -> int:
    raw = fact.quantity.raw.replace(",", "")
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == ".")
    return len(digits.split(".")[1]) if "." in digits else 0


__all__ = ["decimals", "exact", "fmt", "holds", "interval", "signed", "span", "sum_span"]
