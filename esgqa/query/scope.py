"""Which reports of a shelf a question is about, from the company and the year it names.

A report's company (its entity's name and aliases) and its period are read from the report when it is indexed
(`esgqa.index.builder.report_metadata`, kept in the manifest). A question that names some reports' company, or
a year that is some reports' own period, is kept to those reports; one that names none of them, or all of them,
searches every report, so a shelf of one company's reports is narrowed by the year alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from esgqa.facts.context import find_periods
from esgqa.ingest.normalize import normalize

_BARE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.%])")
_LATIN = re.compile(r"[A-Za-z]")
_RUN = re.compile(r"[\u4e00-\u9fff]*?(?=[和与及或、的，,。？?！!\s在是对]|$)")
_SUFFIXES = ("集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "公司", "集团")


@dataclass(frozen=True)
class Scope:
    doc_ids: frozenset[str]
    because: str  # "the question names 四方科技 and 2019"

    def to_dict(self) -> dict[str, object]:
        return {"doc_ids": sorted(self.doc_ids), "because": self.because}


def question_years(question: str) -> set[int]:
    """The years a question names: "2019年", "FY2023", "2023财年", and a bare "in 2019"."""
    text = normalize(question).text
    years = {int(m.group(1)) for m in _BARE_YEAR.finditer(text)}
    for period in find_periods(text):
        found = re.search(r"(?:19|20)\d{2}", period.key)
        if found:
            years.add(int(found.group()))
    return years


def _names(entry: Mapping[str, object]) -> list[str]:
    entity = entry.get("entity")
    if not isinstance(entity, Mapping):
        return []
    names = [str(entity.get("name") or "")] + [str(a) for a in entity.get("aliases") or []]
    # a Latin alias is a word of at least three letters; a Chinese one at least two characters
    return [n for n in dict.fromkeys(names) if len(n) >= (3 if _LATIN.search(n) else 2)]


def _names_in(question: str, entry: Mapping[str, object]) -> str | None:
    lowered = question.lower()
    for name in sorted(_names(entry), key=len, reverse=True):
        if _LATIN.search(name):
            if re.search(rf"(?<![a-z]){re.escape(name.lower())}(?![a-z])", lowered):
                return name
        elif any(not _inside_other_name(question, m.end()) for m in re.finditer(re.escape(name), question)):
            return name
    return None


def _inside_other_name(question: str, end: int) -> bool:
    """A short name that begins another company's name ("示例" of "示例物流公司") does not name this report:
    the words after it run on to a legal suffix ("集团" right after it is this company's own)."""
    run = _RUN.match(question, end)
    rest = run.group() if run else ""
    return rest.endswith(_SUFFIXES) and rest not in _SUFFIXES


def _year(entry: Mapping[str, object]) -> int | None:
    period = entry.get("period")
    year = period.get("year") if isinstance(period, Mapping) else None
    return int(year) if isinstance(year, int) else None


def pick_reports(question: str, documents: Sequence[Mapping[str, object]]) -> Scope | None:
    """The reports the question names by company and year, or None when it does not single any out."""
    if len(documents) < 2:
        return None
    pool = list(documents)
    reasons: list[str] = []
    named = {str(d["doc_id"]): n for d in pool if (n := _names_in(question, d)) is not None}
    if named and len(named) < len(pool):
        pool = [d for d in pool if str(d["doc_id"]) in named]
        reasons.append(" / ".join(dict.fromkeys(named.values())))
    years = question_years(question)
    of_year = [d for d in pool if _year(d) in years]
    if of_year and len(of_year) < len(pool):
        pool = of_year
        reasons.append(" / ".join(str(y) for y in sorted(years & {_year(d) or 0 for d in of_year})))
    if not reasons:
        return None
    return Scope(frozenset(str(d["doc_id"]) for d in pool), "the question names " + " and ".join(reasons))


__all__ = ["Scope", "pick_reports", "question_years"]
