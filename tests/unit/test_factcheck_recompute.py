"""Recomputation inside and across tables: each relation holds on a consistent table, and a changed figure fails
with the recomputed value, while a misread structure stays silent."""

from __future__ import annotations

from dataclasses import replace

from esgqa.factcheck.check import run_check
from esgqa.factcheck.findings import ARITHMETIC, CONTRADICTION
from esgqa.ingest.model import Document, Page, Table, TableRow, make_document

BOX = (0.0, 0.0, 1.0, 1.0)


def table(title: str, columns: tuple[str, ...], rows: list[tuple[str, tuple[str, ...]]], page: int = 1,
          index: int = 0, unit: str = "元", continued: bool = False) -> Table:
    return Table(page, index, BOX, title, unit, "人民币", (title, f"单位：{unit}"), columns,
                 tuple(TableRow("data", label, cells) for label, cells in rows), continued)


def doc(*tables: Table, prose: dict[int, str] | None = None) -> Document:
    """Pages 2.. hold the tables and prose; page 1 is the cover that names the report's year."""
    texts = {n + 1: text for n, text in (prose or {}).items()}
    last = max({t.page + 1 for t in tables} | set(texts))
    pages = [Page(1, "测试科技股份有限公司\n2019 年年度报告")]
    pages += [Page(n, texts.get(n, ""), body=texts.get(n, ""), tables=tuple(replace(t, page=n) for t in tables
                                                                          if t.page + 1 == n))
              for n in range(2, last + 1)]
    return make_document("t", "t.pdf", pages)


def arithmetic(document: Document) -> list[dict[str, object]]:
    result = run_check([document])
    return [f.to_dict() for f in result.findings if f.kind == ARITHMETIC]


KEY = [("营业收入", ("1,175,301,034.32", "1,230,537,181.80", "-4.49")),
       ("净利润", ("129,465,020.68", "182,223,387.13", "-28.95")),
       ("总资产", ("2,464,948,703.85", "2,051,223,456.86", "20.17"))]
COLUMNS = ("2019年", "2018年", "本期比上年同期增减(%)")


def test_a_change_column_holds_and_a_changed_rate_fails_with_its_recomputation() -> None:
    assert arithmetic(doc(table("主要会计数据", COLUMNS, KEY))) == []
    wrong = [KEY[0], ("净利润", ("129,465,020.68", "182,223,387.13", "-26.95")), KEY[2]]
    [finding] = arithmetic(doc(table("主要会计数据", COLUMNS, wrong)))
    assert finding["values"] == ["-26.95%"] and finding["expected"] == ["-28.95%"]
    assert "净利润" in finding["formula"][0]


def test_a_column_whose_relation_holds_nowhere_is_a_misreading_and_stays_silent() -> None:
    rows = [(label, (a, b, "12.00")) for label, (a, b, _) in KEY]  # a column that is no growth rate
    assert arithmetic(doc(table("主要会计数据", COLUMNS, rows))) == []


def test_a_share_against_the_total_the_header_names_on_another_page() -> None:
    balance = table("合并资产负债表", ("2019年12月31日", "2018年12月31日"),
                    [("货币资金", ("905,402,299.44", "627,041,535.44")), ("存货", ("637,768,124.78", "1.00")),
                     ("资产总计", ("2,464,948,703.85", "2,051,223,456.86"))], page=2)
    shares = table("资产及负债状况", ("本期期末数", "本期期末数占总资产的比例(%)"),
                   [("货币资金", ("905,402,299.44", "36.74")), ("存货", ("637,768,124.78", "25.87")),
                    ("应收账款", ("35,667,317.09", "1.45"))], page=1)
    [finding] = arithmetic(doc(shares, balance))
    assert finding["values"] == ["36.74%"] and finding["expected"] == ["36.73%"] and finding["pages"] == [2, 3]


def test_a_subtotal_confirmed_by_its_other_column() -> None:
    rows = [("稳岗补贴", ("100.00", "200.00")), ("专利奖励", ("300.00", "400.00")), ("小计", ("400.00", "650.00"))]
    [finding] = arithmetic(doc(table("政府补助", ("本期发生金额", "上期发生金额"), rows)))
    assert finding["values"] == ["650.00元"] and finding["expected"] == ["600.00"]


def test_a_movement_table_over_two_pages_is_one_table() -> None:
    columns = ("年初限售股数", "本年解除限售股数", "本年增加限售股数", "年末限售股数")
    first = table("限售股份变动情况", columns, [("甲", ("100", "100", "0", "0")), ("乙", ("50", "0", "0", "50")),
                                           ("丙", ("20", "10", "0", "10"))], unit="股")
    second = table("限售股份变动情况", columns, [("合计", ("170", "110", "0", "70"))], page=2, unit="股",
                   continued=True)
    [finding] = arithmetic(doc(first, second))
    assert finding["pages"] == [2, 3] and finding["values"] == ["70股"] and set(finding["expected"]) == {"60"}
    assert {r["relation"] for r in finding["recomputations"]} == {"total", "movement"}  # one figure, one finding


def test_balance_sheet_identity_and_net_value() -> None:
    rows = [("流动资产合计", ("600.00", "500.00")), ("非流动资产合计", ("400.00", "300.00")),
            ("资产总计", ("1,000.00", "800.00")), ("负债合计", ("300.00", "200.00")),
            ("所有者权益合计", ("700.00", "600.00")), ("负债和所有者权益总计", ("1,000.00", "800.00"))]
    sheet = table("合并资产负债表", ("2019年12月31日", "2018年12月31日"), rows)
    assert arithmetic(doc(sheet)) == []
    broken = [*rows[:4], ("所有者权益合计", ("710.00", "600.00")), rows[5]]
    found = arithmetic(doc(table("合并资产负债表", ("2019年12月31日", "2018年12月31日"), broken)))
    assert any("1,000.00元" in f["values"] or "710.00元" in f["values"] for f in found)


def test_a_prose_growth_rate_against_the_statement_levels() -> None:
    key = table("主要会计数据", ("2019年", "2018年"), [(label, cells[:2]) for label, cells in KEY])
    right = doc(key, prose={2: "2019 年，公司营业收入较上年同期减少 4.49%。"})
    assert arithmetic(right) == []
    [finding] = arithmetic(doc(key, prose={2: "2019 年，公司营业收入较上年同期减少 4.94%。"}))
    assert finding["values"] == ["-4.94%"] and finding["expected"] == ["-4.49%"] and finding["pages"] == [2, 3]


def test_gross_margin_and_its_change_from_the_row() -> None:
    columns = ("营业收入", "营业成本", "毛利率（%）", "营业收入比上年增减（%）", "营业成本比上年增减（%）",
               "毛利率比上年增减（%）")
    rows = [("冷冻设备", ("371,318,215.91", "250,587,829.59", "32.51", "2.47", "8.86", "减少3.96个百分点"))]
    assert arithmetic(doc(table("主营业务分行业情况", columns, rows))) == []
    wrong = [("冷冻设备", ("371,318,215.91", "250,587,829.59", "35.21", "2.47", "8.86", "减少3.96个百分点"))]
    relations = {f["relation"] for f in arithmetic(doc(table("主营业务分行业情况", columns, wrong)))}
    assert relations == {"ratio", "points"}


def test_a_swapped_digit_between_two_dated_statements_is_a_contradiction() -> None:
    text = ("2019 年 4 月 26 日，公司限售股由 152,642,875 股减少至 151,661,875 股，总股份不变，仍为 210,743,750 股。\n"
            "2019 年 5 月 20 日，公司限售股由 151,661,875 股减少至 1,661,875 股，总股份不变，仍为 201,743,750 股。")
    document = make_document("t", "t.txt", [Page(1, text)])
    [finding] = [f for f in run_check([document]).findings if f.kind == CONTRADICTION]
    assert set(finding.values) == {"210,743,750股", "201,743,750股"} and "swapped" in finding.explanation


def test_amounts_to_the_cent_are_exact_and_amounts_in_wan_are_rounded() -> None:
    rows = [("稳岗补贴", ("1,684,738.16", "200.00")), ("专利奖励", ("4,494,790.67", "400.00")),
            ("合计", ("6,179,528.83", "600.00"))]
    assert arithmetic(doc(table("政府补助", ("本期发生金额", "上期发生金额"), rows))) == []
    off_by_a_cent = [("稳岗补贴", ("1,684,738.15", "200.00")), *rows[1:]]
    [finding] = arithmetic(doc(table("政府补助", ("本期发生金额", "上期发生金额"), off_by_a_cent)))
    assert finding["expected"] == ["6,179,528.82"]
    in_wan = [("稳岗补贴", ("168.47", "2.00")), ("专利奖励", ("449.48", "4.00")), ("合计", ("617.96", "6.00"))]
    assert arithmetic(doc(table("政府补助", ("本期发生金额", "上期发生金额"), in_wan, unit="万元"))) == []


def test_a_total_of_one_item_and_a_minus_row_that_subtracts_only_itself() -> None:
    columns = ("期初余额", "本期增加", "本期减少", "期末余额")
    one = [("法定盈余公积", ("46,462,733.24", "5,924,217.30", "0.00", "52,386,950.54")),
           ("合计", ("46,462,733.24", "5,924,217.30", "0.00", "52,386,950.54"))]
    assert arithmetic(doc(table("盈余公积", columns, one))) == []
    changed = [("法定盈余公积", ("46,462,733.25", "5,924,217.30", "0.00", "52,386,950.54")), one[1]]
    assert {r["relation"] for f in arithmetic(doc(table("盈余公积", columns, changed)))
            for r in f["recomputations"]} >= {"total"}
    equity = [("实收资本", ("200.00", "100.00")), ("资本公积", ("300.00", "300.00")), ("减：库存股", ("50.00", "40.00")),
              ("盈余公积", ("70.00", "60.00")), ("归属于母公司所有者权益合计", ("520.00", "420.00"))]
    assert arithmetic(doc(table("合并资产负债表", ("2019年12月31日", "2018年12月31日"), equity))) == []
    broken = [*equity[:3], ("盈余公积", ("70.00", "61.00")), equity[4]]
    [finding] = arithmetic(doc(table("合并资产负债表", ("2019年12月31日", "2018年12月31日"), broken)))
    assert finding["expected"] == ["421.00"]
