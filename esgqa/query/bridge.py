"""Chinese → English search terms, for a Chinese question asked of an English report.

BM25 cannot match 排放 to "emissions". The bilingual glossaries (`esgqa.data`, English → Chinese) and the
CC-CEDICT word list of the `cedict` package (English headword → Chinese glosses) are read in reverse: a
Chinese term of the question gets the English words whose entry renders it. Glossary phrases are taken first,
longest Chinese term first; a word the glossary does not know gets at most `MAX_WORDS` dictionary headwords,
the ones that give it as their first rendering before those giving it second. Only English words the report itself uses
are kept, so a dictionary sense the report never uses cannot pull in unrelated passages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from esgqa.query.dictionary import load_dictionary, renderings
from esgqa.query.glossary import load_glossary
from esgqa.query.terms import STOPWORDS, tokenize, words

MAX_WORDS = 2
_HEADWORD = re.compile(r"[a-z]{3,}")


class _Frequencies(Protocol):
    def df(self, term: str) -> int: ...


@lru_cache(maxsize=1)
def reverse_glossary() -> dict[str, tuple[str, ...]]:
    """Chinese term → the English phrases the glossaries translate to it."""
    reverse: dict[str, list[str]] = {}
    for english, chinese in load_glossary().items():
        for term in chinese:
            reverse.setdefault(term, []).append(" ".join(english))
    return {term: tuple(dict.fromkeys(phrases)) for term, phrases in reverse.items()}


@lru_cache(maxsize=1)
def reverse_dictionary() -> dict[str, tuple[str, ...]]:
    """Chinese word → English headwords rendering it, those giving it first before the others (built on first
    use: a Chinese question on an English report pays for it once)."""
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    for headword in load_dictionary():
        if not _HEADWORD.fullmatch(headword):
            continue
        for rank, chinese in enumerate(renderings(headword)[:2]):
            ranked.setdefault(chinese, []).append((rank, len(headword), headword))
    return {word: tuple(h for _, _, h in sorted(entries)) for word, entries in ranked.items()}


def bridge_groups(question: str, tokens: Sequence[str], vocabulary: _Frequencies) -> list[list[str]]:
    """The English search tokens of each Chinese concept of `question` that the report does not use in
    Chinese; one group per concept (any of its tokens stands for it). Empty when nothing bridges."""
    glossary = reverse_glossary()
    groups: list[list[str]] = []
    covered = question
    for term in sorted((t for t in glossary if len(t) >= 2 and t in question), key=len, reverse=True):
        if term not in covered or all(vocabulary.df(t) for t in tokenize(term)):
            continue
        english = [t for phrase in glossary[term] for t in tokenize(phrase)
                   if vocabulary.df(t) and not t[:1].isdigit()]
        if english:
            groups.append(list(dict.fromkeys(english)))
            covered = covered.replace(term, " ")
    dictionary = reverse_dictionary()
    for word in words(covered):
        if len(word) < 2 or word in STOPWORDS or not re.search(r"[\u4e00-\u9fff]", word) \
                or all(vocabulary.df(t) for t in tokenize(word)):
            continue
        english = [t for headword in dictionary.get(word, ()) for t in tokenize(headword) if vocabulary.df(t)]
        if english:
            groups.append(list(dict.fromkeys(english))[:MAX_WORDS])
    return groups


__all__ = ["MAX_WORDS", "bridge_groups", "reverse_dictionary", "reverse_glossary"]
