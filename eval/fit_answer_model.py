"""Fit the answerer's model on every evaluation report and write it to esgqa/data/answer_model.json.

    python eval/fit_answer_model.py [--report IDS] [--rules JSON] [--dry-run]

It first runs the leave-one-report-out protocol (each report answered by a ranker fitted on the others, its
answers' confidence by a calibrator fitted on the others' answers) and prints the held-out figures, the numbers
that justify the model; then fits the ranker on every report's candidates and the calibrator on every report's
held-out answers, and writes the model (with the rules it was measured with) to the package's data file. This
is the one command that changes that file; `esgqa eval --protocol loro` measures without writing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace

from esgqa.eval.loro import fit_all
from esgqa.eval.loro_run import protocol
from esgqa.qa.model import MODEL_FILE, write_model

SHOWN = ("n", "figure_right", "high_share", "high_right", "unanswerable_high", "not_found", "page_recall@5")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--report", default=None, help="comma-separated report ids (default: all with gold sets)")
    parser.add_argument("--rules", default='{"weak_support": false}',
                        help="AbstentionRules fields as JSON, measured and shipped with the model")
    parser.add_argument("--dry-run", action="store_true", help="measure only; do not write the model file")
    args = parser.parse_args()
    started = time.perf_counter()
    rules = json.loads(args.rules)
    held, summary = protocol(args.report, lambda m: print(m, file=sys.stderr, flush=True), rules)
    print("report  " + "  ".join(SHOWN))
    for report, entry in summary.items():
        for part in ("all", "zh", "en"):
            metrics = entry[part]
            values = [metrics.get(k) for k in SHOWN]
            print(f"{report:10} {part:3} " + "  ".join("–" if v is None else
                                                       (str(v) if isinstance(v, int) else f"{v:.3f}") for v in values))
    from esgqa.eval.runs import new_run_folder, write_json

    folder = new_run_folder("loro")
    write_json(folder / "summary.json", {"protocol": "loro", "rules": rules, "summary": summary})
    write_json(folder / "results.json", {h.report: h.rows for h in held})
    print(f"saved {folder}", file=sys.stderr)
    model = replace(fit_all(held, rules), meta={"command": "python eval/fit_answer_model.py",
                                                "loro": {r: e["all"] for r, e in summary.items()}})
    if not args.dry_run:
        write_model(model, MODEL_FILE)
        print(f"wrote {MODEL_FILE}", file=sys.stderr)
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
