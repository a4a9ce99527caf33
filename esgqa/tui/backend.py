"""What the TUI needs from the engine, in one place: open (building if needed), ask, pages, fact-check.

Nothing here re-implements retrieval, answering or fact-checking; it calls `esgqa.api` and `esgqa.factcheck`
and adapts their results for display. No Textual import: this module is exercised without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from esgqa.api import Engine, validate_question
from esgqa.errors import EsgqaError
from esgqa.ingest.model import Chunk, Document, Page
from esgqa.qa.types import Answer
from esgqa.query.terms import tokenize
from esgqa.tui.factdata import FactReport

BuildProgress = Callable[[str, int, int], None]
WARM_UP_QUESTION = "数据中心的PUE是多少？"


class _Report(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


Checker = Callable[[Sequence[Document]], _Report]


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    title: str
    page_count: int


class Backend:
    """A loaded engine plus the lookups the screens need (chunks by id, page counts, documents)."""

    def __init__(self, engine: Engine, checker: Checker | None = None, docs: Sequence[str] = ()) -> None:
        """`checker`: the fact-check sweep (default `esgqa.factcheck.check.run_check`); `docs`: ids or titles
        of the reports questions are kept to (`esgqa tui --doc`; none: every report, or those a question names)."""
        self.engine = engine
        self.scope: set[str] | None = engine.documents_named(list(docs)) if docs else None
        self._checker = checker
        self._reports: dict[str, FactReport] = {}
        self.docs: list[DocInfo] = [
            DocInfo(str(d.get("doc_id", "")), str(d.get("title", "")),
                    len(engine.retriever.pages.get(str(d.get("doc_id", "")), [])))
            for d in engine.documents
        ]

    @classmethod
    def open(cls, index_dir: Path | str | None, model: str | None = None,
             progress: BuildProgress | None = None, docs: Sequence[str] = ()) -> Backend:
        """Open the index (`index_dir` None: the default location, built from the bundled report on first use),
        then warm up the query path."""
        backend = cls(Engine.open(index_dir, model=model, build=True, progress=progress), docs=docs)
        if progress:
            progress("warming up", 0, 1)
        backend.warm_up()
        return backend

    def warm_up(self) -> None:
        """Load the tokenizer dictionary, the query encoder and the rest of the query path now, so the first
        question is fast."""
        self.engine.warm_up()
        self.engine.search(WARM_UP_QUESTION, k=1)

    # -- asking ---------------------------------------------------------------------------------------------
    def ask(self, question: str) -> Answer:
        # explain is cheap; the "why" screen (w) shows it
        return self.engine.ask(question, k=5, explain=True, docs=self.scope)

    @staticmethod
    def check_question(question: str) -> str:
        """The question as the engine will see it; raises UsageError with a one-line reason."""
        return validate_question(question)

    @staticmethod
    def terms(question: str) -> list[str]:
        """The question's search terms, as the retriever tokenises them (for highlighting)."""
        return tokenize(question)

    # -- pages ----------------------------------------------------------------------------------------------
    def doc(self, doc_id: str | None) -> DocInfo:
        for info in self.docs:
            if info.doc_id == doc_id:
                return info
        return self.docs[0]

    def page_text(self, doc_id: str, page: int) -> str:
        return self.engine.page_text(doc_id, page)

    def page_count(self, doc_id: str) -> int:
        return len(self.engine.retriever.pages.get(doc_id, []))

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self.engine.retriever.chunk(chunk_id)

    def document(self, doc_id: str) -> Document:
        """The indexed document, rebuilt from the index's stored pages (no need for the source file)."""
        info = self.doc(doc_id)
        pages: list[Page] = self.engine.retriever.pages.get(info.doc_id, [])
        sources = [str(d.get("source", "")) for d in self.engine.documents if d.get("doc_id") == info.doc_id]
        source = sources[0] if sources else ""
        return Document(doc_id=info.doc_id, title=info.title, source=source, pages=tuple(pages))

    # -- fact-check -----------------------------------------------------------------------------------------
    def fact_check(self, doc_id: str) -> FactReport:
        """Run the fact-check package on one indexed document (cached: the index does not change)."""
        if doc_id in self._reports:
            return self._reports[doc_id]
        checker = self._checker
        if checker is None:
            try:
                from esgqa.factcheck.check import run_check
            except ImportError as exc:
                raise EsgqaError(f"fact-checking is not available in this build ({exc})") from None
            checker = run_check
        report = checker([self.document(doc_id)])
        result = FactReport.from_dict(report.to_dict())
        self._reports[doc_id] = result
        return result
