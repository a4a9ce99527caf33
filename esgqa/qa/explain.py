"""Why this answer: the question as planned, the abstention measurements, and the competing numbers.

A reviewer who doubts a figure, or an evaluator chasing a wrong pick, needs to see what the answerer weighed:
which Chinese terms an English question became, which numbers competed, and which measurements (weight ×
value) put the winner first. `esgqa ask --explain` prints it; `--json` carries it under "explain".
"""

from __future__ import annotations

from typing import Any

from esgqa.qa.candidates import Candidate
from esgqa.qa.question import QuestionProfile
from esgqa.qa.selector import NUMBER_FEATURES, LinearModel

TOP_NUMBERS = 5
TOP_REASONS = 4


def explain(asked: QuestionProfile, candidates: list[Candidate], features: dict[str, float],
            model: LinearModel) -> dict[str, Any]:
    plan = asked
    return {
        "plan": {
            "english": plan.english, "tokens": plan.tokens, "expansions": plan.expansions,
            "numbers": plan.numbers, "years": sorted(asked.years), "wants_number": asked.wants_number,
            "expected_units": sorted(asked.expected_units), "asked_unit": asked.literal_unit,
        },
        "abstention": {name: round(value, 4) for name, value in features.items()},
        "numbers": competing_numbers(candidates, model),
    }


def competing_numbers(candidates: list[Candidate], model: LinearModel) -> list[dict[str, Any]]:
    """The best-scored numbers, one entry per distinct figure, with the measurements that decided."""
    pairs = sorted(((score, quantity.raw, values, c) for c in candidates for quantity, values, score in c.pairs),
                   key=lambda t: -t[0])
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for score, raw, values, candidate in pairs:
        if raw in seen:
            continue
        seen.add(raw)
        contributions = [(name, model.weights.get(name, 0.0) * value)
                         for name, value in zip(NUMBER_FEATURES, values, strict=True)]
        reasons = sorted((c for c in contributions if abs(c[1]) > 1e-9), key=lambda c: -abs(c[1]))[:TOP_REASONS]
        out.append({"value": raw, "score": round(score, 4), "page": candidate.hit.chunk.page,
                    "sentence": candidate.text, "because": [[name, round(v, 4)] for name, v in reasons]})
        if len(out) == TOP_NUMBERS:
            break
    return out


__all__ = ["competing_numbers", "explain"]
