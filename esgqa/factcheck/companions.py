"""Restated sentences: two sentences that share a distinctive figure usually state the same facts.

"通过公益宝贝等形式，204 万商家和 4.7 亿消费者……累计帮助 900 万人次" and, forty pages later, "204 万商家和 4.7 亿
消费者……累计受助群体 900 万人次" share two figures; so the third figure of one is the third figure of the other,
whatever words surround it. Labels alone miss such restatements when the wording changes (and a label can be
empty); aligning the figures of restated sentences finds them. A figure is distinctive when it appears on a few
pages only ("100%" is on fifteen and says nothing).
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from itertools import combinations

from rapidfuzz import fuzz

from esgqa.facts.prose import Fact

MAX_PAGES = 8  # a figure on more pages than this is too common to tie two sentences together
MAX_SENTENCES = 12
MIN_LABEL = 50.0  # label similarity needed when a sentence holds several figures of one unit


def _fact(m: Fact) -> tuple[str, float, str]:
    return (m.family, float(f"{m.quantity.base_value:.6g}"), m.change)


def _comparable(m: Fact) -> bool:
    """Prose figures only: a table's cells are placed by its rows and columns, not by the words around them."""
    return not m.identifier_like and not m.in_range and not m.callout and m.table is None


def companion_pairs(mentions: list[Fact]) -> list[tuple[Fact, Fact]]:
    """Pairs (a, b) of differing figures that take the same place in two sentences sharing a distinctive figure."""
    sentences: dict[tuple[str, int, int], list[Fact]] = defaultdict(list)
    for m in mentions:
        if _comparable(m):
            sentences[(m.doc, m.page, m.sentence_start)].append(m)
    pages: dict[tuple[str, float, str], set[int]] = defaultdict(set)
    holders: dict[tuple[str, float, str], set[tuple[str, int, int]]] = defaultdict(set)
    for key, group in sentences.items():
        for m in group:
            pages[_fact(m)].add(m.page)
            holders[_fact(m)].add(key)
    seen: set[tuple[tuple[str, int, int], tuple[str, int, int]]] = set()
    pairs: list[tuple[Fact, Fact]] = []
    for fact, keys in holders.items():
        if len(pages[fact]) > MAX_PAGES or len(keys) > MAX_SENTENCES or len(keys) < 2 or _digits(fact) < 2:
            continue
        for s1, s2 in combinations(sorted(keys), 2):
            if (s1, s2) in seen:
                continue
            seen.add((s1, s2))
            if _restated(sentences[s1], sentences[s2], pages):
                pairs.extend(_align(sentences[s1], sentences[s2]))
    return pairs


def _digits(fact: tuple[str, float, str]) -> int:
    """Significant digits of a figure: "447.7万度" has 4, "15 年" 2, "90%" and "80 个" 1 (round, so common)."""
    return len(f"{fact[1]:.6g}".replace(".", "").replace("-", "").strip("0").split("e")[0])


def _restated(first: list[Fact], second: list[Fact], pages: dict[tuple[str, float, str], set[int]]) -> bool:
    """Two sentences restate each other when they share two distinctive figures, one very distinctive figure
    (three or more significant digits), or one distinctive figure described in similar words."""
    shared = [(a, b) for a in first for b in second if _fact(a) == _fact(b)
              and _digits(_fact(a)) >= 2 and len(pages[_fact(a)]) <= MAX_PAGES]
    if len({_fact(a) for a, _ in shared}) >= 2:
        return True
    return any(_digits(_fact(a)) >= 3 or fuzz.ratio(a.label, b.label) >= MIN_LABEL for a, b in shared)


def _align(first: list[Fact], second: list[Fact]) -> list[tuple[Fact, Fact]]:
    """Figures of one sentence without an equal in the other, matched by unit and, among several, by words."""
    facts_first = {_fact(m) for m in first}
    facts_second = {_fact(m) for m in second}
    left = [m for m in first if _fact(m) not in facts_second]
    right = [m for m in second if _fact(m) not in facts_first]
    pairs: list[tuple[Fact, Fact]] = []
    for a in left:
        options = [b for b in right if b.family == a.family and bool(b.change) == bool(a.change)]
        if not options:
            continue
        rivals = [m for m in left if m.family == a.family and bool(m.change) == bool(a.change)]
        if len(options) == 1 and len(rivals) == 1:
            pairs.append((a, options[0]))  # the only figure of its kind on both sides
            continue
        best = max(options, key=lambda b: fuzz.ratio(a.label, b.label))
        back = max(rivals, key=lambda m: fuzz.ratio(m.label, best.label))
        if back is a and fuzz.ratio(a.label, best.label) >= MIN_LABEL:
            pairs.append((a, best))
    return pairs


_WINDOW = 10
_FILLERS = re.compile(r"[的了\s“”\"'《》]|\d{4}(?:财年|年度|年)(?:\d{1,2}月(?:\d{1,2}日)?)?")  # and dates


def _window(text: str, m: Fact) -> str:
    """The words around a figure within its sentence, the figure itself as "#", its neighbours as written."""
    start, end = m.quantity.start, m.quantity.end
    left = re.split(r"[。；！？\n]", text[max(0, start - _WINDOW) : start])[-1]
    right = re.split(r"[。；！？\n]", text[end : end + _WINDOW])[0]
    return _FILLERS.sub("", f"{left}#{right}")


def phrase_pairs(mentions: list[Fact], texts: dict[tuple[str, int], str]) -> list[tuple[Fact, Fact]]:
    """Figures written in the same phrase next to the same other figure: "承诺 15 年减碳 15 亿吨" and "带动平台
    生态 15 年减碳 15 亿吨的目标" put their 亿吨 figure in one slot, whatever the rest of the sentence says."""
    windows: dict[int, str] = {}
    by_neighbour: dict[str, list[Fact]] = defaultdict(list)
    for m in mentions:
        if not _comparable(m) or (m.doc, m.page) not in texts:
            continue
        window = windows[id(m)] = _window(texts[(m.doc, m.page)], m)
        for neighbour in set(re.findall(r"\d[\d,.]*\d|\d", window)):
            if len(neighbour.replace(",", "").replace(".", "").strip("0")) >= 2:  # a distinctive neighbour
                by_neighbour[neighbour].append(m)
    pairs: list[tuple[Fact, Fact]] = []
    seen: set[frozenset[int]] = set()
    for group in by_neighbour.values():
        if len(group) > MAX_SENTENCES:
            continue
        for a, b in combinations(group, 2):
            key = frozenset((id(a), id(b)))
            if key in seen or a.family != b.family or bool(a.change) != bool(b.change):
                continue
            if a.page == b.page and a.sentence_start == b.sentence_start:
                continue
            seen.add(key)
            if _same_phrase(windows[id(a)], windows[id(b)]):
                pairs.append((a, b))
    return pairs


def _same_phrase(first: str, second: str) -> bool:
    """The windows share a run of at least six characters holding the figure's slot and a neighbouring digit."""
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    for block in matcher.get_matching_blocks():
        run = first[block.a : block.a + block.size]
        if block.size >= 6 and "#" in run and re.search(r"\d", run):
            return True
    return False
