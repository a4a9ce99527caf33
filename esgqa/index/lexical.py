"""BM25 over chunk tokens with bm25s; saved as plain numpy arrays and JSON (`allow_pickle=False`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.query.terms import tokenize

log = logging.getLogger(__name__)


def _bm25s() -> Any:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
    return bm25s


class LexicalIndex:
    def __init__(self, retriever: object) -> None:
        self._retriever = retriever
        self._df: dict[str, int] | None = None

    @classmethod
    def build(cls, texts: list[str], tokens: list[list[str]] | None = None) -> LexicalIndex:
        """BM25 over `texts`, tokenised here unless their `tokens` are given (an update's unchanged chunks)."""
        retriever = _bm25s().BM25(k1=1.2, b=0.75)
        retriever.index(tokens if tokens is not None else [tokenize(t) for t in texts], show_progress=False)
        return cls(retriever)

    def scores(self, query_tokens: list[str]) -> npt.NDArray[np.float32]:
        """BM25 score of every chunk (0 where no query term occurs). Unknown terms are ignored."""
        vocab: dict[str, int] = self._retriever.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def document_frequencies(self) -> dict[str, int]:
        """Number of chunks containing each term (the column lengths of bm25s's CSC score matrix)."""
        if self._df is None:
            indptr = np.asarray(self._retriever.scores["indptr"])  # type: ignore[attr-defined]
            counts = np.diff(indptr)
            vocab: dict[str, int] = self._retriever.vocab_dict  # type: ignore[attr-defined]
            self._df = {term: int(counts[i]) for term, i in vocab.items() if i < len(counts)}
        return self._df

    def postings(self, term: str) -> npt.NDArray[np.int64]:
        """Ids of the chunks that hold `term` (a column of bm25s's CSC score matrix); empty if none do."""
        vocab: dict[str, int] = self._retriever.vocab_dict  # type: ignore[attr-defined]
        column = vocab.get(term)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        scores = self._retriever.scores  # type: ignore[attr-defined]
        indptr = scores["indptr"]
        return np.asarray(scores["indices"][indptr[column]: indptr[column + 1]], dtype=np.int64)

    @property
    def size(self) -> int:
        return int(self._retriever.scores["num_docs"])  # type: ignore[attr-defined]

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), allow_pickle=False, show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        retriever = _bm25s().BM25.load(str(folder), allow_pickle=False, mmap=False, show_progress=False)
        return cls(retriever)

