"""Every number in an answer must appear on the page it cites.

An extractive answer quotes the page, so this should always hold; the check guards against a bug in
sentence assembly (quoting one page and citing another) ever reaching a reviewer.
"""

from __future__ import annotations

from esgqa.numbers import find_quantities, same_quantity
from esgqa.query.terms import prepare


def ungrounded_numbers(text: str, prepared_page: str) -> list[str]:
    """The numbers in `text` that do not occur (same value and unit) on the page.

    `prepared_page` is the page in search form (`tokenize.prepare`), as the index stores it.
    """
    on_page = find_quantities(prepared_page)
    missing: list[str] = []
    for quantity in find_quantities(prepare(text)):
        if not any(same_quantity(quantity, other) for other in on_page):
            missing.append(quantity.raw)
    return missing


def is_grounded(text: str, prepared_page: str) -> bool:
    return not ungrounded_numbers(text, prepared_page)
