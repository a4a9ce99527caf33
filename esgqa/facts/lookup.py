"""Finding facts again: by page, by a prose figure's position, by a table's cells; loaded from an index once.

The answerer reads retrieved passages; this is how it knows what a number in them is (its period, whether it
is a change, its table row and column) without reading it a second way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from esgqa.facts.model import Fact


class FactIndex:
    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts: list[Fact] = []
        self._pages: dict[tuple[str, int], list[Fact]] = defaultdict(list)
        self._prose: dict[tuple[str, int, int], Fact] = {}
        self._tables: dict[tuple[str, int, int], list[Fact]] = defaultdict(list)
        self._documents: dict[str, list[Fact]] = defaultdict(list)  # a shelf's reports hold a million facts
        self.add(facts)

    def add(self, facts: Iterable[Fact]) -> None:
        """Index more facts (an index that reads one report's facts at a time adds them as it goes)."""
        for fact in facts:
            self.facts.append(fact)
            self._documents[fact.doc_id].append(fact)
            self._pages[(fact.doc_id, fact.page)].append(fact)
            if fact.table is not None:
                self._tables[(fact.doc_id, fact.page, fact.table.index)].append(fact)
            else:
                self._prose.setdefault((fact.doc_id, fact.page, fact.quantity.start), fact)

    def on_page(self, doc_id: str, page: int) -> list[Fact]:
        return self._pages.get((doc_id, page), [])

    def in_table(self, doc_id: str, page: int, table: int) -> list[Fact]:
        return self._tables.get((doc_id, page, table), [])

    def prose_at(self, doc_id: str, page: int, start: int, value: float) -> Fact | None:
        """The prose fact whose number starts at `start` of the page's normalised prose (a character or two of
        slack for a qualifier read into the number), if its value is `value`."""
        for offset in (0, -1, 1, -2, 2):
            fact = self._prose.get((doc_id, page, start + offset))
            if fact is not None and abs(fact.quantity.value - value) < 1e-9:
                return fact
        return None

    def of_document(self, doc_id: str) -> list[Fact]:
        return list(self._documents.get(doc_id, ()))


__all__ = ["FactIndex"]
