"""Answer candidates from the retrieved passages: each prose sentence with its numbers, each table cell of a
retrieved table, every one measured against the question (`esgqa.qa.selector`) and scored.

A number in prose is looked up as a fact (`esgqa.facts`) by its position, so its period, its direction and
its statement are what the fact reader read, not a second reading of the characters around it. A table cell
is a candidate with its row label, column and caption as its words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from esgqa.facts.model import Fact
from esgqa.index.reader import Hit, IndexReader
from esgqa.ingest.chunking import sentence_spans
from esgqa.ingest.normalize import normalize
from esgqa.numbers import Quantity, find_quantities
from esgqa.qa.cells import as_hit, row_cells
from esgqa.qa.question import QuestionProfile, coverage, period_matches
from esgqa.qa.selector import (
    NUMBER_FEATURES,
    LinearModel,
    SentenceContext,
    cell_features,
    clause_bounds,
    number_features,
)
from esgqa.query.terms import prepare

if TYPE_CHECKING:
    from esgqa.qa.answer import AnswerParams

NO_NUMBER_PENALTY = 100.0
SIBLING_DISCOUNT = 0.9  # a sibling chunk's retrieval score: its page was found, not the chunk itself


@dataclass
class Candidate:
    """A sentence (or a table row) that may answer; for a number question, with its best number, that
    number's fact when one is known, and its measurements."""

    text: str
    hit: Hit
    coverage: float
    score: float
    value: Quantity | None
    features: list[float] | None = None
    pairs: list[tuple[Quantity, list[float], float]] = field(default_factory=list)  # every number, scored
    fact: Fact | None = None

    @property
    def shown_value(self) -> str | None:
        """The figure as the answer leads with it: a table cell with its unit and sign ("-4.49%")."""
        if self.value is None:
            return None
        if self.fact is not None and self.fact.table is not None:
            raw = self.fact.raw.replace(" ", "")
            unit = self.fact.quantity.unit
            return raw if not unit or raw.endswith(unit) or "百分点" in raw else f"{raw}{unit}"
        return self.value.raw


def candidate_sentences(hits: list[Hit], question: QuestionProfile, retriever: IndexReader,
                        params: AnswerParams) -> list[Candidate]:
    """Every sentence of the top passages, scored; for number questions by its best number; and every figure
    cell of the tables those passages hold."""
    model = params.ranker
    pool = _with_siblings(hits[: params.candidates], retriever, params.page_siblings)
    top_score = max((h.score for h in pool), default=0.0) or 1.0
    out: list[Candidate] = []
    for rank, hit in enumerate(pool):
        prepared_passage = retriever.prepared_chunk(hit.chunk)
        passage_coverage = coverage(prepared_passage, question)
        # English: concepts decide the choice, but support (the abstention signal) stays per term, as its
        # thresholds were set; a missing synonym then still counts against a weakly supported answer
        passage_support = (coverage(prepared_passage, question, by_concept=False)
                           if question.concepts else passage_coverage)
        rank_share = rank / max(1, params.candidates)
        if "table" in hit.chunk.meta and question.wants_number:
            out.extend(_cells(hit, question, retriever, model, passage_coverage, passage_support, rank_share,
                              hit.score / top_score))
            continue
        in_period = period_matches(retriever.prepared_page(hit.chunk.doc_id, hit.chunk.page), question)
        text = hit.chunk.text
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
            context = SentenceContext(sentence, prepared, sentence_cover, passage_coverage, rank_share,
                                      hit.score / top_score, in_period)
            offset = hit.chunk.start + start + (len(text[start:end]) - len(text[start:end].lstrip()))
            pairs, facts = _scored_numbers(context, question, model, retriever, hit, offset)
            if pairs:
                value, features, score = pairs[0]
                out.append(Candidate(sentence, hit, support, score, value, features, pairs, facts.get(id(value))))
            else:  # kept for the "states no figure" abstention, ranked below every sentence with a number
                out.append(Candidate(sentence, hit, support, cover - NO_NUMBER_PENALTY, None))
    if question.wants_number and params.store_cells:
        out.extend(_store_cells(pool, question, retriever, model))
    out.sort(key=lambda c: -c.score)
    return out


def _with_siblings(pool: list[Hit], retriever: IndexReader, best: int) -> list[Hit]:
    """The passages searched for figures, then the other chunks of the `best` passages' pages: a page read as
    lines of a table (a row per line) is split into chunks of which retrieval finds one, the asked row in
    another."""
    have = {h.chunk.chunk_id for h in pool}
    siblings: list[Hit] = []
    for hit in pool[:best]:
        for chunk in retriever.chunks_of_page(hit.chunk.doc_id, hit.chunk.page):
            if chunk.chunk_id not in have:
                have.add(chunk.chunk_id)
                siblings.append(Hit(chunk, hit.score * SIBLING_DISCOUNT))
    return pool + siblings


def _scored_numbers(context: SentenceContext, question: QuestionProfile, model: LinearModel,
                    retriever: IndexReader, hit: Hit, offset: int,
                    ) -> tuple[list[tuple[Quantity, list[float], float]], dict[int, Fact]]:
    quantities = [q for q in find_quantities(context.sentence) if q.unit or "." in q.raw]
    scored: list[tuple[Quantity, list[float], float]] = []
    facts: dict[int, Fact] = {}
    last_clause_start = -1
    known = hit.chunk.start >= 0
    for i, quantity in enumerate(quantities):
        clause_start, _ = clause_bounds(context.sentence, quantity.start, quantity.end)
        fact = retriever.facts.prose_at(hit.chunk.doc_id, hit.chunk.page, offset + quantity.start,
                                        quantity.value) if known else None
        if fact is not None:
            facts[id(quantity)] = fact
        features = number_features(context, quantity, question, first_in_clause=clause_start != last_clause_start,
                                   previous_end=quantities[i - 1].end if i else 0,
                                   next_start=quantities[i + 1].start if i + 1 < len(quantities) else None,
                                   fact=fact)
        last_clause_start = clause_start
        scored.append((quantity, features, model.score(NUMBER_FEATURES, features)))
    scored.sort(key=lambda t: -t[2])  # stable: ties keep the earlier number
    return scored, facts


def _cells(hit: Hit, question: QuestionProfile, retriever: IndexReader, model: LinearModel, passage_cover: float,
           passage_support: float, rank_share: float, retrieval_score: float) -> list[Candidate]:
    """The figure cells of the table rows a retrieved table chunk holds, each a candidate quoting its row."""
    chunk = hit.chunk
    lines = chunk.text.split("\n")
    heading = lines[0] if lines else ""
    rows = {line.split("：", 1)[0]: line for line in lines[1:] if "：" in line}
    out: list[Candidate] = []
    for fact in retriever.facts.in_table(chunk.doc_id, chunk.page, int(chunk.meta["table"])):
        table = fact.table
        assert table is not None
        line = rows.get(normalize(table.row).text)
        if line is None or not fact.raw or fact.raw.replace(" ", "") not in line.replace(" ", ""):
            continue
        out.append(_cell(fact, line, hit, heading, question, model, passage_cover, passage_support, rank_share,
                         retrieval_score))
    return out


def _cell(fact: Fact, line: str, hit: Hit, heading: str, question: QuestionProfile, model: LinearModel,
          passage_cover: float, passage_support: float, rank_share: float, retrieval_score: float) -> Candidate:
    table = fact.table
    assert table is not None
    features = cell_features(fact, question, heading, fact.topic, passage_cover, rank_share, retrieval_score)
    score = model.score(NUMBER_FEATURES, features)
    own = coverage(prepare(f"{heading} {fact.topic} {table.row} {table.column}"), question, by_concept=False) \
        if question.concepts else features[NUMBER_FEATURES.index("sentence_cover")]
    support = 0.7 * own + 0.3 * passage_support
    return Candidate(line, hit, support, score, fact.quantity, features, [(fact.quantity, features, score)], fact)


def _store_cells(pool: list[Hit], question: QuestionProfile, retriever: IndexReader,
                 model: LinearModel) -> list[Candidate]:
    """Cells whose row names what is asked, from tables retrieval did not bring (`esgqa.qa.cells`)."""
    seen = {(h.chunk.doc_id, h.chunk.page, int(h.chunk.meta["table"])) for h in pool if "table" in h.chunk.meta}
    docs = list(dict.fromkeys(h.chunk.doc_id for h in pool[:3]))
    out: list[Candidate] = []
    for fact, chunk, line, _ in row_cells(question, retriever, docs, seen):
        passage = retriever.prepared_chunk(chunk)
        passage_cover = coverage(passage, question)
        support = coverage(passage, question, by_concept=False) if question.concepts else passage_cover
        heading = chunk.text.split("\n", 1)[0]
        out.append(_cell(fact, line, as_hit(chunk), heading, question, model, passage_cover, support, 1.0, 0.0))
    return out


__all__ = ["NO_NUMBER_PENALTY", "Candidate", "candidate_sentences"]
