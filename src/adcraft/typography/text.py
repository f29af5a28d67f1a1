"""Measuring, line-breaking and fitting text into boxes.

Line-break opportunities come from the Unicode line breaking algorithm (UAX #14, through the
``uniseg`` package), which also allows breaks between CJK ideographs and forbids them before
closing punctuation. Lines are then balanced: the narrowest width that keeps the same number of
lines is used, which avoids a lone word (widow) on the last line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from uniseg.linebreak import line_break_boundaries

from adcraft.typography.fonts import FontLibrary


@dataclass(frozen=True)
class TextStyle:
    """How a piece of text is set: font chain, CSS weight, line pitch (em), tracking (em)."""

    chain: str = "sans"
    weight: int = 400
    line_height: float = 1.2
    tracking: float = 0.0


@dataclass(frozen=True)
class FittedText:
    """Text set at a size: its lines and their extent in pixels."""

    text: str
    lines: tuple[str, ...]
    size: int
    style: TextStyle
    width: int
    height: int


def line_width(fonts: FontLibrary, line: str, size: int, style: TextStyle) -> float:
    """Advance width in pixels of one line drawn with per-glyph fallback and tracking."""
    total = fonts.advance(line, style.chain, size, style.weight)
    if style.tracking and len(line) > 1:
        total += style.tracking * size * (len(line) - 1)
    return total


def measure_lines(fonts: FontLibrary, lines: tuple[str, ...], size: int, style: TextStyle) -> tuple[int, int]:
    """``(width, height)`` in pixels of a block of lines (height = lines × pitch)."""
    w = max((line_width(fonts, ln, size, style) for ln in lines), default=0.0)
    return int(round(w + 0.5)), int(round(len(lines) * size * style.line_height + 0.5))


@lru_cache(maxsize=4096)
def _segments(text: str) -> tuple[str, ...]:
    """Split text at UAX #14 break opportunities; each segment keeps its trailing space.

    Memoised: break opportunities depend only on the text (a pure function).
    """
    bounds = [0, *line_break_boundaries(text)]
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a)


def _greedy(segments: tuple[str, ...], fits: callable) -> list[str] | None:  # type: ignore[valid-type]
    lines: list[str] = []
    cur = ""
    for seg in segments:
        trial = cur + seg
        if not cur or fits(trial.rstrip()):
            if not cur and not fits(seg.rstrip()):
                return None  # a single unbreakable segment is too wide
            cur = trial
        else:
            lines.append(cur.rstrip())
            if not fits(seg.rstrip()):
                return None  # the segment that starts the new line is itself too wide
            cur = seg
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def break_lines(
    fonts: FontLibrary, text: str, size: int, style: TextStyle, max_width: float, max_lines: int, balance: bool = True
) -> tuple[str, ...] | None:
    """Break ``text`` into at most ``max_lines`` balanced lines no wider than ``max_width``.

    Returns ``None`` when the text cannot be set in that many lines at that size (a word is
    wider than the box, or more lines are needed). Explicit ``\\n`` starts a new line.
    """
    paragraphs = text.split("\n")
    out: list[str] = []
    for para in paragraphs:
        segs = _segments(para)
        lines = _greedy(segs, lambda s: line_width(fonts, s, size, style) <= max_width)
        if lines is None:
            return None
        if len(lines) > 1 and balance:
            # Balance: shrink the width while the line count stays the same.
            lo, hi = max_width * 0.4, max_width
            best = lines
            for _ in range(7):
                mid = (lo + hi) / 2
                trial = _greedy(segs, lambda s, m=mid: line_width(fonts, s, size, style) <= m)
                if trial is not None and len(trial) == len(lines):
                    best, hi = trial, mid
                else:
                    lo = mid
            lines = best
        out.extend(lines)
    if len(out) > max_lines:
        return None
    return tuple(out)


def fit_text(
    fonts: FontLibrary,
    text: str,
    style: TextStyle,
    max_width: float,
    max_height: float,
    *,
    min_size: int,
    max_size: int,
    max_lines: int,
) -> FittedText | None:
    """Largest size in ``[min_size, max_size]`` at which ``text`` fits the box.

    Parameters
    ----------
    fonts:
        The :class:`FontLibrary`.
    text:
        The text (``\\n`` forces a line break).
    style:
        :class:`TextStyle`.
    max_width, max_height:
        Box size in pixels.
    min_size, max_size:
        Em-size bounds in pixels.
    max_lines:
        Most lines allowed.

    Returns
    -------
    FittedText or None
        ``None`` when even ``min_size`` does not fit: the caller drops the element or the
        candidate and records why. Text is never clipped.
    """
    if max_size < min_size or max_width <= 0 or max_height <= 0:
        return None

    def attempt(size: int) -> FittedText | None:
        lines = break_lines(fonts, text, size, style, max_width, max_lines)
        if lines is None:
            return None
        w, h = measure_lines(fonts, lines, size, style)
        if h > max_height or w > max_width:
            return None
        return FittedText(text=text, lines=lines, size=size, style=style, width=w, height=h)

    best = attempt(min_size)
    if best is None:
        return None
    lo, hi = min_size, max_size
    while lo < hi:  # binary search for the largest size that fits
        mid = (lo + hi + 1) // 2
        res = attempt(mid)
        if res is not None:
            best, lo = res, mid
        else:
            hi = mid - 1
    return best
