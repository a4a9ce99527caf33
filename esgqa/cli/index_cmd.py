"""`esgqa index [SOURCE...]`: build (or reuse) the retrieval index."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from esgqa.cli.common import add_source_arguments, print_json, stderr
from esgqa.ingest.chunking import ChunkingParams
from esgqa.ingest.ocr import check_mode


def add_index_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="LOC", help="index folder, milvus:PATH.db or milvus://HOST:PORT[/DB] "
                        "(default: $ESGQA_INDEX or a folder in the user cache)")
    parser.add_argument("--model", metavar="M", help="sentence-transformers model folder or cached name "
                        "(default: the bundled USE multilingual encoder)")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("index", help="build the retrieval index (reused when nothing changed)")
    add_source_arguments(parser)
    add_index_arguments(parser)
    parser.add_argument("--add", action="store_true",
                        help="add the sources to the index's reports (default for a FOLDER: its reports are added "
                             "and kept in step with it; files alone replace the index's reports)")
    parser.add_argument("--rebuild", action="store_true",
                        help="rebuild from scratch even if the index is up to date (with SOURCE: exactly those)")
    parser.add_argument("--chunk-size", type=int, default=ChunkingParams.size, help="characters per chunk")
    parser.add_argument("--chunk-overlap", type=int, default=ChunkingParams.overlap, help="overlap in characters")
    parser.add_argument("--json", action="store_true", help="print the build report as JSON on stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from esgqa.api import ensure_index
    from esgqa.cli.common import progress_bar
    from esgqa.index.builder import NEW

    with progress_bar("indexing", args.quiet) as update:
        report = ensure_index(
            args.index, sources=list(args.sources) or None, model=args.model,
            chunking=ChunkingParams(size=args.chunk_size, overlap=args.chunk_overlap),
            rebuild=args.rebuild, password=args.password, encoding=args.encoding, ocr=check_mode(args.ocr),
            progress=lambda stage, done, total: update(done, total, stage), add=args.add,
            announce=lambda message: None if args.quiet else stderr.print(f"esgqa: {message}", markup=False),
        )
    for path, why in report.skipped:
        print(f"esgqa: skipped {path}: {why}", file=sys.stderr)
    for path in report.stale:
        print(f"esgqa: warning: cannot remove {path}, left by an interrupted build; delete it by hand",
              file=sys.stderr)
    data = {"index": str(report.folder), "reused": report.reused, "reason": report.reason,
            "chunks": report.chunks, "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
            "skipped": [{"source": path, "reason": why} for path, why in report.skipped],
            "added": report.added, "removed": report.removed, "unchanged": report.unchanged,
            "embedded": report.embedded}
    if args.json:
        print_json(data)
    elif not args.quiet:
        what = "up to date" if report.reused else "built" if report.reason == NEW else f"built ({report.reason})"
        skipped = f"; {len(report.skipped)} source(s) skipped" if report.skipped else ""
        changes = f"; {len(report.added)} added, {len(report.removed)} removed, {len(report.unchanged)} unchanged, " \
                  f"{report.embedded} chunks embedded" if not report.reused else ""
        stderr.print(f"index {what}: {report.chunks} chunks at {report.folder}{changes}{skipped}", markup=False)
        for title in report.added:
            stderr.print(f"  added: {title}", markup=False)
        for title in report.removed:
            stderr.print(f"  removed: {title}", markup=False)
    return 0
