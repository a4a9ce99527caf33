"""The fact-check tables: headline numbers (sortable, filterable), their occurrences, the findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from esgqa.tui.factdata import Finding, NumberRow, Occurrence
from esgqa.tui.highlight import excerpt, highlight_numbers, shorten

SORT_COLUMNS: tuple[str, ...] = ("number", "metric", "status", "pages", "count")
_SORT_KEYS: dict[str, Callable[[NumberRow], Any]] = {
    "number": lambda r: (r.value is None, r.value or 0.0, r.text),
    "metric": lambda r: (r.metric == "", r.metric),
    "status": lambda r: (r.status, r.text),
    "pages": lambda r: (r.pages[:1] or (10**9,), r.text),
    "count": lambda r: (-len(r.occurrences), r.text),
}
_BAD = ("contradict", "arithmetic", "not found", "conflict", "inconsisten", "mismatch", "error", "high")
_GOOD = ("consistent", "ok", "agree", "verified", "confirmed")


def status_style(status: str) -> Style:
    lowered = status.lower()
    if any(word in lowered for word in _BAD) and not lowered.startswith("consistent"):
        return Style(color="#ff5f5f", bold=True)
    if any(word in lowered for word in _GOOD):
        return Style(color="#87d787")
    return Style(color="#ffd75f")


def pages_label(pages: tuple[int, ...], limit: int = 8) -> str:
    shown = ", ".join(map(str, pages[:limit]))
    return shown + (f" … (+{len(pages) - limit})" if len(pages) > limit else "")


def matches(row: NumberRow, query: str, status: str) -> bool:
    if status and row.status != status:
        return False
    if not query:
        return True
    query = query.lower()
    return any(query in field.lower() for field in (row.text, row.unit, row.metric, row.status))


class NumbersTable(DataTable[Text]):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_by_key: dict[str, NumberRow] = {}

    def on_mount(self) -> None:
        for key, label in zip(SORT_COLUMNS, ("Number", "Metric", "Status", "Pages", "Occ."), strict=True):
            self.add_column(Text(label), key=key)

    def populate(self, rows: list[NumberRow], query: str, status: str, sort: str | None,
                 reverse: bool) -> int:
        """Show the rows that match, sorted; keep the cursor on the same number when it is still shown."""
        keep = self.current_key()
        shown = [r for r in rows if matches(r, query, status)]
        if sort is not None:
            shown.sort(key=_SORT_KEYS[sort], reverse=reverse)
        self.clear()
        self.rows_by_key = {r.key: r for r in shown}
        for row in shown:
            self.add_row(
                Text(row.text, style="bold"), Text(shorten(row.metric, 34)),
                Text(row.status, style=status_style(row.status)), Text(pages_label(row.pages)),
                Text(str(len(row.occurrences)), justify="right"), key=row.key,
            )
        if keep in self.rows_by_key:
            self.move_cursor(row=self.get_row_index(keep))
        return len(shown)

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def current(self) -> NumberRow | None:
        key = self.current_key()
        return self.rows_by_key.get(key) if key is not None else None


class OccurrenceTable(DataTable[Text]):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[Occurrence] = []

    def on_mount(self) -> None:
        self.add_column(Text("Page"), key="page")
        self.add_column(Text("Metric"), key="metric")
        self.add_column(Text("Period"), key="period")
        self.add_column(Text("Sentence"), key="text")

    def populate(self, items: tuple[Occurrence, ...] | list[Occurrence], value: str | None = None) -> None:
        self.clear()
        self.items = sorted(items, key=lambda o: o.page)
        # page, metric and period take about 50 cells; a table on a hidden tab has no size yet: use the screen's
        width = max(30, (self.size.width or self.app.size.width) - 50)
        for i, item in enumerate(self.items):
            sentence = Text(excerpt(item.text, value or item.value, width))
            highlight_numbers(sentence, value or item.value or None)
            metric = Text(shorten(item.metric, 24), style="" if item.same_metric else "italic #ffaf5f")
            self.add_row(Text(str(item.page), justify="right"), metric,
                         Text(shorten(item.period, 14)), sentence, key=f"o{i}")

    def current(self) -> Occurrence | None:
        row = self.cursor_row
        return self.items[row] if self.items and 0 <= row < len(self.items) else None


class FindingsTable(DataTable[Text]):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[Finding] = []

    def on_mount(self) -> None:
        columns = (("severity", "Severity"), ("kind", "Kind"), ("metric", "Metric"), ("period", "Period"),
                   ("values", "Values"), ("pages", "Pages"))
        for key, label in columns:
            self.add_column(Text(label), key=key)

    def populate(self, findings: list[Finding]) -> None:
        self.clear()
        self.items = list(findings)
        for i, finding in enumerate(self.items):
            self.add_row(Text(finding.severity, style=status_style(finding.severity)),
                         Text(finding.kind), Text(shorten(finding.metric, 30)),
                         Text(shorten(", ".join(finding.periods) or "-", 16)),
                         Text(shorten(" ≠ ".join(finding.values), 30)), Text(pages_label(finding.pages)),
                         key=f"f{i}")

    def current(self) -> Finding | None:
        row = self.cursor_row
        return self.items[row] if self.items and 0 <= row < len(self.items) else None
