"""Which reports a build of a shelf reads and which it drops, whatever backend holds the shelf."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from esgqa.errors import InputError


def requested_sources(name: str, sources: list[Path] | None, add: bool, rebuild: bool,
                      held: Callable[[], dict[str, str]],
                      recorded: Callable[[], list[Path]]) -> tuple[list[Path], list[str]]:
    """The sources a build reads, and the titles of the reports it drops from the index `name`.

    No sources: the ones the index records (`recorded`). `add`: those plus the sources given. A folder among
    the sources adds to the index too: its reports are mirrored (one deleted from the folder leaves the index)
    and reports from outside it are kept. Only files, without `add` (or anything with `rebuild`), replace what
    the index holds (`held`: source path -> title of each report it holds).
    """
    if not sources:
        return recorded(), []
    holding = held()
    given = {os.path.abspath(p) for p in sources}
    folders = [os.path.abspath(p) + os.sep for p in sources if p.is_dir()]
    keep = add or (bool(folders) and not rebuild)
    kept = [Path(s) for s in holding if s not in given and (add or not any(s.startswith(f) for f in folders))] \
        if keep else []
    missing = [str(p) for p in kept if not p.exists()]
    if missing:
        raise InputError(f"{name} holds {', '.join(missing)}, which no longer exists; give the sources without "
                         f"--add to replace the index's reports")
    dropped = [] if keep else [title for source, title in holding.items() if source not in given]
    return [*sources, *kept], dropped


__all__ = ["requested_sources"]
