"""`esgqa pages SOURCE`: a per-page summary, to see what ingestion made of a report before indexing it."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from esgqa.cli.common import add_source_arguments, load_from_args, print_json, stdout_console
from esgqa.ingest.model import Document
from esgqa.ingest.ocr import hint


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("pages", help="show the pages of a report and which have text")
    add_source_arguments(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser.set_defaults(func=run)


def summary(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "source": document.source,
        "page_count": document.page_count,
        "pages": [
            {"page": p.number, "chars": len(p.text), "has_text": p.has_text_layer, "tables": len(p.tables),
             "ocr": p.ocr, "warnings": list(p.warnings)}
            for p in document.pages
        ],
    }


def run(args: argparse.Namespace) -> int:
    result = load_from_args(args, need_text=False)
    summaries = [summary(d) for d in result.documents]
    if args.json:
        print_json(summaries[0] if len(summaries) == 1 else summaries)
        return 0
    console = stdout_console()
    for document, info in zip(result.documents, summaries, strict=True):
        garbled = [p["page"] for p in info["pages"] if any("undecodable" in w for w in p["warnings"])]
        without = [p["page"] for p in info["pages"] if not p["has_text"] and p["page"] not in garbled]
        console.print(f"{document.title}  doc_id={document.doc_id}  pages={document.page_count}", markup=False)
        if without:
            console.print(f"pages without a text layer: {_ranges(without)} ({hint(args.ocr)})", markup=False)
        if garbled:
            console.print(f"pages left out of the index, their text looks undecodable: {_ranges(garbled)}",
                          markup=False)
        table = Table("page", "chars", "text", "tables", "warnings", box=None)
        for page in info["pages"]:
            table.add_row(str(page["page"]), str(page["chars"]), "yes" if page["has_text"] else "no",
                          str(page["tables"]), "; ".join(page["warnings"]))
        console.print(table)
    return 0


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
