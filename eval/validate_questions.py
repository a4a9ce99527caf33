"""Validate a gold question file against the report; exit 1 and list the problems when it is invalid.

    python eval/validate_questions.py [QUESTIONS] [REPORT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from esgqa.eval.questions import read_jsonl, validate
from esgqa.ingest.loader import bundled_report
from esgqa.ingest.textfile import read_text_report

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    questions_path = Path(argv[0]) if argv else HERE / "questions.jsonl"
    report = Path(argv[1]) if len(argv) > 1 else bundled_report()
    page_texts = [p.text for p in read_text_report(report).pages]
    result = validate(read_jsonl(questions_path), page_texts)
    for error in result.errors:
        print(f"invalid: {error}")
    stats = result.stats
    print(json.dumps({"counts": stats["counts"], "few_shared_share": round(stats["few_shared_share"], 3),
                      "valid": not result.errors}, ensure_ascii=False))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
