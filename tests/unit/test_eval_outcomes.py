"""The eval's per-question numeric outcome: correct, a wrong pick, or no figure, and whether gold was retrieved."""

from __future__ import annotations

import pytest

from esgqa.eval.metrics import summarize
from esgqa.eval.runner import numeric_outcome
from esgqa.numbers import Quantity, parse_quantity
from esgqa.qa.types import Answer, Passage

QUESTION = {"id": "q", "type": "numeric", "answer": "468.1万吨"}


def _answer(value: str | None, abstained: bool, passage_text: str) -> Answer:
    passage = Passage("doc", 30, "doc:30:0", passage_text, 1.0)
    return Answer("q?", None if abstained else f"{value} [p. 30]", abstained, "zh", passages=[passage],
                  value=value)


@pytest.mark.parametrize("value, abstained, text, outcome", [
    ("468.1万吨", False, "运营净排放量为468.1万吨。", "correct"),
    ("4,681,000吨", False, "运营净排放量为468.1万吨。", "correct"),  # equal after unit normalisation
    ("92.6万吨", False, "范围1为92.6万吨，运营净排放量为468.1万吨。", "wrong_pick"),
    ("92.6万吨", False, "范围1为92.6万吨。", "wrong_not_retrieved"),
    (None, True, "运营净排放量为468.1万吨。", "abstained_retrieved"),
    (None, True, "范围1为92.6万吨。", "abstained_not_retrieved"),
])
def test_numeric_outcomes(value: str | None, abstained: bool, text: str, outcome: str) -> None:
    gold = parse_quantity(QUESTION["answer"])
    assert gold is not None
    answer = _answer(value, abstained, text)
    parsed = parse_quantity(value) if value else None
    assert numeric_outcome(QUESTION, answer, gold, parsed) == outcome


def test_outcome_shares_are_summarised_over_numeric_questions() -> None:
    base = {"unanswerable": False, "abstained": False, "chunk": {}, "page": {}, "number_in_answer": False,
            "citation_precision": None, "grounded": True, "latency_ms": 1.0, "type": "numeric"}
    rows = [{**base, "gold_quantity": True, "value_correct": False, "numeric_outcome": "wrong_pick"},
            {**base, "gold_quantity": True, "value_correct": True, "numeric_outcome": "correct"},
            {**base, "gold_quantity": False, "value_correct": False, "numeric_outcome": None}]
    for row in rows:
        for level in ("chunk", "page"):
            row[level] = {name: 0.0 for name in ("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10",
                                                 "ndcg@10")}
    summary = summarize(rows)
    assert summary["numeric_n"] == 2
    assert summary["numeric_wrong_pick"] == 0.5 and summary["numeric_accuracy"] == 0.5
    assert summary["numeric_abstained_retrieved"] == 0.0


def test_a_bare_figure_matches_the_gold_when_its_printed_number_is_the_golds() -> None:
    from esgqa.eval.runner import figure_matches

    def q(text: str) -> Quantity:
        quantity = parse_quantity(text)
        assert quantity is not None
        return quantity

    assert figure_matches(q("12,911.47吨"), q("12,911.47"))  # the unit stands in the table's unit column
    assert figure_matches(q("468.1万吨"), q("4,681,000吨"))
    assert not figure_matches(q("12,911.47吨"), q("12,911.47元"))  # a unit of another kind is another figure
    assert not figure_matches(q("12,911.47吨"), q("12,911.4"))
    assert not figure_matches(q("30%"), q("3"))
