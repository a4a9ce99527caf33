"""What a newcomer and a hostile tester found from a fresh clone (issue 19), each held by a test: indexes that are
not what they seem, binary files, concurrent builds, shelves, piped output, signs of life, one-line errors."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from esgqa.cli.main import main
from esgqa.errors import ExitCode
from tests.conftest import MINI_REPORT


def binary_bytes(size: int, top: int = 256) -> bytes:
    rnd = random.Random(19)
    return bytes(rnd.randrange(top) for _ in range(size))


@pytest.mark.parametrize("content, extra", [
    (binary_bytes(4000, top=128), []),  # valid UTF-8: every byte below 0x80
    (binary_bytes(4000), ["--encoding", "latin-1"]),  # any bytes are valid Latin-1
    (b"\x00" * 64 + MINI_REPORT.read_bytes(), []),
], ids=["7-bit", "latin-1", "nul"])
def test_a_binary_txt_in_a_folder_is_skipped_with_its_reason(content: bytes, extra: list[str], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "good.txt").write_bytes(MINI_REPORT.read_bytes())
    (shelf / "bad.txt").write_bytes(content)
    assert main(["index", str(shelf), "--index", str(tmp_path / "idx"), *extra]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "bad.txt: a binary file, not text" in err
    assert "1 source(s) skipped" in err and "added: bad" not in err and "added: good" in err
    assert main(["pages", str(shelf / "bad.txt"), *extra]) == ExitCode.INPUT
