"""Planted inconsistencies: a relation's stated figure changed in a copy of the report, in prose or a table cell."""

from __future__ import annotations

import random

from esgqa.eval.plant import Plant, apply_plant, plant_for, plant_found, run_plants, stated_fact
from esgqa.factcheck.check import run_check
from esgqa.facts.build import document_facts
from esgqa.ingest.model import Page, Table, TableRow, make_document

ROWS = (TableRow("data", "营业收入", ("1,175,301,034.32", "1,230,537,181.80", "-4.49")),
        TableRow("data", "净利润", ("129,465,020.68", "182,223,387.13", "-28.95")),
        TableRow("data", "总资产", ("2,464,948,703.85", "2,051,223,456.86", "20.17")))
TABLE = Table(1, 0, (0.0, 0.0, 1.0, 1.0), "主要会计数据", "元", "人民币", ("主要会计数据", "单位：元"),
              ("2019年", "2018年", "本期比上年同期增减(%)"), ROWS)


def report() -> object:
    page = Page(1, "主要会计数据\n单位：元\n", body="主要会计数据\n单位：元\n", tables=(TABLE,))
    prose = Page(2, "2019 年，公司实现营业收入 117,530.10 万元，较去年同期减少 4.49%。")
    return make_document("t", "t.pdf", [page, prose])


def test_a_planted_change_cell_is_found_and_cited() -> None:
    document = report()
    relation = {"id": "r1", "kind": "growth", "page": 1, "stated": "-28.95%", "holds": True,
                "evidence": ["129,465,020.68 182,223,387.13 -28.95"]}
    fact = stated_fact(relation, document_facts(document))
    assert fact is not None and fact.table is not None and fact.table.row == "净利润"
    plant = plant_for(document, fact, random.Random(0), "growth")
    assert plant is not None and plant.row == 1 and plant.column == 2 and plant.replacement != "-28.95"
    planted = apply_plant(document, plant)
    assert planted.page(1).tables[0].rows[1].cells[2] == plant.replacement
    assert planted.page(1).tables[0].rows[0] == ROWS[0]  # nothing else changes
    assert plant_found(run_check([planted]), plant)
    assert not plant_found(run_check([document]), plant)


def test_a_planted_prose_growth_rate_is_found_against_the_table() -> None:
    document = report()
    fact = next(f for f in document_facts(document) if f.page == 2 and f.text == "4.49%")
    plant = Plant(2, fact.start, fact.end, "4.49%", "4.94%", "growth", "4.49%")
    assert plant_found(run_check([apply_plant(document, plant)]), plant)


def test_run_plants_scores_every_holding_relation() -> None:
    relations = [{"id": "r1", "kind": "growth", "page": 1, "stated": "-4.49%", "holds": True, "evidence": []},
                 {"id": "r2", "kind": "growth", "page": 1, "stated": "20.17%", "holds": True, "evidence": []},
                 {"id": "r3", "kind": "growth", "page": 1, "stated": "1.00%", "holds": False, "evidence": []}]
    result = run_plants(report(), relations, seed=0)
    assert result["n"] == 2 and result["found"] == 1.0 and result["by_kind"]["growth"]["n"] == 2
