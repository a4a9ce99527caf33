"""Normalise extracted page text for retrieval while keeping a map back to the original characters.

Extraction hard-wraps Chinese lines and pads numbers with spaces ("活 102 年", "468.1 万\\n吨"). Retrieval and
number matching want "活102年" and "468.1万吨"; highlighting wants the original span. So every output
character remembers the index of the input character it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width forms that change how numbers and Latin terms read; Chinese punctuation (，。；：（）) is kept
# because sentence splitting and readers rely on it.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULLWIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "－": "-", "／": "/", "\u3000": " ", "\u00a0": " "})

_SENTENCE_END = "。！？；!?;"
# Characters that follow a number as (part of) its unit; a wrap before them is always joined.
UNIT_START = "万亿千百吨元人个项家次倍%度台辆株棵小分秒天年月日名位款场条件所座米克升公千兆瓦户只篇套"
_SHORT_LINE = 24  # a line shorter than this is a heading or a list item: keep its line break


def is_cjk(ch: str) -> bool:
    """CJK ideographs and CJK/full-width punctuation: text that is written without spaces."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2018 <= code <= 0x201F  # curly quotes used as Chinese quotes
        or code in (0x2014, 0x2026, 0x00B7)
    )


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in the original text of normalised character i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text back to the original text."""
        if start >= end or not self.offsets:
            first = self.offsets[start] if start < len(self.offsets) else len(self.offsets)
            return first, first
        return self.offsets[start], self.offsets[end - 1] + 1


def _join_gap(left: str, right: str) -> str:
    """What a run of whitespace between `left` and `right` becomes."""
    if is_cjk(left) or is_cjk(right):
        return ""
    if left.isdigit() and right in UNIT_START:
        return ""
    return " "


_LABEL_LINE = re.compile(r"^[^，。；：:,\d]{1,20}[：:]")


def _keep_line_break(prev_line: str, next_line: str) -> bool:
    prev, nxt = prev_line.rstrip(), next_line.lstrip()
    if not prev or not nxt:
        return True
    if (prev[-1].isdigit() or prev[-1] in "万亿.") and nxt[0] in UNIT_START:
        return False  # "468.1 万\n吨": a number split from its unit
    if prev[-1] in _SENTENCE_END or prev[-1] in "：:":
        return True
    if _LABEL_LINE.match(prev) and _LABEL_LINE.match(nxt):
        return True  # "注册资本：人民币 200,000,000.00 元" then "总资产：…": a list of labelled figures
    return len(prev) < _SHORT_LINE


def normalize(text: str) -> NormalizedText:
    """Join hard wraps, glue numbers to units, half-width digits, collapse whitespace."""
    lines = text.split("\n")
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    pending_break: str | None = None  # "\n" or " " or "" between the previous line and this one
    for index, line in enumerate(lines):
        line_start = position
        position += len(line) + 1
        content = line.strip()
        if not content:
            if out:
                pending_break = "\n"
            continue
        lead = len(line) - len(line.lstrip())
        if out and pending_break is not None:
            first = _FULLWIDTH.get(content[0], content[0])
            gap = "\n" if pending_break == "\n" else _join_gap(out[-1], first)
            if gap:
                out.append(gap)
                offsets.append(line_start - 1)
        _append_line(content, line_start + lead, out, offsets)
        nxt = next((n for n in lines[index + 1 :] if n.strip()), "")
        blank_follows = index + 1 < len(lines) and not lines[index + 1].strip()
        pending_break = "\n" if blank_follows or _keep_line_break(content, nxt) else " "
    return NormalizedText("".join(out), tuple(offsets))


_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")


def _append_line(content: str, base: int, out: list[str], offsets: list[int]) -> None:
    cursor = 0
    for match in _SPACE_RUN.finditer(content):
        _append_chars(content[cursor : match.start()], base + cursor, out, offsets)
        left = out[-1] if out else ""
        right_raw = content[match.end()] if match.end() < len(content) else ""
        right = _FULLWIDTH.get(right_raw, right_raw)
        if left and right and _join_gap(left, right):
            out.append(" ")
            offsets.append(base + match.start())
        cursor = match.end()
    _append_chars(content[cursor:], base + cursor, out, offsets)


def _append_chars(segment: str, base: int, out: list[str], offsets: list[int]) -> None:
    for i, ch in enumerate(segment):
        out.append(_FULLWIDTH.get(ch, ch))
        offsets.append(base + i)


def compact(text: str) -> str:
    """Whitespace-free form used to compare texts across extractions ("tables aside")."""
    return "".join(text.split())
