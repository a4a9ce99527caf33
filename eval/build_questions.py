"""Merge the question drafts into eval/questions.jsonl, computing `pages` and the dev/test split.

    python eval/build_questions.py            # reads eval/drafts/*.jsonl and corpus/alibaba_esg_fy2023.txt
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from esgqa.eval.questions import build, validate
from esgqa.ingest.loader import bundled_report
from esgqa.ingest.textfile import read_text_report

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    document = read_text_report(bundled_report())
    page_texts = [p.text for p in document.pages]
    questions = build(sorted((HERE / "drafts").glob("*.jsonl")), page_texts)
    with (HERE / "questions.jsonl").open("w", encoding="utf-8") as handle:
        for q in questions:
            handle.write(json.dumps(q, ensure_ascii=False) + "\n")
    result = validate(questions, page_texts)
    print(json.dumps(result.stats["counts"], ensure_ascii=False), file=sys.stderr)
    for error in result.errors:
        print(f"invalid: {error}", file=sys.stderr)
    sys.exit(1 if result.errors else 0)
