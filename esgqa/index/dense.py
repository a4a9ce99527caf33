"""Exact inner-product search over normalised vectors (cosine), with stable int64 chunk ids.

Exact search is the right default at report scale (a few thousand chunks search in well under 1 ms);
the ids let a larger index swap in an approximate FAISS index without changing callers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.index.encoders import Vectors


class DenseIndex:
    def __init__(self, index: Any, dim: int) -> None:
        self._index = index
        self.dim = dim
        self._flat: Vectors | None = None  # the vectors in id order, read once for `all_scores`

    @classmethod
    def build(cls, vectors: Vectors, ids: npt.NDArray[np.int64] | None = None) -> DenseIndex:
        import faiss

        dim = int(vectors.shape[1])
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        if ids is None:
            ids = np.arange(vectors.shape[0], dtype=np.int64)
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
        return cls(index, dim)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: Vectors, k: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        """Scores and ids of the k nearest chunks for each query row; id -1 pads short results."""
        k = max(1, min(k, self.size))
        scores, ids = self._index.search(np.ascontiguousarray(query, dtype=np.float32), k)
        return scores, ids

    def all_scores(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Inner product of `query` with every stored vector, in id order: one matrix-vector product over the
        flat index's own storage (no copy, no ranking), which is what fusing with BM25 needs."""
        if self._flat is None:
            self._flat = self._matrix()
        return np.asarray(self._flat @ np.asarray(query, dtype=np.float32), dtype=np.float32)

    def _matrix(self) -> Vectors:
        """The flat index's storage as an (n, dim) array without a copy when its rows are in id order (as
        `build` makes them); else a copy in id order."""
        import faiss

        n = self.size
        inner = faiss.downcast_index(self._index.index)
        if n and isinstance(inner, faiss.IndexFlat) and np.array_equal(self._ids(), np.arange(n)):
            view = faiss.rev_swig_ptr(inner.get_xb(), n * self.dim)
            return np.asarray(view, dtype=np.float32).reshape(n, self.dim)
        return self.vectors()

    def _ids(self) -> npt.NDArray[np.int64]:
        import faiss

        return np.asarray(faiss.vector_to_array(self._index.id_map), dtype=np.int64)

    def vectors(self) -> Vectors:
        """Every stored vector, in id order (ids are chunk rows): to keep an unchanged chunk's vector."""
        index = self._index
        if not index.ntotal:
            return np.zeros((0, self.dim), np.float32)
        flat = index.index.reconstruct_n(0, index.ntotal)
        return np.asarray(flat[np.argsort(self._ids())], dtype=np.float32)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        return cls(index, int(index.d))
