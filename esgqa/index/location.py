"""Where an index lives: --index DIR, else $ESGQA_INDEX, else the user cache directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_INDEX = "ESGQA_INDEX"


def default_index_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("esgqa", appauthor=False)) / "index" / "default"


def resolve_index_dir(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_INDEX)
    if env:
        return Path(env).expanduser()
    return default_index_dir()
