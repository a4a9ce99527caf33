"""A question in, a plan out: what retrieval searches for and what the answerer must find.

The plan holds the search terms (jieba tokens; an English question's Chinese renderings from the glossary and
the dictionary, grouped by the English concept they translate), the support terms with their weights (framing
words and the names of the report's own entity never count as missing), the numbers the question states, what
kind of figure it wants (a unit, a counted noun, a change, a period, a statement) and whether it asks for a
definition instead. Retrieval and answering both read it; neither re-derives it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from esgqa.numbers import COUNTERS, UNITS, find_quantities
from esgqa.query.bridge import bridge_groups
from esgqa.query.dictionary import EN_FILLER, translate_word
from esgqa.query.glossary import expand_groups, is_english
from esgqa.query.intent import FRAMING_EN, FRAMING_ZH, Intent, read_intent
from esgqa.query.terms import prepare, stem, tokenize
from esgqa.query.vocabulary import Vocabulary

_ASKS_NUMBER_ZH = re.compile(
    r"多少|几[个项家名位次年倍成]|比例|占比|比重|百分|比率|率|规模|数量|金额|总额|多大|多高|多长|多久|强度|PUE|WUE|排放量|总量|"
    r"余额|收入|利润|成本|费用|资产|负债|股数|每股|市值|营收|净额")
_ASKS_NUMBER_EN = re.compile(
    r"\b(how (many|much|long|high|large|big)|what (share|percentage|proportion|number|amount|total|ratio|rate|"
    r"value|level|price|was the|were the|is the)|percent(age)?|ratio|rate|total|number of|amount of|intensity|"
    r"pue|wue|emissions?|revenues?|profits?|income|costs?|expenses?|assets|liabilit(y|ies)|balance|cash|coverage|"
    r"capacity|volume|headcount|margin|score|intensity)\b",
    re.IGNORECASE)
ASKS_PERCENT = re.compile(r"比例|占比|比重|百分|比率|率|几成|share|percent|proportion|ratio|rate", re.IGNORECASE)
_EXPECTED_UNITS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (ASKS_PERCENT, ("%",)),
    (re.compile(r"小时|hour", re.IGNORECASE), ("小时",)),
    (re.compile(r"排放|减碳|碳|emission|carbon|co2|tonne|\bton", re.IGNORECASE), ("吨",)),
    (re.compile(r"金额|捐|钱|奖金|销售额|收入|投入|资金|补贴|成本|费用|元|donat|fund|rmb|yuan|revenue|sales|invest|subsid|"
                r"\bcosts?\b|expens|\bfees?\b|salar|wages?\b|\bpaid\b",
                re.IGNORECASE), ("元", "美元", "港元", "欧元", "英镑")),
    (re.compile(r"电量|度电|绿电|kwh|electricity", re.IGNORECASE), ("千瓦时",)),
    (re.compile(r"人次|多少人|多少名|员工|人数|people|person|employee|staff|volunteer|attendee|participant|user",
                re.IGNORECASE), ("人", "名", "人次", "位")),
)
_MEASURE_WORDS = sorted({*UNITS, *COUNTERS, *"颗座栋架艘起例轮届处"}, key=len, reverse=True)  # after 多少/几
_LITERAL_UNIT = re.compile(r"(?:多少|几)(?:个)?(" + "|".join(map(re.escape, _MEASURE_WORDS)) + ")")
_HOW_MANY = re.compile(r"\bhow many\b", re.IGNORECASE)
_HOW_MANY_UNIT = re.compile(r"\bhow many (?:more |fewer )?(tonnes?|tons?|hours?|times|yuan|kwh|kilowatt[- ]hours?|"
                            r"square (?:metres?|meters?)|people|persons?)\b", re.IGNORECASE)
_ENGLISH_UNITS = {"tonne": "吨", "ton": "吨", "hour": "小时", "times": "次", "yuan": "元", "kwh": "千瓦时",
                  "kilowatt": "千瓦时", "square": "平方米", "people": "人", "person": "人"}
_ASKS_EARLIER = re.compile(r"从多少|从什么|原来|此前|之前|起初|上一财年|before|previous|prior|earlier|from what",
                           re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_EN_WORD = re.compile(r"[a-z][a-z0-9\-']+")


@dataclass
class QueryPlan:
    """What the question became: shown by `--explain`, read by retrieval and the answerer."""

    text: str
    english: bool
    tokens: list[str]  # search terms (for an English question: the English words the report itself uses)
    expansions: list[str] = field(default_factory=list)  # Chinese terms an English question became
    numbers: list[str] = field(default_factory=list)  # the question's own figures, in search form
    translated: set[str] = field(default_factory=set)  # English words the glossary or dictionary translated
    groups: list[list[str]] = field(default_factory=list)  # English: the expansion tokens of each concept
    weights: dict[str, float] = field(default_factory=dict)  # support terms -> IDF weight
    concepts: list[tuple[list[str], float]] = field(default_factory=list)  # English: terms of one concept
    unknown_weight: float = 0.0  # weight of English words the report never uses (always missing)
    ceiling: float = 0.0  # the weight of a term the report never uses
    wants_number: bool = False
    expected_units: set[str] = field(default_factory=set)
    literal_unit: str | None = None  # the measure word after 多少/几, or the unit "how many" names
    years: set[str] = field(default_factory=set)
    asks_earlier: bool = False  # "从多少提升上来的": the "from" side of a change is the answer
    asks_target: bool = False  # a commitment or goal, not an achieved figure
    asks_count: bool = False  # "how many …" with no unit named
    number_values: set[float] = field(default_factory=set)
    intent: Intent = field(default_factory=lambda: read_intent(""))
    entity_terms: set[str] = field(default_factory=set)  # question words naming the report's own entity
    unknown_terms: list[str] = field(default_factory=list)  # words the report never uses
    absent_names: list[str] = field(default_factory=list)  # of those, names (places, organisations, products)
    words: list[tuple[str, list[str], float]] = field(default_factory=list)  # Chinese: word, its tokens, weight


def _entity_terms(question: str, tokens: list[str], vocabulary: Vocabulary) -> set[str]:
    """Tokens that lie inside a name of the report's entity written in the question ("阿里" in "阿里的")."""
    lowered = question.lower()
    present = [a for a in vocabulary.aliases if a and a in lowered]
    return {t for t in tokens if any(t in alias for alias in present)}


def _dictionary_terms(question: str, translated: set[str], context: list[str], vocabulary: Vocabulary) -> list[str]:
    """Chinese renderings, used by the report, of the English words the glossary left untranslated: each word
    gets the rendering that shares the most passages with the question's other terms, none when none does."""
    def in_report(term: str) -> bool:
        parts = tokenize(term)
        return bool(parts) and all(vocabulary.df(t) for t in parts)

    beside = vocabulary.chunks_with_any(context) if context else None

    def together(term: str) -> int:
        if beside is None:
            return 0
        holding = vocabulary.chunks_with_all(tokenize(term))  # both sorted and unique: a merge, not two sets
        return int(np.intersect1d(holding, beside, assume_unique=True).size) if holding.size and beside.size else 0

    terms: list[str] = []
    for word in dict.fromkeys(re.findall(r"[a-z]{3,}", question.lower())):
        if word not in translated and word not in EN_FILLER and not vocabulary.df(word) \
                and word not in vocabulary.aliases:
            found = translate_word(word, in_report, together if context else None)
            if found:
                terms.extend(found)
                translated.add(word)
    return terms


def _lexical(question: str, vocabulary: Vocabulary) -> QueryPlan:
    """Search terms: an English question keeps only the English words the report itself uses (acronyms such
    as PUE), plus the Chinese terms its words translate to."""
    english = is_english(question)
    tokens = tokenize(question)
    expansions: list[str] = []
    translated: set[str] = set()
    groups: list[list[str]] = []
    if english:
        translated, glossed = expand_groups(question)
        context = [t for _, terms in glossed for t in terms]
        context += [t for t in tokens if t not in translated and vocabulary.df(t)]
        concepts = [list(terms) for _, terms in glossed]
        concepts += [[term] for term in _dictionary_terms(question, translated, context, vocabulary)]
        groups = [list(dict.fromkeys(t for term in terms for t in tokenize(term))) for terms in concepts]
        expansions = list(dict.fromkeys(t for group in groups for t in group))
        if vocabulary.english:  # the report's own language: every word it uses is a search term
            tokens = [t for t in tokens if vocabulary.df(t) or any(ch.isdigit() for ch in t)]
        else:  # a Chinese report: English words it uses are rare names and acronyms (PUE)
            limit = max(3, vocabulary.total // 50)
            translated_forms = translated | {stem(w) for w in translated}
            tokens = [t for t in tokens if (t not in translated_forms and 0 < vocabulary.df(t) <= limit
                                            and not (len(t) == 1 and t.isascii()))  # the "s" of "Alibaba's"
                      or any(ch.isdigit() for ch in t)]
    elif vocabulary.english:
        groups = bridge_groups(question, tokens, vocabulary)
        expansions = list(dict.fromkeys(t for group in groups for t in group))
    numbers = list(dict.fromkeys(prepare(q.raw).rstrip("%") for q in find_quantities(question)))
    return QueryPlan(question, english, tokens, expansions, numbers, translated, groups)


def plan_question(question: str, vocabulary: Vocabulary) -> QueryPlan:
    plan = _lexical(question, vocabulary)
    plan.entity_terms = _entity_terms(question, tokenize(question), vocabulary)
    total = max(1, vocabulary.total)
    plan.ceiling = ceiling = math.log(1 + total)
    for term in dict.fromkeys(plan.tokens + plan.expansions):
        if term in FRAMING_ZH or term in plan.entity_terms:
            continue
        df = vocabulary.df(term)
        if df:
            plan.weights[term] = math.log(1 + total / (1 + df))
        elif not plan.english and not plan.groups:
            plan.weights[term] = ceiling  # a Chinese term the report never uses: the report likely lacks the fact
            plan.unknown_terms.append(term)
    if plan.english:
        words = _EN_WORD.findall(question.lower())
        known = set(plan.tokens) | {w for w in words if vocabulary.df(w)}
        missing = [w for w in words if w not in EN_FILLER and w not in FRAMING_EN and w not in known and len(w) > 2
                   and w not in plan.translated and w.rstrip("s") not in plan.translated
                   and w.removesuffix("'s") not in vocabulary.aliases and w not in vocabulary.aliases]
        plan.unknown_terms += missing
        plan.unknown_weight = 0.25 * ceiling * len(missing)
        plan.concepts = _concepts(plan)
    if not plan.english and plan.groups:  # a Chinese question bridged to an English report: by concept
        plan.concepts = _concepts(plan)
    plan.absent_names = _absent_names(question, plan, vocabulary)
    if not plan.english:
        plan.words = _words(question, plan.weights)
    literal = _LITERAL_UNIT.search(question) or re.search(r"(?:多少|几)(个)", question)
    english_unit = _HOW_MANY_UNIT.search(question)
    plan.literal_unit = literal.group(1) if literal else None
    if english_unit and not plan.literal_unit:
        word = english_unit.group(1).lower()
        plan.literal_unit = next(unit for key, unit in _ENGLISH_UNITS.items() if word.startswith(key))
    plan.wants_number = bool(_ASKS_NUMBER_ZH.search(question) or _ASKS_NUMBER_EN.search(question))
    plan.expected_units = {u for pattern, units in _EXPECTED_UNITS if pattern.search(question) for u in units}
    plan.years = set(_YEAR.findall(question))
    plan.asks_earlier = bool(_ASKS_EARLIER.search(question))
    plan.asks_count = bool(_HOW_MANY.search(question))
    plan.number_values = {float(m.group()) for n in plan.numbers if (m := _NUMBER.search(n.replace(",", "")))}
    plan.intent = read_intent(question, vocabulary.resolver())
    plan.asks_target = plan.intent.target
    if plan.intent.definition:
        plan.wants_number = False  # "按什么公式算": the answer is the definition, not a figure
    return plan


_NAME_POS = frozenset({"nr", "nrt", "ns", "nt", "nz", "eng"})
_LATIN_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b(?:[A-Z][A-Za-z0-9&\-]{2,}|[A-Z]{2,}[0-9]*)\b")


def _absent_names(question: str, plan: QueryPlan, vocabulary: Vocabulary) -> list[str]:
    """Names in the question (a person, place, organisation, product; a capitalised English name) that the
    report never uses: when they carry the question, the report does not answer it. Common words the report
    happens not to use ("比重" where it says "占比") are not names."""
    names: list[str] = []
    if plan.english:
        for word in _LATIN_NAME.findall(question.strip()):
            lowered = word.lower()
            if not vocabulary.df(lowered) and lowered not in vocabulary.aliases and lowered not in plan.translated \
                    and lowered.removesuffix("'s") not in vocabulary.aliases:
                names.append(lowered)
        return names
    from esgqa.query.terms import pos_tags

    for word, tag in pos_tags(question):
        if tag in _NAME_POS and word.strip() and not vocabulary.df(word.lower()) \
                and word.lower() not in vocabulary.aliases and not any(word in a for a in vocabulary.aliases) \
                and all(not vocabulary.df(t) for t in tokenize(word)):
            names.append(word)
    return names


def _words(question: str, weights: dict[str, float]) -> list[tuple[str, list[str], float]]:
    """A Chinese question's words (jieba's precise cut), each with the search-mode tokens inside it: "在职员工"
    is one word whose tokens 在职/职员/员工 must not outweigh "技术人员" four to three. A word weighs what its
    rarest token weighs."""
    from esgqa.query.terms import words as cut

    groups: list[tuple[str, list[str], float]] = []
    seen: set[str] = set()
    for word in cut(question):
        tokens = [t for t in weights if t in word and t not in seen]
        if not tokens:
            continue
        seen.update(tokens)
        groups.append((word, tokens, max(weights[t] for t in tokens)))
    groups += [(t, [t], w) for t, w in weights.items() if t not in seen]
    return groups


def _concepts(plan: QueryPlan) -> list[tuple[list[str], float]]:
    """An English question's concepts: each glossary or dictionary translation's tokens, then every kept
    English token on its own; weighted by their rarest term."""
    grouped: list[list[str]] = [[t for t in group if t in plan.weights] for group in plan.groups]
    seen = {t for group in grouped for t in group}
    grouped += [[t] for t in plan.tokens if t in plan.weights and t not in seen]
    return [(group, max(plan.weights[t] for t in group)) for group in grouped if group]


__all__ = ["ASKS_PERCENT", "QueryPlan", "plan_question"]
