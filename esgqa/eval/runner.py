"""Run the gold questions through `Engine.ask` (the same path as `esgqa ask`) and score them."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from esgqa.api import Engine
from esgqa.eval.metrics import chunk_relevance, page_relevance, ranking_metrics, summarize
from esgqa.index.reader import Mode
from esgqa.numbers import Quantity, find_quantities, parse_quantity, same_quantity
from esgqa.qa.grounding import is_grounded
from esgqa.qa.types import Answer

EVAL_K = 10


@dataclass
class RunResult:
    retriever: str
    setting: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    report: str = "alibaba"
    set: str = "gold"

    def summary(self, **filters: str) -> dict[str, Any]:
        rows = [r for r in self.rows if all(r[key] == value for key, value in filters.items())]
        return summarize(rows) if rows else {"n": 0}


NUMERIC_TYPES = ("numeric", "table", "derived", "multi_page", "infographic", "multi_part")


def gold_quantity(question: dict[str, Any]) -> Quantity | None:
    """The gold answer as a quantity, for questions whose answer is one figure ("468.1万吨", "超26,000条",
    "1,175,301,034.32元"); None for a phrase or several figures."""
    answer = question.get("answer")
    if not isinstance(answer, str) or question["type"] not in NUMERIC_TYPES or len(answer) > 30:
        return None
    quantity = parse_quantity(answer)
    if quantity is not None and re.match(r"\s*[-−–]\s*\d", answer) and quantity.value > 0:
        # a gold figure written negative ("-37,865,156.06元") is negative: prose grammar reads a leading dash
        # as punctuation, a gold answer never does
        quantity = replace(quantity, value=-quantity.value, base_value=-quantity.base_value)
    return quantity


def figure_matches(gold: Quantity, value: Quantity) -> bool:
    """The answer's figure is the gold one: equal after unit normalisation (`same_quantity`), or a bare figure
    whose printed number is the gold's in the gold's own unit ("12,911.47" in a table whose unit column says 吨,
    "7,320,104" in a table "in thousands" of dollars): the reader sees the report's own printed figure."""
    if same_quantity(gold, value):
        return True
    if value.unit or value.base_unit:
        return False
    step = max(10.0 ** -_decimals(gold.raw), 10.0 ** -_decimals(value.raw))
    return abs(abs(value.value) - abs(gold.value)) <= step / 2 + 1e-9


def _decimals(raw: str) -> int:
    match = re.search(r"\d[\d,]*(?:\.(\d+))?", raw.replace(" ", ""))
    return len(match.group(1)) if match and match.group(1) else 0


# wrong_pick: the gold figure was in the retrieved passages and another was chosen (a choosing error);
# *_not_retrieved: the gold figure was in none of them (a retrieval error first)
NUMERIC_OUTCOMES = ("correct", "wrong_pick", "wrong_not_retrieved", "abstained_retrieved", "abstained_not_retrieved")


def numeric_outcome(question: dict[str, Any], answer: Answer, gold: Quantity, value: Quantity | None) -> str:
    """Where a numeric question went: right, the wrong figure picked, or no figure given; and whether the gold
    figure was in the retrieved passages at all (choosing vs retrieving)."""
    if value is not None and not answer.abstained and figure_matches(gold, value):
        return "correct"
    retrieved = any(figure_matches(gold, q) for p in answer.passages for q in find_quantities(p.text))
    if answer.abstained:
        return "abstained_retrieved" if retrieved else "abstained_not_retrieved"
    return "wrong_pick" if retrieved else "wrong_not_retrieved"


def score_question(question: dict[str, Any], answer: Answer, engine: Engine, latency_ms: float) -> dict[str, Any]:
    texts = [p.text for p in answer.passages]
    unanswerable = question["type"] == "unanswerable"
    gold_pages = question["pages"]
    chunk_rel = chunk_relevance(texts, question["evidence"])
    page_rel = page_relevance([p.page for p in answer.passages], gold_pages)
    gold = gold_quantity(question)
    value = parse_quantity(answer.value) if answer.value else None
    in_answer = bool(gold and answer.answer and not answer.abstained
                     and any(figure_matches(gold, q) for q in find_quantities(answer.answer)))
    cited = {c.page for c in answer.citations}
    grounded = all(is_grounded(s.text, engine.retriever.prepared_page(s.doc_id, s.page)) for s in answer.sentences)
    input_pages = {int(i["page"]) for i in question.get("inputs") or [] if isinstance(i.get("page"), int)}
    return {
        "id": question["id"], "type": question["type"], "lang": question["lang"], "split": question["split"],
        "inputs_cited": (input_pages <= cited) if input_pages and not answer.abstained else None,
        "unanswerable": unanswerable, "abstained": answer.abstained,
        "chunk": ranking_metrics(chunk_rel, max(1, sum(chunk_rel))),
        "page": ranking_metrics(page_rel, max(1, len(gold_pages))),
        "gold_quantity": gold is not None,
        "value_correct": bool(gold and value and not answer.abstained and figure_matches(gold, value)),
        "numeric_outcome": numeric_outcome(question, answer, gold, value) if gold else None,
        "number_in_answer": in_answer,
        "citation_precision": (sum(1 for p in cited if p in gold_pages) / len(cited)) if cited and not unanswerable
        else None,
        "grounded": grounded,
        "latency_ms": latency_ms,
        "answer": answer.answer,
        "value": answer.value,
        "cited_pages": sorted(cited),
        "top_pages": [p.page for p in answer.passages[:5]],
        "support": answer.support,
        "confidence": None if answer.abstained else answer.confidence,
        "probability": answer.probability,
        "features": dict(answer.features),
        "parts_correct": _parts_correct(question, answer),
        "fact_in_answer": _fact_in_answer(question, answer),
    }


def _parts_correct(question: dict[str, Any], answer: Answer) -> bool | None:
    """A multi-part question: every part's gold figure occurs in the answer (None for other questions)."""
    parts = question.get("parts") or []
    if question["type"] != "multi_part" or not parts:
        return None
    if answer.abstained or not answer.answer:
        return False
    stated = find_quantities(answer.answer)
    for part in parts:
        gold = parse_quantity(str(part.get("answer") or ""))
        if gold is None or not any(figure_matches(gold, q) for q in stated):
            return False
    return True


def _fact_in_answer(question: dict[str, Any], answer: Answer) -> bool | None:
    """A fact question: its short gold answer occurs in the answer text (whitespace and case ignored)."""
    if question["type"] != "fact" or not isinstance(question.get("answer"), str):
        return None
    if answer.abstained or not answer.answer:
        return False
    return "".join(question["answer"].split()).lower() in "".join(answer.answer.split()).lower()


def run(engine: Engine, questions: Sequence[dict[str, Any]], retriever: Mode, setting: str = "default",
        progress: Callable[[int, int], None] | None = None, report: str = "alibaba",
        question_set: str = "gold") -> RunResult:
    result = RunResult(retriever, setting, report=report, set=question_set)
    for i, question in enumerate(questions):
        start = time.perf_counter()
        answer = engine.ask(question["question"], k=EVAL_K, mode=retriever)
        latency = (time.perf_counter() - start) * 1000
        result.rows.append(score_question(question, answer, engine, latency))
        if progress:
            progress(i + 1, len(questions))
    return result
