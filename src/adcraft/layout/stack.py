"""The text stack: headline, sub-line, price row and CTA on one type scale.

All text sizes derive from one headline size ``s`` through fixed ratios (a type scale with
steps of about 1.4–1.7, as the design guide asks); a binary search finds the largest ``s`` at
which every line fits the column width and the block fits the height. An element whose text
cannot be set at the canvas's minimum size is dropped if optional (sub-line) or makes the
layout infeasible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from adcraft.copy import CopyText
from adcraft.document import Box
from adcraft.elements import Role, spec
from adcraft.layout.plan import Align, LayoutInfeasible, LayoutInput, PlacedText
from adcraft.sizes import role_min_px
from adcraft.typography import FittedText, FontLibrary, TextStyle
from adcraft.typography.text import break_lines, measure_lines

T = TypeVar("T")

BUTTON_PAD = (0.95, 0.5)  # horizontal, vertical padding of the CTA in ems


@dataclass(frozen=True)
class TypeFloor:
    """The smallest em size (px) of each text role on one canvas.

    :func:`adcraft.sizes.role_min_px` per role (what designers accept on a phone: the reviews'
    table and the rule extending it), raised to a family's own floor where it has one.
    """

    sizes: tuple[tuple[str, int], ...]

    @classmethod
    def for_canvas(cls, size: tuple[int, int], base: int = 0) -> TypeFloor:
        """The floors of a ``size`` canvas, none under ``base`` px."""
        roles = (Role.HEADLINE, Role.SUBLINE, Role.PRICE, Role.ORIGINAL_PRICE, Role.CTA)
        floors = {r: max(base, role_min_px(r, size)[0], spec(r).min_px) for r in roles}
        # struck digits at the sub-line's minimum are a smear on small banners (second design
        # review); as large as stays one hierarchy step (1.2x) under the price's minimum
        floors[Role.ORIGINAL_PRICE] = max(floors[Role.ORIGINAL_PRICE], int(floors[Role.PRICE] / STRUCK_STEP))
        return cls(tuple((r.value, floors[r]) for r in roles))

    def of(self, role: str) -> int:
        """The floor of ``role`` (px)."""
        return dict(self.sizes)[str(role)]

    @property
    def headline(self) -> int:
        """The smallest headline size: the lower end of a type-scale search."""
        return self.of(Role.HEADLINE)


STRUCK_STEP = 1.2
"""Size step from the struck original price's minimum up to the price's (the critic's hierarchy step)."""


@dataclass(frozen=True)
class Measured:
    """A role set at a size, with its box size (button included for the CTA)."""

    role: str
    fitted: FittedText
    w: int
    h: int


def set_role(
    fonts: FontLibrary, role: str, text: str, chain: str, s: float, floor: TypeFloor, max_w: float, max_lines: int | None = None
) -> Measured | None:
    """Set ``text`` in ``role``'s style (:data:`~adcraft.elements.ROLE_SPECS`) at headline scale
    ``s``; ``None`` if it cannot fit ``max_w``."""
    rs = spec(role)
    size = max(floor.of(role), int(round(s * rs.scale)))
    style = TextStyle(chain=chain, weight=rs.weight, line_height=rs.line_height)
    pad_x = BUTTON_PAD[0] * size if role == Role.CTA else 0.0
    most = max_lines or rs.max_lines
    # A headline is display type: no widow and no break at a hyphen while a smaller size would
    # avoid them; at the role's floor the ordinary rules apply when the strict ones cannot.
    strict = role == Role.HEADLINE
    lines = break_lines(fonts, text, size, style, max_w - 2 * pad_x, most, strict=strict)
    if lines is None and strict and size <= floor.of(role):
        lines = break_lines(fonts, text, size, style, max_w - 2 * pad_x, most)
    if lines is None:
        return None
    w, h = measure_lines(fonts, lines, size, style)
    fitted = FittedText(text=text, lines=lines, size=size, style=style, width=w, height=h)
    if role == Role.CTA:
        return Measured(role, fitted, int(w + 2 * pad_x), int(h + 2 * BUTTON_PAD[1] * size))
    return Measured(role, fitted, w, h)


def largest_scale(lo: int, hi: int, attempt: Callable[[int], T | None]) -> T | None:
    """Largest integer ``s`` in ``[lo, hi]`` for which ``attempt(s)`` is not ``None``.

    Assumes feasibility is monotone in ``s`` (smaller text always fits if larger does).
    """
    if hi < lo:
        return None
    best = attempt(lo)
    if best is None:
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        res = attempt(mid)
        if res is not None:
            best, lo = res, mid
        else:
            hi = mid - 1
    return best


@dataclass(frozen=True)
class Block:
    """A vertical stack of measured rows; each row is one or more items side by side."""

    rows: tuple[tuple[Measured, ...], ...]
    gaps: tuple[int, ...]
    w: int
    h: int
    scale: int


def build_block(
    fonts: FontLibrary, copy: CopyText, roles: tuple[str, ...], chain: str, s: int, floor: TypeFloor, col_w: float
) -> Block | None:
    """Set ``roles`` (a subset of headline, subline, price, cta) at scale ``s`` in a column.

    The price row puts the struck-through original price beside the price, or above it when
    the row is too wide. Returns ``None`` when something does not fit the width.
    """
    rows: list[tuple[Measured, ...]] = []
    gaps: list[int] = []
    prev: str | None = None
    for role in roles:
        if role == Role.HEADLINE:
            items = [set_role(fonts, Role.HEADLINE, copy.headline, chain, s, floor, col_w)]
        elif role == Role.SUBLINE:
            if not copy.subline:
                continue
            items = [set_role(fonts, Role.SUBLINE, copy.subline, chain, s, floor, col_w)]
        elif role == Role.PRICE:
            if not copy.price:
                continue
            price = set_role(fonts, Role.PRICE, copy.price, chain, s, floor, col_w)
            old = (
                set_role(fonts, Role.ORIGINAL_PRICE, copy.original_price, chain, s, floor, col_w)
                if copy.original_price
                else None
            )
            if price is None or (copy.original_price and old is None):
                return None
            if old is not None and price.w + old.w + 0.3 * price.fitted.size > col_w:
                rows_extra = [(old,)]  # stacked: old price above
                gap = _gap(prev, Role.PRICE, s)
                if rows:
                    gaps.append(gap)
                rows.extend(rows_extra)
                prev = Role.ORIGINAL_PRICE
                items = [price]
            else:
                items = [price] + ([old] if old is not None else [])
        elif role == Role.CTA:
            if not copy.cta:
                continue
            items = [set_role(fonts, Role.CTA, copy.cta, chain, s, floor, col_w)]
        else:
            raise ValueError(f"unknown text role {role!r}")
        if any(i is None for i in items):
            return None
        if rows:
            gaps.append(_gap(prev, role, s))
        rows.append(tuple(items))  # type: ignore[arg-type]
        prev = role
    if not rows:
        return None
    widths = [_row_width(r) for r in rows]
    heights = [max(i.h for i in r) for r in rows]
    return Block(rows=tuple(rows), gaps=tuple(gaps), w=max(widths), h=sum(heights) + sum(gaps), scale=s)


def _gap(prev: str | None, role: str, s: float) -> int:
    if prev == Role.HEADLINE and role == Role.SUBLINE:
        return int(round(0.3 * s))
    if prev == Role.ORIGINAL_PRICE and role == Role.PRICE:
        return int(round(0.08 * s))
    return int(round(0.55 * s))


def _row_width(row: tuple[Measured, ...]) -> int:
    if len(row) == 1:
        return row[0].w
    return int(sum(i.w for i in row) + 0.3 * row[0].fitted.size * (len(row) - 1))


def place_block(block: Block, left: int, top: int, col_w: int, align: Align) -> tuple[list[PlacedText], tuple[int, int, int, int] | None]:
    """Place a block's rows at ``(left, top)`` in a column ``col_w`` wide.

    Returns the placed texts and the CTA button box (``None`` without a CTA).
    """
    placed: list[PlacedText] = []
    button = None
    y = top
    for idx, row in enumerate(block.rows):
        row_w = _row_width(row)
        row_h = max(i.h for i in row)
        if align == "center":
            x = left + (col_w - row_w) / 2
        elif align == "right":
            x = left + col_w - row_w
        else:
            x = left
        for item in row:
            # Items in a row share a baseline region: align their bottoms.
            iy = y + row_h - item.h
            if item.role == Role.CTA:
                pad_x = BUTTON_PAD[0] * item.fitted.size
                pad_y = BUTTON_PAD[1] * item.fitted.size
                bx0, by0 = int(round(x)), int(round(iy))
                button = (bx0, by0, bx0 + item.w, by0 + item.h)
                tx0, ty0 = int(round(x + pad_x)), int(round(iy + pad_y))
                box = (tx0, ty0, tx0 + item.fitted.width, ty0 + item.fitted.height)
                placed.append(PlacedText(Role.CTA, item.fitted, box, "center"))
            else:
                x0, y0 = int(round(x)), int(round(iy))
                box = (x0, y0, x0 + max(1, item.fitted.width), y0 + item.fitted.height)
                placed.append(
                    PlacedText(item.role, item.fitted, box, align if len(row) == 1 else "left", item.role == Role.ORIGINAL_PRICE)
                )
            x += item.w + 0.3 * row[0].fitted.size
        y += row_h + (block.gaps[idx] if idx < len(block.gaps) else 0)
    return placed, button


def solve_column(
    inp: LayoutInput,
    fonts: FontLibrary,
    roles: tuple[str, ...],
    col_w: int,
    col_h: int,
    max_s: int,
    floor: TypeFloor | None = None,
) -> tuple[Block, tuple[str, ...]]:
    """Largest block of ``roles`` fitting ``col_w`` x ``col_h`` px, headline at most ``max_s`` px.

    Every text is at least its ``floor`` (default :meth:`TypeFloor.for_canvas` of the canvas).
    Drops the sub-line when nothing fits with it; returns the block and notes saying so.

    Raises
    ------
    LayoutInfeasible
        If the text does not fit even at the canvas's minimum size.
    """
    floor = floor or TypeFloor.for_canvas(inp.size)
    min_px = floor.headline
    notes: list[str] = []
    for attempt_roles in (roles, tuple(r for r in roles if r != Role.SUBLINE)):
        block = largest_scale(
            min_px,
            max(min_px, max_s),
            lambda s, rr=attempt_roles: (
                b if (b := build_block(fonts, inp.copy, rr, inp.chain, s, floor, col_w)) is not None and b.h <= col_h else None
            ),
        )
        if block is not None:
            return block, tuple(notes)
        if Role.SUBLINE not in attempt_roles or not inp.copy.subline:
            break
        notes.append("sub-line dropped: it does not fit at the minimum size")
    raise LayoutInfeasible(
        f"text does not fit a {col_w}x{col_h} px column at the minimum size of {min_px} px "
        f"(headline {inp.copy.headline!r})"
    )


def logo_box(inp: LayoutInput, left: int, top: int, col_w: int, height: int, align: str) -> Box | None:
    """The logo's box, ``height`` px tall (narrowed to ``col_w``), at ``top`` in a column."""
    if inp.logo_aspect is None or height < 8:
        return None
    w = min(col_w, int(round(height * inp.logo_aspect)))
    h = int(round(w / inp.logo_aspect))
    x = left + (col_w - w) // 2 if align == "center" else left
    return (x, top, x + w, top + h)
