"""Small modal dialogs: go to page N, pick a document."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from esgqa.tui.backend import DocInfo

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 64; height: auto; max-height: 80%; border: thick $primary; background: $surface;
    padding: 1 2; }}
{name} Static {{ margin-bottom: 1; }}
"""


def two_column_table() -> Table:
    """The key/value layout of the help and "why" panels: a bold left column, the text wrapping on the right."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold #87d7ff", no_wrap=True)
    table.add_column(ratio=1)
    return table


class PanelScreen(ModalScreen[None]):
    """A scrollable read-only panel over the current screen; subclasses give the size, keys and content."""

    panel_id: ClassVar[str | None] = None

    def panel_title(self) -> str | Text:
        raise NotImplementedError

    def panel(self) -> RenderableType:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.panel_title()
            yield Static(self.panel(), id=self.panel_id)

    def action_close(self) -> None:
        self.dismiss()


class GoToPageDialog(ModalScreen[int | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="GoToPageDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, page_count: int, current: int) -> None:
        super().__init__()
        self.page_count = page_count
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Go to page (1–{self.page_count}), Enter to open, Esc to cancel"))
            yield Input(placeholder=str(self.current), type="integer", id="page-number")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value.isdigit() or not 1 <= int(value) <= self.page_count:
            self.notify(f"Enter a page number from 1 to {self.page_count}.", severity="warning")
            return
        self.dismiss(int(value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class DocumentPicker(ModalScreen[str | None]):
    """Choose the report that the fact-check screen and "go to page" work on."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DocumentPicker") + "DocumentPicker OptionList { height: auto; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, docs: list[DocInfo], current: str | None) -> None:
        super().__init__()
        self.docs = docs
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Pick a report (Enter to choose, Esc to cancel)"))
            yield OptionList(*(Option(self._label(d), id=d.doc_id) for d in self.docs), id="docs")

    def _label(self, doc: DocInfo) -> Text:
        text = Text("● " if doc.doc_id == self.current else "  ", style="bold")
        text.append(doc.title)
        text.append(f"  ({doc.page_count} pages)", style="dim")
        return text

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next((i for i, d in enumerate(self.docs) if d.doc_id == self.current), 0)
        options.focus()

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
