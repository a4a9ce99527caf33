"""Self-evaluation of the fact-checker by mutation: plant one wrong figure, see whether the sweep flags its page.

A mutation changes one occurrence of a number that appears on two or more pages to a plausible wrong value: two
digits swapped, the decimal point moved, ±0.1 (±1 for a whole number), or the scale word changed (万 <-> 亿,
万吨 <-> 吨). It is detected when the mutated page appears in a `contradiction` or `arithmetic` finding.

Recall is reported twice. "restated" counts only mutations of an occurrence whose metric the report states
elsewhere, judged by a rule that does not use the checker's labels: another occurrence of the same figure shares at
least two words (character bigrams) within a few characters of the number, or the occurrence is an infographic
callout on a page whose prose states the same figure. Only there does a mutation leave the report
self-contradictory; a figure that happens to equal an unrelated one elsewhere ("30%" of board seats and "30%" of the
planet's land) can be changed without any inconsistency a reader or checker could see. "all" counts every mutation.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from typing import Any

from esgqa.factcheck.check import CheckResult, run_check
from esgqa.factcheck.findings import ARITHMETIC, CONTRADICTION
from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.ingest.model import Document, Page, make_document
from esgqa.ingest.normalize import normalize

KINDS = ("swap", "decimal", "plusminus", "unit")
DETECTING = (CONTRADICTION, ARITHMETIC)
_SCALE_SWAP = {"万": "亿", "亿": "万", "千": "万"}


@dataclass(frozen=True)
class Mutation:
    page: int
    start: int  # span replaced in the page text as extracted
    end: int
    original: str
    replacement: str
    kind: str
    number: str  # the figure mutated, as the report writes it
    restated: bool


@dataclass
class Outcome:
    mutation: Mutation
    detected: bool  # the mutated page is in a contradiction or arithmetic finding
    exact: bool  # ... and the finding cites the mutated figure itself
    other_findings: int  # contradiction/arithmetic findings that do not involve the mutated page


def population(document: Document, mentions: list[Fact] | None = None) -> list[Fact]:
    """Occurrences of numbers that appear on two or more pages (bare small integers and ranges excluded)."""
    mentions = mentions if mentions is not None else document_facts(document)
    pages: dict[tuple[str, float], set[int]] = defaultdict(set)
    for m in mentions:
        if not m.identifier_like and not m.in_range:
            pages[_key(m)].add(m.page)
    return [m for m in mentions if not m.identifier_like and not m.in_range and len(pages[_key(m)]) >= 2]


def _key(m: Fact) -> tuple[str, float]:
    return (m.family, float(f"{m.quantity.base_value:.9g}"))


_NON_WORD = re.compile(r"[\d\s.,%，。、；：:;（）()“”\"'《》\-—/]+")


def _window(document_texts: dict[int, str], m: Fact, before: int = 12, after: int = 8) -> set[str]:
    """Character bigrams of the words right around a number (its own sentence only)."""
    text = document_texts[m.page]
    start, end = m.quantity.start, m.quantity.end
    left = re.split(r"[。；！？\n]", text[max(0, start - before) : start])[-1]
    right = re.split(r"[。；！？\n]", text[end : end + after])[0]
    words = _NON_WORD.sub(" ", f"{left} {right}").split()
    return {w[i : i + 2] for w in words for i in range(len(w) - 1)}


def restated(document_texts: dict[int, str], m: Fact, cluster: list[Fact]) -> bool:
    """The oracle: does the report state this occurrence's metric somewhere else (see the module docstring)?"""
    own = _window(document_texts, m)
    for other in cluster:
        if other is m:
            continue
        if other.page == m.page and (m.callout or other.callout) and (other.callout != m.callout):
            return True
        if len(own & _window(document_texts, other)) >= 2:
            return True
    return False


def _format_like(template: str, value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}" if "," in template else f"{value:.{decimals}f}"
    return text


def mutate(page_text: str, m: Fact, rng: random.Random, restated_flag: bool) -> Mutation | None:
    """One plausible wrong value for mention `m`, as a replacement of its span in the page text."""
    raw = page_text[m.start : m.end]
    number_match = re.search(r"\d[\d,]*(?:\.\d+)?", raw)
    if number_match is None:
        return None
    number = number_match.group()
    digits = number.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    kinds = list(KINDS)
    rng.shuffle(kinds)
    for kind in kinds:
        new_raw = _apply_kind(kind, raw, number, digits, decimals, rng)
        if new_raw is not None and new_raw != raw:
            return Mutation(m.page, m.start, m.end, raw, new_raw, kind, m.text, restated_flag)
    return None


def _apply_kind(kind: str, raw: str, number: str, digits: str, decimals: int, rng: random.Random) -> str | None:
    value = float(digits)
    if kind == "swap":
        plain = digits.replace(".", "")
        spots = [i for i in range(len(plain) - 1) if plain[i] != plain[i + 1]]
        if not spots:
            return None
        i = rng.choice(spots)
        swapped = plain[:i] + plain[i + 1] + plain[i] + plain[i + 2 :]
        if swapped[0] == "0" and len(swapped) > 1 and (decimals == 0 or len(plain) - decimals > 1):
            return None
        whole, fraction = swapped[: len(plain) - decimals], swapped[len(plain) - decimals :]
        new_value = float(whole + ("." + fraction if decimals else ""))
        return raw.replace(number, _format_like(number, new_value, decimals), 1)
    if kind == "decimal":
        if decimals == 0 and value < 10:
            return None
        factor = rng.choice((10.0, 0.1)) if decimals else 0.1
        new_decimals = decimals + 1 if factor < 1 else max(decimals - 1, 0)
        return raw.replace(number, _format_like(number, value * factor, new_decimals), 1)
    if kind == "plusminus":
        step = 0.1 if decimals else 1.0
        new_value = value + rng.choice((step, -step))
        if new_value <= 0:
            new_value = value + step
        return raw.replace(number, _format_like(number, new_value, decimals), 1)
    if kind == "unit":
        after = raw[raw.index(number) + len(number) :]
        for old, new in _SCALE_SWAP.items():
            if old in after:
                return raw[: raw.index(number) + len(number)] + after.replace(old, new, 1)
        if after.strip().startswith("吨"):
            return raw[: raw.index(number) + len(number)] + after.replace("吨", "万吨", 1)
        return None
    return None


def apply(document: Document, mutation: Mutation) -> Document:
    pages = list(document.pages)
    page = pages[mutation.page - 1]
    text = page.text[: mutation.start] + mutation.replacement + page.text[mutation.end :]
    pages[mutation.page - 1] = Page(page.number, text, page.has_text_layer, page.warnings)
    return make_document(document.title, document.source, pages, list(document.warnings))


def score(result: CheckResult, mutation: Mutation) -> Outcome:
    detecting = [f for f in result.findings if f.kind in DETECTING]
    on_page = [f for f in detecting if mutation.page in f.pages]
    exact = any(m.page == mutation.page and m.start <= mutation.start + 1 and m.end >= mutation.start
                for f in on_page for m in f.mentions)
    return Outcome(mutation, bool(on_page), exact, len(detecting) - len(on_page))


def run_mutations(document: Document, n: int = 200, seed: int = 0) -> dict[str, Any]:
    """Plant mutations until `n` of them hit restated figures (every mutation drawn is scored and reported)."""
    rng = random.Random(seed)
    mentions = document_facts(document)
    texts = {page.number: normalize(page.text).text for page in document.pages}
    candidates = population(document, mentions)
    clusters: dict[tuple[str, float], list[Fact]] = defaultdict(list)
    for m in candidates:
        clusters[_key(m)].append(m)
    oracle = {id(m): restated(texts, m, clusters[_key(m)]) for m in candidates}
    baseline = run_check([document])
    baseline_detecting = [f for f in baseline.findings if f.kind in DETECTING]
    outcomes: list[Outcome] = []
    order = list(candidates)
    rng.shuffle(order)
    seen: set[tuple[int, int, str]] = set()
    attempts = 0
    while sum(o.mutation.restated for o in outcomes) < n and attempts < 20 * n:
        attempts += 1
        m = order[attempts % len(order)] if attempts >= len(order) else order[attempts - 1]
        mutation = mutate(document.page(m.page).text, m, rng, oracle[id(m)])
        if mutation is None or (mutation.page, mutation.start, mutation.replacement) in seen:
            continue
        seen.add((mutation.page, mutation.start, mutation.replacement))
        outcomes.append(score(run_check([apply(document, mutation)]), mutation))
    return _report(outcomes, baseline, baseline_detecting, len(candidates), sum(oracle.values()), n, seed)


def _recall(outcomes: list[Outcome]) -> float | None:
    return round(sum(o.detected for o in outcomes) / len(outcomes), 4) if outcomes else None


def _report(outcomes: list[Outcome], baseline: CheckResult, baseline_detecting: list[Any], population_size: int,
            restated_size: int, n: int, seed: int) -> dict[str, Any]:
    restated_outcomes = [o for o in outcomes if o.mutation.restated]
    by_kind = {kind: {"n": sum(o.mutation.kind == kind for o in restated_outcomes),
                      "recall": _recall([o for o in restated_outcomes if o.mutation.kind == kind])}
               for kind in KINDS}
    return {
        "seed": seed, "n_requested": n,
        "population": {"occurrences": population_size, "restated": restated_size},
        "recall_restated": _recall(restated_outcomes), "n_restated": len(restated_outcomes),
        "exact_restated": _recall([replace(o, detected=o.exact) for o in restated_outcomes]),
        "recall_all": _recall(outcomes), "n_all": len(outcomes),
        "by_kind_restated": by_kind,
        "false_alarm_runs": sum(o.other_findings > len(baseline_detecting) for o in outcomes),
        "unmodified": {"findings_by_kind": baseline.by_kind(),
                       "findings": [f.to_dict() for f in baseline.findings]},
        "missed_restated": [asdict(o.mutation) for o in restated_outcomes if not o.detected],
        "mutations": [{**asdict(o.mutation), "detected": o.detected, "exact": o.exact} for o in outcomes],
        "kinds_drawn": dict(Counter(o.mutation.kind for o in outcomes)),
    }


def main(argv: list[str] | None = None) -> int:
    """`python eval/mutation.py --n 200 --seed 0`: writes a run folder under eval/runs/, prints recall."""
    import argparse
    import sys
    import time
    from pathlib import Path

    from esgqa.ingest.loader import bundled_report, load_sources

    parser = argparse.ArgumentParser(prog="eval/mutation.py", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="mutations of restated figures to score (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", type=Path, default=None, help="report to mutate (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output file (default: mutation.json in a new run folder under eval/runs/)")
    args = parser.parse_args(argv)
    document = load_sources([args.source or bundled_report()]).documents[0]
    started = time.perf_counter()
    report = run_mutations(document, n=args.n, seed=args.seed)
    report["seconds"] = round(time.perf_counter() - started, 1)
    from esgqa.eval.runs import new_run_folder, write_json

    out = write_json(args.out or new_run_folder("mutation") / "mutation.json", report)
    print(f"recall (restated figures): {report['recall_restated']} over {report['n_restated']} mutations, "
          f"seed {args.seed}; recall (all): {report['recall_all']} over {report['n_all']}; "
          f"false-alarm runs: {report['false_alarm_runs']}; {report['seconds']} s -> {out}", flush=True)
    for kind, row in report["by_kind_restated"].items():
        print(f"  {kind:<10} n={row['n']:<4} recall={row['recall']}", file=sys.stderr)
    return 0
