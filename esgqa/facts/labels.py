"""Metric labels: the phrase a number describes, cleaned so that two phrasings of one metric compare equal.

"2023 财年，自建数据中心的整体平均 PUE（电力使用效率，数值越低越优），从" and "自建数据中心 PUE" both clean to
"自建数据中心PUE". Scope markers ("范围 1、2") are kept apart as tags: they decide which total a figure is.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from esgqa.facts.context import find_periods

_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_SCOPE = re.compile(r"范围(\d\+?(?:(?:、|和|及|与|,|，)\d\+?)*)")
_LEADING = re.compile(
    r"^(?:其中|此外|另外|另|同时|并且|并|而且|而|且|以及|及|和|与|在|于|从|由|对|把|将|通过|经过|为了|"
    r"我们的|我们|本集团|集团|公司|本公司|共同|共计|合计|总计|累计|相比|相较|较|即|均|都|也|已经|已|还|更|"
    r"截至|截止|到|至|达到|达|为|是|了|的|实现了|实现|同比|环比|人民币|美元|港元|欧元|日元|，|、|\s)+"
)
_TRAILING = re.compile(
    r"(?:分别|同比|环比|大幅|显著|突破性|稳步|持续|进一步|继续|从|由|相比|相较|较|"
    r"增长|提升|提高|增加|上升|攀升|跃升|降低|下降|减少|下滑|缩减|降|升|至|到|低|"
    r"超过|超出|超|逾|高达|多达|约为|大约|约|将近|接近|近|不到|不足|低于|少于|不超过|仅|只有|"
    r"达到了|达到|达|为|是|有|共计|合计|总计|共|累计|实现了|实现|完成|获得|拥有|了|的|和|及|与|或|人民币|美元|港元|"
    r"欧元|日元|不变|:|：|。|；|\s)+$"
)
_INNER = re.compile(r"的|了|整体|总体|平均|年均|全年|全部|所有|“|”|‘|’|《|》|「|」|\s|●|·|•")
_TAIL_QUALIFIER = re.compile(r"^\s*(?:以上|以下|以内|左右|上下|多|余|超|约|\+)")


def scope_tags(text: str) -> frozenset[str]:
    """"（即范围 1、2 之和）" -> {"范围1", "范围2"}: which scopes a greenhouse-gas figure covers."""
    tags: set[str] = set()
    for m in _SCOPE.finditer(text.replace(" ", "")):
        tags.update(f"范围{part}" for part in re.split(r"、|和|及|与|,|，", m.group(1)))
    return frozenset(tags)


def clean_label(text: str) -> str:
    """The metric phrase without periods, asides, connectives, verbs and fillers."""
    text = text.replace("\n", "")
    for _ in range(2):  # nested parentheses; an abbreviation in them is kept: "自动体外除颤器（AED）"
        text = _PARENS.sub(lambda m: m.group()[1:-1] if re.fullmatch(r".[A-Za-z]{2,8}.", m.group()) else "", text)
    for period in reversed(find_periods(text)):
        text = text[: period.start] + text[period.end :]
    text = _INNER.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text)
    return text.strip("，,、：:；;。 ")


def clean_tail(text: str) -> str:
    """The words after a number that name what was counted ("的员工为女性", "个品牌"); "" when none do."""
    text = text.replace("\n", "")
    text = _TAIL_QUALIFIER.sub("", text)
    if text.startswith("的"):
        text = text[1:]
    label = clean_label(text)
    while label.endswith("#"):  # "下降至#": words that only lead to the next figure say nothing of this one
        label = clean_label(label[:-1])
    return label


def similarity(a: str, b: str) -> float:
    """0-100: how alike two cleaned labels are (edit-based, so word order and short fillers cost a little)."""
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b))


def contains(short: str, long: str) -> bool:
    """`short` is `long` without some of its words (typically without its subject: "PUE" in "自建数据中心PUE")."""
    return bool(short) and len(short) < len(long) and fuzz.partial_ratio(short, long) >= 95
