"""Facts of both real reports against figures read off the pages by hand.

The second report (../shared/reports/, a 156-page annual report PDF) is read through the whole ingest path:
PDFium, table grids, table structure, facts. Each expected cell below was read from the rendered page: its row
label, its column, its value, and the statement it belongs to. The bundled report's text has no tables, so its
sample is figures stated in prose, read from the page text.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.facts.table import table_label
from esgqa.ingest.loader import load_document
from esgqa.ingest.model import Document
from esgqa.numbers import parse_quantity, same_quantity
from tests.conftest import BUNDLED, REPO

SIFANG = Path(os.environ.get("ESGQA_SHARED", REPO.parent / "shared")) / "reports" / \
    "sifang_603339_2019_annual_report.pdf"

# page, row label (as printed, wrapped lines joined), column, value, period key, scope, unit family
SIFANG_CELLS = [
    (5, "营业收入", "2019年", 1175301034.32, "current", None, "元"),
    (5, "营业收入", "2018年", 1230537181.80, "previous", None, "元"),
    (5, "营业收入", "2017年", 1008714515.86, "CY2017", None, "元"),
    (5, "归属于上市公司股东的净利润", "2019年", 129465020.68, "current", None, "元"),
    (5, "归属于上市公司股东的净利润", "2018年", 182223387.13, "previous", None, "元"),
    (5, "归属于上市公司股东的扣除非经常性损益的净利润", "2017年", 161529549.99, "CY2017", None, "元"),
    (5, "经营活动产生的现金流量净额", "2019年", 369100908.49, "current", None, "元"),
    (5, "归属于上市公司股东的净资产", "2019年末", 1745401890.46, "current", None, "元"),
    (5, "总资产", "2018年末", 2051223456.86, "previous", None, "元"),
    (6, "基本每股收益（元/股）", "2019年", 0.62, "current", None, "元/股"),
    (6, "稀释每股收益（元/股）", "2018年", 0.86, "previous", None, "元/股"),
    (6, "加权平均净资产收益率（%）", "2019年", 7.64, "current", None, "%"),
    (6, "扣除非经常性损益后的加权平均净资产收益率（%）", "2017年", 11.08, "CY2017", None, "%"),
    (6, "营业收入", "第一季度", 333437272.78, "current-Q1", None, "元"),
    (6, "营业收入", "第三季度", 250895665.57, "current-Q3", None, "元"),
    (6, "归属于上市公司股东的净利润", "第四季度", 37724992.01, "current-Q4", None, "元"),
    (6, "经营活动产生的现金流量净额", "第一季度", -26274045.96, "current-Q1", None, "元"),
    (6, "归属于上市公司股东的扣除非经常性损益后的净利润", "第二季度", 35381711.70, "current-Q2", None, "元"),
    (59, "货币资金", "2019年12月31日", 905402299.44, "current", "合并", "元"),
    (59, "应收票据", "2018年12月31日", 4668878.50, "previous", "合并", "元"),
    (59, "应收款项融资", "2019年12月31日", 5025547.40, "current", "合并", "元"),
    (59, "存货", "2018年12月31日", 601968438.28, "previous", "合并", "元"),
    (59, "流动资产合计", "2019年12月31日", 1639379320.41, "current", "合并", "元"),
    (59, "无形资产", "2019年12月31日", 133125277.61, "current", "合并", "元"),
    (63, "负债合计", "2019年12月31日", 176691681.69, "current", "母公司", "元"),
    (63, "实收资本（或股本）", "2018年12月31日", 210743750.00, "previous", "母公司", "元"),
    (63, "递延收益", "2018年12月31日", 1600000.00, "previous", "母公司", "元"),
    (63, "负债和所有者权益（或股东权益）总计", "2019年12月31日", 1309295398.09, "current", "母公司", "元"),
    (63, "营业总收入", "2019年度", 1175301034.32, "current", "合并", "元"),
    (63, "营业成本", "2018年度", 901488823.98, "previous", "合并", "元"),
]
# change columns: page, row label, value (size), direction, unit family
SIFANG_CHANGES = [
    (5, "营业收入", 4.49, "down", "%"),
    (5, "经营活动产生的现金流量净额", 1509.36, "up", "%"),
    (5, "总资产", 20.17, "up", "%"),
    (6, "加权平均净资产收益率（%）", 4.07, "down", "百分点"),
]
# page, figure as printed, a word its label holds, period key, qualifier, change, scope tags
ALIBABA_PROSE = [
    (10, "468.1万吨", "净排放量", "current", "", "", set()),
    (10, "12.9%", "", "current", "", "down", set()),
    (10, "141.9万吨", "减碳量", "current", "", "", set()),
    (10, "62.0万吨", "减碳量", "previous", "", "", set()),
    (10, "128.9%", "", "current", "", "up", set()),
    (10, "9.2吨/百万人民币", "价值链碳强度", "previous", "", "", set()),
    (10, "8.7吨/百万人民币", "价值链碳强度", "current", "", "", set()),
    (10, "2,290.7万吨", "减碳量", "current", "", "", set()),
    (30, "92.6万吨", "温室气体净排放量", "current", "", "", {"范围1"}),
    (30, "375.5万吨", "温室气体净排放量", "current", "", "", {"范围2"}),
    (30, "468.1万吨", "运营净排放量", "current", "", "", {"范围1", "范围2"}),
    (30, "69.1万吨", "", "current", "", "down", set()),
    (30, "141.9万吨", "减碳量", "current", "", "", {"范围1", "范围2"}),
    (63, "235,216名", "员工", "current", "", "", set()),
    (63, "1,451名", "残障", "current", "", "", set()),
    (63, "49.1%", "女性员工", "current", "", "", set()),
    (63, "41.9%", "管理人员", "current", "", "", set()),
    (63, "25%", "高级管理人员", "current", "", "", set()),
    (63, "30%", "董事会成员", "current", "", "", set()),
    (103, "1.215", "PUE", "current", "", "", set()),
    (103, "686.3万吨", "减碳", "current", "", "", set()),
    (103, "200多项", "服务", "M2022-09", "lower", "", set()),  # "2022 年 9 月，…精选 200 多项优质服务权益"
    (103, "50多场", "活动", "M2022-09", "lower", "", set()),
    (103, "50款", "云产品", "current", "", "", set()),
    (103, "3个月", "", "current", "", "", set()),
    (11, "53.9%", "清洁电力", "current", "", "", set()),
    (11, "21.6%", "清洁电力", "previous", "", "", set()),
    (3, "1.215", "PUE", "current", "", "", set()),
    (11, "1.247", "PUE", "previous", "", "", set()),
    (30, "15亿吨", "减碳", "TARGET", "", "", set()),
]


@lru_cache(maxsize=2)
def _read(path: Path) -> tuple[Document, tuple[Fact, ...]]:
    document = load_document(path)
    return document, tuple(document_facts(document))


@pytest.fixture(scope="module")
def sifang() -> tuple[Document, tuple[Fact, ...]]:
    if not SIFANG.exists():
        pytest.skip(f"the second real report is not at {SIFANG} (set ESGQA_SHARED)")
    return _read(SIFANG)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("／", "/")


@pytest.mark.parametrize("page, row, column, value, period, scope, unit", SIFANG_CELLS)
def test_a_table_cell_is_a_fact_with_its_row_column_period_and_unit(
        sifang: tuple[Document, tuple[Fact, ...]], page: int, row: str, column: str, value: float, period: str,
        scope: str | None, unit: str) -> None:
    _, facts = sifang
    found = [f for f in facts if f.page == page and f.table is not None and abs(f.quantity.base_value - value) < 0.005
             and table_label(f.table.row) == table_label(row)]
    assert found, f"no fact {value} in row {row} on p{page}"
    fact = found[0]
    assert _compact(column) in _compact(fact.table.column)  # type: ignore[union-attr]
    assert (fact.period_key, fact.scope, fact.family, fact.change) == (period, scope, unit, "")
    assert fact.source == "table" and fact.table is not None and fact.table.title


@pytest.mark.parametrize("page, row, size, direction, unit", SIFANG_CHANGES)
def test_a_change_column_is_a_change_of_its_row(sifang: tuple[Document, tuple[Fact, ...]], page: int, row: str,
                                               size: float, direction: str, unit: str) -> None:
    _, facts = sifang
    [fact] = [f for f in facts if f.page == page and f.table is not None and table_label(f.table.row) == table_label(row)
              and f.change and abs(f.quantity.base_value - size) < 0.005]
    assert (fact.change, fact.family, fact.period_key) == (direction, unit, "current")


def test_no_split_number_fragments_and_no_table_text_twice(sifang: tuple[Document, tuple[Fact, ...]]) -> None:
    """Every chunk is searched for the pieces a cell's width breaks a number into ("22,172,721.0" + "0"), and
    every table's figures appear once in what is indexed."""
    from esgqa.ingest.chunking import ChunkingParams, chunk_document

    document, _ = sifang
    chunks = chunk_document(document, ChunkingParams())
    fragment = re.compile(r"\d{1,3}(?:,\d{3})*\.\d(?!\d)\s+\d(?![\d,.])|\d,\d{1,2}(?![\d])\s*\n\s*\d")
    assert not [c.chunk_id for c in chunks if fragment.search(c.text)]
    for page in document.pages:
        indexed = page.indexed_text()
        for table in page.tables:
            for row, _, _ in table.data_rows():
                for cell in row.cells:
                    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+\.\d{2}", cell):
                        assert indexed.count(cell) >= 1
    # a table's figures are left out of the page's prose; the few that prose restates beside the table, or a
    # stray row below a grid's last rule, stay under one in a hundred
    in_tables = in_both = 0
    for page in document.pages:
        prose_numbers = set(re.findall(r"\d{1,3}(?:,\d{3})+\.\d{2}", page.prose))
        table_numbers = {c for t in page.tables for row, _, _ in t.data_rows() for c in row.cells
                         if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+\.\d{2}", c)}
        in_tables += len(table_numbers)
        in_both += len(prose_numbers & table_numbers)
    assert in_tables > 1000 and in_both / in_tables < 0.01


def test_running_headers_and_footers_are_in_no_chunk(sifang: tuple[Document, tuple[Fact, ...]]) -> None:
    from esgqa.ingest.chunking import ChunkingParams, chunk_document

    document, _ = sifang
    assert "2019 年年度报告" in document.page(60).text and "60 / 156" in document.page(60).text  # the viewer shows them
    chunks = chunk_document(document, ChunkingParams())
    assert not [c.chunk_id for c in chunks if re.search(r"\d+ / 156|2019年年度报告\n", c.text + "\n")]


@pytest.mark.parametrize("page, figure, word, period, qualifier, change, tags", ALIBABA_PROSE)
def test_a_prose_figure_of_the_bundled_report_is_a_fact(page: int, figure: str, word: str, period: str,
                                                        qualifier: str, change: str, tags: set[str]) -> None:
    _, facts = _read(BUNDLED)
    wanted = parse_quantity(figure)
    assert wanted is not None
    found = [f for f in facts if f.page == page and same_quantity(f.quantity, wanted)
             and f.quantity.unit == wanted.unit and (not word or word in f.label) and f.change == change]
    assert found, f"{figure} ({word}) on p{page}: {[(f.text, f.label) for f in facts if f.page == page][:12]}"
    fact = found[0]
    assert fact.period_key == period and fact.qualifier == qualifier
    assert fact.tags == frozenset(tags) if tags else True
    assert fact.source in ("prose", "callout") and fact.table is None
