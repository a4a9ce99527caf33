"""Validate every report's question sets against the report; exit 1 and list the problems when one is invalid.

    python eval/validate_questions.py [REPORT_ID ...]
"""

from __future__ import annotations

import json
import sys

from esgqa.eval.questions import read_jsonl, validate
from esgqa.eval.reports import page_texts, select


def main(ids: list[str]) -> int:
    failed = 0
    for report in select(",".join(ids) or None):
        if not report.available:
            print(f"{report.id}: skipped, {report.source} is absent")
            continue
        texts = page_texts(report)
        checks = [("gold", report.gold, report.minimums, False)]
        if report.paraphrase is not None and report.paraphrase.exists():
            checks.append(("paraphrase", report.paraphrase, {"questions": 60}, True))
        for name, path, minimums, paraphrase in checks:
            result = validate(read_jsonl(path), texts, minimums, paraphrase=paraphrase)
            for error in result.errors:
                print(f"{report.id} {name}: invalid: {error}")
            print(json.dumps({"report": report.id, "set": name, "counts": result.stats["counts"],
                              "few_shared_share": round(result.stats["few_shared_share"], 3),
                              "valid": not result.errors}, ensure_ascii=False))
            failed |= bool(result.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
