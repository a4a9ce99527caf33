"""How much of a page's numbers the figure grammar reads: the share of numeric tokens that become facts.

    python eval/figure_coverage.py DIR [DIR ...]   # each DIR holds one report's page-NNN.txt (text as extracted)

A numeric token is a run of digits with its separators ("1,303", "95.7"); bare years (1900-2100) are left out,
since a year is a period, not a figure. A token becomes a fact when a prose mention's span covers it
(`esgqa.facts.prose.page_mentions`, the reading `esgqa ask` and `esgqa check` use). A bare number is a fact
too, so the second share is the one that tells the grammars apart: of the tokens written with a marker beside
them (a currency sign before; a letter, CJK character or % right after), how many became a fact that kept a
unit, scale or currency. Prints one line per report and the pooled shares per language (a report is English
when Latin letters outnumber CJK characters).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from esgqa.facts.prose import page_mentions

_TOKEN = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def _tokens(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _TOKEN.finditer(text):
        value = m.group()
        if re.fullmatch(r"(19|20)\d{2}", value):
            continue
        spans.append((m.start(), m.end()))
    return spans


_MARK_BEFORE = re.compile(r"(?:[$€£¥]|US\$|RMB|USD|EUR|GBP)\s?\(?$")
_MARK_AFTER = re.compile(r"^\s?(?:[A-Za-z\u4e00-\u9fff%‰³])")


def page_coverage(text: str) -> tuple[int, int, int, int]:
    """(numeric tokens, tokens inside a fact's span, tokens written with a marker, those read with a unit)."""
    tokens = _tokens(text)
    if not tokens:
        return 0, 0, 0, 0
    spans = [(m.start, m.end, bool(m.quantity.unit)) for m in page_mentions("doc", 1, text)]
    covered = marked = with_unit = 0
    for start, end in tokens:
        fact = next((u for s, e, u in spans if s <= start and end <= e), None)
        covered += fact is not None
        if _MARK_BEFORE.search(text[max(0, start - 5):start]) or _MARK_AFTER.match(text[end:end + 2]):
            marked += 1
            with_unit += bool(fact)
    return len(tokens), covered, marked, with_unit


def _english(text: str) -> bool:
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return latin > cjk


def main(folders: list[str]) -> int:
    pooled: dict[str, list[int]] = {"en": [0, 0, 0, 0], "zh": [0, 0, 0, 0]}
    for folder in folders:
        pages = sorted(Path(folder).glob("page-*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in pages]
        lang = "en" if _english("".join(texts)) else "zh"
        counts = [0, 0, 0, 0]
        for text in texts:
            counts = [a + b for a, b in zip(counts, page_coverage(text), strict=True)]
        pooled[lang] = [a + b for a, b in zip(pooled[lang], counts, strict=True)]
        print(f"{Path(folder).name:12} {lang}  pages {len(pages):4}  {_shares(counts)}")
    for lang, counts in pooled.items():
        if counts[0]:
            print(f"{lang} pooled: {_shares(counts)}")
    return 0


def _shares(counts: list[int]) -> str:
    total, covered, marked, with_unit = counts
    return (f"tokens {total:6}  facts {covered / max(total, 1):.3f}  "
            f"written with a unit {marked:6}  read with it {with_unit / max(marked, 1):.3f}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
