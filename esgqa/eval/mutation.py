"""Self-evaluation of the fact-check by mutation: plant one wrong figure, see whether the sweep flags its page.

A mutation changes one occurrence of a figure the report states on two or more pages, in prose or in a table
cell, to a plausible wrong value of one kind: two neighbouring digits swapped ("swap"), the decimal point moved
("tenfold": 36.3 -> 3.63), one step in the last place ("plusminus"), another scale word ("scale": 万 <-> 亿,
吨 -> 万吨), or a bound changed ("bound": 超2,300万 -> 超2,370万). It is detected when the mutated page is in a
`contradiction` or `arithmetic` finding; "exact" when the finding cites the mutated figure itself.

Recall counts mutations of "restated" occurrences: the report states the same metric elsewhere, judged by a rule
that does not use the checker's labels (another occurrence of the same figure shares at least two character
bigrams of the words around it, or it is an infographic callout on a page whose prose states the figure). Only
there does a mutation leave the report self-contradictory; "30%" of board seats and "30%" of the planet's land
can be changed apart without any inconsistency a reader could see. A zero has no scale word or decimal point
to move: "0 万元" as "0 亿元" is the same nothing, so zeros get no "scale" or "tenfold" mutation.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from typing import Any

from esgqa.eval.plant import Plant, apply_plant, plant_found
from esgqa.factcheck.check import CheckResult, run_check
from esgqa.factcheck.findings import ARITHMETIC, CONTRADICTION
from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.ingest.model import Document
from esgqa.ingest.normalize import normalize

KINDS = ("swap", "tenfold", "plusminus", "scale", "bound")
DETECTING = (CONTRADICTION, ARITHMETIC)
_SCALE_SWAP = {"万": "亿", "亿": "万", "千": "万"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Mutation(Plant):
    restated: bool = False


@dataclass
class Outcome:
    mutation: Mutation
    detected: bool  # the mutated page is in a contradiction or arithmetic finding
    exact: bool  # ... and the finding cites the mutated figure itself
    other_findings: int  # contradiction/arithmetic findings that do not involve the mutated page


def population(document: Document, mentions: list[Fact] | None = None) -> list[Fact]:
    """Occurrences of figures stated on two or more pages (bare small integers and ranges excluded)."""
    mentions = mentions if mentions is not None else document_facts(document)
    pages: dict[tuple[str, float], set[int]] = defaultdict(set)
    for m in mentions:
        if not m.identifier_like and not m.in_range:
            pages[_key(m)].add(m.page)
    return [m for m in mentions if not m.identifier_like and not m.in_range and len(pages[_key(m)]) >= 2]


def _key(m: Fact) -> tuple[str, float]:
    return (m.family, float(f"{abs(m.quantity.base_value):.9g}"))


_NON_WORD = re.compile(r"[\d\s.,%，。、；：:;（）()“”\"'《》\-—/]+")


def _bigrams(text: str) -> set[str]:
    words = _NON_WORD.sub(" ", text).split()
    return {w[i : i + 2] for w in words for i in range(len(w) - 1)}


def _window(texts: dict[int, str], m: Fact, before: int = 12, after: int = 8) -> set[str]:
    """Character bigrams of the words right around a figure (its sentence only), or of a cell's row label."""
    if m.table is not None:
        return _bigrams(m.table.row)
    text = texts[m.page]
    start, end = m.quantity.start, m.quantity.end
    left = re.split(r"[。；！？\n]", text[max(0, start - before) : start])[-1]
    right = re.split(r"[。；！？\n]", text[end : end + after])[0]
    return _bigrams(f"{left} {right}")


def restated(texts: dict[int, str], m: Fact, cluster: list[Fact]) -> bool:
    """The oracle: does the report state this occurrence's metric somewhere else (see the module docstring)?"""
    own = _window(texts, m)
    for other in cluster:
        if other is m or (other.table is not None and m.table is not None and other.page == m.page
                          and other.table.index == m.table.index):
            continue  # two cells of one table are two entries, not a restatement
        if other.page == m.page and (m.callout or other.callout) and (other.callout != m.callout):
            return True
        if len(own & _window(texts, other)) >= 2:
            return True
    return False


def _format_like(template: str, value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}" if "," in template else f"{value:.{decimals}f}"


def _raw(document: Document, m: Fact) -> str:
    return m.raw if m.table is not None else document.page(m.page).prose[m.start : m.end]


def mutate(document: Document, m: Fact, rng: random.Random, restated_flag: bool,
           kind: str | None = None) -> Mutation | None:
    """One plausible wrong value for `m` (of `kind`, or of a kind drawn among those that apply)."""
    raw = _raw(document, m)
    match = _NUMBER.search(raw)
    if match is None:
        return None
    kinds = [kind] if kind else [k for k in KINDS if applicable(k, m)]
    rng.shuffle(kinds)
    for chosen in kinds:
        new_raw = _apply_kind(chosen, raw, match.group(), m, rng)
        if new_raw is not None and new_raw != raw:
            cell = (m.table.index, m.table.row_index, m.table.column_index) if m.table is not None else (-1, -1, -1)
            return Mutation(m.page, m.start, m.end, raw, new_raw, chosen, m.text, *cell, restated=restated_flag)
    return None


def applicable(kind: str, m: Fact) -> bool:
    if kind in ("scale", "tenfold") and not m.quantity.value:
        return False  # "0 万元" as "0 亿元" is still nothing: no reader could see a change
    if kind == "bound":
        return m.qualifier in ("lower", "upper") and m.table is None
    if kind == "scale":
        return m.table is None and any(w in m.quantity.unit for w in ("万", "亿", "千", "吨"))
    return True


def _apply_kind(kind: str, raw: str, number: str, m: Fact, rng: random.Random) -> str | None:
    digits = number.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
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
    if kind == "tenfold":
        if decimals == 0 and value < 10:
            return None
        factor = rng.choice((10.0, 0.1)) if decimals else 0.1
        new_decimals = decimals + 1 if factor < 1 else max(decimals - 1, 0)
        return raw.replace(number, _format_like(number, value * factor, new_decimals), 1)
    if kind == "plusminus":
        step = 10.0 ** -decimals
        new_value = value + rng.choice((step, -step))
        return raw.replace(number, _format_like(number, new_value if new_value > 0 else value + step, decimals), 1)
    if kind == "bound":  # "超 2,300 万" -> "超 2,370 万": a bound that no longer admits the other figures
        new_value = value * rng.choice((1.03, 0.97))
        return raw.replace(number, _format_like(number, new_value, decimals), 1)
    if kind == "scale":
        position = raw.index(number) + len(number)
        after = raw[position:]
        for old, new in _SCALE_SWAP.items():
            if old in after:
                return raw[:position] + after.replace(old, new, 1)
        if after.strip().startswith("吨"):
            return raw[:position] + after.replace("吨", "万吨", 1)
    return None


def apply(document: Document, mutation: Mutation) -> Document:
    return apply_plant(document, mutation)


def score(result: CheckResult, mutation: Mutation) -> Outcome:
    detecting = [f for f in result.findings if f.kind in DETECTING]
    on_page = [f for f in detecting if mutation.page in f.pages]
    return Outcome(mutation, bool(on_page), plant_found(result, mutation), len(detecting) - len(on_page))


def run_mutations(document: Document, n: int = 200, seed: int = 0) -> dict[str, Any]:
    """Plant mutations until `n` of them hit restated figures, kinds drawn in turn (every draw is scored)."""
    rng = random.Random(seed)
    mentions = document_facts(document)
    texts = {page.number: normalize(page.prose).text for page in document.pages}
    candidates = population(document, mentions)
    clusters: dict[tuple[str, float], list[Fact]] = defaultdict(list)
    for m in candidates:
        clusters[_key(m)].append(m)
    oracle = {id(m): restated(texts, m, clusters[_key(m)]) for m in candidates}
    by_kind = {kind: [m for m in candidates if oracle[id(m)] and applicable(kind, m)] for kind in KINDS}
    baseline = run_check([document])
    baseline_detecting = [f for f in baseline.findings if f.kind in DETECTING]
    outcomes: list[Outcome] = []
    seen: set[tuple[int, int, int, str]] = set()
    attempts = 0
    kinds = [k for k in KINDS if by_kind[k]]
    while len(outcomes) < n and attempts < 20 * n and kinds:
        kind = kinds[attempts % len(kinds)]
        attempts += 1
        m = rng.choice(by_kind[kind])
        mutation = mutate(document, m, rng, True, kind)
        if mutation is None or (mutation.page, mutation.start, mutation.row, mutation.replacement) in seen:
            continue
        seen.add((mutation.page, mutation.start, mutation.row, mutation.replacement))
        outcomes.append(score(run_check([apply(document, mutation)]), mutation))
    return _report(outcomes, baseline, baseline_detecting, len(candidates), sum(oracle.values()), n, seed)


def _recall(outcomes: list[Outcome]) -> float | None:
    return round(sum(o.detected for o in outcomes) / len(outcomes), 4) if outcomes else None


def _report(outcomes: list[Outcome], baseline: CheckResult, baseline_detecting: list[Any], population_size: int,
            restated_size: int, n: int, seed: int) -> dict[str, Any]:
    def rows(key: Any) -> dict[str, dict[str, Any]]:
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in outcomes:
            groups[key(o)].append(o)
        return {name: {"n": len(g), "recall": _recall(g), "exact": _recall([replace(o, detected=o.exact) for o in g])}
                for name, g in sorted(groups.items())}

    return {
        "seed": seed, "n_requested": n,
        "population": {"occurrences": population_size, "restated": restated_size},
        "recall": _recall(outcomes), "n": len(outcomes),
        "exact": _recall([replace(o, detected=o.exact) for o in outcomes]),
        "by_kind": rows(lambda o: o.mutation.kind),
        "by_source": rows(lambda o: "table" if o.mutation.row >= 0 else "prose"),
        "false_alarm_runs": sum(o.other_findings > len(baseline_detecting) for o in outcomes),
        "unmodified": {"findings_by_kind": baseline.by_kind()},
        "missed": [asdict(o.mutation) for o in outcomes if not o.detected],
        "mutations": [{**asdict(o.mutation), "detected": o.detected, "exact": o.exact} for o in outcomes],
        "kinds_drawn": dict(Counter(o.mutation.kind for o in outcomes)),
    }


__all__ = ["KINDS", "Mutation", "Outcome", "apply", "mutate", "population", "restated", "run_mutations", "score"]
