"""Cross-verification: contradictions are found; prior periods, other subjects and restatements are not ones."""

from __future__ import annotations

import pytest

from esgqa.factcheck.check import CheckResult, run_check
from esgqa.factcheck.findings import CONTRADICTION, Finding
from esgqa.ingest.model import Page, Table, TableRow, make_document

PUE = "2023 财年，自建数据中心的整体平均 PUE（电力使用效率，数值越低越优），从 2022 财年的 1.247 下降至 {v}。"
PUE_AGAIN = "2023 财年，我们自建数据中心 PUE 降低至 {v}，处于亚洲领先水平。"
LIQUID = "液冷服务器技术：主力研发的浸没式液冷架构，完全脱离风扇、空调等机械制冷，达到年均 PUE 低至 1.09。"
ZHANGBEI = "张北数据中心持续推进高效节能策略，充分使用先进节能技术。截至 2023 年 3 月 31 日 PUE 达到 1.19。"


def check(*pages: str, numbers: tuple[str, ...] = ()) -> CheckResult:
    return run_check([make_document("t", "t.txt", [Page(i + 1, p) for i, p in enumerate(pages)])], numbers=numbers)


def kinds(result: CheckResult, kind: str) -> list[Finding]:
    return [f for f in result.findings if f.kind == kind]


def test_consistent_restatements_stay_quiet() -> None:
    result = check(PUE.format(v="1.215"), PUE_AGAIN.format(v="1.215"), "自建数据中心 PUE\n\n1.215\n")
    assert not kinds(result, "contradiction")
    row = next(r for r in result.numbers if r.text == "1.215")
    assert row.pages == [1, 2, 3] and row.status in ("consistent", "informational")


def test_a_mistyped_figure_contradicts_the_others() -> None:
    result = check(PUE.format(v="1.215"), PUE_AGAIN.format(v="1.125"), "女性员工占比为 49.1%。", "女性员工占比为 49.1%。")
    found = kinds(result, "contradiction")
    assert len(found) == 1 and found[0].pages == [1, 2] and set(found[0].values) == {"1.215", "1.125"}
    assert next(r for r in result.numbers if r.text == "1.125").status == "contradiction"


@pytest.mark.parametrize("wrong", ["12.15", "1.215万", "1.216"])
def test_slips_of_every_kind_are_contradictions(wrong: str) -> None:
    result = check(PUE.format(v="1.215"), PUE_AGAIN.format(v=wrong), PUE_AGAIN.format(v="1.215"))
    assert [f.pages for f in kinds(result, "contradiction")] == [[1, 2, 3]]


def test_a_prior_period_value_is_informational() -> None:
    result = check(PUE.format(v="1.215"), PUE_AGAIN.format(v="1.215"))
    assert not kinds(result, "contradiction")
    prior = kinds(result, "prior-period")
    assert prior and set(prior[0].values) == {"1.247", "1.215"}


def test_another_subject_is_informational() -> None:
    result = check(PUE.format(v="1.215"), PUE_AGAIN.format(v="1.215"), LIQUID, ZHANGBEI)
    assert not kinds(result, "contradiction")
    other = kinds(result, "different-subject")
    assert other and {"1.09", "1.19"} <= set(other[0].values)


def test_a_bound_and_the_figure_it_rounds_are_a_restatement() -> None:
    result = check("阿里巴巴生态衍生的就业机会超 7,000 万个。", "阿里巴巴生态衍生的就业机会 7,000 万个。")
    assert not kinds(result, "contradiction")
    assert kinds(result, "rounded-restatement")


def test_two_bounds_with_different_figures_contradict() -> None:
    result = check("阿里巴巴生态衍生的就业机会超 7,000 万个。", "阿里巴巴生态衍生的就业机会超 700 万个。")
    assert kinds(result, "contradiction")


def test_same_words_but_different_metrics_are_not_compared() -> None:
    result = check("同时，41.9% 的管理人员为女性，25% 的高级管理人员为女性。",
                   "我们的员工中，41.9% 的管理人员为女性，25% 的高级管理人员为女性。",
                   "截至 2023 年 3 月 31 日，我们已拥有 235,216 名员工，其中有 1,451 名身体残障人士。",
                   "中国有超 8,500 万残障人士及 2.6 亿老年人。")
    assert not kinds(result, "contradiction")


def test_named_numbers_are_reported_even_on_one_page() -> None:
    result = check("女性员工占比为 49.1%。", "全年减碳 3.5 万吨。", numbers=("49.1%", "99.9%"))
    rows = {r.text: r for r in result.numbers}
    assert rows["49.1%"].named and rows["49.1%"].pages == [1]
    assert rows["99.9%"].status == "not found"


def test_fingerprints_are_stable_across_runs() -> None:
    pages = (PUE.format(v="1.215"), PUE_AGAIN.format(v="1.125"))
    first = [f.fingerprint for f in check(*pages).findings]
    assert first == [f.fingerprint for f in check(*pages).findings] and len(set(first)) == len(first)


def test_the_bundled_report_sweep_is_quiet_and_fast() -> None:
    """The unmodified report has no contradiction or arithmetic finding (see esgqa/factcheck/NOTES.md)."""
    from esgqa.factcheck.check import run_bundled

    result = run_bundled()
    assert not [f for f in result.findings if f.kind in ("contradiction", "arithmetic")]
    assert result.seconds < 5
    rows = {r.text: r for r in result.numbers}
    assert {"468.1万吨", "49.1%", "1.215", "2,290.7万吨", "53.9%"} <= set(rows)
    assert rows["468.1万吨"].pages == [10, 20, 27, 30]
    pue = [f for f in result.findings if f.kind == "different-subject" and "1.215" in f.values]
    assert pue and {"1.09", "1.19"} <= set(pue[0].values)
    assert any(f.kind == "prior-period" and {"1.247", "1.215"} <= set(f.values) for f in result.findings)


def test_a_long_figure_slipped_under_one_short_row_label_in_two_tables_is_a_contradiction() -> None:
    def table(page: int, title: str, columns: tuple[str, ...], label: str, cells: tuple[str, ...]) -> Table:
        return Table(page, 0, (0.0, 0.0, 1.0, 1.0), title, "元", "人民币", (title, "单位：元"), columns,
                     (TableRow("data", label, cells),), False)

    def pages(statement: str) -> list[Page]:
        return [Page(1, "测试科技股份有限公司\n2019 年年度报告"),
                Page(2, "", tables=(table(2, "合并利润表", ("2019年度", "2018年度"), "研发费用 七、65",
                                          (statement, "51,663,182.04")),)),
                Page(3, "", tables=(table(3, "3.费用", ("本期金额", "上期金额"), "研发费用",
                                          ("48,428,964.78", "51,663,182.04")),))]

    def contradictions(statement: str) -> list[object]:
        result = run_check([make_document("t", "t.pdf", pages(statement))])
        return [f for f in result.findings if f.kind == CONTRADICTION]

    assert contradictions("48,428,964.78") == []
    [finding] = contradictions("48,428,964.87")
    assert set(finding.pages) == {2, 3}


def test_a_notes_total_against_its_statement_line_item_is_compared_for_slips() -> None:
    def pages(note_total: str) -> list[Page]:
        statement = Table(2, 0, (0.0, 0.0, 1.0, 1.0), "合并资产负债表", "元", "人民币", ("合并资产负债表", "单位：元"),
                          ("2019年12月31日", "2018年12月31日"),
                          (TableRow("data", "减：库存股", ("23,127,300.00", "42,854,706.25")),), False)
        note = Table(3, 0, (0.0, 0.0, 1.0, 1.0), "56、库存股", "元", "人民币", ("56、库存股", "单位：元"),
                     ("期初余额", "本期增加", "本期减少", "期末余额"),
                     (TableRow("data", "限制性股票回购义务", ("42,854,706.25", "0.00", "19,727,406.25", note_total)),
                      TableRow("data", "合计", ("42,854,706.25", "0.00", "19,727,406.25", note_total))), False)
        return [Page(1, "测试科技股份有限公司\n2019 年年度报告"), Page(2, "", tables=(statement,)),
                Page(3, "56、库存股", body="56、库存股", tables=(note,))]

    def contradictions(note_total: str) -> list[Finding]:
        result = run_check([make_document("t", "t.pdf", pages(note_total))])
        return [f for f in result.findings if f.kind == CONTRADICTION]

    assert contradictions("23,127,300.00") == []
    assert any(set(f.pages) == {2, 3} for f in contradictions("21,327,300.00"))
