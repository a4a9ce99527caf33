"""Making the chosen figure fit the question: its period, a change rather than a level, its statement.

Retrieval finds the right row or sentence more often than the right cell: "2018年的营业收入" lands on the row
whose 2019 column scores as well. The chosen figure's fact says which metric it is; the same metric's other
facts say which periods the report gives it for. So the answer takes the same metric's fact for the period
asked; and when the report gives the metric, but not for that period, it says so ("the report gives 营业收入
for 2019, 2018 and 2017, not 2016") instead of answering with another year's figure.
"""

from __future__ import annotations

from esgqa.facts.model import Fact
from esgqa.index.reader import Hit, IndexReader
from esgqa.ingest.chunking import sentence_spans
from esgqa.ingest.model import Chunk
from esgqa.ingest.normalize import normalize
from esgqa.numbers import units_compatible
from esgqa.qa.candidates import Candidate
from esgqa.qa.types import NotFound
from esgqa.query.plan import QueryPlan

PERIOD_NAMES = {"current": "the report's period", "previous": "the year before"}


def same_metric(a: Fact, b: Fact) -> bool:
    """One metric of one report: the same label (a table cell: the same row of the same caption), the same
    statement, a level or a change alike, units of one family."""
    if a.doc_id != b.doc_id or bool(a.change) != bool(b.change) or a.scope != b.scope:
        return False
    if not units_compatible(a.family, b.family):
        return False
    if a.table is not None and b.table is not None:
        return a.table.row == b.table.row and (a.table.title == b.table.title or a.label == b.label)
    return bool(a.label) and a.label == b.label and a.tags == b.tags


def period_name(key: str) -> str:
    if key.startswith("current-Q"):
        return f"Q{key[-1]} of the report's year"
    if key in PERIOD_NAMES:
        return PERIOD_NAMES[key]
    return key.replace("CY", "").replace("FY", "FY ").replace("AS", "as of ")


def _chunk_of(fact: Fact, retriever: IndexReader) -> Chunk | None:
    for chunk in retriever.chunks_of_page(fact.doc_id, fact.page):
        if fact.table is not None:
            if chunk.meta.get("table") == str(fact.table.index) and normalize(fact.table.row).text in chunk.text:
                return chunk
        elif chunk.start <= fact.quantity.start < chunk.end:
            return chunk
    return None


def fact_candidate(fact: Fact, retriever: IndexReader, like: Candidate) -> Candidate | None:
    """A candidate quoting `fact` from the passage that holds it (its table row, or its sentence)."""
    chunk = _chunk_of(fact, retriever)
    if chunk is None:
        return None
    if fact.table is not None:
        row = normalize(fact.table.row).text
        text = next((line for line in chunk.text.split("\n") if line.startswith(f"{row}：")), chunk.text)
    else:
        position = fact.quantity.start - chunk.start
        spans = sentence_spans(chunk.text, 400)
        text = next((chunk.text[s:e].strip() for s, e in spans if s <= position < e), chunk.text)
    hit = Hit(chunk, like.hit.score)
    return Candidate(text, hit, like.coverage, like.score, fact.quantity, like.features, like.pairs, fact)


def fit_period(chosen: Candidate, plan: QueryPlan, retriever: IndexReader) -> tuple[Candidate | None, NotFound | None]:
    """The same metric's fact for the period (and the change or level) asked; or why there is none.

    (chosen, None) when it fits already or nothing better is known; (other, None) when the report states the
    metric for the asked period elsewhere; (None, not_found) when it states the metric only for other periods.
    """
    fact = chosen.fact
    intent = plan.intent
    if fact is None or not intent.periods or fact.period_key in intent.periods:
        return chosen, None
    explicit = fact.period is not None or fact.table is not None
    if not explicit:
        return chosen, None
    metric = [f for f in retriever.facts.of_document(fact.doc_id) if same_metric(f, fact)]
    for wanted in intent.periods:
        matching = [f for f in metric if f.period_key == wanted]
        if matching:
            best = min(matching, key=lambda f: (f.page != fact.page, abs(f.page - fact.page)))
            replacement = fact_candidate(best, retriever, chosen)
            if replacement is not None:
                return replacement, None
    given = sorted({f.period_key for f in metric if f.period_key != "TARGET"})
    asked = ", ".join(period_name(k) for k in intent.periods)
    label = fact.metric or (fact.table.row if fact.table else "this figure")
    from esgqa.qa.render import page_cite

    where = page_cite(retriever)(fact.doc_id, fact.page)
    detail = (f"the report gives {label} for {', '.join(period_name(k) for k in given)}, not for {asked} [{where}]"
              if given else f"the report does not give {label} for {asked} [{where}]")
    return None, NotFound("period", detail)


__all__ = ["NotFound", "fact_candidate", "fit_period", "period_name", "same_metric"]
