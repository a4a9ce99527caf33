"""Where an index lives: --index LOCATION, else $ESGQA_INDEX, else a folder in the user cache directory.

A location is a folder (the default backend), `milvus:PATH.db` (an embedded Milvus Lite file) or
`milvus://HOST:PORT[/DB]` (a Milvus server or cluster, database DB or the default one).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from esgqa.errors import UsageError

ENV_INDEX = "ESGQA_INDEX"
_SERVER = re.compile(r"milvus://(?P<host>[^/:\s]+):(?P<port>\d{1,5})(?:/(?P<db>[A-Za-z_][A-Za-z0-9_]*)?)?/?")


@dataclass(frozen=True)
class MilvusTarget:
    uri: str  # the .db file of Milvus Lite, or http://HOST:PORT of a server
    db_name: str  # "" for the server's default database
    spec: str  # as the user wrote it, for messages

    @property
    def lite(self) -> bool:
        return not self.uri.startswith("http://")

    def __str__(self) -> str:
        return self.spec


Location = Path | MilvusTarget


def parse_milvus(spec: str) -> MilvusTarget | None:
    """The Milvus target `spec` names, None when it names a folder; a malformed Milvus location is a usage error."""
    if spec.startswith("milvus://"):
        match = _SERVER.fullmatch(spec)
        if match is None or not 0 < int(match["port"]) < 65536:
            raise UsageError(f"--index {spec!r}: a Milvus server is milvus://HOST:PORT or milvus://HOST:PORT/DB")
        return MilvusTarget(f"http://{match['host']}:{match['port']}", match["db"] or "", spec)
    if spec.startswith("milvus:"):
        path = spec.removeprefix("milvus:")
        if not path.endswith(".db") or len(path) <= 3:
            raise UsageError(f"--index {spec!r}: Milvus Lite keeps an index in a file named milvus:PATH.db")
        return MilvusTarget(str(Path(path).expanduser().resolve()), "", spec)
    return None


def default_index_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("esgqa", appauthor=False)) / "index" / "default"


def resolve_location(explicit: str | Path | None = None) -> Location:
    """The index location: `explicit`, else $ESGQA_INDEX, else the default folder."""
    spec = str(explicit) if explicit else os.environ.get(ENV_INDEX) or ""
    if not spec:
        return default_index_dir()
    return parse_milvus(spec) or Path(spec).expanduser()


def resolve_index_dir(explicit: str | Path | None = None) -> Path:
    """The index folder, for what only a folder index can do; a Milvus location is a usage error here."""
    location = resolve_location(explicit)
    if isinstance(location, MilvusTarget):
        raise UsageError(f"{location}: this command needs an index folder, not a Milvus index")
    return location
