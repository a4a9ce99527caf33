"""What planning a question needs from the corpus, as one small object built when an index is opened.

Term document frequencies and postings (which chunks hold a term: from the lexical index's own matrix, so a
co-occurrence count is a set intersection, not a scan of every chunk), the names of each report's entity,
and each report's own period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from esgqa.facts.context import PeriodResolver
from esgqa.facts.entity import SELF, SELF_EN, Entity
from esgqa.facts.period import ReportPeriod
from esgqa.query.terms import stem

Postings = Callable[[str], npt.NDArray[np.int64]]


@dataclass
class Vocabulary:
    frequencies: Mapping[str, int]  # term -> number of chunks holding it
    total: int  # chunks
    postings: Postings  # term -> sorted ids of the chunks holding it
    entities: tuple[Entity, ...] = ()
    periods: tuple[ReportPeriod, ...] = ()
    _aliases: frozenset[str] | None = field(default=None, repr=False)
    _english: bool | None = field(default=None, repr=False)

    def df(self, term: str) -> int:
        """Chunks holding `term`; a Latin word is also looked up in its index form ("emissions" → "emiss")."""
        found = self.frequencies.get(term, 0)
        return found or self.frequencies.get(stem(term.lower()), 0) if term.isascii() else found

    @property
    def english(self) -> bool:
        """The index is mostly English: its distinct Latin words outnumber its Chinese ones."""
        if self._english is None:
            latin = sum(1 for t in self.frequencies if t[:1].isascii() and t[:1].isalpha())
            cjk = sum(1 for t in self.frequencies if "\u4e00" <= t[:1] <= "\u9fff")
            self._english = latin > cjk
        return self._english

    @property
    def aliases(self) -> frozenset[str]:
        """Every name of every report's entity, and the words reports use for themselves (lower-cased)."""
        if self._aliases is None:
            names = {a.lower() for e in self.entities for a in e.aliases}
            self._aliases = frozenset({*names, *SELF, *SELF_EN})
        return self._aliases

    def resolver(self) -> PeriodResolver:
        """Periods resolved against the report's own (the first report's when several are indexed)."""
        own = next((p for p in self.periods if p.key), None)
        return PeriodResolver(own.key if own else None, own.as_of if own else None)

    def chunks_with_all(self, terms: Iterable[str]) -> npt.NDArray[np.int64]:
        result: npt.NDArray[np.int64] | None = None
        for term in terms:
            ids = self.postings(term)
            result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
            if result.size == 0:
                break
        return result if result is not None else np.zeros(0, dtype=np.int64)

    def chunks_with_any(self, terms: Iterable[str]) -> npt.NDArray[np.int64]:
        parts = [self.postings(t) for t in terms]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        joined = np.concatenate(parts)
        if joined.size and int(joined.max()) < 4 * max(self.total, 1):  # row ids: a mask, not a sort
            mask = np.zeros(int(joined.max()) + 1, dtype=bool)
            mask[joined] = True
            return np.flatnonzero(mask).astype(np.int64)
        return np.unique(joined)


__all__ = ["Postings", "Vocabulary"]
