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

    def vectors(self) -> Vectors:
        """Every stored vector, in id order (ids are chunk rows): to keep an unchanged chunk's vector."""
        index = self._index
        ids = np.array([index.id_map.at(i) for i in range(index.ntotal)], dtype=np.int64) if index.ntotal else \
            np.zeros(0, dtype=np.int64)
        flat = index.index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, self.dim), np.float32)
        return np.asarray(flat[np.argsort(ids)], dtype=np.float32)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        return cls(index, int(index.d))
