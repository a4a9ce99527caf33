"""The report's own entity: the company it is about, and the names a reader uses for it.

Reviewers ask "阿里的…" of a report that says "阿里巴巴集团", "我们" or "本公司", and "Sifang's…" of one that
never writes Sifang in Latin letters. The entity's full name is the organisation name the report states most
often (a name ending in 集团, 股份有限公司, 有限公司); its aliases are that name without its legal suffix, the
core without a trailing trade word (科技, 控股), the first two characters of a four-character core, the
short name the cover gives (公司简称：…), and the Latin words of the report's title or file name. Words a
report uses for itself (我们, 本公司, 集团) are aliases of every report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


def detect_entity(pages: Sequence[str], title: str = "", source: str = "") -> Entity:
    """The company a report is about, from its text, its title and its file name."""
    text = "\n".join(pages)
    name = _best_name(re.sub(r"\s+", "", text))
    aliases: list[str] = []
    if name:
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
    for word in _LATIN.findall(f"{title} {stem.replace('_', ' ')}"):
        if word.lower() not in _NOT_NAMES:
            aliases.append(word.lower())
    unique = sorted(dict.fromkeys(a for a in aliases if a), key=len, reverse=True)
    return Entity(name, tuple(unique))


__all__ = ["SELF", "SELF_EN", "Entity", "detect_entity"]
