"""Total rows: 合计, 小计, 资产总计, and the result rows of a statement (营业利润, 利润总额, 现金及现金等价物净增加额).

A total can add up in several ways, and the labels say which only in part, so each total cell is tried under
the readings below and holds when one of them gives its figure; a cell no reading explains fails under the
reading its own row (or, in a one-column table, its table) confirms elsewhere.

- "rows": the rows since the last total in its section; rows under "其中：" are parts, not terms; "减：" subtracts
  (and so do the rows after it, up to the next "加：" or numbered row); "rows, one minus": "减：" subtracts its own
  row only;
- "one row": a 合计 right under a table's only item is that item;
- "numbered rows": only the numbered ones ("一、…二、…") when the rows are numbered;
- "all rows": every row of the section, totals included;
- "totals", "last two totals", "net": the totals above it (资产总计 = 流动 + 非流动; 经营活动现金流量净额 =
  流入小计 − 流出小计);
- "statement": a statement's result row is the result above it, with the rows between added or subtracted
  (利润总额 = 营业利润 + 营业外收入 − 营业外支出; 营业利润 = 营业总收入 − 营业总成本 + 其他收益 + …);
- "net rows": the 净额 rows and numbered rows above it (现金及现金等价物净增加额).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from esgqa.factcheck.arithmetic import Check
from esgqa.factcheck.attempts import Attempt, gap, scale
from esgqa.factcheck.cells import Row, View, is_level
from esgqa.factcheck.rounding import decimals, fmt, holds, sum_span

Terms = list[tuple[Row, float]]

_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
                       r"\d{1,2}[、.．](?!\d))")
_PLUS = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.])?\s*加[：:]|^\s*[Aa]dd[:：]")
_COST = re.compile(r"成本|费用|支出|[Cc]osts?\b|[Ee]xpenses?\b")
_NET = re.compile(r"净额$|[Nn]et\b")


def numbered(row: Row) -> bool:
    return bool(_NUMBERED.match(row.label))


def _signed(rows: list[Row], carry: bool = True) -> Terms:
    """Rows with their signs: "减：" and the rows after it subtract, up to a "加：" or a numbered row (营业成本,
    税金及附加, 销售费用 under "减："); without `carry` only the "减：" row itself (the balance sheet's
    "减：库存股" between 资本公积 and 其他综合收益)."""
    out: Terms = []
    sign = 1.0
    for row in rows:
        if row.minus:
            sign = -1.0
        elif _PLUS.match(row.label) or numbered(row) or not carry:
            sign = 1.0
        out.append((row, sign))
    return out


def _terms_of(rows: list[Row]) -> list[Row]:
    """Rows that add up: not the parts under an "其中：" row (in a numbered table, nor the unnumbered rows that
    continue its list up to the next numbered row)."""
    any_numbered = any(numbered(row) for row in rows)
    out: list[Row] = []
    in_part = False
    for row in rows:
        if row.part:
            in_part = True
            continue
        if numbered(row) or not any_numbered:
            in_part = False
        if not in_part:
            out.append(row)
    return out


def _section(rows: list[Row], i: int) -> list[Row]:
    """The rows above row i in its section (same section heading), nearest last."""
    out: list[Row] = []
    for row in reversed(rows[:i]):
        if row.topic != rows[i].topic or row.grand:
            break
        out.append(row)
    return out[::-1]


def readings(rows: list[Row], i: int) -> dict[str, Terms]:
    section = _section(rows, i)
    last_total = max((k for k, row in enumerate(section) if row.total), default=-1)
    plain = _terms_of(section[last_total + 1 :])
    out: dict[str, Terms] = {"rows": _signed(plain)}
    if (single := _signed(plain, carry=False)) != out["rows"]:
        out["rows, one minus"] = single
    if i == 1 and len(plain) == 1 and not _runs_on(rows[0]):
        out["one row"] = [(rows[0], 1.0)]  # a table of one item and its 合计: the total is the item
    if 2 <= len(only := [row for row in plain if numbered(row)]) < len(plain):
        out["numbered rows"] = [(row, 1.0) for row in only]
    everything = _terms_of(section)
    if len(everything) > len(plain):
        out["all rows"] = _signed(everything)
    totals = [row for row in reversed(rows[:i]) if row.total and not row.part and row.cells]
    stop = next((k for k, row in enumerate(reversed(rows[:i])) if row.grand), None)
    if stop is not None:
        totals = [row for row in totals if rows.index(row) > i - 1 - stop]
    totals.reverse()
    if len(totals) >= 2:
        out["totals"] = [(row, 1.0) for row in totals]
        out["last two totals"] = [(totals[-2], 1.0), (totals[-1], 1.0)]
        out["net"] = [(totals[-2], 1.0), (totals[-1], -1.0)]
    if numbered(rows[i]):
        above = [k for k in range(i) if numbered(rows[k]) and rows[k].cells]
        if above:
            between = _terms_of(rows[above[-1] + 1 : i])
            result = [(rows[above[-1]], -1.0 if _COST.search(rows[above[-1]].name) else 1.0)]
            out["statement"] = result + _signed(between)
            if len(above) >= 2 and result[0][1] < 0:
                out["statement from two"] = [(rows[above[-2]], 1.0), *result, *_signed(between)]
        deeper = _breakdown(rows, i)
        if len(deeper) >= 2:
            out["breakdown"] = [(row, 1.0) for row in deeper]
        parts = _parts_below(rows, i)
        if len(parts) >= 2:
            out["breakdown"] = [(row, 1.0) for row in parts]
        first = next((k for k in range(i) if _NET.search(rows[k].name) and rows[k].cells), None)
        net = [(row, 1.0) for row in rows[first:i] if row.cells and (_NET.search(row.name) or numbered(row))
               and not row.part] if first is not None else []
        if len(net) >= 2:
            out["net rows"] = net
    if _CLOSING.search(rows[i].name):
        opening = next((row for row in reversed(rows[:i]) if _OPENING.search(row.name) and row.cells), None)
        moved = next((row for row in reversed(rows[:i]) if _MOVED.search(row.name) and row.cells), None)
        if opening is not None and moved is not None:
            out["roll"] = [(opening, 1.0), (moved, 1.0)]  # 本期期末余额 = 本年期初余额 + 本期增减变动金额
    return out


_CLOSING = re.compile(r"期末余额$|年末余额$")
_OPENING = re.compile(r"本?(?:年|期)初余额$")
_MOVED = re.compile(r"增减变动金额|本期增减|本年增减")


def _runs_on(row: Row) -> bool:
    """The table's first row stands on a page the table runs on to: rows above it are on the page before."""
    return any(f.table is not None and f.table.continued for f in row.cells.values())


def _level(row: Row) -> str:
    match = _NUMBERED.match(row.label)
    if match is None:
        return ""
    mark = match.group().strip()
    return "cn" if mark[0] in "一二三四五六七八九十" else "pcn" if re.match(r"[（(][一二三四五六七八九十]", mark) \
        else "pnum" if mark[0] in "（(" else "num"


def _number(row: Row) -> int:
    digits = re.search(r"\d+", row.label)
    if digits:
        return int(digits.group())
    numerals = "一二三四五六七八九十"
    found = next((ch for ch in row.label if ch in numerals), "")
    return numerals.index(found) + 1 if found else 0


def _parts_below(rows: list[Row], i: int) -> list[Row]:
    """"二、营业总成本" then "其中：营业成本", "税金及附加", …: the 其中 run below a numbered row, up to the next
    numbered, 加： or 减： row; a second 其中 inside the run ("其中：利息费用" under 财务费用) opens parts of a part,
    which are left out."""
    if i + 1 >= len(rows) or not rows[i + 1].part:
        return []
    out: list[Row] = [rows[i + 1]]
    nested = False
    for row in rows[i + 2 :]:
        if numbered(row) or row.minus or _PLUS.match(row.label) or row.total:
            break
        if row.part:
            nested = True
        if not nested:
            out.append(row)
    return [row for row in out if row.cells]


def _breakdown(rows: list[Row], i: int) -> list[Row]:
    """The rows right below a numbered row, one level deeper ("三、本期增减变动金额" then "（一）…（四）"), up to
    the next row of its own level, or to where the numbering starts again (a heading row with no figures
    opened another list)."""
    own = _level(rows[i])
    if not own:
        return []
    out: list[Row] = []
    child = ""
    last = 0
    for row in rows[i + 1 :]:
        level = _level(row)
        if level == own or (not level and not child):
            break
        if level and not child:
            child = level
        if level == child:
            if _number(row) <= last:
                break
            last = _number(row)
            out.append(row)
        elif not level and not row.part:
            out.append(row)  # a child whose numbering the page lost ("4）暂估调整")
    return [row for row in out if row.cells]


def total_attempts(view: View) -> list[Attempt]:
    tried: list[tuple[str, Row, str, Attempt]] = []
    for i, total in enumerate(view.rows):
        net = bool(_NET.search(total.name))
        if not (total.total or numbered(total) or net or _CLOSING.search(total.name)):
            continue
        for name, terms in readings(view.rows, i).items():
            if not total.total and name not in ("statement", "statement from two", "net rows", "breakdown", "roll") \
                    and not (net and name == "net"):
                continue  # a result row that is no total adds up only as a statement's result or a net amount
            for column, stated in total.cells.items():
                attempt = _attempt(view, total, column, stated, terms, name)
                if attempt is not None:
                    tried.append((name, total, column, attempt))
    return _one_per_cell(tried)


def _attempt(view: View, total: Row, column: str, stated: object, terms: Terms, name: str) -> Attempt | None:
    from esgqa.facts.model import Fact

    assert isinstance(stated, Fact)
    if not is_level(stated):
        return None
    cells = [(row.cells[column], sign) for row, sign in terms if column in row.cells
             and is_level(row.cells[column]) and row.cells[column].family == stated.family]
    if (len(terms) < 2 and name != "one row") or not cells or (len(cells) < 2 and not name.startswith("rows")
                                                               and name != "one row"):
        return None  # in the rows above a total, a blank cell counts as nothing (the year had none of it)
    low, high = sum_span([c for c, _ in cells], [s for _, s in cells])
    formula = " ".join(f"{'−' if s < 0 else '+'} {c.text}" for c, s in cells).lstrip("+ ")
    check = Check("total", [*(c for c, _ in cells), stated], stated.text,
                  fmt(low / scale(stated), high / scale(stated), "", decimals(stated)), holds(stated, low, high),
                  f"{total.name} ({column}) = {formula}")
    return Attempt(("total", view.doc, view.page, view.index), check, gap(stated, low, high))


def _one_per_cell(tried: list[tuple[str, Row, str, Attempt]]) -> list[Attempt]:
    """One attempt per total cell: a holding one if any reading holds; else the failure under the reading that
    holds for the row's other cells (or the table's other totals), so the table confirms what it reports."""
    by_cell: dict[int, list[tuple[str, Row, str, Attempt]]] = defaultdict(list)
    for item in tried:
        by_cell[id(item[3].check.mentions[-1])].append(item)
    held_in_row: dict[int, Counter[str]] = defaultdict(Counter)
    held_in_table: Counter[str] = Counter()
    for name, row, _, attempt in tried:
        if attempt.check.ok:
            held_in_row[id(row)][name] += 1
            held_in_table[name] += 1
    out: list[Attempt] = []
    for items in by_cell.values():
        ok = next((a for *_, a in items if a.check.ok), None)
        if ok is not None:
            out.append(ok)
            continue
        _, row, _, _ = items[0]
        row_votes, table_votes = held_in_row[id(row)], held_in_table
        name, _, _, attempt = max(items, key=lambda item: (row_votes[item[0]], table_votes[item[0]]))
        multi = sum(is_level(f) for f in row.cells.values()) >= 2
        confirmed_by = row_votes[name] if multi else table_votes[name]
        attempt.group = (*attempt.group, id(row) if multi else name)
        attempt.gap = attempt.gap if confirmed_by else max(attempt.gap, 1.0)
        out.append(attempt)
    return _regroup(out, tried)


def _regroup(out: list[Attempt], tried: list[tuple[str, Row, str, Attempt]]) -> list[Attempt]:
    """Holding cells join the group of their row (several columns) or of their reading (one column)."""
    row_of = {id(a): (row, name) for name, row, _, a in tried}
    for attempt in out:
        if attempt.check.ok:
            row, name = row_of[id(attempt)]
            multi = sum(is_level(f) for f in row.cells.values()) >= 2
            attempt.group = (*attempt.group[:4], id(row) if multi else name)
    return out


__all__ = ["readings", "total_attempts"]
