"""Recognised text boxes back into lines: reading order, table rows kept apart, separators mended, noise
dropped. (The recogniser itself runs in tests/functional/test_ocr.py.)"""

from __future__ import annotations

import pytest

from esgqa.ingest import ocr
from esgqa.ingest.model import Page


def box(x0: float, y0: float, x1: float, y1: float, text: str, score: float = 0.99) -> list[object]:
    return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], text, score]


def test_boxes_become_lines_in_reading_order() -> None:
    boxes = [box(300, 52, 420, 72, "较去年同期减少4.49%。"), box(10, 50, 298, 70, "公司实现营业收入117，530.10万元，"),
             box(10, 100, 200, 120, "二、主要经营情况"), box(500, 300, 510, 305, "|", 0.2)]
    text, confidence = ocr.lines_of(boxes)
    assert text.split("\n") == ["公司实现营业收入117,530.10万元，较去年同期减少4.49%。", "二、主要经营情况"]
    assert confidence == pytest.approx(0.99)


def test_a_row_of_columns_is_a_paragraph_of_its_own() -> None:
    boxes = [box(10, 10, 200, 30, "利润表相关科目变动分析表"),
             box(10, 50, 80, 70, "营业收入"), box(200, 50, 360, 70, "1,175,301,034.32"),
             box(400, 50, 560, 70, "1,230,537,181.80"), box(600, 50, 650, 70, "-4.49"),
             box(10, 90, 80, 110, "营业成本"), box(200, 90, 360, 110, "903,236,584.52"),
             box(400, 90, 560, 110, "901,488,823.98"), box(600, 90, 650, 110, "0.19")]
    text, _ = ocr.lines_of(boxes)
    assert text.split("\n\n") == ["利润表相关科目变动分析表", "营业收入 1,175,301,034.32 1,230,537,181.80 -4.49",
                                  "营业成本 903,236,584.52 901,488,823.98 0.19"]


def test_latin_words_keep_their_spaces() -> None:
    text, _ = ocr.lines_of([box(10, 10, 40, 30, "It"), box(45, 10, 120, 30, "Doesn't"), box(125, 10, 190, 30, "Work")])
    assert text == "It Doesn't Work"


def test_nothing_legible() -> None:
    assert ocr.lines_of([box(0, 0, 5, 5, "~", 0.1)]) == ("", 0.0)


def test_a_report_read_before_is_read_again_only_when_ocr_would_change_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    scan, tried = Page(1, "", has_text_layer=False), Page(2, "", has_text_layer=False, warnings=(ocr.NOTHING_FOUND,))
    read, text = Page(3, "识别的文字", ocr=True), Page(4, "文字层")
    monkeypatch.setattr(ocr, "available", lambda: True)
    assert ocr.pending(ocr.counts([scan, text]), 2, "auto")
    assert not ocr.pending(ocr.counts([tried, read, text]), 3, "auto")
    assert ocr.pending(ocr.counts([read, text]), 2, "always") and not ocr.pending(ocr.counts([read, tried]), 2, "always")
    assert not ocr.pending(ocr.counts([scan]), 1, "never")
    monkeypatch.setattr(ocr, "available", lambda: False)
    assert not ocr.pending(ocr.counts([scan, text]), 2, "auto")
    assert "esgqa[ocr]" in ocr.hint()


def test_modes_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from esgqa.errors import UsageError

    with pytest.raises(UsageError, match="choose from"):
        ocr.check_mode("sometimes")
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(UsageError, match="esgqa\\[ocr\\]"):
        ocr.check_mode("always")
    assert ocr.check_mode("auto") == "auto"
