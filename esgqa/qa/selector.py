"""Which number answers the question: measurements of each (sentence, number) pair, weighed by a fitted model.

Each measurement is explainable (how much of the question the number's clause covers, whether its unit is the
one asked for, whether it is the "from" side of a change, …) and the model is their weighted sum. The weights
are set by hand; `eval/fit_answer_model.py` fits them instead (a listwise softmax on the dev questions) and
reports both cross-validated: on 142 dev questions the fitted weights picked the gold figure less often than
these (0.80–0.83 vs 0.89 top-1), so the hand weights stay and the script stays as the check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from esgqa.facts.model import Fact
from esgqa.numbers import Quantity
from esgqa.qa.question import QuestionProfile, coverage, kind_mismatch
from esgqa.query.terms import prepare

_CLAUSE_BREAK = re.compile(r"[，,；;。：:（）()]")
_FROM_SIDE = re.compile(r"(?:从|由)[^，。；]{0,12}$")
_TARGET_WORDS = re.compile(r"承诺|目标|到20\d\d年|不晚于|力争|计划于|将于")
_TO_VERB = re.compile(r"^[^，。；]{0,3}(?:下降|降低|降|提升|提高|增长|增加|增|上升|减少|升)(?:至|到)")
_SCALE_ONLY = ("万", "亿", "千", "百万")
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")

NUMBER_FEATURES: tuple[str, ...] = (
    "sentence_cover", "passage_cover", "clause_cover", "near_cover", "rank", "retrieval_score", "out_of_period",
    "unit_match", "unit_mismatch", "literal_unit", "own_number", "from_side_asked", "from_side_unasked",
    "earlier_not_change", "target_unasked", "bare_number", "year_in_clause", "other_year_in_clause", "first_in_clause",
    "before_cover", "after_cover", "kind_mismatch",
    "period_match", "period_mismatch", "not_current", "change_match", "change_mismatch", "scope_match",
    "scope_mismatch", "table_cell", "zero",
)

# Hand-set weights; `eval/fit_answer_model.py` checks them against weights fitted on the dev questions.
HAND_WEIGHTS: dict[str, float] = {
    "sentence_cover": 0.7, "passage_cover": 0.3, "rank": -0.08 * 8, "out_of_period": -0.3,
    "clause_cover": 0.35, "near_cover": 0.175, "unit_match": 0.175, "unit_mismatch": -0.07, "literal_unit": 0.14,
    "own_number": -0.7, "from_side_asked": 0.105, "from_side_unasked": -0.21, "earlier_not_change": -0.07,
    "target_unasked": -0.14,
    "before_cover": 0.1, "after_cover": 0.2, "kind_mismatch": -0.35,
    # what the figure's fact says (esgqa.facts): its period against the one asked, a change or a level, the
    # statement it belongs to
    "period_match": 0.3, "period_mismatch": -0.6, "not_current": -0.1, "change_match": 0.25,
    "change_mismatch": -0.35, "scope_match": 0.15, "scope_mismatch": -0.4, "table_cell": 0.0,
    "zero": -0.3,  # a figure of 0 is seldom what is asked ("持有有限售条件股份数量 0")
}


@dataclass(frozen=True)
class SentenceContext:
    """What a number inherits from its sentence and passage."""

    sentence: str
    prepared_sentence: str
    sentence_cover: float
    passage_cover: float
    rank_share: float  # passage rank / candidate passages: 0 for the best passage
    retrieval_score: float  # fused score relative to the best passage's
    in_period: bool


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause a number sits in: from the previous clause break to the next one."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(text, end)
    return left, right_match.start() if right_match else len(text)


def number_value(quantity: Quantity) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", prepare(quantity.raw))
    return float(match.group()) if match else None


def fact_features(fact: Fact | None, question: QuestionProfile) -> dict[str, float]:
    """What the figure's fact says against what is asked: period, change or level, statement."""
    values = {name: 0.0 for name in ("period_match", "period_mismatch", "not_current", "change_match",
                                     "change_mismatch", "scope_match", "scope_mismatch", "table_cell", "zero")}
    if fact is None:
        return values
    intent = question.intent
    explicit = fact.period is not None or fact.table is not None
    if intent.periods:
        if fact.period_key in intent.periods:
            values["period_match"] = 1.0
        elif explicit and fact.period_key not in ("TARGET",):
            values["period_mismatch"] = 1.0
    elif fact.period_key not in ("current",) and not (fact.period_key == "TARGET" and question.asks_target):
        values["not_current"] = 1.0
    if intent.change and fact.change:
        values["change_match"] = 1.0
    elif intent.change != bool(fact.change) and (fact.table is not None or not intent.change):
        values["change_mismatch"] = 1.0
    if intent.scope:
        if fact.scope == intent.scope:
            values["scope_match"] = 1.0
        elif fact.scope is not None or intent.scope == "母公司":
            values["scope_mismatch"] = 1.0
    values["table_cell"] = 1.0 if fact.table is not None else 0.0
    values["zero"] = 1.0 if fact.quantity.value == 0 else 0.0
    return values


def number_features(context: SentenceContext, quantity: Quantity, question: QuestionProfile,
                    first_in_clause: bool, previous_end: int = 0, next_start: int | None = None,
                    fact: Fact | None = None) -> list[float]:
    """The measurements of one number as an answer to the question, in `NUMBER_FEATURES` order.

    `previous_end`/`next_start` bound the words that belong to this number rather than its neighbours: in
    "409个品牌的共计191万个低碳友好商品" the noun a number counts sits between it and the next number.
    """
    sentence = context.sentence
    left, right = clause_bounds(sentence, quantity.start, quantity.end)
    raw_clause = sentence[left:right]
    before = sentence[max(left, previous_end, quantity.start - 10) : quantity.start]
    after = sentence[quantity.end : min(right, len(sentence) if next_start is None else next_start, quantity.end + 8)]
    clause = prepare(raw_clause)
    near = prepare(sentence[max(0, quantity.start - 8) : quantity.end + 6])
    unit_match = unit_mismatch = 0.0
    if question.expected_units:
        if quantity.base_unit in question.expected_units or any(quantity.unit.endswith(u)
                                                                for u in question.expected_units):
            unit_match = 1.0
        elif quantity.unit and quantity.unit not in _SCALE_ONLY:
            unit_mismatch = 1.0
    head, tail = sentence[: quantity.start], sentence[quantity.end :]
    from_asked = from_unasked = earlier_not_change = 0.0
    if _FROM_SIDE.search(head) and _TO_VERB.search(tail):
        asks_earlier = question.asks_earlier or any(y in head[-14:] for y in question.years)
        from_asked, from_unasked = (1.0, 0.0) if asks_earlier else (0.0, 1.0)
    elif question.asks_earlier and _TO_VERB.search(tail) is None and _FROM_SIDE.search(head) is None:
        earlier_not_change = 1.0
    target = not question.asks_target and bool(_TARGET_WORDS.search(raw_clause + head[-20:]))
    clause_years = set(_YEAR.findall(raw_clause + head[-10:]))
    values = {
        "sentence_cover": context.sentence_cover,
        "passage_cover": context.passage_cover,
        "clause_cover": coverage(clause, question),
        "near_cover": coverage(near, question),
        "rank": context.rank_share,
        "retrieval_score": context.retrieval_score,
        "out_of_period": 0.0 if context.in_period else 1.0,
        "unit_match": unit_match,
        "unit_mismatch": unit_mismatch,
        "literal_unit": 1.0 if question.literal_unit and question.literal_unit in quantity.unit else 0.0,
        "own_number": 1.0 if number_value(quantity) in question.number_values else 0.0,
        "from_side_asked": from_asked,
        "from_side_unasked": from_unasked,
        "earlier_not_change": earlier_not_change,
        "target_unasked": 1.0 if target else 0.0,
        "bare_number": 0.0 if quantity.unit else 1.0,
        "year_in_clause": 1.0 if question.years & clause_years else 0.0,
        "other_year_in_clause": 1.0 if clause_years - question.years else 0.0,
        "first_in_clause": 1.0 if first_in_clause else 0.0,
        "before_cover": coverage(prepare(before), question),
        "after_cover": coverage(prepare(after), question),
        "kind_mismatch": 1.0 if kind_mismatch(quantity, question) else 0.0,
        **fact_features(fact, question),
    }
    if fact is not None and fact.period is not None:
        values["out_of_period"] = 0.0  # the fact's own period is weighed instead of the page's years
    return [values[name] for name in NUMBER_FEATURES]


def cell_features(fact: Fact, question: QuestionProfile, heading: str, section: str, passage_cover: float,
                  rank_share: float, retrieval_score: float) -> list[float]:
    """The measurements of a table cell as an answer: its row label, column and caption take the place of the
    words around a number in prose."""
    table = fact.table
    assert table is not None
    row, column = prepare(table.row), prepare(table.column)
    quantity = fact.quantity
    unit_match = unit_mismatch = 0.0
    if question.expected_units:
        if quantity.base_unit in question.expected_units or any(quantity.unit.endswith(u)
                                                                for u in question.expected_units):
            unit_match = 1.0
        elif quantity.unit and quantity.unit not in _SCALE_ONLY:
            unit_mismatch = 1.0
    facts = fact_features(fact, question)
    values = {
        "sentence_cover": coverage(prepare(f"{heading} {section} {table.row} {table.column}"), question),
        "passage_cover": passage_cover,
        "clause_cover": coverage(f"{row} {column}", question),
        "near_cover": coverage(row, question),
        "rank": rank_share,
        "retrieval_score": retrieval_score,
        "out_of_period": 0.0,
        "unit_match": unit_match,
        "unit_mismatch": unit_mismatch,
        "literal_unit": 1.0 if question.literal_unit and question.literal_unit in quantity.unit else 0.0,
        "own_number": 1.0 if abs(quantity.value) in question.number_values else 0.0,
        "from_side_asked": 0.0, "from_side_unasked": 0.0, "earlier_not_change": 0.0, "target_unasked": 0.0,
        "bare_number": 0.0 if quantity.unit else 1.0,
        "year_in_clause": facts["period_match"],
        "other_year_in_clause": facts["period_mismatch"],
        "first_in_clause": 1.0,
        "before_cover": coverage(row, question),
        "after_cover": coverage(column, question),
        "kind_mismatch": 1.0 if kind_mismatch(quantity, question) else 0.0,
        **facts,
    }
    return [values[name] for name in NUMBER_FEATURES]


@dataclass(frozen=True)
class LinearModel:
    """A weighted sum of named features."""

    weights: dict[str, float]
    bias: float = 0.0
    source: str = "hand"

    def score(self, names: Sequence[str], values: Sequence[float]) -> float:
        return self.bias + sum(self.weights.get(n, 0.0) * v for n, v in zip(names, values, strict=True))


NUMBER_MODEL = LinearModel(HAND_WEIGHTS)


__all__ = [
    "HAND_WEIGHTS",
    "NUMBER_FEATURES",
    "NUMBER_MODEL",
    "LinearModel",
    "SentenceContext",
    "cell_features",
    "clause_bounds",
    "fact_features",
    "number_features",
    "number_value",
]
