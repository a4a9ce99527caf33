"""How sure an answer is: the ranker's own view of its rivals, and the fitted calibrator's probability.

The ranker scores every (sentence or cell, figure) candidate; a softmax over the best score of each distinct
figure says how clearly the chosen figure stands out (`top_prob`). The calibrator (`esgqa.qa.model`) turns that
and the evidence measurements into the probability that the lead figure is right; "high" means the fit found
answers at that probability right at least 95% of the time on other reports. A low-confidence answer is shown
as a possible answer, with the figures the ranker nearly chose.
"""

from __future__ import annotations

import math
from typing import Any

from esgqa.numbers import Quantity
from esgqa.qa.candidates import Candidate
from esgqa.qa.model import AnswerModel
from esgqa.qa.selector import NUMBER_FEATURES
from esgqa.qa.types import Answer

HIGH, LOW = "high", "low"
ALTERNATIVES = 3


def _key(quantity: Quantity) -> tuple[str, float]:
    return quantity.base_unit, round(quantity.value, 6)


def distinct_figures(candidates: list[Candidate]) -> list[tuple[Quantity, float, Candidate]]:
    """Each distinct figure once, with its best score and the candidate that holds it, best first."""
    best: dict[tuple[str, float], tuple[Quantity, float, Candidate]] = {}
    for candidate in candidates:
        for quantity, _, score in candidate.pairs:
            key = _key(quantity)
            if key not in best or score > best[key][1]:
                best[key] = (quantity, score, candidate)
    return sorted(best.values(), key=lambda t: -t[1])


def ranking_features(candidates: list[Candidate]) -> dict[str, float]:
    """top_prob: softmax share of the best figure among distinct figures; rival_share: how many of the five
    best-scored figures differ from it; and what the chosen candidate's own measurements say."""
    figures = distinct_figures(candidates)
    out = {"top_prob": 0.0, "rival_share": 1.0, "table_cell": 0.0, "unit_match": 0.0, "period_match": 0.0}
    if not figures:
        return out
    top = figures[0][1]
    total = sum(math.exp(max(-50.0, score - top)) for _, score, _ in figures)
    out["top_prob"] = 1.0 / total
    pairs = sorted(((q, s) for c in candidates for q, _, s in c.pairs), key=lambda t: -t[1])[:5]
    chosen = _key(figures[0][0])
    out["rival_share"] = sum(1 for q, _ in pairs if _key(q) != chosen) / max(1, len(pairs))
    features = figures[0][2].features
    if features:
        for name in ("table_cell", "unit_match", "period_match"):
            out[name] = features[NUMBER_FEATURES.index(name)]
    return out


def alternatives(candidates: list[Candidate], chosen: str | None) -> list[dict[str, Any]]:
    """The figures the ranker nearly chose, each with its page."""
    out: list[dict[str, Any]] = []
    for quantity, score, candidate in distinct_figures(candidates):
        shown = quantity.raw if candidate.value is not quantity else (candidate.shown_value or quantity.raw)
        if chosen is not None and shown.replace(" ", "") == chosen.replace(" ", ""):
            continue
        out.append({"value": shown, "page": candidate.hit.chunk.page, "doc_id": candidate.hit.chunk.doc_id,
                    "score": round(score, 4)})
        if len(out) >= ALTERNATIVES:
            break
    return out


def calibrate(answer: Answer, candidates: list[Candidate], model: AnswerModel) -> None:
    """Set the answer's probability, confidence and alternatives from the fitted calibrator (when shipped)."""
    answer.features["derived"] = 1.0 if answer.derivation else 0.0
    answer.alternatives = alternatives(candidates, answer.value)
    if model.calibrator is None:
        return
    probability = model.calibrator.probability(answer.features)
    answer.probability = probability
    answer.confidence = HIGH if probability >= model.calibrator.high else LOW


__all__ = ["ALTERNATIVES", "HIGH", "LOW", "alternatives", "calibrate", "distinct_figures", "ranking_features"]
