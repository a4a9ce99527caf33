"""English → Chinese query expansion from bilingual glossaries (ESG terms, annual-report line items).

The report is Chinese; BM25 cannot match "women" to 女性. The glossary maps English words and phrases to the
report's own terms, longest phrase first, so an English question gains the Chinese terms it is about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[a-z0-9][a-z0-9.+\-]*")


GLOSSARIES = ("glossary_en_zh.tsv", "glossary_finance_en_zh.tsv")  # ESG terms; annual-report line items


@lru_cache(maxsize=1)
def load_glossary() -> dict[tuple[str, ...], tuple[str, ...]]:
    entries: dict[tuple[str, ...], tuple[str, ...]] = {}
    text = "\n".join(resources.files("esgqa.data").joinpath(name).read_text(encoding="utf-8") for name in GLOSSARIES)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        english, chinese = line.split("\t", 1)
        key = tuple(_singular(w) for w in _WORD.findall(english.lower()))
        terms = tuple(t.strip() for t in chinese.split("|") if t.strip())
        if key and terms:
            entries[key] = tuple(dict.fromkeys(entries.get(key, ()) + terms))
    return entries


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def expand_with_sources(query: str) -> tuple[set[str], list[str]]:
    """The English words the glossary translated (as written and singular), and their Chinese terms.

    Longest phrase first, no overlaps: "scope 1 and 2" wins over "scope 1".
    """
    translated, groups = expand_groups(query)
    return translated, list(dict.fromkeys(term for _, terms in groups for term in terms))


def expand_groups(query: str) -> tuple[set[str], list[tuple[str, tuple[str, ...]]]]:
    """Like `expand_with_sources`, but the Chinese terms stay grouped by the English phrase they translate:
    "share" → (占比, 比例) is one concept, matched by either term, not two halves of the question."""
    glossary = load_glossary()
    longest = max((len(k) for k in glossary), default=1)
    raw_words = _WORD.findall(query.lower())
    words = [_singular(w) for w in raw_words]
    groups: list[tuple[str, tuple[str, ...]]] = []
    translated: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            hit = glossary.get(tuple(words[i : i + size]))
            if hit:
                groups.append((" ".join(raw_words[i : i + size]), hit))
                translated.update(raw_words[i : i + size])
                translated.update(words[i : i + size])
                i += size
                break
        else:
            i += 1
    return translated, groups


def expand(query: str) -> list[str]:
    """Chinese terms for the English words and phrases of `query`."""
    return expand_with_sources(query)[1]


def is_english(text: str) -> bool:
    """A question is treated as English when Latin letters outnumber CJK characters."""
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return latin > cjk
