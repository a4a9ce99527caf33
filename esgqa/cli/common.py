"""Pieces every subcommand shares: source arguments, progress on stderr, JSON on stdout."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from esgqa.ingest.loader import LoadResult, bundled_report, load_sources
from esgqa.ingest.ocr import check_mode

stderr = Console(stderr=True, highlight=False, soft_wrap=True)  # a log line is never wrapped


UNWRAPPED = 100_000  # off a terminal: wide enough that no line or table is ever wrapped


def stdout_console() -> Console:
    """Data on stdout: wrapped to the terminal's width on a terminal; off one (a pipe, a file) never wrapped,
    so a citation "[p. 34]" stays on one line for grep and a table row stays one row."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, soft_wrap=True, width=UNWRAPPED)


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                        help="PDF, .txt/.md (pages split by form feeds) or a folder; default: the bundled report")
    parser.add_argument("--password", help="password of an encrypted PDF")
    parser.add_argument("--encoding", help="encoding of text files that are not UTF-8 (e.g. gb18030)")
    parser.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                        help="PDF pages without a text layer: recognise them when the OCR extra is installed "
                        "(auto), recognise every page (always), or leave them out (never)")


def resolve_sources(args: argparse.Namespace) -> list[Path]:
    return list(args.sources) if args.sources else [bundled_report()]


@contextmanager
def progress_bar(description: str, quiet: bool = False, start_line: bool = True) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr; yields a `(done, total, stage=None)` callback (`stage` names the step:
    "reading", "embedding"). Off a TTY, one line on stderr when the work starts (its size is first known), so a
    long first build is seen to have begun; nothing when there is no work (an index up to date), or without
    `start_line` (a command whose own output follows at once)."""
    if quiet or (not start_line and not stderr.is_terminal):
        yield lambda done, total, stage=None: None
        return
    if not stderr.is_terminal:
        started: list[str] = []

        def say_started(done: int, total: int, stage: str | None = None) -> None:
            if not started and total > 0:
                started.append(stage or description)
                print(f"esgqa: {description}: {stage or 'started'}…", file=sys.stderr, flush=True)

        yield say_started
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int, stage: str | None = None) -> None:
            label = f"{description}: {stage}" if stage else description
            progress.update(task, completed=done, total=total or None, description=label)

        yield update


def load_from_args(args: argparse.Namespace, need_text: bool = True) -> LoadResult:
    with progress_bar("reading", getattr(args, "quiet", False), start_line=False) as update:
        result = load_sources(resolve_sources(args), password=args.password, encoding=args.encoding,
                              progress=update, need_text=need_text, ocr=check_mode(args.ocr))
    for _path, error in result.failures:
        print(f"esgqa: skipped: {error}", file=sys.stderr)
    return result


def print_json(data: Any, lines: bool = False) -> None:
    """Data goes to stdout, one document (or one object per line with `lines`)."""
    if lines and isinstance(data, list):
        for item in data:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()
