"""Deciding to say "not found", with the reason a reviewer can check.

The report's near-misses state a related figure for another year, subject or unit, so retrieval always finds
something. Three measurements of the best evidence decide, each cheap and explainable:

- period: the question names a year (2022, FY2022) and the best passage never mentions it;
- no figure: the question asks for a number and the best sentence states none;
- weak support: the IDF-weighted share of the question's terms found in the evidence is under a threshold
  per language (English questions are covered through the glossary, so their coverage runs lower).

Thresholds were chosen on the dev half of the gold questions only (`esgqa eval --split dev`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AbstentionRules:
    min_support_zh: float = 0.55
    min_support_en: float = 0.25
    check_period: bool = True
    require_figure: bool = True
    require_kind: bool = True


def abstention_reason(features: dict[str, float], rules: AbstentionRules) -> str | None:
    """None to answer; otherwise why the answer is "not found"."""
    if not features:
        return "no evidence retrieved"
    if rules.check_period and features.get("period_ok", 1.0) < 1.0:
        return "the report does not state this for the period asked about"
    if rules.require_figure and features.get("wants_number") and features.get("has_value", 1.0) < 1.0:
        return "the evidence states no figure for this"
    if rules.require_kind and features.get("kind_mismatch", 0.0) > 0:
        return "the report states no figure of the kind asked for"
    threshold = rules.min_support_en if features.get("english") else rules.min_support_zh
    if features.get("support", 0.0) < threshold:
        return "weak support: the evidence covers too little of the question"
    return None
