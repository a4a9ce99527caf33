"""Every figure of a document as a fact: the prose read by `esgqa.facts.prose`, the tables by
`esgqa.facts.table`, periods resolved against the report's own period (from its cover, else its most cited year).
"""

from __future__ import annotations

import re

from esgqa.facts.context import PeriodResolver, find_periods
from esgqa.facts.items import ItemPath
from esgqa.facts.model import Fact
from esgqa.facts.period import report_period
from esgqa.facts.prose import page_mentions
from esgqa.facts.table import money_unit, table_contexts, table_facts
from esgqa.ingest.model import Document
from esgqa.ingest.normalize import NormalizedText, normalize

_BY_YEAR = re.compile(r"(?:到|至|不晚于|力争在?)\s*((?:20|21)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def _future(sentence: str, year: int) -> bool:
    """The sentence speaks of a year after the report's ("到2035年", "不晚于2030年"): its figures are goals."""
    return any(int(m.group(1)) > year for m in _BY_YEAR.finditer(sentence))


def document_facts(document: Document, normalized: dict[int, NormalizedText] | None = None) -> list[Fact]:
    """All facts of a document: its prose figures (tables and running headers left out), then its table cells,
    with periods resolved against the report's own period.

    `normalized` maps page numbers to their normalised prose when the caller has it already.
    """
    normalized = normalized or {page.number: normalize(page.prose) for page in document.pages}
    facts: list[Fact] = []
    items = ItemPath()
    for page in document.pages:
        if page.prose.strip():
            text = normalized.get(page.number) or normalize(page.prose)
            mentions = page_mentions(document.title, page.number, page.prose, text)
            for m, path in zip(mentions, items.walk(text.text, [m.quantity.start for m in mentions]), strict=True):
                m.item = path
            facts.extend(mentions)
    keys = [p.key for text in normalized.values() for p in find_periods(text.text)]
    if not any(k.startswith(("FY", "CY")) for k in keys):  # no year in the prose: the tables' column years
        keys += [p.key for page in document.pages for t in page.tables for c in t.columns for p in find_periods(c)]
    report = report_period([page.text for page in document.pages[:6]], keys)
    resolver = PeriodResolver.from_keys(keys, report)
    for m in facts:
        m.doc_id = document.doc_id
        if m.period_raw and m.period_raw.startswith("NEXT:"):
            m.period_key = resolver.shift(m.period_raw[5:], 1)
        elif m.period_raw and re.fullmatch(r"BEFORE:M\d{4}-\d{2}-\d{2}", m.period_raw):
            m.period_key = f"{m.period_raw[7:]}<"  # "2019 年 4 月 17 日…由 X 减少至 Y": X held until that day
        elif m.period_raw and m.period_raw.startswith("BEFORE:"):
            m.period_key = resolver.shift(m.period_raw[7:] or None, -1)
        else:
            m.period_key = resolver.resolve(m.period_raw)
        if m.scope is None and "母公司" in m.sentence:
            m.scope = "母公司"
        if m.period_key != "TARGET" and report.year is not None and _future(m.sentence, report.year):
            m.period, m.period_key = "目标", "TARGET"  # "在到 2035 年的 15 年间…减碳 15 亿吨": a commitment
    money = money_unit([table for page in document.pages for table in page.tables])
    contexts = table_contexts([(page.prose, list(page.tables)) for page in document.pages])
    for page in document.pages:
        for table in page.tables:
            facts.extend(table_facts(table, document.title, document.doc_id, report, start_index=len(facts),
                                     money=money, context=contexts.get((table.page, table.index))))
    return facts


__all__ = ["document_facts"]
