"""Facts on disk: a fact read back is the fact written, and the lines an index update keeps of an unchanged
report are those it wrote, byte for byte, grouped by report."""

from __future__ import annotations

from pathlib import Path

from esgqa.facts.build import document_facts
from esgqa.facts.store import read_fact_lines, read_facts, write_facts
from esgqa.ingest.model import Document, Page, make_document


def _report(name: str, figure: str) -> Document:
    pages = [Page(1, f"{name}2023年营业收入为{figure}亿元，同比增长12.5%。员工总数为2,345人，其中女性员工占比41.2%。"),
             Page(2, f"{name}温室气体排放总量为1.23万吨二氧化碳当量。")]
    return make_document(name, f"{name}.txt", pages)


def test_facts_round_trip(tmp_path: Path) -> None:
    facts = document_facts(_report("甲公司", "868.6"))
    assert len(facts) >= 4
    path = tmp_path / "facts.jsonl"
    assert write_facts(path, facts) == len(facts)
    assert [f.to_dict() for f in read_facts(path)] == [f.to_dict() for f in facts]


def test_kept_lines_are_grouped_by_report_and_rewritten_unchanged(tmp_path: Path) -> None:
    first, second = _report("甲公司", "868.6"), _report('乙"公司', "12.0")
    facts = document_facts(first) + document_facts(second)
    path, again = tmp_path / "facts.jsonl", tmp_path / "again.jsonl"
    write_facts(path, facts)
    lines = read_fact_lines(path)
    assert set(lines) == {first.doc_id, second.doc_id}
    assert len(lines[first.doc_id]) == len(document_facts(first))
    write_facts(again, lines[first.doc_id] + lines[second.doc_id])
    assert again.read_bytes() == path.read_bytes()
    kept = [f.to_dict() for f in read_facts(again) if f.doc_id == second.doc_id]
    assert kept == [f.to_dict() for f in document_facts(second)]
