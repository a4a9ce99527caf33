"""The answer pane and the evidence list of the ask screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class AnswerView(VerticalScroll):
    """A scrollable pane holding one `Text` (never a markup string)."""

    DEFAULT_CSS = """
    AnswerView { height: auto; max-height: 45%; border: round $primary 60%; padding: 0 1; }
    AnswerView:focus-within { border: round $primary; }
    AnswerView > Static { width: 1fr; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Answer"
        self.body = Static(Text(""), id="answer-body")

    def compose(self) -> ComposeResult:
        yield self.body

    def show(self, text: Text, title: str = "Answer") -> None:
        self.border_title = Text(title)  # holds the question: user text, never markup
        self.body.update(text)
        self.scroll_home(animate=False)

    @property
    def plain(self) -> str:
        content = self.body.visual
        return str(content) if content is not None else ""


class EvidenceList(OptionList):
    """Numbered evidence passages; Enter (or a click) opens the highlighted one's page."""

    DEFAULT_CSS = """
    EvidenceList { height: 1fr; border: round $primary 60%; }
    EvidenceList:focus { border: round $primary; }
    EvidenceList > .option-list--option { padding: 0 1; }
    """
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Evidence"

    @staticmethod
    def number_of(option: Option) -> int:
        """The evidence number [n] of an option of this list."""
        return int((option.id or "e0")[1:])

    def show(self, prompts: list[Text]) -> None:
        self.clear_options()
        options: list[Option | None] = []
        for i, prompt in enumerate(prompts):
            if i:
                options.append(None)  # a separator line between passages
            options.append(Option(prompt, id=f"e{i + 1}"))
        self.add_options(options)
        self.border_title = f"Evidence ({len(prompts)}) · Tab, then Enter or 1–{min(9, len(prompts))} opens the page" \
            if prompts else "Evidence"
        if prompts:
            self.highlighted = 0
