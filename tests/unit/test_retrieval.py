from esgqa.query.glossary import expand, is_english
from esgqa.query.terms import tokenize


def test_tokenizer_keeps_numbers_whole_after_normalisation() -> None:
    assert "2290.7" in tokenize("平台生态减碳 2,290.7 万吨")
    assert "38.5%" in tokenize("比例达到３８.５％") or "38.5" in tokenize("比例达到３８.５％")
    assert tokenize("PUE") == ["pue"]
    assert "的" not in tokenize("数据中心的PUE是多少")


def test_glossary_translates_phrases_longest_first() -> None:
    terms = expand("What share of employees are women?")
    assert "女性" in terms and "员工" in terms
    assert "范围1" in expand("Scope 1 emissions")
    assert expand("self-built data centres") == ["自建数据中心"]  # the phrase wins over "data centre"
    assert "数据中心" in expand("data centers")


def test_language_detection() -> None:
    assert is_english("What share of employees are women?")
    assert not is_english("自建数据中心的PUE是多少？")


def test_hybrid_finds_chinese_and_english_questions(mini_engine) -> None:
    for question, page in [("女性员工占比", 3), ("What share of employees are women?", 3),
                           ("基金会捐赠了多少钱", 4), ("How much did the foundation donate?", 4),
                           ("反腐败培训开展了多少场", 5)]:
        assert mini_engine.search(question, k=1)[0].chunk.page == page, question


def test_numbers_in_questions_match_the_corpus_form(mini_engine) -> None:
    hit = mini_engine.search("12345名员工", k=1, mode="bm25")[0]
    assert hit.chunk.page == 3
    assert mini_engine.search("哪一页提到 9,800 人次", k=1)[0].chunk.page == 5


def test_each_mode_returns_k_distinct_chunks(mini_engine) -> None:
    for mode in ("bm25", "dense", "hybrid"):
        hits = mini_engine.search("温室气体排放", k=4, mode=mode)
        assert len({h.chunk.chunk_id for h in hits}) == 4
