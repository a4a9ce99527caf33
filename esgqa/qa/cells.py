"""Table cells found by their labels, not by retrieval: the fact store's cells whose row (with its caption and
section) covers the question, added to the candidates when retrieval missed their page.

Retrieval ranks passages; on an annual report hundreds of pages of tables look alike, and the page holding the
asked row is often not among the passages searched for figures. The fact store knows every cell's row, column
and caption, so a cell whose row names what is asked is a candidate wherever it stands; the ranker then weighs
it like any other (it carries no retrieval score, and its rank is past the last passage).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from esgqa.facts.lookup import FactIndex
from esgqa.facts.model import Fact
from esgqa.index.reader import Hit, IndexReader
from esgqa.ingest.model import Chunk
from esgqa.ingest.normalize import normalize
from esgqa.qa.question import QuestionProfile, coverage
from esgqa.query.terms import prepare

MIN_ROW_COVER = 0.5  # a row (with its caption) must hold at least half of the question's weighted words
MAX_CELLS = 24  # cells added per question, best-covered rows first
PREFILTER_TERMS = 3  # a cell is measured only when its words hold one of the question's rarest terms

_WORDS: weakref.WeakKeyDictionary[FactIndex, dict[str, list[tuple[str, Fact]]]] = weakref.WeakKeyDictionary()


def cells_by_words(facts: FactIndex, doc_id: str) -> list[tuple[str, Fact]]:
    """Every table cell of a report with the words that name it (caption, section, row), prepared for
    matching question terms; computed once per report and index."""
    per_doc = _WORDS.setdefault(facts, {})
    if doc_id not in per_doc:
        per_doc[doc_id] = [(prepare(f"{f.table.title} {f.topic} {f.table.row}"), f)
                           for f in facts.of_document(doc_id) if f.table is not None]
    return per_doc[doc_id]


def row_cells(question: QuestionProfile, retriever: IndexReader, doc_ids: Iterable[str],
              seen: set[tuple[str, int, int]]) -> list[tuple[Fact, Chunk, str, float]]:
    """(cell, the chunk quoting its row, the row's line, the row's cover) for cells not already seen
    (`seen`: (doc_id, page, table index))."""
    weights = question.weights
    rare = [t for t, _ in sorted(weights.items(), key=lambda kv: -kv[1]) if len(t) >= 2][:PREFILTER_TERMS]
    if not rare:
        return []
    found: list[tuple[Fact, Chunk, str, float]] = []
    for doc_id in doc_ids:
        for words, fact in cells_by_words(retriever.facts, doc_id):
            table = fact.table
            assert table is not None
            if (doc_id, fact.page, table.index) in seen or not any(t in words for t in rare):
                continue
            cover = coverage(words, question, by_concept=False)
            if cover < MIN_ROW_COVER:
                continue
            quoted = _quoting_chunk(fact, retriever)
            if quoted is not None:
                found.append((fact, *quoted, cover))
    found.sort(key=lambda t: -t[3])
    return found[:MAX_CELLS]


def _quoting_chunk(fact: Fact, retriever: IndexReader) -> tuple[Chunk, str] | None:
    """The table chunk of the cell's page that quotes its row, and that row's line."""
    table = fact.table
    assert table is not None
    row = normalize(table.row).text
    for chunk in retriever.chunks_of_page(fact.doc_id, fact.page):
        if chunk.meta.get("table") != str(table.index):
            continue
        for line in chunk.text.split("\n")[1:]:
            if line.split("：", 1)[0] == row and fact.raw.replace(" ", "") in line.replace(" ", ""):
                return chunk, line
    return None


def as_hit(chunk: Chunk) -> Hit:
    """A chunk found by its cells' labels: no retrieval score."""
    return Hit(chunk, 0.0)


__all__ = ["MAX_CELLS", "MIN_ROW_COVER", "as_hit", "row_cells"]
