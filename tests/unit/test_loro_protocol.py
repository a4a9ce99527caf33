"""The leave-one-report-out protocol measures the answerer as it ships (regression: `esgqa eval --protocol
loro` ran with the default abstention rules while the shipped model says `weak_support: false`, so its
not-found rates were about twice the documented ones)."""

from __future__ import annotations

from typing import Any

import pytest

from esgqa.eval import loro_run
from esgqa.qa.model import load_model


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any] | None]:
    passed: list[dict[str, Any] | None] = []

    def run_protocol(held: list[Any], rules: dict[str, Any] | None = None, **_: Any) -> None:
        passed.append(rules)

    monkeypatch.setattr(loro_run, "open_reports", lambda ids, progress: [])
    monkeypatch.setattr(loro_run, "run_protocol", run_protocol)
    monkeypatch.setattr(loro_run, "summarise", lambda held: {})
    return passed


def _quiet(message: str) -> None:
    del message


def test_the_protocol_defaults_to_the_shipped_models_rules(seen: list[dict[str, Any] | None]) -> None:
    loro_run.protocol(None, _quiet)
    assert seen == [dict(load_model().rules)]
    assert seen[0] is not None and "weak_support" in seen[0]


def test_rules_given_by_the_caller_win(seen: list[dict[str, Any] | None]) -> None:
    loro_run.protocol(None, _quiet, rules={"weak_support": True})
    assert seen == [{"weak_support": True}]
