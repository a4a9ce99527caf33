"""Extractive answers: pick the sentences that answer, lead with the number, cite every sentence.

No generator is involved, so an answer can only say what a page says. The work is choosing: sentences from
the retrieved passages are scored by how much of the question they cover (IDF-weighted, through the glossary
for English questions), whether they state the period asked about, and, when a number is asked for, how well
their best number fits (its clause covers the question, its unit is the one asked for, it is not the
question's own number, it is not the "from" side of a change). Weak coverage means the report probably does
not answer: abstain rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from esgqa.index.retriever import Hit, Retriever
from esgqa.index.tokenize import prepare
from esgqa.ingest.chunking import sentence_spans
from esgqa.numbers import Quantity, find_quantities
from esgqa.qa.abstain import AbstentionRules, abstention_reason
from esgqa.qa.grounding import is_grounded
from esgqa.qa.question import QuestionProfile, coverage, period_matches, profile
from esgqa.qa.types import Answer, AnswerSentence, Passage

NOT_FOUND = {"zh": "报告中未找到答案。", "en": "Not found in the report."}
_CLAUSE_BREAK = re.compile(r"[，,；;。：:（）()]")
_FROM_SIDE = re.compile(r"(?:从|由)[^，。；]{0,12}$")
_TARGET_WORDS = re.compile(r"承诺|目标|到20\d\d年|不晚于|力争|计划于|将于")
_TO_VERB = re.compile(r"^[^，。；]{0,3}(?:下降|降低|降|提升|提高|增长|增加|增|上升|减少|升)(?:至|到)")


@dataclass(frozen=True)
class AnswerParams:
    candidates: int = 8  # passages searched for answer sentences
    number_weight: float = 0.35
    rank_decay: float = 0.08
    period_penalty: float = 0.3
    max_sentences: int = 2
    abstention: AbstentionRules = field(default_factory=AbstentionRules)


@dataclass
class _Candidate:
    text: str
    hit: Hit
    coverage: float
    score: float
    value: Quantity | None


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause a number sits in: from the previous clause break to the next one."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_BREAK.search(text, end)
    return text[left : right_match.start() if right_match else len(text)]


def _number_value(quantity: Quantity) -> float | None:
    match = re.search(r"\d+(?:\.\d+)?", prepare(quantity.raw))
    return float(match.group()) if match else None


def quantity_fit(sentence: str, quantity: Quantity, question: QuestionProfile) -> float:
    """How well one number answers the question."""
    clause = prepare(_clause_around(sentence, quantity.start, quantity.end))
    near = prepare(sentence[max(0, quantity.start - 8) : quantity.end + 6])
    score = coverage(clause, question) + 0.5 * coverage(near, question)
    if question.expected_units:
        if quantity.base_unit in question.expected_units or any(quantity.unit.endswith(u)
                                                                for u in question.expected_units):
            score += 0.5
        elif quantity.unit and quantity.unit not in ("万", "亿", "千", "百万"):
            score -= 0.2
    if question.literal_unit and question.literal_unit in quantity.unit:
        score += 0.4
    if _number_value(quantity) in question.number_values:
        score -= 1.0  # the question's own number ("160个县") is not the answer
    before, after = sentence[: quantity.start], sentence[quantity.end :]
    if _FROM_SIDE.search(before) and _TO_VERB.search(after):
        # "从2022财年的1.247下降至1.215": the earlier level answers only a question about the earlier period
        asks_earlier = question.asks_earlier or any(y in before[-14:] for y in question.years)
        score += 0.3 if asks_earlier else -0.6
    elif question.asks_earlier and _TO_VERB.search(after) is None and _FROM_SIDE.search(before) is None:
        score -= 0.2  # asked for the earlier level: prefer numbers that are the "from" side of a change
    if not question.asks_target and _TARGET_WORDS.search(_clause_around(sentence, quantity.start, quantity.end)
                                                         + sentence[: quantity.start][-20:]):
        score -= 0.4  # a commitment ("到2035年…减碳15亿吨") does not answer a question about what was achieved
    return score


def _candidates(hits: list[Hit], question: QuestionProfile, retriever: Retriever,
                params: AnswerParams) -> list[_Candidate]:
    out: list[_Candidate] = []
    for rank, hit in enumerate(hits[: params.candidates]):
        text = hit.chunk.text
        passage_coverage = coverage(retriever.prepared_chunk(hit.chunk), question)
        in_period = period_matches(retriever.prepared_page(hit.chunk.doc_id, hit.chunk.page), question)
        for start, end in sentence_spans(text, 400):
            sentence = text[start:end].strip()
            if len(sentence) < 4:
                continue
            # a sentence is read with its passage: a heading two lines up often carries the subject
            cover = 0.7 * coverage(prepare(sentence), question) + 0.3 * passage_coverage
            if not in_period:
                cover -= params.period_penalty
            score = cover - params.rank_decay * rank
            value: Quantity | None = None
            if question.wants_number:
                quantities = [q for q in find_quantities(sentence) if q.unit or "." in q.raw]
                fits = sorted(((quantity_fit(sentence, q, question), i, q) for i, q in enumerate(quantities)),
                              key=lambda t: (-t[0], t[1]))
                if fits:
                    fit, _, value = fits[0]
                    score += params.number_weight * (1.0 + fit)
                else:
                    score -= params.number_weight
            out.append(_Candidate(sentence, hit, cover, score, value))
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
    asked = profile(question, retriever)
    lang = "en" if asked.plan.english else "zh"
    passages = [Passage(h.chunk.doc_id, h.chunk.page, h.chunk.chunk_id, h.chunk.text, h.score) for h in hits[:k]]
    candidates = _candidates(hits, asked, retriever, params)
    support = max((c.coverage for c in candidates[:3]), default=0.0)
    features = abstention_features(asked, candidates, support, retriever) if candidates else {}
    reason = abstention_reason(features, params.abstention)
    if reason:
        return Answer(question, NOT_FOUND[lang], True, lang, passages=passages, support=support,
                      features=features, abstain_reason=reason)
    rules = params.abstention
    threshold = min(rules.min_support_en if asked.plan.english else rules.min_support_zh, support)

    chosen: list[_Candidate] = [candidates[0]]
    for candidate in candidates[1:]:
        if len(chosen) >= params.max_sentences:
            break
        same_text = any(candidate.text in c.text or c.text in candidate.text for c in chosen)
        if not same_text and candidate.score >= chosen[0].score - 0.1 and candidate.coverage >= threshold:
            chosen.append(candidate)
    chosen = [c for c in chosen
              if is_grounded(c.text, retriever.prepared_page(c.hit.chunk.doc_id, c.hit.chunk.page))]
    if not chosen:
        return Answer(question, NOT_FOUND[lang], True, lang, passages=passages, support=support,
                      features=features, abstain_reason="no sentence passed the grounding check")
    sentences = [AnswerSentence(c.text, c.hit.chunk.doc_id, c.hit.chunk.page, c.hit.chunk.chunk_id) for c in chosen]
    citations = [Passage(c.hit.chunk.doc_id, c.hit.chunk.page, c.hit.chunk.chunk_id, c.hit.chunk.text, c.hit.score)
                 for c in chosen]
    value = chosen[0].value
    other = _other_pages(value, {s.page for s in sentences}, sentences[0].doc_id, retriever) if value else []
    text = render_answer(lang, value, sentences, other)
    return Answer(question, text, False, lang, sentences, citations, passages, other,
                  value.raw if value else None, support, features=features)


def abstention_features(asked: QuestionProfile, candidates: list[_Candidate], support: float,
                        retriever: Retriever) -> dict[str, float]:
    """The measurements the abstention rules read (see `esgqa.qa.abstain`)."""
    best = candidates[0]
    passage = retriever.prepared_chunk(best.hit.chunk)
    return {
        "support": support,
        "wants_number": 1.0 if asked.wants_number else 0.0,
        "has_value": 1.0 if best.value is not None else 0.0,
        "period_ok": 1.0 if all(year in passage for year in asked.years) else 0.0,
        "english": 1.0 if asked.plan.english else 0.0,
    }


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


__all__ = ["NOT_FOUND", "AnswerParams", "answer_question", "quantity_fit", "render_answer"]
