"""Table grids from ruling lines: the geometry, apart from any PDF library.

Reports draw table borders as thin filled rectangles or stroked lines. Given those segments (in PDF points,
y upwards), `find_grids` snaps and joins them, keeps the groups that cross each other like a table's rules, and
returns each table's row and column boundaries with its merged cells: a merged cell is where a rule between
two neighbouring grid cells is missing. Text is placed later, by the characters' positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SNAP = 1.5  # segments this close on their axis are one rule (double-drawn borders, anti-aliasing offsets)
JOIN = 2.5  # collinear pieces with a gap this small are one rule (cell borders drawn cell by cell)
THIN = 2.0  # a rectangle thinner than this is a rule, not a box
MIN_LENGTH = 4.0
TOUCH = 2.0  # how close a rule's end must come to another rule to meet it


@dataclass(frozen=True)
class Segment:
    """A horizontal (`horizontal=True`, at y=`at`, from `start` to `end` in x) or vertical rule."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass(frozen=True)
class Cell:
    """A (possibly merged) cell: grid rows `row`..`row_end`-1 and columns `col`..`col_end`-1, and its box."""

    row: int
    col: int
    row_end: int
    col_end: int
    box: tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True)
class Grid:
    xs: tuple[float, ...]  # column boundaries, left to right
    ys: tuple[float, ...]  # row boundaries, top to bottom (descending y)
    cells: tuple[Cell, ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[-1], self.xs[-1], self.ys[0]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def segments_from_boxes(boxes: Iterable[tuple[float, float, float, float]]) -> list[Segment]:
    """Rules from path bounding boxes: a thin box is one rule, a larger box contributes its four edges."""
    out: list[Segment] = []
    for left, bottom, right, top in boxes:
        width, height = right - left, top - bottom
        if width < 0 or height < 0:
            continue
        if height <= THIN and width >= MIN_LENGTH:
            out.append(Segment(True, (top + bottom) / 2, left, right))
        elif width <= THIN and height >= MIN_LENGTH:
            out.append(Segment(False, (left + right) / 2, bottom, top))
        elif width >= MIN_LENGTH and height >= MIN_LENGTH:
            out += [Segment(True, top, left, right), Segment(True, bottom, left, right),
                    Segment(False, left, bottom, top), Segment(False, right, bottom, top)]
    return out


def merge_segments(segments: Iterable[Segment]) -> list[Segment]:
    """Snap segments on nearly the same line together and join collinear pieces across small gaps."""
    merged: list[Segment] = []
    for horizontal in (True, False):
        group = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: (s.at, s.start))
        lines: list[list[Segment]] = []
        for seg in group:
            if lines and seg.at - lines[-1][0].at <= SNAP:
                lines[-1].append(seg)
            else:
                lines.append([seg])
        for line in lines:
            at = sum(s.at for s in line) / len(line)
            pieces = sorted(line, key=lambda s: s.start)
            start, end = pieces[0].start, pieces[0].end
            for seg in pieces[1:]:
                if seg.start <= end + JOIN:
                    end = max(end, seg.end)
                else:
                    merged.append(Segment(horizontal, at, start, end))
                    start, end = seg.start, seg.end
            merged.append(Segment(horizontal, at, start, end))
    return [s for s in merged if s.end - s.start >= MIN_LENGTH]


def _crosses(h: Segment, v: Segment) -> bool:
    return (h.start - TOUCH <= v.at <= h.end + TOUCH) and (v.start - TOUCH <= h.at <= v.end + TOUCH)


def _components(hs: list[Segment], vs: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _crosses(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return list(groups.values())


def _covered(segments: list[Segment], at: float, low: float, high: float) -> bool:
    """Some rule at `at` runs over most of [low, high] (a boundary between two cells is drawn)."""
    need = (high - low) * 0.6
    return any(abs(s.at - at) <= SNAP + 0.5 and min(s.end, high) - max(s.start, low) >= need for s in segments)


def _boundaries(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP * 2:
            out.append(value)
    return out


def grid_of(hs: list[Segment], vs: list[Segment]) -> Grid | None:
    """The grid one connected group of rules draws, or None when it is not a table (a lone box, an underline)."""
    xs = _boundaries(v.at for v in vs)
    ys = _boundaries(h.at for h in hs)[::-1]
    if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
        return None  # a single box is a frame or a callout, not a table
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        top, bottom = ys[r], ys[r + 1]
        for c in range(n_cols - 1):
            if not _covered(vs, xs[c + 1], bottom, top):
                union(r * n_cols + c, r * n_cols + c + 1)
    for c in range(n_cols):
        left, right = xs[c], xs[c + 1]
        for r in range(n_rows - 1):
            if not _covered(hs, ys[r + 1], left, right):
                union(r * n_cols + c, (r + 1) * n_cols + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            members.setdefault(find(r * n_cols + c), []).append((r, c))
    cells: list[Cell] = []
    for spots in members.values():
        rows = [r for r, _ in spots]
        cols = [c for _, c in spots]
        r0, r1, c0, c1 = min(rows), max(rows) + 1, min(cols), max(cols) + 1
        cells.append(Cell(r0, c0, r1, c1, (xs[c0], ys[r1], xs[c1], ys[r0])))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Grid(tuple(xs), tuple(ys), tuple(cells))


def find_grids(boxes: Iterable[tuple[float, float, float, float]]) -> list[Grid]:
    """Every table grid drawn on a page, top to bottom."""
    segments = merge_segments(segments_from_boxes(boxes))
    hs = [s for s in segments if s.horizontal]
    vs = [s for s in segments if not s.horizontal]
    grids = [grid for h, v in _components(hs, vs) if (grid := grid_of(h, v)) is not None]
    return sorted(grids, key=lambda g: -g.ys[0])


__all__ = ["Cell", "Grid", "Segment", "find_grids", "grid_of", "merge_segments", "segments_from_boxes"]
