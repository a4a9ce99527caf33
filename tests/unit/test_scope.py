"""A question on a shelf of reports is kept to the reports whose company or year it names, and to none when it
names none of them, or all of them."""

from __future__ import annotations

import pytest

from esgqa.query.scope import pick_reports, question_years

ALIBABA = {"name": "阿里巴巴集团", "aliases": ["alibaba", "阿里巴巴集团", "阿里巴巴", "阿里"]}
SIFANG = {"name": "四方科技集团股份有限公司", "aliases": ["sifang", "四方科技", "四方"]}
SHELF = [{"doc_id": "a23", "title": "Alibaba FY2023", "entity": ALIBABA, "period": {"year": 2023}},
         {"doc_id": "s19", "title": "四方 2019", "entity": SIFANG, "period": {"year": 2019}},
         {"doc_id": "s20", "title": "四方 2020", "entity": SIFANG, "period": {"year": 2020}}]


@pytest.mark.parametrize(("question", "picked"), [
    ("阿里的PUE是多少？", {"a23"}),
    ("阿里巴巴集团的员工总数", {"a23"}),
    ("四方科技的营业收入", {"s19", "s20"}),
    ("四方2019年营业收入是多少？", {"s19"}),
    ("What was Sifang's revenue in 2020?", {"s20"}),
    ("2020年的营业收入是多少？", {"s20"}),
    ("FY2023 greenhouse gas emissions", {"a23"}),
])
def test_named_company_and_year_pick_reports(question: str, picked: set[str]) -> None:
    scope = pick_reports(question, SHELF)
    assert scope is not None and set(scope.doc_ids) == picked
    assert scope.because.startswith("the question names ")


@pytest.mark.parametrize("question", [
    "营业收入是多少？",  # names nothing
    "阿里巴巴和四方的员工各有多少？",  # names every report's company
    "阿里物流公司的员工有多少？",  # 阿里 begins another company's name
    "2018年的营业收入是多少？",  # a year that is no report's own
    "增长率为12.5%，相当于2019.5吗",  # numbers, not years
])
def test_questions_that_single_out_no_report(question: str) -> None:
    assert pick_reports(question, SHELF) is None


def test_a_company_named_with_a_year_of_another_report_keeps_the_company() -> None:
    scope = pick_reports("阿里巴巴2019年的排放是多少？", SHELF)
    assert scope is not None and set(scope.doc_ids) == {"a23"}


def test_one_report_is_never_narrowed() -> None:
    assert pick_reports("阿里的PUE是多少？", SHELF[:1]) is None


def test_question_years() -> None:
    assert question_years("2019年和FY2023，in 2020") == {2019, 2020, 2023}
    assert question_years("增长12.5%至2019.5万元") == set()
