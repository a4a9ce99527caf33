"""The mention: one number of a report with everything read around it (shared by the fact-check modules)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from esgqa.numbers import SCALES, Quantity

NUMBER_MARK = "#"  # stands in a label for a figure its words run past


@dataclass
class Mention:
    doc: str
    page: int
    quantity: Quantity  # spans index the page's normalised text
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

    @property
    def text(self) -> str:
        """The figure as a reader writes it: "468.1万吨", "超7,000万个"."""
        number = re.sub(r"[^\d.,]", "", self.quantity.raw.split(self.quantity.unit[:1])[0]) if self.quantity.unit \
            else re.sub(r"[^\d.,]", "", self.quantity.raw)
        return f"{number}{self.quantity.unit}"

    @property
    def family(self) -> str:
        return self.quantity.base_unit or self.unit_hint

    @property
    def identifier_like(self) -> bool:
        """A bare small integer (footnote, list number, product name): never a headline figure."""
        q = self.quantity
        return not q.unit and not self.unit_hint and "." not in q.raw and "," not in q.raw and q.value < 1000

    def to_dict(self) -> dict[str, Any]:
        """Everything read about the number (for `esgqa check --mentions`)."""
        q = self.quantity
        scale = next((s for s in SCALES if q.unit.startswith(s)), "")
        return {"page": self.page, "raw": self.raw, "start": self.start, "end": self.end, "text": self.text,
                "value": q.value, "unit": q.unit, "scale": scale, "base_value": q.base_value, "base_unit": self.family,
                "qualifier": self.qualifier or None, "qualifier_text": self.qualifier_text or None,
                "change": self.change or None, "period": self.period, "period_key": self.period_key,
                "metric": self.label.replace(NUMBER_MARK, "…").strip("…"), "subject": self.topic or None,
                "scope": sorted(self.tags), "callout": self.callout, "sentence": self.sentence}

