"""`esgqa ask "QUESTION"` or `esgqa ask --questions FILE --jsonl`: cited answers from the report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from esgqa.cli.common import print_json, progress_bar
from esgqa.cli.index_cmd import add_index_arguments
from esgqa.errors import InputError, UsageError
from esgqa.index.retriever import MODES


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("ask", help="answer a question with page citations")
    parser.add_argument("question", nargs="?", help="the question (Chinese or English)")
    parser.add_argument("--questions", type=Path, metavar="FILE",
                        help="batch mode: JSONL with a 'question' field, or one question per line")
    parser.add_argument("-k", type=int, default=5, help="passages to return (default 5)")
    parser.add_argument("--retriever", choices=MODES, default="hybrid", help="ranking to use (default hybrid)")
    parser.add_argument("--explain", action="store_true",
                        help="also show what was weighed: the planned query, the abstention measurements and the "
                             "competing numbers with the measurements that ranked them")
    add_index_arguments(parser)
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object on stdout")
    output.add_argument("--jsonl", action="store_true", help="one JSON object per line (batch mode)")
    parser.set_defaults(func=run)


def read_questions(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    questions: list[str] = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                row = json.loads(line)
            except ValueError:
                raise InputError(f"{path}:{number}: invalid JSON") from None
            if not isinstance(row, dict) or not isinstance(row.get("question"), str):
                raise InputError(f"{path}:{number}: no 'question' field")
            questions.append(row["question"])
        else:
            questions.append(line)
    if not questions:
        raise InputError(f"{path}: no questions in the file")
    return questions


def run(args: argparse.Namespace) -> int:
    if (args.question is None) == (args.questions is None):
        raise UsageError("give either a QUESTION or --questions FILE")
    if args.k < 1:
        raise UsageError("-k must be at least 1")
    from esgqa.api import Engine, validate_question

    questions = read_questions(args.questions) if args.questions else [args.question]
    if args.question is not None:
        validate_question(args.question)  # fail fast, before loading anything
    with progress_bar("building the index (first run)", args.quiet) as update:
        engine = Engine.open(args.index, model=args.model,
                             progress=lambda stage, done, total: update(done, total))
    for question in questions:
        try:
            answer = engine.ask(question, k=args.k, mode=args.retriever, explain=args.explain)
        except UsageError as exc:
            if args.questions is None:
                raise
            sys.stdout.write(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False) + "\n")
            continue
        if args.json or args.jsonl:
            print_json(answer.to_dict()) if args.json else print_json([answer.to_dict()], lines=True)
        else:
            _print_human(answer)
    return 0


def _print_human(answer: Any) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    console.print(Text(answer.question, style="bold"))
    console.print(Text(answer.answer or ""))
    if not answer.abstained:
        pages = ", ".join(f"p. {c.page}" for c in answer.citations)
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
