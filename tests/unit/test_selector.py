"""Which number answers: the per-number measurements, the kind check and the abstention rule built on it."""

from __future__ import annotations

import pytest

from esgqa.numbers import find_quantities
from esgqa.qa.abstain import AbstentionRules, abstention_reason
from esgqa.qa.answer import candidate_sentences
from esgqa.qa.question import kind_mismatch, profile
from esgqa.qa.selector import NUMBER_FEATURES, SentenceContext, number_features


def _features(sentence: str, question: str, retriever, which: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    asked = profile(question, retriever)
    quantities = [q for q in find_quantities(sentence) if q.unit or "." in q.raw]
    context = SentenceContext(sentence, sentence, 0.5, 0.5, 0.0, 1.0, True)
    quantity = quantities[which]
    values = number_features(context, quantity, asked, first_in_clause=which == 0,
                             previous_end=quantities[which - 1].end if which else 0,
                             next_start=quantities[which + 1].start if which + 1 < len(quantities) else None)
    return dict(zip(NUMBER_FEATURES, values, strict=True))


def test_the_words_around_a_number_stop_at_its_clause_and_its_neighbours(mini_engine) -> None:
    sentence = "示例集团共有员工12,345名，其中女性员工占比47.2%。"
    first = _features(sentence, "女性员工占比是多少？", mini_engine.retriever, 0)
    second = _features(sentence, "女性员工占比是多少？", mini_engine.retriever, 1)
    # "其中女性员工占比" sits before 47.2% and belongs to it; the first number's clause ends at the comma
    assert second["before_cover"] == pytest.approx(1.0)
    assert first["after_cover"] == 0.0
    assert first["before_cover"] < 0.5


@pytest.mark.parametrize("question, raw, expected", [
    ("自研芯片部署了多少颗？", "30%", True),  # a count of chips answered in percent
    ("一共服务了多少名听障人士？", "80多个", True),  # 名 counts people, 个 does not
    ("一共服务了多少名听障人士？", "5,732人", False),  # 人 and 名 count the same people
    ("有多少个园区获得认证？", "13.1万平方米", True),  # 个 counts anything but not an area
    ("有多少个园区获得认证？", "12个", False),
    ("How many paying customers does the app have?", "1,175.8万吨", True),
    ("How many paying customers does the app have?", "2,300万", False),  # a bare figure can be a count
    ("How many tonnes of CO2 were avoided?", "36.3万吨", False),  # the unit was named: tonnes are asked
    ("清洁电力使用比例是多少？", "38.5万吨", False),  # no explicit measure word: not judged here
    ("How many times has the map been used?", "121种", True),  # English names the unit after "how many"
    ("How many tonnes of supplies were moved?", "15个", True),
    ("How many wheelchair users used the feature?", "90万次", True),  # users are people, not uses
    ("How many wheelchair users used the feature?", "1.2万人次", False),
    ("有多少人参与了培训？", "9,800人次", False),  # person-times answer a question about people
])
def test_kind_mismatch_only_for_explicit_asks(mini_engine, question: str, raw: str, expected: bool) -> None:
    quantity = find_quantities(raw)[0]
    assert kind_mismatch(quantity, profile(question, mini_engine.retriever)) is expected


def test_the_question_s_own_number_is_recognised_with_its_unit(mini_engine) -> None:
    asked = profile("超过220名技术官被派往了多少个县域？", mini_engine.retriever)
    assert 220.0 in asked.number_values
    sentence = "共计超220名技术官分赴12个县域开展志愿服务。"
    assert _features(sentence, asked.text, mini_engine.retriever, 0)["own_number"] == 1.0
    assert _features(sentence, asked.text, mini_engine.retriever, 1)["own_number"] == 0.0


def test_candidates_are_ranked_by_the_number_model(mini_engine) -> None:
    question = "女性员工占比是多少？"
    hits = mini_engine.retriever.search(question, k=8)
    asked = profile(question, mini_engine.retriever)
    candidates = candidate_sentences(hits, asked, mini_engine.retriever, mini_engine.answer_params)
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)
    best = candidates[0]
    assert best.value is not None and best.value.raw == "47.2%"
    assert best.features is not None
    assert best.score == pytest.approx(mini_engine.answer_params.ranker.score(NUMBER_FEATURES, best.features))
    assert [p[2] for p in best.pairs] == sorted((p[2] for p in best.pairs), reverse=True)


def test_a_figure_of_the_wrong_kind_abstains_with_that_reason() -> None:
    features = {"support": 0.9, "wants_number": 1.0, "has_value": 1.0, "period_ok": 1.0, "kind_mismatch": 1.0}
    assert abstention_reason(features, AbstentionRules()) == "the report states no figure of the kind asked for"
    assert abstention_reason(features, AbstentionRules(require_kind=False)) is None


def test_answer_reports_the_kind_check_and_abstains_on_it(mini_engine) -> None:
    answer = mini_engine.ask("示例公益基金会一共捐赠了多少台电脑？")
    assert answer.abstained
    assert answer.features["kind_mismatch"] == 1.0
    assert answer.abstain_reason == "the report states no figure of the kind asked for"


def test_neighbouring_numbers_split_the_words_between_them(mini_engine) -> None:
    sentence = "平台已有409个品牌的共计191万个低碳友好商品。"
    brands = _features(sentence, "有多少个品牌？", mini_engine.retriever, 0)
    goods = _features(sentence, "有多少个品牌？", mini_engine.retriever, 1)
    assert brands["after_cover"] == pytest.approx(1.0)  # "品牌的共计" follows 409个 up to the next number
    assert goods["after_cover"] < 0.5  # "低碳友好商品" follows 191万个 (half credit for the shared 品 only)
    assert brands["first_in_clause"] == 1.0 and goods["first_in_clause"] == 0.0


def test_english_concepts_count_once_whichever_synonym_the_report_uses(mini_engine) -> None:
    from esgqa.qa.question import coverage

    asked = profile("What share of employees are women?", mini_engine.retriever)
    share = next(terms for terms, _ in asked.concepts if "比例" in terms)
    assert {"占", "比"} <= set(share)  # 占比 and 比例 translate the one word "share"
    for text in ("女性员工占比", "女性员工比例"):
        assert coverage(text, asked) == pytest.approx(1.0)
        assert coverage(text, asked, by_concept=False) < 0.9  # per term, the unused synonym counts as missing
    assert coverage("员工", asked) < 0.5
    assert profile("女性员工占比是多少？", mini_engine.retriever).concepts == []  # Chinese: per term as before
