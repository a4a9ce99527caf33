"""Cross-verification: which mentions describe the same metric, and do their values agree?

Candidates: mentions of one unit family, both levels or both changes, whose labels are alike (rapidfuzz ratio, or
most of the shorter label inside the longer); `matching.match_labels` then decides "strong" (same metric) or
"generic" (same words, subject unstated). Figures aligned in restated sentences (`companions`) are "strong" too.
Per pair: same value -> agreement; strong, same period, values a plausible slip apart -> contradiction; other
period -> prior-period; a bound that admits the other figure -> rounded restatement; a generic pair whose figures
differ by a typical slip -> contradiction of medium severity; a bare ratio metric ("PUE 1.19") next to a named one
("自建数据中心 PUE 1.215") -> different subject. Values of one "metric" that are worlds apart are not compared.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from esgqa.factcheck.companions import companion_pairs, phrase_pairs
from esgqa.factcheck.findings import (
    CONTRADICTION,
    OTHER_SUBJECT,
    PRIOR_PERIOD,
    RESTATEMENT,
    UNCONFIRMED,
    Finding,
    shown,
)
from esgqa.factcheck.identity import UNSTATED, may_be_one_metric, names_line_item, row_metric, same_note, scopes_agree
from esgqa.factcheck.matching import GENERIC, core_label, match_labels
from esgqa.factcheck.proof import HIGH, MEDIUM, contradiction_tier, measures_differ
from esgqa.facts.prose import Fact, looks_alike, slip_rank
from esgqa.facts.slips import digits, scale_slip, transposed
from esgqa.numbers import COUNTERS, resolution, units_compatible

_PERSONS = {"人", "名", "位"}

CANDIDATE = 60.0


def family_bucket(m: Fact) -> str:
    family = m.family
    return "count" if family == "" or family in COUNTERS else family


def comparable(m: Fact) -> bool:
    return bool(m.label) and not m.identifier_like and not m.in_range


def base_value(m: Fact) -> float:
    """Value in base units, signed for a decrease; a bare callout echoing "49.1%" counts as 49.1%."""
    value = m.quantity.base_value
    return -value if m.change == "down" else value


def same_value(a: Fact, b: Fact) -> bool:
    if (a.change == "down") != (b.change == "down") and a.quantity.base_value and b.quantity.base_value:
        return False
    tolerance = max(resolution(a.quantity), resolution(b.quantity)) / 2
    return abs(abs(base_value(a)) - abs(base_value(b))) <= tolerance * (1 + 1e-9) + 1e-12


def close(a: Fact, b: Fact, factor: float) -> bool:
    x, y = abs(base_value(a)), abs(base_value(b))
    return min(x, y) > 0 and max(x, y) / min(x, y) <= factor


def plausible_slip(a: Fact, b: Fact) -> bool:
    """Two values of one metric can be a contradiction only if one could be a slip for the other: near each
    other (within a factor of 2: a stale figure) or the same digits (a swap, a moved decimal point, a wrong
    scale word). 1,451 staff and 85 million people share words, not a metric."""
    x, y = abs(base_value(a)), abs(base_value(b))
    return close(a, b, 2.0) or looks_alike(a.quantity.raw, b.quantity.raw) or scale_slip(x, y)


def bound_allows(a: Fact, b: Fact) -> bool:
    """Whether a qualified figure admits the other: "超7,000万" admits 7,000万 and 7,200万, not 6,500万."""
    if a.qualifier == b.qualifier:
        return False  # "近 50,000" and "近 49,999": two different figures, however approximate
    for q, other in ((a, b), (b, a)):
        if not q.qualifier:
            continue
        x, y = abs(base_value(q)), abs(base_value(other))
        slack = max(resolution(q.quantity), resolution(other.quantity)) / 2
        if q.qualifier == "lower" and not other.qualifier and y >= x - slack:
            return True
        if q.qualifier == "upper" and not other.qualifier and y <= x + slack:
            return True
        if q.qualifier == "approx" and abs(x - y) <= max(0.1 * max(x, y), slack):
            return True
    return False


def _unstated(a: Fact, b: Fact) -> bool:
    """One label is the bare metric ("PUE", "减碳量") and the other names whose it is ("自建数据中心PUE")."""
    short, long = sorted((core_label(a.label), core_label(b.label)), key=len)
    return len(short) < GENERIC and short in long and _intensive(a)


def _intensive(m: Fact) -> bool:
    """Ratios, shares and indices (PUE, %, 吨/百万元): a part's value looks like the whole's, so a figure for a
    sub-unit is easily taken for the company's. Amounts (万吨, 个) of a part are visibly smaller."""
    return m.family in ("", "%", "倍", "百分点") or "/" in m.family


def metric_pairs(mentions: list[Fact], background: Callable[[str], bool] = lambda word: False,
                 ) -> list[tuple[Fact, Fact, str]]:
    """All pairs of mentions that describe the same metric (or the same words of a metric)."""
    buckets: dict[tuple[str, bool], list[Fact]] = defaultdict(list)
    for m in mentions:
        if comparable(m):
            buckets[(family_bucket(m), bool(m.change))].append(m)
    pairs: list[tuple[Fact, Fact, str]] = []
    for group in buckets.values():
        if len(group) < 2:
            continue
        labels = [core_label(m.label) for m in group]
        ratio = process.cdist(labels, labels, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
        # shared characters in order (LCS) over the shorter label: containment, also with words inserted
        distance = process.cdist(labels, labels, scorer=Indel.distance, dtype=np.int32, workers=-1)
        lengths = np.array([len(label) for label in labels], dtype=np.int32)
        common = (lengths[:, None] + lengths[None, :] - distance) / 2
        shorter = np.maximum(np.minimum(lengths[:, None], lengths[None, :]), 1)
        candidate = (ratio >= CANDIDATE) | ((common / shorter >= 0.7) & (common >= 2)) | \
            ((common >= 6) & (common / shorter >= 0.5))
        tables = np.array([m.table is not None for m in group])
        candidate &= ~(tables[:, None] & tables[None, :])  # two cells: only an exact metric match (below)
        rows, cols = np.nonzero(candidate)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if i < j:
                _consider(group[i], group[j], background, pairs)
        by_metric: dict[str, list[Fact]] = defaultdict(list)
        for m in group:
            if m.table is not None:
                by_metric[row_metric(m.table.row)].append(m)
        for cells in by_metric.values():
            for a, b in itertools.combinations(cells, 2):
                _consider(a, b, background, pairs)
        pairs.extend(_note_pairs(group))
    return pairs


_STATEMENT = re.compile(r"资产负债表|利润表|现金流量表")
_TOTAL = re.compile(r"^(?:合计|总计)$")


def _note_pairs(group: list[Fact]) -> list[tuple[Fact, Fact, str]]:
    """A note's 合计 row and the statement's line item the note is about ("65、研发费用" 合计 and the income
    statement's "研发费用 七、65"): "note", compared only for slips (the note's columns may be 账面余额, not the
    statement's 账面价值)."""
    lines: dict[str, list[Fact]] = defaultdict(list)
    notes: list[Fact] = []
    for m in group:
        if m.table is None:
            continue
        if _STATEMENT.search(m.table.title):
            lines[re.sub(r"\([^()]*\)", "", row_metric(m.table.row))].append(m)
        elif m.table.subject and _TOTAL.match(row_metric(m.table.row)):
            notes.append(m)
    return [(line, note, "note") for note in notes for line in lines.get(note.table.subject if note.table else "", [])
            if scopes_agree(line, note)]


def _consider(a: Fact, b: Fact, background: Callable[[str], bool], pairs: list[tuple[Fact, Fact, str]]) -> None:
    if a.page == b.page and (a.index == b.index or a.sentence_start == b.sentence_start):
        return  # one sentence does not restate its own figures
    if not units_compatible(a.family, b.family) and not {a.family, b.family} <= _PERSONS:
        return
    if not may_be_one_metric(a, b):
        if _same_words_scaled(a, b):
            pairs.append((a, b, "scaled"))
        return
    kind = match_labels(a, b, background) or _loose(a, b)
    if (a.table is None) != (b.table is None) and names_line_item(a if a.table is None else b,
                                                                  b if a.table is None else a):
        kind = "strong"  # "存货项目账面余额" and the balance sheet's 存货
    if kind == "strong" and a.table is not None and b.table is not None and not same_note(a, b):
        kind = "generic"  # one item's name under two notes: compared only for slips
    if kind:
        pairs.append((a, b, kind))


def _period_stated(m: Fact) -> bool:
    """A table cell whose column, row and caption name no period has none we can compare (a transition
    adjustment column, a breakdown by product): it agrees with a figure or says nothing."""
    return m.table is None or m.period is not None or m.period_key != "current"


def _same_words_scaled(a: Fact, b: Fact) -> bool:
    """Two prose figures with the very same short label ("商家 204 万" / "商家 20.4 万") whose values differ by a
    power of ten or a scale word: too short a label to compare values, long enough to see a moved decimal point."""
    if a.table is not None or b.table is not None or a.family != b.family or a.period_key != b.period_key:
        return False
    la, lb = core_label(a.label), core_label(b.label)
    return len(la) >= 2 and la == lb and _scaled(a, b)


def _scaled(a: Fact, b: Fact) -> bool:
    x, y = abs(base_value(a)), abs(base_value(b))
    return scale_slip(x, y) and sorted(digits(a.quantity.raw)) == sorted(digits(b.quantity.raw))


def _loose(a: Fact, b: Fact) -> str:
    """Labels worded differently that still share a long phrase ("…中国聋协系统全国城市听障人士…学习和办公" /
    "…中国聋人协会系统中全国城市听障人士学习和办公场景"): "loose", compared only for slips."""
    la, lb = core_label(a.label), core_label(b.label)
    common = (len(la) + len(lb) - Indel.distance(la, lb)) / 2
    return "loose" if common >= 6 and common >= 0.5 * min(len(la), len(lb)) else ""


def _with_companions(pairs: list[tuple[Fact, Fact, str]], companions: list[tuple[Fact, Fact]],
                     ) -> list[tuple[Fact, Fact, str]]:
    """Figures aligned in restated sentences describe the same metric, whatever their labels say."""
    aligned = {frozenset((id(a), id(b))) for a, b in companions}
    out = [(a, b, "strong" if frozenset((id(a), id(b))) in aligned else kind) for a, b, kind in pairs]
    known = {frozenset((id(a), id(b))) for a, b, _ in pairs}
    out.extend((a, b, "strong") for a, b in companions if frozenset((id(a), id(b))) not in known)
    return out


def cross_verify(mentions: list[Fact], headline: set[int], background: Callable[[str], bool] = lambda w: False,
                 texts: dict[tuple[str, int], str] | None = None) -> tuple[list[Finding], dict[int, set[int]]]:
    """Findings, and for every mention the ids of the mentions that state the same metric with the same value.

    `background(word)` says whether a word is said all over the report (so it distinguishes nothing); `texts`
    are the normalised page texts by (document, page), for phrase alignment.
    """
    aligned = companion_pairs(mentions) + phrase_pairs(mentions, texts or {})
    pairs = _with_companions(metric_pairs(mentions, background), aligned)
    agree: dict[int, set[int]] = defaultdict(set)
    conflicts: dict[str, list[tuple[Fact, Fact]]] = defaultdict(list)
    weak: set[frozenset[int]] = set()
    swapped: set[frozenset[int]] = set()
    for a, b, kind in pairs:
        if kind == "note":
            if a.period_key == b.period_key and _period_stated(a) and _period_stated(b) and not same_value(a, b) \
                    and (slip_rank(a.quantity.raw, b.quantity.raw) >= 2 or _scaled(a, b)) and _long(a) and _long(b) \
                    and contradiction_tier(a, b):
                conflicts[CONTRADICTION].append((a, b))
                weak.add(frozenset((id(a), id(b))))
            continue
        if not may_be_one_metric(a, b):
            continue
        tables = a.table is not None and b.table is not None  # columns of one metric are periods, not findings
        same_period = a.period_key == b.period_key and a.period_key not in UNSTATED and _period_stated(a) \
            and _period_stated(b)
        involves_headline = id(a) in headline or id(b) in headline
        if same_value(a, b):
            if kind == "strong" and same_period:
                agree[id(a)].add(id(b))
                agree[id(b)].add(id(a))
                if a.qualifier != b.qualifier and not (a.callout or b.callout) and involves_headline:
                    conflicts[RESTATEMENT].append((a, b))
            continue
        if kind == "strong":
            if not same_period and not tables and transposed(a.quantity.raw, b.quantity.raw):
                conflicts[CONTRADICTION].append((a, b))  # "仍为 201,743,750 股" after "仍为 210,743,750 股"
                swapped.add(frozenset((id(a), id(b))))
            elif not same_period:
                if involves_headline and not tables:
                    conflicts[PRIOR_PERIOD].append((a, b))
            elif bound_allows(a, b):
                if close(a, b, 1.5):
                    conflicts[RESTATEMENT].append((a, b))
            elif plausible_slip(a, b):
                tier = contradiction_tier(a, b)
                if tier:
                    conflicts[CONTRADICTION].append((a, b))
                    if tier != HIGH:
                        weak.add(frozenset((id(a), id(b))))
                elif not measures_differ(a, b):
                    conflicts[UNCONFIRMED].append((a, b))  # the same words, nothing proves one metric
            # else: the words agree but the values are worlds apart: two different things
        elif same_period and (_slip_of_specific(a, b) or (kind == "generic" and _two_bounds(a, b))
                              or (kind in ("generic", "loose", "scaled") and _scaled(a, b))) \
                and contradiction_tier(a, b):
            conflicts[CONTRADICTION].append((a, b))
            weak.add(frozenset((id(a), id(b))))
        elif same_period and involves_headline and a.page != b.page and close(a, b, 1.25) and _unstated(a, b):
            conflicts[OTHER_SUBJECT].append((a, b))
    findings: list[Finding] = []
    for kind in (CONTRADICTION, RESTATEMENT, PRIOR_PERIOD, OTHER_SUBJECT, UNCONFIRMED):
        for component in _components(conflicts[kind]):
            if kind == CONTRADICTION and _list_of_items(component):
                # three or more values under one label: a list of items (each subsidiary's 总资产), not one
                # metric stated inconsistently
                findings.append(_finding(OTHER_SUBJECT, component))
                continue
            finding = _finding(kind, component)
            ids = {id(m) for m in component}
            if kind == CONTRADICTION and any(frozenset((id(a), id(b))) in swapped
                                             for a, b in conflicts[kind] if id(a) in ids):
                finding.explanation = (f"'{shown(finding.metric)}' is stated as {' and '.join(finding.values)}: the "
                                       "same digits with two neighbouring ones swapped, most likely a typo.")
                finding.confidence = 0.8
                finding.tier = HIGH
            if kind == CONTRADICTION and all(frozenset((id(a), id(b))) in weak
                                             for a, b in conflicts[kind] if id(a) in ids):
                finding.severity = "medium"
                finding.confidence = 0.6
                finding.tier = MEDIUM
                finding.explanation += " One phrase names more than the other; the figures differ by a typical slip."
            findings.append(finding)
    return findings, agree


def _list_of_items(component: list[Fact]) -> bool:
    """Three or more values under one label, none stated twice: a list of items (each subsidiary's 总资产), not
    one metric stated inconsistently. A value stated on two pages against an odd one is a contradiction (a
    figure restated twice and mistyped once); the bands of two schedules are kept apart before (`proof`). A
    sign is presentation (a "减：利息收入" cell of -17,817,662.67 states 17,817,662.67)."""
    values: dict[float, set[int]] = defaultdict(set)
    for m in component:
        values[abs(same_key(m))].add(m.page)
    return len(values) >= 3 and all(len(pages) < 2 for pages in values.values())


def same_key(m: Fact) -> float:
    """A figure's value for telling distinct values apart (rounded so that 36.3 and 36.30 are one)."""
    return float(f"{base_value(m):.6g}")


def _two_bounds(a: Fact, b: Fact) -> bool:
    """Two bounds of one kind on one metric, a few percent apart ("超 380 万" / "超 369 万"): a bound widens what
    a figure admits, it does not make two different figures one."""
    return bool(a.qualifier) and a.qualifier == b.qualifier and a.qualifier != "approx" and \
        a.family == b.family and close(a, b, 1.1)


def _slip_of_specific(a: Fact, b: Fact) -> bool:
    """Generic words (one phrase adds a few words to the other's) but the figures differ only by a typical slip
    (digits swapped, the decimal point or the scale word moved, one step in the last place), and the shared
    phrase is specific (five or more characters, not "PUE"): most likely one figure mistyped."""
    short = min(len(core_label(a.label)), len(core_label(b.label)))
    same_unit = a.family == b.family  # not merely compatible: "230万" and a stray "230名" are no slip of each other
    specific = short >= 5 or (a.table is not None and b.table is not None and _long(a) and _long(b))
    return same_unit and specific and slip_rank(a.quantity.raw, b.quantity.raw) >= 2


def _long(m: Fact, least: int = 6) -> bool:
    """A figure of six or more significant digits ("51,663,182.04"): two such figures under one row label that
    differ by a slip are one figure mistyped, however short the label ("研发费用"); short ones may be two."""
    return len(digits(m.quantity.raw)) >= least


def _components(pairs: Iterable[tuple[Fact, Fact]]) -> list[list[Fact]]:
    parent: dict[int, int] = {}
    members: dict[int, Fact] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        for m in (a, b):
            members.setdefault(id(m), m)
            parent.setdefault(id(m), id(m))
        ra, rb = find(id(a)), find(id(b))
        if ra != rb:
            parent[rb] = ra
    groups: dict[int, list[Fact]] = defaultdict(list)
    for key, m in members.items():
        groups[find(key)].append(m)
    return [sorted(g, key=lambda m: (m.page, m.index)) for g in groups.values()]


def _finding(kind: str, mentions: list[Fact]) -> Finding:
    metric = max((m.label for m in mentions), key=lambda label: (sum(m.label == label for m in mentions), len(label)))
    values = sorted({f"{m.text}" for m in mentions})
    periods = sorted({m.period_key for m in mentions})
    name = shown(metric)
    if kind == CONTRADICTION:
        text = f"'{name}' is stated as {' and '.join(values)} for the same period ({periods[0]})."
    elif kind == PRIOR_PERIOD:
        text = f"'{name}' differs between periods ({', '.join(periods)}): a change over time, not an error."
    elif kind == UNCONFIRMED:
        text = (f"'{name}' has different values where the same words are used; nothing shows they are one metric "
                "(caption, subject or period may differ).")
    elif kind == OTHER_SUBJECT:
        text = f"'{name}' has different values for what reads as different subjects; check the subject is named."
    else:
        text = f"'{name}' is given as a bound or approximation and as a figure that agrees with it."
    return Finding(kind=kind, metric=metric, mentions=mentions, explanation=text)
