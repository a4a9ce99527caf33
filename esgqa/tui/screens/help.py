"""The help screen: every key, by screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from esgqa.tui.screens.dialogs import PanelScreen, two_column_table

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Everywhere", [
        ("F1 or ?", "this help"),
        ("F2 / F3", "ask screen / fact-check screen"),
        ("F4", "pick the report (when several are indexed)"),
        ("c", "copy the answer with its citations (clipboard, else a file in the user data folder)"),
        ("Ctrl+P", "command palette: every action, recent questions, citations"),
        ("Ctrl+Q", "quit"),
    ]),
    ("Ask", [
        ("Enter", "ask the question; a new question cancels the one running"),
        ("↑ / ↓", "previous / next question from the history"),
        ("Tab", "to the answer and its evidence (an answer leaves the focus in the question box: 2023… is typed)"),
        ("1–9", "there: open evidence [n] on its page"),
        ("w", "there: why this answer: query terms, abstention measurements, the competing figures"),
        ("Enter / click", "open the highlighted evidence; click a [n p.N] citation in the answer"),
        ("any other key", "starts a new question (a paste always goes to the question box)"),
        ("Esc", "new question: an empty question box with the focus"),
    ]),
    ("Page viewer", [
        ("← / → or p / n", "previous / next page"),
        ("g", "go to page N"),
        ("e", "scroll to the next highlight"),
        ("1–9", "jump to the answer's evidence [n]"),
        ("Esc or b", "back"),
    ]),
    ("Fact-check", [
        ("/", "filter numbers by text (number, unit, metric)"),
        ("t", "cycle the status filter"),
        ("s / r", "sort by the next column / reverse (or click a column header)"),
        ("Enter", "numbers → occurrences → open the page"),
        ("v", "switch between numbers and findings"),
        ("Esc", "back to the numbers table / to the ask screen"),
    ]),
]


def help_table() -> Table:
    table = two_column_table()
    for section, keys in KEYS:
        table.add_row(Text(section, style="bold underline"), Text(""))
        for key, what in keys:
            table.add_row(Text(key), Text(what))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(PanelScreen):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%; border: thick $primary;
        background: $surface; padding: 0 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def panel_title(self) -> str:
        return "esgqa keys (Esc to close)"

    def panel(self) -> Table:
        return help_table()
