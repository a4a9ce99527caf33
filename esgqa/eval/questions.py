"""Question sets: building them from drafts, and validating them.

`pages` is never typed by hand: it is every page whose whitespace-free text contains an evidence string (for a
derived figure, each input's). The split is stratified by (type, language) within each batch of drafts written
together and fixed by a hash of the id, so adding a batch never moves a question of another between dev and
test. Dev-only drafts were written later to give the answer rules more to be tuned on: they all go to dev
(marked `"source": "dev-extension"`), so the test half stays exactly the questions it was. A paraphrase set is
not split: it is scored, never tuned on.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from esgqa.ingest.normalize import compact

TYPES = ("numeric", "table", "derived", "fact", "descriptive", "multi_page", "infographic", "multi_part",
         "unanswerable")
PARAPHRASE = "paraphrase"
LANGS = ("zh", "en")
REQUIRED = ("id", "question", "lang", "type", "answer", "evidence", "pages", "split")
MINIMUMS = {"questions": 200, "en": 40, "unanswerable": 25}
OPTIONAL = ("table", "inputs", "formula", "near_miss", "note", "parts")
FEW_SHARED = 0.5  # a question "shares few characters" when under half its characters occur in the evidence


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evidence_pages(evidence: list[str], compact_pages: list[str]) -> list[int]:
    return [n for n, text in enumerate(compact_pages, start=1) if any(ev in text for ev in evidence)]


def shared_ratio(question: str, evidence: list[str]) -> float:
    """Share of the question's distinct word characters that also occur in its evidence."""
    chars = {ch for ch in question if ch.isalnum()}
    if not chars or not evidence:
        return 0.0
    pool = set("".join(evidence))
    return len(chars & pool) / len(chars)


def all_evidence(row: dict[str, Any]) -> list[str]:
    """A question's evidence strings, a derived figure's inputs' and a multi-part question's parts' too
    (whitespace removed)."""
    strings = [*row.get("evidence", []), *(i.get("evidence", "") for i in row.get("inputs") or [])]
    for part in row.get("parts") or []:
        strings += [*part.get("evidence", []), *(i.get("evidence", "") for i in part.get("inputs") or [])]
    return list(dict.fromkeys(compact(e) for e in strings if compact(e)))


def assign_splits(questions: list[dict[str, Any]]) -> None:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for q in questions:
        groups[(q["type"], q["lang"])].append(q)
    for members in groups.values():
        members.sort(key=lambda q: hashlib.sha256(q["id"].encode()).hexdigest())
        for i, q in enumerate(members):
            q["split"] = "dev" if i % 2 == 0 else "test"


DEV_EXTENSION = "dev-extension"


def _row(row: dict[str, Any], compact_pages: list[str]) -> dict[str, Any]:
    evidence = all_evidence(row)
    question = {
        "id": row["id"], "question": row["question"].strip(), "lang": row["lang"], "type": row["type"],
        "answer": row.get("answer"), "evidence": evidence,
        "pages": evidence_pages(evidence, compact_pages), "split": "",
    }
    question.update({key: row[key] for key in OPTIONAL if row.get(key)})
    return question


def build(batches: list[list[Path]], page_texts: list[str], dev_only: Sequence[Path] = ()) -> list[dict[str, Any]]:
    """The gold set: each batch split on its own (stratified by type and language), dev-only drafts in dev."""
    compact_pages = [compact(t) for t in page_texts]
    questions: list[dict[str, Any]] = []
    for batch in batches:
        rows = [_row(row, compact_pages) for path in batch for row in read_jsonl(path)]
        assign_splits(rows)
        questions.extend(rows)
    for path in dev_only:
        for row in read_jsonl(path):
            question = _row(row, compact_pages)
            question.update(split="dev", source=DEV_EXTENSION)
            questions.append(question)
    return questions


def build_paraphrase(path: Path, page_texts: list[str]) -> list[dict[str, Any]]:
    compact_pages = [compact(t) for t in page_texts]
    rows = [_row(row, compact_pages) for row in read_jsonl(path)]
    for row in rows:
        row["split"] = PARAPHRASE
    return rows


@dataclass
class Validation:
    errors: list[str]
    stats: dict[str, Any]


def validate(questions: list[dict[str, Any]], page_texts: list[str], minimums: dict[str, int] | None = None,
             paraphrase: bool = False) -> Validation:
    compact_pages = [compact(t) for t in page_texts]
    errors: list[str] = []
    ids = Counter(q.get("id") for q in questions)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for q in questions:
        qid = q.get("id", "?")
        missing = [k for k in REQUIRED if k not in q]
        if missing:
            errors.append(f"{qid}: missing {', '.join(missing)}")
            continue
        if q["type"] not in TYPES:
            errors.append(f"{qid}: unknown type {q['type']!r}")
        if q["lang"] not in LANGS:
            errors.append(f"{qid}: unknown lang {q['lang']!r}")
        if q["split"] not in ((PARAPHRASE,) if paraphrase else ("dev", "test")):
            errors.append(f"{qid}: split must be {PARAPHRASE if paraphrase else 'dev or test'}")
        if not str(q["question"]).strip():
            errors.append(f"{qid}: empty question")
        if q["type"] == "unanswerable":
            if q["evidence"] or q["pages"] or q["answer"] is not None:
                errors.append(f"{qid}: unanswerable questions have no answer, evidence or pages")
            continue
        if not q["evidence"]:
            errors.append(f"{qid}: answerable question without evidence")
        for ev in q["evidence"]:
            if ev != compact(ev):
                errors.append(f"{qid}: evidence must be stored without whitespace: {ev!r}")
            elif not any(ev in page for page in compact_pages):
                errors.append(f"{qid}: evidence not found in the report: {ev!r}")
        expected = evidence_pages(q["evidence"], compact_pages)
        if q["pages"] != expected:
            errors.append(f"{qid}: pages {q['pages']} differ from the computed {expected}")
        if q["type"] == "multi_page" and len(expected) < 2:
            errors.append(f"{qid}: multi_page question whose evidence is on {len(expected)} page(s)")
        if q["type"] == "derived" and not (q.get("inputs") and q.get("formula")):
            errors.append(f"{qid}: a derived question names its inputs and formula")
        if q["type"] == "multi_part" and not (len(q.get("parts") or []) >= 2
                                              and q["parts"][0].get("answer") == q["answer"]):
            errors.append(f"{qid}: a multi-part question lists its parts, the first part's answer leading")
        if q["type"] == "table" and not isinstance(q.get("table"), dict):
            errors.append(f"{qid}: a table question names its table, row and column")
    stats = statistics(questions)
    for key, minimum in (MINIMUMS if minimums is None else minimums).items():
        if stats["counts"].get(key, 0) < minimum:
            errors.append(f"need at least {minimum} {key}, have {stats['counts'].get(key, 0)}")
    if stats["few_shared_share"] < 1 / 3:
        errors.append(f"only {stats['few_shared_share']:.0%} of questions share few characters with the evidence")
    if not paraphrase:
        for (qtype, lang), counts in stats["split_balance"].items():
            if abs(counts["dev"] - counts["test"]) > _BATCH_SLACK:
                errors.append(f"split not stratified for {qtype}/{lang}: {counts}")
    return Validation(errors, stats)


_BATCH_SLACK = 2  # each batch is split on its own, so a (type, language) group may differ by one per batch


def statistics(questions: list[dict[str, Any]]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    balance: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"dev": 0, "test": 0})
    few = 0
    for q in questions:
        counts["questions"] += 1
        counts[q.get("lang", "?")] += 1
        counts[q.get("type", "?")] += 1
        if q.get("split") in ("dev", "test") and q.get("source") != DEV_EXTENSION:
            balance[(q.get("type", "?"), q.get("lang", "?"))][q["split"]] += 1
        if q.get("lang") == "en" or shared_ratio(q.get("question", ""), q.get("evidence", [])) < FEW_SHARED:
            few += 1
    return {"counts": dict(counts), "split_balance": dict(balance),
            "few_shared_share": few / max(1, len(questions))}
