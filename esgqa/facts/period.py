"""The report's own period, and the periods a table's column headers name.

A table row carries no year: its column header does ("2019年", "本期", "上年同期", "期末余额", "第三季度"), and
relative words mean the report's own period. That period is read from the report itself: its cover
("2019年年度报告", "2023财年环境、社会和治理报告"), else its most cited year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CURRENT, PREVIOUS = "current", "previous"
_COVER = re.compile(r"(?P<year>(?:19|20)\d{2})\s*(?P<kind>财年|年度?|FY)\s*"
                    r"(?:半年度|年度|年|第[一二三]季度)?\s*(?:报告|年报|环境|社会|可持续|ESG|企业社会责任)")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class ReportPeriod:
    """`year` of the report (its fiscal or calendar year) and whether the report counts in fiscal years."""

    year: int | None
    fiscal: bool = False
    as_of: str | None = None  # the report's closing date as its text most often states it ("AS2023-03-31")

    @property
    def key(self) -> str | None:
        return None if self.year is None else f"{'FY' if self.fiscal else 'CY'}{self.year}"


def report_period(first_pages: Sequence[str], keys: Iterable[str] = ()) -> ReportPeriod:
    """From the cover (the first three pages' title line; on an English report the first pages' "fiscal year
    ended December 31, 2022" before a title such as "Sustainability Report 2023"), else the most cited fiscal
    or calendar year; the closing date is the most cited as-of date ("截至2023年3月31日")."""
    keys = list(keys)
    dates = Counter(k for k in keys if re.fullmatch(r"AS\d{4}-\d{2}-\d{2}", k))
    as_of = max(dates, key=lambda k: (dates[k], k)) if dates else None
    for text in first_pages[:3]:
        match = _COVER.search("".join(text.split()))
        if match:
            return ReportPeriod(int(match.group("year")), match.group("kind") in ("财年", "FY"), as_of)
    english = _english_cover(first_pages)
    if english is not None:
        return ReportPeriod(english[0], english[1], as_of)
    counts = Counter(k for k in keys if re.fullmatch(r"(FY|CY)\d{4}", k))
    if not counts:
        return ReportPeriod(None, as_of=as_of)
    best = max(counts, key=lambda k: (counts[k], k))
    return ReportPeriod(int(best[2:]), best.startswith("FY"), as_of)


_YEAR_ENDED = re.compile(r"(?i)(?:fiscal )?year ended (?P<month>[a-z]+)\.? \d{1,2},? (?P<year>(?:19|20)\d{2})")
_TITLE_EN = re.compile(
    r"(?i)\b(?:(?P<fy>FY ?)?(?P<y1>(?:19|20)\d{2})(?:/\d{2})? (?:\w+ ){0,3}report"
    r"|(?:sustainability|annual|esg|impact|climate|integrated|responsibility|csr) report"
    r" (?P<fy2>FY ?)?(?P<y2>(?:19|20)\d{2}))")


def _english_cover(first_pages: Sequence[str]) -> tuple[int, bool] | None:
    """(year, fiscal) an English report states on its first pages: the year its statements end (a year
    ending in December is the calendar year), else the year of its title."""
    from esgqa.lexicon import MONTHS

    for text in first_pages:
        match = _YEAR_ENDED.search(" ".join(text.split()))
        if match and match.group("month").lower() in MONTHS:
            return int(match.group("year")), MONTHS[match.group("month").lower()] != 12
    for text in first_pages:
        match = _TITLE_EN.search(" ".join(text.split()))
        if match:
            return int(match.group("y1") or match.group("y2")), bool(match.group("fy") or match.group("fy2"))
    return None


# what a column header says about its period
_YEAR_END = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:末|12\s*月\s*31\s*日|年末|度末)")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年度?|财年)")
_QUARTER = re.compile(r"第\s*([一二三四1-4])\s*季度")
_END_WORDS = re.compile(r"期末|年末|末余额|期末数|年末数|年末余额")
_START_WORDS = re.compile(r"期初|年初|上年年末|上期期末|上年末|上年度末")
_PRIOR_WORDS = re.compile(r"上期|上年|去年|同期|上一年|前一年|上年度")
_CURRENT_WORDS = re.compile(r"本期|本年|本报告期|报告期|今年|本财年|当期|本年度|本季度|本年累计")


def column_period(header: str, report: ReportPeriod) -> str | None:
    """The period key a column (or row) header names, resolved against the report's period; None when it
    names none (a metric column such as 营业收入 in a table by product)."""
    text = "".join(header.split())
    year = report.year
    prefix = "FY" if report.fiscal else "CY"
    if match := _DATE.search(text):
        return resolve_key(f"AS{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}", report)
    if match := _YEAR_END.search(text):
        return resolve_key(f"AS{match.group(1)}-12-31", report)
    if match := _QUARTER.search(text):
        quarter = _QUARTERS[match.group(1)]
        own = _YEAR.search(text)
        base = resolve_key(f"{prefix}{own.group(1)}", report) if own else CURRENT
        return f"{base}-Q{quarter}"
    if match := _YEAR.search(text):
        return resolve_key(f"{prefix}{match.group(1)}", report)
    if _START_WORDS.search(text):
        return PREVIOUS
    if _END_WORDS.search(text):
        return CURRENT
    if _PRIOR_WORDS.search(text):
        return PREVIOUS
    if _CURRENT_WORDS.search(text) and year is not None:
        return CURRENT
    if _CURRENT_WORDS.search(text):
        return CURRENT
    return None


def resolve_key(key: str, report: ReportPeriod) -> str:
    """"CY2019" in a 2019 report is the current period, "CY2018" and "AS2018-12-31" the previous one."""
    if report.year is None:
        return key
    match = re.fullmatch(r"(FY|CY)(\d{4})|AS(\d{4})-(\d{2})-(\d{2})", key)
    if match is None:
        return key
    if match.group(2):
        year = int(match.group(2))
    else:
        year = int(match.group(3))
        if (match.group(4), match.group(5)) != ("12", "31") and not report.fiscal:
            return key  # an as-of date inside the year is its own period
        if report.fiscal:
            return key
    if year == report.year:
        return CURRENT
    if year == report.year - 1:
        return PREVIOUS
    return f"{'FY' if report.fiscal else 'CY'}{year}"


__all__ = ["CURRENT", "PREVIOUS", "ReportPeriod", "column_period", "report_period", "resolve_key"]
