"""Pilot tests of the reviewer flows on a tiny indexed fixture report (tests/data/tui_report.txt)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual.widgets import ProgressBar, Select, Static

from esgqa.api import Engine, ensure_index
from esgqa.tui import export
from esgqa.tui.app import EsgqaApp
from esgqa.tui.backend import Backend
from esgqa.tui.highlight import SENTENCE, VALUE
from esgqa.tui.screens.ask import AskScreen
from esgqa.tui.screens.dialogs import DocumentPicker, GoToPageDialog
from esgqa.tui.screens.factcheck import FactCheckScreen
from esgqa.tui.screens.help import HelpScreen
from esgqa.tui.screens.page import PageScreen
from esgqa.tui.widgets import AnswerView, BuildStatus, EvidenceList, HistoryInput, PageView
from esgqa.tui.widgets.fact_tables import FindingsTable, NumbersTable, OccurrenceTable

DATA = Path(__file__).resolve().parents[1] / "data"
REPORT = DATA / "tui_report.txt"
SIZE = (100, 32)
QUESTION = "自建数据中心的PUE是多少？"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tui-index")
    ensure_index(index_dir=folder, sources=[REPORT])
    return folder


@pytest.fixture(scope="module")
def backend(index_dir: Path) -> Backend:
    """One opened engine for the module's apps (opening is what a real start does; tested once below)."""
    opened = Backend(Engine.open(index_dir))
    opened.warm_up()
    return opened


@pytest.fixture
def app(backend: Backend, tmp_path: Path) -> EsgqaApp:
    return EsgqaApp(backend=backend, clipboard_dir=tmp_path)


async def ready(pilot: object, app: EsgqaApp) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.session.backend is not None


async def ask(pilot: object, app: EsgqaApp, question: str) -> None:
    box = app.query_one(HistoryInput)
    box.focus()
    box.value = question
    await pilot.press("enter")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def focus_evidence(pilot: object, app: EsgqaApp) -> None:
    """Move to the evidence list as a reviewer does, on purpose: Tab from the question box."""
    for _ in range(4):
        if isinstance(app.focused, EvidenceList):
            return
        await pilot.press("tab")  # type: ignore[attr-defined]
    assert isinstance(app.focused, EvidenceList), app.focused


def messages(app: EsgqaApp) -> list[str]:
    return [n.message for n in app._notifications]


def styled_spans(view: PageView, style: object) -> list[str]:
    plain = view.text.plain
    return [plain[s.start : s.end] for s in view.text.spans if s.style == style]


PUE_PAGES = (2, 3, 5)  # the pages of tui_report.txt that state the PUE of 1.215


def _first_citation(answer: str) -> int:
    """The page of citation 1 as the answer view shows it ("[1 p.N]")."""
    match = re.search(r"\[1 p\.(\d+)\]", answer)
    assert match, answer
    return int(match[1])


async def test_ask_answers_with_citation_and_opens_highlighted_page(index_dir: Path) -> None:
    app = EsgqaApp(index_dir=index_dir)  # opens the index in a worker, as `esgqa tui --index DIR` does
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press(*QUESTION)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        answer = app.query_one(AnswerView).plain
        first = _first_citation(answer)
        assert "1.215" in answer and first in PUE_PAGES
        assert isinstance(app.focused, HistoryInput)  # an answer leaves the focus where the next question goes
        await focus_evidence(pilot, app)  # number keys now open evidence
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PageScreen) and screen.page == first
        view = screen.query_one(PageView)
        sentences = styled_spans(view, SENTENCE)
        assert any("1.215" in s and "PUE" in s for s in sentences)
        assert "1.215" in styled_spans(view, VALUE)
        assert screen.anchors and view.is_offset_visible(screen.anchors[0])
        await pilot.press("escape")
        assert isinstance(app.screen, AskScreen)


async def test_enter_on_evidence_and_page_navigation(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, QUESTION)
        evidence = app.session.evidence
        await focus_evidence(pilot, app)
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PageScreen) and screen.page == evidence[1].page
        start = screen.page
        await pilot.press("left")
        assert screen.page == start - 1
        await pilot.press("right", "right")
        assert screen.page == min(start + 1, 5)
        await pilot.press("g")
        assert isinstance(app.screen, GoToPageDialog)
        await pilot.press("9", "enter")  # out of range: stays open with a message
        assert isinstance(app.screen, GoToPageDialog)
        await pilot.press("backspace", "4", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.page == 4
        await pilot.press("2")  # number key: jump to the answer's evidence [2]
        await pilot.pause()
        assert screen.page == evidence[1].page


async def test_clicks_open_pages(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, QUESTION)
        body = app.query_one("#answer-body")
        region = body.region
        marker = next(
            (x, y) for y in range(region.y, region.bottom) for x in range(region.x, region.right)
            if "@click" in app.screen.get_style_at(x, y).meta
        )
        first = _first_citation(app.query_one(AnswerView).plain)
        await pilot.click(offset=marker)  # the "[1 p.N]" citation in the answer
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page == first
        await pilot.press("escape")
        evidence = app.query_one(EvidenceList)
        evidence.scroll_to(y=evidence.max_scroll_y, animate=False)  # the last passage is on screen
        await pilot.pause()
        await pilot.click(offset=(evidence.region.x + 6, evidence.region.bottom - 2))
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page == app.session.evidence[-1].page


async def test_markup_like_report_text_is_shown_literally(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        doc_id = app.session.backend.docs[0].doc_id  # type: ignore[union-attr]
        await app.push_screen(PageScreen(app.session, doc_id, 4))
        await pilot.pause()
        view = app.screen.query_one(PageView)
        literals = ("[bold]此处不应加粗[/bold]", "[link=https://x]链接文本[/link]",
                    "[@click=app.quit]退出[/]")
        for literal in literals:
            assert literal in view.text.plain.replace("\n", "")
        screenshot = app.export_screenshot()
        for literal in ("[bold]", "[link=https://x]", "[/link]", "[red]", "[@click=app.quit]"):
            assert literal in screenshot
        assert app.is_running


@pytest.mark.parametrize(("question", "expected"), [
    ("", "empty"),
    ("   ", "empty"),
    ("数据" * 1000, "too long"),
    ("？？！！。。", "no words"),
    ("?!...", "no words"),
], ids=["empty", "blank", "2000-chars", "cjk-punctuation", "ascii-punctuation"])
async def test_bad_questions_give_a_message_not_a_crash(app: EsgqaApp, question: str, expected: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, question)
        assert any(expected in m for m in messages(app)), messages(app)
        assert app.is_running and isinstance(app.screen, AskScreen)
        await ask(pilot, app, QUESTION)  # and it still answers afterwards
        assert "1.215" in app.query_one(AnswerView).plain


async def test_markup_like_question_is_shown_literally(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        question = "[bold]PUE[/bold] 是多少 [link=https://x]？[/link] [@click=app.quit]"
        await ask(pilot, app, question)
        assert app.is_running and app.session.answer is not None
        assert "[bold]PUE[/bold]" in app.export_screenshot()


async def test_history_up_down(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, "员工总数是多少？")
        await ask(pilot, app, QUESTION)
        box = app.query_one(HistoryInput)
        box.focus()
        await pilot.press("up")
        assert box.value == QUESTION
        await pilot.press("up")
        assert box.value == "员工总数是多少？"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_newer_question_wins(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = app.ask_screen
        screen.ask("员工总数是多少？")
        screen.ask(QUESTION)  # cancels the first; its answer, if it comes, is dropped
        for _ in range(200):
            await pilot.pause(0.02)
            if not any(w.is_running for w in app.workers):
                break
        await pilot.pause(0.1)
        assert app.session.answer is not None and app.session.answer.question == QUESTION


async def test_typing_on_the_evidence_list_starts_a_new_question(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, QUESTION)
        await focus_evidence(pilot, app)
        await pilot.press(*"员工")
        box = app.query_one(HistoryInput)
        assert box.has_focus and box.value == "员工"


def _burst(app: EsgqaApp, text: str) -> None:
    """Queue every key at once, as a fast typist or `tmux send-keys -l` delivers them: no key waits for the
    one before it to be handled (Pilot's `press` would wait)."""
    from textual import events

    names = {" ": "space", "?": "question_mark", ",": "comma", "'": "apostrophe", ".": "full_stop"}
    for ch in text:
        app.post_message(events.Key(names.get(ch, ch), ch))


@pytest.mark.parametrize("question", ["How many women work at Alibaba?", "What was the PUE in 2023, with 1 decimal?",
                                      "数据中心 PUE 是多少？"])
async def test_typing_at_full_speed_after_an_answer_keeps_every_character(app: EsgqaApp, question: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, QUESTION)
        await focus_evidence(pilot, app)
        _burst(app, question)
        await pilot.pause(0.3)
        box = app.query_one(HistoryInput)
        assert box.value == question and box.has_focus
        assert isinstance(app.screen, AskScreen), "no key of the question was taken as a binding"


@pytest.mark.parametrize("question", ["3家门店的员工有多少人", "2023财年自建数据中心的PUE是多少？", "1.215是什么指标？"])
async def test_a_question_starting_with_a_digit_right_after_an_answer_is_typed_not_taken(
        app: EsgqaApp, question: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, QUESTION)
        _burst(app, question)  # at full typing speed, right after the answer
        await pilot.pause(0.3)
        box = app.query_one(HistoryInput)
        assert box.value == question and box.has_focus
        assert isinstance(app.screen, AskScreen), "no digit opened an evidence page"
        await pilot.press("escape")  # "New question"
        assert box.value == "" and box.has_focus and isinstance(app.screen, AskScreen)


async def test_a_paste_always_goes_to_the_question_box(app: EsgqaApp) -> None:
    from textual import events

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, QUESTION)
        await focus_evidence(pilot, app)
        app.screen.post_message(events.Paste("1 What share of\nemployees are women?"))
        await pilot.pause(0.2)
        box = app.query_one(HistoryInput)
        assert box.has_focus and box.value == "1 What share of employees are women?"
        assert isinstance(app.screen, AskScreen), "a pasted digit opens no page"


async def test_help_palette_and_copy(app: EsgqaApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "clipboard_command", lambda: None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.action_copy_answer()  # nothing to copy yet: a message (the key is disabled until an answer)
        await pilot.pause()
        assert any("Ask a question first" in m for m in messages(app))
        await ask(pilot, app, QUESTION)
        await focus_evidence(pilot, app)  # the answer's keys act on the evidence list
        await pilot.press("c")
        await pilot.pause()
        assert any("No system clipboard" in m for m in messages(app))
        copied = (tmp_path / export.CLIPBOARD_FILE).read_text(encoding="utf-8")
        assert f"Q: {QUESTION}" in copied and "1.215" in copied
        assert re.search(r"\[1\] p\. (\d+): “", copied) and int(re.search(r"\[1\] p\. (\d+)", copied)[1]) in PUE_PAGES
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
        await pilot.press(*"Open evidence")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)


async def test_document_picker_with_two_reports(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    ensure_index(index_dir=folder, sources=[REPORT, DATA / "tui_report_b.txt"])
    app = EsgqaApp(index_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        assert any("2 reports are indexed" in m for m in messages(app))
        first = app.session.doc_id
        await pilot.press("f4")
        assert isinstance(app.screen, DocumentPicker)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.doc_id != first
        assert app.sub_title == "tui report b"


async def test_questions_on_a_shelf_follow_the_report_named_or_kept_to(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    ensure_index(index_dir=folder, sources=[REPORT, DATA / "tui_report_b.txt"])
    titles = {d["doc_id"]: d["title"] for d in Engine.open(folder, build=False).documents}
    app = EsgqaApp(index_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await ask(pilot, app, "示例科技集团的女性员工占比是多少？")
        answer = app.session.answer
        assert answer is not None and answer.scope is not None and answer.scope["reports"] == ["tui report"]
        assert {titles[c.doc_id] for c in answer.citations} == {"tui report"}
        assert "Searched tui report (the question names 示例科技" in app.query_one(AnswerView).plain
    kept = EsgqaApp(index_dir=folder, docs=["report b"])  # `esgqa tui --doc "report b"`
    async with kept.run_test(size=SIZE) as pilot:
        await ready(pilot, kept)
        await ask(pilot, kept, "员工有多少名？")
        answer = kept.session.answer
        assert answer is not None and not answer.abstained
        assert {titles[p.doc_id] for p in answer.passages} == {"tui report b"}


async def open_fact_check(pilot: object, app: EsgqaApp) -> FactCheckScreen:
    await pilot.press("f3")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, FactCheckScreen) and screen.report is not None
    return screen


async def test_fact_check_select_number_see_pages_open_one(app: EsgqaApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await open_fact_check(pilot, app)
        numbers = screen.query_one(NumbersTable)
        assert numbers.row_count >= 3
        await pilot.press("slash", *"1.215")
        assert numbers.row_count == 1
        await pilot.press("enter")  # filter → table
        row = numbers.current()
        assert row is not None and row.text == "1.215"
        assert row.pages == (2, 3, 5)
        await pilot.press("enter")  # number → its occurrences
        occurrences = screen.query_one("#occurrences", OccurrenceTable)
        assert occurrences.has_focus
        assert [o.page for o in occurrences.items] == [2, 3, 5]
        assert all("1.215" in o.text for o in occurrences.items)
        await pilot.press("down", "enter")  # open the page-3 occurrence
        await pilot.pause()
        page = app.screen
        assert isinstance(page, PageScreen) and page.page == 3
        view = page.query_one(PageView)
        assert "1.215" in styled_spans(view, VALUE)
        assert any("1.215" in s for s in styled_spans(view, SENTENCE))
        await pilot.press("right", "right")  # other occurrences stay highlighted on their pages
        assert page.page == 5 and any("1.215" in s for s in styled_spans(view, SENTENCE))
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape", "escape")  # occurrences → numbers → ask screen
        assert isinstance(app.screen, AskScreen)


class JsonReport:
    """A fact-check result in the documented `to_dict()` shape (several statuses, a finding), from a fixture."""

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = json.loads((DATA / "tui_factcheck.json").read_text(encoding="utf-8"))
        return data


async def test_fact_check_sort_filter_and_findings(backend: Backend) -> None:
    app = EsgqaApp(backend=Backend(backend.engine, checker=lambda documents: JsonReport()))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        screen = await open_fact_check(pilot, app)
        numbers = screen.query_one(NumbersTable)
        assert numbers.row_count == 3
        await pilot.press("t")  # status filter: the first status
        await pilot.pause()
        assert screen.query_one("#status", Select).value == "consistent" and numbers.row_count == 2
        await pilot.press("t")
        await pilot.pause()
        assert [r.text for r in numbers.rows_by_key.values()] == ["12,354名"]
        await pilot.press("t")  # back to all
        await pilot.pause()
        assert numbers.row_count == 3
        await pilot.press("s")  # sort by number
        values = [numbers.rows_by_key[str(k.value)].value for k in numbers.rows]
        assert values == [1.215, 53.9, 12354]
        await pilot.press("r")
        values = [numbers.rows_by_key[str(k.value)].value for k in numbers.rows]
        assert values == [12354, 53.9, 1.215]
        await pilot.press("v")
        findings = screen.query_one(FindingsTable)
        assert findings.has_focus and len(findings.items) == 1
        explanation = str(screen.query_one("#explanation", Static).visual)
        assert "12,345名 on p.1" in explanation and "[bold]not markup[/bold]" in explanation
        await pilot.press("enter", "down", "enter")  # finding → its evidence → open the p.5 evidence
        await pilot.pause()
        page = app.screen
        assert isinstance(page, PageScreen) and page.page == 5
        assert any("12,354" in s for s in styled_spans(page.query_one(PageView), SENTENCE))


@pytest.mark.slow
async def test_first_run_builds_the_bundled_index_with_progress_and_stays_responsive(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from esgqa.index.encoders import USEEncoder

    # Hold the build after its first embedding batch until the question has been asked, so the test does not
    # race the (fast) build: what is checked is that a question asked mid-build is queued, not lost.
    asked = threading.Event()
    original = USEEncoder.encode
    calls = {"n": 0}

    def gated(self: USEEncoder, texts: list[str], batch_size: int = 64):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            asked.wait(timeout=60)
        return original(self, texts, batch_size)

    monkeypatch.setattr(USEEncoder, "encode", gated)
    monkeypatch.setenv("ESGQA_INDEX", str(tmp_path / "fresh"))  # only the default location is built unasked
    app = EsgqaApp()
    async with app.run_test(size=SIZE) as pilot:
        status = app.query_one(BuildStatus)
        progress = 0.0
        for _ in range(1200):
            await pilot.pause(0.05)
            label = str(status.query_one("#build-label", Static).visual)
            progress = max(progress, status.query_one(ProgressBar).percentage or 0.0)
            if "embedding" in label:
                break
        assert label.startswith("Building the index (first run only): embedding")
        await pilot.press("x", "backspace")  # the question box takes keys while the index builds
        box = app.query_one(HistoryInput)
        box.value = QUESTION
        await pilot.press("enter")  # asked while the index builds: queued, not lost
        assert app.session.backend is None and "still loading" in app.query_one(AnswerView).plain
        asked.set()
        while app.session.backend is None:
            await pilot.pause(0.2)
            progress = max(progress, status.query_one(ProgressBar).percentage or 0.0)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert progress > 0 and status.has_class("-hidden")
        assert "1.215" in app.query_one(AnswerView).plain


async def test_broken_index_is_a_message_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    app = EsgqaApp(index_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.session.backend is None
        assert any("broken" in m or "corrupt" in m or "index" in m for m in messages(app)), messages(app)
        await ask(pilot, app, QUESTION)  # a message, no crash
        assert any("could not be opened" in m for m in messages(app))
        await pilot.press("f3")
        assert app.is_running


async def test_why_screen_shows_what_was_weighed(app: EsgqaApp) -> None:
    from rich.console import Console

    from esgqa.tui.screens.why import WhyScreen, why_table

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        app.ask_screen.action_why()
        await pilot.pause()
        assert any("Ask a question first" in m for m in messages(app))
        await ask(pilot, app, QUESTION)
        await focus_evidence(pilot, app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        answer = app.session.answer
        assert answer is not None and answer.explanation["numbers"][0]["value"] == answer.value == "1.215"
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(why_table(answer))
        shown = console.export_text()
        assert "Query terms" in shown and "1. 1.215" in shown and "PUE" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WhyScreen)


async def test_a_low_confidence_answer_is_marked(app: EsgqaApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each confidence level renders as such (which level an answer gets is the shipped model's business)."""
    original = Backend.ask

    def at(level: str):  # type: ignore[no-untyped-def]
        def ask_at(self: Backend, question: str):  # type: ignore[no-untyped-def]
            answer = original(self, question)
            answer.confidence = level
            return answer
        return ask_at

    marked = at("low")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        monkeypatch.setattr(Backend, "ask", at("high"))
        await ask(pilot, app, QUESTION)
        view = app.query_one(AnswerView)
        assert "Possible answer" not in view.plain and str(view.border_title).startswith("Answer")
        monkeypatch.setattr(Backend, "ask", marked)
        await ask(pilot, app, QUESTION)
        assert view.plain.startswith("Possible answer (low confidence)") and "1.215" in view.plain
        assert str(view.border_title).startswith("Possible answer")
