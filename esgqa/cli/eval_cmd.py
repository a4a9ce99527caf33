"""`esgqa eval`: score retrieval and answers on every report's question sets, retrievers side by side.

Each report in eval/reports.json has a gold set (dev to tune on, test to report) and a paraphrase set (scored,
never tuned on); each report gets its own index (built once, then reused).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from esgqa.cli.common import print_json, progress_bar, stderr, stdout_console
from esgqa.errors import ExitCode, InputError, UsageError
from esgqa.index.reader import MODES

SPLITS = ("dev", "test", "paraphrase")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("eval", help="score retrieval and answers on the reports' question sets")
    parser.add_argument("--protocol", choices=("split", "loro"), default="split",
                        help="split: the fixed dev/test halves of each report (quick); loro: leave one report out, "
                        "fit the answer model on the other reports and score the held-out one, for each in turn "
                        "(the headline numbers; needs the eval extra: pip install 'esgqa[eval]')")
    parser.add_argument("--report", default=None, metavar="IDS", help="comma-separated report ids "
                        "(default: every report in eval/reports.json whose source is present)")
    parser.add_argument("--split", default="dev,test,paraphrase",
                        help="comma-separated: dev, test (the gold set's halves), paraphrase")
    parser.add_argument("--retriever", default=",".join(MODES), help="comma-separated: bm25,dense,hybrid")
    parser.add_argument("--questions", type=Path, metavar="FILE",
                        help="score this question file instead (with one --report)")
    parser.add_argument("--ids", help="comma-separated question ids (a subset)")
    parser.add_argument("--chunking", default="", metavar="SIZE:OVERLAP,...",
                        help="extra chunking settings to compare, each built as its own index (e.g. 320:80)")
    parser.add_argument("--index", metavar="LOC", help="index to use (with one report): a folder or a Milvus location")
    parser.add_argument("--results", type=Path, default=None, metavar="DIR",
                        help="where run folders go (default: eval/runs/, not tracked by git)")
    parser.add_argument("--no-save", action="store_true", help="do not write results and chart")
    parser.add_argument("--thresholds", type=Path, metavar="FILE",
                        help="JSON {report: {retriever: {split: {metric: minimum}}}}; exit 8 when one is below")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON on stdout")
    parser.set_defaults(func=run)


def _splits(args: argparse.Namespace) -> list[str]:
    splits = [s.strip() for s in args.split.split(",") if s.strip()]
    unknown = [s for s in splits if s not in SPLITS]
    if unknown or not splits:
        raise UsageError(f"unknown split {', '.join(unknown) or repr(args.split)} (choose from {', '.join(SPLITS)})")
    return splits


def _questions(path: Path, splits: list[str], ids: str | None) -> list[dict[str, Any]]:
    from esgqa.eval.questions import read_jsonl

    if not path.exists():
        raise InputError(f"{path}: no such question file")
    questions = [q for q in read_jsonl(path) if q.get("split") in splits]
    if ids:
        wanted = set(ids.split(","))
        questions = [q for q in questions if q["id"] in wanted]
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
    if args.protocol == "loro":
        from esgqa.cli.eval_loro import run_loro

        return run_loro(args)
    from esgqa.api import Engine, ensure_index
    from esgqa.eval import report as reporting
    from esgqa.eval.reports import REPO, select
    from esgqa.eval.runner import run as run_questions
    from esgqa.index.location import resolve_index_dir

    retrievers = [r for r in args.retriever.split(",") if r]
    unknown = [r for r in retrievers if r not in MODES]
    if unknown:
        raise UsageError(f"unknown retriever(s) {', '.join(unknown)} (choose from {', '.join(MODES)})")
    splits = _splits(args)
    settings = _settings(args)
    reports = select(args.report)
    if (args.index or args.questions) and len(reports) != 1:
        raise UsageError("--index and --questions go with one --report")
    started = time.perf_counter()
    results = []
    skipped: list[str] = []
    for report in reports:
        if not report.available:
            skipped.append(report.id)
            stderr.print(f"eval: skipped {report.id}: {report.source} is absent", markup=False)
            continue
        sets = [("gold", args.questions or report.gold, [s for s in splits if s != "paraphrase"]),
                ("paraphrase", args.questions or report.paraphrase, ["paraphrase"])]
        base = Path(args.index) if args.index else resolve_index_dir(None).parent / f"eval-{report.id}"
        for name, params in settings:
            folder: str | Path = base if params is None else base.parent / f"{base.name}-{name.replace(':', '-')}"
            if args.index and args.index.startswith("milvus:"):
                if params is not None:
                    raise UsageError("--index milvus:… holds one chunking: chunking settings need folder indexes")
                folder = args.index
            with progress_bar(f"index {report.id} {name}", args.quiet) as update:
                ensure_index(folder, sources=[report.source], chunking=params, progress=lambda s, d, t: update(d, t))
            engine = Engine.open(folder, build=False)
            for set_name, path, wanted in sets:
                if path is None or not wanted:
                    continue
                questions = _questions(path, wanted, args.ids)
                if not questions:
                    continue
                for retriever in retrievers:
                    with progress_bar(f"{report.id} {set_name} {retriever}", args.quiet) as update:
                        results.append(run_questions(engine, questions, retriever, name, progress=update,
                                                     report=report.id, question_set=set_name))
    if not results:
        raise UsageError("no questions match the reports, splits and ids given")
    meta = {"retrievers": retrievers, "splits": splits, "reports": [r.id for r in reports if r.id not in skipped],
            "skipped": skipped, "n_questions": sum(len(r.rows) for r in results if r.retriever == retrievers[0]),
            "chunking": [n for n, _ in settings], "elapsed_s": round(time.perf_counter() - started, 1)}
    data = reporting.build_report(results, meta, REPO)
    if not args.no_save:
        full = (set(retrievers) == set(MODES) and set(splits) == set(SPLITS) and not args.ids and not skipped
                and not args.questions and args.report is None)
        folder = reporting.save(data, args.results, full=full)
        reporting.chart(data, folder / "chart.png")
        stderr.print(f"saved {folder}", markup=False)
    if args.json:
        print_json({k: v for k, v in data.items() if k != "questions"})
    else:
        _print_tables(data)
    return _check_thresholds(data, args.thresholds) if args.thresholds else 0


def _print_tables(data: dict[str, Any]) -> None:
    """Per report and question set: metrics down, retriever × split × language across."""
    from rich.table import Table

    from esgqa.eval.report import HEADLINE

    console = stdout_console()
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run in data["runs"]:
        groups.setdefault((run["report"], run["set"]), []).append(run)
    for (report, set_name), runs in groups.items():
        columns = [(run, split, lang) for run in runs for split in SPLITS for lang in ("all", "zh", "en")
                   if run.get(split, {}).get(lang, {}).get("n")]
        if not columns:
            continue
        table = Table(title=f"{report} · {set_name}", title_justify="left", pad_edge=False)
        table.add_column("metric")
        for run, split, lang in columns:
            table.add_column(f"{run['retriever']}\n{split}\n{lang}", justify="right")
        table.add_row("n", *[str(run[split][lang]["n"]) for run, split, lang in columns])
        for metric in HEADLINE:
            table.add_row(metric, *[_fmt(run[split][lang].get(metric)) for run, split, lang in columns])
        console.print(table)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if value > 2 else f"{value:.3f}"


def _check_thresholds(data: dict[str, Any], path: Path) -> int:
    """{report: {retriever: {split: {"metric" or "lang/metric": minimum}}}}; a report or retriever not run is
    not checked."""
    thresholds = json.loads(path.read_text(encoding="utf-8"))
    failures = []
    for run in data["runs"]:
        wanted = thresholds.get(run["report"], {}).get(run["retriever"], {})
        for split, metrics in wanted.items():
            if not run.get(split, {}).get("all", {}).get("n"):
                continue
            for metric, minimum in metrics.items():
                lang = "all"
                if "/" in metric:
                    lang, metric = metric.split("/", 1)
                value = run[split].get(lang, {}).get(metric)
                if value is None or value < minimum:
                    failures.append(f"{run['report']} {run['retriever']} {split} {lang} {metric} = {value} < {minimum}")
    for failure in failures:
        print(f"esgqa: below threshold: {failure}", file=sys.stderr)
    return int(ExitCode.EVAL_FAILED) if failures else 0
