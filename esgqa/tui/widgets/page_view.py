"""One report page as a few paragraph widgets, so any highlighted span can be scrolled into view.

A widget per paragraph (not per line) keeps opening a page fast; a character offset maps to its paragraph and
its line inside it, which is exact while the page's hard-wrapped lines fit the width (the usual case).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class PageParagraph(Static):
    DEFAULT_CSS = "PageParagraph { width: 1fr; height: auto; margin-bottom: 1; }"


@dataclass(frozen=True)
class _Block:
    start: int  # character offset of the paragraph's first line
    line_starts: tuple[int, ...]  # character offset of each of its lines


def _blocks(text: Text) -> tuple[list[Text], list[_Block]]:
    """Paragraphs (runs of non-blank lines) of `text`, with where each line starts."""
    paragraphs: list[Text] = []
    blocks: list[_Block] = []
    current: list[Text] = []
    starts: list[int] = []
    position = 0
    for line in text.split("\n", allow_blank=True):
        if line.plain.strip():
            current.append(line)
            starts.append(position)
        elif current:
            paragraphs.append(Text("\n").join(current))
            blocks.append(_Block(starts[0], tuple(starts)))
            current, starts = [], []
        position += len(line.plain) + 1
    if current:
        paragraphs.append(Text("\n").join(current))
        blocks.append(_Block(starts[0], tuple(starts)))
    return paragraphs, blocks


class PageView(VerticalScroll):
    """Shows a page `Text`; `scroll_to_offset` brings the line holding a character offset into view."""

    DEFAULT_CSS = """
    PageView { height: 1fr; border: round $primary 60%; padding: 0 1; }
    PageView:focus { border: round $primary; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = True
        self._blocks: list[_Block] = []
        self.text = Text("")

    async def show(self, text: Text, anchor: int | None = None) -> None:
        """Replace the page; scroll to the line holding character `anchor` (or to the top)."""
        self.text = text
        paragraphs, self._blocks = _blocks(text)
        if not paragraphs:
            paragraphs, self._blocks = [Text(" ")], [_Block(0, (0,))]
        await self.remove_children()
        await self.mount_all(PageParagraph(p) for p in paragraphs)
        self.scroll_home(animate=False)
        if anchor is not None:
            self.call_after_refresh(self.scroll_to_offset, anchor)

    def _y_of(self, offset: int) -> int | None:
        """The virtual y of the line holding `offset` (None before layout)."""
        children = list(self.query(PageParagraph))
        if not children or not self._blocks:
            return None
        index = max(0, bisect_right([b.start for b in self._blocks], offset) - 1)
        block = self._blocks[index]
        line = max(0, bisect_right(block.line_starts, offset) - 1)
        top = children[index].virtual_region.y
        return top + line

    def scroll_to_offset(self, offset: int) -> None:
        y = self._y_of(offset)
        if y is not None:
            height = self.scrollable_content_region.height
            self.scroll_to(y=max(0, y - height // 3), animate=False, immediate=True)

    def is_offset_visible(self, offset: int) -> bool:
        """True when the line holding `offset` is inside the visible region (for tests)."""
        y = self._y_of(offset)
        top = self.scroll_offset.y
        return y is not None and top <= y < top + self.scrollable_content_region.height
