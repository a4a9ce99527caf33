"""Recomputation across a report's tables and prose: what the statements determine wherever it is stated.

- the balance sheet: 资产总计 = 负债和所有者权益总计 = 负债合计 + 所有者权益合计, per statement (合并, 母公司)
  and date;
- four quarters against the year: a quarterly table's row summed against the same row's annual figure;
- a growth rate stated in prose ("营业收入同比下降 4.49%") against the two levels a table gives for that metric.

Each relation names its metric by the report's own row labels; a relation with no such figures is not checked.
"""

from __future__ import annotations

import re
from collections import defaultdict

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.attempts import Attempt, confirmed
from esgqa.factcheck.cells import View, is_level, quarter, views
from esgqa.factcheck.identity import scopes_agree
from esgqa.factcheck.lexicon import MEASURES, SHARE_HEADER, STATEMENT, SUBJECT_WORDS
from esgqa.factcheck.rounding import decimals, fmt, holds, span, sum_span
from esgqa.facts.model import Fact
from esgqa.facts.table import table_label
from esgqa.numbers import resolution

_ASSETS = re.compile(r"^(?:资产总计|资产合计|总资产|[Tt]otal assets)$")
_BOTH = re.compile(r"^(?:负债和(?:所有者|股东)权益总计|负债及(?:所有者|股东)权益总计|负债和权益总计|"
                   r"[Tt]otal liabilities and (?:shareholders'?|stockholders'?|owners'?)?\s*equity)$")
_LIABILITIES = re.compile(r"^(?:负债合计|总负债|[Tt]otal liabilities)$")
_EQUITY = re.compile(r"^(?:(?:所有者|股东)权益合计|权益合计|[Tt]otal (?:shareholders'?|stockholders'?)?\s*equity)$")


def _name(fact: Fact) -> str:
    assert fact.table is not None
    return re.sub(r"[（(][^（()）]*[)）]|\s+", "", table_label(fact.table.row))


def statement_checks(facts: list[Fact]) -> list[Check]:
    table = [f for f in facts if f.table is not None and is_level(f)]
    attempts = _balance(table) + _quarters(views(facts), table)
    return confirmed(attempts) + _prose_growth(facts, table)


def _balance(facts: list[Fact]) -> list[Attempt]:
    groups: dict[tuple[str, str, str], dict[str, Fact]] = defaultdict(dict)
    for fact in facts:
        name = _name(fact)
        for key, pattern in (("assets", _ASSETS), ("both", _BOTH), ("liabilities", _LIABILITIES),
                             ("equity", _EQUITY)):
            if pattern.match(name):
                groups[(fact.doc, fact.scope or "合并", fact.period_key)].setdefault(key, fact)
    out: list[Attempt] = []
    for (doc, scope, period), found in groups.items():
        assets, both = found.get("assets"), found.get("both")
        liabilities, equity = found.get("liabilities"), found.get("equity")
        total = both or assets
        if assets is not None and both is not None:
            low, high = span(lambda x: x, [assets])
            out.append(_attempt("balance", [assets, both], both, low, high, f"{_name(both)} = {_name(assets)}",
                                (doc, scope, period, "assets")))
        if total is not None and liabilities is not None and equity is not None:
            low, high = sum_span([liabilities, equity])
            out.append(_attempt("balance", [liabilities, equity, total], total, low, high,
                                f"{_name(total)} = {_name(liabilities)} + {_name(equity)}",
                                (doc, scope, period, "parts")))
    return out


def _attempt(relation: str, inputs: list[Fact], stated: Fact, low: float, high: float, formula: str,
             group: tuple[object, ...], confirm: bool = False) -> Attempt:
    """An attempt whose failure stands on its own (a statement identity: the labels name it), or, with
    `confirm`, only when the group's other attempts hold."""
    scale = stated.quantity.base_value / stated.quantity.value if stated.quantity.value else 1.0
    ok = holds(stated, low, high)
    figures = " + ".join(f.text for f in inputs if f is not stated) or inputs[0].text
    check = Check(relation, [*(f for f in inputs if f is not stated), stated], stated.text,
                  fmt(low / scale, high / scale, "", decimals(stated)), ok, f"{formula} ({figures})")
    return Attempt((relation, *group), check, 1.0 if confirm else 0.0)


def _quarters(tables: list[View], facts: list[Fact]) -> list[Attempt]:
    annual: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.table is not None and not quarter(fact.table.column) and fact.period_key == "current":
            annual[_name(fact)].append(fact)
    out: list[Attempt] = []
    for view in tables:
        columns = {q: c for c in view.columns if (q := quarter(c))}
        if sorted(columns) != [1, 2, 3, 4]:
            continue
        for row in view.rows:
            cells = [row.cells.get(columns[q]) for q in (1, 2, 3, 4)]
            parts = [c for c in cells if c is not None and is_level(c)]
            if len(parts) != 4 or len({p.family for p in parts}) != 1:
                continue
            years = [f for f in annual.get(row.name, []) if f.family == parts[0].family and scopes_agree(f, parts[0])
                     and f.doc == parts[0].doc]
            if not years:
                continue
            low, high = sum_span(parts)
            year = next((f for f in years if holds(f, low, high)), years[0])
            out.append(_attempt("quarters", [*parts, year], year, low, high,
                                f"{row.name}: 第一季度 + 第二季度 + 第三季度 + 第四季度 (p. {view.page})",
                                (view.doc, view.page, view.index), confirm=True))
    return out


def _prose_growth(facts: list[Fact], table: list[Fact]) -> list[Check]:
    """A prose growth rate against the current and previous cells of a table row with the same metric label."""
    rows: dict[str, list[tuple[Fact, Fact]]] = defaultdict(list)
    by_row: dict[tuple[str, int, int, int], list[Fact]] = defaultdict(list)
    for fact in table:
        assert fact.table is not None
        by_row[(fact.doc, fact.page, fact.table.index, fact.table.row_index)].append(fact)
    for cells in by_row.values():
        for current in cells:
            if current.period_key != "current":
                continue
            previous = next((f for f in cells if f.period_key == "previous" and f.label == current.label
                             and f.family == current.family), None)
            if previous is not None:
                rows[current.label].append((previous, current))
    paired = {(c.doc, c.page, c.table.index, c.table.row_index) for pairs in rows.values() for _, c in pairs
              if c.table is not None}
    levels: dict[tuple[str, int, int], list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.table is None and not fact.change and not fact.identifier_like:
            levels[(fact.doc, fact.page, fact.sentence_start)].append(fact)
    out: list[Check] = []
    for fact in facts:
        if not fact.change or fact.family != "%" or fact.period_key != "current" or fact.qualifier or not fact.label:
            continue
        if fact.table is not None and (fact.doc, fact.page, fact.table.index, fact.table.row_index) in paired:
            continue  # a change column beside its own levels: `esgqa.factcheck.recompute` checks it there
        pairs = [(p, c) for p, c in rows.get(fact.label, []) if scopes_agree(c, fact) and c.doc == fact.doc]
        if fact.table is None:
            pairs = _same_subject(fact, pairs, levels.get((fact.doc, fact.page, fact.sentence_start), []))
        else:
            pairs = [(p, c) for p, c in pairs if _same_measure(fact, c)]
        if not pairs:
            continue
        results = []
        for previous, current in pairs:
            if current.family == "%":
                low, high = span(lambda p, c: c - p, [previous, current])
            else:
                low, high = span(lambda p, c: (c - p) / abs(p) * 100 if p else float("nan"), [previous, current])
            results.append((holds(fact, low, high), low, high, previous, current))
        ok, low, high, previous, current = next((r for r in results if r[0]), results[0])
        where = "the prose" if fact.table is None else fact.table.title or "the table"
        out.append(Check("growth", [previous, current, fact], fact.text if fact.change == "up" else f"-{fact.text}",
                         fmt(low, high, "%", decimals(fact)), ok,
                         f"{fact.label}: ({current.text} − {previous.text}) / {previous.text} "
                         f"(p. {current.page}) against {where} on p. {fact.page}"))
    return out


def _same_measure(rate: Fact, level: Fact) -> bool:
    """A rate cell of another table is the growth of a row's figure only when its column names the measure the
    row's table states (营业收入比上年同期增减 against 营业收入构成); a column of a share's change (比重增减), of a
    margin or of a cost is another metric under the same row label, and one that names no measure is unknown.
    Only a statement's row is the source: a breakdown in another table may add up to another figure."""
    assert rate.table is not None
    column = rate.table.column
    if SHARE_HEADER.search(re.sub(r"[（(][%％][)）]|[%％]", "", column)):
        return False
    named = next((name for name, pattern in MEASURES if pattern.search(column)), "")
    if level.table is None or not STATEMENT.search(level.table.title):
        return False  # a breakdown elsewhere (主营业务 by product) may sum to another figure than the rate's
    row = next((name for name, pattern in MEASURES if pattern.search(level.table.row)), "")
    return bool(named) and named == row


def _same_subject(rate: Fact, pairs: list[tuple[Fact, Fact]], sentence: list[Fact]) -> list[tuple[Fact, Fact]]:
    """The table rows a prose rate may be recomputed from: proof that the rate is about the row's subject.

    A sentence that states the level it grows from ("净利润402,233,891.06元，较上年增长12.06%") names its subject
    by that figure: only rows whose current cell agrees with it are the same metric (归属于母公司的净利润, not
    the group's 净利润; a subsidiary's, a segment's 净利润 agrees with no statement row). A sentence that names
    a subsidiary, a segment or a grant and no level is about that subject: no row of the statements is its."""
    stated = [m for m in sentence if m.index < rate.index and m.period_key == "current" and not m.qualifier
              and m.family not in ("%", "")]
    if stated:
        return [(p, c) for p, c in pairs if any(abs(m.quantity.base_value - c.quantity.base_value)
                                                <= max(resolution(m.quantity), resolution(c.quantity))
                                                for m in stated)]
    return [] if SUBJECT_WORDS.search(rate.sentence[: max(rate.sentence.find(rate.text), 0)] or rate.sentence) \
        else pairs


__all__ = ["statement_checks"]
