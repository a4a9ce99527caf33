"""Sweep each report and score its findings against the judgements in eval/<report>/findings.jsonl.

    python eval/finding_precision.py [REPORT_ID ...]

Judgements were made by readers of the report's pages (never the checker's code), one line per finding
fingerprint, "real" or "false"; a finding the judges have not seen is counted as unjudged, so a changed checker
shows what still needs judging. Prints, per report: contradiction and arithmetic findings, real / false /
unjudged, precision over the judged ones, and the same for the "high" tier.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from esgqa.eval.questions import read_jsonl
from esgqa.eval.reports import select
from esgqa.factcheck.check import run_check
from esgqa.ingest.loader import load_document

KINDS = ("contradiction", "arithmetic")


def judgements(path: Path) -> dict[str, str]:
    return {row["fingerprint"]: row["judgement"] for row in read_jsonl(path)} if path.exists() else {}


def score(report_id: str, source: Path, judged: dict[str, str]) -> dict[str, object]:
    result = run_check([load_document(source)])
    findings = [f.to_dict() for f in result.findings if f.kind in KINDS]
    out: dict[str, object] = {"report": report_id, "findings": len(findings)}
    for name, subset in (("all", findings), ("high", [f for f in findings if f.get("tier") == "high"])):
        verdicts = [judged.get(str(f["fingerprint"])) for f in subset]
        real, false = verdicts.count("real"), verdicts.count("false")
        out[name] = {"n": len(subset), "real": real, "false": false, "unjudged": verdicts.count(None),
                     "precision": round(real / (real + false), 3) if real + false else None}
    return out


def main(ids: list[str]) -> int:
    for report in select(",".join(ids) or None):
        if not report.available:
            print(json.dumps({"report": report.id, "skipped": f"{report.source} is absent"}))
            continue
        judged = judgements(report.gold.parent / "findings.jsonl")
        print(json.dumps(score(report.id, report.source, judged), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
