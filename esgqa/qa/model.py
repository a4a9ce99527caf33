"""The answerer's fitted parts, read from a data file: which figure answers, and how sure the answer is.

Both are fitted leave-one-report-out on the gold sets of every evaluation report (`eval/fit_answer_model.py`),
so the code says what is measured and `esgqa/data/answer_model.json` says how much each measurement counts.
Refitting never edits a `.py` file. Without the file, the hand weights of `esgqa.qa.selector` rank the figures
and confidence comes from the support rule of `esgqa.qa.abstain`.

- ranker: a linear score over `NUMBER_FEATURES` for every (sentence or cell, figure) candidate, fitted as a
  logistic regression (scikit-learn) with the gold figure's candidates as positives; the answerer only reads the
  weights, so no fitting library is needed at run time.
- calibrator: a logistic regression over per-question measurements (`CONFIDENCE_FEATURES`) giving the
  probability that the figure the answer leads with is right; "high" is a probability at or above `high`, the
  line at which answers were right at least 95% of the time on each report it was fitted on (1.0, so that
  nothing is high, when some report has no such line).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from esgqa.qa.selector import NUMBER_FEATURES, NUMBER_MODEL, LinearModel

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "answer_model.json"

CONFIDENCE_FEATURES: tuple[str, ...] = (
    "support", "answer_cover", "clause_cover", "missing_max", "missing_in_answer", "number_margin", "has_value",
    "period_ok", "english", "wants_number", "top_score", "kind_mismatch", "absent_share", "top_prob", "derived",
    "table_cell", "unit_match", "period_match", "rival_share",
)


@dataclass(frozen=True)
class Calibrator:
    """Probability that the answer's lead figure is right, from standardised per-question measurements."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    high: float  # a probability at or above this is "high" confidence

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.bias
        for name, weight, centre, spread in zip(self.features, self.weights, self.mean, self.scale, strict=True):
            z += weight * (values.get(name, 0.0) - centre) / (spread or 1.0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "weights": list(self.weights), "bias": self.bias,
                "mean": list(self.mean), "scale": list(self.scale), "high": self.high}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibrator:
        return cls(tuple(data["features"]), tuple(float(w) for w in data["weights"]), float(data["bias"]),
                   tuple(float(m) for m in data["mean"]), tuple(float(s) for s in data["scale"]),
                   float(data["high"]))


@dataclass(frozen=True)
class AnswerModel:
    """The ranker, the calibrator (None: the support rule decides confidence) and what they were fitted on."""

    ranker: LinearModel = NUMBER_MODEL
    calibrator: Calibrator | None = None
    fitted_on: tuple[str, ...] = ()
    rules: dict[str, Any] = field(default_factory=dict)  # `AbstentionRules` fields the fit chose
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"ranker": {"kind": "linear", "features": list(NUMBER_FEATURES),
                           "weights": [self.ranker.weights.get(n, 0.0) for n in NUMBER_FEATURES],
                           "bias": self.ranker.bias},
                "calibrator": self.calibrator.to_dict() if self.calibrator else None,
                "fitted_on": list(self.fitted_on), "rules": self.rules, **({"meta": self.meta} if self.meta else {})}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "fitted") -> AnswerModel:
        ranker = data["ranker"]
        weights = dict(zip(ranker["features"], (float(w) for w in ranker["weights"]), strict=True))
        unknown = set(weights) - set(NUMBER_FEATURES)
        if unknown:
            raise ValueError(f"the ranker names unknown features: {', '.join(sorted(unknown))}")
        calibrator = Calibrator.from_dict(data["calibrator"]) if data.get("calibrator") else None
        return cls(LinearModel(weights, float(ranker.get("bias", 0.0)), source=source), calibrator,
                   tuple(data.get("fitted_on", ())), dict(data.get("rules", {})), dict(data.get("meta", {})))


def linear_ranker(weights: Iterable[float], bias: float = 0.0, source: str = "fitted") -> LinearModel:
    return LinearModel(dict(zip(NUMBER_FEATURES, (float(w) for w in weights), strict=True)), bias, source)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerModel:
    """The shipped model; the hand weights when the file is absent (a checkout before the first fit)."""
    if not path.exists():
        return AnswerModel()
    return AnswerModel.from_dict(json.loads(path.read_text(encoding="utf-8")), source=path.name)


def write_model(model: AnswerModel, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(model.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


__all__ = ["CONFIDENCE_FEATURES", "MODEL_FILE", "AnswerModel", "Calibrator", "linear_ranker", "load_model",
           "write_model"]
