"""The report's own entity: the company it is about, and the names a reader uses for it.

Reviewers ask "阿里的…" of a report that says "阿里巴巴集团", "我们" or "本公司", and "Sifang's…" of one that
never writes Sifang in Latin letters. The entity's full name is the organisation name the report states most
often (a name ending in 集团, 股份有限公司, 有限公司); its aliases are that name without its legal suffix, the
core without a trailing trade word (科技, 控股), the first two characters of a four-character core, the
short name the cover gives (公司简称：…), and the Latin words of the report's title or file name. Words a
report uses for itself (我们, 本公司, 集团) are aliases of every report.

An English report names itself in Latin letters: its name is the company name its definitions give ('the terms
"Albemarle," "we," "us" or "the Company" mean Albemarle Corporation'), else the name with a legal suffix
(Corporation, Inc., plc, Group …) it states most often, its cover's capitals read as a name ("ALBEMARLE
CORPORATION"). Its aliases are that name, its core without the suffix, the quoted short forms of the
definitions, and the core's leading acronym ("AES" of "AES Engineering").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from esgqa.lexicon import COMPANY_SUFFIXES_EN, NOT_COMPANY_WORDS_EN

_ORG = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:集团股份有限公司|股份有限公司|有限责任公司|集团有限公司|有限公司|集团)")
_SUFFIXES = ("集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团")
_TRADE = ("科技", "控股", "实业", "股份", "国际", "中国")
_SHORT = re.compile(r"(?:公司|证券)简称\s*[：:]\s*([\u4e00-\u9fffA-Za-z]{2,12})")
_LATIN = re.compile(r"[A-Za-z][a-z]{2,}")
SELF = ("我们", "本公司", "公司", "我司", "本集团", "集团", "该公司", "本企业", "企业")
SELF_EN = ("we", "our", "us", "company", "company's", "group", "group's", "firm")
_NOT_NAMES = frozenset({"annual", "report", "reports", "esg", "csr", "sustainability", "environmental", "social",
                        "governance", "pdf", "text", "rendering", "fy", "the", "and", "of", "for", "group"})


@dataclass(frozen=True)
class Entity:
    name: str  # the full name as the report writes it ("四方科技集团股份有限公司"), "" when none is found
    aliases: tuple[str, ...]  # what a reader may call it, longest first (Chinese and Latin)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "aliases": list(self.aliases)}

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> Entity:
        if not data:
            return cls("", ())
        aliases = data.get("aliases", [])
        return cls(str(data.get("name", "")), tuple(str(a) for a in aliases) if isinstance(aliases, list) else ())


def _best_name(text: str) -> str:
    counts: dict[str, int] = {}
    for match in _ORG.finditer(text):
        found = match.group()
        for start in range(len(found)):  # "现任四方科技集团股份有限公司": try every left trim
            candidate = found[start:]
            core = _core(candidate)
            if len(core) < 2:
                break
            if candidate not in counts:
                counts[candidate] = text.count(candidate)
    if not counts:
        return ""
    return max(counts, key=lambda name: (counts[name], len(name)))


def _core(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_SUFFIX_EN = "|".join(re.escape(s) for s in sorted(COMPANY_SUFFIXES_EN, key=len, reverse=True))
_WORD_EN = r"(?:[A-Z][A-Za-z0-9&'’.\-]*|&|and|of)"
_ORG_EN = re.compile(rf"(?<![A-Za-z])(?:{_WORD_EN} ){{0,4}}(?:{_SUFFIX_EN})(?![A-Za-z])")
_QUOTED = r"[“\"‘']([^”\"’']{2,40}?),?[”\"’']"
_DEFINED_AS = re.compile(rf"(?i:the terms?) ((?:{_QUOTED},?\s*(?:and |or )?)+)(?i:means?|refers? to) (?:the )?"
                         rf"(?P<name>(?:{_WORD_EN} ){{0,4}}(?:{_SUFFIX_EN}))")
_DEFINED_AFTER = re.compile(rf"(?P<name>(?:{_WORD_EN} ){{0,4}}(?:{_SUFFIX_EN}))[^()]{{0,60}}\(((?:[^()]){{0,120}})\)")
_SUFFIX_WORDS = frozenset(s.lower().rstrip(".") for s in COMPANY_SUFFIXES_EN)
_SELF_QUOTES = frozenset({"we", "us", "our", "the company", "company", "the group", "group", "the registrant"})


def _english_name(text: str) -> tuple[str, list[str]]:
    """(name, short forms) of an English report: from its definitions, else its most stated company name."""
    flat = " ".join(text.split())
    for match in _DEFINED_AS.finditer(flat):
        shorts = [q for q in re.findall(_QUOTED, match.group(1)) if q.lower() not in _SELF_QUOTES]
        return _tidy(match.group("name")), shorts
    counts: dict[str, int] = {}
    for match in _ORG_EN.finditer(flat):
        name = _tidy(match.group())
        if name and len(name.split()) >= 2:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "", []
    name = max(counts, key=lambda n: (counts[n], len(n)))
    shorts = [q for m in _DEFINED_AFTER.finditer(flat) if _tidy(m.group("name")) == name
              for q in re.findall(_QUOTED, m.group(2)) if q.lower() not in _SELF_QUOTES]
    return name, shorts


def _tidy(name: str) -> str:
    """Leading words that are not a name dropped ("The", "Annual Report"), capitals read as a name."""
    words = name.split()
    while words and words[0].lower() in NOT_COMPANY_WORDS_EN:
        words = words[1:]
    if len(words) < 2:
        return ""
    if all(w.isupper() for w in words if w.isalpha()) and any(len(w) > 3 for w in words):
        words = [w.capitalize() if len(w) > 3 else w for w in words]
    return " ".join(words)


def _english_aliases(name: str, shorts: list[str]) -> list[str]:
    core = re.sub(rf"[ ,]+(?:{_SUFFIX_EN})$", "", name)
    aliases = [name, core, *shorts]
    first = core.split()[0] if core.split() else ""
    if len(core.split()) >= 2 and first.isupper() and len(first) >= 3:
        aliases.append(first)
    return aliases


def detect_entity(pages: Sequence[str], title: str = "", source: str = "") -> Entity:
    """The company a report is about, from its text, its title and its file name."""
    text = "\n".join(pages)
    name = _best_name(re.sub(r"\s+", "", text))
    aliases: list[str] = []
    if not name:
        name, shorts = _english_name(text)
        aliases += _english_aliases(name, shorts) if name else []
    elif name:
        core = _core(name)
        aliases += [name, core]
        for word in _TRADE:
            if core.endswith(word) and len(core) - len(word) >= 2:
                aliases.append(core[: -len(word)])
        if len(core) >= 4:
            aliases.append(core[:2])
    cover = re.sub(r"[ \t]+", "", "\n".join(pages[:3]))
    aliases += _SHORT.findall(cover)
    stem = re.split(r"[\\/]", source)[-1].rsplit(".", 1)[0] if source else ""
    inner = {w.lower() for w in name.split()[1:]} if name.isascii() else set()  # "Engineering" of "AES Engineering"
    for word in _LATIN.findall(f"{title} {stem.replace('_', ' ')}"):
        lowered = word.lower()
        if lowered not in _NOT_NAMES and lowered not in NOT_COMPANY_WORDS_EN and lowered not in inner \
                and lowered not in _SUFFIX_WORDS:
            aliases.append(lowered)
    unique = sorted(dict.fromkeys(a for a in aliases if a), key=len, reverse=True)
    return Entity(name, tuple(unique))


__all__ = ["SELF", "SELF_EN", "Entity", "detect_entity"]
