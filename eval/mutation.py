"""Fact-check self-evaluation: mutations and planted inconsistencies, per report.

    python eval/mutation.py --report alibaba,sifang --n 200 --seed 1      # mutation recall per kind
    python eval/mutation.py --report sifang --planted --seed 1           # planted inconsistencies

Writes a run folder under eval/runs/ (untracked) and prints one line per report and kind; the logic is in
`esgqa.eval.mutation` and `esgqa.eval.plant`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from esgqa.eval.mutation import run_mutations  # noqa: E402
from esgqa.eval.plant import load_relations, run_plants  # noqa: E402
from esgqa.eval.reports import select  # noqa: E402
from esgqa.eval.runs import new_run_folder, write_json  # noqa: E402
from esgqa.ingest.loader import load_document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="eval/mutation.py", description=__doc__.split("\n")[0])
    parser.add_argument("--report", default=None, help="report ids from eval/reports.json (default: all)")
    parser.add_argument("--n", type=int, default=200, help="mutations per report (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--planted", action="store_true", help="plant inconsistencies from the relation list")
    parser.add_argument("--limit", type=int, default=None, help="at most this many plants per report")
    args = parser.parse_args(argv)
    folder = new_run_folder("planted" if args.planted else "mutation")
    for report in select(args.report):
        if not report.available:
            print(f"{report.id}: skipped ({report.source} is absent)", file=sys.stderr)
            continue
        document = load_document(report.source)
        started = time.perf_counter()
        if args.planted:
            if report.relations is None or not report.relations.exists():
                print(f"{report.id}: skipped (no relation list)", file=sys.stderr)
                continue
            result = run_plants(document, load_relations(report.relations), seed=args.seed, limit=args.limit)
            head = f"{report.id}: planted found {result['found']} of {result['n']}"
            rows = {k: f"n={v['n']:<4} found={v['found']}" for k, v in result["by_kind"].items()}
        else:
            result = run_mutations(document, n=args.n, seed=args.seed)
            head = (f"{report.id}: recall {result['recall']} (exact {result['exact']}) over {result['n']} mutations; "
                    f"false-alarm runs {result['false_alarm_runs']}")
            rows = {k: f"n={v['n']:<4} recall={v['recall']} exact={v['exact']}"
                    for k, v in {**result["by_kind"], **result["by_source"]}.items()}
        result["seconds"] = round(time.perf_counter() - started, 1)
        write_json(folder / f"{report.id}.json", result)
        print(f"{head}; seed {args.seed}; {result['seconds']} s", flush=True)
        for name, row in rows.items():
            print(f"  {name:<12} {row}", flush=True)
    print(f"-> {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
