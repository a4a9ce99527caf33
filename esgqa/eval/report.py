"""Eval output: the breakdown tables, the saved results file and the comparison chart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from esgqa.eval.runner import RunResult
from esgqa.eval.runs import git_commit, new_run_folder, publish_latest, write_json

HEADLINE = ("page_recall@1", "page_recall@5", "page_mrr@10", "chunk_recall@5",
            "numeric_n", "numeric_accuracy", "table_accuracy", "derived_accuracy", "derived_inputs_cited",
            "numeric_wrong_pick", "numeric_abstained_retrieved", "not_found_rate", "citation_precision", "grounding",
            "abstain_precision", "abstain_recall", "abstain_f1", "latency_p95_ms")
SPLITS = ("dev", "test", "paraphrase")


def breakdowns(result: RunResult) -> dict[str, Any]:
    out: dict[str, Any] = {"retriever": result.retriever, "setting": result.setting, "report": result.report,
                           "set": result.set, "overall": result.summary()}
    for split in SPLITS:
        out[split] = {"all": result.summary(split=split)}
        for lang in ("zh", "en"):
            out[split][lang] = result.summary(split=split, lang=lang)
        types = sorted({r["type"] for r in result.rows})
        out[split]["by_type"] = {t: result.summary(split=split, type=t) for t in types}
    return out


def build_report(results: list[RunResult], settings: dict[str, Any], repo: Path) -> dict[str, Any]:
    return {
        "meta": {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": git_commit(repo),
                 "settings": settings},
        "runs": [breakdowns(r) for r in results],
        "questions": {f"{r.report}/{r.set}/{r.retriever}/{r.setting}": r.rows for r in results},
    }


def save(report: dict[str, Any], root: Path | None = None, full: bool = False) -> Path:
    """A new run folder with `results.json` (every question's row) and `summary.json` (the metrics).

    Only a full run refreshes `latest-eval.json` beside the run folders.
    """
    folder = new_run_folder("eval", root)
    write_json(folder / "results.json", report)
    summary = write_json(folder / "summary.json", {k: v for k, v in report.items() if k != "questions"})
    if full:
        publish_latest(summary, "eval", root)
    return folder


def chart(report: dict[str, Any], path: Path) -> Path | None:
    """Grouped bars: page Recall@5 and MRR@10 per retriever, by split and language."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    groups = [(s, lang) for s in ("dev", "test") for lang in ("zh", "en")]
    runs = [run for run in report["runs"] if run.get("set", "gold") == "gold"]
    if not runs:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, metric in zip(axes, ("page_recall@5", "page_mrr@10"), strict=True):
        width = 0.8 / max(1, len(runs))
        for i, run in enumerate(runs):
            values = [run[s][lang].get(metric) or 0.0 for s, lang in groups]
            xs = [g + i * width for g in range(len(groups))]
            bars = ax.bar(xs, values, width, label=f"{run.get('report', '')} {run['retriever']} ({run['setting']})")
            ax.bar_label(bars, fmt="%.2f", fontsize=7)
        ax.set_xticks([g + width * (len(runs) - 1) / 2 for g in range(len(groups))],
                      [f"{s}/{lang}" for s, lang in groups])
        ax.set_title(metric)
        ax.set_ylim(0, 1.1)
    axes[0].legend(fontsize=8, loc="lower left")
    fig.suptitle(f"esgqa retrieval, commit {report['meta'].get('commit')}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
