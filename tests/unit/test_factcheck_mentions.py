"""Mentions: qualifier, period, change or level, metric label and callouts, on text shaped like the report's."""

from __future__ import annotations

from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.facts.prose import page_mentions
from esgqa.ingest.model import Document, Page, make_document


def doc(*pages: str) -> Document:
    return make_document("t", "t.txt", [Page(i + 1, text) for i, text in enumerate(pages)])


def mention(mentions: list[Fact], text: str, nth: int = 0) -> Fact:
    return [m for m in mentions if m.text == text][nth]


def test_qualifiers_before_inside_and_after() -> None:
    ms = page_mentions("t", 1, "员工来自超过 60 个国家；约 8,000 万次搜索；近 50,000 个服务站；20 多万卖家；"
                               "提升 20% 以上；逾 3 亿件物资。")
    kinds = {m.text: m.qualifier for m in ms}
    assert kinds == {"60个": "lower", "8,000万次": "approx", "50,000个": "approx", "20万": "lower",
                     "20%": "lower", "3亿件": "lower"}


def test_reversed_callout_qualifier() -> None:
    ms = page_mentions("t", 1, "阿里巴巴生态衍生的直接和间接就业机会超 7,000 万个\n\n7,000万个超\n")
    callout = next(m for m in ms if m.callout)
    assert callout.qualifier == "lower" and callout.label == ms[0].label


def test_periods_explicit_inherited_and_from_to() -> None:
    ms = document_facts(doc(
        "2023 财年，自建数据中心的整体平均 PUE（电力使用效率，数值越低越优），从\n"
        "2022 财年的 1.247 下降至 1.215，保持在亚洲领先水平。",
        "减碳量达 141.9 万吨，相比上一财年减碳量 62.0 万吨显著提升 128.9%。",
        "截至 2023 年 3 月 31 日 PUE 达到 1.19。2022 年，生态衍生的就业机会超 7,000 万。",
    ))
    assert mention(ms, "1.247").period_key == "previous"  # the year before the report's own
    assert mention(ms, "1.215").period_key == "current"
    assert mention(ms, "62.0万吨").period_key == "previous"  # 上一财年, resolved against the report's year
    assert mention(ms, "141.9万吨").period_key == "current"
    assert mention(ms, "128.9%").period_key == "current"  # a change is not of the compared-with period
    assert mention(ms, "1.19").period_key == "current"  # the report's as-of date
    assert mention(ms, "7,000万").period_key == "CY2022"


def test_unstated_from_period_is_the_period_before() -> None:
    ms = document_facts(doc("2023 财年，女性董事占比从 20% 提升到 30%。"))
    assert (mention(ms, "20%").period_key, mention(ms, "30%").period_key) == ("previous", "current")


def test_change_words_make_a_change_not_a_level() -> None:
    ms = page_mentions("t", 1, "运营净排放量为 468.1 万吨，同比降低 69.1 万吨，即减少 12.9%。"
                               "占比从 21.6% 突破性提升到 53.9%，同比增长 1.5 倍。")
    assert [m.change for m in ms] == ["", "down", "down", "", "", "up"]
    assert mention(ms, "12.9%").label == mention(ms, "468.1万吨").label == "运营净排放量"


def test_labels_name_subject_and_metric() -> None:
    ms = page_mentions("t", 1, "2023 财年，我们自建数据中心 PUE 降低至 1.215。49.1% 的员工为女性，41.9% 的管理人员为女性。"
                               "自身运营净排放量为 468.1 万吨。")
    assert mention(ms, "1.215").label == "自建数据中心PUE"
    assert mention(ms, "49.1%").label == "员工为女性"
    assert mention(ms, "41.9%").label == "管理人员为女性"
    assert mention(ms, "468.1万吨").label == "自身运营净排放量"


def test_enumerated_counts_keep_their_own_nouns() -> None:
    ms = page_mentions("t", 1, "过去几年，我们已累计派出 27 位“乡村振兴特派员”、超过 220 名“乡村振兴技术官”。")
    assert mention(ms, "27位").label == "派出乡村振兴特派员"
    assert mention(ms, "220名").label == "派出乡村振兴技术官"


def test_scope_tags() -> None:
    ms = page_mentions("t", 1, "直接温室气体净排放量（即范围 1）为 92.6 万吨。运营净排放量（即范围 1、2 之和）为 468.1 万吨。")
    assert mention(ms, "92.6万吨").tags == {"范围1"}
    assert mention(ms, "468.1万吨").tags == {"范围1", "范围2"}


def test_bare_callout_takes_the_caption_label_and_unit() -> None:
    ms = page_mentions("t", 1, "带动和赋能平台生态（范围 3+）\n共计减碳 2,290.7 万吨\n\n2,290.7\n")
    callout = next(m for m in ms if m.callout)
    assert callout.echo and callout.label == ms[0].label
    assert callout.quantity.base_value == ms[0].quantity.base_value and callout.family == "吨"


def test_mistyped_callout_still_finds_its_caption() -> None:
    ms = page_mentions("t", 1, "自建数据中心 PUE 从 2022 财年的\n1.247 降至 1.215，继续保持亚洲领先水平\n\n1.125\n")
    callout = next(m for m in ms if m.callout)
    assert "look-alike" in callout.notes and callout.label == mention(ms, "1.215").label


def test_spans_point_into_the_page_as_extracted() -> None:
    text = "净排放量为 468.1 万\n吨，同比降低 12.9%1。"
    ms = page_mentions("t", 1, text)
    assert [text[m.start : m.end] for m in ms] == ["468.1 万\n吨", "12.9%"]
