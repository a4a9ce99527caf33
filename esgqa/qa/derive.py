"""Derived figures: a share, growth rate, difference, multiple or average the report does not state but its
own figures determine, computed from facts of one period and statement, with the formula and each input's page.

The question names the relation ("A占B的比重", "A是B的多少倍", "比2017年增长了多少", "平均每位参与者…",
"what share of B came from A", "by what percentage did A change from FY2022 to FY2023") or a ratio whose
definition is standard (毛利率, 资产负债率, 流动比率, 实际税负率). Each input is the fact that best matches
its words (`esgqa.qa.inputs`); a derivation is given only when every input is found, never from a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from esgqa.facts.model import Fact
from esgqa.facts.ratios import NAMED
from esgqa.query.plan import QueryPlan

SHARE, GROWTH, POINTS, MULTIPLE, DIFFERENCE, AVERAGE, RATIO = (
    "share", "growth", "points", "multiple", "difference", "average", "ratio")


@dataclass(frozen=True)
class Relation:
    """What to compute: `kind` over the inputs named by `parts` (a phrase each), at `periods` when the
    relation compares two periods of one metric."""

    kind: str
    parts: tuple[str, ...]
    periods: tuple[str, ...] = ()
    formula: str = ""


_TAIL = r"(?:是|为|约为|大约是|大概是|有)?(?:多少|多大|几成|百分之几)"
_SHARE_ZH = (  # "A在B中占比", "B中，A占比", "A占B的比重"
    re.compile(rf"(?P<a>[^，。？?,]{{2,40}}?)在(?P<b>[^，。？?,]{{2,40}}?)(?:中|里|当中|之中)(?:的)?"
               rf"(?:占比|所占比例|所占比重|所占的比例|占的比例|占的比重){_TAIL}"),
    re.compile(rf"(?P<b>[^，。？?,]{{2,40}}?)(?:中|里|当中|之中)[，,]?(?P<a>[^，。？?,]{{2,40}}?)(?:的)?"
               rf"(?:占比|所占比例|所占比重|比例|比重){_TAIL}"),
    re.compile(r"(?P<a>[^，。？?,占]{2,40})占(?!比)(?P<b>[^，。？?,]{2,40}?)(?:的)?"
               r"(?:比重|比例|百分比|份额|比率|多少|多大|几成)"),
)
_SHARE_EN = re.compile(r"(?:what|which) (?:share|percentage|proportion|part|fraction) of (?P<b>.+?) "
                       r"(?:came from|was from|were|was|is|are|went to|did) (?P<a>.+?)[?.]?$", re.I)
_SHARE_EN2 = re.compile(r"(?P<a>.+?) as a (?:share|percentage|proportion) of (?P<b>.+?)[?.]?$", re.I)
_MULTIPLE_ZH = re.compile(r"(?P<a>[^，。？?,]{2,40}?)是(?P<b>[^，。？?,]{2,40}?)的(?:多少|几)倍")
_MULTIPLE_EN = re.compile(r"how many times (?:larger|greater|bigger|as (?:large|much|high) as)? ?(?P<a>.+?) "
                          r"(?:than|compared with|as) (?P<b>.+?)[?.]?$", re.I)
_AVERAGE_ZH = re.compile(r"(?:平均每|人均|每)(?:一)?(?P<measure>个|位|名|场|家|人|次|条|项|所|座|户|期|批)?"
                         r"(?P<b>[^，。？?,有]{0,20}?)(?:完成|提供|有|发布|参加|参与|带来|实现|获得|覆盖|培训|开展)?"
                         r"了?(?:多少|几)(?P<a>[^，。？?,]*)")
_AVERAGE_EN = re.compile(r"(?:per|each|every) (?P<b>[a-z][a-z \-]{1,40}?)(?: on average| who|,|\?|$)", re.I)
_GROWTH = re.compile(r"增长了?多少|增长率|增幅|降幅|变化了?多少|变动了?多少|下降了?多少|减少了?(?:百分之)?多少|"
                     r"percentage change|by what percentage|growth rate|"
                     r"how much .{0,30}(?:grow|increase|decrease|fall)", re.I)
_POINTS = re.compile(r"多少个百分点|几个百分点|percentage points?", re.I)
_DIFFERENCE = re.compile(r"多了多少|少了多少|相差多少|差额|exceed|more than .* by how much|by how much .* exceed|"
                         r"difference between", re.I)


def _clean(phrase: str) -> str:
    phrase = re.sub(r"^(?:按|根据|以|在|于|从)[^，,]{0,20}?(?:计算|算|数据)[，,]?", "", phrase.strip())
    phrase = re.sub(r"(?:19|20)\d{2}\s*(?:财年|年度|年末|年)?|截至[^，,]{0,12}[，,]?|FY\s?\d{4}", "", phrase)
    return phrase.strip(" ，,、的")


def relation(plan: QueryPlan) -> Relation | None:
    """The relation a question asks to compute, if any (None: it asks for a stated figure)."""
    question = plan.text.strip()
    for pattern, terms, how in NAMED:
        if pattern.search(question):
            return Relation(RATIO if how == "ratio" else "margin", terms, formula=how)
    two_periods = len(plan.intent.periods) >= 2
    if two_periods and _POINTS.search(question):
        return Relation(POINTS, (question,), plan.intent.periods)
    if two_periods and _DIFFERENCE.search(question) and not _GROWTH.search(question):
        return Relation(DIFFERENCE, (question,), plan.intent.periods)
    if two_periods and (_GROWTH.search(question) or plan.intent.change):
        return Relation(GROWTH, (question,), plan.intent.periods)
    for pattern in (_MULTIPLE_ZH, _MULTIPLE_EN):
        if match := pattern.search(question):
            return Relation(MULTIPLE, (_clean(match.group("a")), _clean(match.group("b"))))
    for pattern in (*_SHARE_ZH, _SHARE_EN, _SHARE_EN2):
        if match := pattern.search(question):
            a, b = _clean(match.group("a")), _clean(match.group("b"))
            if a and b and a != b:
                return Relation(SHARE, (a, b))
    if (match := _AVERAGE_ZH.search(question)) and re.search(r"平均|人均", question):
        per = _clean(match.group("b")) or (match.group("measure") or "")
        return Relation(AVERAGE, (question, per), formula=match.group("measure") or "")
    if (match := _AVERAGE_EN.search(question)) and re.search(r"average|per |each ", question, re.I):
        return Relation(AVERAGE, (question, _clean(match.group("b"))))
    if _ASKS_SHARE.search(question):  # a share whose part and whole the wording does not separate
        return Relation(SHARE, (), formula="pair")
    if _ASKS_AVERAGE.search(question):
        return Relation(AVERAGE, (), formula="pair")
    return None


_ASKS_SHARE = re.compile(r"占比|比重|比例|百分之几|\bshare\b|percentage|proportion|what fraction", re.I)
_ASKS_AVERAGE = re.compile(r"平均|人均|on average|per capita|average", re.I)


@dataclass
class Derived:
    value: float
    unit: str  # "%", "倍", "个百分点", or the inputs' unit
    formula: str
    inputs: list[Fact] = field(default_factory=list)
    kind: str = ""

    @property
    def text(self) -> str:
        decimals = 2 if abs(self.value) < 1000 else 0
        number = f"{self.value:,.{decimals}f}"
        return f"{number}{self.unit}"

    def to_dict(self) -> dict[str, object]:
        return {"value": round(self.value, 6), "unit": self.unit, "formula": self.formula,
                "inputs": [{"label": f.metric or (f.table.row if f.table else ""), "value": f.text, "page": f.page,
                            "period": f.period_key} for f in self.inputs]}


def compute(kind: str, inputs: list[Fact]) -> Derived | None:
    """The derived figure from its inputs (None when a denominator is zero, the units disagree or the inputs'
    dimensions do not make the relation: `dimensions_agree`)."""
    if not dimensions_agree(kind, inputs):
        return None
    derived = _compute(kind, inputs)
    if derived is not None:
        derived.kind = kind
    return derived


_DURATION = frozenset({"小时", "天", "日", "分钟", "秒", "年", "月", "周", "hour", "hours", "day", "days"})


def _head(fact: Fact) -> str:
    """The noun a fact counts or measures: the last word of its metric name ("国家和地区员工" → "员工")."""
    from esgqa.query.terms import tokenize

    name = fact.metric or (fact.table.row if fact.table else "") or fact.label
    words = [w for w in tokenize(name) if len(w) >= 2 and not re.fullmatch(r"[\d.%]+", w)]
    return words[-1] if words else ""


def dimensions_agree(kind: str, inputs: list[Fact]) -> bool:
    """A share is a part over a whole of one unit and one population: the whole's noun is the part's too
    (directors over directors, never directors over employees; two rows of one table column measure alike).
    An average divides by a count, never by a duration (money per hour is not what "平均" asks). A growth or
    difference compares one metric with itself (same unit family)."""
    if len(inputs) < 2:
        return True
    first, second = inputs[0], inputs[1]
    if kind == SHARE:
        if first.table is not None and second.table is not None and first.table.title == second.table.title \
                and first.table.column == second.table.column:
            return True
        head = _head(second)
        words = f"{first.metric} {first.label} {first.table.row if first.table else ''}"
        return not head or head in words or _head(first) == head
    if kind == AVERAGE:
        return second.quantity.base_unit not in _DURATION
    if kind in (GROWTH, DIFFERENCE):
        return first.family == second.family
    return True


def paired(derived: Derived) -> bool:
    """Computed from the pair of figures that cover the question, not from the parts its wording names."""
    return derived.formula.startswith("pair:")


def _compute(kind: str, inputs: list[Fact]) -> Derived | None:
    values = [f.quantity.base_value for f in inputs]
    names = [f.metric or (f.table.row if f.table else "") for f in inputs]
    try:
        if kind in (SHARE, RATIO):
            return Derived(values[0] / values[1] * 100, "%", f"{names[0]} ÷ {names[1]} × 100%", inputs)
        if kind == "margin":
            return Derived((values[0] - values[1]) / values[0] * 100, "%",
                           f"({names[0]} − {names[1]}) ÷ {names[0]} × 100%", inputs)
        if kind == MULTIPLE:
            return Derived(values[0] / values[1], "倍", f"{names[0]} ÷ {names[1]}", inputs)
        if kind == GROWTH:
            old, new = values
            return Derived((new - old) / abs(old) * 100, "%", f"({names[1]}, later − earlier) ÷ earlier × 100%",
                           inputs)
        if kind == POINTS:
            old, new = values
            return Derived(new - old, "个百分点", f"{names[1]}: later − earlier (percentage points)", inputs)
        if kind == DIFFERENCE:
            old, new = values
            unit = inputs[1].quantity.unit
            scale = inputs[1].quantity.base_value / inputs[1].quantity.value if inputs[1].quantity.value else 1.0
            return Derived((new - old) / scale, unit, f"{names[1]}: later − earlier", inputs)
        if kind == AVERAGE:
            unit = inputs[0].quantity.unit or ""
            return Derived(values[0] / values[1], re.sub(r"^[万亿千百]+", "", unit) or unit,
                           f"{names[0]} ÷ {names[1]}", inputs)
    except ZeroDivisionError:
        return None
    return None


__all__ = ["AVERAGE", "DIFFERENCE", "GROWTH", "MULTIPLE", "POINTS", "RATIO", "SHARE", "Derived", "Relation",
           "compute", "relation"]
