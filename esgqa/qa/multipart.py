"""One answer to a question of several parts: each part answered on its own, in the order asked.

The answer leads with the first part's figure; each part keeps its own citations, so every sentence still
carries its page, and its own confidence. The whole carries the first part's confidence (the figure it leads
with), and is "not found" only when every part is.
"""

from __future__ import annotations

from esgqa.qa.types import Answer

LABELS = {"zh": "（{n}）", "en": "({n}) "}


def combine(question: str, parts: list[tuple[str, Answer]]) -> Answer:
    """The parts' answers as one; `parts` pairs each part's question with its answer."""
    first = parts[0][1]
    lang = first.lang
    lines: list[str] = []
    for n, (text, answer) in enumerate(parts, start=1):
        label = LABELS[lang].format(n=n)
        body = answer.answer or ""
        if answer.abstained:
            body = f"{text} — {body}"
        lines.append(label + body.replace("\n", "\n    "))
    answers = [a for _, a in parts]
    answered = [a for a in answers if not a.abstained]
    combined = Answer(
        question, "\n".join(lines), all(a.abstained for a in answers), lang,
        sentences=[s for a in answers for s in a.sentences],
        citations=[c for a in answers for c in a.citations],
        passages=first.passages,
        other_pages=first.other_pages,
        value=None if first.abstained else first.value,
        support=first.support,
        features=dict(first.features),
        abstain_reason=first.abstain_reason if first.abstained else None,
        confidence=first.confidence if answered else "low",
        probability=first.probability,
        not_found=first.not_found if all(a.abstained for a in answers) else None,
        derivation=first.derivation,
        alternatives=first.alternatives,
    )
    combined.timings_ms = {key: sum(a.timings_ms.get(key, 0.0) for a in answers) for key in ("retrieve", "answer")}
    combined.parts = [{"question": text, **answer.to_dict()} for text, answer in parts]
    combined.sentences = list(dict.fromkeys(combined.sentences))
    return combined


__all__ = ["combine"]
