"""Shared fixtures: paths, a small Chinese report, and one index of it built per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
MINI_REPORT = DATA / "mini_report.txt"
BUNDLED = REPO / "corpus" / "alibaba_esg_fy2023.txt"


def shelf(folder: Path, names: list[str]) -> None:
    """A folder of small reports, one per name, distinct on every page: each page names its company."""
    report = (DATA / "tui_report.txt").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        pages = [f"{name}科技集团。{page}" for page in report.split("\f")]
        (folder / f"{name}.txt").write_text("\f".join(pages), encoding="utf-8")


def shared_pdfs() -> Path:
    """The awkward real-world PDFs live beside the checkout (../shared/pdfs), never inside the repo; elsewhere,
    $ESGQA_SHARED names the shared folder (as for the second real report) or $ESGQA_SHARED_PDFS the PDFs'."""
    shared = Path(os.environ.get("ESGQA_SHARED", REPO.parent / "shared"))
    return Path(os.environ.get("ESGQA_SHARED_PDFS", shared / "pdfs"))


@pytest.fixture
def pdfs() -> Path:
    folder = shared_pdfs()
    if not folder.is_dir():
        pytest.skip(f"awkward PDFs not found at {folder} (set ESGQA_SHARED to the shared folder)")
    return folder


@pytest.fixture(scope="session")
def mini_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from esgqa.api import ensure_index

    folder = tmp_path_factory.mktemp("index") / "mini"
    ensure_index(folder, sources=[MINI_REPORT])
    return folder


@pytest.fixture(scope="session")
def mini_engine(mini_index: Path):  # type: ignore[no-untyped-def]
    from esgqa.api import Engine

    return Engine.open(mini_index, build=False)


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of the bundled report per test session."""
    from esgqa.api import ensure_index

    folder = tmp_path_factory.mktemp("bundled") / "index"
    ensure_index(folder, sources=[BUNDLED])
    return folder


@pytest.fixture(scope="session")
def bundled_engine(bundled_index: Path):  # type: ignore[no-untyped-def]
    from esgqa.api import Engine

    return Engine.open(bundled_index, build=False)


@pytest.fixture(autouse=True)
def _no_user_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never touch the user's cache: the default index location points into a temporary folder."""
    monkeypatch.setenv("ESGQA_INDEX", str(tmp_path / "default-index"))
