"""Command palette entries (Ctrl+P): every action, the answer's evidence, recent questions.

The palette parses titles and help as markup, so any report or user text is escaped first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape

from esgqa.tui.highlight import shorten

if TYPE_CHECKING:
    from esgqa.tui.app import EsgqaApp


def _command(title: str, help_text: str, callback: Callable[[], object],
             discover: bool = True) -> SystemCommand:
    return SystemCommand(escape(title), escape(help_text), callback, discover)


def esgqa_commands(app: EsgqaApp) -> Iterator[SystemCommand]:
    session = app.session
    yield _command("Ask a question", "Go to the question box", app.action_focus_question)
    yield _command("Fact-check the numbers", "Headline numbers, their pages and the findings (F3)",
                   app.action_check_mode)
    yield _command("Copy the answer", "Answer with its citations to the clipboard, else to a file (c)",
                   app.action_copy_answer)
    yield _command("Why this answer", "What was weighed: query terms, measurements, competing figures (w)",
                   app.ask_screen.action_why)
    yield _command("Go to page…", "Open a page of the current report in the page viewer",
                   app.action_go_to_page)
    yield _command("Pick the report", "Choose among the indexed reports (F4)", app.action_pick_document)
    yield _command("Keys and help", "Every key binding (F1)", app.action_help)
    for number, passage in enumerate(session.evidence[:9], start=1):
        yield _command(f"Open evidence [{number}] p.{passage.page}", shorten(passage.text, 70),
                       partial(app.open_evidence, number))
    for question in reversed(app.ask_screen.question_history()[-20:]):
        yield _command(f"Ask again: {shorten(question, 60)}", "", partial(app.ask_again, question),
                       discover=False)
