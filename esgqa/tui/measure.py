"""Measure how fast the TUI feels on a warm index: Enter → answer shown, `1` → cited page shown.

    python -m esgqa.tui.measure [--index DIR] [-n 20]

Runs the real app headless (Textual's test driver, 120x40), asks the first N gold questions of the dev split
(eval/alibaba/questions.jsonl) and prints the latencies. "Warm" means the index exists and the app has finished opening
it (the app warms the tokenizer and encoder while it opens). "Shown" is the end of the first screen refresh
after the answer reached the screen (what the reviewer sees); "settled" waits until Textual is idle again
(follow-up refreshes: focus move, scrollbars), which is an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

from esgqa.api import validate_question
from esgqa.ingest.loader import bundled_corpus_dir
from esgqa.tui.app import EsgqaApp
from esgqa.tui.backend import Backend
from esgqa.tui.screens.ask import Rendered
from esgqa.tui.screens.page import PageScreen
from esgqa.tui.widgets import HistoryInput


def gold_questions(limit: int) -> list[str]:
    path = bundled_corpus_dir().parent / "eval" / "alibaba" / "questions.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if r.get("split") == "dev"][:limit]


class _FrameClock:
    """Notes when the ask screen got an answer and when the next refresh of the screen finished."""

    def __init__(self, app: EsgqaApp) -> None:
        self.answered: float | None = None
        self.shown: float | None = None
        screen = app.ask_screen
        show_answer, refresh = screen.show_answer, screen._compositor_refresh

        def timed_show(rendered: Rendered) -> None:
            show_answer(rendered)
            self.answered, self.shown = time.perf_counter(), None

        def timed_refresh() -> None:
            refresh()
            if self.answered is not None and self.shown is None:
                self.shown = time.perf_counter()

        screen.show_answer = timed_show  # type: ignore[method-assign]
        screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]


async def _measure(index_dir: str | None,
                   questions: list[str]) -> tuple[list[float], list[float], list[float], list[float], float]:
    start = time.perf_counter()
    backend = Backend.open(index_dir)
    open_seconds = time.perf_counter() - start
    app = EsgqaApp(backend=backend)
    clock = _FrameClock(app)
    answers: list[float] = []
    settled: list[float] = []
    pages: list[float] = []
    baseline: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one(HistoryInput).focus()
        for _ in range(10):  # the test driver's own cost of a key press and a frame
            start = time.perf_counter()
            await pilot.press("end")
            await pilot.pause()
            baseline.append(time.perf_counter() - start)
        for question in questions:
            box = app.query_one(HistoryInput)
            box.focus()
            box.value = question
            wanted = validate_question(question)
            clock.answered = clock.shown = None
            start = time.perf_counter()
            await pilot.press("enter")
            while app.session.answer is None or app.session.answer.question != wanted or clock.shown is None:
                await asyncio.sleep(0.001)
            answers.append(clock.shown - start)
            await pilot.pause()
            settled.append(time.perf_counter() - start)
            if app.session.evidence:
                start = time.perf_counter()
                await pilot.press("1")
                while not isinstance(app.screen, PageScreen):
                    await asyncio.sleep(0.001)
                await pilot.pause()
                pages.append(time.perf_counter() - start)
                await pilot.press("escape")
    return answers, settled, pages, baseline, open_seconds


def _summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
    return (f"{label}: n={len(ms)} median {statistics.median(ms):.0f} ms, p90 {p90:.0f} ms, "
            f"max {ms[-1]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--index", help="index folder (default: $ESGQA_INDEX or the user cache)")
    parser.add_argument("-n", type=int, default=20, help="questions to ask (default 20)")
    args = parser.parse_args()
    answers, settled, pages, baseline, open_seconds = asyncio.run(_measure(args.index, gold_questions(args.n)))
    print(f"open + warm-up of the existing index: {open_seconds:.2f} s")
    print(_summary("key press that does nothing (driver overhead)", baseline))
    print(_summary("Enter -> answer shown", answers))
    print(_summary("Enter -> answer settled", settled))
    print(_summary("'1' -> cited page shown", pages))


if __name__ == "__main__":
    main()
