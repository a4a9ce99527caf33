"""Split pages into page-anchored, sentence-aware chunks; tables into chunks of whole labelled rows.

A chunk never crosses a page, so every passage has exactly one page to cite. Sentences are packed greedily up
to `size` characters; consecutive chunks share up to `overlap` characters of whole sentences so that a fact
sitting on a boundary is whole in at least one chunk. A table is indexed once, from its structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from esgqa.errors import UsageError
from esgqa.ingest.model import Chunk, Document, Table
from esgqa.ingest.normalize import normalize

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[^，,、：:]*(?:[，,、：:]|$)")


SIZE_RANGE = (20, 10_000)  # under 20 characters a chunk cannot hold a sentence; over 10,000 it is a page


@dataclass(frozen=True)
class ChunkingParams:
    size: int = 240
    overlap: int = 60
    min_chars: int = 8  # shorter leftovers (a lone page number) are dropped

    def __post_init__(self) -> None:
        low, high = SIZE_RANGE
        if not low <= self.size <= high:
            raise UsageError(f"chunk size must be from {low} to {high} characters (got {self.size})")
        if not 0 <= self.overlap < self.size:
            raise UsageError(f"chunk overlap must be from 0 to less than the chunk size {self.size} "
                             f"(got {self.overlap})")

    def describe(self) -> dict[str, int]:
        return {"size": self.size, "overlap": self.overlap, "min_chars": self.min_chars}


def sentence_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Sentence spans of `text`, each at most `limit` characters (long sentences split at clauses)."""
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        stripped_end = end
        while stripped_end > start and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end <= start:
            continue
        if stripped_end - start <= limit:
            spans.append((start, stripped_end))
        else:
            spans.extend(_split_long(text, start, stripped_end, limit))
    return spans


def _split_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    piece_start = start
    cursor = start
    for match in _CLAUSE.finditer(text, start, end):
        clause_end = match.end()
        if clause_end == match.start():
            continue
        if clause_end - piece_start > limit and cursor > piece_start:
            yield piece_start, cursor
            piece_start = cursor
        while clause_end - piece_start > limit:  # a single clause longer than the limit: hard cut
            yield piece_start, piece_start + limit
            piece_start += limit
        cursor = clause_end
    if cursor > piece_start:
        yield piece_start, cursor


def chunk_page(doc_id: str, page: int, text: str, params: ChunkingParams) -> list[Chunk]:
    """Chunks of one page's normalised text; `start`/`end` index that text."""
    spans = sentence_spans(text, params.size)
    chunks: list[Chunk] = []
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= params.size:
            j += 1
        start, end = spans[i][0], spans[j][1]
        body = text[start:end].strip()
        if body and (len(body) >= params.min_chars or not chunks):
            chunks.append(Chunk(doc_id, page, f"{doc_id}:p{page}:c{len(chunks)}", start, end, body))
        if j + 1 >= len(spans):
            break
        # next chunk starts at the earliest sentence that keeps the overlap within `overlap` characters
        k = j + 1
        while k - 1 > i and end - spans[k - 1][0] <= params.overlap:
            k -= 1
        i = k
    return chunks


def chunk_table(doc_id: str, page: int, table: Table, first: int, params: ChunkingParams) -> list[Chunk]:
    """A table's labelled rows, packed up to `size` characters, each chunk headed by the table's title and
    unit so that a row read alone still says what it is. Rows are never split (a long row is its own chunk).

    Table chunks have no offsets (`start` = `end` = -1): their text is the table's structure, not a span of
    the page; the page viewer finds their rows by text.
    """
    heading = normalize(table.heading()).text
    chunks: list[Chunk] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            body = "\n".join([heading, *lines])
            chunk_id = f"{doc_id}:p{page}:c{first + len(chunks)}"
            chunks.append(Chunk(doc_id, page, chunk_id, -1, -1, body, {"table": str(table.index)}))
            lines.clear()

    for row in table.row_lines():
        line = normalize(row).text
        if lines and len(heading) + sum(len(x) + 1 for x in lines) + len(line) > params.size:
            flush()
        lines.append(line)
    flush()
    return chunks


def chunk_document(document: Document, params: ChunkingParams) -> list[Chunk]:
    """Each page's prose (tables and running headers left out), then each of its tables once, as rows; the
    chunks of an OCR'd page are marked so (`meta["ocr"]`)."""
    chunks: list[Chunk] = []
    for page in document.pages:
        text = normalize(page.prose).text
        page_chunks = chunk_page(document.doc_id, page.number, text, params)
        for table in page.tables:
            page_chunks += chunk_table(document.doc_id, page.number, table, len(page_chunks), params)
        if page.ocr:  # recognised from the page's image: a reader should know it may hold misreadings
            for chunk in page_chunks:
                chunk.meta["ocr"] = "1"
        chunks.extend(page_chunks)
    return chunks


def chunk_documents(documents: Iterable[Document], params: ChunkingParams) -> list[Chunk]:
    return [chunk for document in documents for chunk in chunk_document(document, params)]
