"""The reports the evaluation runs on (`eval/reports.json`): where each report is, and its question sets.

Each report has a gold set (split dev/test; tune on dev, report test) and a paraphrase set (questions written
blind, in a reviewer's own words; scored, never tuned on). A report kept outside the repository (the second
real report lives in ../shared/reports/) is skipped with a clear reason when it is absent.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esgqa.errors import InputError, UsageError

REPO = Path(__file__).resolve().parents[2]
REGISTRY = REPO / "eval" / "reports.json"
SETS = ("gold", "paraphrase")
ENV_SHARED = "ESGQA_SHARED"  # where ../shared is, when the checkout is not beside it


@dataclass(frozen=True)
class EvalReport:
    id: str
    title: str
    source: Path
    gold: Path
    paraphrase: Path | None
    batches: tuple[tuple[str, ...], ...] = ()
    dev_only: tuple[str, ...] = ()
    relations: Path | None = None
    minimums: dict[str, int] = field(default_factory=dict)

    @property
    def drafts(self) -> Path:
        return self.gold.parent / "drafts"

    @property
    def available(self) -> bool:
        return self.source.exists()

    def questions(self, which: str) -> Path | None:
        return self.gold if which == "gold" else self.paraphrase


def _path(text: str) -> Path:
    shared = os.environ.get(ENV_SHARED)
    if shared and text.startswith("../shared/"):
        return Path(shared) / text.removeprefix("../shared/")
    path = Path(text)
    return path if path.is_absolute() else (REPO / path).resolve()


def load_reports(registry: Path = REGISTRY) -> list[EvalReport]:
    try:
        data: dict[str, Any] = json.loads(registry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{registry}: cannot read the list of evaluation reports ({exc})") from None
    return [EvalReport(id=r["id"], title=r.get("title", r["id"]), source=_path(r["source"]), gold=_path(r["gold"]),
                       paraphrase=_path(r["paraphrase"]) if r.get("paraphrase") else None,
                       batches=tuple(tuple(b) for b in r.get("batches", ())), dev_only=tuple(r.get("dev_only", ())),
                       relations=_path(r["relations"]) if r.get("relations") else None,
                       minimums=dict(r.get("minimums", {})))
            for r in data["reports"]]


def select(ids: str | None, registry: Path = REGISTRY) -> list[EvalReport]:
    """The reports named (comma-separated ids), all by default; an unknown id is a usage error."""
    reports = load_reports(registry)
    if not ids:
        return reports
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    known = {r.id for r in reports}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise UsageError(f"unknown report {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return [r for r in reports if r.id in wanted]


def page_texts(report: EvalReport) -> list[str]:
    """The report's pages as esgqa reads them (what evidence strings are checked against)."""
    from esgqa.ingest.loader import load_document

    return [page.text for page in load_document(report.source).pages]


__all__ = ["REGISTRY", "SETS", "EvalReport", "load_reports", "page_texts", "select"]
