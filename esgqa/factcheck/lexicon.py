"""The fact-check's word lists added for issue 21, in one place: what a caption says a table measures, which
headers name a share, which rows are parts of the row above them, which words name whose figure it is.

Each list is matched against cleaned caption, column or row text; the modules that use them say why.
"""

from __future__ import annotations

import re

# What a table measures, read from its caption or its column headers. Two tables whose captions name different
# measures ("营业收入构成" / "营业成本构成", 应收 / 应付, a balance / an amount derecognised) hold different metrics
# under the same row label. Checked in order: the first family that matches is the table's measure.
MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("derecognised", re.compile(r"终止确认|转销|核销")),
    ("provision", re.compile(r"坏账准备|减值准备|跌价准备|计提")),
    ("receivable", re.compile(r"应收|预付|[Rr]eceivable")),
    ("payable", re.compile(r"应付|预收|[Pp]ayable")),
    ("cost", re.compile(r"成本|费用|[Cc]ost|[Ee]xpense")),
    ("revenue", re.compile(r"收入|销售额|营收|[Rr]evenue|[Nn]et sales")),
    ("profit", re.compile(r"利润|收益|[Pp]rofit|[Ii]ncome")),
    ("asset", re.compile(r"资产|[Aa]ssets")),
    ("liability", re.compile(r"负债|[Ll]iabilit")),
)

# The primary statements: they hold every measure, so their caption says nothing about a row's.
STATEMENT = re.compile(r"资产负债表|利润表|现金流量表|所有者权益变动表|[Bb]alance [Ss]heets?|[Ss]tatements? of")

# Captions that name no table ("表", "续表"): what such a table measures is unknown.
UNNAMED_CAPTION = re.compile(r"^(?:续?表[\d一二三四五六七八九十]*|单位|（单位：[^）]*）)?$")

# Rows that are parts of the row above them, not siblings of it.
PART_ROW = re.compile(r"^\s*(?:其中|包括|含)[:：]?")

# Headers that name a share of a whole (a percent column, not an amount).
SHARE_HEADER = re.compile(r"比例|占比|比重|率|[%％]")

# Words that name whose figure it is: a subsidiary, a segment, a person, a grant, the parent company.
SUBJECT_WORDS = re.compile(r"子公司|分公司|板块|分部|事业部|母公司|预留|首次授予|董事|监事|经理|总监|先生|女士")
