"""English word lists, in one place: the words that make a figure, the words a search ignores.

The figure grammar (`esgqa.numbers`, `esgqa.facts.context`), the English analyzer (`esgqa.query.terms`) and the
report's identity (`esgqa.facts.entity`) read these lists; none keeps its own copy. Chinese counterparts live
beside the code that reads them (`esgqa.numbers.UNITS`, `esgqa.query.terms.STOPWORDS`).
"""

from __future__ import annotations

# Currencies: written form -> ISO code; the code's base unit is the Chinese name the Chinese grammar uses, so
# "$7.32 billion" and "73.2亿美元" compare. "¥" is read as yuan (these are Chinese companies' reports).
CURRENCY_SIGNS = {"US$": "USD", "HK$": "HKD", "A$": "AUD", "C$": "CAD", "S$": "SGD", "$": "USD", "€": "EUR",
                  "£": "GBP", "¥": "CNY", "￥": "CNY"}
CURRENCY_CODES = {"USD": "USD", "EUR": "EUR", "GBP": "GBP", "RMB": "CNY", "CNY": "CNY", "HKD": "HKD",
                  "JPY": "JPY", "AUD": "AUD", "CAD": "CAD", "SGD": "SGD", "CHF": "CHF"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
                  "yuan": "CNY", "renminbi": "CNY"}
CURRENCY_BASE = {"USD": "美元", "EUR": "欧元", "GBP": "英镑", "CNY": "元", "HKD": "港元", "JPY": "日元",
                 "AUD": "澳元", "CAD": "加元", "SGD": "新元", "CHF": "瑞士法郎"}

# Scale words and abbreviations -> factor. "m" and "b" stand for million and billion only after a currency
# ("£5m", "$1.2b"); elsewhere "m" is metres.
SCALE_WORDS = {"thousand": "1000", "million": "1000000", "billion": "1000000000", "trillion": "1000000000000",
               "thousands": "1000", "millions": "1000000", "billions": "1000000000",
               "k": "1000", "K": "1000", "M": "1000000", "MM": "1000000", "mn": "1000000", "mln": "1000000",
               "bn": "1000000000", "B": "1000000000", "tn": "1000000000000"}
CURRENCY_ONLY_SCALES = {"m": "1000000", "b": "1000000000"}

# Units of English reports -> (base unit, factor). Base units are the Chinese grammar's, so figures compare
# across languages; "tons" is the writer's ton (not converted), "short tons" are converted.
UNITS_EN: dict[str, tuple[str, str]] = {
    "%": ("%", "1"), "percent": ("%", "1"), "per cent": ("%", "1"), "pct": ("%", "1"),
    "percentage points": ("百分点", "1"), "percentage point": ("百分点", "1"), "pp": ("百分点", "1"),
    "p.p.": ("百分点", "1"), "ppts": ("百分点", "1"),
    "basis points": ("百分点", "0.01"), "basis point": ("百分点", "0.01"), "bps": ("百分点", "0.01"),
    "bp": ("百分点", "0.01"),
    "x": ("倍", "1"), "times": ("倍", "1"),
    "tCO2e": ("吨", "1"), "tCO2": ("吨", "1"), "t CO2e": ("吨", "1"), "t CO2": ("吨", "1"),
    "MtCO2e": ("吨", "1000000"), "ktCO2e": ("吨", "1000"),
    "mt CO2e": ("吨", "1"), "MT CO2e": ("吨", "1"), "mtCO2e": ("吨", "1"),
    "metric tons of CO2e": ("吨", "1"), "metric tons CO2e": ("吨", "1"), "metric tons": ("吨", "1"),
    "metric ton": ("吨", "1"), "metric tonnes": ("吨", "1"), "metric tonne": ("吨", "1"),
    "tonnes of CO2e": ("吨", "1"), "tonnes CO2e": ("吨", "1"),
    "tonnes of CO2 equivalent": ("吨", "1"), "tonnes": ("吨", "1"), "tonne": ("吨", "1"),
    "tons of CO2e": ("吨", "1"), "tons CO2e": ("吨", "1"), "short tons": ("吨", "0.90718474"),
    "tons": ("吨", "1"), "ton": ("吨", "1"), "mt": ("吨", "1"), "MT": ("吨", "1"), "kt": ("吨", "1000"),
    "Mt": ("吨", "1000000"), "t": ("吨", "1"), "kg": ("吨", "0.001"),
    "kWh": ("千瓦时", "1"), "MWh": ("千瓦时", "1000"), "GWh": ("千瓦时", "1000000"), "TWh": ("千瓦时", "1000000000"),
    "GJ": ("GJ", "1"), "MJ": ("GJ", "0.001"), "TJ": ("GJ", "1000"), "PJ": ("GJ", "1000000"),
    "kW": ("瓦", "1000"), "MW": ("瓦", "1000000"), "GW": ("瓦", "1000000000"),
    "m³": ("立方米", "1"), "m3": ("立方米", "1"), "cubic metres": ("立方米", "1"), "cubic meters": ("立方米", "1"),
    "megalitres": ("立方米", "1000"), "megaliters": ("立方米", "1000"), "ML": ("立方米", "1000"),
    "litres": ("立方米", "0.001"), "liters": ("立方米", "0.001"), "gallons": ("立方米", "0.003785411784"),
    "km": ("米", "1000"), "kilometres": ("米", "1000"), "kilometers": ("米", "1000"),
    "hectares": ("平方米", "10000"), "ha": ("平方米", "10000"), "m²": ("平方米", "1"), "m2": ("平方米", "1"),
    "hours": ("小时", "1"), "hrs": ("小时", "1"),
}

# Approximations and bounds before a figure (lower-case, single spaces) and after it.
QUALIFIERS_BEFORE_EN = {
    "approximately": "approx", "approx.": "approx", "approx": "approx", "about": "approx", "around": "approx",
    "roughly": "approx", "nearly": "approx", "almost": "approx", "close to": "approx", "circa": "approx",
    "some": "approx", "~": "approx", "c.": "approx", "an estimated": "approx", "estimated": "approx",
    "over": "lower", "more than": "lower", "above": "lower", "exceeding": "lower", "in excess of": "lower",
    "at least": "lower", "upwards of": "lower", "greater than": "lower", ">": "lower", "≥": "lower",
    "up to": "upper", "less than": "upper", "under": "upper", "below": "upper", "fewer than": "upper",
    "at most": "upper", "no more than": "upper", "not exceeding": "upper", "<": "upper", "≤": "upper",
}
QUALIFIERS_AFTER_EN = {"or more": "lower", "plus": "lower", "or less": "upper", "or fewer": "upper"}

MONTHS = {name: i + 1 for i, name in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9

# Words before a number that make it an identifier, not a figure: "Scope 3", "Note 12", "Item 7", "SDG 13".
ORDINAL_WORDS_EN = ("scope", "category", "note", "notes", "item", "items", "section", "rule", "part", "sdg",
                    "sdgs", "goal", "figure", "fig", "table", "page", "pages", "level", "tier", "phase", "no",
                    "number", "exhibit", "article", "principle", "chapter", "appendix", "step", "grade", "class",
                    "round", "version", "stage", "pillar", "schedule", "form", "room", "suite", "unit", "box")

# Stop words of the English analyzer: function words and question framing that no passage is found by.
STOPWORDS_EN = frozenset(
    "a an the of in on for to and or nor but is are was were be been being am do does did doing done have has "
    "had having what which who whom whose when where why how many much that this these those it its it's they "
    "them their theirs there here he she his her him we our ours us you your i me my by with as at from into "
    "onto over under about above below than then so such not no yes if else also too very can could would "
    "should will shall may might must just only any all each every some other both either neither own same "
    "per via s t".split())

# Legal suffixes of company names, and words that are not a company's name on a report's cover.
COMPANY_SUFFIXES_EN = ("Corporation", "Corp.", "Corp", "Incorporated", "Inc.", "Inc", "Limited", "Ltd.", "Ltd",
                       "plc", "PLC", "LLC", "L.L.C.", "Holdings", "Group", "S.A.", "SA", "AG", "N.V.", "NV",
                       "SE", "Co.", "Company")
NOT_COMPANY_WORDS_EN = frozenset(
    "the annual report sustainability esg csr environmental social governance form united states securities "
    "and exchange commission of for our we this a an in on to by with table contents notes note consolidated "
    "financial statements subsidiaries independent registered public accounting firm board directors "
    "audit committee".split())

__all__ = ["COMPANY_SUFFIXES_EN", "CURRENCY_BASE", "CURRENCY_CODES", "CURRENCY_ONLY_SCALES", "CURRENCY_SIGNS",
           "CURRENCY_WORDS", "MONTHS", "NOT_COMPANY_WORDS_EN", "ORDINAL_WORDS_EN", "QUALIFIERS_AFTER_EN",
           "QUALIFIERS_BEFORE_EN", "SCALE_WORDS", "STOPWORDS_EN", "UNITS_EN"]
