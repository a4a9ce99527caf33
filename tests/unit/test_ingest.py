from pathlib import Path

import pytest

from esgqa.errors import EncryptedError, InputError
from esgqa.ingest.loader import load_document, load_sources
from esgqa.ingest.quality import looks_undecodable
from tests.conftest import MINI_REPORT

GB_TEXT = "阿里巴巴集团环境、社会和治理报告\f第二页：女性员工占比百分之四十九。\n"


def test_page_marked_text_splits_on_form_feeds() -> None:
    document = load_document(MINI_REPORT)
    assert document.page_count == 5
    assert document.page(2).text.startswith("2气候行动")
    assert len(document.doc_id) == 16


def test_doc_id_is_a_content_hash_not_a_path(tmp_path: Path) -> None:
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(MINI_REPORT.read_bytes())
    assert load_document(copy).doc_id == load_document(MINI_REPORT).doc_id
    copy.write_text("different", encoding="utf-8")
    assert load_document(copy).doc_id != load_document(MINI_REPORT).doc_id


def test_plain_markdown_is_one_page(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# 标题\n正文内容。\n", encoding="utf-8")
    assert load_document(path).page_count == 1


def test_gb18030_text_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(GB_TEXT.encode("gb18030"))
    document = load_document(path)
    assert document.page_count == 2
    assert "女性员工" in document.page(2).text


def test_named_encoding_is_used(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(GB_TEXT.encode("gb18030"))
    assert "女性员工" in load_document(path, encoding="gb18030").page(2).text
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        load_document(path, encoding="utf-8")


def test_binary_garbage_says_which_encoding_to_pass(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"not UTF-8 text.*--encoding"):
        load_document(path)


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\n\f \n", "empty"),
    ("report.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
    ("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "not a readable PDF"),
    ("empty.pdf", b"", "empty"),
])
def test_bad_files_raise_one_line_input_errors(tmp_path: Path, name: str, content: bytes | None,
                                               message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        load_document(path)
    assert "\n" not in str(info.value)


def test_folder_with_one_bad_file_keeps_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(MINI_REPORT.read_bytes())
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "ignored.docx").write_bytes(b"x")
    result = load_sources([tmp_path])
    assert [Path(d.source).name for d in result.documents] == ["a.txt"]
    assert [p.name for p, _ in result.failures] == ["b.pdf"]


def test_folder_without_reports_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"x")
    with pytest.raises(InputError, match="no supported reports"):
        load_sources([tmp_path])


def test_encrypted_pdf_needs_the_password(pdfs: Path) -> None:
    path = pdfs / "pdfminer_aes-256.pdf"
    with pytest.raises(EncryptedError, match="encrypted; pass --password"):
        load_document(path)
    with pytest.raises(EncryptedError, match="wrong password"):
        load_document(path, password="nope")
    assert "Secret" in load_document(path, password="foo").page(1).text


def test_corrupt_stream_recovers_text_with_a_page_warning(pdfs: Path) -> None:
    document = load_document(pdfs / "pdfminer_zen_of_python_corrupted.pdf")
    page = document.page(1)
    assert "Beautiful is better than ugly" in page.text
    assert any("corrupt" in w.lower() for w in page.warnings)


def test_image_only_page_is_reported(pdfs: Path) -> None:
    document = load_document(pdfs / "pdfminer_pdf-with-jbig2.pdf", ocr="never")
    assert not document.page(1).has_text_layer
    assert any("no text layer" in w for w in document.warnings)
    with pytest.raises(InputError, match="no page has a text layer"):
        load_sources([pdfs / "pdfminer_pdf-with-jbig2.pdf"], ocr="never")


def test_font_without_unicode_map_is_decoded(pdfs: Path) -> None:
    text = load_document(pdfs / "pdfminer_issue-791-non-unicode-cmap.pdf").page(1).text
    assert "Peněžní prostředky na účtech" in text


def test_undecodable_text_is_recognised() -> None:
    assert looks_undecodable("(cid:12)(cid:55)(cid:3)(cid:99) ab")
    assert looks_undecodable("3HQ\x03SURVWHGN\x03QD\x03WHFK")  # font codes read as characters
    assert not looks_undecodable("营业收入 2020年 1,581,905,632.48")


def test_pdf_tables_are_extracted_as_structure(tmp_path: Path) -> None:
    reportlab = pytest.importorskip("reportlab")
    del reportlab
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "table.pdf"
    table = Table([["项目", "2020年"], ["营业收入", "1,581,905,632.48"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    page = load_document(path).page(1)
    assert "营业收入" in page.text and "1,581,905,632.48" in page.text  # the viewer shows the page as drawn
    [found] = page.tables
    [(row, columns, _)] = list(found.data_rows())
    assert row.label == "营业收入" and columns == ("2020年",) and row.cells == ("1,581,905,632.48",)
    assert page.indexed_text().count("1,581,905,632.48") == 1, "the table is indexed once"
