"""Findings and their stable fingerprints (for `--baseline`), plus the per-number summary rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from esgqa.facts.prose import NUMBER_MARK, Fact

CONTRADICTION = "contradiction"
ARITHMETIC = "arithmetic"
PRIOR_PERIOD = "prior-period"
OTHER_SUBJECT = "different-subject"
RESTATEMENT = "rounded-restatement"
UNCONFIRMED = "unconfirmed"  # same words, different values, nothing proves one metric (`esgqa.factcheck.proof`)
SEVERITY = {CONTRADICTION: "high", ARITHMETIC: "high", PRIOR_PERIOD: "info", OTHER_SUBJECT: "info",
            RESTATEMENT: "info", UNCONFIRMED: "info"}
KINDS = (CONTRADICTION, ARITHMETIC, PRIOR_PERIOD, OTHER_SUBJECT, RESTATEMENT, UNCONFIRMED)
# Confidence tiers: "high" only for relations established in ways that were right at least 90% of the time on
# the judged findings (docs/factcheck.md, "Measured"); the confidence within a tier only ranks.
TIER_OF = ((0.85, "high"), (0.65, "medium"), (0.0, "low"))


@dataclass
class Finding:
    kind: str
    metric: str
    mentions: list[Fact]
    explanation: str
    severity: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0  # how sure the sweep is that a careful reader would agree (findings are ranked by it)
    tier: str = ""  # "high", "medium", "low": how the identity or relation was established (default: by confidence)

    def __post_init__(self) -> None:
        if not self.severity:
            self.severity = SEVERITY.get(self.kind, "info")
        if not self.confidence:
            self.confidence = {CONTRADICTION: 0.9, ARITHMETIC: 0.9}.get(self.kind, 0.5)
        if not self.tier:
            self.tier = next(name for least, name in TIER_OF if self.confidence >= least)

    @property
    def needs_look(self) -> bool:
        return self.kind in (CONTRADICTION, ARITHMETIC)

    @property
    def periods(self) -> list[str]:
        return sorted({m.period_key for m in self.mentions})

    @property
    def values(self) -> list[str]:
        """The figures in question: the stated ones of an arithmetic finding, every value of a contradiction."""
        if self.details.get("stated"):
            return [str(v) for v in dict.fromkeys(self.details["stated"])]
        seen: list[str] = []
        for m in self.mentions:
            text = display(m)
            if text not in seen:
                seen.append(text)
        return seen

    @property
    def pages(self) -> list[int]:
        return sorted({m.page for m in self.mentions})

    @property
    def fingerprint(self) -> str:
        """Stable across runs and unrelated edits: kind, metric and the figures with their pages (not spans)."""
        parts = [self.kind, self.metric, *sorted(f"{m.page}:{display(m)}" for m in self.mentions)]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        evidence: list[dict[str, Any]] = []
        seen: set[tuple[int, str]] = set()
        for m in self.mentions:
            if (m.page, m.sentence) not in seen:
                seen.add((m.page, m.sentence))
                evidence.append({"page": m.page, "text": m.sentence, "value": display(m)})
        return {"kind": self.kind, "severity": self.severity, "confidence": round(self.confidence, 2),
                "tier": self.tier,
                "metric": shown(self.metric), "periods": self.periods, "values": self.values,
                "pages": self.pages, "evidence": evidence, "explanation": self.explanation,
                "fingerprint": self.fingerprint, **self.details}


def shown(label: str) -> str:
    """A label as readers see it: "全球#卖家…" marks where the words ran past another figure; show "…"."""
    return label.replace(NUMBER_MARK, "…").strip("…")


def display(m: Fact) -> str:
    """How a figure is shown in findings: with its qualifier and direction ("超7,000万个", "降低12.9%")."""
    words = {"lower": "超", "approx": "约", "upper": "不到"}.get(m.qualifier, "")
    direction = {"up": "增长", "down": "降低"}.get(m.change, "")
    return f"{direction}{words}{m.text}"


@dataclass
class NumberRow:
    """One headline number with every place it appears."""

    text: str
    value: float
    unit: str
    mentions: list[Fact]
    status: str = "consistent"
    named: bool = False
    metrics: list[str] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return sorted({m.page for m in self.mentions})

    def to_dict(self, same_metric: dict[int, bool]) -> dict[str, Any]:
        return {
            "text": self.text, "value": self.value, "unit": self.unit, "pages": self.pages, "status": self.status,
            "named": self.named,
            "occurrences": [
                {"page": m.page, "text": m.sentence, "metric": shown(m.label), "period": m.period,
                 "period_key": m.period_key, "qualifier": m.qualifier or None, "change": m.change or None,
                 "same_metric": same_metric.get(id(m), True), "callout": m.callout}
                for m in self.mentions
            ],
        }
