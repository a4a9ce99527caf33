"""The fact-check report as the TUI reads it: parsed from the report's `to_dict()` contract.

Reading the documented dictionary (not the report classes) keeps the screen independent of the fact-check
package's internals; missing optional keys get neutral defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _pages(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({int(p) for p in value if isinstance(p, int | float | str) and str(p).isdigit()}))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Occurrence:
    page: int
    text: str
    metric: str = ""
    period: str = ""
    same_metric: bool = True  # False: this occurrence reads as another metric than most (shown in italics)
    value: str = ""  # the figure this evidence states (findings' evidence)


@dataclass(frozen=True)
class NumberRow:
    key: str  # unique row key
    text: str
    value: float | None
    unit: str
    pages: tuple[int, ...]
    status: str
    occurrences: tuple[Occurrence, ...]

    @property
    def metric(self) -> str:
        """The metric most occurrences name (occurrences may differ)."""
        names = [o.metric for o in self.occurrences if o.metric]
        return max(set(names), key=names.count) if names else ""


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    metric: str
    values: tuple[str, ...]
    pages: tuple[int, ...]
    evidence: tuple[Occurrence, ...]
    explanation: str
    periods: tuple[str, ...] = ()
    confidence: float | None = None


@dataclass
class FactReport:
    numbers: list[NumberRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def statuses(self) -> list[str]:
        return sorted({n.status for n in self.numbers if n.status})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FactReport:
        numbers = []
        for i, row in enumerate(data.get("numbers") or []):
            occurrences = tuple(
                Occurrence(int(o.get("page") or 0), _text(o.get("text")), _text(o.get("metric")),
                           _text(o.get("period")), o.get("same_metric") is not False)
                for o in row.get("occurrences") or [] if isinstance(o, dict)
            )
            pages = _pages(row.get("pages")) or tuple(sorted({o.page for o in occurrences if o.page}))
            value = row.get("value")
            numbers.append(NumberRow(
                key=f"n{i}", text=_text(row.get("text")),
                value=float(value) if isinstance(value, int | float) else None,
                unit=_text(row.get("unit")), pages=pages, status=_text(row.get("status")) or "-",
                occurrences=occurrences,
            ))
        findings = []
        for row in data.get("findings") or []:
            evidence = tuple(Occurrence(int(e.get("page") or 0), _text(e.get("text")), value=_text(e.get("value")))
                             for e in row.get("evidence") or [] if isinstance(e, dict))
            values = row.get("values") or []
            findings.append(Finding(
                kind=_text(row.get("kind")), severity=_text(row.get("severity")),
                metric=_text(row.get("metric")),
                values=tuple(_text(v) for v in (values if isinstance(values, list | tuple) else [values])),
                pages=_pages(row.get("pages")) or tuple(sorted({e.page for e in evidence if e.page})),
                evidence=evidence, explanation=_text(row.get("explanation")),
                periods=tuple(_text(p) for p in row.get("periods") or [] if p),
                confidence=float(row["confidence"]) if isinstance(row.get("confidence"), int | float) else None,
            ))
        summary = data.get("summary")
        return cls(numbers, findings, dict(summary) if isinstance(summary, dict) else {})
