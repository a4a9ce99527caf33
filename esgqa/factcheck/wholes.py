"""The whole a share is a share of: the table's own 100% or total row, or the total its header names
("占总资产的比例" -> 资产总计; "占应收账款期末余额合计数的比例" -> the 合计 row of the 应收账款 note), wherever it
stands in the report. Candidates are only proposed here; the share column itself decides which one it uses
(`esgqa.factcheck.recompute`: the whole under which its other rows hold).
"""

from __future__ import annotations

import re
from collections import defaultdict

from esgqa.factcheck.cells import TOTAL_ROW, View, is_level
from esgqa.factcheck.identity import scopes_agree
from esgqa.facts.model import Fact
from esgqa.facts.table import table_label

_NAMED = re.compile(r"占(?P<whole>[^，。（(]{1,30}?)(?:的)?(?:比例|比重|百分比|[%％]|[（(])")
_FILLER = re.compile(r"本期期末|上期期末|期末|期初|本期|上期|年末|年初|本年|上年|余额|账面|合计数|合计|总额|总数|数|的")
# the usual names of a statement's totals: a header says 总资产, the balance sheet 资产总计
_SYNONYMS = {"总资产": ("资产总计", "资产合计"), "资产": ("资产总计",), "总负债": ("负债合计",),
             "负债": ("负债合计",), "净资产": ("所有者权益合计", "股东权益合计", "归属于上市公司股东的净资产"),
             "营业收入": ("营业收入", "营业总收入"), "总收入": ("营业总收入", "营业收入")}
_MAX = 40


def _name(text: str) -> str:
    return re.sub(r"[（(][^（()）]*[)）]|\s+", "", text)


class Wholes:
    """An index of the report's table figures by row name and by the note they total."""

    def __init__(self, facts: list[Fact]) -> None:
        self.by_name: dict[str, list[Fact]] = defaultdict(list)
        self.by_subject: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            if fact.table is None or not is_level(fact):
                continue
            name = _name(table_label(fact.table.row))
            self.by_name[name].append(fact)
            if TOTAL_ROW.search(name) and fact.table.subject:
                self.by_subject[_name(fact.table.subject)].append(fact)

    def for_share(self, view: View, column: str, parts: list[Fact]) -> list[Fact]:
        """Candidate wholes for the share column `column` of `view` whose rows' amounts are `parts`."""
        first = parts[0]
        part_column = next((k for row in view.rows for k, f in row.cells.items() if f is first), None)
        out: list[Fact] = []
        if part_column is not None:
            for row in view.rows:
                share = row.cells.get(column)
                whole = row.cells.get(part_column)
                hundred = share is not None and abs(share.quantity.value - 100) < 1e-9
                if whole is not None and (row.total or hundred):
                    out.append(whole)
        match = _NAMED.search(column)
        if match:
            core = _FILLER.sub("", match.group("whole"))
            names = {core, f"{core}合计", f"{core}总计", *_SYNONYMS.get(core, ())}
            # names in a fixed order: a set's order varies between runs, and so would the page a finding cites
            found = [f for name in sorted(names) for f in self.by_name.get(name, [])]
            found += self.by_subject.get(core, [])
            out.extend(f for f in found if scopes_agree(f, first) and f.period_key == first.period_key
                       and f.family == first.family and f.doc == first.doc)
        biggest = max(abs(p.quantity.base_value) for p in parts)
        unique: dict[float, Fact] = {}
        for fact in out:
            if abs(fact.quantity.base_value) >= biggest * (1 - 1e-9) and fact.quantity.base_value:
                unique.setdefault(round(fact.quantity.base_value, 6), fact)
        return list(unique.values())[:_MAX]


__all__ = ["Wholes"]
