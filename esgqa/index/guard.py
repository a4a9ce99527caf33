"""What keeps an index honest between builds: the size of each of its files as built, and one build at a time.

A build records each file's size in the manifest (`extra["sizes"]`). Before an index is reused, or opened for
questions, the sizes on disk are compared with the record: a deleted or truncated file is found in a few `stat`
calls, never answered from or reported "up to date". Indexes written before sizes were recorded are checked for
missing files only.

Two builds into one folder are serialised by an advisory lock on a file beside it (`.NAME.lock`): the second
waits, then decides what to do from what the first one left, so neither reports work that the other replaced.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from esgqa.errors import IndexError_, filesystem_error
from esgqa.index import store

SIZES = "sizes"
SIZED_FILES = tuple(name for name in store.REQUIRED_FILES if name != store.MANIFEST)


def file_sizes(folder: Path) -> dict[str, int]:
    """Bytes in each of the index's files (a folder: the sum of its files)."""
    sizes: dict[str, int] = {}
    for name in SIZED_FILES:
        path = folder / name
        if path.is_dir():
            sizes[name] = sum(p.stat().st_size for p in sorted(path.rglob("*")) if p.is_file())
        else:
            sizes[name] = path.stat().st_size
    return sizes


def verify(folder: Path, manifest: store.Manifest) -> None:
    """Raise IndexError_ when a file is missing or its size is not the one the build recorded."""
    store.check_files(folder)
    recorded = manifest.extra.get(SIZES)
    if not isinstance(recorded, dict):
        return
    try:
        have = file_sizes(folder)
    except OSError as exc:
        raise IndexError_(f"{folder}: broken index ({exc.strerror or type(exc).__name__}); "
                          f"{store.rebuild_hint(folder)}") from None
    changed = [name for name in SIZED_FILES if name in recorded and have.get(name) != recorded[name]]
    if changed:
        raise IndexError_(f"{folder}: broken index, {', '.join(changed)} changed since it was built (truncated "
                          f"or replaced); {store.rebuild_hint(folder)}")


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


@contextlib.contextmanager
def build_lock(folder: Path, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the folder's build lock; when another build holds it, call `waiting` once, then wait for it.

    Creating the lock file is also the first write of a build: a folder that cannot be written fails here, in
    a second, not after the reports were read and embedded.
    """
    path = lock_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+b")
    except OSError as exc:
        raise filesystem_error("create the index folder", folder, exc) from None
    try:
        try:
            import fcntl
        except ImportError:  # no advisory locks on this platform: builds are not serialised
            yield
            return
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(f"another esgqa is building the index at {folder}; waiting for it to finish")
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def check_writable(folder: Path) -> None:
    """Fail now, with exit 9, when the index folder could not be replaced at the end of a build: its parent must
    take a new folder and the folder itself must be writable (a rename moves it)."""
    import tempfile

    try:
        probe = Path(tempfile.mkdtemp(prefix=f".{folder.name}.{store.BUILDING}-{os.getpid()}-", dir=folder.parent))
        probe.rmdir()
    except OSError as exc:
        raise filesystem_error("write the index folder", folder.parent, exc) from None
    if folder.exists() and not os.access(folder, os.W_OK):
        raise filesystem_error("write the index folder", folder, PermissionError(13, "Permission denied"))
