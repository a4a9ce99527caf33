"""`esgqa eval`: score retrieval and answers on the gold question set, retrievers side by side."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from esgqa.cli.common import print_json, progress_bar, stderr
from esgqa.errors import ExitCode, InputError, UsageError
from esgqa.index.retriever import MODES
from esgqa.ingest.loader import bundled_corpus_dir

REPO = bundled_corpus_dir().parent


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("eval", help="score retrieval and answers on the gold question set")
    parser.add_argument("--questions", type=Path, default=REPO / "eval" / "questions.jsonl", metavar="FILE")
    parser.add_argument("--retriever", default=",".join(MODES), help="comma-separated: bm25,dense,hybrid")
    parser.add_argument("--split", default="dev,test", help="comma-separated splits to run")
    parser.add_argument("--ids", help="comma-separated question ids (a subset)")
    parser.add_argument("--chunking", default="", metavar="SIZE:OVERLAP,...",
                        help="extra chunking settings to compare, each built as its own index (e.g. 320:80)")
    parser.add_argument("--index", metavar="DIR", help="index of the default setting")
    parser.add_argument("--results", type=Path, default=None, metavar="DIR",
                        help="where run folders go (default: eval/runs/, not tracked by git)")
    parser.add_argument("--no-save", action="store_true", help="do not write results and chart")
    parser.add_argument("--thresholds", type=Path, metavar="FILE",
                        help="JSON {retriever: {split: {metric: minimum}}}; exit 8 when a metric is below")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON on stdout")
    parser.set_defaults(func=run)


def _load_questions(args: argparse.Namespace) -> list[dict[str, Any]]:
    from esgqa.eval.questions import read_jsonl

    if not args.questions.exists():
        raise InputError(f"{args.questions}: no such question file")
    questions = read_jsonl(args.questions)
    splits = set(args.split.split(","))
    questions = [q for q in questions if q.get("split") in splits]
    if args.ids:
        wanted = set(args.ids.split(","))
        questions = [q for q in questions if q["id"] in wanted]
    if not questions:
        raise UsageError("no questions match the split/ids given")
    return questions


def _settings(args: argparse.Namespace) -> list[tuple[str, Any]]:
    from esgqa.ingest.chunking import ChunkingParams

    out: list[tuple[str, Any]] = [("default", None)]
    for spec in filter(None, args.chunking.split(",")):
        try:
            size, overlap = (int(x) for x in spec.split(":"))
        except ValueError:
            raise UsageError(f"--chunking expects SIZE:OVERLAP, got {spec!r}") from None
        out.append((f"chunk{size}:{overlap}", ChunkingParams(size=size, overlap=overlap)))
    return out


def run(args: argparse.Namespace) -> int:
    from esgqa.api import Engine, ensure_index
    from esgqa.eval import report as reporting
    from esgqa.eval.runner import run as run_questions
    from esgqa.index.location import resolve_index_dir

    retrievers = [r for r in args.retriever.split(",") if r]
    unknown = [r for r in retrievers if r not in MODES]
    if unknown:
        raise UsageError(f"unknown retriever(s) {', '.join(unknown)} (choose from {', '.join(MODES)})")
    questions = _load_questions(args)
    started = time.perf_counter()
    results = []
    base = resolve_index_dir(args.index)
    for name, params in _settings(args):
        folder = base if params is None else base.parent / f"eval-{name.replace(':', '-')}"
        with progress_bar(f"index {name}", args.quiet) as update:
            ensure_index(folder, chunking=params, progress=lambda s, d, t: update(d, t))
        engine = Engine.open(folder)
        for retriever in retrievers:
            with progress_bar(f"{retriever} {name}", args.quiet) as update:
                results.append(run_questions(engine, questions, retriever, name, progress=update))
    settings = {"retrievers": retrievers, "splits": args.split, "questions": str(args.questions),
                "n_questions": len(questions), "chunking": [n for n, _ in _settings(args)],
                "elapsed_s": round(time.perf_counter() - started, 1)}
    data = reporting.build_report(results, settings, REPO)
    if not args.no_save:
        full = set(retrievers) == set(MODES) and set(args.split.split(",")) == {"dev", "test"} and not args.ids
        folder = reporting.save(data, args.results, full=full)
        reporting.chart(data, folder / "chart.png")
        stderr.print(f"saved {folder}", markup=False)
    if args.json:
        print_json({k: v for k, v in data.items() if k != "questions"})
    else:
        _print_tables(data)
    return _check_thresholds(data, args.thresholds) if args.thresholds else 0


def _print_tables(data: dict[str, Any]) -> None:
    """One table per split: metrics down, retriever × language across (fits a 100-column terminal)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    for split in ("dev", "test"):
        columns = [(run, lang) for run in data["runs"] for lang in ("all", "zh", "en")
                   if run[split][lang].get("n")]
        if not columns:
            continue
        table = Table(title=f"split: {split}", title_justify="left", pad_edge=False)
        table.add_column("metric")
        for run, lang in columns:
            table.add_column(f"{run['retriever']}\n{lang}", justify="right")
        table.add_row("n", *[str(run[split][lang]["n"]) for run, lang in columns])
        for metric in reporting_headline():
            table.add_row(metric, *[_fmt(run[split][lang].get(metric)) for run, lang in columns])
        console.print(table)


def reporting_headline() -> tuple[str, ...]:
    from esgqa.eval.report import HEADLINE

    return HEADLINE


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if value > 2 else f"{value:.3f}"


def _check_thresholds(data: dict[str, Any], path: Path) -> int:
    thresholds = json.loads(path.read_text(encoding="utf-8"))
    failures = []
    for run in data["runs"]:
        for split, metrics in thresholds.get(run["retriever"], {}).items():
            for metric, minimum in metrics.items():
                lang = "all"
                if "/" in metric:
                    lang, metric = metric.split("/", 1)
                value = run.get(split, {}).get(lang, {}).get(metric)
                if value is None or value < minimum:
                    failures.append(f"{run['retriever']} {split} {lang} {metric} = {value} < {minimum}")
    for failure in failures:
        print(f"esgqa: below threshold: {failure}", file=sys.stderr)
    return int(ExitCode.EVAL_FAILED) if failures else 0
