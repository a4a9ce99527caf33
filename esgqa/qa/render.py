"""An answer as text: it leads with the figure (a table figure with its row and column, a derived figure
with its formula and inputs), and every sentence carries its page."""

from __future__ import annotations

import re

from esgqa.index.retriever import Retriever
from esgqa.numbers import Quantity
from esgqa.qa.candidates import Candidate
from esgqa.qa.derive import Derived
from esgqa.qa.types import AnswerSentence
from esgqa.query.terms import prepare


def other_pages(value: Quantity, cited: set[int], doc_id: str, retriever: Retriever) -> list[int]:
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
                  where: str | None = None) -> str:
    """Lead with the number (a table figure with its row and column); every sentence carries its page;
    English answers quote the Chinese evidence."""
    lines: list[str] = []
    cite = f"[p. {sentences[0].page}, {where}]" if where else f"[p. {sentences[0].page}]"
    if lang == "en":
        if value is not None:
            lines.append(f"{value} {cite}. The report says:")
        else:
            lines.append(f"According to the report [p. {sentences[0].page}]:")
        lines.extend(f"“{s.text}” [p. {s.page}]" for s in sentences)
        if other:
            lines.append(f"The same figure also appears on p. {', '.join(map(str, other))}.")
    else:
        if value is not None:
            lines.append(f"{value} {cite}")
        lines.extend(f"{s.text} [p. {s.page}]" for s in sentences)
        if other:
            lines.append(f"同一数字亦见于第 {', '.join(map(str, other))} 页。")
    return "\n".join(lines)


def render_derived(lang: str, derived: Derived, sentences: list[AnswerSentence]) -> str:
    """"32.70% = 冷冻设备营业收入 371,318,215.91元 [p. 11] ÷ 主营业务收入 1,135,639,368.05元 [p. 11]", then the
    inputs' evidence: a derived figure shows how it was computed from what the report states."""
    formula = derived.formula.removeprefix("pair: ")
    inputs = "; ".join(f"{f.metric or (f.table.row if f.table else '')} {f.text} [p. {f.page}]"
                       for f in derived.inputs)
    if lang == "en":
        lines = [f"{derived.text} (computed; the report does not state it): {formula}, from {inputs}."]
        lines.extend(f"“{s.text}” [p. {s.page}]" for s in sentences)
    else:
        lines = [f"{derived.text}（由报告数据计算，报告未直接披露）：{formula}，其中 {inputs}。"]
        lines.extend(f"{s.text} [p. {s.page}]" for s in sentences)
    return "\n".join(lines)


__all__ = ["other_pages", "render_answer", "render_derived", "table_place"]
