"""Typical slips between two written figures: digits swapped, the decimal point or scale word moved, one step in
the last place. Real inconsistencies in reports are mostly these; so are the mutation test's plants."""

from __future__ import annotations

import re
from decimal import Decimal


def looks_alike(a: str, b: str) -> bool:
    """Two figures a slip of the keyboard apart: the same digits (swapped, decimal point moved, another scale
    word: "1.215"/"1.125", "468.1"/"46.81", "468.1万吨"/"468.1吨") or one digit changed ("53.9"/"54.9")."""
    da, db = digits(a), digits(b)
    if not da or not db:
        return False
    if sorted(da) == sorted(db) or _one_place_shift(a, b):  # "102"/"120", "90"/"9.0"
        return True
    if _last_place_apart(a, b):
        return True
    if len(da) != len(db):
        return False
    return sum(x != y for x, y in zip(da, db, strict=True)) == 1


def slip_rank(a: str, b: str) -> int:
    """How alike two figures look: 3 same digits, 2 one step in the last place, 1 one digit changed, 0 not."""
    if not looks_alike(a, b):
        return 0
    if sorted(digits(a)) == sorted(digits(b)) or _one_place_shift(a, b):
        return 3
    return 2 if _last_place_apart(a, b) else 1


def _one_place_shift(a: str, b: str) -> bool:
    """"90"/"9.0", "100"/"1,000": the decimal point moved by one place (the digits otherwise the same)."""
    x, y = _number(a), _number(b)
    if x is None or y is None or not x or not y:
        return False
    ratio = max(x, y) / min(x, y)
    return abs(ratio - 10) < 1e-6 and digits(a).rstrip("0") == digits(b).rstrip("0")


def _number(text: str) -> float | None:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    return float(match.group().replace(",", "")) if match else None


def _last_place_apart(a: str, b: str) -> bool:
    """"2,580"/"2,579", "1.215"/"1.315"? -- one step in the last written place (or 0.1) apart."""
    na, nb = re.search(r"\d[\d,]*(?:\.\d+)?", a), re.search(r"\d[\d,]*(?:\.\d+)?", b)
    if na is None or nb is None:
        return False
    unit_a, unit_b = re.sub(r"[\d,.\s多余约超]", "", a), re.sub(r"[\d,.\s多余约超]", "", b)
    if unit_a and unit_b and unit_a != unit_b:
        return False  # "20 多万" and "21 个" are not one step apart (a bare callout may drop its unit)
    x, y = na.group().replace(",", ""), nb.group().replace(",", "")
    places = len(x.split(".")[1]) if "." in x else 0
    if places != (len(y.split(".")[1]) if "." in y else 0):
        return False
    difference = abs(Decimal(x) - Decimal(y))  # exact: 1,230,537,181.80 − .79 is 0.0100002 in floats
    return any(difference == step for step in (Decimal(1).scaleb(-places), Decimal("0.1")))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text).lstrip("0")


def scale_slip(x: float, y: float) -> bool:
    """Two values whose digits agree but whose scale differs by a decimal place or a scale word (十, 千, 万, 亿):
    "6 万名" written "6 亿名" next to "60,000 名". Compares values, so it works across ways of writing."""
    if x <= 0 or y <= 0:
        return False
    ratio = max(x, y) / min(x, y)
    return any(abs(ratio / 10.0**k - 1) < 1e-6 for k in (1, 3, 4, 8))


def transposed(a: str, b: str, least: int = 6) -> bool:
    """Two long figures that differ only by two neighbouring digits swapped ("210,743,750"/"201,743,750"): a
    typo, whatever else differs between the sentences; a metric that really changed seldom keeps every digit."""
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    if len(da) != len(db) or len(da.lstrip("0")) < least or da == db:
        return False
    diff = [i for i, (x, y) in enumerate(zip(da, db, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]]
