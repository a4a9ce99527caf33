"""How well evidence supports a question, measured against its plan (`esgqa.query.plan`): the share of its
weighted terms a text covers, the heaviest term it lacks, whether a figure is of the kind asked for."""

from __future__ import annotations

from collections.abc import Iterable

from esgqa.index.reader import IndexReader
from esgqa.numbers import PEOPLE_COUNTERS, UNITS, Quantity
from esgqa.query.plan import QueryPlan

QuestionProfile = QueryPlan  # what the answerer reads of a question: the plan (esgqa.query.plan)


def profile(question: str, retriever: IndexReader, docs: Iterable[str] | None = None) -> QueryPlan:
    return retriever.plan(question, docs)


def coverage(text: str, question: QuestionProfile, by_concept: bool = True) -> float:
    """IDF-weighted share of the question's terms found in `text` (English: through its expansions).

    English questions count each translated concept once (`by_concept`): "share" → 占/比/比例 is one concept, so
    a sentence saying 占比 is not two thirds short of it.

    A Chinese term that is absent still earns half credit for the share of its characters present:
    paraphrases keep characters ("少排" ~ "减排", "比重" ~ "占比") even when jieba splits them differently.
    """
    if question.concepts and by_concept:
        return _concept_coverage(text, question)
    if question.words and by_concept:
        return _word_coverage(text, question)
    weights = question.weights
    if question.english:
        chosen = {t: w for t, w in weights.items() if t in question.expansions or t in question.tokens}
        weights = chosen or weights
    total = sum(weights.values()) + question.unknown_weight
    if total <= 0:
        return 0.0
    found = 0.0
    for term, weight in weights.items():
        if term in text:
            found += weight
        elif not question.english and len(term) > 1:
            found += 0.5 * weight * sum(1 for ch in term if ch in text) / len(term)
    return found / total


def _word_coverage(text: str, question: QuestionProfile) -> float:
    """Chinese: each word of the question counts once, with the weight of its rarest token; a word absent as a
    whole earns the share of its tokens present, and failing those, half the share of its characters."""
    total = sum(weight for _, _, weight in question.words)
    if total <= 0:
        return 0.0
    found = 0.0
    for word, tokens, weight in question.words:
        if word in text:
            found += weight
            continue
        inner = sum(question.weights[t] for t in tokens)
        present = sum(question.weights[t] for t in tokens if t in text)
        if present:
            found += weight * 0.8 * present / inner
        elif len(word) > 1:
            found += 0.5 * weight * sum(1 for ch in word if ch in text) / len(word)
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
