"""Facts on disk: one JSON object per line (`facts.jsonl` in the index folder), read back without loss.

The line holds the public fields (`Fact.to_dict`: what `esgqa facts --json` prints) and, under "_", what the
readers need to use a fact again (the number's spans, the words around it, the table cell's position).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from esgqa.facts.model import Fact, TableRef
from esgqa.numbers import Quantity

_PUBLIC = {"doc_id", "page", "qualifier", "qualifier_text", "change", "period", "period_key", "scope", "raw", "start",
           "end", "sentence"}
_PRIVATE = [f.name for f in fields(Fact) if f.name not in _PUBLIC and f.name not in ("quantity", "table", "tags")]


def to_record(fact: Fact) -> dict[str, Any]:
    record = fact.to_dict()
    private = {name: getattr(fact, name) for name in _PRIVATE}
    private["quantity"] = asdict(fact.quantity)
    private["tags"] = sorted(fact.tags)
    if fact.table is not None:
        private["table"] = asdict(fact.table)
    record["_"] = private
    return record


def from_record(record: dict[str, Any]) -> Fact:
    private = dict(record["_"])
    quantity = Quantity(**private.pop("quantity"))
    table = TableRef(**private.pop("table")) if "table" in private else None
    tags = frozenset(private.pop("tags"))
    public = {name: record[name] for name in _PUBLIC}
    public["qualifier"] = public["qualifier"] or ""
    public["qualifier_text"] = public["qualifier_text"] or ""
    public["change"] = public["change"] or ""
    return Fact(quantity=quantity, table=table, tags=tags, **public, **private)


def fact_lines(facts: Iterable[Fact]) -> list[str]:
    """Facts as the lines `write_facts` writes (and `read_fact_lines` returns)."""
    return [json.dumps(to_record(fact), ensure_ascii=False) + "\n" for fact in facts]


def write_facts(path: Path, facts: Iterable[Fact | str]) -> int:
    """Write facts, one line each; a str is a line as `read_fact_lines` returned it, written unchanged."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for fact in facts:
            handle.write(fact if isinstance(fact, str) else json.dumps(to_record(fact), ensure_ascii=False) + "\n")
            count += 1
    return count


_DOC_ID = re.compile(r'\{"doc_id": ("(?:[^"\\]|\\.)*")')


def read_fact_lines(path: Path) -> dict[str, list[str]]:
    """The stored lines by document, not decoded: what a rebuild keeps of an unchanged report costs a copy, not
    a parse (`to_record` writes the document first)."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            found = _DOC_ID.match(line)
            doc_id = json.loads(found.group(1)) if found else json.loads(line)["doc_id"]
            out.setdefault(str(doc_id), []).append(line if line.endswith("\n") else line + "\n")
    return out


def read_facts(path: Path) -> Iterator[Fact]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield from_record(json.loads(line))


__all__ = ["from_record", "read_fact_lines", "read_facts", "to_record", "write_facts"]
