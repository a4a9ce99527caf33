"""Regenerate the README screenshots (SVG) of the answer and fact-check screens on the bundled report.

    python -m esgqa.tui.screenshots [--index DIR] [--out docs]

Drives the real app headless at 120x40: asks the PUE question, saves `tui-answer.svg`; opens the fact-check
screen, filters to 1.215, saves `tui-factcheck.svg`.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from esgqa.tui.app import EsgqaApp
from esgqa.tui.backend import Backend
from esgqa.tui.widgets import HistoryInput

QUESTION = "自建数据中心的PUE是多少？"


async def capture(index_dir: str | None, out: Path, size: tuple[int, int] = (120, 40)) -> list[Path]:
    app = EsgqaApp(backend=Backend.open(index_dir))
    out.mkdir(parents=True, exist_ok=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        box = app.query_one(HistoryInput)
        box.value = QUESTION
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot("tui-answer.svg", str(out))
        await pilot.press("f3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"1.215", "enter")
        await pilot.pause()
        app.save_screenshot("tui-factcheck.svg", str(out))
    return [out / "tui-answer.svg", out / "tui-factcheck.svg"]


def main() -> None:
    parser = argparse.ArgumentParser(description="Regenerate the TUI screenshots (SVG).")
    parser.add_argument("--index", help="index folder (default: $ESGQA_INDEX or the user cache)")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="folder for the SVGs (default docs)")
    args = parser.parse_args()
    for path in asyncio.run(capture(args.index, args.out)):
        print(path)


if __name__ == "__main__":
    main()
