"""Snapshot tests (pytest-textual-snapshot) of the main screens at a fixed 100x32 terminal.

Update after an intended change with `pytest tests/functional/test_tui_snapshots.py --snapshot-update` and look
at the SVGs. Screens under test show no timings or dates. The fact-check snapshot uses a fixture report in the
fact-check contract's shape, so it changes only when this screen changes, not when the sweep's heuristics do.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pytest_textual_snapshot")

from esgqa.api import Engine, ensure_index
from esgqa.tui.app import EsgqaApp
from esgqa.tui.backend import Backend
from esgqa.tui.widgets import HistoryInput

DATA = Path(__file__).resolve().parents[1] / "data"
SIZE = (100, 32)
QUESTION = "自建数据中心的PUE是多少？"


class JsonReport:
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((DATA / "tui_factcheck.json").read_text(encoding="utf-8"))
        return data


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("tui-snap-index")
    ensure_index(index_dir=folder, sources=[DATA / "tui_report.txt"])
    return Engine.open(folder)


@pytest.fixture
def app(engine: Engine) -> EsgqaApp:
    return EsgqaApp(backend=Backend(engine, checker=lambda documents: JsonReport()))


@pytest.fixture
def snap(snap_compare: Any, app: EsgqaApp) -> Callable[..., bool]:
    """`snap_compare` at the fixed size, with the input's cursor steady: its blink timer would make the picture
    depend on how long the test ran."""

    def compare(run_before: Callable[[Any], Awaitable[None]] | None = None, press: tuple[str, ...] = ()) -> bool:
        async def steady_then(pilot: Any) -> None:
            for box in pilot.app.query(HistoryInput):
                box.cursor_blink = False
            if run_before is not None:
                await run_before(pilot)

        result: bool = snap_compare(app, terminal_size=SIZE, run_before=steady_then, press=press)
        return result

    return compare


async def _answered(pilot: Any) -> None:
    app = pilot.app
    box = app.query_one(HistoryInput)
    box.value = QUESTION
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_ask_screen_with_answer(snap: Callable[..., bool]) -> None:
    assert snap(_answered)


def test_page_viewer_with_highlighted_evidence(snap: Callable[..., bool]) -> None:
    async def run_before(pilot: Any) -> None:
        await _answered(pilot)
        await pilot.press("tab", "1")  # to the evidence list, then evidence [1]
        await pilot.pause()

    assert snap(run_before)


def test_page_with_markup_like_text(snap: Callable[..., bool]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.action_go_to_page()  # the palette's "Go to page…"
        await pilot.pause()
        await pilot.press("4", "enter")
        await pilot.pause()

    assert snap(run_before)


def test_fact_check_screen(snap: Callable[..., bool]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.press("f3")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()

    assert snap(run_before)


def test_fact_check_findings(snap: Callable[..., bool]) -> None:
    async def run_before(pilot: Any) -> None:
        await pilot.press("f3")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()

    assert snap(run_before)


def test_help_screen(snap: Callable[..., bool]) -> None:
    assert snap(press=("f1",))
