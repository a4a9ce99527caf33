"""One tokenizer for documents and queries, so a query term and a corpus term always meet.

Chinese is segmented with jieba's search mode (long words plus their sub-words, which helps paraphrased
questions); English text (Latin letters outnumber CJK characters) is split on word boundaries without jieba.
Either way numbers are kept whole after the same normalisation as the corpus ("2,290.7" → "2290.7",
full-width digits → ASCII), and every Latin word is lower-cased, dropped when it is an English stop word
(`esgqa.lexicon.STOPWORDS_EN`) and stemmed with the Snowball English stemmer ("emissions" → "emiss"), so
"emission" in a question meets "emissions" in a report, in an English chunk or a Chinese one.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from esgqa.ingest.normalize import normalize
from esgqa.lexicon import STOPWORDS_EN

TOKENIZER_ID = "jieba-search+en-snowball+num-v3"

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_KEEP = re.compile(r"[\w%.]", re.UNICODE)
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 等 为 对 从 中 将 并 或 由 以 于 其 也 这 那 有 被 把 让 向 到 之 而 就 都 所 个 上 下 "
    "吗 呢 吧 啊 多少 什么 哪些 哪个 如何 怎样 怎么 是否 有没有 请问 我们 公司 多大 大概 大约 当中 一共 总共 "
    "时候 什么时候 哪 哪年 哪一年 几 哪里 为何 为什么 了多少 占多大 有多少 是多少 多少次".split()
) | STOPWORDS_EN
_LATIN_TEXT = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*|%")
_ALPHA = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.ERROR)
    jieba.dt.tmp_dir = str(jieba_cache_dir())
    jieba.initialize()
    return jieba


def jieba_cache_dir() -> Path:
    """jieba caches its dictionary with `marshal`; by default in the shared system temp folder, where another
    user could plant the file. esgqa keeps it in the user's cache folder, else in a private temporary one."""
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("esgqa", appauthor=False)) / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".writable"
        probe.touch()
        probe.unlink()
    except OSError:
        return Path(tempfile.mkdtemp(prefix="esgqa-jieba-"))
    return folder


def prepare(text: str) -> str:
    """Normalise like the corpus, then drop thousands separators so numbers compare as written."""
    return _THOUSANDS.sub("", normalize(text).text).lower()


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The index form of a lower-case Latin word ("emissions" → "emiss"); other tokens are their own."""
    if not _ALPHA.fullmatch(word):
        return word
    return sys.intern(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def is_english_text(text: str) -> bool:
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return latin > cjk


def tokenize(text: str) -> list[str]:
    prepared = prepare(text)
    if is_english_text(prepared):
        raw: list[str] = _LATIN_TEXT.findall(prepared)
    else:
        raw = _jieba().lcut_for_search(prepared)  # type: ignore[attr-defined]
    tokens: list[str] = []
    for token in raw:
        token = token.strip().strip(".")
        if token.startswith(("多少", "多大")) and len(token) > 2:
            token = token[2:]  # "多少度" asks for 度
        if not token or not _KEEP.search(token) or token in STOPWORDS:
            continue
        tokens.append(sys.intern(stem(token)))  # an index holds millions of tokens of few distinct words
    return tokens


def pos_tags(text: str) -> list[tuple[str, str]]:
    """jieba's words with their part of speech ("ns" a place, "nt" an organisation, "eng" a Latin word)."""
    _jieba()
    import jieba.posseg

    return [(pair.word, pair.flag) for pair in jieba.posseg.lcut(prepare(text))]


def words(text: str) -> list[str]:
    """jieba's precise cut of the search form: whole words, not their sub-words."""
    jieba = _jieba()
    return [w for w in jieba.lcut(prepare(text)) if w.strip()]  # type: ignore[attr-defined]
