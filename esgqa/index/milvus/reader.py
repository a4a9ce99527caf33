"""Reading and searching a shelf in Milvus, with nothing but the manifest loaded up front.

`search` asks the engine for BM25's best chunks (its own BM25 over esgqa's tokens) and the dense vector's
nearest chunks, then fuses them on the client exactly as the folder backend does (esgqa.index.fusion): scaled
scores mixed by the question's language and match strength, a bonus for the question's numbers and a share of
each page's best score. The engine's own hybrid search fuses by rank (reciprocal-rank fusion), which loses to
BM25 alone on Chinese questions (docs/scale.md). Each candidate's exact dense similarity comes from the engine;
the floor it is scaled against is the median similarity to a fixed sample of stored vectors.

Pages, chunks, facts and term frequencies are fetched by primary key when first needed and kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from esgqa.errors import IndexError_, UsageError
from esgqa.facts.lookup import FactIndex
from esgqa.facts.model import Fact
from esgqa.facts.store import from_record
from esgqa.index.encoders import Encoder
from esgqa.index.fusion import FusionParams, fuse
from esgqa.index.location import MilvusTarget
from esgqa.index.milvus import client as mc
from esgqa.index.milvus.vocab import LazyFrequencies
from esgqa.index.milvus.write import read_manifest
from esgqa.index.reader import MODES, Hit, IndexReader, Mode, report_names
from esgqa.index.store import page_from_record
from esgqa.index.textscan import TextScan
from esgqa.ingest.model import Chunk, Page
from esgqa.query.plan import QueryPlan, plan_question
from esgqa.query.terms import tokenize
from esgqa.query.vocabulary import Vocabulary

CANDIDATES = 256  # chunks asked of each side, as many as the folder backend scores exactly on a large shelf
FLOOR_SAMPLE = 4096  # stored vectors the median similarity is estimated from (every one up to this many)
CHUNK_FIELDS = ["row", "doc_id", "page", "chunk_id", "meta", "text", "prepared"]
PLAN_PASSES = 4  # planning reads term frequencies; each pass fetches the ones the last pass asked for


class _Pages(Mapping[str, list[Page]]):
    def __init__(self, reader: MilvusRetriever) -> None:
        self._reader = reader

    def __getitem__(self, doc_id: str) -> list[Page]:
        if doc_id not in self._reader.page_counts:
            raise KeyError(doc_id)
        return self._reader.document_pages(doc_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._reader.page_counts)

    def __len__(self) -> int:
        return len(self._reader.page_counts)


class _Facts(FactIndex):
    """The facts of the reports asked about so far, each report's read in one call when first asked about."""

    def __init__(self, reader: MilvusRetriever) -> None:
        super().__init__(())
        self._reader = reader
        self._loaded: set[str] = set()

    def _ensure(self, doc_id: str) -> None:
        if doc_id not in self._loaded:
            self._loaded.add(doc_id)
            self.add(self._reader.document_facts(doc_id))

    def on_page(self, doc_id: str, page: int) -> list[Fact]:
        self._ensure(doc_id)
        return super().on_page(doc_id, page)

    def in_table(self, doc_id: str, page: int, table: int) -> list[Fact]:
        self._ensure(doc_id)
        return super().in_table(doc_id, page, table)

    def prose_at(self, doc_id: str, page: int, start: int, value: float) -> Fact | None:
        self._ensure(doc_id)
        return super().prose_at(doc_id, page, start, value)

    def of_document(self, doc_id: str) -> list[Fact]:
        self._ensure(doc_id)
        return super().of_document(doc_id)


class MilvusRetriever(IndexReader):
    def __init__(self, target: MilvusTarget, encoder: Encoder | None = None,
                 fusion: FusionParams | None = None) -> None:
        start = time.perf_counter()
        self.target = target
        self._client = mc.connect(target)
        manifest = read_manifest(self._client, target)
        if manifest is None:
            raise IndexError_(f"{target}: no esgqa index there; build it with `esgqa index --index {target} "
                              f"SOURCE...`")
        super().__init__(manifest, encoder, fusion)
        self.page_counts = {str(d["doc_id"]): int(d.get("page_count", 0)) for d in manifest.documents}
        self._pages: dict[tuple[str, int], tuple[Page, str, list[int]]] = {}
        self._chunks: dict[int, tuple[Chunk, str]] = {}
        self._facts = _Facts(self)
        self._frequencies = LazyFrequencies(self._client, list(self.page_counts))
        self._vocabulary: Vocabulary | None = None
        self._sample: npt.NDArray[np.float32] | None = None
        self.load_seconds = time.perf_counter() - start

    def warm_up(self) -> None:
        """Also the sample of stored vectors the dense floor is estimated from."""
        super().warm_up()
        self._floor(np.zeros(self.manifest.dim, dtype=np.float32))

    # -- reading ----------------------------------------------------------------------------------------------
    @property
    def location(self) -> str:
        return str(self.target)

    @property
    def pages(self) -> Mapping[str, list[Page]]:
        return _Pages(self)

    @property
    def facts(self) -> FactIndex:
        return self._facts

    @property
    def ocr_pages(self) -> frozenset[tuple[str, int]]:
        return frozenset((str(d["doc_id"]), int(n)) for d in self.manifest.documents
                         for n in d.get("ocr_page_numbers", ()))

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            latin = sum(int(d.get("terms", {}).get("latin", 0)) for d in self.manifest.documents)
            cjk = sum(int(d.get("terms", {}).get("cjk", 0)) for d in self.manifest.documents)
            self._vocabulary = Vocabulary(self._frequencies, int(self.manifest.counts.get("chunks", 0)),
                                          self._frequencies.postings, *report_names(self.manifest),
                                          _english=latin > cjk)
        return self._vocabulary

    def _plan(self, query: str, vocabulary: Vocabulary) -> QueryPlan:
        """Plan, fetch the term frequencies planning asked for and did not have, and plan again until it asks
        for none it lacks (two passes for most questions)."""
        self._frequencies.fetch([t for t in tokenize(query)])
        plan = plan_question(query, vocabulary)
        for _ in range(PLAN_PASSES):
            if not self._frequencies.fetch_asked():
                break
            plan = plan_question(query, vocabulary)
        return plan

    def page_text(self, doc_id: str, page: int) -> str:
        found = self._page_records(doc_id, [page]).get(page)
        return found[0].text if found else ""

    def prepared_page(self, doc_id: str, page: int) -> str:
        found = self._page_records(doc_id, [page]).get(page)
        return found[1] if found else ""

    def document_pages(self, doc_id: str) -> list[Page]:
        records = self._page_records(doc_id, range(1, self.page_counts.get(doc_id, 0) + 1))
        return [records[n][0] for n in sorted(records)]

    def document_facts(self, doc_id: str) -> list[Fact]:
        keys = [f"{doc_id}:{n}" for n in range(1, self.page_counts.get(doc_id, 0) + 1)]
        found = mc.get_records(self._client, mc.FACTS, keys)
        return [from_record(json.loads(line)) for key in keys if key in found
                for line in found[key].splitlines() if line.strip()]

    def chunks_of_page(self, doc_id: str, page: int) -> list[Chunk]:
        found = self._page_records(doc_id, [page]).get(page)
        return [self._chunks[row][0] for row in self._fetch_chunks(found[2]) if row in self._chunks] if found else []

    def chunk(self, chunk_id: str) -> Chunk | None:
        row = mc.chunk_row(chunk_id)
        return self._chunks[row][0] if self._fetch_chunks([row]) else None

    def prepared_chunk(self, chunk: Chunk) -> str:
        row = mc.chunk_row(chunk.chunk_id)
        self._fetch_chunks([row])
        return self._chunks[row][1] if row in self._chunks else ""

    def _page_records(self, doc_id: str, numbers: Any) -> dict[int, tuple[Page, str, list[int]]]:
        wanted = [int(n) for n in numbers]
        missing = [n for n in wanted if (doc_id, n) not in self._pages]
        if missing:
            found = mc.get_records(self._client, mc.PAGES, [f"{doc_id}:{n}" for n in missing])
            for payload in found.values():
                row = json.loads(payload)
                page = page_from_record(row)
                self._pages[(doc_id, page.number)] = (page, row["prepared"], [int(r) for r in row["rows"]])
        return {n: self._pages[(doc_id, n)] for n in wanted if (doc_id, n) in self._pages}

    def _fetch_chunks(self, rows: list[int]) -> list[int]:
        """Fetch the chunks of `rows` not yet read; the rows that exist, in the order given."""
        missing = [r for r in dict.fromkeys(rows) if r not in self._chunks]
        for offset in range(0, len(missing), 1024):
            for found in self._client.get(mc.CHUNKS, ids=missing[offset: offset + 1024], output_fields=CHUNK_FIELDS):
                meta = json.loads(found["meta"])
                extra = {"table": str(meta["table"])} if "table" in meta else {}
                if meta.get("ocr"):
                    extra["ocr"] = "1"
                chunk = Chunk(str(found["doc_id"]), int(found["page"]), str(found["chunk_id"]), int(meta["start"]),
                              int(meta["end"]), str(found["text"]), extra)
                self._chunks[int(found["row"])] = (chunk, str(found["prepared"]))
        return [r for r in rows if r in self._chunks]

    # -- searching --------------------------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", docs: set[str] | None = None) -> list[Hit]:
        if mode not in MODES:
            raise UsageError(f"unknown retriever {mode!r} (choose from {', '.join(MODES)})")
        plan = self.plan(query, docs)
        allowed = [d for d in self.page_counts if docs is None or d in docs]
        if not allowed:
            return []
        where = "" if docs is None else "doc_id in " + json.dumps(allowed)
        self._frequencies.fetch(plan.tokens + plan.expansions)
        terms = [t for t in plan.tokens + plan.expansions if self._frequencies.get(t, 0)]
        lexical = self._bm25(terms, where) if terms and mode != "dense" else {}
        if mode == "bm25":
            return self._ranked(list(lexical), np.asarray(list(lexical.values()), dtype=np.float32), k, lexical, {})
        vector = self.encoder.encode([query])[0]
        dense = self._dense(vector, CANDIDATES, where)
        if mode == "dense":
            return self._ranked(list(dense), np.asarray(list(dense.values()), dtype=np.float32), k, {}, dense)
        rows = list(dict.fromkeys([*lexical, *dense]))
        unscored = [r for r in rows if r not in dense]
        if unscored:  # BM25's candidates beyond the dense neighbours: their exact similarity, from their vectors
            found = self._client.get(mc.CHUNKS, ids=unscored, output_fields=["row", "vector"])
            for row in found:
                dense[int(row["row"])] = float(np.dot(np.asarray(row["vector"], dtype=np.float32), vector))
        rows = self._fetch_chunks(rows)
        lex = np.asarray([lexical.get(r, 0.0) for r in rows], dtype=np.float32)
        sims = np.asarray([dense.get(r, 0.0) for r in rows], dtype=np.float32)
        prepared = [self._chunks[r][1] for r in rows]
        ratio = 0.0  # share of the question's terms, known to the index or not, in BM25's best chunk
        asked = set(plan.tokens + plan.expansions)
        if lexical and asked and max(lexical.values()) > 0:
            best = self._chunks[max(lexical, key=lambda r: lexical[r])][1]
            ratio = sum(1 for t in asked if t in best) / len(asked)
        numbers = np.zeros(len(rows), dtype=np.float32)
        if plan.numbers:
            scan = TextScan(prepared)
            for number in plan.numbers:
                numbers[scan.number_rows(number)] = 1.0
        pages = {key: i for i, key in enumerate(dict.fromkeys((self._chunks[r][0].doc_id, self._chunks[r][0].page)
                                                              for r in rows))}
        keys = np.asarray([pages[(self._chunks[r][0].doc_id, self._chunks[r][0].page)] for r in rows], dtype=np.int64)
        fused = fuse(lex, sims, plan.english, ratio, numbers, keys, self.fusion, dense_floor=self._floor(vector))
        return self._ranked(rows, fused, k, lexical, dense)

    def _bm25(self, terms: list[str], where: str) -> dict[int, float]:
        query = " ".join(mc.term_id(t) for t in terms)
        found = self._client.search(mc.CHUNKS, data=[query], anns_field="sparse", limit=CANDIDATES, filter=where,
                                    output_fields=["row"], search_params={"metric_type": "BM25"})
        return {int(hit["entity"]["row"]): abs(float(hit["distance"])) for hit in found[0]}

    def _dense(self, vector: npt.NDArray[np.float32], limit: int, where: str) -> dict[int, float]:
        found = self._client.search(mc.CHUNKS, data=[vector.tolist()], anns_field="vector", limit=max(1, limit),
                                    filter=where, output_fields=["row"], search_params={"metric_type": "IP"})
        return {int(hit["entity"]["row"]): float(hit["distance"]) for hit in found[0]}

    def _floor(self, vector: npt.NDArray[np.float32]) -> float:
        """The median similarity of `vector` to a fixed sample of the stored vectors."""
        if self._sample is None:  # chunk keys are hashes: the keys below a bound are a uniform sample of them
            total = max(1, int(self.manifest.counts.get("chunks", 0)))
            bound = (1 << 63) - 1 if total <= FLOOR_SAMPLE else (1 << 63) * FLOOR_SAMPLE // total
            rows = self._client.query(mc.CHUNKS, filter=f"row <= {bound}", output_fields=["vector"],
                                      limit=min(16_384, 2 * FLOOR_SAMPLE))
            self._sample = np.asarray([r["vector"] for r in rows], dtype=np.float32).reshape(len(rows), -1)
        if not len(self._sample):
            return 0.0
        return float(np.median(self._sample @ np.asarray(vector, dtype=np.float32)))

    def _ranked(self, rows: list[int], scores: npt.NDArray[np.float32], k: int, lexical: dict[int, float],
                dense: dict[int, float]) -> list[Hit]:
        order = np.argsort(-scores, kind="stable")
        chosen = [rows[i] for i in order[: max(1, k) * 2]]
        self._fetch_chunks(chosen)
        hits = [Hit(self._chunks[rows[i]][0], float(scores[i]), lexical.get(rows[i], 0.0), dense.get(rows[i], 0.0))
                for i in order if rows[i] in self._chunks and self._chunks[rows[i]][0].doc_id in self.page_counts]
        return hits[: max(1, k)]


__all__ = ["MilvusRetriever"]
