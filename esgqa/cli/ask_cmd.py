"""`esgqa ask "QUESTION"` or `esgqa ask --questions FILE --jsonl`: cited answers from the report."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from esgqa.cli.common import print_json, progress_bar, stderr, stdout_console
from esgqa.cli.index_cmd import add_index_arguments
from esgqa.errors import ExitCode, InputError, UsageError
from esgqa.index.reader import MODES

MAX_K = 50  # passages returned; the answer reads the best few, a reviewer reads no more than this


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("ask", help="answer a question with page citations")
    parser.add_argument("question", nargs="?", help="the question (Chinese or English)")
    parser.add_argument("--questions", type=Path, metavar="FILE",
                        help="batch mode: JSONL with a 'question' field, or one question per line")
    parser.add_argument("-k", type=int, default=5, help="passages to return (default 5)")
    parser.add_argument("--retriever", choices=MODES, default="hybrid", help="ranking to use (default hybrid)")
    parser.add_argument("--doc", action="append", default=[], metavar="ID|TITLE",
                        help="answer from this report only (a doc id or words of its title; repeat for several)")
    parser.add_argument("--explain", action="store_true",
                        help="also show what was weighed: the planned query, the abstention measurements and the "
                             "competing numbers with the measurements that ranked them")
    add_index_arguments(parser)
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object on stdout")
    output.add_argument("--jsonl", action="store_true", help="one JSON object per line (batch mode)")
    parser.set_defaults(func=run)


@dataclass(frozen=True)
class BatchLine:
    """One line of a batch file: its question, or why it has none (answered with an error object)."""

    number: int
    question: str | None
    error: str | None = None
    raw: Any = None  # the "question" value as found, echoed in the error object


def read_questions(path: Path) -> list[BatchLine]:
    """Every non-blank line; a bad line becomes an error line, never the end of the batch."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file of questions") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    lines: list[BatchLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if not line.startswith("{"):
            lines.append(BatchLine(number, line))
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            lines.append(BatchLine(number, None, f"invalid JSON ({exc.msg})"))
            continue
        question = row.get("question") if isinstance(row, dict) else None
        if not isinstance(row, dict) or "question" not in row:
            lines.append(BatchLine(number, None, "no 'question' field"))
        elif not isinstance(question, str):
            lines.append(BatchLine(number, None, f"'question' is a {type(question).__name__}, not text", question))
        else:
            lines.append(BatchLine(number, question))
    if not lines:
        raise InputError(f"{path}: no questions in the file")
    return lines


def run(args: argparse.Namespace) -> int:
    if (args.question is None) == (args.questions is None):
        raise UsageError("give either a QUESTION or --questions FILE")
    if not 1 <= args.k <= MAX_K:
        raise UsageError(f"-k must be from 1 to {MAX_K} (got {args.k})")
    from esgqa.api import Engine, validate_question

    batch = read_questions(args.questions) if args.questions else [BatchLine(0, args.question)]
    if args.question is not None:
        validate_question(args.question)  # fail fast, before loading anything
    with progress_bar("building the index (first run)", args.quiet) as update:
        engine = Engine.open(args.index, model=args.model,
                             progress=lambda stage, done, total: update(done, total, stage),
                             announce=lambda message: None if args.quiet else stderr.print(
                                 f"esgqa: {message}", markup=False))
    docs = engine.documents_named(args.doc) if args.doc else None
    failed = 0
    for line in batch:
        try:
            if line.question is None:
                raise UsageError(line.error or "no question")
            answer = engine.ask(line.question, k=args.k, mode=args.retriever, explain=args.explain, docs=docs)
        except UsageError as exc:
            if args.questions is None:
                raise
            failed += 1
            _print_line_error(args, line, str(exc))
            continue
        if args.json or args.jsonl:
            print_json(answer.to_dict()) if args.json else print_json([answer.to_dict()], lines=True)
        else:
            _print_human(answer)
    if failed:
        print(f"esgqa: {failed} of {len(batch)} lines could not be answered", file=sys.stderr)
        return int(ExitCode.PARTIAL)
    return 0


def _print_line_error(args: argparse.Namespace, line: BatchLine, message: str) -> None:
    """A bad line's error object goes where its answer would have gone; the line number says which."""
    question = line.question if line.question is not None else line.raw
    record = {"line": line.number, "question": question, "error": message}
    if args.json or args.jsonl:
        print_json([record], lines=True) if args.jsonl else print_json(record)
    else:
        print(f"esgqa: line {line.number}: {message}", file=sys.stderr)


def _print_human(answer: Any) -> None:
    from rich.text import Text

    console = stdout_console()
    console.print(Text(answer.question, style="bold"))
    low = not answer.abstained and answer.confidence == "low"
    if low:  # below the calibrated line: the reader is told, and shown what else it might be
        sure = f", p = {answer.probability:.2f}" if answer.probability is not None else ""
        console.print(Text(f"possible answer (low confidence{sure}): read the cited page before relying on it",
                           style="yellow"))
    console.print(Text(answer.answer or ""))
    if low and answer.alternatives:
        others = "; ".join(f"{a['value']} (p. {a['page']})" for a in answer.alternatives)
        console.print(Text(f"or perhaps: {others}", style="yellow"))
    if answer.abstained and answer.abstain_reason:
        console.print(Text(f"why: {answer.abstain_reason}", style="dim"))
    if answer.scope:
        console.print(Text(f"searched {'; '.join(answer.scope['reports'])} ({answer.scope['because']})",
                           style="dim"))
    if not answer.abstained:
        several = len(set(answer.reports)) > 1
        pages = ", ".join(f"{answer.reports.get(c.doc_id, c.doc_id)} p. {c.page}" if several else f"p. {c.page}"
                          for c in answer.citations)
        console.print(Text(f"cited: {pages}   ({answer.timings_ms['retrieve']:.0f} ms retrieve, "
                          f"{answer.timings_ms['answer']:.0f} ms answer)", style="dim"))
    if answer.explanation:
        _print_explanation(console, answer.explanation)
    console.print()


def _print_explanation(console: Any, explanation: dict[str, Any]) -> None:
    from rich.text import Text

    plan = explanation["plan"]
    terms = plan["tokens"] + [t for t in plan["expansions"] if t not in plan["tokens"]]
    console.print(Text(f"query terms: {' '.join(terms)}", style="dim"))
    measured = ", ".join(f"{k} {v:g}" for k, v in explanation["abstention"].items())
    console.print(Text(f"abstention measurements: {measured}", style="dim"))
    for rank, number in enumerate(explanation["numbers"], start=1):
        because = ", ".join(f"{name} {value:+.2f}" for name, value in number["because"])
        console.print(Text(f"  {rank}. {number['value']} [p. {number['page']}] score {number['score']:.2f}: {because}",
                           style="dim"))
