"""Extractive answers: pick the sentences that answer, lead with the number, cite every sentence.

No generator is involved, so an answer can only say what a page says. The work is choosing: sentences from
the retrieved passages are scored by how much of the question they cover (IDF-weighted, with the English
question's glossary expansions), whether they hold a number when one is asked for, and the rank of their
passage. Weak coverage means the report probably does not answer: abstain rather than guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from esgqa.index.retriever import Hit, QueryPlan, Retriever
from esgqa.index.tokenize import prepare
from esgqa.ingest.chunking import sentence_spans
from esgqa.numbers import Quantity, find_quantities
from esgqa.qa.grounding import is_grounded
from esgqa.qa.types import Answer, AnswerSentence, Passage

_ASKS_NUMBER_ZH = re.compile(r"多少|几|比例|占比|百分之|比率|PUE|率|规模|数量|金额|总额|多大|多高|多长|多久")
_ASKS_NUMBER_EN = re.compile(
    r"\b(how (many|much|long|high|large|big)|what (share|percentage|proportion|number|amount|total|ratio|rate)|"
    r"percent|pue|ratio|rate|total)\b", re.IGNORECASE)
_ASKS_PERCENT = re.compile(r"比例|占比|百分|比率|率|share|percent|proportion|ratio|rate", re.IGNORECASE)
NOT_FOUND = {"zh": "报告中未找到答案。", "en": "Not found in the report."}


@dataclass(frozen=True)
class AnswerParams:
    candidates: int = 8  # passages searched for answer sentences
    min_support_zh: float = 0.55  # IDF-weighted share of question terms the best evidence must cover
    min_support_en: float = 0.35
    number_weight: float = 0.35
    rank_decay: float = 0.08
    max_sentences: int = 2


@dataclass
class _Candidate:
    text: str
    hit: Hit
    rank: int
    coverage: float
    score: float
    quantities: list[Quantity]
    best: Quantity | None = None  # the number in this sentence that best answers the question


def asks_for_number(question: str) -> bool:
    return bool(_ASKS_NUMBER_ZH.search(question) or _ASKS_NUMBER_EN.search(question))


def _term_weights(plan: QueryPlan, retriever: Retriever) -> dict[str, float]:
    """IDF of each question term in the chunk collection: rare terms decide whether the report answers."""
    vocab = retriever.lexical.document_frequencies()
    total = max(1, len(retriever.chunks))
    weights: dict[str, float] = {}
    for term in dict.fromkeys(plan.tokens + plan.expansions):
        df = vocab.get(term, 0)
        weights[term] = math.log(1 + total / (1 + df)) if df else (math.log(1 + total) if not plan.english else 0.0)
    return weights


def _coverage(text: str, weights: dict[str, float], plan: QueryPlan) -> float:
    if plan.english:
        # an English question is covered through its expansions: each expanded term counts once
        terms = {t: w for t, w in weights.items() if t in plan.expansions or t in plan.numbers}
        if not terms:
            terms = weights
    else:
        terms = weights
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in text) / total


_CLAUSE_BREAK = re.compile(r"[，,；;。：:（）()]")
_EXPECTED_UNITS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_ASKS_PERCENT, ("%",)),
    (re.compile(r"小时|hour", re.IGNORECASE), ("小时",)),
    (re.compile(r"排放|减碳|碳|emission|carbon|co2|tonne|ton\b", re.IGNORECASE), ("吨",)),
    (re.compile(r"金额|捐|钱|销售额|收入|投入|资金|补贴|元|donat|fund|rmb|yuan|revenue|sales|invest|subsid",
                re.IGNORECASE), ("元",)),
    (re.compile(r"电|度|kwh|electricity|power", re.IGNORECASE), ("千瓦时",)),
    (re.compile(r"人次|多少人|多少名|员工|人数|people|person|employee|staff|volunteer|attendee|participant",
                re.IGNORECASE), ("人", "名", "人次", "位")),
)


def _expected_units(question: str) -> set[str]:
    return {u for pattern, units in _EXPECTED_UNITS if pattern.search(question) for u in units}


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause a number sits in: from the previous clause break to the next one."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(text, end)
    return text[left : right_match.start() if right_match else len(text)]


def _quantity_score(sentence: str, quantity: Quantity, weights: dict[str, float], plan: QueryPlan,
                    expected: set[str]) -> float:
    """How well a number answers: its clause covers the question, its unit is the one asked for."""
    clause = prepare(_clause_around(sentence, quantity.start, quantity.end))
    score = _coverage(clause, weights, plan)
    if expected:
        unit_match = quantity.base_unit in expected or any(quantity.unit.endswith(u) for u in expected)
        score += 0.5 if unit_match else -0.2
    if prepare(quantity.raw).rstrip("%") in plan.numbers:
        score -= 1.0  # the question's own number ("160个县", "2022财年") is not the answer
    return score


def _candidates(question: str, hits: list[Hit], plan: QueryPlan, weights: dict[str, float],
                params: AnswerParams) -> list[_Candidate]:
    wants_number = asks_for_number(question)
    expected = _expected_units(question)
    out: list[_Candidate] = []
    for rank, hit in enumerate(hits[: params.candidates]):
        text = hit.chunk.text
        passage_coverage = _coverage(prepare(text), weights, plan)
        for start, end in sentence_spans(text, 400):
            sentence = text[start:end].strip()
            if len(sentence) < 4:
                continue
            # a sentence is read with its passage: a heading two lines up often carries the subject
            coverage = 0.7 * _coverage(prepare(sentence), weights, plan) + 0.3 * passage_coverage
            quantities = [q for q in find_quantities(sentence) if q.unit or "." in q.raw]
            score = coverage - params.rank_decay * rank
            best: Quantity | None = None
            if wants_number:
                scored = sorted(((_quantity_score(sentence, q, weights, plan, expected), i, q)
                                 for i, q in enumerate(quantities)), key=lambda t: (-t[0], t[1]))
                if scored:
                    best = scored[0][2]
                    score += params.number_weight * (1.0 + scored[0][0])
                else:
                    score -= params.number_weight
            out.append(_Candidate(sentence, hit, rank, coverage, score, quantities, best))
    out.sort(key=lambda c: -c.score)
    return out


def _other_pages(value: Quantity, cited: set[int], doc_id: str, retriever: Retriever) -> list[int]:
    needle = prepare(value.raw)
    pattern = re.compile(rf"(?<![\d.]){re.escape(needle)}(?![\d])")
    pages = retriever.pages.get(doc_id, [])
    return [p.number for p in pages
            if p.number not in cited and pattern.search(retriever.prepared_page(doc_id, p.number))]


def answer_question(question: str, hits: list[Hit], k: int, retriever: Retriever,
                    params: AnswerParams) -> Answer:
    plan = retriever.plan(question)
    lang = "en" if plan.english else "zh"
    passages = [Passage(h.chunk.doc_id, h.chunk.page, h.chunk.chunk_id, h.chunk.text, h.score) for h in hits[:k]]
    weights = _term_weights(plan, retriever)
    candidates = _candidates(question, hits, plan, weights, params)
    support = max((c.coverage for c in candidates[:3]), default=0.0)
    threshold = params.min_support_en if plan.english else params.min_support_zh
    if not candidates or support < threshold:
        return Answer(question, NOT_FOUND[lang], True, lang, passages=passages, support=support)

    chosen: list[_Candidate] = [candidates[0]]
    for candidate in candidates[1:]:
        if len(chosen) >= params.max_sentences:
            break
        same_text = any(candidate.text in c.text or c.text in candidate.text for c in chosen)
        if not same_text and candidate.score >= chosen[0].score - 0.1 and candidate.coverage >= threshold:
            chosen.append(candidate)
    sentences = [AnswerSentence(c.text, c.hit.chunk.doc_id, c.hit.chunk.page, c.hit.chunk.chunk_id) for c in chosen
                 if is_grounded(c.text, retriever.prepared_page(c.hit.chunk.doc_id, c.hit.chunk.page))]
    if not sentences:
        return Answer(question, NOT_FOUND[lang], True, lang, passages=passages, support=support)
    value = chosen[0].best
    cited_pages = {s.page for s in sentences}
    other = _other_pages(value, cited_pages, sentences[0].doc_id, retriever) if value else []
    citations = []
    for sentence in sentences:
        hit = next(c.hit for c in chosen if c.hit.chunk.chunk_id == sentence.chunk_id)
        citations.append(Passage(sentence.doc_id, sentence.page, sentence.chunk_id, hit.chunk.text, hit.score))
    text = render_answer(lang, value, sentences, other)
    return Answer(question, text, False, lang, sentences, citations, passages, other,
                  value.raw if value else None, support)


def render_answer(lang: str, value: Quantity | None, sentences: list[AnswerSentence], other: list[int]) -> str:
    """Lead with the number; every sentence carries its page; English answers quote the Chinese evidence."""
    lines: list[str] = []
    if lang == "en":
        if value is not None:
            lines.append(f"{value.raw} [p. {sentences[0].page}]. The report says:")
        else:
            lines.append(f"According to the report [p. {sentences[0].page}]:")
        lines.extend(f"“{s.text}” [p. {s.page}]" for s in sentences)
        if other:
            lines.append(f"The same figure also appears on p. {', '.join(map(str, other))}.")
    else:
        if value is not None:
            lines.append(f"{value.raw} [p. {sentences[0].page}]")
        lines.extend(f"{s.text} [p. {s.page}]" for s in sentences)
        if other:
            lines.append(f"同一数字亦见于第 {', '.join(map(str, other))} 页。")
    return "\n".join(lines)
