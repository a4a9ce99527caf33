"""An answer as text: it leads with the figure (a table figure with its row and column, a derived figure
with its formula and inputs), and every sentence carries its page, and its report when the index holds several."""

from __future__ import annotations

import re
from collections.abc import Callable

from esgqa.index.reader import IndexReader
from esgqa.numbers import Quantity
from esgqa.qa.candidates import Candidate
from esgqa.qa.derive import Derived
from esgqa.qa.types import AnswerSentence
from esgqa.query.terms import prepare

Cite = Callable[[str, int], str]
TITLE_CHARS = 40


def page_cite(retriever: IndexReader) -> Cite:
    """"p. 103" for an index of one report; "四方 2019 年报, p. 103" when it holds several, so that every
    citation names its report; "p. 3 (OCR)" for a page whose text was recognised from its image."""
    documents = retriever.manifest.documents
    ocr = retriever.ocr_pages

    def mark(doc_id: str, page: int) -> str:
        return " (OCR)" if (doc_id, page) in ocr else ""

    if len(documents) <= 1:
        return lambda doc_id, page: f"p. {page}{mark(doc_id, page)}"
    titles = {doc_id: _short(title) for doc_id, title in retriever.titles.items()}
    return lambda doc_id, page: f"{titles.get(doc_id, doc_id)}, p. {page}{mark(doc_id, page)}"


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def _plain(doc_id: str, page: int) -> str:
    return f"p. {page}"


def other_pages(value: Quantity, cited: set[int], doc_id: str, retriever: IndexReader) -> list[int]:
    if not value.raw.strip():
        return []
    needle = prepare(value.raw)
    pattern = re.compile(rf"(?<![\d.]){re.escape(needle)}(?![\d])")
    pages = retriever.pages.get(doc_id, [])
    return [p.number for p in pages
            if p.number not in cited and pattern.search(retriever.prepared_page(doc_id, p.number))]


def table_place(candidate: Candidate) -> str | None:
    """Where a table figure stands: "主要会计数据: 营业收入 × 2019年" (None for prose)."""
    fact = candidate.fact
    if fact is None or fact.table is None:
        return None
    title = fact.table.title or "表"
    return f"{title}: {fact.table.row} × {fact.table.column}"


def render_answer(lang: str, value: str | None, sentences: list[AnswerSentence], other: list[int],
                  where: str | None = None, cite: Cite = _plain) -> str:
    """Lead with the number (a table figure with its row and column); every sentence carries its page;
    English answers quote the Chinese evidence."""
    lines: list[str] = []
    first = cite(sentences[0].doc_id, sentences[0].page)
    lead = f"[{first}, {where}]" if where else f"[{first}]"
    also = ", ".join(map(str, other))
    if lang == "en":
        if value is not None:
            lines.append(f"{value} {lead}. The report says:")
        else:
            lines.append(f"According to the report [{first}]:")
        lines.extend(f"“{s.text}” [{cite(s.doc_id, s.page)}]" for s in sentences)
        if other:
            lines.append(f"The same figure also appears on p. {also}.")
    else:
        if value is not None:
            lines.append(f"{value} {lead}")
        lines.extend(f"{s.text} [{cite(s.doc_id, s.page)}]" for s in sentences)
        if other:
            lines.append(f"同一数字亦见于第 {also} 页。")
    return "\n".join(lines)


def render_derived(lang: str, derived: Derived, sentences: list[AnswerSentence], cite: Cite = _plain) -> str:
    """"32.70% = 冷冻设备营业收入 371,318,215.91元 [p. 11] ÷ 主营业务收入 1,135,639,368.05元 [p. 11]", then the
    inputs' evidence: a derived figure shows how it was computed from what the report states."""
    formula = derived.formula.removeprefix("pair: ")
    inputs = "; ".join(f"{f.metric or (f.table.row if f.table else '')} {f.text} [{cite(f.doc_id, f.page)}]"
                       for f in derived.inputs)
    if lang == "en":
        lines = [f"{derived.text} (computed; the report does not state it): {formula}, from {inputs}."]
        lines.extend(f"“{s.text}” [{cite(s.doc_id, s.page)}]" for s in sentences)
    else:
        lines = [f"{derived.text}（由报告数据计算，报告未直接披露）：{formula}，其中 {inputs}。"]
        lines.extend(f"{s.text} [{cite(s.doc_id, s.page)}]" for s in sentences)
    return "\n".join(lines)


__all__ = ["Cite", "other_pages", "page_cite", "render_answer", "render_derived", "table_place"]
