"""`esgqa eval --protocol loro`: open each report's index, run the protocol, summarise per report, language
and question type. The held-out figures are the headline numbers (README, docs/evaluation.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from esgqa.eval.loro import HeldOut, run_protocol
from esgqa.eval.metrics import reviewer_metrics

TYPES = ("numeric", "table", "derived", "multi_part", "fact", "unanswerable")


def open_reports(report_ids: str | None, progress: Callable[[str], None]) -> list[HeldOut]:
    from esgqa.api import Engine, ensure_index
    from esgqa.eval.questions import read_jsonl
    from esgqa.eval.reports import select
    from esgqa.index.location import resolve_index_dir

    held: list[HeldOut] = []
    for report in select(report_ids):
        if not report.available or not report.gold.exists():
            progress(f"skipped {report.id}: {report.source if not report.available else report.gold} is absent")
            continue
        folder = resolve_index_dir(None).parent / f"eval-{report.id}"
        ensure_index(folder, sources=[report.source])
        engine = Engine.open(folder, build=False)
        paraphrase = read_jsonl(report.paraphrase) if report.paraphrase and report.paraphrase.exists() else []
        held.append(HeldOut(report.id, engine, read_jsonl(report.gold), paraphrase))
    return held


def summarise(held: list[HeldOut]) -> dict[str, Any]:
    """Per report: all gold questions, by language, by type, and the paraphrase set; then the mean over
    reports (each report weighs one)."""
    out: dict[str, Any] = {}
    for h in held:
        gold = [r for r in h.rows if r["split"] != "paraphrase"]
        entry: dict[str, Any] = {"all": reviewer_metrics(gold)}
        for lang in ("zh", "en"):
            entry[lang] = reviewer_metrics([r for r in gold if r["lang"] == lang])
        entry["by_type"] = {t: reviewer_metrics([r for r in gold if r["type"] == t]) for t in TYPES
                            if any(r["type"] == t for r in gold)}
        paraphrase = [r for r in h.rows if r["split"] == "paraphrase"]
        if paraphrase:
            entry["paraphrase"] = reviewer_metrics(paraphrase)
        out[h.report] = entry
    return out


def protocol(report_ids: str | None, progress: Callable[[str], None],
             rules: dict[str, Any] | None = None, hand: bool = False,
             overrides: dict[str, Any] | None = None) -> tuple[list[HeldOut], dict[str, Any]]:
    """Without `rules`, the abstention rules of the shipped model file, so that the headline numbers measure
    the answerer as it ships."""
    from esgqa.qa.model import load_model

    held = open_reports(report_ids, progress)
    shipped = dict(load_model().rules) if rules is None else rules
    run_protocol(held, rules=shipped, progress=progress, hand=hand, overrides=overrides)
    return held, summarise(held)


__all__ = ["TYPES", "open_reports", "protocol", "summarise"]
