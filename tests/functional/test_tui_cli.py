"""`esgqa` / `esgqa tui` wiring, and the rule that only esgqa.tui imports Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from esgqa.cli.main import build_parser, main


def test_no_command_runs_the_tui_and_refuses_without_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q"]) == 2  # no command: dispatched to `tui`, which needs a terminal (pytest has none)
    assert "interactive terminal" in capsys.readouterr().err


def test_tui_accepts_index_and_model() -> None:
    args = build_parser().parse_args(["tui", "--index", "/tmp/x", "--model", "m"])
    assert (args.index, args.model) == ("/tmp/x", "m")


def test_core_and_cli_import_without_textual() -> None:
    code = (
        "import sys; sys.modules['textual'] = None\n"
        "import esgqa.api, esgqa.cli.main, esgqa.cli.tui_cmd\n"
        "esgqa.cli.main.build_parser()\n"
        "assert not [m for m in sys.modules if m.startswith('esgqa.tui')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
