"""Running headers and footers: lines repeated at the top or bottom of most pages ("2019年年度报告",
"45 / 156"). They are kept in the page as shown, and kept out of chunks, captions and answers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

EDGE_LINES = 3  # a running header or footer stands among a page's first or last three lines
MIN_SHARE = 0.4  # ... on at least this share of the pages
MIN_PAGES = 3
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """A line's shape: whitespace dropped, every number one '#', so "45 / 156" and "46 / 156" match."""
    return _DIGITS.sub("#", "".join(line.split()))


def _edges(lines: Sequence[str]) -> list[str]:
    kept = [line for line in lines if line.strip()]
    return kept[:EDGE_LINES] + kept[-EDGE_LINES:] if len(kept) > 2 * EDGE_LINES else kept


def running_lines(pages: Sequence[Sequence[str]]) -> frozenset[str]:
    """The shapes (`line_key`) of lines that stand at the edge of most pages."""
    if len(pages) < MIN_PAGES:
        return frozenset()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({line_key(line) for line in _edges(lines)})
    needed = max(MIN_PAGES, MIN_SHARE * len(pages))
    return frozenset(key for key, n in counts.items() if n >= needed and key and len(key) <= 60)


def strip_running(lines: Sequence[str], running: frozenset[str]) -> list[str]:
    """The page's lines without its running header and footer (only at the page's edges)."""
    if not running:
        return list(lines)
    indexed = [(i, line) for i, line in enumerate(lines) if line.strip()]
    edge = {i for i, _ in indexed[:EDGE_LINES] + indexed[-EDGE_LINES:]}
    return [line for i, line in enumerate(lines) if not (i in edge and line_key(line) in running)]


__all__ = ["line_key", "running_lines", "strip_running"]
