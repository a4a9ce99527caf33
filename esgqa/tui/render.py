"""Answers and evidence as `rich.text.Text`, built off the UI thread (no Textual, no markup parsing)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from esgqa.qa.types import Answer, Passage
from esgqa.tui.highlight import passage_text

MARKER = Style(bold=True, color="#87d7ff")
DIM = Style(dim=True)
LEAD = Style(bold=True, color="#1a1a1a", bgcolor="#ffd75f")
WARN = Style(bold=True, color="#ffaf5f")


def citation_marker(number: int, page: int, title: str = "") -> Text:
    """A clickable "[1 p.34]" that opens that evidence in the page viewer."""
    where = f"{title} p.{page}" if title else f"p.{page}"
    style = MARKER + Style.from_meta({"@click": f"screen.open_evidence({number})"})
    return Text(f"[{number} {where}]", style=style)


def answer_text(answer: Answer, evidence: list[Passage], terms: list[str], titles: dict[str, str]) -> Text:
    """The answer: its value first, each quoted sentence with its numbered page citation, other pages."""
    number_of = {p.chunk_id: i for i, p in enumerate(evidence, start=1)}
    show_title = len(titles) > 1
    out = Text()
    if answer.abstained:
        out.append(answer.answer or "Not found in the report.", WARN)
        out.append("\nThe report does not clearly answer this. The closest passages are below; "
                   "press Tab, then 1–9 to read one.", DIM)
        return out
    if answer.confidence == "low":  # below the calibrated line: a possible answer, with what else it might be
        out.append("Possible answer (low confidence): read the cited page before relying on it\n", WARN)
    if answer.value:
        out.append(f" {answer.value} ", LEAD)
        out.append("\n")
    for sentence in answer.sentences:
        out.append_text(passage_text(sentence.text, terms, answer.value))
        out.append(" ")
        out.append_text(citation_marker(number_of.get(sentence.chunk_id, 1), sentence.page,
                                        titles.get(sentence.doc_id, "") if show_title else ""))
        out.append("\n")
    if not answer.sentences and answer.answer:
        out.append(answer.answer + "\n")
    if answer.other_pages:
        out.append(f"Same figure also on p. {', '.join(map(str, answer.other_pages))}\n", DIM)
    if answer.confidence == "low" and answer.alternatives:
        others = "; ".join(f"{a['value']} (p. {a['page']})" for a in answer.alternatives)
        out.append(f"Or perhaps: {others}\n", WARN)
    if answer.scope:
        out.append(f"Searched {'; '.join(answer.scope['reports'])} ({answer.scope['because']})", DIM)
    out.rstrip()
    return out


def evidence_prompt(number: int, passage: Passage, cited: bool, terms: list[str], value: str | None,
                    title: str = "") -> Text:
    """One evidence list entry: "[1] p.34 · score 0.93 · cited" then the highlighted passage."""
    head = Text()
    head.append(f"[{number}] ", MARKER)
    head.append(f"{title} p.{passage.page}" if title else f"p.{passage.page}", Style(bold=True))
    head.append(f"  score {passage.score:.2f}", DIM)
    if cited:
        head.append("  cited", Style(color="#87d787", bold=True))
    head.append("\n")
    head.append_text(passage_text(passage.text, terms, value))
    return head


def status_text(label: str, style: str | Style = "") -> Text:
    return Text(label, style=style)
