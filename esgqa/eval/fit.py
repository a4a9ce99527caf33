"""Fit the answerer's two small models on gold questions: which number answers, and when to say "not found".

Both are linear over a handful of named, explainable measurements, so a few hundred dev questions are enough
and the weights can be read. Fitting uses the dev split only; `eval/fit_answer_model.py` writes the weights and
the cross-validated scores that justify them, and `esgqa eval` reports the held-out test split.

- number model: a listwise softmax over every (sentence, number) candidate of a question, the gold figure's
  candidates as targets (questions whose gold figure was not retrieved carry no signal and are skipped);
- abstention model: a logistic regression over per-question measurements, unanswerable questions as positives,
  with the decision threshold chosen by cross-validated F1.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.api import Engine
from esgqa.eval.runner import EVAL_K, figure_matches, gold_quantity
from esgqa.qa.answer import answer_question, candidate_sentences
from esgqa.qa.question import profile
from esgqa.qa.selector import NUMBER_FEATURES
from esgqa.query.parts import split_question

Matrix = npt.NDArray[np.float64]


@dataclass
class NumberGroup:
    """All candidate numbers of one question, and which of them are the gold figure."""

    question_id: str
    features: Matrix
    labels: npt.NDArray[np.bool_]


def number_groups(engine: Engine, questions: Sequence[dict[str, Any]]) -> list[NumberGroup]:
    params = engine.answer_params
    groups: list[NumberGroup] = []
    for question in questions:
        gold = gold_quantity(question)
        if gold is None:
            continue
        text = split_question(question["question"]).texts[0] if params.split_parts else question["question"]
        hits = engine.retriever.search(text, k=max(EVAL_K, params.candidates))
        asked = profile(text, engine.retriever)
        rows: list[list[float]] = []
        labels: list[bool] = []
        for candidate in candidate_sentences(hits, asked, engine.retriever, params):
            for quantity, features, _ in candidate.pairs:
                rows.append(features)
                labels.append(figure_matches(gold, quantity))
        if rows and any(labels):
            groups.append(NumberGroup(question["id"], np.array(rows, dtype=np.float64), np.array(labels)))
    return groups


def fit_listwise(groups: Sequence[NumberGroup], l2: float = 0.001, prior: Matrix | None = None) -> Matrix:
    """Weights maximising the softmax probability of the gold candidates, shrunk towards `prior`.

    The loss is convex; L-BFGS (scipy) finds its minimum in well under a second for a few hundred questions.
    """
    from scipy.optimize import minimize  # fitting is an eval-time job; the answerer only reads the weights

    x = np.concatenate([g.features for g in groups])
    starts = np.cumsum([0] + [len(g.labels) for g in groups[:-1]])
    owner = np.repeat(np.arange(len(groups)), [len(g.labels) for g in groups])
    target = np.concatenate([g.labels / g.labels.sum() for g in groups])
    centre = np.zeros(x.shape[1]) if prior is None else prior

    def loss(weights: Matrix) -> tuple[float, Matrix]:
        scores = x @ weights
        shifted = scores - np.maximum.reduceat(scores, starts)[owner]
        p = np.exp(shifted)
        sums = np.add.reduceat(p, starts)
        p /= sums[owner]
        nll = -float((target * (shifted - np.log(sums)[owner])).sum()) / len(groups)
        delta = weights - centre
        return nll + 0.5 * l2 * float(delta @ delta), x.T @ (p - target) / len(groups) + l2 * delta

    result = minimize(loss, centre.copy(), jac=True, method="L-BFGS-B")
    return np.asarray(result.x, dtype=np.float64)


def top1_accuracy(groups: Sequence[NumberGroup], weights: Matrix) -> float:
    hits = [bool(g.labels[int(np.argmax(g.features @ weights))]) for g in groups]
    return sum(hits) / max(1, len(hits))


def folds(ids: Sequence[str], k: int) -> list[int]:
    """A fold per question fixed by a hash of its id, so reruns and added questions do not reshuffle."""
    return [int(hashlib.sha256(i.encode()).hexdigest(), 16) % k for i in ids]


def cross_validate(groups: Sequence[NumberGroup], l2: float, k: int = 5, prior: Matrix | None = None) -> float:
    assignment = folds([g.question_id for g in groups], k)
    correct = 0
    for fold in range(k):
        train = [g for g, f in zip(groups, assignment, strict=True) if f != fold]
        held = [g for g, f in zip(groups, assignment, strict=True) if f == fold]
        if train and held:
            correct += round(top1_accuracy(held, fit_listwise(train, l2, prior)) * len(held))
    return correct / max(1, len(groups))


ABSTENTION_FEATURES: tuple[str, ...] = (
    "support", "answer_cover", "clause_cover", "missing_max", "missing_in_answer", "number_margin", "has_value",
    "period_ok", "english", "wants_number", "top_score", "kind_mismatch",
)


def abstention_rows(engine: Engine, questions: Sequence[dict[str, Any]]) -> tuple[Matrix, npt.NDArray[np.bool_]]:
    """Per-question abstention measurements (as the answerer computes them) and whether it is unanswerable."""
    rows: list[list[float]] = []
    labels: list[bool] = []
    params = engine.answer_params
    for question in questions:
        hits = engine.retriever.search(question["question"], k=max(EVAL_K, params.candidates))
        answer = answer_question(question["question"], hits, EVAL_K, engine.retriever, params)
        rows.append([answer.features.get(name, 0.0) for name in ABSTENTION_FEATURES])
        labels.append(question["type"] == "unanswerable")
    return np.array(rows, dtype=np.float64), np.array(labels)


def fit_logistic(x: Matrix, y: npt.NDArray[np.bool_], l2: float = 0.01, steps: int = 3000,
                 lr: float = 0.5) -> tuple[Matrix, float]:
    """Class-balanced logistic regression by gradient descent; returns (weights, bias)."""
    weights = np.zeros(x.shape[1])
    bias = 0.0
    positive = max(1, int(y.sum()))
    sample_weight = np.where(y, len(y) / (2 * positive), len(y) / (2 * max(1, len(y) - positive)))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ weights + bias)))
        error = (p - y) * sample_weight
        weights -= lr * (x.T @ error / len(y) + l2 * weights)
        bias -= lr * float(error.mean())
    return weights, bias


def f1_at(probabilities: Matrix, y: npt.NDArray[np.bool_], threshold: float) -> float:
    predicted = probabilities >= threshold
    tp = float((predicted & y).sum())
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float(y.sum()))
    return 0.0 if tp == 0 else 2 * precision * recall / (precision + recall)


def cross_validated_probabilities(x: Matrix, y: npt.NDArray[np.bool_], ids: Sequence[str], l2: float,
                                  k: int = 5, fit: Callable[..., tuple[Matrix, float]] = fit_logistic) -> Matrix:
    assignment = np.array(folds(ids, k))
    out = np.zeros(len(y))
    for fold in range(k):
        train, held = assignment != fold, assignment == fold
        if train.any() and held.any():
            weights, bias = fit(x[train], y[train], l2)
            out[held] = 1 / (1 + np.exp(-(x[held] @ weights + bias)))
    return out


__all__ = ["ABSTENTION_FEATURES", "NUMBER_FEATURES", "NumberGroup", "abstention_rows", "cross_validate",
           "cross_validated_probabilities", "f1_at", "fit_listwise", "fit_logistic", "folds", "number_groups",
           "top1_accuracy"]
