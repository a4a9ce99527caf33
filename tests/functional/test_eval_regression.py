"""Retrieval and answer quality on the dev half of the gold set must not regress.

Thresholds in eval/thresholds.json sit a little below the measured dev values (see README); the test half is
never used here. Runs through the same code path as `esgqa eval --thresholds`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esgqa.cli.main import main
from esgqa.errors import ExitCode
from tests.conftest import REPO

THRESHOLDS = REPO / "eval" / "thresholds.json"


def test_dev_metrics_stay_above_thresholds(bundled_index: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["-q", "eval", "--report", "alibaba", "--index", str(bundled_index), "--split", "dev",
                 "--thresholds", str(THRESHOLDS), "--results", str(tmp_path), "--no-save", "--json"])
    report = json.loads(capsys.readouterr().out)
    hybrid = next(r for r in report["runs"] if r["retriever"] == "hybrid")
    assert hybrid["dev"]["all"]["n"] == sum(1 for line in (REPO / "eval" / "alibaba" / "questions.jsonl").open()
                                            if '"split": "dev"' in line)
    assert code == 0, capsys.readouterr().err


@pytest.mark.slow
def test_second_report_dev_metrics_stay_above_thresholds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The second real report (../shared/reports/), indexed from its PDF: its own dev thresholds."""
    from esgqa.eval.reports import select

    report = select("sifang")[0]
    if not report.available:
        pytest.skip(f"{report.source} is absent (see ../shared/reports/README.md)")
    code = main(["-q", "eval", "--report", "sifang", "--index", str(tmp_path / "index"), "--split", "dev",
                 "--thresholds", str(THRESHOLDS), "--results", str(tmp_path), "--no-save", "--json"])
    assert code == 0, capsys.readouterr().err


def test_a_broken_retriever_fails_the_thresholds(bundled_index: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The guard can fail: shuffle the lexical scores and the same command exits with EVAL_FAILED."""
    import numpy as np

    from esgqa.index.lexical import LexicalIndex

    original = LexicalIndex.scores

    def scrambled(self: LexicalIndex, tokens: list[str]) -> np.ndarray:
        scores = original(self, tokens)
        return np.random.default_rng(0).permutation(scores)

    monkeypatch.setattr(LexicalIndex, "scores", scrambled)
    code = main(["-q", "eval", "--report", "alibaba", "--index", str(bundled_index), "--split", "dev",
                 "--retriever", "bm25",
                 "--thresholds", str(THRESHOLDS), "--no-save"])
    assert code == ExitCode.EVAL_FAILED
    assert "below threshold" in capsys.readouterr().err
