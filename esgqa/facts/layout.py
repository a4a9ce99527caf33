"""Page layout in normalised text: lines, callout lines, sentences and clauses.

Prose lines end in punctuation or run on; an infographic callout is a line of figures only ("1.215", "%12.9 141.9
万吨", "7,000万个超", "家14,000超"). Clauses split at commas and colons outside parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esgqa.facts.labels import clean_label, clean_tail
from esgqa.numbers import COUNTERS, UNITS, Quantity

TERMINAL = "。！？；!?;"
CLAUSE = "，,：:"
_CALLOUT_REST = re.compile(r"^[\s%超约近逾多余以上+]*$")
_REVERSED_PREFIX = re.compile(r"(?:^|(?<=\s))[^\s\d]{1,4}$")
_UNITS_RE = "|".join(sorted((*UNITS, *COUNTERS), key=len, reverse=True))
_UNIT_WORD = re.compile(rf"[万亿]?(?:{_UNITS_RE})?[超约近逾]?")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    callout: bool
    terminal: bool  # ends with sentence punctuation


def page_lines(text: str, quantities: list[Quantity]) -> list[Line]:
    lines: list[Line] = []
    position = 0
    for content in text.split("\n"):
        start, end = position, position + len(content)
        position = end + 1
        inside = [q for q in quantities if start <= q.start < end]
        rest = list(content)
        for q in inside:
            rest[q.start - start : q.end - start] = [" "] * (q.end - q.start)
            reversed_unit = q.unit and not q.raw.replace(" ", "").endswith(q.unit[-1:])  # "万吨686.3"
            if reversed_unit or not q.unit:  # a bare figure after a unit-like word: "家14,000超"
                prefix = _REVERSED_PREFIX.search(content[: q.start - start])
                if prefix is not None and (reversed_unit or _UNIT_WORD.fullmatch(prefix.group())):
                    rest[prefix.start() : prefix.end()] = [" "] * (prefix.end() - prefix.start())
        callout = bool(inside) and _CALLOUT_REST.match("".join(rest)) is not None
        lines.append(Line(start, end, callout, content.rstrip()[-1:] in TERMINAL + "：:"))
    return lines


def segment(text: str, line: Line, position: int) -> tuple[int, int]:
    """The sentence around `position` inside its line."""
    start, end = line.start, line.end
    for i in range(position - 1, line.start - 1, -1):
        if text[i] in TERMINAL:
            start = i + 1
            break
    for i in range(position, line.end):
        if text[i] in TERMINAL:
            end = i + 1
            break
    return start, end


def find_clause_start(text: str, start: int, position: int) -> int:
    """Start of the clause holding `position`: after the last comma/colon outside parentheses."""
    depth, boundary = 0, start
    for i in range(start, position):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch in CLAUSE and depth == 0:
            boundary = i + 1
    return boundary


def find_clause_end(text: str, position: int, end: int) -> int:
    for i in range(position, end):
        if text[i] in CLAUSE:
            return i
    return end


def extend_back(text: str, lines: list[Line], index: int, seg_start: int, quantities: list[Quantity],
                 q: Quantity) -> int:
    """Wrapped captions ("自建数据中心 PUE 从 2022 财年的\\n1.247 降至 1.215", "…衍生的就\\n业机会超 7,000 万"):
    the sentence starts on the previous line when that line does not end one and this line says too little about
    its first number to stand alone (or the previous line ends with a comma)."""
    line = lines[index]
    if seg_start != line.start or line.callout or index == 0:
        return seg_start
    previous = lines[index - 1]
    if previous.callout or previous.terminal:
        return seg_start
    if not text[previous.start : previous.end].rstrip().endswith(("，", ",", "、")):
        clause_end = find_clause_end(text, q.end, line.end)
        own = clean_label(text[seg_start : q.start]) + clean_tail(text[q.end : clause_end])
        if len(re.sub(r"[\d.,%]", "", own)) >= 6:
            return seg_start
    return segment(text, previous, previous.end)[0]
