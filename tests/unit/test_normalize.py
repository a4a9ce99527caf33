from esgqa.ingest.normalize import compact, normalize


def test_joins_hard_wraps_inside_chinese_without_spaces() -> None:
    text = "我们相信互联网能够创造公平的环境，为中小企业提供创新与科技的力量，并更有效地参与\n中国及国际市场竞争。"
    assert normalize(text).text == text.replace("\n", "")


def test_keeps_numbers_glued_to_units_across_a_wrap() -> None:
    assert "468.1万吨" in normalize("运营净排放量（即范围 1、2 之和）为 468.1 万\n吨，同比降低").text


def test_full_width_digits_and_percent_become_half_width() -> None:
    assert normalize("清洁电力使用比例达到 ３８.５％。").text == "清洁电力使用比例达到38.5%。"


def test_spaces_between_latin_words_survive() -> None:
    assert normalize("Alibaba   Cloud is a cloud").text == "Alibaba Cloud is a cloud"


def test_sentence_end_and_blank_lines_keep_line_breaks() -> None:
    out = normalize("第一段结束。\n第二段开始\n\n标题\n正文").text
    assert out.split("\n")[0] == "第一段结束。"
    assert "标题" in out.split("\n")


def test_offsets_map_every_character_back_to_the_original() -> None:
    original = "活 102 年，468.1 万\n吨。\nAlibaba\nCloud ２０２３"
    result = normalize(original)
    assert len(result.offsets) == len(result.text)
    for i, ch in enumerate(result.text):
        source = original[result.offsets[i]]
        if ch not in " \n":
            assert source == ch or (0xFF00 <= ord(source) <= 0xFFEF), (i, ch, source)
    start = result.text.index("468.1万吨")
    span = result.original_span(start, start + len("468.1万吨"))
    assert compact(original[span[0] : span[1]]) == "468.1万吨"


def test_compact_removes_all_whitespace() -> None:
    assert compact(" a\tb\n c ") == "abc"
