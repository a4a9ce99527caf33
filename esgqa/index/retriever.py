"""The folder backend: load an index folder and search it (`bm25`, `dense` or the fused `hybrid` ranking) with
every chunk's scores in memory."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from esgqa.errors import IndexError_, UsageError
from esgqa.facts.lookup import FactIndex
from esgqa.index import guard, store
from esgqa.index.dense import DenseIndex
from esgqa.index.encoders import Encoder
from esgqa.index.fusion import FusionParams, fuse
from esgqa.index.lexical import LexicalIndex
from esgqa.index.reader import MODES, Hit, IndexReader, Mode, report_names
from esgqa.index.textscan import TextScan
from esgqa.ingest.model import Chunk, Page
from esgqa.query.plan import QueryPlan
from esgqa.query.vocabulary import Vocabulary

LEXICAL_ROWS = 256  # on an approximate dense index: the BM25 best chunks whose similarity is computed exactly
# a question's numbers are looked for in every chunk up to SCAN_ALL chunks; past it (a shelf, where "2023" is in
# most chunks) in the NUMBER_ROWS best by the other signals, the only ones the number's bonus can lift to the top
SCAN_ALL, NUMBER_ROWS = 20_000, 2_000


class Retriever(IndexReader):
    def __init__(self, folder: Path, encoder: Encoder | None = None, fusion: FusionParams | None = None) -> None:
        start = time.perf_counter()
        self.folder = folder
        manifest = store.read_manifest(folder)
        guard.verify(folder, manifest)
        super().__init__(manifest, encoder, fusion)
        self.chunks, self._prepared = store.read_chunks(folder)
        self._pages, self._prepared_pages = store.read_pages(folder)
        try:
            self.dense = DenseIndex.load(folder / store.DENSE)
            self.lexical = LexicalIndex.load(folder / store.LEXICAL)
        except IndexError_ as exc:
            raise IndexError_(f"{exc}; {store.rebuild_hint(folder)}") from None
        except Exception as exc:  # a library's own message can run to several lines of C++: only its kind
            raise IndexError_(f"{folder}: broken index files ({type(exc).__name__}); "
                              f"{store.rebuild_hint(folder)}") from None
        if self.dense.size != len(self.chunks) or self.lexical.size != len(self.chunks):
            raise IndexError_(f"{folder}: index files disagree on the number of chunks; "
                              f"{store.rebuild_hint(folder)}")
        self._vocabulary: Vocabulary | None = None
        self._facts: FactIndex | None = None
        self._ocr_pages: frozenset[tuple[str, int]] | None = None
        self._by_page: dict[tuple[str, int], list[Chunk]] | None = None
        self._chunk_rows = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        page_ids = {key: i for i, key in enumerate(dict.fromkeys((c.doc_id, c.page) for c in self.chunks))}
        self._page_keys = np.array([page_ids[(c.doc_id, c.page)] for c in self.chunks], dtype=np.int64)
        positions = {str(d["doc_id"]): i for i, d in enumerate(self.manifest.documents)}
        self._doc_rows = np.array([positions.get(c.doc_id, -1) for c in self.chunks], dtype=np.int64)
        self._scan: TextScan | None = None
        self.load_seconds = time.perf_counter() - start

    def warm_up(self) -> None:
        """Also the number scan over every chunk's text (about 0.1 s at 87k chunks) and the facts."""
        super().warm_up()
        if self._scan is None:
            self._scan = TextScan(self._prepared)
        _ = self.facts

    @property
    def location(self) -> str:
        return str(self.folder)

    @property
    def pages(self) -> dict[str, list[Page]]:
        return self._pages

    def prepared_chunk(self, chunk: Chunk) -> str:
        return self._prepared[self._chunk_rows[chunk.chunk_id]]

    def chunk(self, chunk_id: str) -> Chunk | None:
        row = self._chunk_rows.get(chunk_id)
        return None if row is None else self.chunks[row]

    def chunks_of_page(self, doc_id: str, page: int) -> list[Chunk]:
        if self._by_page is None:
            self._by_page = {}
            for chunk in self.chunks:
                self._by_page.setdefault((chunk.doc_id, chunk.page), []).append(chunk)
        return self._by_page.get((doc_id, page), [])

    def prepared_page(self, doc_id: str, page: int) -> str:
        return self._prepared_pages.get((doc_id, page), "")

    @property
    def ocr_pages(self) -> frozenset[tuple[str, int]]:
        if self._ocr_pages is None:
            self._ocr_pages = frozenset((doc_id, page.number) for doc_id, pages in self.pages.items()
                                        for page in pages if page.ocr)
        return self._ocr_pages

    @property
    def facts(self) -> FactIndex:
        """The index's facts (read on first use: a question that wants no figure never loads them)."""
        if self._facts is None:
            self._facts = FactIndex(store.read_index_facts(self.folder))
        return self._facts

    @property
    def vocabulary(self) -> Vocabulary:
        """What planning a question needs from this index: term frequencies and postings, the reports'
        entities and periods (from the manifest)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.lexical.document_frequencies(), len(self.chunks),
                                          self.lexical.postings, *report_names(self.manifest))
        return self._vocabulary

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", docs: set[str] | None = None) -> list[Hit]:
        if mode not in MODES:
            raise UsageError(f"unknown retriever {mode!r} (choose from {', '.join(MODES)})")
        plan = self.plan(query, docs)
        lexical = self.lexical.scores(plan.tokens + plan.expansions)
        if mode == "bm25":
            return self._top(lexical, k, lexical, None, docs)
        dense = self.dense_scores(query, lexical)
        if mode == "dense":
            return self._top(dense, k, None, dense, docs)
        ratio = self._match_ratio(plan, lexical)
        rows = None
        if plan.numbers and len(self.chunks) > SCAN_ALL:  # a shelf: only chunks already near the top can use it
            plain = fuse(lexical, dense, plan.english, ratio, np.zeros(len(self.chunks), dtype=np.float32),
                         self._page_keys, self.fusion)
            rows = np.argpartition(-plain, NUMBER_ROWS - 1)[:NUMBER_ROWS]
        fused = fuse(lexical, dense, plan.english, ratio, self._number_hits(plan, rows), self._page_keys, self.fusion)
        return self._top(fused, k, lexical, dense, docs)

    def dense_scores(self, query: str, lexical: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.float32]:
        """Cosine similarity of every chunk to the query (fusion scales them against their median); on an
        approximate index, exact for the dense neighbours and for the lexical side's best chunks."""
        rows = np.zeros(0, dtype=np.int64)
        if lexical is not None and self.dense.approximate:
            rows = np.argpartition(-lexical, LEXICAL_ROWS - 1)[:LEXICAL_ROWS] if len(lexical) > LEXICAL_ROWS \
                else np.arange(len(lexical))
        return self.dense.fusion_scores(self.encoder.encode([query])[0], rows)

    def _match_ratio(self, plan: QueryPlan, lexical: npt.NDArray[np.float32]) -> float:
        terms = set(plan.tokens + plan.expansions)
        if not terms or float(lexical.max()) <= 0:
            return 0.0
        best = self._prepared[int(lexical.argmax())]
        return sum(1 for t in terms if t in best) / len(terms)

    def _number_hits(self, plan: QueryPlan, rows: npt.NDArray[np.int64] | None = None) -> npt.NDArray[np.float32]:
        """1 for the chunks (of `rows`, else all) stating one of the question's numbers as a whole figure."""
        hits = np.zeros(len(self.chunks), dtype=np.float32)
        if plan.numbers:
            if self._scan is None:
                self._scan = TextScan(self._prepared)
            for number in plan.numbers:
                hits[self._scan.number_rows(number, rows)] = 1.0
        return hits

    def _top(self, scores: npt.NDArray[np.float32], k: int, lexical: npt.NDArray[np.float32] | None,
             dense: npt.NDArray[np.float32] | None, docs: set[str] | None = None) -> list[Hit]:
        if docs is not None:
            positions = [i for i, d in enumerate(self.manifest.documents) if str(d["doc_id"]) in docs]
            keep = np.isin(self._doc_rows, positions)
            scores = np.where(keep, scores, -np.inf).astype(np.float32)
            k = min(k, int(keep.sum()))
        k = max(1, min(k, len(scores)))
        # the k best without sorting every chunk; ties keep chunk order, as a stable sort would
        part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        threshold = scores[part].min()
        pool = np.flatnonzero(scores >= threshold)
        order = pool[np.argsort(-scores[pool], kind="stable")][:k]
        return [
            Hit(self.chunks[i], float(scores[i]),
                float(lexical[i]) if lexical is not None else 0.0,
                float(dense[i]) if dense is not None else 0.0)
            for i in order
        ]


__all__ = ["MODES", "Hit", "Mode", "Retriever"]
