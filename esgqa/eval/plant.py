"""Planted inconsistencies: copies of a report in which one stated growth rate, share or total is changed so that
the report's own figures contradict it, and whether the sweep reports the changed figure.

The relations come from the report's relation list (`eval/<report>/relations.jsonl`), written by reading the
report, not by esgqa: every relation that holds there is a place where a changed figure is a real inconsistency.
A plant changes the stated figure by 2-10% (its digits as written, its decimals kept); it is found when a
`contradiction` or `arithmetic` finding cites the changed figure itself.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from esgqa.factcheck.check import CheckResult, run_check
from esgqa.factcheck.findings import ARITHMETIC, CONTRADICTION
from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.ingest.model import Document, Table, TableRow, make_document

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
PLANTED_KINDS = ("growth", "pp_change", "share", "total", "quarter_sum", "balance", "difference")


@dataclass(frozen=True)
class Plant:
    page: int
    start: int  # span in the page's prose (a table cell: -1)
    end: int
    original: str
    replacement: str
    kind: str
    number: str  # the figure changed, as the report writes it
    table: int = -1  # a table cell: its table on the page, data row and column
    row: int = -1
    column: int = -1


def apply_plant(document: Document, plant: Plant) -> Document:
    """The document with the planted figure in place of the original (prose span or table cell)."""
    pages = list(document.pages)
    page = pages[plant.page - 1]
    if plant.row < 0:
        prose = page.prose
        changed = prose[: plant.start] + plant.replacement + prose[plant.end :]
        page = replace(page, body=changed) if page.body is not None else replace(page, text=changed)
    else:
        page = replace(page, tables=tuple(_with_cell(t, plant) if t.index == plant.table else t
                                          for t in page.tables))
    pages[plant.page - 1] = page
    return make_document(document.title, document.source, pages, list(document.warnings))


def _with_cell(table: Table, plant: Plant) -> Table:
    rows: list[TableRow] = []
    data = -1
    for row in table.rows:
        if row.kind == "data":
            data += 1
            if data == plant.row:
                cells = list(row.cells)
                cells[plant.column] = plant.replacement
                row = replace(row, cells=tuple(cells))
        rows.append(row)
    return replace(table, rows=tuple(rows))


def plant_found(result: CheckResult, plant: Plant) -> bool:
    """Whether a contradiction or arithmetic finding cites the planted figure itself."""
    for finding in result.findings:
        if finding.kind not in (CONTRADICTION, ARITHMETIC):
            continue
        for m in finding.mentions:
            if m.page != plant.page:
                continue
            if plant.row >= 0 and m.table is not None and (m.table.index, m.table.row_index, m.table.column_index) \
                    == (plant.table, plant.row, plant.column):
                return True
            if plant.row < 0 and m.table is None and m.start <= plant.start + 1 and m.end >= plant.start:
                return True
    return False


def _value(text: str) -> float | None:
    match = _NUMBER.search(text.replace("−", "-"))
    return abs(float(match.group().replace(",", "").lstrip("-"))) if match else None


def stated_fact(relation: dict[str, Any], facts: list[Fact]) -> Fact | None:
    """The fact the relation's stated figure is: same page, same value, the one its evidence points to."""
    value = _value(str(relation.get("stated", "")))
    if value is None:
        return None
    on_page = [f for f in facts if f.page == relation.get("page") and abs(abs(f.quantity.value) - value) < 1e-9]
    if not on_page:
        return None
    words = " ".join(relation.get("evidence") or [])
    numbers = set(_NUMBER.findall(words))

    def fit(f: Fact) -> int:
        context = f.sentence if f.table is None else f.sentence + f.table.row
        return sum(n in context for n in numbers) + (f.table is not None and f.table.row[:4] in words)

    return max(on_page, key=fit)


def plant_for(document: Document, fact: Fact, rng: random.Random, kind: str) -> Plant | None:
    raw = fact.raw if fact.table is not None else document.page(fact.page).prose[fact.start : fact.end]
    match = re.search(r"\d[\d,]*(?:\.\d+)?", raw)
    if match is None:
        return None
    number = match.group()
    digits = number.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits)
    if not value:
        return None
    new_value = value * (1 + rng.choice((-1, 1)) * rng.uniform(0.02, 0.10))
    text = f"{new_value:,.{decimals}f}" if "," in number else f"{new_value:.{decimals}f}"
    if text == number:
        return None
    cell = (fact.table.index, fact.table.row_index, fact.table.column_index) if fact.table is not None else (-1, -1, -1)
    return Plant(fact.page, fact.start, fact.end, raw, raw.replace(number, text, 1), kind, fact.text, *cell)


def load_relations(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_plants(document: Document, relations: list[dict[str, Any]], seed: int = 0,
               kinds: tuple[str, ...] = PLANTED_KINDS, limit: int | None = None) -> dict[str, Any]:
    """Plant each holding relation's stated figure in turn (one copy of the report each) and score it."""
    rng = random.Random(seed)
    facts = document_facts(document)
    chosen = [r for r in relations if r.get("holds") and r.get("kind") in kinds]
    rng.shuffle(chosen)
    outcomes: list[dict[str, Any]] = []
    unplaced: list[str] = []
    for relation in chosen[: limit or len(chosen)]:
        fact = stated_fact(relation, facts)
        plant = plant_for(document, fact, rng, str(relation["kind"])) if fact is not None else None
        if plant is None:
            unplaced.append(str(relation.get("id")))
            continue
        found = plant_found(run_check([apply_plant(document, plant)]), plant)
        outcomes.append({"relation": relation.get("id"), "statement": relation.get("statement"), **asdict(plant),
                         "found": found})
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        by_kind[o["kind"]].append(o["found"])
    return {"seed": seed, "n": len(outcomes), "found": _share([o["found"] for o in outcomes]),
            "by_kind": {k: {"n": len(v), "found": _share(v)} for k, v in sorted(by_kind.items())},
            "unplaced": unplaced, "plants": outcomes}


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


__all__ = ["PLANTED_KINDS", "Plant", "apply_plant", "load_relations", "plant_found", "run_plants", "stated_fact"]
