"""Load an index folder and search it: `bm25`, `dense` or the fused `hybrid` ranking."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from esgqa.errors import IndexError_, UsageError
from esgqa.index import store
from esgqa.index.dense import DenseIndex
from esgqa.index.dictionary import EN_FILLER, translate_word
from esgqa.index.encoders import Encoder, load_encoder
from esgqa.index.fusion import FusionParams, fuse
from esgqa.index.glossary import expand_groups, is_english
from esgqa.index.lexical import LexicalIndex
from esgqa.index.tokenize import prepare, tokenize
from esgqa.ingest.model import Chunk
from esgqa.numbers import find_quantities

Mode = Literal["bm25", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    lexical: float = 0.0
    dense: float = 0.0


@dataclass
class QueryPlan:
    """What the query became: shown by `--explain`, used by the answerer."""

    text: str
    english: bool
    tokens: list[str]
    expansions: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    translated: set[str] = field(default_factory=set)  # English words the glossary translated
    groups: list[list[str]] = field(default_factory=list)  # English: the expansion tokens of each concept


class Retriever:
    def __init__(self, folder: Path, encoder: Encoder | None = None, fusion: FusionParams | None = None) -> None:
        start = time.perf_counter()
        self.folder = folder
        self.manifest = store.read_manifest(folder)
        store.check_files(folder)
        self.chunks, self._prepared = store.read_chunks(folder)
        self.pages, self._prepared_pages = store.read_pages(folder)
        try:
            self.dense = DenseIndex.load(folder / store.DENSE)
            self.lexical = LexicalIndex.load(folder / store.LEXICAL)
        except Exception as exc:
            raise IndexError_(f"{folder}: broken index files ({type(exc).__name__}: {exc}); "
                              f"{store.rebuild_hint(folder)}") from None
        if self.dense.size != len(self.chunks) or self.lexical.size != len(self.chunks):
            raise IndexError_(f"{folder}: index files disagree on the number of chunks; "
                              f"{store.rebuild_hint(folder)}")
        self._encoder = encoder
        self.fusion = fusion or FusionParams()
        self._plans: dict[str, QueryPlan] = {}  # search and answer both plan the same question
        self._chunk_texts: list[str] | None = None
        self._chunk_rows = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        page_ids = {key: i for i, key in enumerate(dict.fromkeys((c.doc_id, c.page) for c in self.chunks))}
        self._page_keys = np.array([page_ids[(c.doc_id, c.page)] for c in self.chunks], dtype=np.int64)
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

    def prepared_page(self, doc_id: str, page: int) -> str:
        """The page in search form (normalised, lower-case, no thousands separators)."""
        return self._prepared_pages.get((doc_id, page), "")

    def page_text(self, doc_id: str, page: int) -> str:
        pages = self.pages.get(doc_id, [])
        return pages[page - 1].text if 0 < page <= len(pages) else ""

    def plan(self, query: str) -> QueryPlan:
        cached = self._plans.get(query)
        if cached is None:
            if len(self._plans) > 256:
                self._plans.clear()
            cached = self._plans[query] = self._make_plan(query)
        return cached

    def _make_plan(self, query: str) -> QueryPlan:
        """Tokens, English→Chinese expansions and the numbers (not years or dates) of a question.

        An English question keeps only the English words the glossary cannot translate and that the report
        itself uses (acronyms such as PUE or eWTP); words like "data" or "Alibaba" would otherwise match the
        report's few English passages instead of the Chinese text about the same thing.
        """
        english = is_english(query)
        tokens = tokenize(query)
        expansions: list[str] = []
        translated: set[str] = set()
        groups: list[list[str]] = []
        if english:
            translated, glossed = expand_groups(query)
            frequencies = self.lexical.document_frequencies()
            context = [t for _, terms in glossed for t in terms]
            context += [t for t in tokens if t not in translated and frequencies.get(t, 0)]
            concepts = [list(terms) for _, terms in glossed]
            concepts += [[term] for term in self._dictionary_terms(query, translated, context, frequencies)]
            groups = [list(dict.fromkeys(t for term in terms for t in tokenize(term))) for terms in concepts]
            expansions = list(dict.fromkeys(t for group in groups for t in group))
            limit = max(3, len(self.chunks) // 50)
            tokens = [t for t in tokens if (t not in translated and 0 < frequencies.get(t, 0) <= limit
                                            and not (len(t) == 1 and t.isascii()))  # the "s" of "Alibaba's"
                      or any(ch.isdigit() for ch in t)]
        numbers = list(dict.fromkeys(prepare(q.raw).rstrip("%") for q in find_quantities(query)))
        return QueryPlan(query, english, tokens, expansions, numbers, translated, groups)

    def _dictionary_terms(self, query: str, translated: set[str], context: list[str],
                          frequencies: dict[str, int]) -> list[str]:
        """Chinese renderings, used by the report, of the English words the glossary left untranslated.

        Each word gets the rendering that shares the most passages with the question's glossary terms, and
        none when it shares none: a sense the report uses elsewhere would only add noise.
        """
        def in_report(term: str) -> bool:
            tokens = tokenize(term)
            return bool(tokens) and all(frequencies.get(t, 0) for t in tokens)

        texts = self._prepared_texts()
        beside = [text for text in texts if any(c in text for c in context)]  # once per question, not per term

        def together(term: str) -> int:
            return sum(1 for text in beside if term in text)

        terms: list[str] = []
        for word in dict.fromkeys(re.findall(r"[a-z]{3,}", query.lower())):
            if word not in translated and word not in EN_FILLER and word not in frequencies:
                found = translate_word(word, in_report, together if context else None)
                if found:
                    terms.extend(found)
                    translated.add(word)
        return terms

    def _prepared_texts(self) -> list[str]:
        if self._chunk_texts is None:
            self._chunk_texts = [self.prepared_chunk(c) for c in self.chunks]
        return self._chunk_texts

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        if mode not in MODES:
            raise UsageError(f"unknown retriever {mode!r} (choose from {', '.join(MODES)})")
        plan = self.plan(query)
        lexical = self.lexical.scores(plan.tokens + plan.expansions)
        if mode == "bm25":
            return self._top(lexical, k, lexical, None)
        dense = self.dense_scores(query)
        if mode == "dense":
            return self._top(dense, k, None, dense)
        fused = fuse(lexical, dense, plan.english, self._match_ratio(plan, lexical), self._number_hits(plan),
                     self._page_keys, self.fusion)
        return self._top(fused, k, lexical, dense)

    def dense_scores(self, query: str) -> npt.NDArray[np.float32]:
        vector = self.encoder.encode([query])
        scores, ids = self.dense.search(vector, len(self.chunks))
        out = np.full(len(self.chunks), -1.0, dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = scores[0][valid]
        return out

    def _match_ratio(self, plan: QueryPlan, lexical: npt.NDArray[np.float32]) -> float:
        terms = set(plan.tokens + plan.expansions)
        if not terms or float(lexical.max()) <= 0:
            return 0.0
        best = self._prepared[int(lexical.argmax())]
        return sum(1 for t in terms if t in best) / len(terms)

    def _number_hits(self, plan: QueryPlan) -> npt.NDArray[np.float32]:
        hits = np.zeros(len(self.chunks), dtype=np.float32)
        for number in plan.numbers:
            pattern = re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d])")
            for i, text in enumerate(self._prepared):
                if pattern.search(text):
                    hits[i] = 1.0
        return hits

    def _top(self, scores: npt.NDArray[np.float32], k: int, lexical: npt.NDArray[np.float32] | None,
             dense: npt.NDArray[np.float32] | None) -> list[Hit]:
        k = max(1, min(k, len(scores)))
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            Hit(self.chunks[i], float(scores[i]),
                float(lexical[i]) if lexical is not None else 0.0,
                float(dense[i]) if dense is not None else 0.0)
            for i in order
        ]
