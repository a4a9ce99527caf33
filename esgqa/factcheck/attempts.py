"""Attempts at a relation and the rule that trusts them: a relation read from a table's labels is trusted where
the table confirms it (most attempts in its group hold), and a failure is reported only then, or when its
figures miss by less than a rounding slip would explain (`NEAR`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.rounding import signed
from esgqa.facts.model import Fact

NEAR = 0.005  # an unconfirmed relation is reported only when the figures miss by less than this share


@dataclass
class Attempt:
    group: tuple[object, ...]  # attempts that confirm one another: one column's rows, one formula's totals
    check: Check
    gap: float  # |stated - recomputed| / |recomputed|


def gap(stated: Fact, low: float, high: float) -> float:
    """How far the stated figure is from the recomputed range's middle, as a share of it."""
    middle = (low + high) / 2
    return abs(signed(stated) - middle) / max(abs(middle), 1e-12)


def confirmed(attempts: Sequence[Attempt]) -> list[Check]:
    """Checks whose relation the table confirms elsewhere, plus near misses; every check that holds."""
    groups: dict[tuple[object, ...], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        groups[attempt.group].append(attempt)
    out: list[Check] = []
    for group in groups.values():
        held = sum(a.check.ok for a in group)
        trusted = held >= 1 and held * 2 >= len(group)  # most of the column (row, formula) agrees
        out.extend(a.check for a in group if a.check.ok or trusted or a.gap <= NEAR)
    return out


def scale(fact: Fact) -> float:
    """Base units per written unit (1e4 for a 万元 cell): to show a recomputed value as the report writes it."""
    q = fact.quantity
    return q.base_value / q.value if q.value else 1.0


__all__ = ["NEAR", "Attempt", "confirmed", "gap", "scale"]
