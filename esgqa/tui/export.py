"""Copy an answer with its citations: to the system clipboard when a clipboard tool exists, else to a file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from esgqa.qa.types import Answer

CLIPBOARD_FILE = "esgqa-clipboard.md"


@dataclass(frozen=True)
class CopyResult:
    clipboard: bool  # True: a system clipboard tool took the text
    path: Path | None = None  # where the text was written when there was no clipboard tool


def format_answer(answer: Answer, titles: dict[str, str] | None = None) -> str:
    """Plain text a reviewer can paste: question, answer, then every cited passage with its page."""
    titles = titles or {}
    lines = [f"Q: {answer.question}", "", answer.answer or "", ""]
    cited = answer.citations or ([] if not answer.abstained else answer.passages[:3])
    if cited:
        lines.append("Citations:" if answer.citations else "Closest passages:")
    for number, passage in enumerate(cited, start=1):
        title = titles.get(passage.doc_id, "")
        where = f"{title}, p. {passage.page}" if len(titles) > 1 and title else f"p. {passage.page}"
        quoted = [s.text for s in answer.sentences if s.chunk_id == passage.chunk_id]
        quote = " ".join(" ".join(quoted or [passage.text]).split())
        lines.append(f"[{number}] {where}: “{quote}”")
    return "\n".join(lines).rstrip() + "\n"


def clipboard_command() -> list[str] | None:
    """The system's clipboard writer, if one is installed and usable from this session."""
    candidates: list[list[str]] = []
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    if sys.platform == "win32" or shutil.which("clip.exe"):
        candidates.append(["clip.exe"])
    if os.environ.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    for command in candidates:
        if shutil.which(command[0]):
            return command
    return None


def user_data_dir() -> Path:
    """The user's data folder for esgqa (never the current folder, which may be a checkout)."""
    from platformdirs import user_data_dir as data_dir

    return Path(data_dir("esgqa", appauthor=False))


def copy_text(text: str, fallback_dir: Path | None = None) -> CopyResult:
    """Put `text` on the clipboard; without a clipboard tool, append it to a file in the user data folder."""
    command = clipboard_command()
    if command is not None:
        try:
            subprocess.run(command, input=text.encode("utf-8"), check=True, timeout=3,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return CopyResult(clipboard=True)
        except (OSError, subprocess.SubprocessError):
            pass
    for folder in (fallback_dir or user_data_dir(), Path(os.environ.get("TMPDIR", "/tmp"))):
        path = folder / CLIPBOARD_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(text + "\n---\n\n")
        except OSError:
            continue
        return CopyResult(clipboard=False, path=path)
    return CopyResult(clipboard=False)
