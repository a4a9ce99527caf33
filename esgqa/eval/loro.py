"""Leave-one-report-out: fit on every report but one, score the one held out, for each report in turn.

What is fitted is the answerer's model (`esgqa.qa.model`): the ranker that picks the figure and the calibrator
that says how sure the answer is. Three passes, none of which lets a report score what was fitted on it:
1. every report's candidates are measured once (the measurements do not depend on the weights);
2. for each report, a ranker fitted on the other reports' candidates answers that report's questions;
3. for each report, a calibrator fitted on the other reports' pass-2 answers gives each of its answers a
   probability, and "high" is the threshold at which the other reports' high answers were right ≥ 95%.
The pass-2 answers the calibrator is fitted on came from rankers that saw the held-out report among their
five; that second-order overlap is the price of not nesting the protocol six times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from esgqa.api import Engine
from esgqa.eval.fit import NumberGroup, number_groups
from esgqa.eval.runner import run
from esgqa.qa.model import CONFIDENCE_FEATURES, AnswerModel, Calibrator, linear_ranker
from esgqa.qa.selector import NUMBER_FEATURES

TARGET_PRECISION = 0.95
MIN_HIGH = 20  # a threshold is chosen over at least this many high answers


@dataclass
class HeldOut:
    """One report's questions and the engine that answers them."""

    report: str
    engine: Engine
    questions: list[dict[str, Any]]
    paraphrase: list[dict[str, Any]] = field(default_factory=list)
    groups: list[NumberGroup] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)


def fit_ranker(groups: Sequence[NumberGroup], c: float = 1.0) -> tuple[np.ndarray, float]:
    """A logistic regression over candidates, the gold figure's as positives, each question weighing one
    (its positives and its negatives half each), so a question with many figures does not dominate."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([g.features for g in groups])
    y = np.concatenate([g.labels for g in groups]).astype(int)
    weights = np.concatenate([np.where(g.labels, 0.5 / max(1, g.labels.sum()),
                                       0.5 / max(1, (~g.labels).sum())) for g in groups])
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y, sample_weight=weights * len(groups))
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])


def calibration_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers the calibrator learns from: figure questions answered, and unanswerable ones answered
    (always wrong)."""
    return [r for r in rows if not r["abstained"] and (r["gold_quantity"] or r["unanswerable"])]


def correct(row: dict[str, Any]) -> bool:
    return bool(row["value_correct"]) and not row["unanswerable"]


def high_threshold(probabilities: np.ndarray, labels: np.ndarray, target: float = TARGET_PRECISION) -> float:
    """The lowest probability whose answers at or above it are right at least `target` of the time (over at
    least `MIN_HIGH` answers); 1.0 (nothing is high) when no such threshold exists."""
    order = np.argsort(-probabilities)
    hits = np.cumsum(labels[order])
    counts = np.arange(1, len(order) + 1)
    ok = (hits / counts >= target) & (counts >= MIN_HIGH)
    if not ok.any():
        return 1.0
    last = int(np.nonzero(ok)[0].max())
    return float(probabilities[order][last])


def fit_calibrator(reports: Sequence[Sequence[dict[str, Any]]], c: float = 1.0,
                   target: float = TARGET_PRECISION) -> Calibrator:
    """The calibrator on the answers of several reports; "high" is the line at which answers were right at
    least `target` of the time on every one of them (the highest of their lines), since a line that holds on
    the pooled answers but not on each report did not carry over to a report left out."""
    from sklearn.linear_model import LogisticRegression

    data = calibration_rows([r for rows in reports for r in rows])
    x = np.array([[r["features"].get(n, 0.0) for n in CONFIDENCE_FEATURES] for r in data], dtype=np.float64)
    y = np.array([correct(r) for r in data])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    calibrator = Calibrator(CONFIDENCE_FEATURES, tuple(float(w) for w in model.coef_[0]),
                            float(model.intercept_[0]), tuple(float(m) for m in mean),
                            tuple(float(s) for s in scale), 1.0)
    lines = []
    for rows in reports:
        own = calibration_rows(rows)
        probabilities = np.array([calibrator.probability(r["features"]) for r in own])
        lines.append(high_threshold(probabilities, np.array([correct(r) for r in own], dtype=bool), target))
    return replace(calibrator, high=max(lines, default=1.0))


def apply_calibrator(rows: list[dict[str, Any]], calibrator: Calibrator) -> None:
    for row in rows:
        if row["abstained"]:
            continue
        probability = calibrator.probability(row["features"])
        row["probability"] = probability
        row["confidence"] = "high" if probability >= calibrator.high else "low"


Progress = Callable[[str], None]


def run_protocol(held: list[HeldOut], rules: dict[str, Any] | None = None, c_rank: float = 1.0,
                 c_cal: float = 1.0, progress: Progress | None = None, hand: bool = False,
                 overrides: dict[str, Any] | None = None) -> dict[str, AnswerModel]:
    """Fill each report's `rows` with its held-out answers, scored; returns each report's held-out model.
    `overrides` sets `AnswerParams` fields for the whole run (an ablation: `{"store_cells": False}`)."""
    say = progress or (lambda _: None)
    for h in held:
        h.engine.answer_params = replace(h.engine.answer_params, **(overrides or {}))
    for h in held:
        say(f"measuring candidates of {h.report}")
        h.groups = number_groups(h.engine, h.questions)
    models: dict[str, AnswerModel] = {}
    for h in held:
        train = [g for other in held if other.report != h.report for g in other.groups]
        ranker = AnswerModel().ranker if hand else linear_ranker(*fit_ranker(train, c_rank), f"loro-{h.report}")
        model = AnswerModel(ranker, None,
                            tuple(o.report for o in held if o.report != h.report), dict(rules or {}))
        h.engine.answer_params = replace(h.engine.answer_params, model=model, number_model=None, abstention=None)
        say(f"answering {h.report} with a ranker fitted on {', '.join(model.fitted_on)}")
        h.rows = run(h.engine, h.questions, "hybrid", "loro", report=h.report).rows
        if h.paraphrase:
            h.rows += [dict(r, split="paraphrase") for r in
                       run(h.engine, h.paraphrase, "hybrid", "loro", report=h.report, question_set="paraphrase").rows]
        models[h.report] = model
    for h in held:
        train_rows = [[r for r in other.rows if r["split"] != "paraphrase"] for other in held
                      if other.report != h.report]
        calibrator = fit_calibrator(train_rows, c_cal)
        apply_calibrator(h.rows, calibrator)
        models[h.report] = replace(models[h.report], calibrator=calibrator)
    return models


def fit_all(held: list[HeldOut], rules: dict[str, Any] | None = None, c_rank: float = 1.0,
            c_cal: float = 1.0) -> AnswerModel:
    """The model to ship: a ranker on every report's candidates, a calibrator on every report's held-out
    answers (after `run_protocol`)."""
    weights, bias = fit_ranker([g for h in held for g in h.groups], c_rank)
    rows = [[r for r in h.rows if r["split"] != "paraphrase"] for h in held]
    return AnswerModel(linear_ranker(weights, bias, "answer_model.json"), fit_calibrator(rows, c_cal),
                       tuple(h.report for h in held), dict(rules or {}))


def candidate_recall(groups: Sequence[NumberGroup], figure_questions: int, weights: np.ndarray, k: int = 5) -> float:
    """Share of figure questions whose gold figure is among the `k` best-scored candidates."""
    found = 0
    for g in groups:
        top = np.argsort(-(g.features @ weights))[:k]
        found += bool(g.labels[top].any())
    return found / max(1, figure_questions)


__all__ = ["NUMBER_FEATURES", "HeldOut", "apply_calibrator", "candidate_recall", "fit_all", "fit_calibrator",
           "fit_ranker", "high_threshold", "run_protocol"]
