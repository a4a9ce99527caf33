"""Widgets of the esgqa TUI."""

from esgqa.tui.widgets.answer_view import AnswerView, EvidenceList
from esgqa.tui.widgets.build_status import BuildStatus
from esgqa.tui.widgets.history_input import HistoryInput
from esgqa.tui.widgets.page_view import PageView

__all__ = ["AnswerView", "BuildStatus", "EvidenceList", "HistoryInput", "PageView"]
