"""`esgqa` entry point: parse, dispatch, and turn expected failures into one line and an exit code.

Heavy modules (torch, sentence-transformers, Textual) are imported only inside the subcommands that use them,
so `esgqa --version` and `esgqa check` start fast.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from esgqa import __version__
from esgqa.errors import EsgqaError, ExitCode, filesystem_error

# the machine's state, not a bug: a read-only file system, a full disk, a quota
_MACHINE_ERRNOS = frozenset({errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES})
COMMAND_MODULES = ("pages", "index", "ask", "facts", "check", "eval", "bench", "tui")


class OneLineParser(argparse.ArgumentParser):
    """A bad command line is one line on stderr, like every other expected failure, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(int(ExitCode.USAGE), f"esgqa: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="esgqa",
        description="Offline, page-cited question answering and number fact-checking for long reports.",
        epilog="Run without a command to open the terminal UI on the bundled report.",
    )
    parser.add_argument("--version", action="version", version=f"esgqa {__version__}")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr, no progress")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"esgqa.cli.{name}_cmd")
        except ModuleNotFoundError as exc:
            if exc.name == f"esgqa.cli.{name}_cmd":
                continue  # command not built into this version
            raise
        module.add_parser(sub)
    return parser


def _configure_logging(verbose: int, quiet: bool) -> None:
    levels = {0: logging.WARNING, 1: logging.INFO}
    level = logging.ERROR if quiet else levels.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="esgqa: %(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("pdfminer").setLevel(max(level, logging.ERROR))
    logging.getLogger("jieba").setLevel(logging.ERROR)
    logging.getLogger("bm25s").setLevel(max(level, logging.WARNING))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(words)
    _configure_logging(args.verbose, args.quiet)
    if args.command is None:
        args = parser.parse_args([*words, "tui"])
    try:
        return int(args.func(args))
    except EsgqaError as exc:
        print(f"esgqa: error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("esgqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)
    except OSError as exc:
        if not (isinstance(exc, PermissionError) or exc.errno in _MACHINE_ERRNOS):
            if args.verbose:
                raise
            return _internal_error(exc)
        print(f"esgqa: error: {filesystem_error('write', exc.filename or 'a file', exc)}", file=sys.stderr)
        return int(ExitCode.FILESYSTEM)
    except Exception as exc:  # a bug: one line by default, the traceback with -v
        if args.verbose:
            raise
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    print(f"esgqa: internal error: {type(exc).__name__}: {exc} (run with -v for the traceback)", file=sys.stderr)
    return int(ExitCode.ERROR)
