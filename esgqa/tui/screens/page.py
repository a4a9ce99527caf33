"""The page viewer: a whole report page with the evidence highlighted and scrolled into view."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from esgqa.tui.highlight import Span, chunk_span, locate, page_text
from esgqa.tui.screens.dialogs import GoToPageDialog
from esgqa.tui.session import PageFocus, Session
from esgqa.tui.widgets import PageView


class PageScreen(Screen[None]):
    DEFAULT_CSS = """
    PageScreen #page-info { height: 1; margin: 0 1; color: $text-muted; }
    PageScreen PageView { margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("backspace,b", "back", "Back", show=False),
        Binding("left,p", "turn(-1)", "Prev", key_display="←/p"),
        Binding("right,n", "turn(1)", "Next", key_display="→/n"),
        Binding("g", "go_to", "Go to page"),
        Binding("e", "next_highlight", "Highlight"),
        *(Binding(str(n), f"open_citation({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, session: Session, doc_id: str, page: int, focus: PageFocus | None = None) -> None:
        super().__init__()
        self.session = session
        self.doc_id = doc_id
        self.page = page
        self.focus_info = focus or PageFocus()
        self.anchors: list[int] = []
        self._anchor_index = 0
        self._target = self.focus_info.target

    @property
    def page_count(self) -> int:
        return self.session.backend.page_count(self.doc_id) if self.session.backend else 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(""), id="page-info")
        yield PageView(id="page")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.show_page(self.page)
        self.query_one(PageView).focus()

    def spans(self, plain: str) -> tuple[list[Span], list[Span], list[Span]]:
        """(evidence, sentences, snippets) on the current page."""
        focus, page = self.focus_info, self.page
        evidence = [s for c in focus.chunks if c.doc_id == self.doc_id and c.page == page
                    if (s := chunk_span(plain, c)) is not None]
        sentences = [s for p, t in focus.sentences if p == page if (s := locate(plain, t)) is not None]
        snippets = [s for p, t in focus.snippets if p == page if (s := locate(plain, t)) is not None]
        return evidence, sentences, snippets

    async def show_page(self, page: int) -> None:
        backend = self.session.backend
        if backend is None:
            return
        self.page = page
        plain = backend.page_text(self.doc_id, page)
        evidence, sentences, snippets = self.spans(plain)
        target = locate(plain, self._target) if self._target else None
        self._target = None  # the target applies to the first page shown only
        marks = sentences + snippets or evidence
        self.anchors = sorted({start for start, _ in [*marks, *([target] if target else [])]})
        anchor = target[0] if target else (self.anchors[0] if self.anchors else None)
        self._anchor_index = self.anchors.index(anchor) if anchor in self.anchors else 0
        text = page_text(plain or "(this page has no text)", evidence, sentences + snippets,
                         self.focus_info.terms, self.focus_info.value)
        await self.query_one(PageView).show(text, anchor)
        info = self.session.backend.doc(self.doc_id) if self.session.backend else None
        self.title = info.title if info else "esgqa"
        self.sub_title = f"page {page} of {self.page_count}"
        found = len(sentences + snippets) or len(evidence)
        hint = f"{found} highlighted · e: next highlight" if found else "no highlights on this page"
        self.query_one("#page-info", Static).update(Text(f"Page {page} / {self.page_count} · {hint}"))

    async def action_turn(self, step: int) -> None:
        target = self.page + step
        if 1 <= target <= self.page_count:
            await self.show_page(target)
        else:
            self.notify("First page." if step < 0 else "Last page.", severity="information", timeout=1.5)

    def action_go_to(self) -> None:
        def chosen(page: int | None) -> None:
            if page is not None:
                self.run_worker(self.show_page(page), exclusive=True, group="page")

        self.app.push_screen(GoToPageDialog(self.page_count, self.page), chosen)

    def action_next_highlight(self) -> None:
        if not self.anchors:
            self.notify("No highlights on this page.", timeout=1.5)
            return
        self._anchor_index = (self._anchor_index + 1) % len(self.anchors)
        self.query_one(PageView).scroll_to_offset(self.anchors[self._anchor_index])

    async def action_open_citation(self, number: int) -> None:
        citations = self.focus_info.citations
        if not 1 <= number <= len(citations):
            return
        passage = citations[number - 1]
        if passage.doc_id != self.doc_id:
            self.doc_id = passage.doc_id
        self._target = next((t for p, t in self.focus_info.sentences if p == passage.page), passage.text)
        await self.show_page(passage.page)

    def action_back(self) -> None:
        self.dismiss()
