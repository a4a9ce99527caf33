"""Which chunks hold a literal (a question's number), found at C speed however many reports an index holds.

Every chunk's search form is joined into one string; `str.find` walks it (memchr-fast) and each hit is mapped to
its chunk by a binary search over the chunks' start offsets. A per-chunk regular expression over 86k chunks
costs tens of milliseconds a question; this costs well under one.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

_SEPARATOR = "\x00"  # never in a chunk's text, so no match spans two chunks


class TextScan:
    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._joined = _SEPARATOR.join(texts)
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        self._starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if texts else np.zeros(0, dtype=np.int64)

    def number_rows(self, number: str, rows: npt.NDArray[np.int64] | None = None) -> npt.NDArray[np.int64]:
        """Rows of the chunks stating `number` as a whole figure: not preceded by a digit or a point, not
        followed by a digit ("1.215" is not in "11.215" nor in "1.2150"); with `rows`, among those only."""
        if not number:
            return np.zeros(0, dtype=np.int64)
        if rows is not None:
            pattern = re.compile(rf"(?<![\d.]){re.escape(number)}(?!\d)")
            return np.asarray(sorted(int(r) for r in rows if pattern.search(self._texts[int(r)])), dtype=np.int64)
        text, found = self._joined, []
        position = text.find(number)
        while position >= 0:
            before = text[position - 1] if position else ""
            after_at = position + len(number)
            after = text[after_at] if after_at < len(text) else ""
            if not (before.isdigit() or before == ".") and not after.isdigit():
                found.append(position)
            position = text.find(number, position + 1)
        if not found:
            return np.zeros(0, dtype=np.int64)
        rows = np.searchsorted(self._starts, np.asarray(found, dtype=np.int64), side="right") - 1
        return np.unique(rows)


__all__ = ["TextScan"]
