"""The fitting used to check the answerer's weights: it must recover planted signals and stay deterministic."""

from __future__ import annotations

import numpy as np

from esgqa.eval.fit import (
    NumberGroup,
    cross_validate,
    cross_validated_probabilities,
    f1_at,
    fit_listwise,
    fit_logistic,
    folds,
    top1_accuracy,
)


def _groups(seed: int, n: int = 60) -> list[NumberGroup]:
    """Questions whose gold candidate is the one with the largest first feature; the second feature is noise."""
    rng = np.random.default_rng(seed)
    groups = []
    for i in range(n):
        x = rng.random((5, 2))
        labels = np.zeros(5, dtype=bool)
        labels[int(np.argmax(x[:, 0]))] = True
        groups.append(NumberGroup(f"q{i}", x, labels))
    return groups


def test_listwise_fit_recovers_the_planted_feature() -> None:
    groups = _groups(0)
    weights = fit_listwise(groups, l2=0.001)
    assert weights[0] > 5 * abs(weights[1])
    assert top1_accuracy(_groups(1), weights) > 0.9
    assert top1_accuracy(_groups(1), np.array([0.0, 1.0])) < 0.5  # the noise feature alone does not


def test_shrinking_to_a_prior_stays_near_it() -> None:
    prior = np.array([0.0, 3.0])
    weights = fit_listwise(_groups(0), l2=100.0, prior=prior)
    assert np.allclose(weights, prior, atol=0.1)


def test_folds_are_fixed_by_the_ids() -> None:
    ids = [f"q{i}" for i in range(50)]
    assert folds(ids, 5) == folds(list(ids), 5)
    assert set(folds(ids, 5)) == set(range(5))
    assert folds(["q7"], 5) == [folds(ids, 5)[7]]  # adding questions never moves another one


def test_cross_validation_scores_held_out_questions() -> None:
    assert cross_validate(_groups(2), l2=0.01) > 0.85


def test_logistic_abstention_fit_and_f1() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((200, 2))
    y = x[:, 0] > 0.7  # unanswerable when the first measurement is high
    weights, _ = fit_logistic(x, y, l2=0.001)
    assert weights[0] > abs(weights[1])
    p = cross_validated_probabilities(x, y, [f"q{i}" for i in range(200)], l2=0.001)
    assert f1_at(p, y, 0.5) > 0.8
    assert f1_at(np.zeros(200), y, 0.5) == 0.0
