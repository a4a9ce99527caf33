"""Queries on a shelf of many reports: esgqa against a bare pipeline over the same chunks, in one run.

    python eval/bench_scale.py --reports 100 [--index DIR] [--queries 60] [--no-save]

The shelf is made of the bundled report, each page prefixed with its company's name ("公司007。"), so that every
report's chunks are distinct and embedded on their own. With `--index DIR`, an index already built from such a
shelf is used as it is (its build is measured once, when DIR is new). Printed per language (Chinese, English
dev questions of the bundled report): esgqa's warm retrieval and full answer p50/p95, and the bare pipeline
(jieba + bm25s top-10, the query embedding, FAISS top-10; no fusion, no answer), interleaved question by
question; the build's wall time and peak memory; the query process's peak memory.

Targets at 100 reports: warm query p95 <= 50 ms for Chinese and English alike, <= 1.5x the bare pipeline in
the same run; build memory <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from bench import print_rows, save  # noqa: E402

_BUILD = """
import json, resource, sys, time
from pathlib import Path
from esgqa.api import ensure_index
from esgqa.ingest.loader import bundled_report
n, folder = int(sys.argv[1]), Path(sys.argv[2])
shelf = folder.parent / (folder.name + "-reports")
shelf.mkdir(parents=True, exist_ok=True)
pages = bundled_report().read_text(encoding="utf-8").split("\\f")
for i in range(n):
    path = shelf / f"r{i:03d}.txt"
    if not path.exists():
        path.write_text("\\f".join(f"公司{i:03d}。{p}" for p in pages), encoding="utf-8")
start = time.perf_counter()
report = ensure_index(folder, sources=[shelf])
print(json.dumps({"seconds": time.perf_counter() - start, "chunks": report.chunks, "reused": report.reused,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build(n: int, folder: Path) -> dict[str, float]:
    from esgqa.index import store

    if (folder / store.MANIFEST).exists():
        manifest = store.read_manifest(folder)
        if len(manifest.documents) != n:
            raise SystemExit(f"{folder} holds {len(manifest.documents)} reports, not {n}")
        return {"chunks": manifest.counts.get("chunks", 0)}
    done = subprocess.run([sys.executable, "-c", _BUILD, str(n), str(folder)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"shelf build failed: {done.stderr.strip().splitlines()[-1:]}")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    if info["reused"]:
        return {"chunks": info["chunks"]}
    return {"chunks": info["chunks"], f"build {n} reports s": info["seconds"], "build peak MiB": info["peak_mib"]}


def questions(lang: str, n: int) -> list[str]:
    path = REPO / "eval" / "alibaba" / "questions.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [r["question"] for r in rows if r["lang"] == lang and r["split"] == "dev"][:n]


def measure(folder: Path, n: int) -> dict[str, float]:
    from esgqa.api import Engine
    from esgqa.query.terms import tokenize

    engine = Engine.open(folder, build=False)
    retriever = engine.retriever
    engine.ask("阿里巴巴2023财年自建数据中心的PUE是多少？")  # warm: model, jieba, facts

    def bare(question: str) -> None:
        tokens = [t for t in tokenize(question) if t in retriever.lexical._retriever.vocab_dict]
        if tokens:
            retriever.lexical._retriever.retrieve([tokens], k=10, show_progress=False)
        retriever.dense.search(retriever.encoder.encode([question]), 10)

    out: dict[str, float] = {}
    for lang in ("zh", "en"):
        timings: dict[str, list[float]] = {"retrieve": [], "ask": [], "bare": []}
        for question in questions(lang, n):
            start = time.perf_counter()
            bare(question)
            middle = time.perf_counter()
            retriever.search(question, k=20)
            after = time.perf_counter()
            engine.ask(question)
            end = time.perf_counter()
            timings["bare"].append((middle - start) * 1000)
            timings["retrieve"].append((after - middle) * 1000)
            timings["ask"].append((end - after) * 1000)
        for name, values in timings.items():
            cuts = statistics.quantiles(values, n=100)
            out[f"{lang} {name} p50 ms"], out[f"{lang} {name} p95 ms"] = cuts[49], cuts[94]
        out[f"{lang} ask p95 / bare p95"] = out[f"{lang} ask p95 ms"] / out[f"{lang} bare p95 ms"]
        out[f"{lang} retrieve p95 / bare p95"] = out[f"{lang} retrieve p95 ms"] / out[f"{lang} bare p95 ms"]
    out["query process peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--index", type=Path, help="a shelf index folder to build or reuse")
    parser.add_argument("--queries", type=int, default=60, help="dev questions per language")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.index or Path(tmp) / "shelf-index"
        results: dict[str, Any] = {"reports": args.reports, **build(args.reports, folder)}
        results.update(measure(folder, args.queries))
    targets = {"zh ask p95 ms": 50.0, "en ask p95 ms": 50.0, "zh ask p95 / bare p95": 1.5,
               "en ask p95 / bare p95": 1.5, "build peak MiB": 1024.0}
    print(f"{'measure':40} {'value':>10}  target")
    print_rows(results, targets, 38)
    if not args.no_save:
        save("bench-scale", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
