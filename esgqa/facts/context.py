"""What the words around a number say about it: period, qualifier, and whether it is a change or a level.

"2022 财年的 1.247" is last year's level, "超 7,000 万" a lower bound, "同比降低 12.9%" a change and not a level.
Two figures can only contradict each other when these agree, so they are read before any comparison.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from esgqa.facts.period import CURRENT, PREVIOUS, ReportPeriod
from esgqa.lexicon import MONTHS, QUALIFIERS_AFTER_EN, QUALIFIERS_BEFORE_EN

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Periods in normalised text (no spaces between digits and 年), and their English forms.
_PERIOD = re.compile(
    r"截至(?P<ay>\d{4})年(?P<am>\d{1,2})月(?:(?P<ad>\d{1,2})日)?(?:止)?"
    r"|(?P<fy>\d{4})财年(?:度)?"
    r"|FY ?(?P<fy2>20\d{2})|FY ?(?P<fy3>\d{2})(?!\d|[,.]\d)|(?i:fiscal(?: year)?) (?P<fy4>20\d{2})"
    rf"|(?i:(?:years?|twelve months|fiscal year) end(?:ed|ing)) (?P<eM>(?i:{_MONTH}))\.? (?P<ed>\d{{1,2}}),?"
    r" (?P<ey>\d{4})"
    rf"|(?i:as of|as at|at) (?:(?P<aM>(?i:{_MONTH}))\.? (?P<ad2>\d{{1,2}}),? (?P<ay2>\d{{4}})"
    rf"|(?P<ad3>\d{{1,2}}) (?P<aM3>(?i:{_MONTH})) (?P<ay3>\d{{4}}))"
    r"|(?:Q(?P<q>[1-4]) (?P<qy>20\d{2})|(?P<qw>(?i:first|second|third|fourth)) quarter of (?P<qy2>20\d{2}))"
    r"|(?P<by>(?:19|20)\d{2}) (?i:base(?:line)? year|baseline)"
    r"|(?i:baseline|base year)(?: year)?(?: of)? (?P<by2>(?:19|20)\d{2})"
    r"|(?i:\b(?:in|during|for|since|calendar year|year)) (?P<iy>(?:19|20)\d{2})(?!\d|[,.]\d|%)"
    r"|(?P<my>\d{4})年(?P<mm>\d{1,2})月(?:(?P<md>\d{1,2})日)?"
    r"|(?P<y>\d{4})年(?:度)?(?![\d至])"
    r"|(?P<prev>上一财年|上一个财年|上财年|上年度|去年同期|上年同期|去年|上年|前一财年|同期)"
    r"|(?P<cur>本财年|本年度|今年|当年|报告期内|本报告期)"
)


@dataclass(frozen=True)
class Period:
    text: str  # as written (normalised): "2023财年", "截至2023年3月31日"
    key: str  # "FY2023", "CY2022", "AS2023-03-31", "M2022-06", "PREV", "CUR"
    start: int
    end: int


def find_periods(text: str) -> list[Period]:
    periods: list[Period] = []
    for m in _PERIOD.finditer(text):
        if m.group("ay"):
            day = f"-{int(m.group('ad')):02d}" if m.group("ad") else ""
            key = f"AS{m.group('ay')}-{int(m.group('am')):02d}{day}"
        elif m.group("fy") or m.group("fy2") or m.group("fy4"):
            key = f"FY{m.group('fy') or m.group('fy2') or m.group('fy4')}"
        elif m.group("fy3"):
            key = f"FY20{m.group('fy3')}"
        elif m.group("ey"):  # a year ending in December is the calendar year
            month = MONTHS[m.group("eM").lower()]
            key = f"{'CY' if month == 12 else 'FY'}{m.group('ey')}"
        elif m.group("ay2") or m.group("ay3"):
            month = MONTHS[(m.group("aM") or m.group("aM3")).lower()]
            key = f"AS{m.group('ay2') or m.group('ay3')}-{month:02d}-{int(m.group('ad2') or m.group('ad3')):02d}"
        elif m.group("qy") or m.group("qy2"):
            quarter = m.group("q") or str(("first", "second", "third", "fourth").index(m.group("qw").lower()) + 1)
            key = f"CY{m.group('qy') or m.group('qy2')}-Q{quarter}"
        elif m.group("by") or m.group("by2") or m.group("iy"):
            key = f"CY{m.group('by') or m.group('by2') or m.group('iy')}"
        elif m.group("my"):  # a day keeps dates of one month apart ("4月17日" and "4月26日")
            day = f"-{int(m.group('md')):02d}" if m.group("md") else ""
            key = f"M{m.group('my')}-{int(m.group('mm')):02d}{day}"
        elif m.group("y"):
            key = f"CY{m.group('y')}"
        elif m.group("prev"):
            key = "PREV"
        else:
            key = "CUR"
        periods.append(Period(m.group(), key, m.start(), m.end()))
    return periods


@dataclass(frozen=True)
class PeriodResolver:
    """Maps period keys to comparable ones: the report's own year (from its cover, else its most cited year),
    an unstated period, "本财年" and the report's most cited as-of date all mean "current"; the year before,
    "上一财年" and "上年同期" mean "previous"; other years keep their key ("CY2017")."""

    current: str | None  # "FY2023", "CY2019"
    current_asof: str | None

    @classmethod
    def from_keys(cls, keys: Iterable[str], report: ReportPeriod | None = None) -> PeriodResolver:
        counts = Counter(keys)

        def commonest(prefix: str) -> str | None:  # ties go to the latest period
            found = [k for k in counts if k.startswith(prefix)]
            return max(found, key=lambda k: (counts[k], k)) if found else None

        own = report.key if report is not None and report.key else commonest("FY") or commonest("CY")
        return cls(own, commonest("AS"))

    def resolve(self, key: str | None) -> str:
        if key is None or key in ("CUR", self.current, self.current_asof):
            return CURRENT
        if self.current_asof and (key == f"M{self.current_asof[2:9]}" or
                                  (key.startswith("AS") and self.current_asof.startswith(key))):
            return CURRENT  # "截至2023年3月底": the month the report closes
        if key == "PREV":
            return PREVIOUS
        match = re.fullmatch(r"(FY|CY)(\d{4})", key)
        own = re.fullmatch(r"(FY|CY)(\d{4})", self.current or "")
        if match and own and match.group(1) == own.group(1) and int(match.group(2)) == int(own.group(2)) - 1:
            return PREVIOUS
        if own and own.group(1) == "CY" and (as_of := re.fullmatch(r"AS(\d{4})-12-31", key)):
            year = int(as_of.group(1))
            if year == int(own.group(2)):
                return CURRENT
            if year == int(own.group(2)) - 1:
                return PREVIOUS
        return key

    def shift(self, key: str | None, years: int) -> str:
        """The period `years` after `key` ("FY2022" + 1 -> current); used for "从 2022 财年的 X 提升到 Y"."""
        resolved = self.resolve(key)
        own = re.fullmatch(r"(FY|CY)(\d{4})", self.current or "")
        if resolved in (CURRENT, PREVIOUS):
            if own is None:
                return CURRENT if years > 0 else PREVIOUS
            resolved = f"{own.group(1)}{int(own.group(2)) - (resolved == PREVIOUS)}"
        match = re.fullmatch(r"(FY|CY)(\d{4})", resolved)
        if match is None:
            return CURRENT if years > 0 else PREVIOUS
        return self.resolve(f"{match.group(1)}{int(match.group(2)) + years}")


# Qualifiers: before the number, inside it ("20多万"), or after it (also after reversed infographic text).
_QUAL_BEFORE = re.compile(
    r"(超过|超出|超|逾|多于|高于|大于|不少于|至少|约为|大约|约|将近|接近|近|不到|不足|低于|少于|不超过|小于|至多)$")
_QUAL_AFTER = re.compile(r"^(以上|多|余|\+|左右|上下|以下|以内|超|约)")
_QUAL_KIND = {
    "超过": "lower", "超出": "lower", "超": "lower", "逾": "lower", "多于": "lower", "高于": "lower",
    "大于": "lower", "不少于": "lower", "至少": "lower", "以上": "lower", "多": "lower", "余": "lower", "+": "lower",
    "约为": "approx", "大约": "approx", "约": "approx", "将近": "approx", "接近": "approx", "近": "approx",
    "左右": "approx", "上下": "approx",
    "不到": "upper", "不足": "upper", "低于": "upper", "少于": "upper", "不超过": "upper", "小于": "upper",
    "至多": "upper", "以下": "upper", "以内": "upper",
}


_QUAL_BEFORE_EN = re.compile(r"(?:^|(?<=[\s(]))(" + "|".join(
    re.escape(w) for w in sorted(QUALIFIERS_BEFORE_EN, key=len, reverse=True)) + r")\s?(?:[$€£¥]|US\$)?$")
_QUAL_AFTER_EN = re.compile(r"^\s?(" + "|".join(map(re.escape, QUALIFIERS_AFTER_EN)) + r")\b")


def qualifier(before: str, raw: str, after: str) -> tuple[str, str]:
    """(kind, words): kind is "" (exact), "lower" (超/以上/逾, "over", "at least"), "approx" (约/近/左右,
    "approximately", "~") or "upper" (以下/不到, "up to", "less than")."""
    inner = re.search(r"\d\s*([多余约])", raw)
    if inner:
        return _QUAL_KIND[inner.group(1)], inner.group(1)
    spaced = " ".join(before.lower().split())
    if m := _QUAL_BEFORE_EN.search(spaced):
        return QUALIFIERS_BEFORE_EN[m.group(1)], m.group(1)
    if m := _QUAL_AFTER_EN.match(" ".join(after.lower().split())):
        return QUALIFIERS_AFTER_EN[m.group(1)], m.group(1)
    m = _QUAL_BEFORE.search(before.replace(" ", "").replace("\n", ""))
    if m:
        return _QUAL_KIND[m.group(1)], m.group(1)
    m = _QUAL_AFTER.match(after.replace(" ", ""))
    if m:
        return _QUAL_KIND[m.group(1)], m.group(1)
    return "", ""


_UP = "增长|提升|提高|增加|上升|攀升|跃升|扩大|增幅"
_DOWN = "降低|下降|减少|下滑|缩减|降幅|减幅"
_CHANGE = re.compile(
    rf"(?:同比|环比|较上一?财年|较去年|较上年)?(?:大幅|显著|突破性|稳步|分别)?(?P<dir>{_UP}|{_DOWN})(?:了|达|为|约|超过|超|近)?$"
)
_TARGET = re.compile(rf"(?:{_UP}|{_DOWN}|降|升)?(?:至|到)(?:了)?$")


_CHANGE_EN = re.compile(
    r"(?i)\b(?:(?P<up>increased?|increases|increasing|rose|grew|growth of|up|higher|gain(?:ed)? of|rise of)"
    r"|(?P<down>decreased?|decreases|decreasing|declined?|fell|down|lower|reduced|reduction of|drop(?:ped)?|"
    r"cut))(?: by| of)?(?: approximately| about| nearly| over| more than| ~)?\s?(?:[$€£¥]|US\$)?$")


def change_kind(before: str) -> str:
    """"up"/"down" when the words just before the number make it a change ("同比降低 12.9%", "decreased by
    12%"); "" for a level. A target ("下降至 1.215", "提升到 53.9%", "increased to 30%") is a level.
    """
    if m := _CHANGE_EN.search(" ".join(before.split())):
        return "up" if m.group("up") else "down"
    text = before.replace(" ", "").replace("\n", "")
    text = _QUAL_BEFORE.sub("", text)
    if _TARGET.search(text):
        return ""
    m = _CHANGE.search(text)
    if m is None:
        return ""
    return "up" if re.fullmatch(_UP, m.group("dir")) else "down"


def is_target(between: str) -> bool:
    """"X 下降至 Y", "从 X 大幅跃升到 Y": the text between two numbers makes the second the new level of the first."""
    text = between.replace(" ", "").replace("\n", "")
    return len(text) <= 10 and _TARGET.search(text) is not None
