"""The bilingual glossary maps to the report's own words: a Chinese term the report never uses only adds noise."""

from esgqa.query.glossary import load_glossary
from esgqa.query.terms import prepare
from tests.conftest import BUNDLED


def test_every_esg_term_occurs_in_the_bundled_report() -> None:
    """The ESG glossary was written against the bundled report: none of its Chinese terms is noise there."""
    from importlib import resources

    text = prepare(BUNDLED.read_text(encoding="utf-8"))
    rows = resources.files("esgqa.data").joinpath("glossary_en_zh.tsv").read_text(encoding="utf-8").splitlines()
    terms = {t.strip() for row in rows if "\t" in row and not row.startswith("#") for t in row.split("\t")[1].split("|")}
    assert sorted(t for t in terms if t and t.lower() not in text) == []


def test_the_glossaries_are_well_formed_and_translate_annual_report_terms() -> None:
    from esgqa.query.glossary import expand

    glossary = load_glossary()
    assert all(key and all(k == k.lower() for k in key) for key in glossary)
    assert all(terms and all(t.strip() == t for t in terms) for terms in glossary.values())
    assert "资产总计" in expand("What were the consolidated total assets at the end of 2019?")
    assert "营业成本" in expand("What was the cost of sales?")
