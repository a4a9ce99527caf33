"""Numbers with units in report text (Chinese and English): find them, parse an answer, compare two of them.

Shared by QA grounding (does every number of an answer appear on its cited page?), the eval (is "468.1万吨" the
same as "4,681,000吨"?) and fact-checking. The API is four names: `Quantity`, `find_quantities`,
`parse_quantity`, `same_quantity` (plus `resolution`, the rounding step a figure was written with). Fact-checking
also uses the lower-level `scan_normalized` (text already normalised), `units_compatible` and the unit tables.

Scanning runs on the normalised text (see `esgqa.ingest.normalize`), so numbers split from their unit by a line
break ("468.1 万\\n吨") are found in raw text too; spans are mapped back to the text given. What is skipped:
years and dates, list and footnote numbering (including footnote digits glued after a unit, "5.7%1"),
standard and model codes (ISO 14001, COP15, GB/T 41010-2021), phone numbers, e-mail addresses and URLs,
English ordinals and dates ("Scope 3", "Note 12", "December 31").
English currencies, scale words and units are read by `esgqa.numbers_en` in a second pass over the same text;
its base units are the ones below, so "$7.32 billion" equals "73.2亿美元" and "95.7 M mt CO2e" is tonnes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from esgqa.ingest.normalize import normalize
from esgqa.lexicon import QUALIFIERS_BEFORE_EN
from esgqa.numbers_en import GLUED_MARKERS, Hit, identifier_en, merge_english

__all__ = ["Quantity", "find_quantities", "parse_quantity", "resolution", "same_quantity"]


@dataclass(frozen=True)
class Quantity:
    raw: str  # the text as given, e.g. "468.1 万\n吨"
    value: float  # the number as written: 468.1
    unit: str  # scale and unit as written, without spaces: "万吨", "%", "" for a bare number
    base_value: float  # scale and unit factor applied: 4681000.0
    base_unit: str  # "吨", "%", "元", "" ...
    start: int  # span in the text given
    end: int


# unit -> (base unit, factor). Longer units are tried first, so "人次" wins over "人" and "个月" over "个".
UNITS: dict[str, tuple[str, str]] = {
    "吨/百万人民币": ("吨/百万元", "1"), "吨/每百万人民币": ("吨/百万元", "1"), "吨/百万元": ("吨/百万元", "1"),
    "吨二氧化碳当量": ("吨", "1"), "吨": ("吨", "1"), "千克": ("吨", "0.001"), "公斤": ("吨", "0.001"),
    "克": ("吨", "0.000001"),
    "元人民币": ("元", "1"), "人民币": ("元", "1"), "元": ("元", "1"), "美元": ("美元", "1"), "港元": ("港元", "1"),
    "千瓦时": ("千瓦时", "1"), "兆瓦时": ("千瓦时", "1000"), "度": ("千瓦时", "1"),
    "吉瓦": ("瓦", "1000000000"), "兆瓦": ("瓦", "1000000"), "千瓦": ("瓦", "1000"),
    "立方米": ("立方米", "1"), "升": ("立方米", "0.001"), "平方公里": ("平方米", "1000000"),
    "平方米": ("平方米", "1"), "公顷": ("平方米", "10000"), "亩": ("亩", "1"),
    "公里": ("米", "1000"), "千米": ("米", "1000"), "米": ("米", "1"),
    "个百分点": ("百分点", "1"), "%": ("%", "1"), "‰": ("%", "0.1"), "倍": ("倍", "1"),
    "小时": ("小时", "1"), "分钟": ("小时", "0.0166666666666666667"), "个月": ("月", "1"), "天": ("天", "1"),
    "年": ("年", "1"),
}
# Classifiers of counted things; each is its own base unit, and a bare "7,000 万" may stand for "7,000 万个".
COUNTERS = tuple(
    "人次 个 项 家 人 名 位 次 件 款 条 场 所 座 台 辆 株 棵 只 篇 套 户 单 核 种 部 份 门 间 张 块 头 枚 批 期 箱 "
    "吨次 笔 本 股".split()
)
SCALES = {"万亿": "1000000000000", "千万": "10000000", "百万": "1000000", "十万": "100000", "万": "10000",
          "亿": "100000000", "千": "1000"}
QUALIFIER_CHARS = "约超近逾多余"

_ALL_UNITS = sorted([*UNITS, *COUNTERS], key=len, reverse=True)
# "8.7 吨 / 每\n百万人民币": an intensity unit may be spaced and wrapped even after normalisation
_INTENSITY_RE = r"吨 ?/ ?每?\n?百万(?:人民币|元)"
_UNIT_RE = _INTENSITY_RE + "|" + "|".join(re.escape(u) for u in _ALL_UNITS)
_NUMBER_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# number, an optional qualifier inside ("20多万", infographic "20约亿"), scale, unit
_QUANTITY = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER_RE})(?![\d])"
    rf"(?P<tail> ?(?P<inner>[约多余](?= ?(?:万|亿|千万|{_UNIT_RE})))? ?"
    rf"(?P<scale>万亿|千万|百万(?!人民币|元)|十万|万|亿|千(?![瓦克米]))? ?(?P<unit>{_UNIT_RE})?)"
)
# Text that contains digits but no quantities: URLs, e-mail, codes like ISO 14001, COP15, GB/T 41010-2021, R448A.
_MASKS = re.compile(
    r"https?://[^\s，。；、）)\u4e00-\u9fff]+|www\.[^\s，。；、）)\u4e00-\u9fff]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![A-Za-z])(?:ISO|IEC|GB|GB/T|YD/T|BS|SDGs?|OHSAS|Q/\w+)(?:/[A-Z]+)? ?\d[\d\-:.]*(?<![.:-])"
    rf"|[A-Za-z]+\d[A-Za-z0-9\-]*|\d+(?!{GLUED_MARKERS})[A-Za-z][A-Za-z0-9\-]*"
    r"|\d{3,4}-\d{3,4}-\d{3,4}|\d{3,4}-\d{7,8}"
)
_SCOPE_LIST = re.compile(r"范围 ?\d\+?(?: ?[、和及与,，] ?\d\+?)* ?[、和及与,，] ?$")
_PHONE_WORDS = ("电话", "热线", "拨打", "致电", "客服")
_YEAR_UNITS = ("年", "财年", "年度", "届")
_ORDINAL_PREFIX = ("第", "范围", "前", "Top", "TOP")


def _decimal(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


def _base(num: str, scale: str, unit: str) -> tuple[float, str]:
    base_unit, factor = UNITS.get(unit, (unit, "1"))
    value = _decimal(num) * Decimal(SCALES.get(scale, "1")) * Decimal(factor)
    return float(value), base_unit


def _hit_base(hit: Hit) -> tuple[float, str]:
    if hit.base_unit is None:
        return _base(hit.num, hit.scale, hit.unit)
    value = _decimal(hit.num) * Decimal(hit.factor)
    return float(-value if hit.negative else value), hit.base_unit


def _hit_value(hit: Hit) -> float:
    return float(-_decimal(hit.num) if hit.negative else _decimal(hit.num))


def _is_year(text: str, hit_start: int, num: str, unit: str, after: str) -> bool:
    if "," in num or "." in num or len(num) != 4 or not 1900 <= int(num) <= 2100:
        return False
    return unit in ("", "年") or after.startswith(_YEAR_UNITS) or text[hit_start - 1 : hit_start] in ("-", "—", "~")


def _scan(text: str) -> list[Hit]:
    """Quantities in normalised text, with their spans in it."""
    masked: set[int] = set()
    for mask in _MASKS.finditer(text):
        masked.update(range(mask.start(), mask.end()))
    hits: list[Hit] = []
    for match in _QUANTITY.finditer(text):
        start, num = match.start(), match.group("num")
        if start in masked or match.end("num") - 1 in masked:
            continue
        scale, unit = match.group("scale") or "", _canonical_unit(match.group("unit") or "")
        end = match.end() if (scale or unit) else match.end("num")
        before = text[max(0, start - 4) : start].rstrip(" ")
        if not (scale or unit):
            rev = _reversed_unit(text, start)
            if rev is not None:
                scale, unit = rev
        if _skip(text, start, end, num, scale, unit, before, hits):
            continue
        hits.append(Hit(start, end, num, scale, unit))
    return merge_english(text, _propagate_range_units(text, hits), masked, _is_year, SCALES)


def _canonical_unit(unit: str) -> str:
    return re.sub(r"[\s每]", "", unit) if "/" in unit else unit


_RANGE_SEPARATORS = ("-", "–", "—", "~", "～", "至")


def _propagate_range_units(text: str, hits: list[Hit]) -> list[Hit]:
    """"5-11%" and "0-3 年": the first end of a range takes the unit written after the second."""
    out = list(hits)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.scale or first.unit or not (second.scale or second.unit):
            continue
        if text[first.end : second.start].strip() in _RANGE_SEPARATORS:
            out[i] = Hit(first.start, first.end, first.num, second.scale, second.unit)
    return out


_REVERSED = re.compile(rf"(?:^|(?<=[\s]))(?P<scale>万|亿)?(?P<unit>{_UNIT_RE})?[约超近逾]?$")


def _reversed_unit(text: str, start: int) -> tuple[str, str] | None:
    """Infographic text read backwards puts the unit before the number: "%12.9", "万吨686.3", "万超4,700".

    Only a token glued to the number at the start of a line (or after a space) counts, so "…2,290.7 万吨\n2,290.7"
    keeps the second figure bare.
    """
    line_start = text.rfind("\n", 0, start) + 1
    match = _REVERSED.search(text[line_start:start])
    if match is None or not (match.group("scale") or match.group("unit")):
        return None
    unit = match.group("unit") or ""
    if unit and unit not in ("%", "吨") and not match.group("scale"):
        return None  # "项超17,000"-like tails are too ambiguous; only %, 吨 and scaled units are taken
    return match.group("scale") or "", unit


def _skip(text: str, start: int, end: int, num: str, scale: str, unit: str, before: str, hits: list[Hit]) -> bool:
    """Numbers that are not quantities: years, dates, footnote marks, ordinals, codes, list numbers, phones."""
    prev = text[start - 1] if start else ""
    line_start = start == 0 or text[start - 1] == "\n"
    if _is_year(text, start, num, unit, text[end:end + 3]):
        return True
    bare = not scale and not unit
    if bare and text[end:end + 1] in ("月", "日") and "." not in num:
        return True  # dates: "3 月 31 日"
    if bare and len(num) <= 2 and hits and hits[-1].end == start:
        return True  # footnote digits glued after a quantity: "5.7%1", "超 4,000 万 7"
    if "." not in num and (before.endswith(_ORDINAL_PREFIX) or _SCOPE_LIST.search(text[max(0, start - 12):start])):
        return True  # ordinals and identifiers: "第15次", "范围 3", "前 5", "范围 1 和 2", "范围1、2之和"
    if bare and identifier_en(text, start, end, num):
        return True  # "Scope 3", "Note 12", "Scopes 1, 2 and 3", the day of "December 31, 2022"
    if (prev and prev in "*×/:：") or text[end:end + 1] in ("*", "×", ":"):
        return True  # formulas, times, codes: "7*24", "(x/y)*100%"
    if (line_start and bare and "." not in num and "," not in num and len(num) <= 2
            and text[end:end + 1] not in _RANGE_SEPARATORS):
        return True  # list and footnote numbering: "1. 本清单", "4 18 种", "15数据来源"
    if bare and any(w in text[max(0, start - 6):end + 3] for w in _PHONE_WORDS):
        return True
    return bare and "," not in num and "." not in num and len(num) >= 7  # phone numbers, ids without separators


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text` (raw or normalised), in order, with spans into `text`."""
    normalized = normalize(text)
    found: list[Quantity] = []
    for hit in _scan(normalized.text):
        start, end = normalized.original_span(hit.start, hit.end)
        base_value, base_unit = _hit_base(hit)
        found.append(Quantity(raw=text[start:end], value=_hit_value(hit), unit=hit.scale + hit.unit,
                              base_value=base_value, base_unit=base_unit, start=start, end=end))
    return found


def scan_normalized(text: str) -> list[Quantity]:
    """Like `find_quantities` for text that is already normalised (spans index `text`; no second pass)."""
    found: list[Quantity] = []
    for hit in _scan(text):
        base_value, base_unit = _hit_base(hit)
        found.append(Quantity(raw=text[hit.start:hit.end], value=_hit_value(hit),
                              unit=hit.scale + hit.unit, base_value=base_value, base_unit=base_unit,
                              start=hit.start, end=hit.end))
    return found


_ANSWER_NOISE = re.compile(
    r"^(?:[\s约超近逾大概达为共计总计]|" + "|".join(re.escape(w) for w in sorted(QUALIFIERS_BEFORE_EN, key=len,
                                                                           reverse=True)) + r")+|[\s。，,.;；！!]+$")


def parse_quantity(text: str) -> Quantity | None:
    """One answer string ("468.1万吨", "4,681,000吨", "49.1%", "1.215", "3.5亿元") as a quantity.

    Leading qualifiers (约, 超 ...) and trailing punctuation are ignored. None when the text holds no number or
    more than one (an answer naming several figures is not one quantity).
    """
    found = find_quantities(text)
    if len(found) == 1:
        return found[0]
    if found:
        return None
    stripped = _ANSWER_NOISE.sub("", normalize(text).text)
    match = _QUANTITY.fullmatch(stripped)
    if match is None:  # a bare year-like figure such as "2023" is a number when it is the whole answer
        return None
    num, scale, unit = match.group("num"), match.group("scale") or "", match.group("unit") or ""
    base_value, base_unit = _base(num, scale, unit)
    offset = text.find(num[0])
    return Quantity(raw=text.strip(), value=float(_decimal(num)), unit=scale + unit, base_value=base_value,
                    base_unit=base_unit, start=max(offset, 0), end=len(text.rstrip()))


_RAW_NUMBER = re.compile(_NUMBER_RE)


def resolution(quantity: Quantity) -> float:
    """The rounding step of a figure in base units: 468.1万吨 -> 1000.0 (0.1 万吨), 49.1% -> 0.1, 7,000万 -> 1e4."""
    match = _RAW_NUMBER.search(quantity.raw.replace("\n", "").replace(" ", ""))
    decimals = len(match.group().split(".")[1]) if match and "." in match.group() else 0
    if quantity.value == 0:
        return 10.0 ** -decimals
    scale = quantity.base_value / quantity.value
    return abs(scale) * 10.0 ** -decimals


PEOPLE_COUNTERS = frozenset({"人", "名", "位"})  # "5,732人" and "5,732名" count the same people ("人次" does not)


def units_compatible(a: str, b: str) -> bool:
    """Same base unit, a bare number against a count ("7,000万" vs "7,000万个"), or two counters of people."""
    if a == b:
        return True
    if a in PEOPLE_COUNTERS and b in PEOPLE_COUNTERS:
        return True
    return (a == "" and b in COUNTERS) or (b == "" and a in COUNTERS)


def same_quantity(a: Quantity, b: Quantity, rel_tol: float = 1e-9) -> bool:
    """Equal after unit normalisation, allowing for the rounding of the less precise figure.

    "468.1万吨" == "4,681,000吨"; "49%" == "49.1%" (49% may be a rounded 49.1%); "1.215" != "1.125".
    """
    if not units_compatible(a.base_unit, b.base_unit):
        return False
    tolerance = max(resolution(a), resolution(b)) / 2 + rel_tol * max(abs(a.base_value), abs(b.base_value))
    return abs(a.base_value - b.base_value) <= tolerance * (1 + 1e-9)
