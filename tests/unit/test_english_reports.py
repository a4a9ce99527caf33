"""English reports: their own identity and period, an English-aware lexical side, and a bridge for Chinese
questions. Texts are written for the tests."""

from __future__ import annotations

from esgqa.facts.entity import detect_entity
from esgqa.facts.period import report_period
from esgqa.query.bridge import bridge_groups
from esgqa.query.scope import pick_reports
from esgqa.query.terms import tokenize
from esgqa.query.vocabulary import Vocabulary

TEN_K = """UNITED STATES SECURITIES AND EXCHANGE COMMISSION
FORM 10-K
For the fiscal year ended December 31, 2021
NORTHWIND MINERALS CORPORATION
(Exact name of registrant as specified in its charter)"""
TEN_K_BODY = """Unless the context otherwise indicates, the terms "Northwind," "we," "us," "our" or "the Company" mean
Northwind Minerals Corporation and its consolidated subsidiaries. Northwind Minerals Corporation was founded in 1950."""
SUSTAINABILITY = """Harbor Pumps Group Sustainability Report 2022
Harbor Pumps Group designs seals. Harbor Pumps Group employs 900 people.
HPX® is our main brand. Harbor Pumps Ltd is a subsidiary."""


def test_identity_from_the_definitions() -> None:
    entity = detect_entity([TEN_K, TEN_K_BODY], "Northwind 2021 Form 10-K", "northwind_2021_10k.pdf")
    assert entity.name == "Northwind Minerals Corporation"
    assert {"Northwind Minerals", "Northwind"} <= set(entity.aliases)
    assert "form" not in entity.aliases and "corporation" not in entity.aliases


def test_identity_from_the_most_stated_name_and_its_acronym() -> None:
    entity = detect_entity(["ABC Engineering Group Sustainability Report 2022\nABC Engineering Group is a maker."
                            "\nABC Engineering Group serves 40 countries."])
    assert entity.name == "ABC Engineering Group"
    assert {"ABC Engineering", "ABC"} <= set(entity.aliases)
    assert detect_entity([SUSTAINABILITY]).name == "Harbor Pumps Group"


def test_period_from_the_cover() -> None:
    assert report_period(["Cover page of a reseller, Annual Report 2023", "", TEN_K]).key == "CY2021"
    assert report_period([SUSTAINABILITY]).key == "CY2022"
    june = report_period(["FORM 10-K\nFor the fiscal year ended June 30, 2023"])
    assert (june.year, june.fiscal) == (2023, True)
    assert report_period(["FY2024 ESG Report"]).key == "FY2024"


def test_a_shelf_keeps_a_question_to_the_company_it_names() -> None:
    northwind = detect_entity([TEN_K, TEN_K_BODY], "Northwind 2021 Form 10-K").to_dict()
    harbor = detect_entity([SUSTAINABILITY]).to_dict()
    shelf = [{"doc_id": "n21", "entity": northwind, "period": {"year": 2021}},
             {"doc_id": "h22", "entity": harbor, "period": {"year": 2022}}]
    scope = pick_reports("What was Northwind's lithium revenue?", shelf)
    assert scope is not None and scope.doc_ids == {"n21"}
    scope = pick_reports("How many people does Harbor Pumps employ?", shelf)
    assert scope is not None and scope.doc_ids == {"h22"}
    assert pick_reports("What was the revenue?", shelf) is None


def test_english_text_is_stemmed_and_stop_words_dropped() -> None:
    assert tokenize("The emissions of the plants were 2,290.7 tonnes") == ["emiss", "plant", "2290.7", "tonn"]
    assert tokenize("emission per plant") == ["emiss", "plant"]
    assert "emiss" in tokenize("阿里巴巴的 emissions 总量")  # a Latin word in Chinese text: the same form


def _vocabulary(terms: dict[str, int]) -> Vocabulary:
    import numpy as np

    return Vocabulary(terms, 100, lambda term: np.zeros(0, dtype=np.int64))


def test_vocabulary_looks_latin_words_up_in_their_index_form() -> None:
    vocabulary = _vocabulary({"emiss": 4, "plant": 2})
    assert vocabulary.df("emissions") == 4 and vocabulary.df("emiss") == 4 and vocabulary.df("排放") == 0
    assert vocabulary.english
    assert not _vocabulary({"排放": 3, "员工": 2, "pue": 1}).english


def test_chinese_question_bridges_to_the_words_of_an_english_report() -> None:
    vocabulary = _vocabulary({"greenhous": 3, "gas": 5, "emiss": 9, "femal": 2, "employe": 7, "factori": 1})
    groups = bridge_groups("温室气体排放总量是多少？", [], vocabulary)
    assert any("greenhous" in group for group in groups)
    assert all(term.isascii() for group in groups for term in group)
    assert any("factori" in group for group in bridge_groups("工厂有几个？", [], vocabulary))
    chinese = _vocabulary({"温室": 2, "气体": 2, "排放": 3})
    assert bridge_groups("温室气体排放总量是多少？", [], chinese) == []  # the report's own words need no bridge
