"""The bilingual glossary maps to the report's own words: a Chinese term the report never uses only adds noise."""

from esgqa.query.glossary import load_glossary
from esgqa.query.terms import prepare
from tests.conftest import BUNDLED


def test_every_chinese_term_occurs_in_the_bundled_report() -> None:
    text = prepare(BUNDLED.read_text(encoding="utf-8"))
    missing = sorted({term for terms in load_glossary().values() for term in terms if term.lower() not in text})
    assert missing == []
