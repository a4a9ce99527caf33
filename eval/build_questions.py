"""Build each report's question sets from its drafts, computing `pages` and the dev/test split.

    python eval/build_questions.py [REPORT_ID ...]   # default: every report in eval/reports.json

Writes eval/<report>/questions.jsonl (gold, split dev/test) and eval/<report>/paraphrase.jsonl (scored only);
a report whose source is absent is skipped with a message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from esgqa.eval.questions import build, build_paraphrase, validate
from esgqa.eval.reports import EvalReport, page_texts, select


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def build_report(report: EvalReport) -> int:
    texts = page_texts(report)
    drafts = report.drafts
    gold = build([[drafts / name for name in batch] for batch in report.batches], texts,
                 [drafts / name for name in report.dev_only])
    _write(report.gold, gold)
    problems = validate(gold, texts, report.minimums).errors
    if report.paraphrase is not None and (drafts / "paraphrase.jsonl").exists():
        paraphrase = build_paraphrase(drafts / "paraphrase.jsonl", texts)
        _write(report.paraphrase, paraphrase)
        problems += validate(paraphrase, texts, {"questions": 60}, paraphrase=True).errors
    for problem in problems:
        print(f"{report.id}: invalid: {problem}", file=sys.stderr)
    print(f"{report.id}: {len(gold)} gold questions", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    failed = 0
    for report in select(",".join(sys.argv[1:]) or None):
        if not report.available:
            print(f"{report.id}: skipped, {report.source} is absent", file=sys.stderr)
            continue
        failed |= build_report(report)
    sys.exit(failed)
