"""`esgqa facts [SOURCE...]`: every figure of a report as a fact, to read what esgqa understood of it.

With SOURCE the reports are read now; without, the facts stored in the index (--index DIR, default location)
are listed, else the bundled report is read. `--json` prints one object per fact per line.
"""

from __future__ import annotations

import argparse
from typing import Any

from esgqa.cli.common import add_source_arguments, load_from_args, print_json, stdout_console
from esgqa.errors import UsageError
from esgqa.facts.model import Fact

MAX_PAGE = 100_000


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("facts", help="list every figure with its label, period, unit and place",
                            description=__doc__.split("\n")[0])
    add_source_arguments(parser)
    parser.add_argument("--index", metavar="LOC", help="list the facts stored in this index (when no SOURCE)")
    parser.add_argument("--page", type=int, metavar="N", help="only the facts of page N")
    parser.add_argument("--grep", metavar="TEXT", help="only facts whose label, figure, table or sentence has TEXT")
    parser.add_argument("--source-kind", choices=("prose", "table", "callout"), dest="kind",
                        help="only facts read from prose, table cells or infographic callouts")
    parser.add_argument("--json", action="store_true", help="one JSON object per fact per line on stdout")
    parser.set_defaults(func=run)


def _facts(args: argparse.Namespace) -> list[Fact]:
    if args.sources:
        from esgqa.facts.build import document_facts

        return [fact for document in load_from_args(args).documents for fact in document_facts(document)]
    from esgqa.index import store
    from esgqa.index.location import MilvusTarget, resolve_location

    folder = resolve_location(args.index)
    if isinstance(folder, MilvusTarget):
        from esgqa.index.backends import open_reader

        reader = open_reader(folder)
        return [fact for doc_id in reader.titles for fact in reader.facts.of_document(doc_id)]
    if (folder / store.FACTS).exists() or args.index:
        return store.read_index_facts(folder)
    from esgqa.facts.build import document_facts

    return [fact for document in load_from_args(args).documents for fact in document_facts(document)]


def _keep(fact: Fact, args: argparse.Namespace) -> bool:
    if args.page is not None and fact.page != args.page:
        return False
    if args.kind and fact.source != args.kind:
        return False
    if args.grep:
        table = f"{fact.table.title} {fact.table.row} {fact.table.column}" if fact.table else ""
        return any(args.grep in text for text in (fact.metric, fact.text, fact.raw, table, fact.sentence))
    return True


def run(args: argparse.Namespace) -> int:
    if args.page is not None and not 1 <= args.page <= MAX_PAGE:
        raise UsageError(f"--page must be from 1 to {MAX_PAGE} (got {args.page})")
    if args.grep is not None and not args.grep.strip():
        raise UsageError("--grep needs some text")
    facts = [fact for fact in _facts(args) if _keep(fact, args)]
    if args.json:
        print_json([fact.to_dict() for fact in facts], lines=True)
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table("page", "figure", "label", "period", "scope", "where", box=None, title_justify="left",
                  title=f"{len(facts)} facts")
    for fact in facts:
        where = f"{fact.table.title} · {fact.table.column}" if fact.table else fact.source
        figure = ("↑" if fact.change == "up" else "↓" if fact.change == "down" else "") + fact.text
        table.add_row(str(fact.page), Text(figure), Text(fact.metric), fact.period_key, fact.scope or "",
                      Text(where, overflow="ellipsis"))
    stdout_console().print(table)
    return 0
