"""`esgqa check --format html`: one self-contained page an editor can forward — the summary, each finding that
needs a look with its sentences and its recomputation (formula, every input with its page), the informational
findings, what was recomputed, and the headline numbers. No scripts, no external files.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from esgqa.factcheck.check import CheckResult
from esgqa.factcheck.findings import Finding, shown

_STYLE = """
body{font:15px/1.5 -apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
.summary{background:#f6f6f6;padding:.8em 1em;border-radius:6px}
.finding{border-left:4px solid #c0392b;padding:.4em 1em;margin:1em 0;background:#fffafa}
.finding.arithmetic{border-color:#d68910;background:#fffcf5}.finding.info{border-color:#2e86c1;background:#f7fbff}
.meta{color:#666;font-size:.9em}table{border-collapse:collapse;width:100%;font-size:.9em}
td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f0f0f0}
.value{font-weight:600;white-space:nowrap}q{quotes:none;color:#333}code{background:#f3f3f3;padding:0 .2em}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def to_html(result: CheckResult, title: str = "esgqa check") -> str:
    look = [f for f in result.findings if f.needs_look]
    info = [f for f in result.findings if not f.needs_look]
    parts = [f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>",
             f"<style>{_STYLE}</style></head><body><h1>{_e(title)}</h1>",
             "<div class=\"summary\">" + "".join(f"<p>{_e(line)}</p>" for line in result.summary_lines()) + "</div>",
             f"<h2>Needs a look ({len(look)})</h2>"]
    parts.extend(_finding(f) for f in look) if look else parts.append("<p>Nothing needs a look.</p>")
    parts.append(f"<h2>Informational ({len(info)})</h2>")
    parts.extend(_finding(f) for f in info)
    parts.append(_relations(result))
    parts.append(_numbers(result))
    parts.append("</body></html>\n")
    return "".join(parts)


def _finding(finding: Finding) -> str:
    data = finding.to_dict()
    css = "contradiction" if finding.kind == "contradiction" else "arithmetic" if finding.kind == "arithmetic" \
        else "info"
    out = [f"<div class=\"finding {css}\"><h3>{_e(finding.kind)}: {_e(shown(finding.metric))} "
           f"<span class=\"value\">{_e(' / '.join(finding.values[:6]))}</span></h3>",
           f"<p class=\"meta\">pages {_e(', '.join(map(str, finding.pages)))} · periods "
           f"{_e(', '.join(finding.periods))} · tier {_e(finding.tier)}, confidence {finding.confidence:.2f} · "
           f"fingerprint <code>{_e(finding.fingerprint)}</code></p>",
           f"<p>{_e(finding.explanation)}</p>"]
    recomputations = data.get("recomputations") or []
    if recomputations:
        out.append("<table><tr><th>stated</th><th>recomputed</th><th>formula</th><th>inputs (page)</th></tr>")
        for r in recomputations:
            inputs = "<br>".join(f"p. {i['page']}: {_e(i.get('row') or i['label'])} "
                                 f"{_e(i.get('column', ''))} <span class=\"value\">{_e(i['value'])}</span>"
                                 for i in r["inputs"])
            out.append(f"<tr><td class=\"value\">{_e(r['stated'])}</td><td class=\"value\">{_e(r['expected'])}</td>"
                       f"<td>{_e(r['formula'])}</td><td>{inputs}</td></tr>")
        out.append("</table>")
    out.append("<ul>" + "".join(f"<li>p. {item['page']}: <q>{_e(item['text'][:300])}</q></li>"
                                for item in data["evidence"][:8]) + "</ul></div>")
    return "".join(out)


def _relations(result: CheckResult) -> str:
    rows = result.relations()["by_relation"]
    body = "".join(f"<tr><td>{_e(k)}</td><td>{v['hold']}</td><td>{v['fail']}</td></tr>" for k, v in rows.items())
    return ("<h2>Recomputed relations</h2><table><tr><th>relation</th><th>hold</th><th>fail</th></tr>"
            f"{body}</table>")


def _numbers(result: CheckResult) -> str:
    rows: Iterable[str] = (f"<tr><td class=\"value\">{_e(r.text)}</td><td>{_e(r.status)}</td>"
                           f"<td>{_e(', '.join(map(str, r.pages)))}</td><td>{_e('; '.join(r.metrics[:3]))}</td></tr>"
                           for r in result.numbers)
    return (f"<h2>Headline numbers ({len(result.numbers)})</h2><details><summary>show</summary><table>"
            "<tr><th>number</th><th>status</th><th>pages</th><th>metric</th></tr>" + "".join(rows) +
            "</table></details>")


__all__ = ["to_html"]
