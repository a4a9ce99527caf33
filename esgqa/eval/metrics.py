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
