"""Table grids from ruling lines, tables as structure, running headers and footers."""

from __future__ import annotations

from esgqa.ingest.furniture import running_lines, strip_running
from esgqa.ingest.grid import find_grids
from esgqa.ingest.pdfium_page import RawTable, is_vertical, vertical_text
from esgqa.ingest.tables import cell_text, is_value, structure, structure_tables


def rules(xs: list[float], ys: list[float], skip_vertical: set[tuple[int, int]] = frozenset()) -> list[tuple]:
    """Thin filled rectangles drawing a grid (as reports draw them); `skip_vertical` leaves out the rule at
    column boundary c in row r (a merged cell)."""
    boxes = [(xs[0], y - 0.3, xs[-1], y + 0.3) for y in ys]
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, c) not in skip_vertical:
                boxes.append((x - 0.3, ys[r + 1], x + 0.3, ys[r]))
    return boxes


def test_a_grid_of_rules_is_a_table_with_merged_cells() -> None:
    xs, ys = [50.0, 150.0, 250.0, 350.0], [700.0, 680.0, 660.0, 640.0]
    [grid] = find_grids(rules(xs, ys, skip_vertical={(0, 2)}))  # top row: columns 1 and 2 merged
    assert (grid.n_rows, grid.n_cols) == (3, 3)
    top = [c for c in grid.cells if c.row == 0]
    assert [(c.col, c.col_end) for c in top] == [(0, 1), (1, 3)]
    assert len(grid.cells) == 2 + 3 + 3


def test_a_lone_box_or_an_underline_is_not_a_table() -> None:
    assert find_grids([(50, 700, 300, 720)]) == []  # a frame around a callout
    assert find_grids([(60, 785.7, 500, 786.5)]) == []  # the rule under a running header


def test_rules_drawn_in_pieces_and_twice_are_one_rule() -> None:
    xs, ys = [50.0, 150.0, 250.0], [700.0, 680.0, 660.0]
    boxes = rules(xs, ys)
    boxes += [(50, 679.8, 100, 680.2), (101.5, 679.9, 150, 680.3)]  # the middle rule again, in two pieces
    [grid] = find_grids(boxes)
    assert (grid.n_rows, grid.n_cols) == (2, 2)


def test_cells_join_wrapped_labels_and_repair_broken_numbers() -> None:
    assert cell_text("归属于上市公司股东\n的净利润") == "归属于上市公司股东的净利润"
    assert cell_text("22,172,721.0\n0") == "22,172,721.00"
    assert cell_text("冷 链 装 备\n扩产项目") == "冷链装备扩产项目"
    assert cell_text("减少 3.96\n个百分点") == "减少3.96个百分点"
    assert is_value("-4.49") and is_value("(1,234.00)") and is_value("减少4.07个百分点") and is_value("7.64%")
    assert not is_value("七、29") and not is_value("2019年") and not is_value("603339A")


def _raw(rows: list[list[str]], above: tuple[str, ...] = (), spans: dict[tuple[int, int], int] | None = None
         ) -> RawTable:
    cells = []
    spans = spans or {}
    for r, row in enumerate(rows):
        c = 0
        for text in row:
            width = spans.get((r, c), 1)
            cells.append((r, c, r + 1, c + width, text))
            c += width
    return RawTable((50.0, 100.0, 500.0, 700.0), len(rows), max(len(r) for r in rows), tuple(cells), above)


def test_a_key_figures_table_has_headers_labels_unit_and_a_mid_table_header() -> None:
    raw = _raw([
        ["主要会计数据", "2019年", "2018年", "本期比上\n年同期增\n减(%)"],
        ["营业收入", "1,175,301,034.32", "1,230,537,181.80", "-4.49"],
        ["归属于上市公司股东\n的净利润", "129,465,020.68", "182,223,387.13", "-28.95"],
        ["", "2019年末", "2018年末", "本期末比上年同期末增减（%）"],
        ["总资产", "2,464,948,703.85", "2,051,223,456.86", "20.17"],
    ], above=("2019 年年度报告", "(一) 主要会计数据", "单位：元 币种：人民币"))
    table = structure(raw, page=5, index=0, furniture=running_lines([["2019 年年度报告"]] * 3))
    assert (table.title, table.unit, table.currency) == ("(一)主要会计数据", "元", "人民币")
    assert table.columns == ("2019年", "2018年", "本期比上年同期增减(%)")
    rows = list(table.data_rows())
    assert [row.label for row, _, _ in rows] == ["营业收入", "归属于上市公司股东的净利润", "总资产"]
    assert rows[2][1] == ("2019年末", "2018年末", "本期末比上年同期末增减（%）")
    assert table.row_lines()[0] == "营业收入：2019年 1,175,301,034.32；2018年 1,230,537,181.80；本期比上年同期增减(%) -4.49"


def test_a_statement_keeps_its_note_column_out_of_labels_and_values() -> None:
    raw = _raw([
        ["项目", "附注", "2019 年 12 月 31 日", "2018 年 12 月 31 日"],
        ["流动资产：", "", "", ""],
        ["货币资金", "七、1", "905,402,299.44", "627,041,535.44"],
        ["应收票据", "", "", "4,668,878.50"],
    ], above=("合并资产负债表", "2019 年 12 月 31 日", "编制单位: 四方科技集团股份有限公司", "单位:元 币种:人民币"))
    table = structure(raw, page=59, index=0)
    assert table.title == "合并资产负债表" and table.unit == "元"
    assert table.columns == ("2019年12月31日", "2018年12月31日")
    kinds = [(row.kind, row.label) for row in table.rows]
    assert kinds == [("group", "流动资产："), ("data", "货币资金"), ("data", "应收票据")]
    assert table.rows[2].cells == ("", "4,668,878.50")


def test_a_table_running_on_from_the_previous_page_inherits_its_headers() -> None:
    first = _raw([["项目", "附注", "2019年12月31日", "2018年12月31日"], ["货币资金", "七、1", "1.00", "2.00"]],
                 above=("合并资产负债表", "单位:元 币种:人民币"))
    second = _raw([["长期待摊费用", "七、29", "8,137,304.26", "82,757.37"], ["资产总计", "", "3.00", "4.00"]],
                  above=("2019 年年度报告",))
    tables = structure_tables([(59, [first]), (60, [second])], running_lines([["2019 年年度报告"]] * 3))
    follow = tables[60][0]
    assert follow.continued and follow.title == "合并资产负债表" and follow.unit == "元"
    assert [(row.label, cols) for row, cols, _ in follow.data_rows()][1] == ("资产总计", ("2019年12月31日",
                                                                                     "2018年12月31日"))
    alone = structure_tables([(60, [second])])[60][0]
    assert not alone.continued and alone.columns == ("", "")  # nothing to inherit from


def test_section_rows_split_a_table_and_label_columns_join() -> None:
    raw = _raw([
        ["主营业务分行业情况"],
        ["分行业", "营业收入", "毛利率\n（%）"],
        ["冷冻设备", "371,318,215.91", "32.51"],
        ["主营业务分地区情况"],
        ["分地区", "营业收入", "毛利率（%）"],
        ["境内", "397,875,535.30", "29.43"],
    ], spans={(0, 0): 3, (3, 0): 3})
    table = structure(raw, page=11, index=1)
    rows = list(table.data_rows())
    assert [(row.label, section) for row, _, section in rows] == [("冷冻设备", "主营业务分行业情况"),
                                                                  ("境内", "主营业务分地区情况")]
    assert table.title == "主营业务分行业情况"


def test_running_headers_and_footers_are_found_and_stripped_at_the_edges_only() -> None:
    words = "营业收入增长 研发投入加大 员工人数 分红方案 募集资金 环境保护 内部控制 关联交易 担保 诉讼".split()
    pages = [["2019 年年度报告", f"{n} / 156", f"{words[n - 1]}的说明", f"本节讨论{words[n - 1]}。", words[-n]]
             for n in range(1, 11)]
    running = running_lines(pages)
    assert running == {"#/#", "#年年度报告"}
    assert strip_running(pages[3], running) == ["分红方案的说明", "本节讨论分红方案。", words[-4]]
    middle = ["a", "b", "c", "2019 年年度报告", "d", "e", "f", "g"]  # the same words mid-page are kept
    assert strip_running(middle, running) == middle


def test_vertical_text_is_read_column_by_column() -> None:
    text, boxes = "", []
    for col, column in enumerate(["二〇一九年度营业收入", "同比增长百分之十二"]):
        x = 500 - 30 * col
        for row, ch in enumerate(column):
            text += ch
            boxes.append((x, 780 - 14 * (row + 1), x + 14, 780 - 14 * row))
    assert is_vertical(text, boxes)
    assert vertical_text(text, boxes).split("\n") == ["二〇一九年度营业收入", "同比增长百分之十二"]
    flat = "".join(text)
    sideways = [(50 + 14 * i, 700, 64 + 14 * i, 714) for i in range(len(flat))]
    assert not is_vertical(flat, sideways)
