"""The terminal UI (Textual). Only this package imports Textual; import it lazily from the CLI.

    from esgqa.tui import run_tui
    run_tui(index_dir=None)   # opens the app on the bundled report (builds the index on first use)
"""

from __future__ import annotations

from pathlib import Path


def run_tui(index_dir: Path | str | None = None, model: str | None = None, docs: list[str] | None = None) -> int:
    from esgqa.tui.app import EsgqaApp, default_history_file

    app = EsgqaApp(index_dir=index_dir, model=model, history_file=default_history_file(), docs=docs)
    app.run()
    return app.return_code or 0


__all__ = ["run_tui"]
