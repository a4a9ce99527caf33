"""Where a run's results go: a new timestamped folder under `eval/runs/` (not tracked by git).

Running an evaluation, a benchmark or a mutation test never rewrites a tracked file. Each run gets its own
folder; `eval/runs/latest-KIND.json` is refreshed only by a full run (every report, split and retriever), so a
partial run cannot pass for the headline numbers. The numbers docs/ quotes name the command that reproduces
them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from esgqa.errors import filesystem_error

REPO = Path(__file__).resolve().parents[2]
RUNS = REPO / "eval" / "runs"


def git_commit(cwd: Path = REPO) -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True,
                              text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def new_run_folder(kind: str, root: Path | None = None) -> Path:
    """`eval/runs/KIND-YYYYmmdd-HHMMSS-COMMIT/`, created; a name taken already gets a suffix."""
    root = root or RUNS
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = f"{kind}-{stamp}-{git_commit() or 'nocommit'}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        for suffix in ("", *(f"-{n}" for n in range(2, 100))):
            folder = root / f"{base}{suffix}"
            try:
                folder.mkdir()
            except FileExistsError:
                continue
            return folder
    except OSError as exc:
        raise filesystem_error("create the results folder", root, exc) from None
    raise FileExistsError(root / base)


def write_json(path: Path, data: Any) -> Path:
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise filesystem_error("write", path, exc) from None
    return path


def publish_latest(path: Path, kind: str, root: Path | None = None) -> Path:
    """Copy a full run's results to `eval/runs/latest-KIND.json` (also untracked)."""
    target = (root or RUNS) / f"latest-{kind}{path.suffix}"
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        raise filesystem_error("write", target, exc) from None
    return target


__all__ = ["RUNS", "git_commit", "new_run_folder", "publish_latest", "write_json"]
