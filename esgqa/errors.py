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
