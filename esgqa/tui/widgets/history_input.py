"""The question input: Enter asks, up/down walk the history (kept across sessions when given a file)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

log = logging.getLogger(__name__)
MAX_HISTORY = 500


class HistoryInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous question", show=False),
        Binding("down", "history(1)", "Next question", show=False),
    ]

    def __init__(self, history_file: Path | None = None, *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.history_file = history_file
        self.history: list[str] = self._load()
        self._cursor = len(self.history)
        self._draft = ""

    def _load(self) -> list[str]:
        if self.history_file is None or not self.history_file.exists():
            return []
        try:
            lines = self.history_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
        return [line for line in lines if line.strip()][-MAX_HISTORY:]

    def remember(self, question: str) -> None:
        """Add a question (moved to the end if asked before) and reset the cursor."""
        question = " ".join(question.split())
        if question:
            if question in self.history:
                self.history.remove(question)
            self.history.append(question)
            del self.history[:-MAX_HISTORY]
            self._save()
        self._cursor = len(self.history)
        self._draft = ""

    def _save(self) -> None:
        if self.history_file is None:
            return
        try:
            self.history_file.parent.mkdir(parents=True, exist_ok=True)
            self.history_file.write_text("\n".join(self.history) + "\n", encoding="utf-8")
        except OSError as exc:  # history is a convenience; never fail a question for it
            log.debug("cannot save history: %s", exc)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._cursor == len(self.history):
            self._draft = self.value
        self._cursor = max(0, min(len(self.history), self._cursor + step))
        self.value = self._draft if self._cursor == len(self.history) else self.history[self._cursor]
        self.cursor_position = len(self.value)
