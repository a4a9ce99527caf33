"""Rendering a check: the terminal table, Markdown, CSV; and the baseline of reviewed findings.

A baseline works like a linter's: `--write-baseline FILE` records the fingerprints of today's findings, and
`--baseline FILE` hides those on later runs, so only new findings show.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from esgqa.errors import InputError, filesystem_error
from esgqa.factcheck.check import CheckResult
from esgqa.factcheck.findings import Finding, shown

STATUS_STYLE = {"contradiction": "bold red", "check arithmetic": "bold yellow", "informational": "cyan",
                "consistent": "green", "not found": "dim"}
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "info": "cyan"}


_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def load_baseline(path: Path) -> set[str]:
    """Fingerprints from a file written by `--write-baseline` (or a saved `--format json` output)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a baseline file ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("fingerprints"), list):
        data = data["fingerprints"]
    elif isinstance(data, dict) and isinstance(data.get("findings"), list):
        data = [f.get("fingerprint") if isinstance(f, dict) else f for f in data["findings"]]
    if not isinstance(data, list):
        raise InputError(f"{path}: not a baseline file (expected the output of --write-baseline)")
    wrong = [x for x in data if not (isinstance(x, str) and _FINGERPRINT.fullmatch(x))]
    if wrong:
        raise InputError(f"{path}: not a baseline file ({len(wrong)} entries are not finding fingerprints, "
                         f"e.g. {wrong[0]!r}; expected the output of --write-baseline)")
    return set(data)


def apply_baseline(result: CheckResult, fingerprints: set[str]) -> None:
    kept = [f for f in result.findings if f.fingerprint not in fingerprints]
    result.suppressed += len(result.findings) - len(kept)
    result.findings = kept


def write_baseline(result: CheckResult, path: Path) -> None:
    data = {"version": 1, "fingerprints": sorted(f.fingerprint for f in result.findings),
            "findings": [{"fingerprint": f.fingerprint, "kind": f.kind, "metric": f.metric, "values": f.values,
                          "pages": f.pages} for f in result.findings]}
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise filesystem_error("write the baseline", path, exc) from None


def _pages(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def print_table(result: CheckResult, console: Console, numbers: bool = False) -> None:
    """The editor's view: the summary, then each finding that needs a look (most certain first), then the
    informational findings one line each; the headline numbers table with `numbers`."""
    for line in result.summary_lines():
        console.print(Text(line, style="bold"))
    look = [f for f in result.findings if f.needs_look]
    info = [f for f in result.findings if not f.needs_look]
    if look:
        console.print()
    for finding in look:
        _print_finding(finding, console)
    if info:
        console.print(Text("\nInformational:", style="bold"))
    for finding in info:
        head = Text(f"  {finding.kind}", style=SEVERITY_STYLE.get(finding.severity, ""))
        head.append(f"  {shown(finding.metric)}: {' / '.join(finding.values[:4])}  (pages {_pages(finding.pages)})")
        console.print(head)
    if numbers:
        table = Table("number", "status", "pages", "metric", title="Headline numbers", title_justify="left")
        for row in result.numbers:
            metric = "; ".join(row.metrics[:2]) + (" …" if len(row.metrics) > 2 else "")
            table.add_row(Text(row.text), Text(row.status, style=STATUS_STYLE.get(row.status, "")),
                          Text(_pages(row.pages)), Text(metric, overflow="ellipsis"))
        console.print(table)


def _print_finding(finding: Finding, console: Console) -> None:
    head = Text()
    head.append(f"[{finding.severity}] {finding.kind}", style=SEVERITY_STYLE.get(finding.severity, ""))
    head.append(f"  {shown(finding.metric)}: {' / '.join(finding.values[:6])}  (pages {_pages(finding.pages)}; "
                f"period {', '.join(finding.periods)}; tier {finding.tier}, confidence {finding.confidence:.2f})")
    console.print(head)
    console.print(Text(f"    {finding.explanation}", style="dim"))
    for item in finding.to_dict()["evidence"][:4]:
        console.print(Text(f"    p{item['page']}: {item['text'][:120]}"))


def _summary_line(result: CheckResult) -> str:
    return " ".join(result.summary_lines())


def to_markdown(result: CheckResult) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [*(f"**{line}**  " for line in result.summary_lines()), "", "## Findings", ""]
    if not result.findings:
        lines.append("No findings.")
    for finding in result.findings:
        lines.append(f"- **{finding.kind}** ({finding.severity}, tier {finding.tier}) {cell(shown(finding.metric))}: "
                     f"{' / '.join(finding.values)} — pages {_pages(finding.pages)}. {cell(finding.explanation)}")
        for item in finding.to_dict()["evidence"]:
            lines.append(f"  - p{item['page']}: {cell(item['text'])}")
    lines += ["", "## Headline numbers", "", "| number | status | pages | metric |", "|---|---|---|---|"]
    for row in result.numbers:
        lines.append(f"| {cell(row.text)} | {row.status} | {_pages(row.pages)} | {cell('; '.join(row.metrics))} |")
    lines.append("")
    return "\n".join(lines)


def to_csv(result: CheckResult) -> str:
    """One row per headline number, then one per finding (column `record` tells which)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["record", "kind_or_status", "severity", "text_or_metric", "values", "pages", "explanation",
                     "fingerprint", "tier"])
    for row in result.numbers:
        writer.writerow(["number", row.status, "", row.text, "; ".join(row.metrics), _pages(row.pages), "", "", ""])
    for finding in result.findings:
        writer.writerow(["finding", finding.kind, finding.severity, shown(finding.metric), " / ".join(finding.values),
                         _pages(finding.pages), finding.explanation, finding.fingerprint, finding.tier])
    return out.getvalue()


def to_json(result: CheckResult, mentions: bool = False) -> dict[str, Any]:
    return result.to_dict(mentions=mentions)
