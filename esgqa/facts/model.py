"""The fact: one figure of a report with its place — value and unit, qualifier, period, metric label, subject,
scope, page, and the span of prose or the table cell it stands in.

One model for every reader of figures: the answerer matches questions to facts, the fact-check groups and
recomputes them, `esgqa facts` lists them. Facts are built once when a report is indexed and stored with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from esgqa.numbers import SCALES, Quantity

NUMBER_MARK = "#"  # stands in a label for a figure its words run past


@dataclass(frozen=True)
class TableRef:
    """Where a table fact stands: the table's caption, its row label and its column header."""

    title: str
    row: str
    column: str
    index: int = 0  # the table's position on its page
    row_index: int = 0  # the row's position in the table
    unit: str = ""  # the table's unit line ("元", "万元")
    subject: str = ""  # the note or section heading the table stands under ("其他应收款")
    continued: bool = False  # the table runs on from the previous page
    column_index: int = 0  # the column's position among the row's value columns

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "row": self.row, "column": self.column}


PROSE, TABLE, CALLOUT = "prose", "table", "callout"


@dataclass
class Fact:
    doc: str
    page: int
    quantity: Quantity  # spans index the page's normalised text (table facts: -1)
    start: int  # span in the page text as extracted
    end: int
    raw: str
    qualifier: str = ""  # "", "lower", "approx", "upper"
    qualifier_text: str = ""
    change: str = ""  # "" (a level), "up", "down"
    period: str | None = None  # as written
    period_raw: str | None = None  # key before resolution
    period_key: str = "current"
    label: str = ""
    tags: frozenset[str] = frozenset()
    topic: str = ""
    sentence: str = ""
    callout: bool = False
    in_range: bool = False
    unit_hint: str = ""  # unit borrowed from the caption a bare callout echoes
    index: int = 0  # position among the page's mentions
    line: int = 0
    echo: bool = False
    before: str = ""  # normalised text from the clause start to the number
    head: str = ""  # label words before the number
    tail: str = ""  # label words after it ("的员工为女性", "个品牌")
    sentence_start: int = 0  # identifies the sentence on its page
    notes: list[str] = field(default_factory=list)
    doc_id: str = ""
    table: TableRef | None = None
    scope: str | None = None  # 合并 (consolidated) or 母公司 (parent company) statements, a segment
    item: str = ""  # the numbered items a prose figure stands under ("cn:七/num:1"; `esgqa.facts.items`)

    @property
    def source(self) -> str:
        return TABLE if self.table is not None else CALLOUT if self.callout else PROSE

    @property
    def text(self) -> str:
        """The figure as a reader writes it: "468.1万吨", "超7,000万个", "75 million USD"."""
        unit = self.quantity.unit
        if unit[:1].isascii() and unit[:1].isalpha():  # English: "$75 million" reads "75 million USD"
            found = re.search(r"\d[\d,]*(?:\.\d+)?", self.quantity.raw)
            number, unit = (found.group() if found else ""), f" {unit}"
        elif unit:
            number = re.sub(r"[^\d.,]", "", self.quantity.raw.split(unit[:1])[0])
        else:
            number = re.sub(r"[^\d.,]", "", self.quantity.raw)
        sign = "-" if self.quantity.value < 0 else ""  # a table cell may be negative; prose states direction
        return f"{sign}{number}{unit}"

    @property
    def family(self) -> str:
        return self.quantity.base_unit or self.unit_hint

    @property
    def identifier_like(self) -> bool:
        """A bare small integer (footnote, list number, product name): never a headline figure."""
        q = self.quantity
        return not q.unit and not self.unit_hint and "." not in q.raw and "," not in q.raw and q.value < 1000

    @property
    def metric(self) -> str:
        """The label as a reader sees it ("…" where its words ran past another figure)."""
        return self.label.replace(NUMBER_MARK, "…").strip("…")

    def to_dict(self) -> dict[str, Any]:
        """Everything read about the figure (`esgqa facts --json`, `esgqa check --mentions`)."""
        q = self.quantity
        scale = next((s for s in SCALES if q.unit.startswith(s)), "")
        return {"doc_id": self.doc_id, "page": self.page, "value": q.value, "text": self.text, "unit": q.unit,
                "scale": scale, "base_value": q.base_value, "base_unit": self.family,
                "qualifier": self.qualifier or None, "qualifier_text": self.qualifier_text or None,
                "change": self.change or None, "period": self.period, "period_key": self.period_key,
                "label": self.metric, "subject": self.topic or None, "scope": self.scope,
                "tags": sorted(self.tags), "source": self.source,
                "table": self.table.to_dict() if self.table is not None else None,
                "raw": self.raw, "start": self.start, "end": self.end, "sentence": self.sentence}

