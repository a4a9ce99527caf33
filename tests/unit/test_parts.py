"""Questions of several parts are split where two clauses each ask something; later parts keep the subject."""

from __future__ import annotations

import pytest

from esgqa.query.parts import split_question


@pytest.mark.parametrize(("question", "n"), [
    ("某板块2019年销售收入是多少，同比增长多少？", 2),
    ("研发人员有多少人？占员工总数的比例是多少？", 2),
    ("两个厂区共接受了几次官方检查、几次客户检查？", 2),
    ("What was revenue in 2021, and how much did it grow?", 2),
    ("How many sites does the group run, and in how many countries?", 2),
    ("What share of total assets did the acquired business represent, which was excluded from the assessment?", 1),
    ("自建数据中心的PUE是多少？", 1),
    ("What share of employees are women?", 1),
    ("2019年营业收入和营业成本分别是多少？", 1),  # one clause asks for two figures: left whole
])
def test_a_question_splits_where_two_clauses_each_ask(question: str, n: int) -> None:
    assert len(split_question(question).parts) == n


def test_a_later_part_is_read_with_the_first_parts_subject() -> None:
    parts = split_question("某板块2019年销售收入是多少，同比增长多少？")
    assert parts.texts == ("某板块2019年销售收入是多少？", "某板块2019年销售收入同比增长多少？")
    english = split_question("What was net profit of the dye segment in 2019, and what was its growth rate?")
    assert english.texts[1].startswith("what was its growth rate")
    assert "net profit of the dye segment in 2019" in english.texts[1]


def test_a_part_that_names_its_own_subject_is_left_as_asked() -> None:
    parts = split_question("公司营业收入是多少？公司营业收入同比增长多少？")
    assert parts.texts[1] == "公司营业收入同比增长多少？"
