"""Measuring, line-breaking and fitting text into boxes.

Line-break opportunities come from :mod:`adcraft.typography.breaks` (UAX #14 through the
``uniseg`` package, with Chinese words kept whole by jieba). Among the ways to break a text,
:func:`break_lines` takes the way of least demerits (:func:`~adcraft.typography.breaks.break_cost`:
total fit after Knuth and Plass 1981, with display-type rules and a balanced rag).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adcraft.typography.breaks import EXTRA_LINE, ORPHAN, break_cost, line_text, segments
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


def _greedy(segs: tuple[str, ...], fits: Callable[[str], bool]) -> list[int] | None:
    """Line starts (indices into ``segs``, then ``len(segs)``) filling each line greedily;
    ``None`` when one segment alone is too wide."""
    cuts = [0]
    for i in range(1, len(segs) + 1):
        if i < len(segs) and fits(line_text("".join(segs[cuts[-1] : i + 1]))):
            continue
        if not fits(line_text("".join(segs[cuts[-1] : i]))):
            return None  # a single unbreakable segment is too wide
        cuts.append(i)
    return cuts


_MAX_ENUMERATED = 16  # segments up to which every way of breaking is tried


def _splits(n: int, k: int):
    """Every way to cut ``n`` segments into ``k`` non-empty consecutive lines (cut indices)."""
    from itertools import combinations

    for cuts in combinations(range(1, n), k - 1):
        yield (0, *cuts, n)


def _lines(segs: tuple[str, ...], cuts: tuple[int, ...] | list[int]) -> list[str]:
    return [line_text("".join(segs[a:b])) for a, b in zip(cuts, cuts[1:], strict=False)]


def _best_lines(
    segs: tuple[str, ...], width: Callable[[str], float], max_width: float, max_lines: int, strict: bool = False
) -> list[str] | None:
    """The lines of least demerits for ``segs`` with no line wider than ``max_width``.

    Total fit (Knuth and Plass 1981): every way to cut ``segs`` into ``k`` lines, ``k`` from
    the fewest that fit (the greedy count) to ``max_lines``, is scored by
    :func:`~adcraft.typography.breaks.break_cost` plus
    :data:`~adcraft.typography.breaks.EXTRA_LINE` per line beyond the fewest; the cheapest
    wins. ``None`` when the text cannot be set in ``max_lines`` lines or every way that fits
    costs at least :data:`~adcraft.typography.breaks.ORPHAN` (the text must be set smaller).
    Texts of more than 16 segments are filled greedily.
    """
    greedy = _greedy(segs, lambda s: width(s) <= max_width)
    if greedy is None or len(greedy) - 1 > max_lines or len(greedy) <= 2:
        return None if greedy is None else _lines(segs, greedy)
    n, kmin = len(segs), len(greedy) - 1
    if n > _MAX_ENUMERATED:
        return _lines(segs, greedy)
    measured: dict[tuple[int, int], float] = {}

    def line_w(i: int, j: int) -> float:
        if (i, j) not in measured:
            measured[(i, j)] = width(line_text("".join(segs[i:j])))
        return measured[(i, j)]

    best, best_score = None, float("inf")
    for k in range(kmin, min(max_lines, n) + 1):
        for cuts in _splits(n, k):
            widths = [line_w(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
            if max(widths) > max_width:
                continue
            score = break_cost(segs, cuts, widths, strict=strict) + EXTRA_LINE * (k - kmin)
            if score < best_score:
                best, best_score = cuts, score
    if best is None or best_score >= ORPHAN:  # only an orphan or the like fits: set it smaller
        return None
    return _lines(segs, best)


def break_lines(
    fonts: FontLibrary,
    text: str,
    size: int,
    style: TextStyle,
    max_width: float,
    max_lines: int,
    balance: bool = True,
    *,
    strict: bool = False,
) -> tuple[str, ...] | None:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``max_width``.

    Breaks only where :func:`~adcraft.typography.breaks.segments` allows (UAX #14, and word
    boundaries inside Chinese), choosing the lines of least
    :func:`~adcraft.typography.breaks.break_cost` (``balance``; ``False`` fills each line
    greedily). A phrase separator ("·", "｜") never starts a line and is dropped where a line
    ends on it. Explicit ``\n`` starts a new line.

    Parameters
    ----------
    fonts, text, size, style:
        What is set: the font library, the text, its em size in pixels and its style.
    max_width:
        Widest line allowed, in pixels.
    max_lines:
        Most lines allowed.
    balance:
        Least-demerits (balanced) lines; ``False`` for greedy filling.
    strict:
        Display-type rules for headlines (see :func:`~adcraft.typography.breaks.break_cost`):
        no break at a hyphen and no widow at this size.

    Returns
    -------
    tuple of str or None
        The lines; ``None`` when the text cannot be set in that many lines at that size (a
        word is wider than the box, more lines are needed, or only an orphan, a split compound
        or — ``strict`` — a hyphen break or a widow would fit). Memoised in ``fonts``
        (:meth:`FontLibrary.measured`): layout asks for the same text, size and width many times.
    """
    key = ("break_lines", text, size, style, max_width, max_lines, balance, strict)
    return fonts.measured(key, lambda: _break_lines(fonts, text, size, style, max_width, max_lines, balance, strict))


def _break_lines(
    fonts: FontLibrary, text: str, size: int, style: TextStyle, max_width: float, max_lines: int, balance: bool, strict: bool
) -> tuple[str, ...] | None:
    out: list[str] = []

    def width(s: str) -> float:
        return line_width(fonts, s, size, style)

    for para in text.split("\n"):
        segs = segments(para)
        if balance:
            lines = _best_lines(segs, width, max_width, max_lines - len(out), strict)
        else:
            cuts = _greedy(segs, lambda s: width(s) <= max_width)
            lines = None if cuts is None else _lines(segs, cuts)
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
