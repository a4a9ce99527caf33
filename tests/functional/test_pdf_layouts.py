"""PDFs made here to reproduce layouts real reports have: vertical CJK text, a font with no Unicode map, a
ruled table whose cell breaks a number across lines, a table running on to the next page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esgqa.cli.main import main
from esgqa.ingest.loader import load_document

reportlab = pytest.importorskip("reportlab")


def _cjk_font(vertical: bool = False) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    font = UnicodeCIDFont("STSong-Light", isVertical=vertical)
    pdfmetrics.registerFont(font)
    return font.fontName


def test_vertical_cjk_text_is_read_column_by_column_not_interleaved(tmp_path: Path) -> None:
    """A vertically set page: pdfminer interleaves its columns line by line; esgqa reads each column top to
    bottom, right to left, digits included, and says so in a page warning."""
    from reportlab.pdfgen import canvas

    columns = ["二〇一九年度本公司营业收入为一百二十亿元", "同比增长百分之十二点五净利润为30亿元",
               "员工总数达到一万二千人其中女性占四成"]
    path = tmp_path / "vertical.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont(_cjk_font(vertical=True), 14)
    for i, column in enumerate(columns):
        pdf.drawString(500 - 30 * i, 780, column)
    pdf.showPage()
    pdf.save()
    page = load_document(path).page(1)
    assert page.text.split("\n") == columns
    assert any("vertical text" in w for w in page.warnings)


def _no_unicode_map_pdf() -> bytes:
    """One page of text in a CID font with no ToUnicode map and no embedded font: no reader can decode it."""
    content = b"BT /F1 24 Tf 72 700 Td <0012003400560078009a00bc00de00f0> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMapFont /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMapFont /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /NoMapFont /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_text_no_reader_can_decode_is_reported_and_left_out(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nomap.pdf"
    path.write_bytes(_no_unicode_map_pdf())
    page = load_document(path).page(1)  # OCR, when installed, sees glyphs drawn from no font: not text either
    assert page.text == "" and not page.has_text_layer
    assert any("undecodable" in w for w in page.warnings)
    assert main(["pages", str(path)]) == 0
    assert "left out of the index, their text looks undecodable: 1" in capsys.readouterr().out
    assert main(["index", str(path), "--index", str(tmp_path / "idx")]) == 3  # nothing to index: exit INPUT


def _table_pdf(path: Path) -> None:
    """Three pages of one ruled table; a number in a narrow cell broken across two lines; a running header and
    footer on every page (three pages: fewer are not enough to tell a running header from a caption)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _cjk_font()
    style = ParagraphStyle("cjk", fontName=font, fontSize=9, leading=11)

    def grid(rows: list[list[object]]) -> Table:
        table = Table(rows, colWidths=[150, 90, 90])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9)]))
        return table

    def furniture(canvas: object, doc: object) -> None:
        canvas.setFont(font, 9)  # type: ignore[attr-defined]
        canvas.drawString(250, 810, "2019年年度报告")  # type: ignore[attr-defined]
        canvas.drawString(280, 30, f"{doc.page} / 3")  # type: ignore[attr-defined]

    story = [Paragraph("合并资产负债表", style), Paragraph("单位：元 币种：人民币", style),
             grid([["项目", "2019年12月31日", "2018年12月31日"],
                   ["货币资金", "905,402,299.44", "627,041,535.44"],
                   [Paragraph("以公允价值计量且其变动计入当期损益的金融资产", style),
                    Paragraph("22,172,721.0<br/>0", style), "6,049,569.00"]]),
             PageBreak(),
             grid([["固定资产", "384,462,589.60", "391,583,730.89"]]),
             PageBreak(),
             grid([["资产总计", "2,464,948,703.85", "2,051,223,456.86"]])]
    SimpleDocTemplate(str(path), pagesize=(595, 842)).build(story, onFirstPage=furniture, onLaterPages=furniture)


def test_a_ruled_table_becomes_facts_with_repaired_numbers_and_inherited_headers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "statement.pdf"
    _table_pdf(path)
    document = load_document(path)
    first, second, third = (page.tables[0] for page in document.pages)
    assert (first.title, first.unit) == ("合并资产负债表", "元")
    assert [row.cells[0] for row, _, _ in first.data_rows()][1] == "22,172,721.00"
    assert second.continued and third.continued and third.columns == first.columns
    assert "2019年年度报告" in document.pages[2].text and "2019年年度报告" not in document.pages[2].prose
    assert main(["facts", str(path), "--json", "--grep", "资产总计"]) == 0
    facts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(f["value"], f["period_key"], f["scope"], f["table"]["column"]) for f in facts] == [
        (2464948703.85, "current", "合并", "2019年12月31日"), (2051223456.86, "previous", "合并", "2018年12月31日")]
    assert all(f["source"] == "table" and f["label"] == "资产总计" and f["unit"] == "元" for f in facts)
