"""The mutation self-evaluation: plausible wrong values, planted in place, scored by page."""

from __future__ import annotations

import random

from esgqa.eval.mutation import Mutation, applicable, apply, mutate, population, restated, run_mutations, score
from esgqa.factcheck.check import run_check
from esgqa.facts.build import document_facts
from esgqa.ingest.model import Document, Page, make_document
from esgqa.ingest.normalize import normalize

PAGES = ("2023 财年，自建数据中心整体 PUE 降低至 1.215，较 2022 财年的 1.247 进一步下降。运营净排放量为 468.1 万\n吨。",
         "2023 财年，我们自建数据中心 PUE 降低至 1.215。自身运营净排放量为 468.1 万吨。",
         "自建数据中心 PUE\n\n1.215\n\n员工中 30% 为女性。",
         "我们保护至少 30% 的陆地。")


def report() -> Document:
    return make_document("t", "t.txt", [Page(i + 1, text) for i, text in enumerate(PAGES)])


def test_population_is_the_occurrences_of_multi_page_numbers() -> None:
    texts = sorted({m.text for m in population(report())})
    assert texts == ["1.215", "30%", "468.1万吨"]


def test_restated_oracle_separates_repeated_metrics_from_coincidences() -> None:
    document = report()
    candidates = population(document)
    texts = {page.number: normalize(page.text).text for page in document.pages}
    pue = [m for m in candidates if m.text == "1.215"]
    thirty = [m for m in candidates if m.text == "30%"]
    assert [restated(texts, m, pue) for m in pue] == [True, True, False]  # a bare callout says nothing itself
    assert not any(restated(texts, m, thirty) for m in thirty)


def test_mutations_are_plausible_and_replace_only_the_number() -> None:
    document = report()
    target = next(m for m in document_facts(document) if m.text == "468.1万吨" and m.page == 1)
    seen = set()
    for seed in range(60):
        mutation = mutate(document, target, random.Random(seed), True)
        assert mutation is not None and mutation.original == "468.1 万\n吨" and mutation.replacement != "468.1 万\n吨"
        seen.add((mutation.kind, mutation.replacement))
    assert {kind for kind, _ in seen} == {"swap", "tenfold", "plusminus", "scale"}  # no bound on an exact figure
    assert ("scale", "468.1 亿\n吨") in seen and ("tenfold", "46.81 万\n吨") in seen


def test_a_changed_bound_is_a_mutation_of_its_own_kind() -> None:
    document = make_document("t", "t.txt", [Page(1, "平台上的中小企业超 2,300 万家。"), Page(2, "中小企业超 2,300 万家。")])
    target = next(m for m in document_facts(document) if m.page == 1)
    mutation = mutate(document, target, random.Random(0), True, kind="bound")
    assert mutation is not None and mutation.replacement in ("2,369 万家", "2,231 万家")


def test_a_planted_slip_is_detected_on_its_page() -> None:
    document = report()
    target = next(m for m in document_facts(document) if m.text == "1.215" and m.page == 2)
    mutation = Mutation(2, target.start, target.end, "1.215", "1.125", "swap", "1.215", restated=True)
    mutated = apply(document, mutation)
    assert "1.125" in mutated.page(2).text and mutated.page(1).text == document.page(1).text
    outcome = score(run_check([mutated]), mutation)
    assert outcome.detected and outcome.exact and outcome.other_findings == 0
    assert not score(run_check([document]), mutation).detected


def test_run_mutations_reports_recall_per_kind_and_source() -> None:
    result = run_mutations(report(), n=6, seed=0)
    assert result["n"] == len(result["mutations"]) >= 1
    assert 0.0 <= result["recall"] <= 1.0 and set(result["by_kind"]) <= {"swap", "tenfold", "plusminus", "scale",
                                                                          "bound"}
    assert set(result["by_source"]) == {"prose"}
    assert result["unmodified"]["findings_by_kind"].get("contradiction", 0) == 0


def test_a_zero_figure_has_no_scale_or_decimal_point_to_move() -> None:
    document = make_document("t", "t.txt", [Page(1, "其中前五名客户销售额中关联方销售额 0 万元。")])
    [zero] = [m for m in document_facts(document) if m.quantity.value == 0 and m.quantity.unit]
    assert not applicable("scale", zero) and not applicable("tenfold", zero) and applicable("plusminus", zero)
