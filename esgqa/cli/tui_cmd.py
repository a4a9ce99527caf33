"""`esgqa tui [--index DIR]` (also what `esgqa` runs without a command): the terminal UI for reviewers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from esgqa.cli.index_cmd import add_index_arguments
from esgqa.errors import UsageError


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("tui", help="open the terminal UI: ask, read cited pages, fact-check numbers")
    add_index_arguments(parser)
    parser.add_argument("--doc", action="append", default=[], metavar="ID|TITLE",
                        help="keep questions to this report (an id, its start, or words of its title); repeatable")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the terminal UI needs an interactive terminal; use `esgqa ask` or `esgqa check` "
                         "in scripts")
    from esgqa.tui import run_tui  # Textual is imported only here

    return run_tui(index_dir=args.index, model=args.model, docs=args.doc)
