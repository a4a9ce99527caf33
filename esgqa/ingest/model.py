"""Documents, pages and chunks: the units every layer passes around.

Every chunk carries its document and page (as in paper-qa) so that any answer can cite where it came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One printed page. `text` is the page text as extracted, before normalisation."""

    number: int  # 1-based, equal to the printed page number for the bundled report
    text: str
    has_text_layer: bool = True  # False for image-only PDF pages (no OCR is done)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    doc_id: str  # content hash of the page texts: stable across runs and file names
    title: str
    source: str  # the path it was read from
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page(self, number: int) -> Page:
        return self.pages[number - 1]


@dataclass(frozen=True)
class Chunk:
    """A page-anchored passage. `start`/`end` index the page's normalised text."""

    doc_id: str
    page: int
    chunk_id: str
    start: int
    end: int
    text: str
    meta: dict[str, str] = field(default_factory=dict, compare=False)


def content_doc_id(page_texts: list[str]) -> str:
    """A short, stable document id derived from its content (not its path), so a moved file keeps its id."""
    digest = hashlib.sha256()
    for text in page_texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\f")
    return digest.hexdigest()[:16]


def make_document(title: str, source: str, pages: list[Page], warnings: list[str] | None = None) -> Document:
    return Document(
        doc_id=content_doc_id([p.text for p in pages]),
        title=title,
        source=source,
        pages=tuple(pages),
        warnings=tuple(warnings or ()),
    )
