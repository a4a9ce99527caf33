"""Enumerated items: which numbered heading ("1.南通四方…有限公司", "(2) 公司于…", "③") a figure stands under.

Reports list like things under numbered items: each subsidiary's 总资产, each incentive plan's vesting period.
Two figures with one label under sibling items of one list are two items' figures, not one metric stated twice;
the fact-check reads them so. The path is kept over page breaks, in reading order, and a heading of a style
seen higher up the path closes the items below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_NUMERALS = "一二三四五六七八九十"
_MARK = re.compile(
    rf"(?m)^[ \t]*(?:(?P<cn>[{_NUMERALS}]+)[、.．]"
    rf"|[（(](?P<pcn>[{_NUMERALS}]+)[)）]"
    r"|[（(](?P<pnum>\d{1,2})[)）]"
    r"|(?P<half>\d{1,2})[)）]"
    r"|(?P<num>\d{1,2})(?:[、．]|\.(?!\d))"
    r"|(?P<circle>[①-⑳]))"
)
_STYLES = ("cn", "pcn", "pnum", "half", "num", "circle")


def item_marks(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, style, number) for every numbered heading at a line start."""
    for match in _MARK.finditer(text):
        style = next(s for s in _STYLES if match.group(s))
        yield match.start(), style, match.group(style)


class ItemPath:
    """The stack of open items while a document is read page by page."""

    def __init__(self) -> None:
        self._stack: list[tuple[str, str]] = []

    def walk(self, text: str, positions: Iterable[int]) -> list[str]:
        """The item path ("cn:七/num:1") at each of `positions` (ascending offsets in `text`)."""
        marks = list(item_marks(text))
        out: list[str] = []
        cursor = 0
        for position in positions:
            while cursor < len(marks) and marks[cursor][0] <= position:
                self._open(marks[cursor][1], marks[cursor][2])
                cursor += 1
            out.append(self.path)
        for _, style, number in marks[cursor:]:
            self._open(style, number)
        return out

    def _open(self, style: str, number: str) -> None:
        styles = [s for s, _ in self._stack]
        if style in styles:
            del self._stack[styles.index(style):]
        self._stack.append((style, number))

    @property
    def path(self) -> str:
        return "/".join(f"{style}:{number}" for style, number in self._stack)


def sibling_items(a: str, b: str) -> bool:
    """Two different items of one list: the paths part at an item of one style, and that item is the innermost
    of at least one of them ("七/1" and "七/2/(1)"; not "二/(一)/1" and "三/(二)/1", two sections)."""
    if not a or not b or a == b:
        return False
    steps_a, steps_b = a.split("/"), b.split("/")
    for i, (x, y) in enumerate(zip(steps_a, steps_b, strict=False)):
        if x != y:
            return x.split(":")[0] == y.split(":")[0] and i >= min(len(steps_a), len(steps_b)) - 1
    return False


__all__ = ["ItemPath", "item_marks", "sibling_items"]
