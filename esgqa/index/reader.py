"""What everything above the index reads from it, whatever holds it: a folder (`esgqa.index.retriever`) or a
Milvus database (`esgqa.index.milvus.reader`).

Answers, citations, the TUI and the eval harness see only this class: the reports' manifest, their pages in
display and search form, the chunks of a page, the facts, the question's plan and `search`. The two backends
differ in where those live and in how `search` gathers its scores; planning a question is shared here, so a
question gets the same plan on either.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from esgqa.errors import IndexError_
from esgqa.facts.entity import Entity
from esgqa.facts.lookup import FactIndex
from esgqa.facts.period import ReportPeriod
from esgqa.index.encoders import Encoder, load_encoder
from esgqa.index.fusion import FusionParams
from esgqa.index.store import Manifest
from esgqa.ingest.model import Chunk, Page
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


def report_names(manifest: Manifest) -> tuple[tuple[Entity, ...], tuple[ReportPeriod, ...]]:
    """Each report's entity and own period, as its manifest entry records them (read when it was indexed)."""
    documents = manifest.documents
    return (tuple(Entity.from_dict(d.get("entity")) for d in documents),
            tuple(ReportPeriod(**d["period"]) if d.get("period") else ReportPeriod(None) for d in documents))


class IndexReader(ABC):
    """An opened index: load once, search and read many times."""

    manifest: Manifest
    fusion: FusionParams
    load_seconds: float = 0.0

    def __init__(self, manifest: Manifest, encoder: Encoder | None, fusion: FusionParams | None) -> None:
        self.manifest = manifest
        self._encoder = encoder
        self.fusion = fusion or FusionParams()
        self._plans: dict[tuple[str, ReportPeriod | None], QueryPlan] = {}  # search and answer share a plan

    # -- what a backend provides ------------------------------------------------------------------------------
    @property
    @abstractmethod
    def location(self) -> str:
        """Where the index lives, as the user would name it with --index."""

    @property
    @abstractmethod
    def pages(self) -> Mapping[str, list[Page]]:
        """Every page of each report, by doc_id."""

    @property
    @abstractmethod
    def facts(self) -> FactIndex:
        """The reports' facts (esgqa.facts), looked up by page, table and prose position."""

    @property
    @abstractmethod
    def vocabulary(self) -> Vocabulary:
        """Term frequencies and postings, entities and periods: what planning a question reads."""

    @property
    @abstractmethod
    def ocr_pages(self) -> frozenset[tuple[str, int]]:
        """(doc_id, page) of the pages whose text was recognised by OCR."""

    @abstractmethod
    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", docs: set[str] | None = None) -> list[Hit]:
        """The k best chunks; `docs` (doc ids) keeps the search to those reports."""

    @abstractmethod
    def prepared_chunk(self, chunk: Chunk) -> str:
        """A chunk in search form, as stored in the index."""

    @abstractmethod
    def prepared_page(self, doc_id: str, page: int) -> str:
        """The page in search form (normalised, lower-case, no thousands separators)."""

    @abstractmethod
    def chunks_of_page(self, doc_id: str, page: int) -> list[Chunk]:
        """The chunks of one page, in order."""

    @abstractmethod
    def chunk(self, chunk_id: str) -> Chunk | None:
        """One chunk by its id (a citation's), None when the index has no such chunk."""

    # -- shared ---------------------------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load now what the first questions would otherwise load on the way (the query encoder, the term
        statistics, the English-Chinese dictionary), so that a session's first questions are as fast as the
        rest."""
        from esgqa.query.dictionary import load_dictionary

        _ = self.encoder, self.vocabulary
        load_dictionary()

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = load_encoder(self.manifest.model_id)
        if self._encoder.model_id != self.manifest.model_id:
            raise IndexError_(f"the index was built with {self.manifest.model_id!r}, not "
                              f"{self._encoder.model_id!r}; rebuild it or drop --model")
        return self._encoder

    def page_text(self, doc_id: str, page: int) -> str:
        pages = self.pages.get(doc_id, [])
        return pages[page - 1].text if 0 < page <= len(pages) else ""

    @property
    def titles(self) -> dict[str, str]:
        """Each report's title by doc_id (the doc_id where a report has no title)."""
        return {str(d["doc_id"]): str(d.get("title") or d["doc_id"]) for d in self.manifest.documents}

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
            cached = self._plans[(query, own)] = self._plan(query, vocabulary)
        return cached

    def _plan(self, query: str, vocabulary: Vocabulary) -> QueryPlan:
        """Plan with every term frequency at hand (a backend that fetches them overrides this)."""
        return plan_question(query, vocabulary)


__all__ = ["MODES", "Hit", "IndexReader", "Mode", "report_names"]
