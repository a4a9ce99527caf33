"""Standard financial ratios by their usual names: what the answerer derives when asked, and what the fact-check
recomputes when a report states one (毛利率 22.27% beside 营业收入 and 营业成本).

Each entry: the name's pattern, the two terms (row labels as reports print them), and how they combine:
"margin" is (a − b) / a, "ratio" is a / b.
"""

from __future__ import annotations

import re

NAMED: tuple[tuple[re.Pattern[str], tuple[str, ...], str], ...] = (
    (re.compile(r"毛利率|gross (?:profit )?margin", re.I), ("营业收入", "营业成本"), "margin"),
    (re.compile(r"资产负债率|debt[- ]to[- ]asset|debt ratio|liabilit(?:y|ies)[- ]to[- ]assets?", re.I),
     ("负债合计", "资产总计"), "ratio"),
    (re.compile(r"流动比率|current ratio", re.I), ("流动资产合计", "流动负债合计"), "ratio"),
    (re.compile(r"实际税负率|所得税税负|effective (?:income )?tax rate", re.I), ("所得税费用", "利润总额"), "ratio"),
    (re.compile(r"净利率|销售净利率|net (?:profit )?margin", re.I), ("净利润", "营业收入"), "ratio"),
)

__all__ = ["NAMED"]
