"""Inner-product search over normalised vectors (cosine), with stable int64 chunk ids.

Up to `EXACT_MAX` chunks the index is flat and fusion gets every chunk's exact similarity from one
matrix-vector product (at 87k chunks, a shelf of 100 reports, a few milliseconds). Past it, reading every
vector per question costs more than the query budget, so the index is IVF-Flat (about 4·√n lists, an eighth
of them probed): fusion then gets exact similarities for the IVF neighbours and for the lexical side's best
chunks, and the median similarity (fusion's floor) from a fixed sample of stored vectors; every other chunk
scores that floor, which fusion scales to zero. IVF rather than HNSW: a shelf repeats text (a company's
yearly reports share paragraphs), and HNSW's graph degrades over duplicate vectors where IVF's lists do not
(measured in docs/scale.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.errors import IndexError_
from esgqa.index.encoders import Vectors

EXACT_MAX = 200_000  # chunks; see docs/scale.md for the measured cost of exact scores per question
NEIGHBOURS = 256  # IVF neighbours scored exactly per question
FLOOR_SAMPLE = 4096  # stored vectors the median similarity is estimated from


class DenseIndex:
    def __init__(self, index: Any, dim: int) -> None:
        self._index = index
        self.dim = dim
        self._flat: Vectors | None = None  # the vectors in id order, read once for `all_scores`
        self._approximate: bool | None = None
        self._sample: Vectors | None = None  # the stored vectors fusion's floor is estimated from

    @classmethod
    def build(cls, vectors: Vectors, ids: npt.NDArray[np.int64] | None = None,
              exact_max: int | None = None) -> DenseIndex:
        import faiss

        dim = int(vectors.shape[1])
        inner: Any
        if vectors.shape[0] <= (EXACT_MAX if exact_max is None else exact_max):
            inner = faiss.IndexFlatIP(dim)
        else:
            lists = max(1, int(4 * np.sqrt(vectors.shape[0])))
            inner = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
            rng = np.random.default_rng(0)
            train = vectors[rng.choice(len(vectors), size=min(len(vectors), 64 * lists), replace=False)]
            inner.train(np.ascontiguousarray(train, dtype=np.float32))
            inner.nprobe = max(1, lists // 8)
        index = faiss.IndexIDMap2(inner)
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

    @property
    def approximate(self) -> bool:
        if self._approximate is None:
            import faiss

            inner = faiss.downcast_index(self._index.index)
            self._approximate = isinstance(inner, faiss.IndexIVF)
            if self._approximate:
                inner.make_direct_map()  # type: ignore[attr-defined]  # rows by id, for exact similarities
        return self._approximate

    def all_scores(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Inner product of `query` with every stored vector, in id order: one matrix-vector product over the
        index's own storage (no copy, no ranking)."""
        if self._flat is None:
            self._flat = self._matrix()
        return np.asarray(self._flat @ np.asarray(query, dtype=np.float32), dtype=np.float32)

    def fusion_scores(self, query: npt.NDArray[np.float32], rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        """What fusion needs of the dense side, in id order: exact similarities everywhere (flat), or exact ones
        for the IVF neighbours and `rows` and the estimated median elsewhere (IVF)."""
        if not self.approximate:
            return self.all_scores(query)
        query = np.asarray(query, dtype=np.float32)
        n = self.size
        if self._sample is None:
            picked = np.unique(np.random.default_rng(0).integers(0, n, size=min(n, FLOOR_SAMPLE)))
            self._sample = self._rows(picked)
        out = np.full(n, float(np.median(self._sample @ query)), dtype=np.float32)
        scores, ids = self._index.search(query[None, :], min(NEIGHBOURS, n))
        found = ids[0] >= 0
        out[ids[0][found]] = scores[0][found]
        extra = np.setdiff1d(np.asarray(rows, dtype=np.int64), ids[0][found])
        if extra.size:
            out[extra] = self._rows(extra) @ query
        return out

    def _rows(self, ids: npt.NDArray[np.int64]) -> Vectors:
        return np.stack([self._index.reconstruct(int(i)) for i in ids]).astype(np.float32)

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

        try:
            index = faiss.read_index(str(path))
        except RuntimeError:  # FAISS's message names C++ functions and source lines: not for a user
            raise IndexError_(f"{path}: truncated or corrupt (FAISS cannot read it)") from None
        return cls(index, int(index.d))
