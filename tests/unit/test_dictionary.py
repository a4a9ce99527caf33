"""English words the glossary lacks: looked up in the cedict word list, kept only as the report uses them."""

from __future__ import annotations

import pytest

from esgqa.query import dictionary
from esgqa.query.dictionary import load_dictionary, renderings, translate_word


def test_the_word_list_ships_with_the_package() -> None:
    entries = load_dictionary()
    assert len(entries) > 100_000
    assert "医院" in renderings("hospital")


@pytest.mark.parametrize("word, base_rendering", [
    ("hospitals", "医院"),  # plural
    ("villages", "乡村"),
])
def test_inflected_forms_reach_their_headword(word: str, base_rendering: str) -> None:
    assert base_rendering in renderings(word)


def test_an_entry_that_only_names_its_base_word_resolves_to_it() -> None:
    assert load_dictionary()["held"].find("hold的过去式") >= 0
    assert renderings("held")[:3] == renderings("hold")[:3] != []


def test_only_renderings_the_report_uses_are_kept() -> None:
    assert translate_word("hospital", lambda term: term == "医院") == ["医院"]
    assert translate_word("hospital", lambda term: False) == []


def test_context_picks_among_senses_and_refuses_when_nothing_co_occurs() -> None:
    in_report = {"待遇", "治疗", "处理"}.__contains__
    together = {"待遇": 0, "治疗": 3, "处理": 1}.get
    assert translate_word("treatment", in_report, lambda t: together(t, 0)) == ["治疗"]
    assert translate_word("treatment", in_report, lambda t: 0) == []


def test_a_missing_package_degrades_to_no_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(_: str) -> None:
        raise ModuleNotFoundError("cedict")

    load_dictionary.cache_clear()
    dictionary._entry.cache_clear()
    monkeypatch.setattr(dictionary.resources, "files", missing)
    try:
        assert load_dictionary() == {}
        assert translate_word("hospital", lambda term: True) == []
    finally:
        monkeypatch.undo()
        load_dictionary.cache_clear()
        dictionary._entry.cache_clear()


def test_english_questions_gain_the_report_s_word_for_an_unglossed_word(mini_engine) -> None:
    from esgqa.query.glossary import expand_with_sources

    question = "What welfare does the company offer employees?"
    assert "welfare" not in expand_with_sources(question)[0]  # not a glossary word
    plan = mini_engine.retriever.plan(question)
    assert "福利" in plan.expansions and "welfare" in plan.translated
