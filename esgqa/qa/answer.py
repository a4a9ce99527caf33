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

from esgqa.facts.model import Fact
from esgqa.index.reader import Hit, IndexReader
from esgqa.numbers import same_quantity
from esgqa.qa.abstain import AbstentionRules, abstention, confidence
from esgqa.qa.candidates import Candidate, candidate_sentences
from esgqa.qa.confidence import calibrate, ranking_features
from esgqa.qa.derive import AVERAGE, DIFFERENCE, GROWTH, POINTS, Derived, paired
from esgqa.qa.grounding import is_grounded
from esgqa.qa.inputs import derive_from
from esgqa.qa.model import AnswerModel, load_model
from esgqa.qa.question import QuestionProfile, missing_term_share, profile
from esgqa.qa.render import other_pages, page_cite, render_answer, render_derived, table_place
from esgqa.qa.repair import NotFound, fact_candidate, fit_period
from esgqa.qa.selector import (
    NUMBER_FEATURES,
    LinearModel,
)
from esgqa.qa.types import Answer, AnswerSentence, Passage

NOT_FOUND = {"zh": "报告中未找到答案。", "en": "Not found in the report."}


@dataclass(frozen=True)
class AnswerParams:
    candidates: int = 8  # passages searched for answer sentences
    rank_decay: float = 0.08
    period_penalty: float = 0.3
    max_sentences: int = 2
    second_sentence_margin: float = 0.1  # in units of the number model's score
    number_model: LinearModel | None = None  # None: the fitted model's ranker (`esgqa.qa.model`)
    abstention: AbstentionRules | None = None  # None: the fitted model's rules, else the defaults
    model: AnswerModel = field(default_factory=load_model)
    split_parts: bool = True  # a question of several parts is answered part by part (`esgqa.query.parts`)
    store_cells: bool = True  # table cells whose row names what is asked join the candidates (`esgqa.qa.cells`)
    page_siblings: int = 3  # the other chunks of the best passages' pages are searched for figures too

    @property
    def ranker(self) -> LinearModel:
        return self.number_model or self.model.ranker

    @property
    def rules(self) -> AbstentionRules:
        return self.abstention or AbstentionRules(**self.model.rules)


def answer_question(question: str, hits: list[Hit], k: int, retriever: IndexReader,
                    params: AnswerParams, explain: bool = False, docs: set[str] | None = None) -> Answer:
    """The answer; with `explain`, also what was weighed (`esgqa.qa.explain`). The question's periods are read
    against the period of its reports: `docs` when it is kept to some, else the report of the best passage."""
    asked = profile(question, retriever, docs or ({hits[0].chunk.doc_id} if hits else None))
    candidates = candidate_sentences(hits, asked, retriever, params)
    support = max((c.coverage for c in candidates[:3]), default=0.0)
    features = abstention_features(asked, candidates, support, retriever) if candidates else {}
    derived = derive_from(asked, hits[: params.candidates], retriever) if asked.wants_number else None
    if derived is not None and _prefer_derived(derived, candidates, features, params):
        answer = _derived_answer(asked, hits, k, derived, features, retriever)
    else:
        answer = _answer(asked, hits, k, candidates, support, features, retriever, params)
    if not answer.abstained:
        calibrate(answer, candidates, params.model)
    if explain:
        from esgqa.qa.explain import explain as explanation  # explain.py imports this module

        answer.explanation = explanation(asked, candidates, features, params.ranker)
    return answer


def _answer(asked: QuestionProfile, hits: list[Hit], k: int, candidates: list[Candidate], support: float,
            features: dict[str, float], retriever: IndexReader, params: AnswerParams) -> Answer:
    question = asked.text
    lang = "en" if asked.english else "zh"
    passages = [Passage(h.chunk.doc_id, h.chunk.page, h.chunk.chunk_id, h.chunk.text, h.score) for h in hits[:k]]
    rules = params.rules

    def not_found(found: NotFound) -> Answer:
        return Answer(question, NOT_FOUND[lang], True, lang, passages=passages, support=support,
                      features=features, abstain_reason=found.detail, not_found=found.to_dict())

    found = abstention(features, rules)
    if found:
        return not_found(found)
    if asked.wants_number and rules.check_period and candidates[0].fact is not None:
        fitted, missing = fit_period(candidates[0], asked, retriever)
        if missing is not None:
            return not_found(missing)
        if fitted is not None and fitted is not candidates[0]:
            candidates = [fitted, *candidates]
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
    best = chosen[0]
    shown = best.shown_value
    other = other_pages(best.value, {s.page for s in sentences}, sentences[0].doc_id, retriever) \
        if best.value else []
    text = render_answer(lang, shown, sentences, other, where=table_place(best), cite=page_cite(retriever))
    return Answer(question, text, False, lang, sentences, citations, passages, other, shown, support,
                  features=features, confidence=confidence(features, rules))


def _prefer_derived(derived: tuple[Derived, float], candidates: list[Candidate], features: dict[str, float],
                    params: AnswerParams) -> bool:
    """A computed figure answers when no stated figure does: the best stated figure is of another unit (a level
    where a share is asked), is a level where a change between two periods is asked, is a total where an
    average is asked, or is backed by weaker evidence than the inputs found."""
    figure, cover = derived
    stated = candidates[0] if candidates else None
    if stated is None or stated.value is None:
        return True
    fact = stated.fact
    unit = stated.value.base_unit
    if figure.kind in (GROWTH, POINTS, DIFFERENCE):
        family = {"%": "%", "个百分点": "百分点"}.get(figure.unit, figure.inputs[0].family if figure.inputs else "")
        stated_change = fact is not None and bool(fact.change) and fact.family in (family, "%", "百分点")
        return not (stated_change and fact is not None and _same_subject(fact, figure))
    if figure.kind == AVERAGE:
        return not re.search(r"平均|人均|每", stated.text)
    wanted = {"%": ("%",), "倍": ("倍",)}.get(figure.unit, (figure.unit,))
    stated_kind = [c for c in candidates[:3] if c.value is not None and c.value.base_unit in wanted]
    if stated_kind:  # a stated figure of the kind asked beats a derived one
        return False
    return unit not in wanted or (not paired(figure) and stated.coverage + 0.1 < cover)


def _same_subject(fact: Fact, figure: Derived) -> bool:
    """A stated change is about the derived figure's metric: their labels (or table rows) mostly agree."""
    from rapidfuzz import fuzz

    target = figure.inputs[-1] if figure.inputs else None
    if target is None:
        return False
    if fact.table is not None and target.table is not None:
        return fact.table.row == target.table.row
    return bool(fact.label and target.label) and fuzz.partial_ratio(fact.label, target.label) >= 70


def _derived_answer(asked: QuestionProfile, hits: list[Hit], k: int, derived: tuple[Derived, float],
                    features: dict[str, float], retriever: IndexReader) -> Answer:
    figure, cover = derived
    lang = "en" if asked.english else "zh"
    passages = [Passage(h.chunk.doc_id, h.chunk.page, h.chunk.chunk_id, h.chunk.text, h.score) for h in hits[:k]]
    like = Candidate("", hits[0], cover, 0.0, None) if hits else None
    quoted = [fact_candidate(f, retriever, like) for f in figure.inputs] if like else []
    found = [c for c in quoted if c is not None]
    sentences = list({(c.hit.chunk.chunk_id, c.text): AnswerSentence(c.text, c.hit.chunk.doc_id, c.hit.chunk.page,
                                                                   c.hit.chunk.chunk_id) for c in found}.values())
    citations = list({c.hit.chunk.chunk_id: Passage(c.hit.chunk.doc_id, c.hit.chunk.page, c.hit.chunk.chunk_id,
                                                    c.hit.chunk.text, c.hit.score) for c in found}.values())
    text = render_derived(lang, figure, sentences, cite=page_cite(retriever))
    return Answer(asked.text, text, False, lang, sentences, citations, passages, [], figure.text, cover,
                  features=features, confidence="high" if cover >= 0.7 else "low", derivation=figure.to_dict())


def abstention_features(asked: QuestionProfile, candidates: list[Candidate], support: float,
                        retriever: IndexReader) -> dict[str, float]:
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
        "absent_share": _absent_share(asked),
        "english": 1.0 if asked.english else 0.0,
        "top_score": best.hit.score,
        **ranking_features(candidates),
    }


def _absent_share(asked: QuestionProfile) -> float:
    """The share of the question's weight carried by names the report never uses (English: each such name
    weighs what an unknown word does)."""
    if not asked.absent_names:
        return 0.0
    total = sum(asked.weights.values()) + asked.unknown_weight
    if asked.english:
        return min(1.0, 0.25 * asked.ceiling * len(asked.absent_names) / total) if total > 0 else 1.0
    absent = sum(asked.weights.get(t, asked.ceiling) for t in asked.absent_names)
    return absent / max(total, absent)


def _number_margin(candidates: list[Candidate]) -> float:
    """How far the chosen number's score stands above the best different number (capped at 5)."""
    if not candidates or candidates[0].value is None:
        return 0.0
    chosen = candidates[0].value
    rivals = [score for c in candidates for q, _, score in c.pairs if not same_quantity(q, chosen)]
    return min(5.0, candidates[0].score - max(rivals)) if rivals else 5.0


__all__ = ["NOT_FOUND", "AnswerParams", "Candidate", "answer_question", "candidate_sentences"]
