"""The answer contract shared by the CLI (`--json`), the eval harness and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    doc_id: str
    page: int
    chunk_id: str
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "page": self.page, "chunk_id": self.chunk_id, "text": self.text,
                "score": round(self.score, 6)}


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of the answer: the quoted evidence and the page it is cited to."""

    text: str
    doc_id: str
    page: int
    chunk_id: str


@dataclass
class Answer:
    question: str
    answer: str | None
    abstained: bool
    lang: str
    sentences: list[AnswerSentence] = field(default_factory=list)
    citations: list[Passage] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    other_pages: list[int] = field(default_factory=list)  # other pages stating the same number
    value: str | None = None  # the number and unit the answer leads with, if any
    support: float = 0.0  # how well the best evidence covers the question (abstention signal)
    timings_ms: dict[str, float] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)  # what the abstention model weighed
    abstain_reason: str | None = None
    explanation: dict[str, Any] = field(default_factory=dict)  # filled on request (`esgqa ask --explain`)
    confidence: str = "high"  # "low": a possible answer (below the calibrated line, or weak support)
    probability: float | None = None  # calibrated probability that the lead figure is right (`esgqa.qa.model`)
    alternatives: list[dict[str, Any]] = field(default_factory=list)  # figures the ranker nearly chose
    parts: list[dict[str, Any]] = field(default_factory=list)  # a question of several parts: each part's answer
    not_found: dict[str, str] | None = None  # {"kind", "detail"} when abstained
    derivation: dict[str, Any] | None = None  # a derived figure: its formula and inputs, each with its page
    reports: dict[str, str] = field(default_factory=dict)  # title of each cited report, by doc_id
    scope: dict[str, Any] | None = None  # the reports the question named by company or year, and why

    def to_dict(self) -> dict[str, Any]:
        extra = {"explain": self.explanation} if self.explanation else {}
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "lang": self.lang,
            "value": self.value,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "sentences": [{"text": s.text, "page": s.page, "doc_id": s.doc_id, "chunk_id": s.chunk_id}
                          for s in self.sentences],
            "other_pages": self.other_pages,
            "support": round(self.support, 4),
            "abstain_reason": self.abstain_reason,
            "confidence": self.confidence,
            "probability": None if self.probability is None else round(self.probability, 4),
            "alternatives": self.alternatives,
            **({"parts": self.parts} if self.parts else {}),
            "not_found": self.not_found,
            **({"derivation": self.derivation} if self.derivation else {}),
            "reports": self.reports,
            **({"scope": self.scope} if self.scope else {}),
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            **extra,
        }


@dataclass(frozen=True)
class NotFound:
    """Why the report shows the answer is not there, and what it does give (shown to the reader)."""

    kind: str  # "period", "absent", "no_figure", "kind", "weak_support", "no_evidence"
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "detail": self.detail}
