"""The index build / load progress shown above the question while the engine is being opened."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class BuildStatus(Horizontal):
    DEFAULT_CSS = """
    BuildStatus { height: 1; margin: 0 1; }
    BuildStatus.-hidden { display: none; }
    BuildStatus.-failed { height: auto; }
    BuildStatus.-failed > Static { max-width: 100%; color: $error; }
    BuildStatus.-failed > ProgressBar { display: none; }
    BuildStatus > Static { width: auto; max-width: 60%; margin-right: 2; }
    BuildStatus > ProgressBar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("Opening the index…"), id="build-label")
        yield ProgressBar(total=None, show_eta=False, id="build-bar")

    def update_progress(self, label: str, done: int, total: int) -> None:
        self.query_one("#build-label", Static).update(Text(label))
        bar = self.query_one("#build-bar", ProgressBar)
        if total > 0:
            bar.update(total=total, progress=done)
        else:
            bar.update(total=None)

    def fail(self, message: str) -> None:
        self.add_class("-failed")
        self.query_one("#build-label", Static).update(Text(message))

    def finish(self) -> None:
        self.add_class("-hidden")
