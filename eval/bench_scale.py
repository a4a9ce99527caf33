"""A shelf of many reports on both index backends, in one run: build time and memory, query p50/p95, and a
query process's memory, for each shelf size.

    python eval/bench_scale.py [--reports 1,20,100] [--backends folder,milvus] [--queries 40] [--no-save]

A shelf is made of the bundled report, each page prefixed with its company's name ("公司007。"), so that every
report is distinct. Embedding is the same work on both backends (7.5 ms a chunk on 2 idle cores, measured in
docs/scale.md) and would be most of every build here, so the builds run with an encoder that embeds each text
once with the shipped model and gives its copies (the same text without the company prefix) the same vector.
Build times are therefore everything but embedding; the queries are embedded for real. Each build and each
query run is its own process (peak memory is that process's). "ask" is a question asked for the first time
(planned, searched, answered); "retrieve" is the search alone, asked again (its plan cached). Questions:
Chinese and English dev questions of the bundled report, the same on both backends.

Targets at 100 reports (the folder backend's): warm ask p95 <= 50 ms in both languages; build peak <= 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from bench import save  # noqa: E402

_ENCODER = """
import re
import numpy as np
import esgqa.api, esgqa.index.milvus.build
from esgqa.index.encoders import load_encoder
class Copies:
    '''The shipped model, embedding each text once; a copy of a text (its company prefix aside) shares its vector.'''
    def __init__(self, model=None):
        self.base = load_encoder(model)
        self.model_id, self.dim, self.cache = self.base.model_id, self.base.dim, {}
    def encode(self, texts, batch_size=64):
        keys = [re.sub(r"公司\\d{3}。", "", t) for t in texts]
        todo = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if todo:
            for key, vector in zip(todo, self.base.encode(todo, batch_size=batch_size)):
                self.cache[key] = vector
        if not keys:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.cache[k] for k in keys]).astype(np.float32)
esgqa.api.load_encoder = esgqa.index.milvus.build.load_encoder = Copies
"""

_BUILD = _ENCODER + """
import json, resource, sys, time
from pathlib import Path
from esgqa.api import ensure_index
from esgqa.ingest.loader import bundled_report
n, shelf, location = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
shelf.mkdir(parents=True, exist_ok=True)
pages = bundled_report().read_text(encoding="utf-8").split("\\f")
for i in range(n):
    path = shelf / f"r{i:03d}.txt"
    if not path.exists():
        path.write_text("\\f".join(f"公司{i:03d}。{p}" for p in pages), encoding="utf-8")
start = time.perf_counter()
report = ensure_index(location, sources=[shelf])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"build s": time.perf_counter() - start, "embed s": report.seconds.get("embed", 0.0),
                  "chunks": report.chunks, "build peak MiB": peak}))
"""

_QUERY = """
import json, resource, statistics, sys, time
from esgqa.api import Engine
location, questions = sys.argv[1], json.loads(sys.argv[2])
start = time.perf_counter()
engine = Engine.open(location, build=False)
engine.warm_up()  # as the TUI does: model, jieba, dictionary, number scan, facts
engine.ask("阿里巴巴2023财年自建数据中心的PUE是多少？")
out = {"open and first ask s": time.perf_counter() - start}
for lang, asked in questions.items():
    times = {"retrieve": [], "ask": []}
    for question in asked:
        start = time.perf_counter()
        engine.ask(question)
        middle = time.perf_counter()
        engine.retriever.search(question, k=20)
        times["ask"].append((middle - start) * 1000)
        times["retrieve"].append((time.perf_counter() - middle) * 1000)
    for name, values in times.items():
        cuts = statistics.quantiles(values, n=100)
        out[f"{lang} {name} p50 ms"], out[f"{lang} {name} p95 ms"] = cuts[49], cuts[94]
out["query peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def child(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
                          env={"HF_HUB_OFFLINE": "1", **__import__("os").environ})
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed: {done.stderr.strip().splitlines()[-3:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def questions(lang: str, n: int) -> list[str]:
    path = REPO / "eval" / "alibaba" / "questions.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [r["question"] for r in rows if r["lang"] == lang and r["split"] == "dev"][:n]


def location(backend: str, folder: Path, n: int) -> str:
    return f"milvus:{folder / f'shelf-{n}.db'}" if backend == "milvus" else str(folder / f"shelf-{n}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", default="1,20,100", help="shelf sizes, comma-separated")
    parser.add_argument("--backends", default="folder,milvus")
    parser.add_argument("--queries", type=int, default=40, help="dev questions per language")
    parser.add_argument("--work", type=Path, help="keep the shelves and indexes here (default: a temporary folder)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    asked = json.dumps({lang: questions(lang, args.queries) for lang in ("zh", "en")}, ensure_ascii=False)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for n in (int(x) for x in args.reports.split(",")):
            for backend in args.backends.split(","):
                where = location(backend, work, n)
                row = child(_BUILD, str(n), str(work / f"reports-{n}"), where)
                row.update(child(_QUERY, where, asked))
                results[f"{backend} {n}"] = row
                print(f"{backend:7} {n:4} reports: " + ", ".join(f"{k} {v:.1f}" for k, v in row.items()),
                      file=sys.stderr, flush=True)
    columns = ["chunks", "build s", "build peak MiB", "zh ask p50 ms", "zh ask p95 ms", "en ask p50 ms",
               "en ask p95 ms", "zh retrieve p95 ms", "en retrieve p95 ms", "query peak MiB"]
    print(f"{'shelf':14} " + " ".join(f"{c:>18}" for c in columns))
    for name, row in results.items():
        print(f"{name:14} " + " ".join(f"{row.get(c, float('nan')):18.1f}" for c in columns))
    if not args.no_save:
        save("bench-scale", results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
