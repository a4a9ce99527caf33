"""Every report's question sets validate against the report, and the validator catches a broken copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from esgqa.eval.questions import read_jsonl, validate
from tests.conftest import BUNDLED, REPO

QUESTIONS = REPO / "eval" / "alibaba" / "questions.jsonl"
SCRIPT = REPO / "eval" / "validate_questions.py"


def _pages() -> list[str]:
    return BUNDLED.read_text(encoding="utf-8").rstrip("\n").split("\f")


def test_the_question_sets_are_valid() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    summaries = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    by = {(s["report"], s["set"]): s for s in summaries}
    assert by[("alibaba", "gold")]["counts"]["questions"] >= 200
    assert by[("alibaba", "paraphrase")]["counts"]["questions"] >= 60
    assert all(s["valid"] for s in summaries)
    if ("sifang", "gold") in by:  # the second report sits outside the repository
        counts = by[("sifang", "gold")]["counts"]
        assert counts["questions"] >= 100 and counts["unanswerable"] >= 20 and counts["en"] >= 20
        assert counts["derived"] >= 10 and by[("sifang", "paraphrase")]["counts"]["questions"] >= 60


def test_the_validator_fails_on_a_broken_copy(tmp_path: Path) -> None:
    questions = read_jsonl(QUESTIONS)
    answerable = [q for q in questions if q["type"] != "unanswerable"]
    answerable[0]["evidence"] = ["这句话不在报告里出现过的证据"]
    answerable[1]["pages"] = [p + 1 for p in answerable[1]["pages"]]
    answerable[2]["evidence"] = [answerable[2]["evidence"][0][:4] + " " + answerable[2]["evidence"][0][4:]]
    del answerable[3]["split"]
    questions.append(dict(questions[0]))  # duplicate id
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    errors = validate(read_jsonl(broken), _pages()).errors
    joined = "\n".join(errors)
    assert "evidence not found in the report" in joined
    assert "differ from the computed" in joined
    assert "stored without whitespace" in joined
    assert "missing split" in joined
    assert "duplicate id" in joined


def test_minimums_are_enforced() -> None:
    questions = [q for q in read_jsonl(QUESTIONS) if q["lang"] == "zh"][:150]
    errors = validate(questions, _pages()).errors
    assert any("need at least 200 questions" in e for e in errors)
    assert any("need at least 40 en" in e for e in errors)


def test_dev_extension_drafts_all_go_to_dev_and_leave_the_split_alone(tmp_path: Path) -> None:
    from esgqa.eval.questions import DEV_EXTENSION, build

    pages = _pages()
    rows = [{"id": f"a-{i}", "question": f"问题{i}", "lang": "zh", "type": "numeric", "answer": "468.1万吨",
             "evidence": ["运营净排放量（即范围1、2之和）为468.1万吨"]} for i in range(6)]
    drafts = tmp_path / "part.jsonl"
    drafts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    extension = tmp_path / "dev-more.jsonl"
    extension.write_text("".join(json.dumps({**r, "id": "x" + r["id"]}, ensure_ascii=False) + "\n" for r in rows),
                         encoding="utf-8")
    alone = {q["id"]: q["split"] for q in build([[drafts]], pages)}
    both = build([[drafts]], pages, [extension])
    assert {q["id"]: q["split"] for q in both if not q["id"].startswith("x")} == alone  # nothing moved
    added = [q for q in both if q["id"].startswith("x")]
    assert len(added) == 6 and all(q["split"] == "dev" and q["source"] == DEV_EXTENSION for q in added)
    assert added[0]["pages"] == [30]
    # six extra dev questions of one type do not count as an unstratified split
    assert not [e for e in validate(both, pages).errors if "stratified" in e]


def test_a_new_batch_moves_no_question_of_another(tmp_path: Path) -> None:
    """Each batch of drafts is split on its own: adding a batch with unanswerables (the derived-figure batch)
    leaves every question of the first batch in its half."""
    from esgqa.eval.questions import build

    pages = _pages()
    first = tmp_path / "part.jsonl"
    rows = [{"id": f"a-{i}", "question": f"问题{i}", "lang": "zh", "type": "unanswerable", "answer": None,
             "evidence": []} for i in range(7)]
    first.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    second = tmp_path / "derived.jsonl"
    second.write_text("".join(json.dumps({**r, "id": "d" + r["id"]}, ensure_ascii=False) + "\n" for r in rows),
                      encoding="utf-8")
    alone = {q["id"]: q["split"] for q in build([[first]], pages)}
    both = {q["id"]: q["split"] for q in build([[first], [second]], pages)}
    assert {k: v for k, v in both.items() if not k.startswith("d")} == alone


def test_the_alibaba_test_half_is_the_one_first_written() -> None:
    """The 121 test questions of the first batch are still the test half (ids fixed by the hash)."""
    test = [q for q in read_jsonl(QUESTIONS) if q["split"] == "test" and q["id"].startswith(("p1-", "p2-"))]
    assert len(test) == 121
