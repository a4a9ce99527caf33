"""What a question asks for, beyond its words: the period, a change or a level, the statement, a ratio to
derive, a definition; and which of its words only frame it ("哪家", "是多少", "报告里", "which section").

Periods are resolved against the report's own period, as facts are: in a 2019 annual report "2019年", "今年",
"本期" and "报告期" all mean the current period, "2018年末" and "上年" the previous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esgqa.facts.context import PeriodResolver, find_periods
from esgqa.facts.period import CURRENT, PREVIOUS

# Words that frame a question rather than name what it is about: interrogatives, "the report says", layout.
# They never count as support the evidence lacks.
FRAMING_ZH = frozenset(
    "哪家 哪个 哪些 哪位 哪一 哪项 哪种 哪类 哪年 哪一年 哪里 哪儿 谁 什么 什么样 怎样 怎么样 如何 怎么 为何 为什么 "
    "是否 有没有 有无 多少 多大 几 几个 叫 叫做 称为 名字 分别 各 那套 那个 那笔 那些 这个 这些 这套 该 此 "
    "请问 请 一下 大概 大约 约 左右 具体 主要 哪方面 情况 如何 "
    "报告 年报 本报告 报告书 报告中 报告里 报告期内披露 披露 提到 提及 显示 介绍 列出 列明 说明 写 称 写明 给出 "
    "章节 章 节 附录 附注里 表里 表中 表格 图表 页 亮点页 版块 部分 里面 其中 中 里 上 下 为 是 的 了 呢 吗 吧 啊 "
    "达到 达 有 共有 共 总共 一共 合计 一个 多少钱 数额 数值 水平 比例是 是多少".split())
FRAMING_EN = frozenset(
    "which what who whom whose when where why how many much does did do was were is are be been being has have "
    "had its it their they there this that these those with from than then about into over under after before "
    "between during and or not for the a an to of as by in on at per each report reported reports state stated "
    "states mention mentioned mentions disclose disclosed discloses according say says said give given show shown "
    "shows list listed section chapter appendix table page figure value amount number total level name called "
    "named its was".split())

_CHANGE_ZH = re.compile(r"(?:同比|较上年|比上年|较去年|比去年|环比|相比|相较)?"
                        r"(?:增长|增加|提升|提高|上升|下降|降低|减少|下滑|增减|变动|变化)(?:了|率|幅度|幅)?"
                        r"(?:多少|几|百分之几|多大)|增长率|增幅|降幅|变动比例|变动幅度|同比(?:增减|变动|变化)|"
                        r"比上年(?:增减|同期增减)")
_CHANGE_EN = re.compile(r"\b(?:grow|grew|growth|increase[ds]?|decrease[ds]?|decline[ds]?|rise|rose|fall|fell|drop"
                        r"(?:ped)?|change[ds]?|year[- ]on[- ]year|yoy)\b", re.IGNORECASE)
_EN_PERIODS = (
    (re.compile(r"\b(?:first|1st|q1)\s*quarter\b|\bq1\b", re.I), "-Q1"),
    (re.compile(r"\b(?:second|2nd)\s*quarter\b|\bq2\b", re.I), "-Q2"),
    (re.compile(r"\b(?:third|3rd)\s*quarter\b|\bq3\b", re.I), "-Q3"),
    (re.compile(r"\b(?:fourth|4th)\s*quarter\b|\bq4\b", re.I), "-Q4"),
)
_ZH_QUARTER = re.compile(r"第?([一二三四1-4])季度|([一二三四])季度|Q([1-4])")
_QUARTER_NUMBER = {"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}
_EN_YEAR = re.compile(r"\b(?:fy\s?|fiscal(?: year)?\s)?((?:19|20)\d{2})\b", re.IGNORECASE)
_EN_END_OF = re.compile(r"\b(?:end of|end-|year-end|as of|at the end of)\s*((?:19|20)\d{2})", re.IGNORECASE)
_PRIOR_EN = re.compile(r"\b(?:prior|previous|last|preceding)\s+(?:year|period|fiscal year)\b", re.IGNORECASE)
_PRIOR_ZH = re.compile(r"上年同期|上一年|上年度|上年|去年|上期|前一年|上一财年|上一个财年|上财年")
_CURRENT_ZH = re.compile(r"今年|本年度|本年|本期|报告期|本财年|当年|本报告期")
_PARENT = re.compile(r"母公司|parent company|parent's|the parent", re.IGNORECASE)
_CONSOLIDATED = re.compile(r"合并|consolidated|group-level|集团合并", re.IGNORECASE)
_DEFINITION = re.compile(r"公式|怎么算|如何计算|怎样计算|计算方法|计算口径|如何定义|定义为|指的是什么|是什么意思|"
                         r"formula|how (?:is|are) .{0,40}(?:calculated|computed|defined|measured)|defined as|"
                         r"definition",
                         re.IGNORECASE)
_TARGET = re.compile(r"目标|承诺|计划到|到20\d\d|不晚于|力争|target|goal|commit|pledge|by 20\d\d", re.IGNORECASE)


@dataclass(frozen=True)
class Intent:
    periods: tuple[str, ...]  # asked period keys, resolved ("current", "previous", "CY2017", "current-Q3")
    period_words: tuple[str, ...]  # as written ("2019年", "第三季度")
    change: bool  # asks for a change (增长了多少, growth rate) rather than a level
    scope: str | None  # "母公司" or "合并" when the question names the statement
    definition: bool  # asks how a figure is defined or computed, not for the figure
    target: bool  # asks for a goal or commitment


def _quarters(question: str) -> list[str]:
    found = [f"-Q{_QUARTER_NUMBER[next(g for g in m.groups() if g)]}" for m in _ZH_QUARTER.finditer(question)]
    found += [suffix for pattern, suffix in _EN_PERIODS if pattern.search(question)]
    return list(dict.fromkeys(found))


def read_intent(question: str, resolver: PeriodResolver | None = None) -> Intent:
    """The period, change, scope and kind of question; periods resolved with the report's `resolver`."""
    resolver = resolver or PeriodResolver(None, None)
    compact = re.sub(r"\s+", "", question)
    keys: list[str] = []
    words: list[str] = []
    for period in find_periods(compact):
        keys.append(resolver.resolve(period.key))
        words.append(period.text)
    for match in _EN_END_OF.finditer(question):
        keys.append(resolver.resolve(f"AS{match.group(1)}-12-31") if resolver.current else f"CY{match.group(1)}")
        words.append(match.group())
    for match in _EN_YEAR.finditer(question):
        if not any(match.group(1) in w for w in words):
            prefix = "FY" if (resolver.current or "").startswith("FY") or "fy" in match.group().lower() else "CY"
            keys.append(resolver.resolve(f"{prefix}{match.group(1)}"))
            words.append(match.group())
    if _PRIOR_EN.search(question) or (_PRIOR_ZH.search(compact) and not keys):
        keys.append(PREVIOUS)
        words.append((_PRIOR_EN.search(question) or _PRIOR_ZH.search(compact)).group())  # type: ignore[union-attr]
    if _CURRENT_ZH.search(compact) and not keys:
        keys.append(CURRENT)
        words.append(_CURRENT_ZH.search(compact).group())  # type: ignore[union-attr]
    quarters = _quarters(question)
    if quarters:
        base = [k for k in keys if not k.startswith("AS")] or [CURRENT]
        keys = [f"{k}{q}" for k in base[:1] for q in quarters]
    change = bool(_CHANGE_ZH.search(compact) or (_CHANGE_EN.search(question)
                                                 and re.search(r"\bby how much|how much did|what was the|rate|"
                                                               r"percent|%|\bchange", question, re.IGNORECASE)))
    scope = "母公司" if _PARENT.search(question) else "合并" if _CONSOLIDATED.search(question) else None
    return Intent(tuple(dict.fromkeys(keys)), tuple(dict.fromkeys(words)), change, scope,
                  bool(_DEFINITION.search(question)), bool(_TARGET.search(question)))


__all__ = ["FRAMING_EN", "FRAMING_ZH", "Intent", "read_intent"]
