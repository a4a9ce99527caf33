"""Term frequencies and postings from Milvus, for planning a question.

The planner asks how many chunks hold a term (to weigh it, and to keep only terms the reports use) and, for an
English question's dictionary look-ups, which chunks hold it (co-occurrence counts). Each report's postings
are kept per term in `esgqa_terms` and read by key, for the question's terms only. The engine's TEXT_MATCH
would answer the same from its inverted index on a server, but Milvus Lite evaluates it by tokenising every
row (about 45 ms a call on one report), and its results stop at 16,384 rows where a shelf's common terms
have more.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.index.milvus import client as mc

ORDINAL_BITS = 24  # a posting is (report position << 24) | the chunk's ordinal in its report
CACHE_TERMS = 50_000


class LazyFrequencies(Mapping[str, int]):
    """Term -> chunks holding it, over the shelf; a term not fetched yet reads as 0 and is remembered as asked,
    so a planner can be run again once `fetch_asked` has fetched what it asked for."""

    def __init__(self, client: Any, doc_ids: list[str]) -> None:
        self._client = client
        self._doc_ids = doc_ids
        self._postings: dict[str, npt.NDArray[np.int64]] = {}
        self._asked: set[str] = set()

    def __getitem__(self, term: str) -> int:
        found = self._postings.get(term)
        if found is None:
            self._asked.add(term)
            raise KeyError(term)
        if not found.size:
            raise KeyError(term)
        return int(found.size)

    def __iter__(self) -> Iterator[str]:
        return (term for term, rows in self._postings.items() if rows.size)

    def __len__(self) -> int:
        return sum(1 for rows in self._postings.values() if rows.size)

    def fetch(self, terms: Iterable[str]) -> bool:
        """Fetch the postings of `terms` not known yet; whether there were any."""
        missing = [t for t in dict.fromkeys(terms) if t not in self._postings]
        if missing:
            if len(self._postings) > CACHE_TERMS:
                self._postings.clear()
            for term, parts in mc.get_terms(self._client, self._doc_ids, missing).items():
                ids = [(position << ORDINAL_BITS) | ordinal for position, ordinals in parts for ordinal in ordinals]
                self._postings[term] = np.asarray(sorted(ids), dtype=np.int64)
        self._asked.difference_update(self._postings)
        return bool(missing)

    def fetch_asked(self) -> bool:
        """Fetch what was asked for and not known; whether anything was."""
        asked, self._asked = list(self._asked), set()
        return self.fetch(asked)

    def postings(self, term: str) -> npt.NDArray[np.int64]:
        """Sorted ids of the chunks holding `term` (ids the planner only intersects and counts)."""
        self.fetch([term])
        return self._postings[term]


__all__ = ["LazyFrequencies"]
