"""The esgqa Textual app: opens (or first builds) the index in a worker, then hosts the screens."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from esgqa.errors import EsgqaError
from esgqa.index.location import resolve_location
from esgqa.tui.backend import Backend
from esgqa.tui.commands import esgqa_commands
from esgqa.tui.export import copy_text, format_answer
from esgqa.tui.screens.ask import AskScreen
from esgqa.tui.screens.dialogs import DocumentPicker, GoToPageDialog
from esgqa.tui.screens.factcheck import FactCheckScreen
from esgqa.tui.screens.help import HelpScreen
from esgqa.tui.screens.page import PageScreen
from esgqa.tui.session import Session

CHECK_MODE = "check"
ASK_MODE = "ask"


def default_history_file() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("esgqa", appauthor=False)) / "tui_history.txt"


class EsgqaApp(App[None]):
    TITLE = "esgqa"
    DEFAULT_MODE = ASK_MODE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="F1"),
        Binding("f2", "focus_question", "Ask", key_display="F2"),
        Binding("f3", "check_mode", "Fact-check", key_display="F3"),
        Binding("f4", "pick_document", "Report", key_display="F4"),
        Binding("c", "copy_answer", "Copy"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, index_dir: Path | str | None = None, model: str | None = None,
                 history_file: Path | None = None, clipboard_dir: Path | None = None,
                 backend: Backend | None = None, docs: list[str] | None = None) -> None:
        """`backend`: an already opened engine (embedding, tests); else the index is opened on mount. `docs`:
        the reports questions are kept to (ids or titles)."""
        super().__init__()
        self._preloaded = backend
        self.session = Session(index_dir=str(index_dir) if index_dir else None, model=model,
                               history_file=history_file, docs=list(docs or []))
        self.clipboard_dir = clipboard_dir
        self.ask_screen = AskScreen(self.session)
        self.check_screen: FactCheckScreen | None = None
        self.add_mode(ASK_MODE, lambda: self.ask_screen)
        self.add_mode(CHECK_MODE, self._make_check_screen)

    def _make_check_screen(self) -> Screen[None]:
        self.check_screen = FactCheckScreen(self.session)
        return self.check_screen

    def on_mount(self) -> None:
        if self._preloaded is not None:
            self.backend_ready(self._preloaded)
        else:
            self.load_worker()

    # -- opening the engine ----------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_worker(self) -> None:
        location = resolve_location(self.session.index_dir)
        building = isinstance(location, Path) and not (location / "manifest.json").exists()
        label = "Building the index (first run only)" if building else "Opening the index"
        self.call_from_thread(self.ask_screen.build_progress, f"{label}: reading the report…", 0, 0)

        def progress(stage: str, done: int, total: int) -> None:
            self.call_from_thread(self.ask_screen.build_progress, f"{label}: {stage}", done, total)

        try:
            backend = Backend.open(self.session.index_dir, model=self.session.model, progress=progress,
                                   docs=self.session.docs)
        except EsgqaError as exc:
            self.call_from_thread(self.backend_failed, str(exc))
            return
        except Exception as exc:  # show it; the reviewer can still quit cleanly
            self.call_from_thread(self.backend_failed, f"internal error: {type(exc).__name__}: {exc}")
            return
        self.call_from_thread(self.backend_ready, backend)

    def backend_ready(self, backend: Backend) -> None:
        self.session.backend = backend
        self.session.doc_id = backend.docs[0].doc_id if backend.docs else None
        self.sub_title = backend.doc(self.session.doc_id).title if backend.docs else ""
        if self.ask_screen.is_mounted:
            self.ask_screen.backend_ready()  # else it picks the backend up when it mounts
        if self.check_screen is not None and self.check_screen.is_current:
            self.check_screen.refresh_report()
        if len(backend.docs) > 1:
            self.notify(f"{len(backend.docs)} reports are indexed; press F4 to choose the one to browse.",
                        title="Several reports")

    def backend_failed(self, message: str) -> None:
        self.session.load_error = message
        self.ask_screen.backend_failed(message)
        self.notify(message, title="Cannot open the index", severity="error", timeout=30, markup=False)

    def require_backend(self) -> Backend | None:
        if self.session.backend is None:
            self.notify(self.session.load_error or "The index is still loading.", severity="warning", markup=False)
        return self.session.backend

    # -- actions ---------------------------------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing here, so the footer shows only what works."""
        if action == "focus_question":
            return self.screen is not self.ask_screen
        if action == "check_mode":
            return not isinstance(self.screen, FactCheckScreen)
        if action == "pick_document":
            return self.session.backend is not None and len(self.session.backend.docs) > 1
        if action == "copy_answer":
            return self.session.answer is not None and not isinstance(self.screen, FactCheckScreen)
        return True

    def action_check_mode(self) -> None:
        self.switch_mode(CHECK_MODE)

    def action_focus_question(self) -> None:
        self.switch_mode(ASK_MODE)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.ask_screen.action_focus_question()

    def ask_again(self, question: str) -> None:
        self.action_focus_question()
        self.ask_screen.ask(question)

    def open_evidence(self, number: int) -> None:
        self.action_focus_question()
        self.ask_screen.action_open_evidence(number)

    def action_copy_answer(self) -> None:
        answer = self.session.answer
        if answer is None:
            self.notify("Ask a question first; then c copies the answer with its citations.",
                        severity="warning")
            return
        text = format_answer(answer, self.session.titles)
        result = copy_text(text, self.clipboard_dir)
        if result.clipboard:
            self.notify("Copied the answer and its citations to the clipboard.")
            return
        self.copy_to_clipboard(text)  # OSC 52: works in terminals that allow it, harmless elsewhere
        where = str(result.path) if result.path else "nowhere (no writable folder)"
        self.notify(f"No system clipboard; appended the answer to {where} (also sent to the terminal's "
                    "clipboard).", markup=False, timeout=8)

    def action_pick_document(self) -> None:
        backend = self.require_backend()
        if backend is None:
            return
        if len(backend.docs) < 2:
            self.notify(f"Only one report is indexed: {backend.doc(None).title}", markup=False)
            return

        def chosen(doc_id: str | None) -> None:
            if doc_id is None or doc_id == self.session.doc_id:
                return
            self.session.doc_id = doc_id
            self.sub_title = backend.doc(doc_id).title
            if self.check_screen is not None and self.check_screen.is_current:
                self.check_screen.refresh_report()

        self.push_screen(DocumentPicker(backend.docs, self.session.doc_id), chosen)

    def action_go_to_page(self) -> None:
        backend = self.require_backend()
        if backend is None:
            return
        doc = backend.doc(self.session.doc_id)

        def chosen(page: int | None) -> None:
            if page is not None:
                self.push_screen(PageScreen(self.session, doc.doc_id, page, self.session.answer_focus()))

        self.push_screen(GoToPageDialog(doc.page_count, 1), chosen)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from esgqa_commands(self)
