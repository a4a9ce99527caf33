"""Load an index folder and search it: `bm25`, `dense` or the fused `hybrid` ranking."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from esgqa.errors import IndexError_, UsageError
from esgqa.facts.entity import Entity
from esgqa.facts.lookup import FactIndex
from esgqa.facts.period import ReportPeriod
from esgqa.index import guard, store
from esgqa.index.dense import DenseIndex
from esgqa.index.encoders import Encoder, load_encoder
from esgqa.index.fusion import FusionParams, fuse
from esgqa.index.lexical import LexicalIndex
from esgqa.index.textscan import TextScan
from esgqa.ingest.model import Chunk
from esgqa.query.plan import QueryPlan, plan_question
from esgqa.query.vocabulary import Vocabulary

Mode = Literal["bm25", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    lexical: float = 0.0
    dense: float = 0.0


LEXICAL_ROWS = 256  # on an approximate dense index: the BM25 best chunks whose similarity is computed exactly
# a question's numbers are looked for in every chunk up to SCAN_ALL chunks; past it (a shelf, where "2023" is in
# most chunks) in the NUMBER_ROWS best by the other signals, the only ones the number's bonus can lift to the top
SCAN_ALL, NUMBER_ROWS = 20_000, 2_000


class Retriever:
    def __init__(self, folder: Path, encoder: Encoder | None = None, fusion: FusionParams | None = None) -> None:
        start = time.perf_counter()
        self.folder = folder
        self.manifest = store.read_manifest(folder)
        guard.verify(folder, self.manifest)
        self.chunks, self._prepared = store.read_chunks(folder)
        self.pages, self._prepared_pages = store.read_pages(folder)
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
        self._encoder = encoder
        self.fusion = fusion or FusionParams()
        self._plans: dict[tuple[str, ReportPeriod | None], QueryPlan] = {}  # search and answer share a plan
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

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = load_encoder(self.manifest.model_id)
        if self._encoder.model_id != self.manifest.model_id:
            raise IndexError_(f"the index was built with {self.manifest.model_id!r}, not "
                              f"{self._encoder.model_id!r}; rebuild it or drop --model")
        return self._encoder

    def prepared_chunk(self, chunk: Chunk) -> str:
        """A chunk in search form, as stored in the index."""
        return self._prepared[self._chunk_rows[chunk.chunk_id]]

    def chunks_of_page(self, doc_id: str, page: int) -> list[Chunk]:
        """The chunks of one page, in order."""
        if self._by_page is None:
            self._by_page = {}
            for chunk in self.chunks:
                self._by_page.setdefault((chunk.doc_id, chunk.page), []).append(chunk)
        return self._by_page.get((doc_id, page), [])

    def prepared_page(self, doc_id: str, page: int) -> str:
        """The page in search form (normalised, lower-case, no thousands separators)."""
        return self._prepared_pages.get((doc_id, page), "")

    def page_text(self, doc_id: str, page: int) -> str:
        pages = self.pages.get(doc_id, [])
        return pages[page - 1].text if 0 < page <= len(pages) else ""

    def plan(self, query: str, docs: Iterable[str] | None = None) -> QueryPlan:
        """The question's plan; its periods ("2019年", "去年") are read against the period of the first of
        `docs` (the reports the question is kept to), else of the index's first report. Plans are cached by
        question and that period: reports of one period share one plan."""
        vocabulary = self.vocabulary
        if docs:
            wanted = set(docs)
            ids = [str(d["doc_id"]) for d in self.manifest.documents]
            first = [i for i, doc_id in enumerate(ids) if doc_id in wanted]
            order = first + [i for i, doc_id in enumerate(ids) if doc_id not in wanted]
            periods = tuple(vocabulary.periods[i] for i in order if i < len(vocabulary.periods))
            if periods != vocabulary.periods:
                vocabulary = replace(vocabulary, periods=periods)
        own = next((p for p in vocabulary.periods if p.key), None)
        cached = self._plans.get((query, own))
        if cached is None:
            if len(self._plans) > 256:
                self._plans.clear()
            cached = self._plans[(query, own)] = plan_question(query, vocabulary)
        return cached

    @property
    def titles(self) -> dict[str, str]:
        """Each report's title by doc_id (the doc_id where a report has no title)."""
        return {str(d["doc_id"]): str(d.get("title") or d["doc_id"]) for d in self.manifest.documents}

    @property
    def ocr_pages(self) -> frozenset[tuple[str, int]]:
        """(doc_id, page) of the pages whose text was recognised by OCR."""
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
            documents = self.manifest.documents
            self._vocabulary = Vocabulary(
                self.lexical.document_frequencies(), len(self.chunks), self.lexical.postings,
                tuple(Entity.from_dict(d.get("entity")) for d in documents),
                tuple(ReportPeriod(**d["period"]) if d.get("period") else ReportPeriod(None) for d in documents))
        return self._vocabulary

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", docs: set[str] | None = None) -> list[Hit]:
        """The k best chunks; `docs` (doc ids) keeps the search to those reports."""
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
