"""Every number of a report as a mention: value and unit, qualifier, period, change or level, metric label, page.

Works on each page's normalised text (wraps joined, "468.1 万\\n吨" glued) and maps spans back to the page as
extracted. Infographic pages put a figure alone on a line ("1.215", "%12.9", "万吨686.3"); such a callout takes
its label from a heading right above it or from the caption on the same page that states the same figure.
"""

from __future__ import annotations

import itertools
import re

from esgqa.facts.callouts import callout_label, echo_callouts
from esgqa.facts.context import Period, change_kind, find_periods, is_target, qualifier
from esgqa.facts.labels import clean_label, clean_tail, contains, scope_tags
from esgqa.facts.layout import (
    TERMINAL,
    Line,
    extend_back,
    find_clause_end,
    find_clause_start,
    page_lines,
    segment,
)
from esgqa.facts.model import NUMBER_MARK, Fact
from esgqa.facts.slips import looks_alike, slip_rank
from esgqa.ingest.normalize import NormalizedText, normalize
from esgqa.numbers import COUNTERS, Quantity, scan_normalized

__all__ = ["NUMBER_MARK", "Fact", "looks_alike", "page_mentions", "slip_rank"]

_CONNECTIVE = re.compile(
    r"与?此同时|同时|此外|另外|其中|因此|基于此|具体实施上|具体而言|例如|比如|首先|其次|最后|目前|当前")
_TARGET_WORDS = re.compile(r"目标|承诺|愿景|力争|不晚于|(?i:\b(?:targets?|goals?|commit(?:ted|ment|s)?|aims? to|"
                           r"ambitions?|pledged?|aspir\w+)\b|\bby (?:the end of )?20[2-9]\d\b)")
# a forecast or a plan: "预计本次转股后，公司的总股本为 …", "公司股份总数将变更为 …"
_PROJECTION = re.compile(r"预计|预期|预测|拟(?![合定])|将(?:会|变更|达到?|减少|增加|降至|增至)")
_SUPERSEDED = re.compile(r"(?:^|[，,；;。])\s*(?:原|原定|原计划|调整前|变更前)(?![因则材料])")
_ATTACHED = re.compile(r"^[的为是达\s]*$")
_LABEL_LINE = re.compile(r"^\s*[^，。；：:\d]{1,20}[：:]")  # "总资产：人民币 …": a line that labels its own figure
_COLON_LABEL = re.compile(r"(?P<label>[^，。；：:\d\n]{1,20})[：:]\s*(?:人民币|美元|港元|欧元|日元)?\s*$")
_STILL = re.compile(r"(?:仍然?|依然|依旧|继续|也|亦|均|都|分别)(?:为|是|达|保持)?")


def page_mentions(doc: str, page: int, page_text: str, normalized: NormalizedText | None = None) -> list[Fact]:
    """Mentions of one page, with labels, qualifiers, change words and periods (keys not yet resolved)."""
    normalized = normalized if normalized is not None else normalize(page_text)
    text = normalized.text
    quantities = scan_normalized(text)
    lines = page_lines(text, quantities)
    periods = find_periods(text)
    line_of = [_line_index(lines, q.start) for q in quantities]
    attached = [_attached_to(text, p, quantities) for p in periods]
    mentions: list[Fact] = []
    for i, q in enumerate(quantities):
        line = lines[line_of[i]]
        mention = _mention(doc, page, page_text, normalized, q, i)
        mention.line, mention.callout = line_of[i], line.callout
        seg_start, seg_end = segment(text, line, q.start)
        context_start = extend_back(text, lines, line_of[i], seg_start, quantities, q)
        mention.sentence = text[context_start:seg_end].replace("\n", "").strip()
        mention.sentence_start = context_start
        figures = [p for p in mentions if not p.identifier_like]  # a footnote digit is nobody's previous figure
        prev = figures[-1] if figures and figures[-1].quantity.end > context_start else None
        if prev is not None and prev.line != mention.line and line.callout:
            prev = None
        following_line = lines[line_of[i] + 1] if line_of[i] + 1 < len(lines) else None
        run_on = ""  # "超过 220 名\n“乡村振兴技术官”": what is counted may sit on the next line
        if following_line is not None and not following_line.callout and not line.terminal and seg_end == line.end \
                and not _LABEL_LINE.match(text[following_line.start : following_line.end]):
            run_on = re.split(r"[，,。；：:\d]", text[following_line.start : following_line.end])[0]
        _read_words(mention, text, q, prev, context_start, seg_end, quantities, run_on)
        _assign_period(mention, text, q, prev, periods, attached, context_start)
        clause = text[find_clause_start(text, context_start, q.start) : find_clause_end(text, q.end, seg_end)]
        if _TARGET_WORDS.search(clause):
            mention.period, mention.period_raw = "目标", "TARGET"  # a commitment, whenever it was announced
        elif _PROJECTION.search(text[context_start : q.start]):
            mention.period, mention.period_raw = "预计", "FORECAST"  # an estimate, not a reported value
        elif _SUPERSEDED.search(text[context_start : q.start]):
            mention.period, mention.period_raw = "原", "ORIGINAL"  # "原首次授予的…数量为": replaced by a later figure
        if line.callout:
            mention.label, mention.topic, mention.head, mention.tail = "", "", "", ""
        mentions.append(mention)
    _mark_ranges(text, mentions)
    echo_callouts(mentions, lowest_rank=4)  # the same figure
    echo_callouts(mentions, lowest_rank=2)  # the same digits ("1.125" under "…降至 1.215"), or one step off
    echo_callouts(mentions, lowest_rank=0)  # the one caption of its unit and bound near its value
    for m in mentions:
        if m.callout and not m.label:
            callout_label(m, text, lines, m.line, quantities)
    return mentions


def _mention(doc: str, page: int, page_text: str, normalized: NormalizedText, q: Quantity, index: int) -> Fact:
    start, end = normalized.original_span(q.start, q.end)
    return Fact(doc=doc, page=page, quantity=q, start=start, end=end, raw=page_text[start:end], index=index)


def _line_index(lines: list[Line], position: int) -> int:
    for i, line in enumerate(lines):
        if line.start <= position <= line.end:
            return i
    return len(lines) - 1


def _attached_to(text: str, period: Period, quantities: list[Quantity]) -> int | None:
    """Index of the quantity a period is written right before ("2022 财年的 1.247"), if any."""
    for i, q in enumerate(quantities):
        if q.start >= period.end:
            gap = text[period.end : q.start]
            return i if _ATTACHED.match(gap) and len(gap) <= 3 else None
    return None


def _read_words(m: Fact, text: str, q: Quantity, prev: Fact | None, context_start: int, end: int,
                others: list[Quantity], run_on: str = "") -> None:
    clause_start = find_clause_start(text, context_start, q.start)
    in_clause = prev if prev is not None and prev.quantity.end > clause_start else None
    pre_start = in_clause.quantity.end if in_clause is not None else clause_start
    before = text[pre_start : q.start]
    m.before = text[clause_start : q.start]
    clause_end = find_clause_end(text, q.end, end)
    following = [o for o in others if q.end <= o.start < clause_end and not _footnote_like(o)]
    after = text[q.end : following[0].start if following else clause_end]
    m.qualifier, m.qualifier_text = qualifier(before, q.raw, after)
    m.change = change_kind(before)
    m.tags = scope_tags(text[clause_start : q.start]) or scope_tags(text[context_start : q.start])
    target = prev is not None and not prev.change and is_target(text[prev.quantity.end : q.start])
    head = clean_label(before)
    if in_clause is not None and "consumes" in in_clause.notes and not target and not m.change:
        # "派出 27 位特派员、超 220 名技术官": the words before belong to the previous figure up to the separator;
        # after it they are this figure's own ("应用数突破 500 万、开发者超 380 万")
        # ("应用数突破 500 万、开发者超 380 万"); without a separator the phrase runs on through the previous
        # figure ("办公环境满意度已连续 4 个季度超 91%" -> "办公环境满意度已连续#季度")
        pieces = _SEPARATOR.split(before)
        if len(pieces) > 1:
            head = clean_label(pieces[-1]) or in_clause.head
        elif in_clause.head or head:
            head = f"{in_clause.head}{NUMBER_MARK}{head}"
    m.head = head
    counted = _counted(q)
    if counted or after.lstrip(" 以上左右多余超约").startswith("的") or not following:
        m.tail = clean_tail(_tail_text(text, q, following, clause_end))
        if not m.tail and not following and clause_end == end and run_on and counted:
            m.tail = clean_tail(run_on)
        if m.tail and following:
            m.notes.append("consumes")
    label = f"{head}{m.tail}"
    if target and prev is not None:
        m.notes.append("target")
        label, m.tags = prev.label, prev.tags or m.tags
    elif m.change and prev is not None and (not head or contains(head, prev.label)):
        label, m.tags = prev.label, prev.tags or m.tags
    if not label or _STILL.fullmatch(label):
        colon = _COLON_LABEL.search(text[text.rfind("\n", 0, q.start) + 1 : q.start])
        label = clean_label(colon.group("label")) if colon else _earlier_label(text, context_start, clause_start, prev)
    m.label = label
    m.topic = _topic(text, context_start, clause_start)


# between two figures: a comma or slash anywhere, or a conjunction right before the second figure
_SEPARATOR = re.compile(r"[、，,/]|[和及与或](?=\s*(?:超过|超|约|近|逾|共|达)?\s*$)")


def _counted(q: Quantity) -> bool:
    """A count ("27 位", "7,000 万"), whose words follow it: what was counted, and what those did."""
    return q.base_unit in COUNTERS or (not q.base_unit and bool(q.unit))


def _footnote_like(q: Quantity) -> bool:
    """A bare one- or two-digit number: a footnote mark or list number, not a figure ("行为5", "类目10")."""
    return not q.unit and q.raw.isdigit() and len(q.raw) <= 2


def _tail_text(text: str, q: Quantity, following: list[Quantity], clause_end: int) -> str:
    """The words after a number up to the clause end, other numbers cut out ("员工参与并完成了约 300 万次低碳办公
    行为" -> "员工参与并完成了约低碳办公行为"); an enumeration ("特派员、超过 220 名技术官") stops at the next item."""
    parts: list[str] = []
    position = q.end
    counted = _counted(q)
    for other in following:
        between = text[position : other.start]
        separator = _SEPARATOR.search(between)
        if separator is not None:  # "特派员、超过 220 名": this figure's words end at the separator
            parts.append(between[: separator.start()])
            return "".join(parts)
        if not counted and between.strip():
            parts.append(between)
            return "".join(parts)
        parts.append(between + NUMBER_MARK)  # "11 万名员工参与并完成了约 # 低碳办公行为": the words go on past a figure
        position = other.end
    parts.append(text[position:clause_end])
    return "".join(parts)


def _earlier_label(text: str, context_start: int, clause_start: int, prev: Fact | None) -> str:
    """An empty label borrows from the clause before ("PUE（…），从 2022 财年的 1.247"); a comparison base
    ("…下降至 1.215，较 2022 财年的 1.247") is the figure it is compared with."""
    if prev is not None and prev.label and re.match(r"\s*(较|相比|相较|比|与|同)", text[clause_start:]):
        return prev.label
    boundary = clause_start - 1
    while boundary > context_start:
        start = find_clause_start(text, context_start, boundary)
        candidate = clean_label(text[start:boundary])
        if candidate and not re.search(r"\d", text[start:boundary]):
            return candidate
        if re.search(r"\d", text[start:boundary]):
            return ""  # the clause before is another figure's
        boundary = start - 1
    return ""


def _topic(text: str, context_start: int, clause_start: int) -> str:
    """The sentence's subject, roughly: the first clause before the number's that names something
    ("张北数据中心持续推进…", "高鑫零售清洁电力交易量"), or the text before a colon ("液冷服务器技术：…")."""
    colon = max(text.rfind("：", context_start, clause_start), text.rfind(":", context_start, clause_start))
    if colon > context_start:
        return clean_label(text[find_clause_start(text, context_start, colon) : colon])
    start = context_start
    while start < clause_start:
        end = find_clause_end(text, start, clause_start)
        candidate = re.sub(r"[\d.,%]+", "", clean_label(text[start:end]))
        if len(candidate) >= 2 and not _CONNECTIVE.fullmatch(candidate):
            return candidate
        start = end + 1
    line_start = text.rfind("\n", 0, context_start) + 1
    previous_end = text.rfind("。", line_start, context_start)
    if previous_end > line_start:
        sentence_start = max(text.rfind(ch, line_start, previous_end) for ch in TERMINAL) + 1
        sentence_start = max(sentence_start, line_start)
        first = text[sentence_start : find_clause_end(text, sentence_start, previous_end)]
        return re.sub(r"[\d.,%]+", "", clean_label(first))
    return ""


def _assign_period(m: Fact, text: str, q: Quantity, prev: Fact | None, periods: list[Period],
                   attached: list[int | None], context_start: int) -> None:
    """A period written right before the number wins; a "从 P 的 X 降至 Y" target is the period after P; then the
    last free period of the clause, then the first free period of the sentence."""
    before = [(p, a) for p, a in zip(periods, attached, strict=True) if context_start <= p.start and p.end <= q.start]
    own = [p for p, a in before if a == m.index]
    free = [p for p, a in before if a is None]
    if m.change:  # "相比上一财年…提升 128.9%": the compared-with period is not the change's period
        free = [p for p in free if not re.search(r"(相比|相较|较|比|与|从|自)$", text[max(0, p.start - 2) : p.start])]
    chosen: Period | None = None
    if own:
        chosen = own[-1]
        m.notes.append("own-period")
    elif prev is not None and "target" in m.notes and "own-period" in prev.notes and not free:
        m.period, m.period_raw = f"{prev.period}之后", f"NEXT:{prev.period_raw}"
        return
    elif free:
        clause_start = find_clause_start(text, context_start, q.start)
        in_clause = [p for p in free if p.start >= clause_start]
        chosen = in_clause[-1] if in_clause else free[0]
    if chosen is not None:
        m.period, m.period_raw = chosen.text, chosen.key
    if prev is not None and "target" in m.notes and "own-period" not in prev.notes:
        # "2023 财年，…从 20% 提升到 30%": the first figure is the one of the period before
        prev.period, prev.period_raw = f"{m.period or '本期'}之前", f"BEFORE:{m.period_raw or ''}"


def _mark_ranges(text: str, mentions: list[Fact]) -> None:
    for a, b in itertools.pairwise(mentions):
        if text[a.quantity.end : b.quantity.start].strip() in ("-", "–", "—", "~", "～", "至"):
            a.in_range = b.in_range = True
