"""The folder and Milvus backends on the gold sets, in one run: page recall@5 and figure right per report.

    python eval/backend_parity.py [--report IDS] [--engine-rrf] [--no-save]

Each report's folder index is the eval index (`~/.cache/esgqa/index/eval-ID`); its Milvus Lite index is built
beside it (`eval-ID.milvus.db`) from the same source with the same model. Both answer every gold question of
the report with the shipped answer model; the answer stage is the same code, so a difference is the
backend's retrieval. Target: within 0.01 of the folder backend on both measures.

With --engine-rrf, a third column ranks with the engine's own hybrid search instead (BM25 and vector requests
fused by `RRFRanker(60)` in Milvus), to measure what fusing on the client is for.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from bench import save  # noqa: E402

MEASURES = ("figure_right", "page_recall@5", "not_found")


def engine_rrf(location: str) -> Any:
    """An engine whose hybrid search is Milvus's own: reciprocal-rank fusion of its BM25 and vector searches."""
    from pymilvus import AnnSearchRequest, RRFRanker

    from esgqa.api import Engine
    from esgqa.index.milvus import client as mc
    from esgqa.index.reader import Hit

    engine = Engine.open(location, build=False)
    reader = engine.retriever
    own = reader.search

    def search(query: str, k: int = 5, mode: str = "hybrid", docs: set[str] | None = None) -> list[Hit]:
        if mode != "hybrid":
            return own(query, k, mode, docs)  # type: ignore[arg-type]
        plan = reader.plan(query, docs)
        terms = plan.tokens + plan.expansions
        reader._frequencies.fetch(terms)  # type: ignore[attr-defined]
        known = [t for t in terms if reader._frequencies.get(t, 0)]  # type: ignore[attr-defined]
        vector = reader.encoder.encode([query])[0].tolist()
        requests = [AnnSearchRequest(data=[vector], anns_field="vector", param={"metric_type": "IP"}, limit=256)]
        if known:
            requests.append(AnnSearchRequest(data=[" ".join(mc.term_id(t) for t in known)], anns_field="sparse",
                                             param={"metric_type": "BM25"}, limit=256))
        found = reader._client.hybrid_search(mc.CHUNKS, reqs=requests, ranker=RRFRanker(60),  # type: ignore[attr-defined]
                                             limit=max(1, k), output_fields=["row"])
        rows = [int(hit["entity"]["row"]) for hit in found[0]]
        scores = {int(hit["entity"]["row"]): float(hit["distance"]) for hit in found[0]}
        reader._fetch_chunks(rows)  # type: ignore[attr-defined]
        return [Hit(reader._chunks[r][0], scores[r]) for r in rows if r in reader._chunks]  # type: ignore[attr-defined]

    reader.search = search  # type: ignore[method-assign]
    return engine


def parity(report_ids: str | None, rrf: bool = False) -> dict[str, Any]:
    from esgqa.api import Engine, ensure_index
    from esgqa.eval.metrics import reviewer_metrics
    from esgqa.eval.questions import read_jsonl
    from esgqa.eval.reports import select
    from esgqa.eval.runner import run
    from esgqa.index.location import default_index_dir

    out: dict[str, Any] = {}
    for report in select(report_ids):
        if not report.available or not report.gold.exists():
            print(f"skipped {report.id}: absent", file=sys.stderr)
            continue
        questions = [q for q in read_jsonl(report.gold)]
        folder = default_index_dir().parent / f"eval-{report.id}"
        milvus = f"milvus:{folder}.milvus.db"
        ensure_index(folder, sources=[report.source])
        start = time.perf_counter()
        built = ensure_index(milvus, sources=[report.source])
        entry: dict[str, Any] = {"questions": len(questions), "milvus build s": time.perf_counter() - start,
                                 "milvus reused": built.reused}
        runs = [("folder", str(folder)), ("milvus", milvus)] + ([("engine rrf", milvus)] if rrf else [])
        for name, location in runs:
            engine = engine_rrf(location) if name == "engine rrf" else Engine.open(location, build=False)
            start = time.perf_counter()
            result = run(engine, questions, "hybrid", report=report.id)
            metrics = reviewer_metrics(result.rows)
            entry[name] = {m: metrics[m] for m in MEASURES}
            entry[name]["ms per question"] = (time.perf_counter() - start) * 1000 / max(1, len(questions))
            print(f"{report.id:10} {name:10} " + "  ".join(f"{m} {entry[name][m]:.3f}" for m in MEASURES)
                  + f"  {entry[name]['ms per question']:.0f} ms/q", file=sys.stderr, flush=True)
        entry["difference"] = {m: entry["milvus"][m] - entry["folder"][m] for m in MEASURES}
        out[report.id] = entry
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", help="comma-separated report ids (default: every report with a gold set)")
    parser.add_argument("--engine-rrf", action="store_true", help="also rank with Milvus's own hybrid search (RRF)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    results = parity(args.report, args.engine_rrf)
    print(f"{'report':10} {'measure':15} {'folder':>8} {'milvus':>8} {'diff':>8}")
    for report, entry in results.items():
        for m in MEASURES:
            print(f"{report:10} {m:15} {entry['folder'][m]:8.3f} {entry['milvus'][m]:8.3f} "
                  f"{entry['difference'][m]:+8.3f}")
    if not args.no_save:
        save("backend-parity", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
