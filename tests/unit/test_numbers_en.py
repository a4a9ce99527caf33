"""English figures in the one figure model: currencies, scales, units, bounds, ranges, negatives, periods."""

from __future__ import annotations

import pytest

from esgqa.facts.context import change_kind, find_periods, qualifier
from esgqa.facts.prose import page_mentions
from esgqa.numbers import find_quantities, parse_quantity, same_quantity
from esgqa.numbers_en import header_scale


def read(text: str) -> list[tuple[str, float, str]]:
    return [(q.raw, q.base_value, q.base_unit) for q in find_quantities(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The plant cost $40 million to build.", [("$40 million", 4e7, "美元")]),
    ("Sales reached US$2.1 billion.", [("US$2.1 billion", 2.1e9, "美元")]),
    ("A grant of €3.5 million was paid.", [("€3.5 million", 3.5e6, "欧元")]),
    ("The fund holds £12m in bonds.", [("£12m", 1.2e7, "英镑")]),
    ("Capital spending was RMB 800 million.", [("RMB 800 million", 8e8, "元")]),
    ("They donated 250,000 USD.", [("250,000 USD", 2.5e5, "美元")]),
    ("Backlog stood at 2,410M.", [("2,410M", 2.41e9, "")]),
    ("Orders of 3.4bn and 120k units.", [("3.4bn", 3.4e9, ""), ("120k", 1.2e5, "")]),
    ("A budget of 7 MM dollars.", [("7 MM dollars", 7e6, "美元")]),
])
def test_currencies_and_scale_words(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Our fleet emitted 41.2 tCO2e.", [("41.2 tCO2e", 41.2, "吨")]),
    ("Value-chain emissions were 12.5 M mt CO2e.", [("12.5 M mt CO2e", 1.25e7, "吨")]),
    ("Waste fell to 830 tonnes and 900 tons.", [("830 tonnes", 830.0, "吨"), ("900 tons", 900.0, "吨")]),
    ("Shipments of 10 short tons.", [("10 short tons", 9.0718474, "吨")]),
    ("We bought 4,500 MWh of power.", [("4,500 MWh", 4.5e6, "千瓦时")]),
    ("Fuel use was 820 GJ.", [("820 GJ", 820.0, "GJ")]),
    ("Water drawn: 6,300 m³.", [("6,300 m³", 6300.0, "立方米")]),
    ("Margin widened by 40 bps.", [("40 bps", 0.4, "百分点")]),
    ("Share rose 2.5 percentage points.", [("2.5 percentage points", 2.5, "百分点")]),
    ("Leverage was 1.8x.", [("1.8x", 1.8, "倍")]),
    ("Turnover was 12 percent.", [("12 percent", 12.0, "%")]),
])
def test_units_of_esg_reporting(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert read(text) == expected


def test_negative_amounts_in_statement_parentheses() -> None:
    assert read("Other income (expense)  4,120  (1,305)  $(22.4)") == [
        ("4,120", 4120.0, ""), ("(1,305)", -1305.0, ""), ("$(22.4)", -22.4, "美元")]
    assert read("see note (2) on page 7") == []  # a note reference is no negative amount


def test_ranges_share_their_scale_and_unit() -> None:
    assert read("an investment of $3-4 million") == [("$3", 3e6, "美元"), ("4 million", 4e6, "美元")]
    assert read("between 20 and 30 tonnes") == [("20", 20.0, "吨"), ("30 tonnes", 30.0, "吨")]
    assert read("10 to 15%") == [("10", 10.0, "%"), ("15%", 15.0, "%")]


def test_identifiers_and_dates_are_no_figures() -> None:
    assert read("Scope 3 and Scopes 1, 2 and 3, Note 14, Item 7, SDG 13 on June 30, 2021 or 1 April") == []
    assert read("Form 10-K, COP26, 24th place") == []


def test_parse_and_compare_english_answers() -> None:
    def same(a: str, b: str) -> bool:
        left, right = parse_quantity(a), parse_quantity(b)
        assert left is not None and right is not None
        return same_quantity(left, right)

    assert same("$7,320,104 thousand", "$7.32 billion")
    assert same("$1.5 billion", "1,500 million USD")
    assert same("95.7 M mt CO2e", "95,700,000 tonnes")
    assert same("£13,104,995.31", "£13.1 million")
    assert same("approximately $638 million", "$638 million")
    assert same("$7.32 billion", "73.2亿美元")  # the same figure written in Chinese
    assert not same("$7.32 billion", "€7.32 billion")
    assert not same("$7.4 billion", "$7.32 billion")


def test_table_headers_state_scale_and_currency() -> None:
    assert header_scale("(in thousands, except per share amounts)") == ("thousand", "")
    assert header_scale("($ millions)") == ("million", "USD")
    assert header_scale("In millions of euros") == ("million", "EUR")
    assert header_scale("Revenue by segment") == ("", "")


def test_approximations_and_bounds() -> None:
    assert qualifier("sold in nearly ", "120", " markets") == ("approx", "nearly")
    assert qualifier("present in over ", "40", " countries") == ("lower", "over")
    assert qualifier("a saving of up to ", "15%", "") == ("upper", "up to")
    assert qualifier("", "500", " or more sites") == ("lower", "or more")
    assert qualifier("about $", "$9 million", "") == ("approx", "about")


def test_changes_and_levels() -> None:
    assert change_kind("energy use decreased by ") == "down"
    assert change_kind("headcount rose ") == "up"
    assert change_kind("the rate increased to ") == ""


@pytest.mark.parametrize(("text", "key"), [
    ("FY2024", "FY2024"), ("in fiscal 2021", "FY2021"), ("FY22 results", "FY2022"),
    ("for the year ended December 31, 2020", "CY2020"), ("for the year ended June 30, 2020", "FY2020"),
    ("as of September 30, 2021", "AS2021-09-30"), ("as at 31 March 2022", "AS2022-03-31"),
    ("Q2 2021", "CY2021-Q2"), ("the fourth quarter of 2020", "CY2020-Q4"), ("against a 2018 baseline", "CY2018"),
    ("sales in 2020 grew", "CY2020"),
])
def test_english_periods(text: str, key: str) -> None:
    assert [p.key for p in find_periods(text)] == [key]


def test_a_target_by_a_year_is_a_target() -> None:
    mentions = page_mentions("d", 1, "We will cut water use by 25% by 2030 against a 2019 baseline.")
    assert [(m.quantity.base_value, m.period_raw) for m in mentions] == [(25.0, "TARGET")]
    mentions = page_mentions("d", 1, "In 2022 we recycled approximately 1,200 tonnes of steel.")
    assert [(m.quantity.base_value, m.qualifier, m.period_raw) for m in mentions] == [(1200.0, "approx", "CY2022")]
