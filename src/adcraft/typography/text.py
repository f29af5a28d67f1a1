"""Measuring, line-breaking and fitting text into boxes.

Line-break opportunities come from :mod:`adcraft.typography.breaks` (UAX #14 through the
``uniseg`` package, with Chinese words kept whole by jieba). Among the ways to break a text,
:func:`break_lines` takes the fewest lines unless more lines avoid an orphan fragment or a split
compound, and the most even lines among those (a balanced rag).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adcraft.typography.breaks import ORPHAN, break_penalty, segments
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


def _greedy(segments: tuple[str, ...], fits: Callable[[str], bool]) -> list[str] | None:
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


EXTRA_LINE = 50.0
"""Cost of each line beyond the fewest possible (an orphan costs more, a widow less)."""
_MAX_ENUMERATED = 16  # segments up to which every way of breaking is tried


def _splits(n: int, k: int):
    """Every way to cut ``n`` segments into ``k`` non-empty consecutive lines (cut indices)."""
    from itertools import combinations

    for cuts in combinations(range(1, n), k - 1):
        yield (0, *cuts, n)


def _best_lines(segs: tuple[str, ...], width: Callable[[str], float], max_width: float, max_lines: int) -> list[str] | None:
    """The best lines for ``segs``: no line wider than ``max_width``, the fewest lines unless
    more avoid an orphan or a split compound (:func:`~adcraft.typography.breaks.break_penalty`),
    and as even as possible (a balanced rag); ``None`` when every way that fits leaves an
    orphan or a split compound (the text must be set smaller)."""
    greedy = _greedy(segs, lambda s: width(s) <= max_width)
    if greedy is None or len(greedy) > max_lines or len(greedy) == 1:
        return greedy
    n, kmin = len(segs), len(greedy)
    if n > _MAX_ENUMERATED:
        return greedy
    text_of: dict[tuple[int, int], tuple[str, float]] = {}

    def line(i: int, j: int) -> tuple[str, float]:
        if (i, j) not in text_of:
            t = "".join(segs[i:j]).rstrip()
            text_of[(i, j)] = (t, width(t))
        return text_of[(i, j)]

    best, best_score = greedy, float("inf")
    for k in range(kmin, min(max_lines, n) + 1):
        for cuts in _splits(n, k):
            parts = [line(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
            widths = [w for _, w in parts]
            if max(widths) > max_width:
                continue
            lines = [t for t, _ in parts]
            score = break_penalty(lines) + EXTRA_LINE * (k - kmin) + (max(widths) - min(widths)) / max_width
            if score < best_score:
                best, best_score = lines, score
    if best_score >= ORPHAN:  # only an orphan or a split compound fits: set it smaller instead
        return None
    return best


def break_lines(
    fonts: FontLibrary, text: str, size: int, style: TextStyle, max_width: float, max_lines: int, balance: bool = True
) -> tuple[str, ...] | None:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``max_width``.

    Breaks only where :func:`~adcraft.typography.breaks.segments` allows (UAX #14, and word
    boundaries inside Chinese); among the ways to break, the fewest lines win unless more avoid
    an orphan fragment or a split compound, then the most even ones (``balance``; ``False``
    fills each line greedily). Returns ``None`` when the text cannot be set in that many lines
    at that size (a word is wider than the box, or more lines are needed). Explicit ``\n``
    starts a new line. Memoised in ``fonts`` (:meth:`FontLibrary.measured`): layout asks for the
    same text, size and width many times.
    """
    key = ("break_lines", text, size, style, max_width, max_lines, balance)
    return fonts.measured(key, lambda: _break_lines(fonts, text, size, style, max_width, max_lines, balance))


def _break_lines(
    fonts: FontLibrary, text: str, size: int, style: TextStyle, max_width: float, max_lines: int, balance: bool
) -> tuple[str, ...] | None:
    out: list[str] = []

    def width(s: str) -> float:
        return line_width(fonts, s, size, style)

    for para in text.split("\n"):
        segs = segments(para)
        if balance:
            lines = _best_lines(segs, width, max_width, max_lines - len(out))
        else:
            lines = _greedy(segs, lambda s: width(s) <= max_width)
        if lines is None:
            return None
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
