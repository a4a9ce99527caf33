"""`esgqa check [SOURCE...]`: cross-verify every headline number of a report and list contradictions.

No index or embedding model is needed. Data goes to stdout (`--format json|md|csv`, or the terminal table);
logs to stderr. `--fail-on contradiction,arithmetic` exits with ExitCode.FINDINGS when such findings remain
after `--baseline`.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path
from typing import Any

from esgqa.cli.common import add_source_arguments, load_from_args, print_json, stdout_console
from esgqa.errors import ExitCode, UsageError

log = logging.getLogger(__name__)
FORMATS = ("table", "json", "md", "csv", "html")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("check", help="fact-check: cross-verify headline numbers, flag contradictions",
                            description=__doc__.split("\n")[0])
    add_source_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table; html is one self-contained page to forward)")
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="same as --format json")
    parser.add_argument("--show-numbers", action="store_true",
                        help="with the terminal table: also list every headline number and where it appears")
    parser.add_argument("--numbers", default="", metavar="LIST",
                        help='figures to check besides the headline ones, e.g. "468.1万吨,49.1%%,1.215"')
    parser.add_argument("--fail-on", default="", metavar="KINDS",
                        help="comma-separated finding kinds that make the exit code 7 (e.g. contradiction,arithmetic)")
    parser.add_argument("--baseline", type=Path, metavar="FILE", help="hide findings reviewed in FILE")
    parser.add_argument("--write-baseline", type=Path, metavar="FILE",
                        help="write today's findings to FILE as the reviewed baseline")
    parser.add_argument("--mentions", action="store_true",
                        help="with --format json: also list every number found (value, unit, period, metric, span)")
    parser.add_argument("--highlight-pages", default=None, metavar="PAGES",
                        help="pages whose numbers are all headline numbers, e.g. 10-24 (default: detected)")
    parser.set_defaults(func=run)


MAX_PAGE = 100_000  # no report has more; a larger number is a typo


def page_set(spec: str) -> set[int]:
    """ "10-24,30" as page numbers; a reversed range, page 0 or an absurd page is a usage error."""
    pages: set[int] = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        low_text, dash, high_text = part.partition("-")
        try:
            low, high = int(low_text), int(high_text if dash else low_text)
        except ValueError:
            raise UsageError(f"--highlight-pages: cannot read {part!r} (expected pages such as 10-24,30)") from None
        if low < 1 or high > MAX_PAGE:
            raise UsageError(f"--highlight-pages: {part!r} is not a page range (pages are 1 to {MAX_PAGE})")
        if high < low:
            raise UsageError(f"--highlight-pages: {part!r} runs backwards (write {high}-{low})")
        pages.update(range(low, high + 1))
    if not pages:
        raise UsageError(f"--highlight-pages: no pages in {spec!r} (expected e.g. 10-24,30)")
    return pages


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)")


def figure_list(spec: str) -> list[str]:
    """ "468.1万吨,49.1%, 10,025,118.68" as figures: a comma inside digit groups is a thousands separator.

    Every item must read as a figure; "abc" or "%%%" is a usage error, not a figure silently never found.
    """
    from esgqa.numbers import parse_quantity

    protected = _GROUPED.sub(lambda m: m.group().replace(",", "\x00"), spec)
    items = [item.replace("\x00", ",").strip() for item in re.split(r"[,，;；\s]+", protected)]
    figures = [item for item in items if item]
    for item in figures:
        if parse_quantity(item) is None:
            raise UsageError(f"--numbers: {item!r} is not a figure (expected e.g. 468.1万吨, 49.1%, 10,025,118.68)")
    return figures


def _kinds(spec: str) -> set[str]:
    from esgqa.factcheck.findings import KINDS

    kinds = {k.strip() for k in spec.split(",") if k.strip()}
    unknown = kinds - set(KINDS)
    if unknown:
        raise UsageError(f"--fail-on: unknown finding kind {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(KINDS)})")
    return kinds


def run(args: argparse.Namespace) -> int:
    from esgqa.factcheck.check import run_check
    from esgqa.factcheck.report import (
        apply_baseline,
        load_baseline,
        print_table,
        to_csv,
        to_json,
        to_markdown,
        write_baseline,
    )

    fail_on = _kinds(args.fail_on)
    highlights = page_set(args.highlight_pages) if args.highlight_pages is not None else None
    baseline = load_baseline(args.baseline) if args.baseline else None
    named = figure_list(args.numbers)
    documents = load_from_args(args).documents
    if highlights:
        last = max(d.page_count for d in documents)
        beyond = sorted(p for p in highlights if p > last)
        if beyond:
            raise UsageError(f"--highlight-pages: page {beyond[0]} is beyond the last page ({last})")
    result = run_check(documents, numbers=named, highlights=highlights)
    log.info("checked %d numbers in %.2f s", len(result.mentions), result.seconds)
    if args.write_baseline:
        write_baseline(result, args.write_baseline)
        print(f"esgqa: wrote {len(result.findings)} findings to the baseline {args.write_baseline}",
              file=sys.stderr)
    if baseline is not None:
        apply_baseline(result, baseline)
    if args.format == "json":
        print_json(to_json(result, mentions=args.mentions))
    elif args.format == "md":
        sys.stdout.write(to_markdown(result))
    elif args.format == "csv":
        sys.stdout.write(to_csv(result))
    elif args.format == "html":
        from esgqa.factcheck.html import to_html

        titles = ", ".join(d.title for d in documents)
        sys.stdout.write(to_html(result, title=f"esgqa check: {titles}"))
    else:
        print_table(result, stdout_console(), numbers=args.show_numbers)
    failing = [f for f in result.findings if f.kind in fail_on]
    if failing:
        print(f"esgqa: {len(failing)} finding(s) of kind {', '.join(sorted(fail_on))}", file=sys.stderr)
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)
