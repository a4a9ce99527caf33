"""The English half of the figure grammar: currencies, scale words, English units, negatives in parentheses.

`esgqa.numbers` scans a text once for Chinese figures and once with this grammar; a figure this grammar reads
with an English marker (a currency, a scale word, an English unit, statement parentheses) replaces the bare
number the Chinese pass saw there. What it reads:
"$75 million", "approximately $638 million USD", "€526 million", "1,303M", "£5m", "95.7 M mt CO2e",
"(1,234)" and "$(12.5)" in a statement row, "2.3x", "150 bps", "3 percentage points", "12,000 MWh", "5 m³",
"$5-10 million" and "5 to 10 tonnes" (a range's ends share their scale and unit).
Word lists are in `esgqa.lexicon`; base units are the Chinese grammar's, so "$7.32 billion" and "73.2亿美元"
are the same quantity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from esgqa.lexicon import (
    CURRENCY_BASE,
    CURRENCY_CODES,
    CURRENCY_ONLY_SCALES,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    MONTHS,
    ORDINAL_WORDS_EN,
    SCALE_WORDS,
    UNITS_EN,
)


def _alternation(words: list[str], case_free_words: bool) -> str:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"\s?")
        lower_word = word.islower() and len(word) >= 4 and word.replace(" ", "").isalpha()
        parts.append(f"(?i:{escaped})" if case_free_words and lower_word else escaped)
    return "|".join(parts)


_SIGN_RE = _alternation(list(CURRENCY_SIGNS), False)
_CODE_RE = _alternation(list(CURRENCY_CODES), False)
_WORD_CUR_RE = _alternation([*CURRENCY_WORDS, "US dollars"], True)
_SCALE_RE = _alternation([*SCALE_WORDS, *CURRENCY_ONLY_SCALES], True)
_UNIT_RE = _alternation(list(UNITS_EN), True)
# Letters glued after a digit that are a scale or unit, not an identifier: "1,303M", "2.3x", "50MWh".
GLUED_MARKERS = rf"(?:{_SCALE_RE}|{_UNIT_RE})(?![A-Za-z0-9])"

_FIGURE = re.compile(
    rf"(?P<open>\(\s?)?(?:(?<![A-Za-z])(?P<cur>{_SIGN_RE}|{_CODE_RE})\s?(?P<open2>\(\s?)?)?"
    rf"(?<![\d.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    rf"(?P<tail>(?P<s1>\s?)(?P<scale>{_SCALE_RE})(?![A-Za-z0-9²³]))?"
    rf"(?:\s?(?P<cur2>{_CODE_RE}|{_WORD_CUR_RE})(?![A-Za-z]))?"
    rf"(?:(?P<s2>\s?)(?P<unit>{_UNIT_RE})(?![A-Za-z0-9²³]))?"
    rf"(?P<close>\s?\))?"
)
_RANGE = re.compile(r"^\s?(?:-|–|—|to|and)\s?$")
_BETWEEN = re.compile(r"(?i)\bbetween\s$")
_MONTH_BEFORE = re.compile(r"(?i)\b(" + "|".join(MONTHS) + r")\.?\s?$")
_MONTH_AFTER = re.compile(r"(?i)^\s?(" + "|".join(MONTHS) + r")\b")


@dataclass(frozen=True)
class EnglishFigure:
    start: int
    end: int
    num_start: int
    num: str
    scale: str  # canonical: "million", "" for none
    unit: str  # as a reader writes it: "USD", "t", "%", "MWh", "" for a bare number
    base_unit: str
    factor: str  # scale times unit factor
    negative: bool
    marked: bool  # has an English marker; a bare number is the Chinese pass's to read


def _scale_name(written: str) -> str:
    factor = SCALE_WORDS.get(written) or CURRENCY_ONLY_SCALES.get(written) or SCALE_WORDS.get(written.lower(), "")
    return {"1000": "thousand", "1000000": "million", "1000000000": "billion",
            "1000000000000": "trillion"}.get(factor, "")


def _unit_key(written: str) -> str:
    compact = " ".join(written.split())
    if compact in UNITS_EN:
        return compact
    for key in UNITS_EN:
        if key.lower() == compact.lower() and (key.islower() and len(key) >= 4):
            return key
    return next((k for k in UNITS_EN if k.replace(" ", "") == compact.replace(" ", "")), compact)


def scan_english(text: str) -> list[EnglishFigure]:
    """English figures in normalised text, in order; ranges give both ends their scale, currency and unit."""
    figures: list[EnglishFigure] = []
    for m in _FIGURE.finditer(text):
        figure = _figure(text, m)
        if figure is not None:
            figures.append(figure)
    i = 0
    while i < len(figures) - 1:
        first, second = figures[i], figures[i + 1]
        between = _RANGE.match(text[first.end : second.start])
        if between and (between.group().strip() != "and" or _BETWEEN.search(text[max(0, first.start - 9):first.start])):
            figures[i], figures[i + 1] = _share(first, second), _share(second, first)
            i += 1
        i += 1
    return [f for f in figures if f.marked or f.unit]


def _figure(text: str, m: re.Match[str]) -> EnglishFigure | None:
    cur_written = m.group("cur") or ""
    scale_written = m.group("scale") or ""
    unit_written = m.group("unit") or ""
    if scale_written in CURRENCY_ONLY_SCALES and not cur_written:
        scale_written = ""  # "5 m" is metres; "£5m" is five million
    if unit_written == "x" and m.group("s2"):
        unit_written = ""  # "2.3x" is a multiple; "3 x 4" is not
    code = CURRENCY_SIGNS.get(cur_written) or CURRENCY_CODES.get(cur_written) or ""
    after = m.group("cur2") or ""
    code = code or CURRENCY_CODES.get(after) or CURRENCY_WORDS.get(after.lower().removeprefix("us "), "")
    scale = _scale_name(scale_written) if scale_written else ""
    opened = bool(m.group("open") or m.group("open2"))
    negative = opened and bool(m.group("close")) and _statement_negative(text, m, bool(code), unit_written)
    unit_key = _unit_key(unit_written) if unit_written else ""
    if code:
        base_unit, unit_factor, unit = CURRENCY_BASE.get(code, code), "1", code
    elif unit_key:
        base_unit, unit_factor = UNITS_EN[unit_key]
        unit = unit_key
    else:
        base_unit, unit_factor, unit = "", "1", ""
    factor = Decimal(unit_factor) * Decimal(SCALE_WORDS.get(scale_written) or CURRENCY_ONLY_SCALES.get(
        scale_written) or SCALE_WORDS.get(scale_written.lower(), "1") if scale_written else "1")
    num_start = m.start("num")
    start = m.start("cur") if cur_written else num_start
    end = _end(m, scale_written, unit_written, after)
    if negative:
        start, end = m.start("open") if m.group("open") else start, m.end("close")
    marked = bool(code or scale or (unit and unit != "%") or negative)
    if date_day(text, num_start, m.end("num"), m.group("num")):
        return None
    return EnglishFigure(start, end, num_start, m.group("num"), scale, unit, base_unit, str(factor), negative,
                         marked)


def _end(m: re.Match[str], scale: str, unit: str, after: str) -> int:
    if unit:
        return m.end("unit")
    if after:
        return m.end("cur2")
    if scale:
        return m.end("scale")
    return m.end("num")


def _statement_negative(text: str, m: re.Match[str], money: bool, unit: str) -> bool:
    """"(1,234)" is a negative amount in a statement row; "(2)" is a note and "(15%)" in prose an aside."""
    num = m.group("num")
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    figures_on_line = len(re.findall(r"\d[\d,]*(?:\.\d+)?", line))
    if unit == "%":
        return figures_on_line >= 3
    return money or "," in num or ("." in num and figures_on_line >= 2) or (figures_on_line >= 3 and len(num) >= 3)


def date_day(text: str, start: int, end: int, num: str) -> bool:
    """"December 31, 2022" and "31 December 2022": the day of a date is no figure."""
    if "," in num or "." in num or int(num) > 31:
        return False
    return bool(_MONTH_BEFORE.search(text[max(0, start - 12) : start]) or _MONTH_AFTER.match(text[end : end + 12]))


def _share(own: EnglishFigure, other: EnglishFigure) -> EnglishFigure:
    """A range end without scale or unit takes its partner's: "$5-10 million", "5 to 10 tonnes"."""
    if (own.base_unit and own.scale) or not (other.scale or other.base_unit):
        return own
    scale = own.scale or other.scale
    unit, base_unit = (own.unit, own.base_unit) if own.base_unit else (other.unit, other.base_unit)
    own_unit_factor = Decimal(own.factor) / Decimal(_scale_factor(own.scale))
    other_unit_factor = Decimal(other.factor) / Decimal(_scale_factor(other.scale))
    unit_factor = own_unit_factor if own.base_unit else other_unit_factor
    factor = unit_factor * Decimal(_scale_factor(scale))
    return replace(own, scale=scale, unit=unit, base_unit=base_unit, factor=str(factor), marked=True)


def _scale_factor(scale: str) -> str:
    return SCALE_WORDS.get(scale, "1") if scale else "1"


def unit_text(figure: EnglishFigure) -> str:
    """Scale and unit as a reader writes them after the number: "million USD", "t", "%", "million t"."""
    return " ".join(p for p in (figure.scale, figure.unit) if p)


def header_scale(header: str) -> tuple[str, str]:
    """(scale, currency code) a table header or caption states for its cells: "(in thousands)" ->
    ("thousand", ""), "($ millions)" -> ("million", "USD"), "(In millions of euros)" -> ("million", "EUR")."""
    found = re.search(r"(?i)\b(?:in\s+)?(thousands|millions|billions)\b", header) or \
        re.search(r"(?i)\(\s*(?:[$€£]|US\$)\s*(thousands?|millions?|billions?|m|bn|k)\s*\)", header)
    if found is None:
        return "", ""
    word = found.group(1).lower()
    scale = {"m": "million", "bn": "billion", "k": "thousand"}.get(word, word.rstrip("s"))
    currency = ""
    sign = re.search(r"US\$|\$|€|£|¥", header)
    if sign:
        currency = CURRENCY_SIGNS[sign.group()]
    else:
        word_cur = re.search(r"(?i)\b(dollars|euros|pounds|renminbi|yuan)\b|\b(USD|EUR|GBP|RMB|CNY)\b", header)
        if word_cur:
            currency = CURRENCY_WORDS.get((word_cur.group(1) or "").lower()) or \
                CURRENCY_CODES.get(word_cur.group(2) or "", "")
    return scale, currency


@dataclass(frozen=True)
class Hit:
    """A figure found in normalised text, by either pass (`esgqa.numbers` makes Quantities of these)."""

    start: int
    end: int
    num: str
    scale: str
    unit: str
    base_unit: str | None = None  # set by the English pass, with its factor and sign
    factor: str = "1"
    negative: bool = False


_ORDINAL = re.compile(rf"(?i)\b(?:{'|'.join(ORDINAL_WORDS_EN)})s?\.?\s?\(?$")
_LIST = re.compile(r"(?i)\b(?:scopes?|categor(?:y|ies)|tiers?) \d\+?(?:(?:,| and|, and| &|/| or) ?\d\+?)*"
                   r"(?:,| and|, and| &|/| or) ?$")


def identifier_en(text: str, start: int, end: int, num: str) -> bool:
    """A bare number that names rather than counts: "Scope 3", "Note 12", "Scopes 1, 2 and 3", the day of
    "December 31, 2022"."""
    if "," not in num and (_ORDINAL.search(text[max(0, start - 14):start]) or
                           _LIST.search(text[max(0, start - 24):start])):
        return True
    return date_day(text, start, end, num)


def merge_english(text: str, hits: list[Hit], masked: set[int], is_year: Callable[..., bool],
                  scales: Mapping[str, str]) -> list[Hit]:
    """The English figures replace the bare numbers the Chinese pass saw at the same place; a currency sign
    before a Chinese scale joins it ("US$5,000万")."""
    english = {f.num_start: f for f in scan_english(text) if f.marked and f.num_start not in masked
               and (f.base_unit or not is_year(text, f.num_start, f.num, "", ""))}
    if not english:
        return hits
    out: list[Hit] = []
    for hit in hits:
        figure = english.pop(hit.start, None)
        if figure is None or (hit.unit and hit.unit != "%"):
            out.append(hit)
        elif hit.scale and not figure.scale and figure.unit in CURRENCY_BASE and figure.base_unit:
            out.append(Hit(figure.start, hit.end, hit.num, hit.scale, figure.base_unit, figure.base_unit,
                           scales[hit.scale], figure.negative))
        elif hit.scale:
            out.append(hit)
        else:
            out.append(_hit(figure))
    out += [_hit(f) for f in english.values()]
    out.sort(key=lambda h: h.start)
    kept: list[Hit] = []
    for hit in out:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _hit(figure: EnglishFigure) -> Hit:
    return Hit(figure.start, figure.end, figure.num, "", unit_text(figure), figure.base_unit, figure.factor,
               figure.negative)


__all__ = ["GLUED_MARKERS", "EnglishFigure", "Hit", "date_day", "header_scale", "identifier_en", "merge_english",
           "scan_english", "unit_text"]
