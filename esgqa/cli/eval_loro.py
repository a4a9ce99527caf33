"""`esgqa eval --protocol loro`: the leave-one-report-out evaluation and its tables.

Each report is scored by a model fitted on the others (`esgqa.eval.loro`); the run is saved under eval/runs/
(never a tracked file) and printed per report: all questions, each language, each question type, and the
paraphrase set where the report has one.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from esgqa.cli.common import print_json, stderr
from esgqa.errors import InputError, UsageError

COLUMNS = (("n", "n"), ("figure_n", "figures"), ("figure_right", "figure right"), ("high_share", "high share"),
           ("high_right", "high right"), ("unanswerable_high", "unans. high"), ("not_found", "not found"),
           ("all_parts_right", "all parts"), ("citation_precision", "citation P"), ("grounding", "grounded"),
           ("page_recall@5", "page R@5"), ("page_mrr@10", "MRR"))


def run_loro(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise InputError("--protocol loro fits models with scikit-learn: pip install 'esgqa[eval]'") from None
    from esgqa.eval.loro_run import protocol
    from esgqa.eval.runs import new_run_folder, write_json

    if args.retriever not in ("hybrid", ",".join(("bm25", "dense", "hybrid"))):
        raise UsageError("--protocol loro runs the hybrid retriever only")
    started = time.perf_counter()
    quiet = getattr(args, "quiet", False)
    held, summary = protocol(args.report, lambda m: None if quiet else stderr.print(m, markup=False))
    if len(held) < 2:
        raise UsageError("--protocol loro needs at least two reports with gold sets")
    data = {"protocol": "loro", "reports": [h.report for h in held], "summary": summary,
            "elapsed_s": round(time.perf_counter() - started, 1)}
    if not args.no_save:
        folder = new_run_folder("loro", args.results)
        write_json(folder / "summary.json", data)
        write_json(folder / "results.json", {h.report: h.rows for h in held})
        stderr.print(f"saved {folder}", markup=False)
    if args.json:
        print_json(data)
    else:
        _print(summary)
    return 0


def _print(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    table = Table(title="leave one report out: each report scored by a model fitted on the others",
                  title_justify="left", pad_edge=False)
    table.add_column("report")
    table.add_column("questions")
    for _, name in COLUMNS:
        table.add_column(name, justify="right")
    for report, entry in summary.items():
        rows = [("all", entry["all"]), ("zh", entry["zh"]), ("en", entry["en"])]
        rows += [(t, m) for t, m in entry["by_type"].items()]
        if "paraphrase" in entry:
            rows.append(("paraphrase", entry["paraphrase"]))
        for label, metrics in rows:
            if metrics.get("n"):
                table.add_row(report if label == "all" else "", label, *[_fmt(metrics.get(k)) for k, _ in COLUMNS])
    console.print(table)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.3f}"
