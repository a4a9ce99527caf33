"""Infographic callouts: a figure alone on a line repeats a caption's figure on its page.

The callout takes that caption's label, period and unit ("2,290.7" under "…共计减碳 2,290.7 万吨"). A callout that
matches no caption but is a slip away from one (same digits, one step in the last place) is taken as a mis-set copy
of the nearest such caption, so the two disagree in the open. Failing both, short heading lines above it label it.
"""

from __future__ import annotations

import re

from esgqa.facts.labels import clean_label
from esgqa.facts.layout import Line
from esgqa.facts.model import Fact
from esgqa.facts.slips import slip_rank
from esgqa.numbers import Quantity, same_quantity


def echo_callouts(mentions: list[Fact], lowest_rank: int) -> None:
    """A callout repeats a caption's figure on its page: take that caption's label and period. The caption with
    the same figure (rank 4) wins; else the nearest one whose figure is a slip away from the callout's: the same
    digits or one step in the last place (3, 2). One digit off is too common by chance ("17,000"/"14,000").
    With `lowest_rank=0`, a callout still unlabelled takes the one caption of its unit and bound near its value."""
    captions = [m for m in mentions if not m.callout and m.label]
    for m in mentions:
        if not m.callout or m.label:
            continue
        ranked = [(4 if _same_figure(m, c) else slip_rank(m.quantity.raw, c.quantity.raw), c)
                  for c in captions if _comparable_units(m, c)]
        best = max((rank for rank, _ in ranked), default=0)
        same = [c for rank, c in ranked if rank == best]
        if lowest_rank == 0:
            taken = {note for other in mentions for note in other.notes if note.startswith("echo:")}
            near = [c for c in captions if _near(m, c) and f"echo:{c.index}" not in taken]
            if len(near) != 1:
                continue
            best, same = 1, near  # the page's one caption of this unit and bound near the callout's figure
        elif best < lowest_rank:
            continue
        if best in (2, 3):  # several slips are possible: the caption nearest the callout is its caption
            same = [c for rank, c in ranked if rank >= 2]
        if best < 4:
            m.notes.append("look-alike")
        source = min(same, key=lambda c: (abs(c.line - m.line), c.line > m.line))
        m.label, m.tags, m.topic = source.label, source.tags, source.topic
        m.period, m.period_raw, m.change = source.period, source.period_raw, source.change
        m.qualifier = m.qualifier or source.qualifier
        if not m.quantity.unit and source.quantity.unit:  # "2,290.7" under "…2,290.7 万吨": same figure and unit
            q, factor = m.quantity, source.quantity.base_value / source.quantity.value
            m.quantity = Quantity(q.raw, q.value, source.quantity.unit, q.value * factor,
                                  source.quantity.base_unit, q.start, q.end)
            m.unit_hint = source.family
        m.echo = True
        m.notes.append(f"echo:{source.index}")
        m.sentence = f"{m.sentence}（{source.sentence}）"


def _near(callout: Fact, caption: Fact, within: float = 0.15) -> bool:
    """A figure with the callout's unit and bound, within `within` of its value: the caption a mis-set callout
    repeats when no caption has its digits ("超 1,261 亿元" beside "…销售额超 1,300 亿元")."""
    if not callout.quantity.unit or callout.family != caption.family or caption.change:
        return False
    if callout.qualifier and callout.qualifier != caption.qualifier:
        return False
    x, y = abs(callout.quantity.base_value), abs(caption.quantity.base_value)
    return max(x, y) > 0 and abs(x - y) <= within * max(x, y)


def _comparable_units(callout: Fact, caption: Fact) -> bool:
    return not callout.quantity.unit or callout.family == caption.family or \
        caption.quantity.unit.startswith(callout.quantity.unit)


def _same_figure(callout: Fact, caption: Fact) -> bool:
    if not callout.quantity.unit:  # a bare "49.1" under "49.1% 的员工为女性"
        return abs(callout.quantity.value - caption.quantity.value) < 1e-9
    if abs(callout.quantity.value - caption.quantity.value) < 1e-9 and \
            caption.quantity.unit.startswith(callout.quantity.unit):
        return True  # "61万" set over "…超 61 万份设计手稿": the counter is in the caption
    return same_quantity(callout.quantity, caption.quantity)


def callout_label(m: Fact, text: str, lines: list[Line], index: int, quantities: list[Quantity]) -> None:
    """A callout's heading: up to two short lines right above it that hold no number ("自建数据中心\\n清洁能源占比")."""
    m.label, m.topic = "", ""
    parts: list[str] = []
    for j in (index - 1, index - 2):
        if j < 0:
            break
        line = lines[j]
        content = text[line.start : line.end]
        if line.callout or line.terminal or len(content) > 16 or not content.strip():
            break
        if any(line.start <= p.start < line.end for p in quantities) or re.search(r"[，。,]", content):
            break
        parts.insert(0, content)
    if parts:
        m.label = clean_label("".join(parts))
        m.sentence = ("".join(parts) + " " + m.sentence).strip()
