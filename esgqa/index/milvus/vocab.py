"""Term frequencies and postings from Milvus, for planning a question.

The planner asks how many chunks hold a term (to weigh it, and to keep only terms the reports use) and, for an
English question's dictionary look-ups, which chunks hold it. Frequencies are kept per report in
`esgqa_terms` and summed over the shelf's reports by key look-ups; postings come from the engine's inverted
index (TEXT_MATCH over the chunks' tokens).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.index.milvus import client as mc

POSTINGS_LIMIT = 16_384  # Milvus's largest query result


class LazyFrequencies(Mapping[str, int]):
    """Term -> chunks holding it, over the shelf; a term not fetched yet reads as 0 and is remembered as asked,
    so a planner can be run again once `fetch_asked` has fetched what it asked for."""

    def __init__(self, client: Any, doc_ids: list[str]) -> None:
        self._client = client
        self._doc_ids = doc_ids
        self._known: dict[str, int] = {}
        self._asked: set[str] = set()

    def __getitem__(self, term: str) -> int:
        found = self._known.get(term)
        if found is None:
            self._asked.add(term)
            raise KeyError(term)
        if not found:
            raise KeyError(term)
        return found

    def __iter__(self) -> Iterator[str]:
        return (term for term, df in self._known.items() if df)

    def __len__(self) -> int:
        return sum(1 for df in self._known.values() if df)

    def fetch(self, terms: Iterable[str]) -> bool:
        """Fetch the frequencies of `terms` not known yet; whether there were any."""
        missing = [t for t in dict.fromkeys(terms) if t not in self._known]
        if missing:
            self._known.update(mc.get_terms(self._client, self._doc_ids, missing))
        self._asked.difference_update(self._known)
        return bool(missing)

    def fetch_asked(self) -> bool:
        """Fetch what was asked for and not known; whether anything was."""
        asked, self._asked = list(self._asked), set()
        return self.fetch(asked)


def postings_of(client: Any, term: str) -> npt.NDArray[np.int64]:
    """Rows of the chunks holding `term`, sorted (at most POSTINGS_LIMIT)."""
    found = client.query(mc.CHUNKS, filter=f"TEXT_MATCH(tokens, '{mc.term_id(term)}')", output_fields=["row"],
                         limit=POSTINGS_LIMIT)
    return np.asarray(sorted(int(r["row"]) for r in found), dtype=np.int64)


__all__ = ["LazyFrequencies", "postings_of"]
