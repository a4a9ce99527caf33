"""The main screen: ask a question, read the cited answer, open the evidence pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.worker import get_current_worker

from esgqa.errors import EsgqaError
from esgqa.qa.types import Answer, Passage
from esgqa.tui.render import answer_text, evidence_prompt, status_text
from esgqa.tui.screens.page import PageScreen
from esgqa.tui.session import Session, number_evidence
from esgqa.tui.widgets import AnswerView, BuildStatus, EvidenceList, HistoryInput

# the evidence list's printable keys: 1-9 open a passage, w explains the answer, c copies it; any other
# printable key, typed while the question box is not focused, starts a new question with that character.
# Questions often begin with a year or a count ("2023财年…", "3家门店…"), so these keys act only when the reviewer
# moved to the answer or the evidence list (Tab, a click): an answer leaves the focus in the question box.
EVIDENCE_KEYS = frozenset("123456789wc")


@dataclass(frozen=True)
class Rendered:
    """An answer with everything the screen shows, prepared off the UI thread."""

    seq: int
    answer: Answer
    evidence: list[Passage]
    terms: list[str]
    answer_text: Text
    prompts: list[Text]


class AskScreen(Screen[None]):
    DEFAULT_CSS = """
    AskScreen #question { margin: 0 1; }
    AskScreen AnswerView, AskScreen EvidenceList { margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "open_evidence(1)", "Open evidence", key_display="1-9"),
        *(Binding(str(n), f"open_evidence({n})", f"Open [{n}]", show=False) for n in range(2, 10)),
        Binding("w", "why", "Why"),
        Binding("escape", "new_question", "New question", key_display="Esc"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._seq = 0
        self._pending: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield BuildStatus(id="build")
        yield HistoryInput(self.session.history_file, id="question",
                           placeholder="Ask about the report, e.g. 自建数据中心的PUE是多少？  (↑/↓ history)")
        yield AnswerView(id="answer")
        yield EvidenceList(id="evidence")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(AnswerView).show(status_text(
            "Type a question and press Enter. Citations open the page: Enter or 1–9 on the evidence list.",
            "dim"))
        self.query_one(HistoryInput).focus()
        if self.session.backend is not None:
            self.backend_ready()

    # -- engine lifecycle (called by the app) ----------------------------------------------------------------
    def build_progress(self, label: str, done: int, total: int) -> None:
        self.query_one(BuildStatus).update_progress(label, done, total)

    def backend_ready(self) -> None:
        self.query_one(BuildStatus).finish()
        if self._pending is not None:
            question, self._pending = self._pending, None
            self.start_ask(question)

    def backend_failed(self, message: str) -> None:
        self.query_one(BuildStatus).fail(f"Cannot open the index: {message}")

    # -- asking ----------------------------------------------------------------------------------------------
    @on(HistoryInput.Submitted, "#question")
    def submitted(self, event: HistoryInput.Submitted) -> None:
        self.ask(event.value)

    def ask(self, question: str) -> None:
        """Validate, remember and start answering `question` (queued while the index is still loading)."""
        from esgqa.tui.backend import Backend

        try:
            question = Backend.check_question(question)
        except EsgqaError as exc:
            self.notify(str(exc), title="Cannot ask that", severity="warning", markup=False)
            return
        if self.session.load_error is not None:
            self.notify(f"The index could not be opened: {self.session.load_error}", severity="error",
                        markup=False)
            return
        box = self.query_one(HistoryInput)
        box.remember(question)
        box.value = ""
        if self.session.backend is None:
            self._pending = question
            self.query_one(AnswerView).show(status_text("The index is still loading; your question will be "
                                                        "answered as soon as it is ready.", "dim"))
            return
        self.start_ask(question)

    def start_ask(self, question: str) -> None:
        self._seq += 1
        self.query_one(AnswerView).border_title = Text(f"Answering: {question}")  # user text: never markup
        self.answer_worker(self._seq, question)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def answer_worker(self, seq: int, question: str) -> None:
        """Runs off the UI thread; a newer question cancels this one (its result is then dropped)."""
        backend = self.session.backend
        assert backend is not None
        try:
            answer = backend.ask(question)
            terms = backend.terms(question)
            evidence = number_evidence(answer)
            cited = {c.chunk_id for c in answer.citations}
            titles = self.session.titles if len(backend.docs) > 1 else {}
            rendered = Rendered(seq, answer, evidence, terms, answer_text(answer, evidence, terms, titles), [
                evidence_prompt(i, p, p.chunk_id in cited, terms, answer.value, titles.get(p.doc_id, ""))
                for i, p in enumerate(evidence, start=1)
            ])
        except EsgqaError as exc:
            self.app.call_from_thread(self.show_error, seq, str(exc))
            return
        except Exception as exc:  # a bug must not take the reviewer's session down
            self.app.call_from_thread(self.show_error, seq, f"internal error: {type(exc).__name__}: {exc}")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_answer, rendered)

    def show_error(self, seq: int, message: str) -> None:
        if seq == self._seq:
            self.query_one(AnswerView).border_title = "Answer"
            self.notify(message, title="Could not answer", severity="error", markup=False)

    def show_answer(self, rendered: Rendered) -> None:
        if rendered.seq != self._seq:
            return  # a newer question is on its way
        self.session.answer = rendered.answer
        self.session.evidence = rendered.evidence
        self.session.terms = rendered.terms
        answer = rendered.answer
        title = "No answer" if answer.abstained else "Possible answer" if answer.confidence == "low" else "Answer"
        self.query_one(AnswerView).show(rendered.answer_text, f"{title} · {rendered.answer.question}")
        evidence = self.query_one(EvidenceList)
        evidence.show(rendered.prompts)
        self.app.refresh_bindings()

    # -- opening pages ---------------------------------------------------------------------------------------
    def action_open_evidence(self, number: int) -> None:
        if not 1 <= number <= len(self.session.evidence):
            self.notify(f"There is no evidence [{number}].", severity="warning", markup=False)
            return
        passage = self.session.evidence[number - 1]
        self.open_passage(passage)

    def open_passage(self, passage: Passage) -> None:
        backend = self.session.backend
        if backend is None:
            return
        answer = self.session.answer
        quoted = [s.text for s in answer.sentences if s.chunk_id == passage.chunk_id] if answer else []
        sentence = quoted[0] if quoted else None
        focus = self.session.answer_focus(target=sentence or passage.text)
        self.app.push_screen(PageScreen(self.session, passage.doc_id, passage.page, focus))

    @on(OptionList.OptionSelected, "#evidence")
    def evidence_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open_evidence(EvidenceList.number_of(event.option))

    def action_why(self) -> None:
        from esgqa.tui.screens.why import WhyScreen

        if self.session.answer is None:
            self.notify("Ask a question first.", severity="warning", markup=False)
            return
        self.app.push_screen(WhyScreen(self.session.answer))

    def question_history(self) -> list[str]:
        return list(self.query_one(HistoryInput).history)

    def action_focus_question(self) -> None:
        self.query_one(HistoryInput).focus()

    def action_new_question(self) -> None:
        """Esc: an empty question box with the focus."""
        box = self.query_one(HistoryInput)
        box.value = ""
        box.focus()

    def on_key(self, event: events.Key) -> None:
        """Typing anywhere on this screen goes to the question box.

        While the answer or the evidence list has focus, `EVIDENCE_KEYS` act on them; every other printable key
        starts a question. Once a question has begun, every key is part of it: at full typing speed the next
        keys arrive before the focus has moved, and they must not be read as key bindings.
        """
        box = self.query_one(HistoryInput)
        if box.has_focus or not event.is_printable or event.character is None:
            return
        typing = bool(box.value)
        if not typing and isinstance(self.focused, AnswerView | EvidenceList) and event.character in EVIDENCE_KEYS:
            return
        self.set_focus(box)  # now, not after the queued keys (Widget.focus() defers)
        box.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        """A paste always goes to the question box, whatever has focus (one line: breaks become spaces)."""
        box = self.query_one(HistoryInput)
        if box.has_focus:
            return
        self.set_focus(box)
        box.insert_text_at_cursor(" ".join(event.text.split()))
        event.stop()
        event.prevent_default()
