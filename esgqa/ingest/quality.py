"""Text that is not text: what a page warning names and the index leaves out, never indexed as garbage.

Fonts without a Unicode map come out as "(cid:12)" runs (pdfminer) or as control and private-use characters
(PDFium); a page can carry text objects whose characters cannot be read at all.
"""

from __future__ import annotations

import re

_CID_GLYPH = re.compile(r"\(cid:\d+\)")
UNDECODABLE_SHARE = 0.3  # of the characters: (cid:N) runs, private-use code points, U+FFFD
CONTROL_SHARE = 0.03  # control characters in running text mean a font's codes were read as characters


def _odd(ch: str) -> bool:
    code = ord(ch)
    return 0xE000 <= code <= 0xF8FF or ch == "\ufffd"


def _control(ch: str) -> bool:
    return ord(ch) < 32 and ch not in "\t\n\r\f"


def looks_undecodable(text: str) -> bool:
    """Text from a font without a ToUnicode map: "(cid:12)" runs, private-use characters, control codes."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return False
    cid = sum(len(m) for m in _CID_GLYPH.findall(text))
    odd = sum(1 for ch in visible if _odd(ch))
    control = sum(1 for ch in visible if _control(ch))
    return (cid + odd) / len(visible) > UNDECODABLE_SHARE or control / len(visible) > CONTROL_SHARE


__all__ = ["looks_undecodable"]
