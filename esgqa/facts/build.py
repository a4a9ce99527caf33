"""Every figure of a document as a fact: the prose read by `esgqa.facts.prose`, the tables by
`esgqa.facts.table`, periods resolved against the report's own period (from its cover, else its most cited year).
"""

from __future__ import annotations

from esgqa.facts.context import PeriodResolver, find_periods
from esgqa.facts.model import Fact
from esgqa.facts.period import report_period
from esgqa.facts.prose import page_mentions
from esgqa.facts.table import table_facts
from esgqa.ingest.model import Document
from esgqa.ingest.normalize import NormalizedText, normalize


def document_facts(document: Document, normalized: dict[int, NormalizedText] | None = None) -> list[Fact]:
    """All facts of a document: its prose figures (tables and running headers left out), then its table cells,
    with periods resolved against the report's own period.

    `normalized` maps page numbers to their normalised prose when the caller has it already.
    """
    normalized = normalized or {page.number: normalize(page.prose) for page in document.pages}
    facts: list[Fact] = []
    for page in document.pages:
        if page.prose.strip():
            facts.extend(page_mentions(document.title, page.number, page.prose, normalized.get(page.number)))
    keys = [p.key for text in normalized.values() for p in find_periods(text.text)]
    report = report_period([page.text for page in document.pages[:3]], keys)
    resolver = PeriodResolver.from_keys(keys, report)
    for m in facts:
        m.doc_id = document.doc_id
        if m.period_raw and m.period_raw.startswith("NEXT:"):
            m.period_key = resolver.shift(m.period_raw[5:], 1)
        elif m.period_raw and m.period_raw.startswith("BEFORE:"):
            m.period_key = resolver.shift(m.period_raw[7:] or None, -1)
        else:
            m.period_key = resolver.resolve(m.period_raw)
        if m.scope is None and "母公司" in m.sentence:
            m.scope = "母公司"
    for page in document.pages:
        for table in page.tables:
            facts.extend(table_facts(table, document.title, document.doc_id, report, start_index=len(facts)))
    return facts


__all__ = ["document_facts"]
