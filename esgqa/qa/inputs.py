"""Finding a derived figure's inputs among the report's facts: the fact whose words best cover a phrase
("冷冻设备营业收入", "主营业务收入"), of the period and statement asked, from the pages retrieval found first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from esgqa.facts.model import Fact
from esgqa.index.reader import Hit, IndexReader
from esgqa.numbers import units_compatible
from esgqa.qa.derive import (
    AVERAGE,
    DIFFERENCE,
    GROWTH,
    POINTS,
    RATIO,
    SHARE,
    Derived,
    Relation,
    compute,
    relation,
)
from esgqa.query.intent import FRAMING_ZH
from esgqa.query.plan import QueryPlan, plan_question
from esgqa.query.terms import prepare, tokenize

MIN_COVER = 0.5  # an input must hold at least half of its phrase's weighted words
MIN_COVER_EN = 0.35  # an English phrase's dictionary renderings include senses the report does not mean
_GENERIC = frozenset("多少 比重 比例 占比 占 比 百分比 份额 比率 平均 每 倍 几 增长 下降 变化 变动 提高 降低 减少 "
                     "百分点 个百分点 财年 年度 年末 年 月 日 截至 截止 超出 超过 多出 人均 一共 总共 约 总数 总量 "
                     "总额 全部 所有 合计 总计 累计 共计 全年 每个 每位 每场 每家 每名 每人".split())


def phrase_weights(phrase: str, retriever: IndexReader, plan: QueryPlan) -> dict[str, float]:
    """A phrase's words with their IDF weights (an English phrase through its Chinese renderings)."""
    vocabulary = retriever.vocabulary
    if plan.english and re.search(r"[A-Za-z]{3,}", phrase):
        sub = plan_question(phrase, vocabulary)
        terms = [*sub.expansions, *sub.tokens]
    else:
        terms = tokenize(phrase)
    total = max(1, vocabulary.total)
    weights: dict[str, float] = {}
    for term in dict.fromkeys(terms):
        if term in FRAMING_ZH or term in _GENERIC or term in plan.entity_terms or re.fullmatch(r"[\d.%]+", term) \
                or term in plan.intent.period_words:
            continue
        df = vocabulary.df(term)
        if df:
            weights[term] = math.log(1 + total / (1 + df))
    return weights


def _cover(text: str, weights: dict[str, float]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in text) / total if total else 0.0


def fact_words(fact: Fact) -> str:
    """What names a fact: its label, subject and (a table cell) caption, row and column."""
    if fact.table is not None:
        return prepare(f"{fact.table.title} {fact.topic} {fact.table.row} {fact.table.column} {fact.label}")
    return prepare(f"{fact.topic} {fact.label} {fact.before}")


def pool(hits: Sequence[Hit], retriever: IndexReader, whole_document: bool = False) -> list[Fact]:
    """Facts on the pages of the retrieved passages (best pages first), or of the whole document."""
    if not hits:
        return []
    if whole_document:
        return retriever.facts.of_document(hits[0].chunk.doc_id)
    pages = list(dict.fromkeys((h.chunk.doc_id, h.chunk.page) for h in hits))
    return [f for doc_id, page in pages for f in retriever.facts.on_page(doc_id, page)]


def best_fact(weights: dict[str, float], facts: Iterable[Fact], period: str | None = None,
              scope: str | None = None, exclude: Sequence[Fact] = (), change: bool = False,
              family: str | None = None, least: float = MIN_COVER) -> tuple[Fact | None, float]:
    """The fact whose words cover `weights` best, of `period` (and `scope`, a level or change) when given;
    with its cover. Ties go to the earlier fact (the better-ranked page)."""
    best: Fact | None = None
    best_score = 0.0
    for fact in facts:
        if any(fact is other for other in exclude) or fact.period_key == "TARGET" or bool(fact.change) != change:
            continue
        if period is not None and fact.period_key != period:
            continue
        if scope is not None and fact.scope not in (scope, None):
            continue
        if family is not None and fact.family != family:
            continue
        words = fact_words(fact)
        cover = _cover(words, weights)
        sentence = _cover(prepare(fact.sentence), weights)
        score = 0.7 * cover + 0.3 * sentence
        if score > best_score + 1e-9:
            best, best_score = fact, score
    return (best, best_score) if best_score >= least else (None, best_score)




def _metric_weights(plan: QueryPlan) -> dict[str, float]:
    """A one-metric relation (growth between two periods): the question's own support terms, minus the
    words that name the relation, its periods and its numbers."""
    return {t: w for t, w in plan.weights.items() if t not in _GENERIC and not re.fullmatch(r"[\d.%]+", t)}


def _widest(weights: dict[str, float], facts: list[Fact], period: str | None, scope: str | None
            ) -> tuple[Fact | None, float]:
    """Of the facts matching the words nearly as well as the best, the largest: a whole ("合计", "总数") and
    its parts share their words, and the whole is the largest of them."""
    best, cover = best_fact(weights, facts, period, scope)
    if best is None:
        return None, cover
    close = [f for f in facts if f.period_key == best.period_key and
             best_fact(weights, [f], period, scope)[1] >= cover - 0.1]
    return max(close, key=lambda f: f.quantity.base_value), cover


def related(a: Fact, b: Fact) -> bool:
    """Two facts of one metric at different periods: one label holds the other ("减碳量" in "自身运营减碳量"),
    or the same table row; the same unit family; both levels or both changes."""
    if a is b or a.doc_id != b.doc_id or bool(a.change) != bool(b.change) or a.family != b.family:
        return False
    if a.table is not None and b.table is not None:
        return a.table.row == b.table.row and a.scope == b.scope
    la, lb = a.label, b.label
    return bool(la and lb) and (la == lb or (min(len(la), len(lb)) >= 2 and (la in lb or lb in la)))


def derive_from(plan: QueryPlan, hits: Sequence[Hit], retriever: IndexReader) -> tuple[Derived, float] | None:
    """The derived figure a question asks for, with how well its inputs match (their mean cover); None when
    the question names no relation or an input is missing."""
    asked = relation(plan)
    if asked is None:
        return None
    near = pool(hits, retriever)
    everywhere = pool(hits, retriever, whole_document=True)
    scope = plan.intent.scope
    period = next((p for p in plan.intent.periods), "current")
    year = period.split("-Q")[0]  # the whole of a quarter's share is its year
    if asked.kind in (GROWTH, POINTS, DIFFERENCE):
        weights = _metric_weights(plan)
        earlier, later = _two_periods(asked.periods)
        family = "%" if asked.kind == POINTS else None
        later_fact, cover = best_fact(weights, near, later, scope, family=family)
        if later_fact is None:
            return None
        close = sorted((f for f in near + everywhere if related(f, later_fact) and f.period_key == earlier),
                       key=lambda f: (f.page != later_fact.page, abs(f.page - later_fact.page)))
        if not close:
            return None
        derived = compute(asked.kind, [close[0], later_fact])
        return (derived, cover) if derived else None
    if asked.kind in (RATIO, "margin"):
        inputs: list[Fact] = []
        for name in asked.parts:
            fact = _named_row(name, everywhere, period, scope or "合并")
            if fact is None:
                return None
            inputs.append(fact)
        derived = compute(asked.kind, inputs)
        return (derived, 1.0) if derived else None
    if asked.formula == "pair":
        return _pair(plan, asked.kind, near)
    parts = [phrase_weights(p, retriever, plan) for p in asked.parts]
    if asked.kind == AVERAGE:
        return _average(plan, asked, parts[1], near)
    found: list[Fact] = []
    covers: list[float] = []
    for weights in parts:  # a part and its whole (or two amounts): levels of one unit family, not shares
        if not weights:
            return None
        levels = [f for f in near if f.family not in ("%", "百分点") and not f.change]
        if found:
            levels = [f for f in levels if units_compatible(f.family, found[0].family) and f is not found[0]
                      and f.quantity.value != found[0].quantity.value]
            if asked.kind == SHARE:  # the whole: larger than the part; of the best-matching, the largest
                levels = [f for f in levels if f.quantity.base_value > found[0].quantity.base_value]
        wanted = year if found and asked.kind == SHARE else period
        fact, cover = _widest(weights, levels, wanted, scope) if found and asked.kind == SHARE else \
            best_fact(weights, levels, wanted, scope)
        if fact is None:
            fact, cover = best_fact(weights, levels, None, scope)
        if fact is None:
            return None
        found.append(fact)
        covers.append(cover)
    derived = compute(asked.kind, found)
    return (derived, sum(covers) / len(covers)) if derived else None


def _average(plan: QueryPlan, asked: Relation, per: dict[str, float], near: list[Fact]
             ) -> tuple[Derived, float] | None:
    """"平均每位参与者完成了多少次评测": the total asked for, divided by the count of what it is per (a count of
    people, sessions, counties: its unit is the measure word, or its words are the noun after 每)."""
    measure = asked.formula
    total_weights = {t: w for t, w in _metric_weights(plan).items() if t not in per}
    total, cover = best_fact(total_weights, near, least=MIN_COVER_EN if plan.english else MIN_COVER)
    if total is None:
        return None
    counts = [f for f in near if (f is not total and not f.change and f.family != "%"
              and f.family != total.family) or (measure and f.quantity.unit.endswith(measure) and f is not total)]
    people = {"位", "名", "人"}
    if measure:
        by_unit = [f for f in counts if f.quantity.unit.endswith(measure)
                   or (measure in people and f.quantity.unit[-1:] in people)]
        count = (best_fact(per, by_unit)[0] if per else None) or (by_unit[0] if by_unit else None)
    else:
        count = best_fact(per, counts)[0] if per else None
    if count is None:  # what it is per is counted in the same sentence as the total ("13个县域…累计1,720人次")
        beside = [f for f in counts if f.sentence_start == total.sentence_start and f.page == total.page]
        count = beside[0] if len(beside) == 1 else None
    if count is None:
        return None
    derived = compute(AVERAGE, [total, count])
    return (derived, cover) if derived else None


def _pair(plan: QueryPlan, kind: str, near: list[Fact]) -> tuple[Derived, float] | None:
    """The two figures a share or an average is computed from, when the wording does not say which is which:
    the pair of figures on one page that together cover the question best, each adding words of its own (a
    share: two amounts of one unit, the smaller over the larger; an average: a total over a smaller count)."""
    weights = _metric_weights(plan)
    if not weights:
        return None
    levels = [f for f in near[:400] if not f.change and f.family not in ("%", "百分点") and f.period_key != "TARGET"
              and f.quantity.base_value > 0]
    words = {id(f): fact_words(f) + prepare(f.sentence) for f in levels}
    single = {id(f): _cover(words[id(f)], weights) for f in levels}
    best: tuple[float, Fact, Fact] | None = None
    for i, a in enumerate(levels):
        for b in levels[i + 1:]:
            if a.page != b.page or a.quantity.value == b.quantity.value:
                continue
            same_unit = units_compatible(a.family, b.family)
            if (kind == SHARE) != same_unit:
                continue
            joined = _cover(words[id(a)] + words[id(b)], weights)
            if joined < 0.6 or joined <= max(single[id(a)], single[id(b)]) + 0.05:
                continue  # each figure must bring words of its own
            if best is None or joined > best[0] + 1e-9:
                best = (joined, a, b)
    if best is None:
        return None
    cover, a, b = best
    small, large = sorted((a, b), key=lambda f: f.quantity.base_value)
    derived = compute(kind, [small, large] if kind == SHARE else [large, small])
    if derived is None:
        return None
    derived.formula = f"pair: {derived.formula}"
    return derived, cover


def _two_periods(periods: Sequence[str]) -> tuple[str, str]:
    """The earlier and the later of two asked periods ("previous" before "current", years in order)."""
    def order(key: str) -> tuple[int, str]:
        if key == "current":
            return (9999, key)
        if key == "previous":
            return (9998, key)
        match = re.search(r"\d{4}", key)
        return (int(match.group()) if match else 0, key)

    earlier, later = sorted(periods[:2], key=order)
    return earlier, later


def _named_row(name: str, facts: Iterable[Fact], period: str, scope: str) -> Fact | None:
    """A statement row by its name ("负债合计", "营业收入") in the statement asked (consolidated by default)."""
    matches = [f for f in facts if f.table is not None and not f.change and f.period_key == period
               and (f.label == name or f.label.removesuffix("合计") == name.removesuffix("合计"))]
    scoped = [f for f in matches if f.scope == scope] or [f for f in matches if f.scope is None]
    return scoped[0] if scoped else None


__all__ = ["MIN_COVER", "best_fact", "derive_from", "fact_words", "phrase_weights", "pool"]
