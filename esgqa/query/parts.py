"""Questions that ask several things at once ("…是多少？比上年增长多少？", "What was X, and how fast did it grow?").

A question is split where a clause break or a conjunction separates two clauses that each hold an
interrogative: the structure of the sentence decides, not its topic. Later parts usually leave their subject
to the first ("比上年增长多少？" is about the first part's 营业收入), so each later part is read with the first
part's subject carried over; the answer then takes the parts in order, leading with the first part's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# interrogatives that make a clause a question of its own
_ASK_ZH = re.compile(r"多少|几[个家次人项名条种年倍成]?|什么|哪[家个些位种类年里一项]?|何时|是否|多大|多高|多长|"
                     r"怎样|如何")
_ASK_EN = re.compile(r"\b(?:what|how|which|when|who|whom|where|whether|why)\b", re.IGNORECASE)
# where two clauses may meet: a question mark with text after it, a semicolon, a comma or 、 (Chinese); a comma
# or "and"/"as well as" before an interrogative (English)
_BREAK_ZH = re.compile(r"[？?；;]|[，,、](?:以及|并且|并|另外|同时|而|又|且)?|(?:以及|并且|同时)")
_BREAK_EN = re.compile(r"\?\s+|;\s*|,?\s+(?:and|as well as|plus)\s+(?=(?:also\s+)?(?:in\s+(?:about\s+)?)?"
                       r"(?:what|how|which|when|who|whom|where|whether|why)\b)|,\s+(?=(?:what|how|when)\b|which\s+"
                       r"(?!was|were|is|are|has|have|had)\w)", re.IGNORECASE)
_TAIL = 6  # an interrogative this close to a Chinese clause's end closes it: its subject stands before it
# the interrogative head of an English clause ("how much net profit did" → "net profit")
_HEAD_EN = re.compile(r"^\s*(?:(?:what|which|how\s+(?:much|many|big|large|high|fast))\b(?:\s+(?:was|were|is|are|did|do|"
                      r"does|has|have|had))?|(?:what|how)\b)\s*", re.IGNORECASE)
MAX_PARTS = 4


@dataclass(frozen=True)
class QuestionParts:
    """The parts in the order asked; `texts` carry the first part's subject into the later ones."""

    question: str
    parts: tuple[str, ...]
    texts: tuple[str, ...]

    @property
    def multi(self) -> bool:
        return len(self.parts) > 1


def _asks(text: str, english: bool) -> bool:
    return bool((_ASK_EN if english else _ASK_ZH).search(text))


def _pieces(question: str, english: bool) -> list[str]:
    pattern = _BREAK_EN if english else _BREAK_ZH
    pieces: list[str] = []
    start = 0
    for match in pattern.finditer(question):
        left = question[start:match.start()]
        right = question[match.end():]
        if left.strip() and right.strip(" ？?。.") and _asks(left, english) and _asks(right, english):
            pieces.append(left)
            start = match.end()
    pieces.append(question[start:])
    return [p.strip(" ，,、；;。.") for p in pieces if p.strip(" ，,、；;。.？?")]


def _subject(first: str, english: bool) -> str:
    if english:
        return _HEAD_EN.sub("", first.rstrip(" ?")).strip()
    first = first.rstrip("？? ")
    match = _ASK_ZH.search(first)
    if match is None:
        return first
    if len(first) - match.end() <= _TAIL:  # "2019年营业收入是多少" → "2019年营业收入"
        return first[:match.start()].rstrip("的是为有达共了分别各")
    return first[:match.start()] + first[match.end():]  # "公司给哪家子公司提供了担保" → "公司给子公司提供了担保"


def split_question(question: str) -> QuestionParts:
    """The question's parts (one part when it asks one thing)."""
    english = not re.search(r"[\u4e00-\u9fff]", question)
    pieces = _pieces(question.strip(), english)
    if len(pieces) < 2 or len(pieces) > MAX_PARTS:
        return QuestionParts(question, (question,), (question,))
    subject = _subject(pieces[0], english)
    pieces = [p.rstrip("？? ") for p in pieces]
    texts = [pieces[0]]
    for piece in pieces[1:]:
        if english:
            texts.append(f"{piece} ({subject})" if subject else piece)
        else:
            texts.append(piece if subject and subject in piece else f"{subject}{piece}")
    mark = "?" if english else "？"
    return QuestionParts(question, tuple(pieces), tuple(t + mark for t in texts))


__all__ = ["MAX_PARTS", "QuestionParts", "split_question"]
