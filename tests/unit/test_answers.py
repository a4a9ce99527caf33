"""Answers on a small synthetic report: cited, grounded, numeric-first, and abstaining when unsupported."""

from typing import Any

import pytest

from esgqa.errors import UsageError
from esgqa.qa.grounding import is_grounded, ungrounded_numbers
from esgqa.query.terms import prepare

CONTRACT = {"question": str, "answer": (str, type(None)), "abstained": bool, "citations": list,
            "passages": list, "timings_ms": dict}
PASSAGE = {"doc_id": str, "page": int, "chunk_id": str, "text": str, "score": float}


def _check_contract(data: dict[str, Any]) -> None:
    for key, kind in CONTRACT.items():
        assert isinstance(data[key], kind), key
    for item in data["citations"] + data["passages"]:
        for key, kind in PASSAGE.items():
            assert isinstance(item[key], kind), key
    assert set(data["timings_ms"]) >= {"retrieve", "answer"}


@pytest.mark.parametrize("question, value, page", [
    ("示例集团自建数据中心的PUE是多少？", "1.280", 2),
    ("女性员工占比是多少？", "47.2%", 3),
    ("清洁电力使用比例是多少？", "38.5%", 2),
    ("What share of employees are women?", "47.2%", 3),
    ("How many hours of training did each employee receive on average?", "36小时", 3),
])
def test_numeric_answers_lead_with_the_number_and_cite_its_page(mini_engine, question: str, value: str,
                                                                 page: int) -> None:
    answer = mini_engine.ask(question)
    assert not answer.abstained
    assert answer.value == value
    assert answer.citations[0].page == page
    assert answer.answer.startswith(value)
    assert f"[p. {page}]" in answer.answer
    _check_contract(answer.to_dict())


def test_every_answer_sentence_carries_its_page(mini_engine) -> None:
    answer = mini_engine.ask("2023财年自身运营的温室气体净排放量是多少？")
    body = answer.answer.splitlines()
    assert body and all("[p. " in line for line in body[:1 + len(answer.sentences)])
    for sentence in answer.sentences:
        assert is_grounded(sentence.text, mini_engine.retriever.prepared_page(sentence.doc_id, sentence.page))


def test_english_answers_are_framed_in_english_and_quote_the_chinese(mini_engine) -> None:
    answer = mini_engine.ask("What share of employees are women?")
    assert answer.lang == "en"
    assert "The report says" in answer.answer and "“" in answer.answer and "女性" in answer.answer


@pytest.mark.parametrize("question, message", [
    ("公司的MSCI评级是多少？", "报告中未找到答案。"),
    ("What is the company's revenue from electric vehicles in Europe?", "Not found in the report."),
])
def test_unsupported_questions_abstain_in_the_question_language(mini_engine, question: str, message: str) -> None:
    answer = mini_engine.ask(question)
    assert answer.abstained and answer.answer == message
    assert answer.citations == [] and answer.passages, "passages are still shown for the reviewer"
    _check_contract(answer.to_dict())


def test_passages_are_top_k_best_first(mini_engine) -> None:
    answer = mini_engine.ask("育儿假使用人数", k=3)
    scores = [p.score for p in answer.passages]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)


def test_a_repeated_number_lists_its_other_pages(tmp_path) -> None:
    from esgqa.api import Engine, ensure_index

    report = tmp_path / "r.txt"
    report.write_text("1概览\n员工志愿服务时长 8.8万小时。\f2公益\n2023财年员工志愿服务时长达到 8.8万小时，覆盖 30 个城市。",
                      encoding="utf-8")
    ensure_index(tmp_path / "idx", sources=[report])
    answer = Engine.open(tmp_path / "idx").ask("员工志愿服务时长是多少小时？")
    assert answer.value == "8.8万小时"
    assert set(answer.other_pages) | {answer.citations[0].page} == {1, 2}


def test_grounding_check_catches_a_number_missing_from_the_page() -> None:
    page = prepare("2023财年，运营净排放量为 468.1 万\n吨，同比降低12.9%。")
    assert is_grounded("运营净排放量为468.1万吨", page)
    assert is_grounded("同比降低12.9%", page)
    assert ungrounded_numbers("运营净排放量为486.1万吨，降低12.9%", page) == ["486.1万吨"]
    assert not is_grounded("同比降低 13.9%", page)


@pytest.mark.parametrize("question, message", [
    ("", "empty"), ("   ", "empty"), ("？？！！。。", "only punctuation"), ("问" * 2000, "too long"),
])
def test_bad_questions_are_usage_errors(mini_engine, question: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        mini_engine.ask(question)
