"""Exit codes and the one exception type the CLI turns into a one-line message."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; documented in the README. Stable: scripts depend on them."""

    OK = 0
    ERROR = 1  # unexpected internal error (a bug)
    USAGE = 2  # bad command line, empty question
    INPUT = 3  # missing, unsupported, empty, undecodable or corrupt input file
    ENCRYPTED = 4  # encrypted PDF without (or with a wrong) password
    INDEX = 5  # index folder missing, corrupt, or from another format version
    MODEL = 6  # embedding model missing or not loadable offline
    FINDINGS = 7  # `check --fail-on` found findings of the named kinds
    EVAL_FAILED = 8  # eval regression thresholds not met
    FILESYSTEM = 9  # a folder or file cannot be created or written (read-only, missing parent, no space)
    PARTIAL = 10  # batch mode: some lines could not be answered (each has its own error object)


class EsgqaError(Exception):
    """An expected failure with a user-facing one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(EsgqaError):
    exit_code = ExitCode.INPUT


class EncryptedError(EsgqaError):
    exit_code = ExitCode.ENCRYPTED


class IndexError_(EsgqaError):
    """Named with a trailing underscore so it never shadows the builtin IndexError."""

    exit_code = ExitCode.INDEX


class ModelError(EsgqaError):
    exit_code = ExitCode.MODEL


class UsageError(EsgqaError):
    exit_code = ExitCode.USAGE


class FileSystemError(EsgqaError):
    """The machine, not the input, is in the way: a read-only folder, a parent that is missing, a full disk."""

    exit_code = ExitCode.FILESYSTEM


def filesystem_error(action: str, path: object, exc: OSError) -> FileSystemError:
    """One line naming what could not be done where, and the system's reason ("Permission denied")."""
    reason = exc.strerror or type(exc).__name__
    return FileSystemError(f"cannot {action} {path}: {reason}")
