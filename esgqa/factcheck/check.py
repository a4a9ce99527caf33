"""The fact-check sweep: mentions -> headline numbers -> cross-verification and arithmetic -> findings.

`run_check(documents)` is the one entry point (the CLI, the mutation eval and the benchmark call it);
`run_bundled()` times a sweep of the bundled report.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from esgqa.factcheck.arithmetic import Check, arithmetic_checks, arithmetic_findings
from esgqa.factcheck.crossverify import cross_verify
from esgqa.factcheck.findings import ARITHMETIC, CONTRADICTION, KINDS, Finding, NumberRow, shown
from esgqa.factcheck.ratios import ratio_checks
from esgqa.factcheck.recompute import table_checks
from esgqa.factcheck.statements import statement_checks
from esgqa.facts.build import document_facts
from esgqa.facts.model import Fact
from esgqa.ingest.model import Document
from esgqa.ingest.normalize import NormalizedText, normalize
from esgqa.numbers import Quantity, parse_quantity, same_quantity

_HIGHLIGHT = re.compile(r"亮点|关键绩效|绩效表现|摘要|概览|[Hh]ighlights")
STATUS = {CONTRADICTION: "contradiction", ARITHMETIC: "check arithmetic"}


@dataclass
class CheckResult:
    numbers: list[NumberRow]
    findings: list[Finding]
    checks: list[Check]
    mentions: list[Fact]
    same_metric: dict[int, bool] = field(default_factory=dict)
    seconds: float = 0.0
    suppressed: int = 0  # findings hidden by a baseline

    def by_kind(self) -> dict[str, int]:
        counts = Counter(f.kind for f in self.findings)
        return {kind: counts[kind] for kind in KINDS if counts[kind]}

    def needs_a_look(self) -> dict[str, Any]:
        """Contradictions and arithmetic failures with their pages: what an editor reads first."""
        out: dict[str, Any] = {}
        for kind in (CONTRADICTION, ARITHMETIC):
            found = [f for f in self.findings if f.kind == kind]
            out[kind] = {"n": len(found), "pages": sorted({p for f in found for p in f.pages})}
        return out

    def relations(self) -> dict[str, Any]:
        """Every relation recomputed: how many hold, by kind (the list is `arithmetic` in the JSON)."""
        by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for check in self.checks:
            by[check.relation][0 if check.ok else 1] += 1
        return {"checked": len(self.checks), "hold": sum(c.ok for c in self.checks),
                "by_relation": {k: {"hold": v[0], "fail": v[1]} for k, v in sorted(by.items())}}

    def summary_lines(self) -> list[str]:
        """The editor's summary: what needs a look and where, then the informational counts."""
        look = self.needs_a_look()
        names = {CONTRADICTION: "contradiction", ARITHMETIC: "arithmetic failure"}
        parts = [f"{look[k]['n']} {names[k]}{'' if look[k]['n'] == 1 else 's'}"
                 + (f" (pp. {_pages(look[k]['pages'])})" if look[k]["n"] else "") for k in look]
        info = {k: n for k, n in self.by_kind().items() if k not in look}
        relations = self.relations()
        lines = [f"Needs a look: {'; '.join(parts)}.",
                 "Informational: " + (", ".join(f"{n} {k}" for k, n in info.items()) or "none") + ".",
                 f"Recomputed {relations['checked']} relations the report's figures determine: "
                 f"{relations['hold']} hold. {len(self.numbers)} headline numbers checked in {self.seconds:.2f} s."]
        if self.suppressed:
            lines.append(f"{self.suppressed} findings hidden by the baseline.")
        return lines

    def to_dict(self, mentions: bool = False) -> dict[str, Any]:
        extra = {"mentions": [m.to_dict() for m in self.mentions if not m.identifier_like]} if mentions else {}
        return {**extra,
            "numbers": [row.to_dict(self.same_metric) for row in self.numbers],
            "findings": [f.to_dict() for f in self.findings],
            "arithmetic": [c.to_dict() for c in self.checks],
            "summary": {"numbers": sum(not m.identifier_like for m in self.mentions), "headline": len(self.numbers),
                        "findings_by_kind": self.by_kind(), "baseline_suppressed": self.suppressed,
                        "needs_a_look": self.needs_a_look(), "relations": self.relations(),
                        "seconds": round(self.seconds, 3)},
        }


def _pages(pages: list[int]) -> str:
    """"14, 38, 43-45": consecutive pages as ranges."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and runs[-1][-1] == page - 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def highlight_pages(normalized: dict[int, NormalizedText]) -> set[int]:
    """Pages whose opening lines announce highlights or key figures ("核心议题进展和亮点", "关键绩效")."""
    return {number for number, text in normalized.items() if _HIGHLIGHT.search("\n".join(text.text.split("\n")[:4]))}


def background_words(normalized: dict[int, NormalizedText], share: float = 0.5) -> Callable[[str], bool]:
    """A predicate: is this word on at least `share` of the pages (the company's name, "平台", "我们")?"""
    pages = [text.text for text in normalized.values() if text.text.strip()]
    needed = share * max(len(pages), 1)
    # the pages holding each character trigram, as a bit mask: a word is on a page only if all its trigrams
    # are, so most words are ruled out by a few ANDs instead of a scan of every page (a 10-K's English labels
    # ask about millions of distinct words)
    masks: dict[str, int] = defaultdict(int)
    for i, text in enumerate(pages):
        bit = 1 << i
        for gram in {text[j : j + 3] for j in range(len(text) - 2)}:
            masks[gram] |= bit
    cache: dict[str, bool] = {}

    def frequent(word: str) -> bool:
        if len(word) < 3:
            return False
        if word not in cache:
            mask = -1
            for j in range(len(word) - 2):
                mask &= masks.get(word[j : j + 3], 0)
                if mask.bit_count() < needed:
                    break
            cache[word] = mask.bit_count() >= needed and \
                sum(word in pages[i] for i in range(len(pages)) if mask >> i & 1) >= needed
        return cache[word]

    return frequent


def run_check(documents: Sequence[Document], numbers: Iterable[str] = (),
              highlights: set[int] | None = None) -> CheckResult:
    """Sweep every document; `numbers` are figures the user names ("468.1万吨"); `highlights` overrides the
    detected highlight pages (applied to every document)."""
    started = time.perf_counter()
    named = [(text, q) for text in numbers if (q := parse_quantity(text.strip())) is not None]
    rows: list[NumberRow] = []
    findings: list[Finding] = []
    checks: list[Check] = []
    mentions: list[Fact] = []
    same_metric: dict[int, bool] = {}
    for document in documents:
        normalized = {page.number: normalize(page.prose) for page in document.pages}
        doc_mentions = document_facts(document, normalized)
        pages = highlights if highlights is not None else highlight_pages(normalized)
        doc_rows = _headline_rows(doc_mentions, pages, named)
        headline = {id(m) for row in doc_rows for m in row.mentions}
        texts = {(document.title, number): text.text for number, text in normalized.items()}
        doc_findings, agree = cross_verify(doc_mentions, headline, background_words(normalized), texts)
        doc_checks = arithmetic_checks(doc_mentions) + table_checks(doc_mentions) + \
            statement_checks(doc_mentions) + ratio_checks(doc_mentions)
        doc_findings.extend(restated(arithmetic_findings(doc_checks), doc_mentions))
        _add_finding_rows(doc_rows, doc_findings)
        _statuses(doc_rows, doc_findings)
        same_metric.update(_same_metric(doc_rows, agree))
        rows.extend(doc_rows)
        findings.extend(doc_findings)
        checks.extend(doc_checks)
        mentions.extend(doc_mentions)
    order = {kind: i for i, kind in enumerate(KINDS)}
    findings.sort(key=lambda f: (not f.needs_look, -f.confidence, order.get(f.kind, 99), f.pages[0] if f.pages else 0,
                                 f.metric))
    return CheckResult(rows, findings, checks, mentions, same_metric, time.perf_counter() - started)


def _key(m: Fact) -> tuple[str, float]:
    return (m.family, float(f"{m.quantity.base_value:.9g}"))


def _clusters(mentions: list[Fact]) -> dict[tuple[str, float], list[Fact]]:
    clusters: dict[tuple[str, float], list[Fact]] = defaultdict(list)
    for m in mentions:
        if not m.identifier_like:
            clusters[_key(m)].append(m)
    return clusters


def _row(group: list[Fact], named: bool = False) -> NumberRow:
    text = Counter(m.text for m in group).most_common(1)[0][0]
    first = group[0].quantity
    return NumberRow(text=text, value=first.value, unit=first.unit, mentions=sorted(group, key=_order), named=named)


def _order(m: Fact) -> tuple[int, int]:
    return (m.page, m.index)


def _headline_rows(mentions: list[Fact], highlights: set[int],
                   named: list[tuple[str, Quantity]]) -> list[NumberRow]:
    rows = []
    clusters = _clusters(mentions)
    for group in clusters.values():
        pages = {m.page for m in group}
        if len(pages) >= 2 or pages & highlights:
            rows.append(_row(group))
    for text, quantity in named:
        group = [m for m in mentions if not m.identifier_like and same_quantity(quantity, m.quantity)]
        existing = next((r for r in rows if group and r.mentions and r.mentions[0] in group), None)
        if existing is not None:
            existing.named = True
        elif group:
            rows.append(_row(group, named=True))
        else:
            rows.append(NumberRow(text=text, value=quantity.value, unit=quantity.unit, mentions=[], named=True,
                                  status="not found"))
    rows.sort(key=lambda r: (min(r.pages) if r.pages else 10**6, r.text))
    return rows


def _add_finding_rows(rows: list[NumberRow], findings: list[Finding]) -> None:
    """Figures that only a finding brings up (a mistyped headline figure) get a row too."""
    listed = {id(m) for row in rows for m in row.mentions}
    extra: dict[tuple[str, float], list[Fact]] = defaultdict(list)
    for finding in findings:
        if finding.kind in (CONTRADICTION, ARITHMETIC):
            for m in finding.mentions:
                if id(m) not in listed:
                    extra[_key(m)].append(m)
                    listed.add(id(m))
    rows.extend(_row(group) for group in extra.values())


def _statuses(rows: list[NumberRow], findings: list[Finding]) -> None:
    kinds: dict[int, set[str]] = defaultdict(set)
    for finding in findings:
        for m in finding.mentions:
            kinds[id(m)].add(finding.kind)
    for row in rows:
        if row.status == "not found":
            continue
        found = set().union(*(kinds[id(m)] for m in row.mentions)) if row.mentions else set()
        if CONTRADICTION in found:
            row.status = STATUS[CONTRADICTION]
        elif ARITHMETIC in found:
            row.status = STATUS[ARITHMETIC]
        elif found:
            row.status = "informational"
        counts = Counter(shown(m.label) for m in row.mentions if m.label)
        row.metrics = [label for label, _ in counts.most_common()]  # the most used wording first


def _same_metric(rows: list[NumberRow], agree: dict[int, set[int]]) -> dict[int, bool]:
    """Per occurrence: does it describe the metric most occurrences of this number describe?"""
    result: dict[int, bool] = {}
    for row in rows:
        ids = {id(m) for m in row.mentions}
        if not row.mentions:
            continue
        hub = max(row.mentions, key=lambda m: len(agree.get(id(m), set()) & ids))
        members = (agree.get(id(hub), set()) & ids) | {id(hub)}
        for m in row.mentions:
            result[id(m)] = id(m) in members or not m.label
    return result


def _bigrams(text: str) -> set[str]:
    words = re.sub(r"[\d\s.,%，。、；：:;（）()“”\"'《》\-—/]+", " ", text).split()
    return {w[i : i + 2] for w in words for i in range(len(w) - 1)}


def restated(findings: list[Finding], mentions: list[Fact]) -> list[Finding]:
    """A figure that fails its arithmetic is wrong wherever it is restated: prose elsewhere that repeats the
    very figure ("应收账款的 25.12% 源于余额前五名客户") in words of its table joins the finding."""
    prose = [m for m in mentions if m.table is None and not m.identifier_like]
    for finding in findings:
        count = len(finding.details.get("stated") or [])
        for stated in finding.mentions[:count]:
            if stated.table is None or len(re.sub(r"\D", "", stated.quantity.raw).strip("0")) < 3:
                continue
            context = _bigrams(" ".join((stated.table.title, stated.table.row, stated.table.column,
                                         stated.table.subject)))
            for m in prose:
                if m.page != stated.page and m.family == stated.family and \
                        abs(m.quantity.value - abs(stated.quantity.value)) < 1e-9 and \
                        len(context & _bigrams(m.sentence)) >= 2 and m not in finding.mentions:
                    finding.mentions.append(m)
                    finding.explanation += f" The same figure is restated on p. {m.page}."
    return findings


def run_bundled(numbers: Iterable[str] = ()) -> CheckResult:
    """A full sweep of the bundled report (for the benchmark script: time this call)."""
    from esgqa.ingest.loader import bundled_report, load_sources

    return run_check(load_sources([bundled_report()]).documents, numbers=numbers)
