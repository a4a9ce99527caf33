"""Retrieval and answer metrics over the gold question set.

Relevance is decided by text, not by ids: a chunk is relevant when it contains an evidence string (both
compared whitespace-free and normalised); a page is relevant when it is in the question's `pages`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from esgqa.ingest.normalize import compact, normalize

KS = (1, 3, 5, 10)


def canon(text: str) -> str:
    return compact(normalize(text).text)


def ranking_metrics(relevant: Sequence[bool], n_relevant: int) -> dict[str, float]:
    """Recall@k (any relevant item in the top k), MRR@10 and binary nDCG@10 for one ranked list."""
    out: dict[str, float] = {}
    for k in KS:
        out[f"recall@{k}"] = 1.0 if any(relevant[:k]) else 0.0
    first = next((i for i, rel in enumerate(relevant[:10]) if rel), None)
    out["mrr@10"] = 0.0 if first is None else 1.0 / (first + 1)
    dcg = sum(1.0 / math.log2(i + 2) for i, rel in enumerate(relevant[:10]) if rel)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(10, max(1, n_relevant))))
    out["ndcg@10"] = dcg / ideal if ideal else 0.0
    return out


def chunk_relevance(passage_texts: Sequence[str], evidence: Sequence[str]) -> list[bool]:
    keys = [canon(e) for e in evidence]
    return [any(k in canon(text) for k in keys) for text in passage_texts]


def page_relevance(pages: Sequence[int], gold_pages: Sequence[int]) -> list[bool]:
    """Each page counts once: a second chunk from an already-seen page is not a new relevant item."""
    seen: set[int] = set()
    out: list[bool] = []
    for page in pages:
        out.append(page in gold_pages and page not in seen)
        seen.add(page)
    return out


def mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def abstention_scores(rows: Sequence[dict[str, Any]]) -> dict[str, float | None]:
    """Positive class: the question is unanswerable. Predicted positive: the system abstained."""
    tp = sum(1 for r in rows if r["unanswerable"] and r["abstained"])
    fp = sum(1 for r in rows if not r["unanswerable"] and r["abstained"])
    fn = sum(1 for r in rows if r["unanswerable"] and not r["abstained"])
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = (2 * precision * recall / (precision + recall)) if precision and recall else (
        0.0 if precision is not None and recall is not None else None)
    return {"abstain_precision": precision, "abstain_recall": recall, "abstain_f1": f1}


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate per-question rows (see runner.score_question) into one metrics dict."""
    answerable = [r for r in rows if not r["unanswerable"]]
    out: dict[str, Any] = {"n": len(rows), "n_answerable": len(answerable)}
    for level in ("chunk", "page"):
        for name in (*[f"recall@{k}" for k in KS], "mrr@10", "ndcg@10"):
            out[f"{level}_{name}"] = mean([r[level][name] for r in answerable])
    numeric = [r for r in answerable if r["gold_quantity"]]
    out["numeric_n"] = len(numeric)
    out["numeric_accuracy"] = mean([1.0 if r["value_correct"] else 0.0 for r in numeric])
    for kind in ("table", "derived"):
        of_kind = [r for r in numeric if r["type"] == kind]
        out[f"{kind}_n"] = len(of_kind)
        out[f"{kind}_accuracy"] = mean([1.0 if r["value_correct"] else 0.0 for r in of_kind])
    cited = [r["inputs_cited"] for r in numeric if r["type"] == "derived" and r.get("inputs_cited") is not None]
    out["derived_inputs_cited"] = mean([1.0 if c else 0.0 for c in cited])
    out["not_found_rate"] = mean([1.0 if r["abstained"] else 0.0 for r in answerable])
    out["numeric_in_answer"] = mean([1.0 if r["number_in_answer"] else 0.0 for r in numeric])
    for outcome in ("wrong_pick", "wrong_not_retrieved", "abstained_retrieved", "abstained_not_retrieved"):
        out[f"numeric_{outcome}"] = mean([1.0 if r.get("numeric_outcome") == outcome else 0.0 for r in numeric])
    answered = [r for r in answerable if not r["abstained"]]
    out["citation_precision"] = mean([r["citation_precision"] for r in answered if r["citation_precision"] is not None])
    out["grounding"] = mean([1.0 if r["grounded"] else 0.0 for r in rows if not r["abstained"]])
    out.update(abstention_scores(rows))
    latencies = [r["latency_ms"] for r in rows]
    out["latency_p50_ms"] = percentile(latencies, 50)
    out["latency_p95_ms"] = percentile(latencies, 95)
    return out


def reviewer_metrics(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What a reviewer cares about (the leave-one-report-out headline): the lead figure right with "not found"
    counting as wrong, how often an answer is marked high and how often high is right, unanswerable questions
    answered with high confidence, answerable ones answered "not found", citations, grounding, retrieval."""
    answerable = [r for r in rows if not r["unanswerable"]]
    figures = [r for r in answerable if r["gold_quantity"]]
    unanswerable = [r for r in rows if r["unanswerable"]]
    high = [r for r in rows if not r["abstained"] and r.get("confidence") == "high"
            and (r["gold_quantity"] or r["unanswerable"])]
    answered = [r for r in answerable if not r["abstained"]]
    parts = [r for r in rows if r.get("parts_correct") is not None]
    facts = [r for r in rows if r.get("fact_in_answer") is not None]

    def share(items: Sequence[Any], total: int) -> float | None:
        return len(items) / total if total else None

    return {
        "n": len(rows), "figure_n": len(figures),
        "figure_right": mean([1.0 if r["value_correct"] and not r["abstained"] else 0.0 for r in figures]),
        "high_share": share([r for r in figures if not r["abstained"] and r.get("confidence") == "high"],
                            len(figures)),
        "high_n": len(high),
        "high_right": mean([1.0 if r["value_correct"] and not r["unanswerable"] else 0.0 for r in high]),
        "unanswerable_n": len(unanswerable),
        "unanswerable_high": share([r for r in unanswerable if not r["abstained"] and r.get("confidence") == "high"],
                                   len(unanswerable)),
        "unanswerable_not_found": share([r for r in unanswerable if r["abstained"]], len(unanswerable)),
        "not_found": share([r for r in answerable if r["abstained"]], len(answerable)),
        "all_parts_right": mean([1.0 if r["parts_correct"] else 0.0 for r in parts]),
        "fact_in_answer": mean([1.0 if r["fact_in_answer"] else 0.0 for r in facts]),
        "citation_precision": mean([r["citation_precision"] for r in answered if r["citation_precision"] is not None]),
        "grounding": mean([1.0 if r["grounded"] else 0.0 for r in rows if not r["abstained"]]),
        "page_recall@5": mean([r["page"]["recall@5"] for r in answerable]),
        "page_mrr@10": mean([r["page"]["mrr@10"] for r in answerable]),
    }
