"""Why this answer (w): what the answerer weighed, so a reviewer can judge a figure before trusting it."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from esgqa.qa.types import Answer
from esgqa.tui.screens.dialogs import PanelScreen, two_column_table


def why_table(answer: Answer) -> Table:
    """The explanation as a table; every string from the report or the user is plain Text, never markup."""
    explanation: dict[str, Any] = answer.explanation
    table = two_column_table()
    verdict = f"not found: {answer.abstain_reason}" if answer.abstained else f"answered {answer.value or ''}"
    table.add_row(Text("Outcome"), Text(verdict))
    plan = explanation.get("plan", {})
    terms = plan.get("tokens", []) + [t for t in plan.get("expansions", []) if t not in plan.get("tokens", [])]
    table.add_row(Text("Query terms"), Text(" ".join(terms) or "–"))
    if plan.get("asked_unit") or plan.get("expected_units"):
        asked = plan.get("asked_unit") or " / ".join(u or "bare number" for u in plan.get("expected_units", []))
        table.add_row(Text("Asks for"), Text(asked))
    measured = ", ".join(f"{name} {value:g}" for name, value in explanation.get("abstention", {}).items())
    table.add_row(Text("Measured"), Text(measured or "–"))
    table.add_row(Text(""), Text(""))
    for rank, number in enumerate(explanation.get("numbers", []), start=1):
        because = ", ".join(f"{name} {value:+.2f}" for name, value in number["because"])
        table.add_row(Text(f"{rank}. {number['value']}"),
                      Text(f"p. {number['page']} · score {number['score']:.2f} · {because}"))
        table.add_row(Text(""), Text(number["sentence"], style="dim"))
    if not explanation.get("numbers"):
        table.add_row(Text("Figures"), Text("no figure competed (the question does not ask for a number)"))
    return table


class WhyScreen(PanelScreen):
    DEFAULT_CSS = """
    WhyScreen { align: center middle; }
    WhyScreen > VerticalScroll { width: 95%; max-width: 120; height: 90%; border: thick $primary;
        background: $surface; padding: 0 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,w", "close", "Close")]
    panel_id = "why"

    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer

    def panel_title(self) -> Text:
        return Text(f"Why this answer · {self.answer.question}  (Esc to close)")  # user text: never markup

    def panel(self) -> Table:
        return why_table(self.answer)
