"""Issue 21: each class of false alarm the sweep raised on reports it had never seen, rebuilt from a few cells or
lines written for the test, stays quiet; the real inconsistency beside it is still found, with its tier."""

from __future__ import annotations

from esgqa.factcheck.check import run_check
from esgqa.factcheck.findings import ARITHMETIC, CONTRADICTION, UNCONFIRMED
from esgqa.ingest.model import Document
from tests.unit.test_factcheck_recompute import doc, table


def findings(document: Document, kind: str) -> list[dict[str, object]]:
    return [f.to_dict() for f in run_check([document]).findings if f.kind == kind]


# --- contradictions -------------------------------------------------------------------------------------------

def test_one_product_row_in_a_revenue_table_and_a_cost_table_is_two_metrics() -> None:
    revenue = table("（1）营业收入构成", ("2019年金额", "2018年金额"), [("精细化学品", ("512,300,118.20", "488,004,310.55"))])
    cost = table("（2）营业成本构成", ("2019年金额", "2018年金额"), [("精细化学品", ("301,877,420.06", "290,112,903.71"))],
                 page=2)
    assert findings(doc(revenue, cost), CONTRADICTION) == []


def test_receivables_and_payables_under_one_counterparty_are_two_metrics() -> None:
    owed = table("（1）应收关联方款项", ("期末余额",), [("星河精密有限公司", ("3,204,118.00",))])
    owing = table("（2）应付关联方款项", ("期末余额",), [("星河精密有限公司", ("2,904,118.00",))], page=2)
    assert findings(doc(owed, owing), CONTRADICTION) == []


def test_two_people_or_two_grants_sharing_words_are_unconfirmed_not_contradictions() -> None:
    first = "2017 年 4 月，首次授予限制性股票第二期解锁条件成就，解锁的限制性股票数量共计 1,230.50 万股。"
    later = "本报告期内，首次授予限制性股票第四期解锁条件成就，解锁的限制性股票数量为 1,180.25 万股。"
    result = doc(prose={1: first, 5: later})
    assert findings(result, CONTRADICTION) == []


def test_bands_of_two_fee_schedules_are_entries_of_lists() -> None:
    lines = "五、专项储备\n1、军品\n（1）收入不超过1,000万元的，按照3%提取；\n（4）收入超过10亿元的部分，按照0.3%提取。\n" \
            "2、民品\n（1）收入不超过1,000万元的，按照3%提取；\n（4）收入超过10亿元的部分，按照0.03%提取。"
    assert findings(doc(prose={1: lines}), CONTRADICTION) == []


def test_a_total_and_its_part_in_one_paragraph_are_not_one_figure() -> None:
    text = ("截至2019年12月31日，终止确认的应收账款账面价值为88,400,000.00元，确认与终止相关的损失1,310,250.40元。"
            "其中与甲银行的保理终止确认应收账款账面价值合计70,000,000.00元，确认与终止相关的损失1,104,250.40元。")
    assert findings(doc(prose={1: text}), CONTRADICTION) == []


def test_english_prose_labels_sharing_words_never_contradict_but_a_digit_swap_does() -> None:
    a = "In 2022 net sales increased by 12.4% to $1,840.2 million, driven by pricing."
    b = "In 2022 operating costs increased by 1.24% due to freight, and the pension discount rate was 4.7%."
    assert findings(doc(prose={1: a, 3: b}), CONTRADICTION) == []


def test_a_wrapped_cell_is_not_a_second_value() -> None:
    notes = table("（1）应收账款分类披露", ("期末余额坏账准备金额",), [("按组合计提坏账准备", ("6,140,27",))])
    movement = table("本期计提坏账准备情况", ("期末余额",), [("按组合计提坏账准备", ("6,140,275.13",))], page=2)
    assert findings(doc(notes, movement), CONTRADICTION) == []


def test_a_slip_of_one_named_line_item_is_a_high_tier_contradiction() -> None:
    balance = table("合并资产负债表", ("2019年12月31日",), [("存货", ("421,550,316.20",))])
    text = "截至2019年12月31日，公司财务报表所示存货项目账面余额为人民币42,155.13万元。"
    [finding] = findings(doc(balance, prose={2: text}), CONTRADICTION)
    assert finding["tier"] == "high"


def test_unconfirmed_pairs_are_informational() -> None:
    result = run_check([doc(prose={1: "公司研发人员人均专利申请数量为 3.40 件。", 4: "公司研发人员人均专利申请数量为 4.15 件。"})])
    assert not [f for f in result.findings if f.kind == CONTRADICTION]
    assert all(not f.needs_look for f in result.findings if f.kind == UNCONFIRMED)


# --- arithmetic -----------------------------------------------------------------------------------------------

def test_a_percent_cell_in_a_yuan_table_is_a_percent_and_a_relative_change_column_is_relative() -> None:
    rd = table("公司研发投入情况", ("2019年", "2018年", "变动比例"),
               [("研发人员数量（人）", ("520", "400", "30.00%")),
                ("研发投入金额（元）", ("150,000,000.00", "120,000,000.00", "25.00%"))])
    assert findings(doc(rd), ARITHMETIC) == []


def test_a_margin_column_printed_with_percent_signs_is_not_money() -> None:
    margin = table("（2）主营业务分产品情况", ("营业收入", "营业成本", "毛利率"),
                   [("连接器", ("1,000,000.00", "600,000.00", "40.00%")), ("继电器", ("500,000.00", "350,000.00", "30.00%"))])
    assert findings(doc(margin), ARITHMETIC) == []


def test_a_qizhong_row_is_not_summed_beside_its_parent() -> None:
    rows = [("货币资金", ("1,000.00",)), ("其他应收款", ("500.00",)), ("其中：应收利息", ("100.00",)),
            ("应收股利", ("300.00",)), ("存货", ("200.00",)), ("流动资产合计", ("1,700.00",))]
    assert findings(doc(table("合并资产负债表", ("2019年12月31日",), rows)), ARITHMETIC) == []


def test_a_merged_cell_repeated_on_split_rows_is_counted_once() -> None:
    rows = [("华东 甲产品", ("410.00",)), ("华东 乙产品", ("410.00",)), ("华南", ("260.00",)), ("合计", ("670.00",))]
    assert findings(doc(table("销售情况", ("本期金额",), rows)), ARITHMETIC) == []


def test_the_ends_of_wrapped_numbers_are_not_recomputed() -> None:
    rows = [("甲公司", ("777.25", "562.16", "339.41"))]
    assert findings(doc(table("重要非全资子公司的主要财务信息", ("流动资产", "非流动资产", "资产合计"), rows)), ARITHMETIC) == []


def test_a_subtotal_that_misses_a_plain_row_is_still_reported() -> None:
    rows = [("甲补助", ("1,200,000.00", "800,000.00")), ("乙补助", ("65,000.00", "40,000.00")),
            ("丙补助", ("300,000.00", "160,000.00")), ("合计", ("1,500,000.00", "1,000,000.00"))]
    [finding] = findings(doc(table("计入当期损益的政府补助", ("本期发生额", "上期发生额"), rows)), ARITHMETIC)
    assert finding["values"] == ["1,500,000.00元"] and finding["tier"] == "high"


def test_shares_rounded_to_add_up_are_a_convention() -> None:
    # exact shares 99.69 / 0.29 / 0.02: printed 99.69 / 0.28 / 0.03 would not add up; 99.68 is the report's plug
    rows = [("1年以内", ("996,860.00", "99.68")), ("1至2年", ("2,800.00", "0.28")), ("2至3年", ("340.00", "0.04")),
            ("合计", ("1,000,000.00", "100.00"))]
    assert findings(doc(table("预付款项按账龄列示", ("金额", "比例(%)"), rows)), ARITHMETIC) == []


def test_a_subsidiarys_growth_is_not_the_groups() -> None:
    key = table("主要会计数据", ("2019年", "2018年"), [("净利润", ("120,000,000.00", "100,000,000.00"))])
    text = "子公司甲科技有限公司2019年实现净利润为30,500,000.00元，与上年同期净利润25,000,000.00元相比增长22.00%。"
    assert findings(doc(key, prose={2: text}), ARITHMETIC) == []
    attributable = "实现净利润99,000,000.00元，较上年增长10.00%。"
    assert findings(doc(key, prose={2: attributable}), ARITHMETIC) == []


def test_a_tenfold_slip_of_a_total_is_not_taken_for_the_tail_of_a_wrapped_number() -> None:
    rows = [("甲", ("800,000.00", "500,000.00")), ("乙", ("805,376.03", "300,000.00")),
            ("合计", ("160,537.603", "800,000.00"))]
    [finding] = findings(doc(table("专项储备", ("本期金额", "上期金额"), rows)), ARITHMETIC)
    assert finding["values"] == ["160,537.603元"]


def test_one_step_in_the_last_place_of_a_ten_digit_amount_is_still_a_slip() -> None:
    key = table("（一）主要会计数据", ("2018年",), [("营业收入", ("1,230,537,181.79",))])
    statement = table("合并利润表", ("2018年度",), [("营业收入", ("1,230,537,181.80",))], page=2)
    [finding] = findings(doc(key, statement), CONTRADICTION)
    assert finding["tier"] == "medium"
