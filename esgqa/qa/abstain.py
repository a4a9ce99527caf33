"""Deciding to say "not found", with the evidence for it, and how sure an answer is.

"Not found" is said only when the report shows the answer is not there:
- the question's distinctive words occur nowhere in the report (a product, a rating agency it never names);
- a figure is asked for and the best evidence states none, or only figures of another kind;
- the evidence covers too little of the question (IDF-weighted, its framing words and the report's own name
  left out), so the report does not state the metric asked about;
- the report states the metric, but not for the period asked (`esgqa.qa.repair`: it then says which periods
  it does give).
Otherwise it answers; an answer whose support sits just above the line is marked `confidence: low`.
Thresholds are set on the dev halves of the gold sets only.
"""

from __future__ import annotations

from dataclasses import dataclass

from esgqa.qa.types import NotFound

HIGH, LOW = "high", "low"


@dataclass(frozen=True)
class AbstentionRules:
    min_support_zh: float = 0.45
    min_support_en: float = 0.25
    low_margin: float = 0.15  # support less than this above the threshold: an answer of low confidence
    absent_share: float = 0.35  # words the report never uses carry at least this share of the question
    check_period: bool = True
    require_figure: bool = True
    require_kind: bool = True
    weak_support: bool = True  # False: weak support lowers confidence instead of saying "not found"
    min_support: float = 0.0  # below this support nothing in the report matches: "not found" regardless


def abstention(features: dict[str, float], rules: AbstentionRules) -> NotFound | None:
    """None to answer; otherwise why the answer is "not found"."""
    if not features:
        return NotFound("no_evidence", "nothing in the report matches the question")
    if features.get("absent_share", 0.0) >= rules.absent_share:
        return NotFound("absent", "the question's distinctive words occur nowhere in the report")
    if rules.require_figure and features.get("wants_number") and features.get("has_value", 1.0) < 1.0:
        return NotFound("no_figure", "the evidence states no figure for this")
    if rules.require_kind and features.get("kind_mismatch", 0.0) > 0:
        return NotFound("kind", "the report states no figure of the kind asked for")
    if features.get("support", 0.0) < (threshold(features, rules) if rules.weak_support else rules.min_support):
        return NotFound("weak_support", "the evidence covers too little of the question")
    return None


def threshold(features: dict[str, float], rules: AbstentionRules) -> float:
    return rules.min_support_en if features.get("english") else rules.min_support_zh


def confidence(features: dict[str, float], rules: AbstentionRules) -> str:
    return LOW if features.get("support", 0.0) < threshold(features, rules) + rules.low_margin else HIGH


def abstention_reason(features: dict[str, float], rules: AbstentionRules) -> str | None:
    """The reason as one line (the answer's `abstain_reason`), None to answer."""
    found = abstention(features, rules)
    return found.detail if found else None


__all__ = ["HIGH", "LOW", "AbstentionRules", "abstention", "abstention_reason", "confidence", "threshold"]
