"""Check the answerer's hand-set weights against weights fitted on the dev questions (never the test ones).

    python eval/fit_answer_model.py [--index DIR] [--folds 5]

Prints, and writes to a run folder under eval/runs/:
- number choice: top-1 accuracy of the shipped weights on the dev questions whose gold figure was retrieved,
  against 5-fold cross-validated listwise-softmax weights (several L2 strengths, shrunk to zero and to the
  hand weights);
- abstention: dev F1 of the shipped rules against a cross-validated logistic regression over the same
  measurements (its threshold picked on the cross-validated probabilities, so it is if anything optimistic).
A fitted model is worth shipping only when it beats the shipped one here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from esgqa.api import Engine
from esgqa.eval.fit import (
    ABSTENTION_FEATURES,
    abstention_rows,
    cross_validate,
    cross_validated_probabilities,
    f1_at,
    number_groups,
    top1_accuracy,
)
from esgqa.eval.questions import read_jsonl
from esgqa.qa.abstain import abstention_reason
from esgqa.qa.answer import AnswerParams
from esgqa.qa.selector import HAND_WEIGHTS, NUMBER_FEATURES

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=None)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    engine = Engine.open(args.index)
    dev = [q for q in read_jsonl(HERE / "alibaba" / "questions.jsonl") if q["split"] == "dev"]

    groups = number_groups(engine, dev)
    hand = np.array([HAND_WEIGHTS.get(name, 0.0) for name in NUMBER_FEATURES])
    number: dict[str, float] = {"questions": len(groups), "hand_top1": top1_accuracy(groups, hand)}
    for l2 in (0.01, 0.1, 1.0):
        number[f"fitted_cv_top1_l2={l2}"] = cross_validate(groups, l2, args.folds)
        number[f"fitted_cv_top1_l2={l2}_prior=hand"] = cross_validate(groups, l2, args.folds, prior=hand)

    x, y = abstention_rows(engine, dev)
    ids = [q["id"] for q in dev]
    rules = AnswerParams().abstention
    shipped = np.array([abstention_reason(dict(zip(ABSTENTION_FEATURES, row, strict=True)), rules) is not None
                        for row in x], dtype=float)
    abstain: dict[str, float] = {"questions": len(y), "unanswerable": int(y.sum()),
                                 "rules_f1": f1_at(shipped, y, 0.5)}
    for l2 in (0.001, 0.01, 0.1):
        p = cross_validated_probabilities(x, y, ids, l2, args.folds)
        abstain[f"logistic_cv_f1_l2={l2}"] = max(f1_at(p, y, t) for t in np.arange(0.2, 0.9, 0.05))

    report = {"number_choice": number, "abstention": abstain, "seconds": time.perf_counter() - started}
    from esgqa.eval.runs import new_run_folder, write_json

    write_json(new_run_folder("fit") / "fit.json", report)
    for section, values in report.items():
        if isinstance(values, dict):
            for key, value in values.items():
                print(f"{section:14} {key:36} {value:.3f}" if isinstance(value, float) else
                      f"{section:14} {key:36} {value}")
    print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
