"""What a question asks for: its weighted terms, whether it wants a number and in which unit, its period.

Kept apart from answer selection so that the weights (IDF over the chunks) and the expectations are computed
once per question, not once per candidate sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from esgqa.index.dictionary import EN_FILLER
from esgqa.index.retriever import QueryPlan, Retriever
from esgqa.numbers import COUNTERS, PEOPLE_COUNTERS, UNITS, Quantity

_ASKS_NUMBER_ZH = re.compile(
    r"多少|几[个项家名位次年]|比例|占比|比重|百分|比率|率|规模|数量|金额|总额|多大|多高|多长|多久|强度|PUE|WUE|排放量|总量")
_ASKS_NUMBER_EN = re.compile(
    r"\b(how (many|much|long|high|large|big)|what (share|percentage|proportion|number|amount|total|ratio|rate|"
    r"value|level|price)|percent(age)?|ratio|rate|total|number of|amount of|intensity|pue|wue|emissions?)\b",
    re.IGNORECASE)
ASKS_PERCENT = re.compile(r"比例|占比|比重|百分|比率|率|share|percent|proportion|ratio|rate", re.IGNORECASE)
_EXPECTED_UNITS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (ASKS_PERCENT, ("%",)),
    (re.compile(r"小时|hour", re.IGNORECASE), ("小时",)),
    (re.compile(r"排放|减碳|碳|emission|carbon|co2|tonne|\bton", re.IGNORECASE), ("吨",)),
    (re.compile(r"金额|捐|钱|奖金|销售额|收入|投入|资金|补贴|元|donat|fund|rmb|yuan|revenue|sales|invest|subsid",
                re.IGNORECASE), ("元",)),
    (re.compile(r"电量|度电|绿电|kwh|electricity", re.IGNORECASE), ("千瓦时",)),
    (re.compile(r"人次|多少人|多少名|员工|人数|people|person|employee|staff|volunteer|attendee|participant|user",
                re.IGNORECASE), ("人", "名", "人次", "位")),
)
_MEASURE_WORDS = sorted({*UNITS, *COUNTERS, *"颗座栋架艘起例轮届处"}, key=len, reverse=True)  # after 多少/几
_LITERAL_UNIT = re.compile(r"(?:多少|几)(?:个)?(" + "|".join(map(re.escape, _MEASURE_WORDS)) + ")")
_HOW_MANY = re.compile(r"\bhow many\b", re.IGNORECASE)
# "how many tonnes / hours / times": English names the unit right after "how many"
_HOW_MANY_UNIT = re.compile(r"\bhow many (?:more |fewer )?(tonnes?|tons?|hours?|times|yuan|kwh|kilowatt[- ]hours?|"
                            r"square (?:metres?|meters?)|people|persons?)\b", re.IGNORECASE)
_ENGLISH_UNITS = {"tonne": "吨", "ton": "吨", "hour": "小时", "times": "次", "yuan": "元", "kwh": "千瓦时",
                  "kilowatt": "千瓦时", "square": "平方米", "people": "人", "person": "人"}
_ASKS_EARLIER = re.compile(r"从多少|从什么|原来|此前|之前|起初|此前|上一财年|before|previous|prior|earlier|from what",
                           re.IGNORECASE)
_ASKS_TARGET = re.compile(r"目标|承诺|计划|到20\d\d|不晚于|target|goal|commit|pledge|by 20\d\d", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")

@dataclass
class QuestionProfile:
    plan: QueryPlan
    weights: dict[str, float]
    wants_number: bool
    expected_units: set[str]
    literal_unit: str | None
    years: set[str]
    unknown_weight: float = 0.0  # weight of English words the report never uses (always missing)
    ceiling: float = 0.0  # the weight of a term the report never uses
    asks_earlier: bool = False  # "从多少提升上来的": the "from" side of a change is the answer
    asks_target: bool = False  # a commitment or goal, not an achieved figure
    asks_count: bool = False  # "how many …" with no unit named: a count of things, not tonnes, yuan or percent
    number_values: set[float] = field(default_factory=set)
    concepts: list[tuple[list[str], float]] = field(default_factory=list)  # English: see `concepts_of`


def profile(question: str, retriever: Retriever) -> QuestionProfile:
    plan = retriever.plan(question)
    frequencies = retriever.lexical.document_frequencies()
    total = max(1, len(retriever.chunks))
    ceiling = math.log(1 + total)
    weights: dict[str, float] = {}
    for term in dict.fromkeys(plan.tokens + plan.expansions):
        df = frequencies.get(term, 0)
        if df:
            weights[term] = math.log(1 + total / (1 + df))
        elif not plan.english:
            weights[term] = ceiling  # a Chinese term the report never uses: the report likely lacks the fact
    unknown = 0.0
    if plan.english:
        words = re.findall(r"[a-z][a-z0-9\-]+", question.lower())
        translated = set(plan.tokens) | {w for w in words if frequencies.get(w, 0)}
        missing = [w for w in words if w not in EN_FILLER and w not in translated and len(w) > 2
                   and w not in plan.translated and w.rstrip("s") not in plan.translated]
        unknown = 0.25 * ceiling * len(missing)
    literal = _LITERAL_UNIT.search(question) or re.search(r"(?:多少|几)(个)", question)
    english_unit = _HOW_MANY_UNIT.search(question)
    literal_unit = literal.group(1) if literal else None
    if english_unit and not literal_unit:
        word = english_unit.group(1).lower()
        literal_unit = next(unit for key, unit in _ENGLISH_UNITS.items() if word.startswith(key))
    wants = bool(_ASKS_NUMBER_ZH.search(question) or _ASKS_NUMBER_EN.search(question))
    return QuestionProfile(
        plan=plan, weights=weights, wants_number=wants,
        expected_units={u for pattern, units in _EXPECTED_UNITS if pattern.search(question) for u in units},
        literal_unit=literal_unit,
        years=set(_YEAR.findall(question)), unknown_weight=unknown, ceiling=ceiling,
        asks_earlier=bool(_ASKS_EARLIER.search(question)), asks_target=bool(_ASKS_TARGET.search(question)),
        asks_count=bool(_HOW_MANY.search(question)),
        number_values={float(m.group()) for n in plan.numbers if (m := _NUMBER.search(n.replace(",", "")))},
        concepts=concepts_of(plan, weights) if plan.english else [],
    )


def coverage(text: str, question: QuestionProfile, by_concept: bool = True) -> float:
    """IDF-weighted share of the question's terms found in `text` (English: through its expansions).

    English questions count each translated concept once (`by_concept`): "share" → 占/比/比例 is one concept, so
    a sentence saying 占比 is not two thirds short of it.

    A Chinese term that is absent still earns half credit for the share of its characters present:
    paraphrases keep characters ("少排" ~ "减排", "比重" ~ "占比") even when jieba splits them differently.
    """
    if question.concepts and by_concept:
        return _concept_coverage(text, question)
    weights = question.weights
    if question.plan.english:
        chosen = {t: w for t, w in weights.items() if t in question.plan.expansions or t in question.plan.tokens}
        weights = chosen or weights
    total = sum(weights.values()) + question.unknown_weight
    if total <= 0:
        return 0.0
    found = 0.0
    for term, weight in weights.items():
        if term in text:
            found += weight
        elif not question.plan.english and len(term) > 1:
            found += 0.5 * weight * sum(1 for ch in term if ch in text) / len(term)
    return found / total


def _concept_coverage(text: str, question: QuestionProfile) -> float:
    """English: each translated concept counts once, with the weight of its best term present."""
    total = sum(weight for _, weight in question.concepts) + question.unknown_weight
    if total <= 0:
        return 0.0
    found = sum(max((question.weights[t] for t in terms if t in text), default=0.0) for terms, _ in question.concepts)
    return found / total


def concepts_of(plan: QueryPlan, weights: dict[str, float]) -> list[tuple[list[str], float]]:
    """An English question's concepts: each glossary or dictionary translation's tokens, then every kept
    English token on its own; weighted by their rarest term."""
    grouped: list[list[str]] = [[t for t in group if t in weights] for group in plan.groups]
    seen = {t for group in grouped for t in group}
    grouped += [[t] for t in plan.tokens if t in weights and t not in seen]
    return [(group, max(weights[t] for t in group)) for group in grouped if group]


def missing_term_share(text: str, question: QuestionProfile) -> float:
    """The largest share of the question's weight held by one term absent from `text`.

    A near-miss question ("男性员工休育儿假的人数") usually differs from what the report states by one specific
    term; averaged coverage dilutes that term among the shared ones, this does not.
    """
    if question.concepts:
        total = sum(weight for _, weight in question.concepts) + question.unknown_weight
        absent = [weight for terms, weight in question.concepts if not any(t in text for t in terms)]
    else:
        weights = question.weights
        total = sum(weights.values()) + question.unknown_weight
        absent = [w for t, w in weights.items() if t not in text]
    if total <= 0:
        return 0.0
    unknown = question.unknown_weight / max(1, round(question.unknown_weight / (0.25 * question.ceiling or 1)))
    return max([*absent, unknown if question.unknown_weight else 0.0], default=0.0) / total


_PHYSICAL_UNITS = frozenset(base for base, _ in UNITS.values())
_PEOPLE_UNITS = frozenset({*PEOPLE_COUNTERS, "人次"})


def kind_mismatch(quantity: Quantity, question: QuestionProfile) -> bool:
    """The number is not of the kind asked for: "多少颗" answered in %, "how many users" answered in tonnes.

    Only explicit asks count (a measure word after 多少/几, or English "how many" with no unit named), so a
    paraphrased question is not held to a unit it never named.
    """
    unit = quantity.base_unit
    if not unit:
        return False  # a bare figure ("1.215", "7,000万") can be of any kind
    if question.literal_unit:
        asked = UNITS.get(question.literal_unit, (question.literal_unit, ""))[0]
        if asked == "个":
            return unit in _PHYSICAL_UNITS  # 个 counts anything, but not tonnes or percent
        return unit != asked and not (unit in _PEOPLE_UNITS and asked in _PEOPLE_UNITS)
    if question.asks_count and not question.expected_units:
        return unit in _PHYSICAL_UNITS
    if question.asks_count and question.expected_units <= _PEOPLE_UNITS:
        return unit not in _PEOPLE_UNITS  # "how many users" is not answered in uses (次) or kinds (种)
    return False


def period_matches(page_text: str, question: QuestionProfile) -> bool:
    """A question about 2022 is not answered by a page that never mentions 2022."""
    return all(year in page_text for year in question.years)
