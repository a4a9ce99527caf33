"""Plain-text and page-marked text reports: `\\f` separates pages; without one the file is one page."""

from __future__ import annotations

import logging
from pathlib import Path

from esgqa.errors import InputError
from esgqa.ingest.model import Document, Page, make_document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".text")
# Chinese reports saved on Windows are often GB18030 (a superset of GBK and GB2312).
_FALLBACK_ENCODINGS = ("gb18030", "big5")


def decode_text(raw: bytes, path: Path, encoding: str | None = None) -> str:
    """UTF-8 (with or without BOM), or the encoding the user named, or a confidently detected CJK encoding."""
    if encoding:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot decode as {encoding}: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for candidate in _FALLBACK_ENCODINGS:
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_like_cjk_text(text):
            log.warning("%s is not UTF-8; read it as %s (pass --encoding to choose)", path, candidate)
            return text
    guess = suggest_encoding(raw)
    if guess is None:
        raise InputError(f"{path}: not UTF-8 text; pass --encoding ENCODING (e.g. gb18030)")
    raise InputError(f"{path}: not UTF-8 text (it looks like {guess}); pass --encoding {guess}")


# what Western European text holds besides ASCII letters: Windows-1252's typographic marks and symbols
_WESTERN_MARKS = frozenset("“”‘’‚„–—…€•‰™«»°§£¥¢©®±²³µ¶·¹º¼½¾¿¡\xa0")


def suggest_encoding(raw: bytes) -> str | None:
    """The encoding to name when a file is not UTF-8: cp1252 (Windows Western, which reads Latin-1 text too)
    when it makes every other byte a Latin letter or a Western mark; else charset_normalizer's best guess,
    which alone often names a Central European code page for French or German text."""
    import unicodedata

    try:
        other = [ch for ch in raw.decode("cp1252") if not ch.isascii()]
    except UnicodeDecodeError:
        other = []
    if other and all(ch in _WESTERN_MARKS or (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"))
                     for ch in other):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return best.encoding if best is not None else None


def _looks_like_cjk_text(text: str) -> bool:
    """A wrong legacy decoding of other bytes (say Latin-1 "é" + "c") yields rare GBK-extension ideographs;
    real Chinese text is almost entirely characters from the common GB2312 set."""
    sample = [ch for ch in text[:20000] if not ch.isascii()]
    if not sample or any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text[:4000]):
        return False
    common = 0
    for ch in sample:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common / len(sample) > 0.95


def read_text_report(path: Path, encoding: str | None = None) -> Document:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    text = decode_text(raw, path, encoding)
    if looks_binary(text):
        raise InputError(f"{path}: a binary file, not text (control bytes throughout)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    page_texts = text.rstrip("\n").split("\f")
    pages = [Page(number=i + 1, text=t, has_text_layer=bool(t.strip())) for i, t in enumerate(page_texts)]
    if not any(p.has_text_layer for p in pages):
        raise InputError(f"{path}: the file has no text")
    return make_document(title=_title_from_path(path), source=str(path), pages=pages)


def looks_binary(text: str) -> bool:
    """A report has no control characters besides line and page breaks and tabs: a NUL, or more than one in a
    hundred characters, is a binary file named `.txt` (which a legacy decoding such as Latin-1 always accepts)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ch < " " and ch not in "\n\r\t\f\v") or ch == "\x7f")
    return "\x00" in sample or controls * 100 > len(sample)


def _title_from_path(path: Path) -> str:
    return path.stem.replace("_", " ").strip() or path.name
