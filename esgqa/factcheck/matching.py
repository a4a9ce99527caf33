"""Do two metric labels name the same metric? Word-level comparison of cleaned labels.

Labels are aligned character by character (longest common subsequence). The words one label has and the other
lacks decide: fillers ("量", "整体"), words the other moved ("为客户赋能" / "赋能客户"), words said all over the
report (the company's name) and words the other sentence opens with (its subject) are harmless; so is a short aside
inside a long shared phrase. Unexplained words on both sides mean two metrics; on one side only, one label names
a subject the other does not state ("自建数据中心PUE" / "PUE"): the same words, maybe another subject ("generic").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from esgqa.facts.model import NUMBER_MARK, Fact

GENERIC = 5  # a label shorter than this names a metric but not whose it is
TOPIC = 60.0


def match_labels(a: Fact, b: Fact, background: Callable[[str], bool]) -> str:
    """"strong" (same metric), "generic" (same metric words, but one names a subject the other lacks) or ""."""
    if a.tags and b.tags and a.tags != b.tags:
        return ""
    la, lb = core_label(a.label), core_label(b.label)
    if not la or not lb:
        return ""
    common = sum(block.size for block in Indel.opcodes(la, lb).as_matching_blocks())
    if common < 2 or common < 0.5 * min(len(la), len(lb)):
        return ""
    extra_a, extra_b = _extras(la, lb)
    unexplained_a = [w for w in extra_a if not _explained(w, b, background)]
    unexplained_b = [w for w in extra_b if not _explained(w, a, background)]
    # an aside inside a long shared phrase ("商家使用的[数据决策工具]生意参谋"), when only one label has it
    if not unexplained_b and _aside(unexplained_a, common, len(la)):
        unexplained_a = []
    if not unexplained_a and _aside(unexplained_b, common, len(lb)):
        unexplained_b = []
    if unexplained_a and unexplained_b:
        return ""
    if unexplained_a or unexplained_b:
        return "generic"
    if min(len(la), len(lb)) < GENERIC and not _same_topic(a, b):
        return "generic"
    return "strong"


_FILLER = set("量数值水平总整体全年度自身已有共计累各等其之个项约超过近达为是在中上让使将把对向都均")


def _aside(extras: list[tuple[str, bool]], common: int, length: int) -> bool:
    """Words inside a label (not opening it) that are shorter than what the two labels share, or words after
    the shared phrase (infographic text run on: "员工总志愿时[阿里健康发布…]")."""
    if common < 4 or any(leading or NUMBER_MARK in words for words, leading in extras):
        return False
    if sum(len(w) for w, _ in extras) <= common / 2:
        return True
    return common >= 5 and len(extras) == 1 and length - len(extras[0][0]) == common  # one run, at the end


def core_label(label: str) -> str:
    return re.sub(r"[\d.,%、，,\s“”\"']+", "", label)


def _extras(la: str, lb: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The words of each label that the other lacks, as runs of characters, each with whether it opens the
    label (a leading run names whose metric it is; one inside it only qualifies a word)."""
    extra_a: list[tuple[str, bool]] = []
    extra_b: list[tuple[str, bool]] = []
    for op in Indel.opcodes(la, lb):
        if op.tag in ("delete", "replace"):
            extra_a.append((la[op.src_start : op.src_end], op.src_start == 0))
        if op.tag in ("insert", "replace"):
            extra_b.append((lb[op.dest_start : op.dest_end], op.dest_start == 0))
    return extra_a, extra_b


def _explained(extra: tuple[str, bool], other: Fact, background: Callable[[str], bool]) -> bool:
    """Words one label has and the other lacks are harmless when they are fillers ("量", "整体"), moved rather
    than missing ("为客户赋能" / "赋能客户"), said all over the report (the company's name), said where the other
    sentence opens (its subject: "张北数据中心…。…PUE 达到 1.19"), or an aside inside a long shared phrase
    ("商家使用的[数据决策工具]生意参谋")."""
    words, _ = extra
    if NUMBER_MARK in words:
        return False  # one label's words run past another figure, the other's do not: not the same phrase
    if all(ch in _FILLER for ch in words):
        return True
    rest = words.strip("".join(_FILLER))
    if len(rest) < 2:
        return False  # one character is found anywhere by chance
    return rest in other.label or rest in other.topic or background(rest)


def _same_topic(a: Fact, b: Fact) -> bool:
    if a.page == b.page and a.callout != b.callout:
        return True
    if a.tags and a.tags == b.tags:
        return True  # both about "范围 3+"
    if not a.topic and not b.topic:
        return True  # neither sentence names a subject: both are about the reporting company
    if not a.topic or not b.topic:
        return False
    return fuzz.ratio(a.topic, b.topic) >= TOPIC
