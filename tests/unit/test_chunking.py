import itertools

from esgqa.ingest.chunking import ChunkingParams, chunk_document, chunk_page, sentence_spans
from esgqa.ingest.model import Page, make_document
from esgqa.ingest.normalize import normalize

LONG_PAGE = "。".join(f"第{i}句说明了一项具体的环境指标和它在本财年的变化情况" for i in range(40)) + "。"


def test_sentences_split_on_chinese_terminators() -> None:
    text = "第一句。第二句！第三句？第四句；第五句"
    assert [text[s:e] for s, e in sentence_spans(text, 100)] == ["第一句。", "第二句！", "第三句？", "第四句；", "第五句"]


def test_a_long_sentence_is_cut_at_clauses_within_the_limit() -> None:
    text = "，".join(["这是一个相当长的分句"] * 30) + "。"
    spans = sentence_spans(text, 50)
    assert all(e - s <= 50 for s, e in spans)
    assert "".join(text[s:e] for s, e in spans) == text


def test_chunks_respect_size_overlap_and_offsets() -> None:
    params = ChunkingParams(size=120, overlap=40)
    chunks = chunk_page("doc", 7, LONG_PAGE, params)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.page == 7
        assert len(chunk.text) <= params.size
        assert LONG_PAGE[chunk.start : chunk.end].strip() == chunk.text
    for first, second in itertools.pairwise(chunks):
        assert second.start < first.end, "consecutive chunks overlap"
        assert first.end - second.start <= params.overlap + 40


def test_a_chunk_never_crosses_a_page_and_ids_are_stable() -> None:
    pages = [Page(1, "第一页的内容。" * 30), Page(2, "第二页的内容。" * 30)]
    document = make_document("t", "t.txt", pages)
    first = chunk_document(document, ChunkingParams(size=100, overlap=20))
    again = chunk_document(make_document("t", "moved/t.txt", pages), ChunkingParams(size=100, overlap=20))
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)
    for chunk in first:
        page_text = normalize(pages[chunk.page - 1].text).text
        assert page_text[chunk.start : chunk.end].strip() == chunk.text
        assert "第二页" not in chunk.text or chunk.page == 2
