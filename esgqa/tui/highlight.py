"""Report text as `rich.text.Text` with the evidence, the question's terms and the numbers highlighted.

Report text is never parsed as markup: every function here builds `Text(plain)` and adds styles by span, so a
page that says "[bold]" or "[link=…]" shows exactly that. Spans are found on a folded form of the text
(whitespace dropped, full-width ASCII made half-width, Latin lower-cased, thousands separators dropped) so
that a passage taken from the normalised text (hard wraps joined) is found in the raw page, and mapped back.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from esgqa.ingest.model import Chunk
from esgqa.ingest.normalize import normalize
from esgqa.numbers import Quantity, find_quantities, parse_quantity, same_quantity

Span = tuple[int, int]

EVIDENCE = Style(bgcolor="#2b3a55")
SENTENCE = Style(bgcolor="#5c4a12")
TERM = Style(bold=True, underline=True, color="#ffd75f")
NUMBER = Style(bold=True, color="#5fd7ff")
VALUE = Style(bold=True, color="#1a1a1a", bgcolor="#ffd75f")
CURRENT = Style(bgcolor="#7a3b69")


def fold(text: str) -> tuple[str, list[int]]:
    """A comparison form of `text` and, for each of its characters, the index it came from in `text`."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        if ch == "," and chars and chars[-1].isdigit() and i + 1 < len(text) and text[i + 1].isdigit():
            continue
        chars.append(ch.lower() if ch.isascii() else ch)
        index.append(i)
    return "".join(chars), index


def locate_all(haystack: str, needle: str, limit: int = 50) -> list[Span]:
    """Every span of `haystack` that reads as `needle` once folded (whitespace and wraps ignored)."""
    folded_needle, _ = fold(needle)
    if not folded_needle:
        return []
    folded, index = fold(haystack)
    spans: list[Span] = []
    start = folded.find(folded_needle)
    while start >= 0 and len(spans) < limit:
        end = start + len(folded_needle)
        spans.append((index[start], index[end - 1] + 1))
        start = folded.find(folded_needle, end)
    return spans


def locate(haystack: str, needle: str) -> Span | None:
    spans = locate_all(haystack, needle, limit=1)
    return spans[0] if spans else None


def chunk_span(page_text: str, chunk: Chunk) -> Span | None:
    """Where a chunk sits in its raw page: exact through the normaliser's offset map, else by folding."""
    normalized = normalize(page_text)
    if normalized.text[chunk.start : chunk.end] == chunk.text:
        return normalized.original_span(chunk.start, chunk.end)
    return locate(page_text, chunk.text)


def highlight_terms(text: Text, terms: Iterable[str], style: Style = TERM) -> None:
    """Style every occurrence of every term (single CJK characters are skipped: they match everywhere)."""
    plain = text.plain
    for term in dict.fromkeys(terms):
        if len(term) < 2 and not term.isdigit():
            continue
        for start, end in locate_all(plain, term):
            text.stylize(style, start, end)


def _value_quantity(value: str | None) -> Quantity | None:
    return parse_quantity(value) if value else None


def highlight_numbers(text: Text, value: str | None = None) -> None:
    """Style the quantities; the answer's value (same number and unit, however written) stands out."""
    wanted = _value_quantity(value)
    for quantity in find_quantities(text.plain):
        is_value = wanted is not None and same_quantity(quantity, wanted)
        text.stylize(VALUE if is_value else NUMBER, quantity.start, quantity.end)


def passage_text(plain: str, terms: Iterable[str] = (), value: str | None = None) -> Text:
    """A passage of the report with the question's terms and the numbers highlighted."""
    text = Text(plain)
    highlight_numbers(text, value)
    highlight_terms(text, terms)
    return text


def page_text(plain: str, evidence: Iterable[Span] = (), sentences: Iterable[Span] = (),
              terms: Iterable[str] = (), value: str | None = None, current: Span | None = None) -> Text:
    """A whole page: evidence passages shaded, cited sentences brighter, terms and numbers marked."""
    text = Text(plain)
    for start, end in evidence:
        text.stylize(EVIDENCE, start, end)
    for start, end in sentences:
        text.stylize(SENTENCE, start, end)
    if current is not None:
        text.stylize(CURRENT, *current)
    highlight_numbers(text, value)
    highlight_terms(text, terms)
    return text


def shorten(plain: str, width: int) -> str:
    """One line of at most `width` cells (CJK characters count double), with "…" when cut."""
    line = " ".join(plain.split())
    if cell_len(line) <= width:
        return line
    out: list[str] = []
    used = 0
    for ch in line:
        used += cell_len(ch)
        if used > width - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def excerpt(plain: str, needle: str | None, width: int) -> str:
    """One line of at most `width` cells that shows `needle` (a third of the way in) when the text is longer."""
    line = " ".join(plain.split())
    span = locate(line, needle) if needle and cell_len(line) > width else None
    if span is None:
        return shorten(line, width)
    start = span[0]
    while start > 0 and cell_len(line[start - 1 : span[0]]) <= width // 3:
        start -= 1
    prefix = "…" if start > 0 else ""
    return prefix + shorten(line[start:], width - len(prefix))
