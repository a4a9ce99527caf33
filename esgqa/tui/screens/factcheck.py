"""The fact-check screen: headline numbers with status and pages, their occurrences, the findings."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static, TabbedContent, TabPane

from esgqa.errors import EsgqaError
from esgqa.tui.factdata import FactReport, Occurrence
from esgqa.tui.highlight import passage_text
from esgqa.tui.screens.page import PageScreen
from esgqa.tui.session import PageFocus, Session
from esgqa.tui.widgets.fact_tables import SORT_COLUMNS, FindingsTable, NumbersTable, OccurrenceTable

ALL = ""


class FactCheckScreen(Screen[None]):
    DEFAULT_CSS = """
    FactCheckScreen #filters { height: 3; margin: 0 1; }
    FactCheckScreen #filter { width: 1fr; }
    FactCheckScreen #status { width: 28; }
    FactCheckScreen #counts { width: auto; padding: 1 1 0 1; color: $text-muted; }
    FactCheckScreen #tabs { height: 1fr; }
    FactCheckScreen TabPane, FactCheckScreen TabPane > Vertical { height: 1fr; padding: 0; }
    FactCheckScreen #numbers, FactCheckScreen #occurrences, FactCheckScreen #findings { height: 1fr; }
    FactCheckScreen #finding-evidence { height: 1fr; }
    FactCheckScreen .caption { height: auto; max-height: 5; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("t", "cycle_status", "Status"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("r", "reverse_sort", "Reverse", show=False),
        Binding("v", "toggle_view", "Numbers/Findings"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.report: FactReport | None = None
        self.report_doc: str | None = None
        self.sort: str | None = None
        self.reverse = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Filter numbers (/): 1.215, 万吨, PUE …", id="filter")
            yield Select[str]([("All statuses", ALL)], value=ALL, allow_blank=False, id="status")
            yield Static(Text(""), id="counts")
        with TabbedContent(id="tabs"):
            with TabPane("Numbers", id="numbers-tab"), Vertical():
                yield NumbersTable(id="numbers")
                yield Static(Text("Select a number to see every occurrence."), id="occ-title",
                             classes="caption")
                yield OccurrenceTable(id="occurrences")
            with TabPane("Findings", id="findings-tab"), Vertical():
                yield FindingsTable(id="findings")
                yield Static(Text(""), id="explanation", classes="caption")
                yield OccurrenceTable(id="finding-evidence")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        self.refresh_report()

    def refresh_report(self) -> None:
        """(Re)run the check when the document changed or it has not run yet."""
        backend = self.session.backend
        if backend is None:
            self.title = "Fact-check"
            waiting = "the index could not be opened" if self.session.load_error else "waiting for the index…"
            self.query_one("#counts", Static).update(Text(waiting))
            return
        doc = backend.doc(self.session.doc_id)
        self.title, self.sub_title = "Fact-check", doc.title
        if self.report_doc == doc.doc_id:
            return
        self.report_doc = doc.doc_id
        self.query_one("#tabs").loading = True
        self.query_one("#counts", Static).update(Text("checking the numbers…"))
        self.check_worker(doc.doc_id)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def check_worker(self, doc_id: str) -> None:
        backend = self.session.backend
        assert backend is not None
        try:
            report = backend.fact_check(doc_id)
        except EsgqaError as exc:
            self.app.call_from_thread(self.check_failed, doc_id, str(exc))
            return
        except Exception as exc:  # never crash the session on a fact-check bug
            message = f"internal error: {type(exc).__name__}: {exc}"
            self.app.call_from_thread(self.check_failed, doc_id, message)
            return
        self.app.call_from_thread(self.show_report, doc_id, report)

    def check_failed(self, doc_id: str, message: str) -> None:
        self.query_one("#tabs").loading = False
        self.report_doc = None  # try again next time the screen is shown
        self.query_one("#counts", Static).update(Text("fact-check failed"))
        self.notify(message, title="Fact-check failed", severity="error", markup=False)

    def show_report(self, doc_id: str, report: FactReport) -> None:
        if doc_id != self.report_doc:
            return
        self.report = report
        self.query_one("#tabs").loading = False
        options = [(Text("All statuses"), ALL), *((Text(s), s) for s in report.statuses)]
        self.query_one("#status", Select).set_options(options)
        self.query_one("#status", Select).value = ALL
        self.query_one(FindingsTable).populate(report.findings)
        self.query_one(TabbedContent).get_tab("findings-tab").label = f"Findings ({len(report.findings)})"
        self.apply_filters()
        self.query_one(NumbersTable).focus()

    # -- numbers ---------------------------------------------------------------------------------------------
    def apply_filters(self) -> None:
        if self.report is None:
            return
        status = self.query_one("#status", Select).value
        query = self.query_one("#filter", Input).value.strip()
        table = self.query_one(NumbersTable)
        shown = table.populate(self.report.numbers, query, status if isinstance(status, str) else ALL,
                               self.sort, self.reverse)
        self.query_one(TabbedContent).get_tab("numbers-tab").label = f"Numbers ({shown})"
        total = len(self.report.numbers)
        sort = f" · sorted by {self.sort}{' ↓' if self.reverse else ''}" if self.sort else ""
        self.query_one("#counts", Static).update(Text(f"{shown} of {total} numbers{sort}"))
        self.show_occurrences()

    @on(Input.Changed, "#filter")
    @on(Select.Changed, "#status")
    def filters_changed(self) -> None:
        self.apply_filters()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(NumbersTable).focus()

    def show_occurrences(self) -> None:
        row = self.query_one(NumbersTable).current()
        table = self.query_one("#occurrences", OccurrenceTable)
        if row is None:
            table.populate([])
            self.query_one("#occ-title", Static).update(Text("No number selected."))
            return
        table.populate(row.occurrences, row.text)
        caption = Text(f"{row.text}", style="bold")
        pages = ", ".join(map(str, row.pages))
        count = len(row.occurrences)
        caption.append(f" · {row.status} · {count} occurrences on pages {pages} · Enter opens the page")
        self.query_one("#occ-title", Static).update(caption)

    @on(DataTable.RowHighlighted, "#numbers")
    def number_highlighted(self) -> None:
        self.show_occurrences()

    @on(DataTable.RowSelected, "#numbers")
    def number_selected(self) -> None:
        self.query_one("#occurrences", OccurrenceTable).focus()

    @on(DataTable.RowSelected, "#occurrences")
    def occurrence_selected(self) -> None:
        row = self.query_one(NumbersTable).current()
        occurrence = self.query_one("#occurrences", OccurrenceTable).current()
        if row is not None and occurrence is not None:
            self.open_occurrence(occurrence, row.occurrences, row.text)

    @on(DataTable.HeaderSelected, "#numbers")
    def header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.reverse = not self.reverse if key == self.sort else False
        self.sort = key
        self.apply_filters()

    # -- findings --------------------------------------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#findings")
    def finding_highlighted(self) -> None:
        finding = self.query_one(FindingsTable).current()
        if finding is None:
            return
        period = f" · period {', '.join(finding.periods)}" if finding.periods else ""
        sure = f" · confidence {finding.confidence:.2f}" if finding.confidence is not None else ""
        text = Text(f"{finding.kind} · {finding.severity} · {finding.metric}{period}{sure}\n", style="bold")
        text.append_text(passage_text(finding.explanation))
        self.query_one("#explanation", Static).update(text)
        self.query_one("#finding-evidence", OccurrenceTable).populate(finding.evidence)

    @on(DataTable.RowSelected, "#findings")
    def finding_selected(self) -> None:
        self.query_one("#finding-evidence", OccurrenceTable).focus()

    @on(DataTable.RowSelected, "#finding-evidence")
    def finding_evidence_selected(self) -> None:
        finding = self.query_one(FindingsTable).current()
        item = self.query_one("#finding-evidence", OccurrenceTable).current()
        if finding is not None and item is not None:
            self.open_occurrence(item, finding.evidence, None)

    # -- actions ---------------------------------------------------------------------------------------------
    def open_occurrence(self, item: Occurrence, related: tuple[Occurrence, ...], value: str | None) -> None:
        if self.session.backend is None or self.report_doc is None:
            return
        focus = PageFocus(value=value, snippets=tuple((o.page, o.text) for o in related), target=item.text)
        self.app.push_screen(PageScreen(self.session, self.report_doc, item.page, focus))

    def action_focus_filter(self) -> None:
        self.query_one(TabbedContent).active = "numbers-tab"
        self.query_one("#filter", Input).focus()

    def action_cycle_status(self) -> None:
        if self.report is None:
            return
        choices = [ALL, *self.report.statuses]
        select = self.query_one("#status", Select)
        current = select.value if select.value in choices else ALL
        select.value = choices[(choices.index(current) + 1) % len(choices)]

    def action_cycle_sort(self) -> None:
        order: list[str | None] = [None, *SORT_COLUMNS]
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.reverse = False
        self.apply_filters()

    def action_reverse_sort(self) -> None:
        self.sort = self.sort or "number"
        self.reverse = not self.reverse
        self.apply_filters()

    def action_toggle_view(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "findings-tab" if tabs.active == "numbers-tab" else "numbers-tab"
        self.query_one("#findings" if tabs.active == "findings-tab" else "#numbers").focus()

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in ("occurrences", "filter"):
            self.query_one(NumbersTable).focus()
        elif focused is not None and focused.id == "finding-evidence":
            self.query_one(FindingsTable).focus()
        else:
            self.app.switch_mode("ask")
