"""State shared by the screens: the backend once loaded, the chosen document, the last answer, the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from esgqa.ingest.model import Chunk
from esgqa.qa.types import Answer, Passage
from esgqa.tui.backend import Backend


@dataclass(frozen=True)
class PageFocus:
    """What to highlight on pages opened from an answer or a fact-check row (any page of one document)."""

    terms: tuple[str, ...] = ()
    value: str | None = None
    chunks: tuple[Chunk, ...] = ()  # evidence passages
    sentences: tuple[tuple[int, str], ...] = ()  # (page, text) quoted by the answer
    snippets: tuple[tuple[int, str], ...] = ()  # (page, text) fact-check occurrences and findings
    citations: tuple[Passage, ...] = ()  # what number keys open from the page viewer
    target: str | None = None  # the text to scroll to on the first page shown


@dataclass
class Session:
    index_dir: str | None = None  # a folder, milvus:PATH.db or milvus://HOST:PORT/DB
    model: str | None = None
    history_file: Path | None = None
    backend: Backend | None = None
    load_error: str | None = None  # why the index could not be opened
    doc_id: str | None = None
    docs: list[str] = field(default_factory=list)  # `esgqa tui --doc`: the reports questions are kept to
    answer: Answer | None = None
    terms: list[str] = field(default_factory=list)
    evidence: list[Passage] = field(default_factory=list)  # numbered [1], [2] … as shown

    @property
    def titles(self) -> dict[str, str]:
        return {d.doc_id: d.title for d in self.backend.docs} if self.backend else {}

    def answer_focus(self, target: str | None = None) -> PageFocus:
        """Highlights for pages opened from the current answer."""
        answer = self.answer
        if answer is None or self.backend is None:
            return PageFocus()
        chunks = tuple(c for p in self.evidence if (c := self.backend.chunk(p.chunk_id)) is not None)
        return PageFocus(
            terms=tuple(self.terms), value=answer.value, chunks=chunks,
            sentences=tuple((s.page, s.text) for s in answer.sentences), citations=tuple(self.evidence),
            target=target,
        )


def number_evidence(answer: Answer) -> list[Passage]:
    """One numbering for the answer's citations and the evidence list: cited passages first, then the rest."""
    numbered: list[Passage] = []
    seen: set[str] = set()
    for passage in [*answer.citations, *answer.passages]:
        if passage.chunk_id not in seen:
            seen.add(passage.chunk_id)
            numbered.append(passage)
    return numbered
