"""Rebuild the bundled corpus from the seed text extraction.

    python corpus/build.py text  [SEED]   # -> corpus/alibaba_esg_fy2023.txt (pages separated by form feeds)
    python corpus/build.py pdf            # -> corpus/alibaba_esg_fy2023.pdf (reportlab, STSong-Light)

Page rule (from the project brief): a new page starts at every line that begins with exactly one space
followed by a non-space character. That gives 213 pages, and page N is the report's printed page N.
The leading space of such a line is a page marker and is dropped.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = HERE.parent.parent / "shared" / "seed" / "000_3721875d8033eafa.txt"
TEXT_OUT = HERE / "alibaba_esg_fy2023.txt"
PDF_OUT = HERE / "alibaba_esg_fy2023.pdf"
PAGE_START = re.compile(r"^ \S")


def split_seed(raw: str) -> list[str]:
    pages: list[list[str]] = []
    for line in raw.split("\n"):
        if PAGE_START.match(line):
            pages.append([line[1:]])
        elif pages:
            pages[-1].append(line)
        elif line.strip():
            pages.append([line])
    return ["\n".join(lines).rstrip("\n") for lines in pages]


def build_text(seed: Path) -> None:
    pages = split_seed(seed.read_text(encoding="utf-8"))
    TEXT_OUT.write_text("\f".join(pages) + "\n", encoding="utf-8")
    print(f"wrote {TEXT_OUT.name}: {len(pages)} pages", file=sys.stderr)


CJK_FONT, LATIN_FONT = "STSong-Light", "DejaVuSans"


def _font_for(ch: str) -> str:
    """STSong-Light has no glyphs for Latin-1/Extended letters such as '·', 'Ü', 'ń' or '™'."""
    return LATIN_FONT if 0x80 <= ord(ch) <= 0x24F or ch == "\u2122" else CJK_FONT


def _runs(line: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in line:
        font = _font_for(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def _wrap(line: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    current, used = "", 0.0
    for ch in line:
        w = stringWidth(ch, _font_for(ch), size)
        if current and used + w > width:
            out.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    out.append(current)
    return out


def build_pdf() -> None:
    """Render each page of the text corpus as one PDF page, tall enough for all its lines.

    STSong-Light is a CID font that PDF readers (and pdfplumber) know without embedding, which keeps the file
    small and makes the text layer round-trip exactly.
    """
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    size, leading, margin, width = 9.0, 12.0, 36.0, 595.0
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont(LATIN_FONT, str(dejavu)))
    pages = TEXT_OUT.read_text(encoding="utf-8").rstrip("\n").split("\f")
    pdf = canvas.Canvas(str(PDF_OUT), pagesize=(width, 842.0), invariant=1)
    pdf.setTitle("Alibaba Group FY2023 Environmental, Social and Governance Report (text rendering)")
    for text in pages:
        lines: list[str] = []
        for line in text.split("\n"):
            lines.extend(_wrap(line, width - 2 * margin, size))
        height = max(842.0, 2 * margin + leading * len(lines))
        pdf.setPageSize((width, height))
        y = height - margin
        for line in lines:
            text_obj = pdf.beginText(margin, y)
            for font, run in _runs(line):
                text_obj.setFont(font, size)
                text_obj.textOut(run)
            pdf.drawText(text_obj)
            y -= leading
        pdf.showPage()
    pdf.save()
    print(f"wrote {PDF_OUT.name}: {len(pages)} pages", file=sys.stderr)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "text"
    if what == "text":
        build_text(Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_SEED)
    elif what == "pdf":
        build_pdf()
    else:
        raise SystemExit("usage: build.py text [SEED] | pdf")
