"""Extractive answers: pick the sentences that answer, lead with the number, cite every sentence.

No generator is involved, so an answer can only say what a page says. The work is choosing: sentences from
the retrieved passages are scored by how much of the question they cover (IDF-weighted, through the glossary
for English questions), whether they state the period asked about, and, when a number is asked for, how well
their best number fits (`esgqa.qa.selector`: its clause covers the question, its unit is the one asked for, it
is not the question's own number, it is not the "from" side of a change). Weak coverage, or a figure of another
kind than the one asked for, means the report probably does not answer: abstain rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from esgqa.index.retriever import Hit, Retriever
from esgqa.ingest.chunking import sentence_spans
from esgqa.numbers import Quantity, find_quantities, same_quantity
from esgqa.qa.abstain import AbstentionRules, abstention_reason
from esgqa.qa.grounding import is_grounded
from esgqa.qa.question import QuestionProfile, coverage, missing_term_share, period_matches, profile
from esgqa.qa.selector import (
    NUMBER_FEATURES,
    NUMBER_MODEL,
    LinearModel,
    SentenceContext,
    clause_bounds,
    number_features,
)
from esgqa.qa.types import Answer, AnswerSentence, Passage
from esgqa.query.terms import prepare

NOT_FOUND = {"zh": "报告中未找到答案。", "en": "Not found in the report."}
_NO_NUMBER_PENALTY = 100.0


@dataclass(frozen=True)
class AnswerParams:
    candidates: int = 8  # passages searched for answer sentences
    rank_decay: float = 0.08
    period_penalty: float = 0.3
    max_sentences: int = 2
    second_sentence_margin: float = 0.1  # in units of the number model's score
    number_model: LinearModel | None = None  # None: `esgqa.qa.selector.NUMBER_MODEL`
    abstention: AbstentionRules = field(default_factory=AbstentionRules)


@dataclass
class Candidate:
    """A sentence that may answer; for a number question, with its best number and that number's features."""

    text: str
    hit: Hit
    coverage: float
    score: float
    value: Quantity | None
    features: list[float] | None = None
    pairs: list[tuple[Quantity, list[float], float]] = field(default_factory=list)  # every number, scored


def candidate_sentences(hits: list[Hit], question: QuestionProfile, retriever: Retriever,
                        params: AnswerParams) -> list[Candidate]:
    """Every sentence of the top passages, scored; for number questions by its best number."""
    model = params.number_model or NUMBER_MODEL
    pool = hits[: params.candidates]
    top_score = max((h.score for h in pool), default=0.0) or 1.0
    out: list[Candidate] = []
    for rank, hit in enumerate(pool):
        text = hit.chunk.text
        passage_coverage = coverage(retriever.prepared_chunk(hit.chunk), question)
        # English: concepts decide the choice, but support (the abstention signal) stays per term, as its
        # thresholds were set; a missing synonym then still counts against a weakly supported answer
        passage_support = (coverage(retriever.prepared_chunk(hit.chunk), question, by_concept=False)
                           if question.concepts else passage_coverage)
        in_period = period_matches(retriever.prepared_page(hit.chunk.doc_id, hit.chunk.page), question)
        for start, end in sentence_spans(text, 400):
            sentence = text[start:end].strip()
            if len(sentence) < 4:
                continue
            prepared = prepare(sentence)
            sentence_cover = coverage(prepared, question)
            # a sentence is read with its passage: a heading two lines up often carries the subject
            cover = 0.7 * sentence_cover + 0.3 * passage_coverage
            support = (0.7 * coverage(prepared, question, by_concept=False) + 0.3 * passage_support
                       if question.concepts else cover)
            if not question.wants_number:
                score = cover - (0.0 if in_period else params.period_penalty) - params.rank_decay * rank
                out.append(Candidate(sentence, hit, support, score, None))
                continue
            context = SentenceContext(sentence, prepared, sentence_cover, passage_coverage,
                                      rank / max(1, params.candidates), hit.score / top_score, in_period)
            pairs = _scored_numbers(context, question, model)
            if pairs:
                value, features, score = pairs[0]
                out.append(Candidate(sentence, hit, support, score, value, features, pairs))
            else:  # kept for the "states no figure" abstention, ranked below every sentence with a number
                out.append(Candidate(sentence, hit, support, cover - _NO_NUMBER_PENALTY, None))
    out.sort(key=lambda c: -c.score)
    return out


def _scored_numbers(context: SentenceContext, question: QuestionProfile,
                    model: LinearModel) -> list[tuple[Quantity, list[float], float]]:
    quantities = [q for q in find_quantities(context.sentence) if q.unit or "." in q.raw]
    scored: list[tuple[Quantity, list[float], float]] = []
    last_clause_start = -1
    for i, quantity in enumerate(quantities):
        clause_start, _ = clause_bounds(context.sentence, quantity.start, quantity.end)
        features = number_features(context, quantity, question, first_in_clause=clause_start != last_clause_start,
                                   previous_end=quantities[i - 1].end if i else 0,
                                   next_start=quantities[i + 1].start if i + 1 < len(quantities) else None)
        last_clause_start = clause_start
        scored.append((quantity, features, model.score(NUMBER_FEATURES, features)))
    scored.sort(key=lambda t: -t[2])  # stable: ties keep the earlier number
    return scored


def _other_pages(value: Quantity, cited: set[int], doc_id: str, retriever: Retriever) -> list[int]:
    needle = prepare(value.raw)
    pattern = re.compile(rf"(?<![\d.]){re.escape(needle)}(?![\d])")
    pages = retriever.pages.get(doc_id, [])
    return [p.number for p in pages
            if p.number not in cited and pattern.search(retriever.prepared_page(doc_id, p.number))]


def answer_question(question: str, hits: list[Hit], k: int, retriever: Retriever,
                    params: AnswerParams, explain: bool = False) -> Answer:
    """The answer; with `explain`, also what was weighed (`esgqa.qa.explain`)."""
    asked = profile(question, retriever)
    candidates = candidate_sentences(hits, asked, retriever, params)
    support = max((c.coverage for c in candidates[:3]), default=0.0)
    features = abstention_features(asked, candidates, support, retriever) if candidates else {}
    answer = _answer(asked, hits, k, candidates, support, features, retriever, params)
    if explain:
        from esgqa.qa.explain import explain as explanation  # explain.py imports this module

        answer.explanation = explanation(asked, candidates, features, params.number_model or NUMBER_MODEL)
    return answer


def _answer(asked: QuestionProfile, hits: list[Hit], k: int, candidates: list[Candidate], support: float,
            features: dict[str, float], retriever: Retriever, params: AnswerParams) -> Answer:
    question = asked.text
    lang = "en" if asked.english else "zh"
    passages = [Passage(h.chunk.doc_id, h.chunk.page, h.chunk.chunk_id, h.chunk.text, h.score) for h in hits[:k]]
    reason = abstention_reason(features, params.abstention)
    if reason:
        return Answer(question, NOT_FOUND[lang], True, lang, passages=passages, support=support,
                      features=features, abstain_reason=reason)
    rules = params.abstention
    threshold = min(rules.min_support_en if asked.english else rules.min_support_zh, support)

    chosen: list[Candidate] = [candidates[0]]
    for candidate in candidates[1:]:
        if len(chosen) >= params.max_sentences:
            break
        same_text = any(candidate.text in c.text or c.text in candidate.text for c in chosen)
        close = candidate.score >= chosen[0].score - params.second_sentence_margin
        if not same_text and close and candidate.coverage >= threshold:
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


def abstention_features(asked: QuestionProfile, candidates: list[Candidate], support: float,
                        retriever: Retriever) -> dict[str, float]:
    """The measurements the abstention rules read (see `esgqa.qa.abstain`); the rest are reported with the
    answer so that `esgqa eval` and `eval/fit_answer_model.py` can measure them as abstention signals."""
    best = candidates[0]
    passage = retriever.prepared_chunk(best.hit.chunk)
    evidence = "".join(retriever.prepared_chunk(c.hit.chunk) for c in candidates[:3])
    return {
        "support": support,
        "answer_cover": best.coverage,
        "clause_cover": best.features[NUMBER_FEATURES.index("clause_cover")] if best.features else best.coverage,
        "missing_max": missing_term_share(evidence, asked),
        "missing_in_answer": missing_term_share(passage, asked),
        "number_margin": _number_margin(candidates),
        "wants_number": 1.0 if asked.wants_number else 0.0,
        "has_value": 1.0 if best.value is not None else 0.0,
        "kind_mismatch": best.features[NUMBER_FEATURES.index("kind_mismatch")] if best.features else 0.0,
        "period_ok": 1.0 if all(year in passage for year in asked.years) else 0.0,
        "english": 1.0 if asked.english else 0.0,
        "top_score": best.hit.score,
    }


def _number_margin(candidates: list[Candidate]) -> float:
    """How far the chosen number's score stands above the best different number (capped at 5)."""
    if not candidates or candidates[0].value is None:
        return 0.0
    chosen = candidates[0].value
    rivals = [score for c in candidates for q, _, score in c.pairs if not same_quantity(q, chosen)]
    return min(5.0, candidates[0].score - max(rivals)) if rivals else 5.0


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


__all__ = ["NOT_FOUND", "AnswerParams", "Candidate", "answer_question", "candidate_sentences", "render_answer"]
