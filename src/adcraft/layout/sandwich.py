"""The skyscraper's photo sandwich: headline above, the photo across the full width, price and
call to action below.

A 160x600 is a tall column; a photo panel stacked on top with the whole copy under it leaves a
wide photo as a thin strip and the copy centred in what is left, two empty bands around it (the
design review's EMPTY and SCALE on every landscape photo). The skyscraper that display
designers draw reads top to bottom instead — message, picture, offer and button — with the
picture bleeding off both sides and the space shared evenly between the four (the IAB's
"wide skyscraper" templates, Google's responsive display ads in 160x600).
"""

from __future__ import annotations

from collections.abc import Callable

from adcraft.elements import Role
from adcraft.geometry import Box
from adcraft.layout.plan import LayoutInfeasible, LayoutInput, PlacedText
from adcraft.layout.stack import Block, TypeFloor, build_block, largest_scale, logo_box, place_block
from adcraft.sizes import safe_area
from adcraft.typography import FontLibrary

#: Photo band heights tried, as shares of the canvas height, tallest first (the short bands
#: hold wide products: a band under the copy is better than a photo strip above a void).
BAND_SHARES = (0.5, 0.46, 0.42, 0.38, 0.34, 0.3, 0.26, 0.22, 0.18, 0.15)
#: The headline scale a band must leave, as a multiple of the canvas's minimum headline size;
#: the tallest band that leaves it wins (without one, the band that leaves the largest type).
WANTED_SCALE = 1.25

Sandwich = tuple[Box, list[PlacedText], Box | None, Box | None, tuple[str, ...]]


def _blocks(inp: LayoutInput, fonts: FontLibrary, budget: int, width: int, subline: bool) -> tuple[Block, Block] | None:
    """Headline (and sub-line) and price-and-CTA blocks at the largest common scale whose two
    heights fit ``budget`` px, ``None`` if none does."""
    floor = TypeFloor.for_canvas(inp.size)
    top_roles = (Role.HEADLINE, Role.SUBLINE) if subline else (Role.HEADLINE,)
    bottom_roles = (Role.PRICE, Role.CTA)

    def attempt(s: int) -> tuple[Block, Block] | None:
        top = build_block(fonts, inp.copy, top_roles, inp.chain, s, floor, width)
        bottom = build_block(fonts, inp.copy, bottom_roles, inp.chain, s, floor, width)
        if top is None or bottom is None or top.h + bottom.h > budget:
            return None
        return top, bottom

    sl, _, sr, _ = safe_area(inp.size)
    return largest_scale(floor.headline, max(floor.headline, round(0.3 * (sr - sl))), attempt)


def photo_sandwich(inp: LayoutInput, fonts: FontLibrary, feasible: Callable[[float], bool]) -> Sandwich:
    """The photo band and the copy of a skyscraper (see the module docstring).

    Parameters
    ----------
    inp:
        The layout input of a skyscraper canvas.
    fonts:
        The font library.
    feasible:
        Whether a crop of a given aspect (width / height) can hold the whole product.

    Returns
    -------
    tuple
        ``(photo band, texts, CTA button, logo box, notes)`` in canvas pixels.

    Raises
    ------
    LayoutInfeasible
        When no band height leaves room for the copy at the minimum sizes, or no band's aspect
        can hold the product.
    """
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    gap = round(0.03 * sh)
    logo_h = round(0.06 * sh) if inp.logo_aspect else 0
    floor = TypeFloor.for_canvas(inp.size).headline
    best: tuple[int, int, tuple[Block, Block], tuple[str, ...]] | None = None
    for share in BAND_SHARES:
        band = round(share * H)
        if not feasible(W / band):
            continue
        budget = sh - band - 2 * gap - (logo_h + gap if logo_h else 0)
        notes: tuple[str, ...] = ()
        blocks = _blocks(inp, fonts, budget, sw, subline=bool(inp.copy.subline))
        if blocks is None and inp.copy.subline:
            blocks, notes = _blocks(inp, fonts, budget, sw, subline=False), ("sub-line dropped: it does not fit at the minimum size",)
        if blocks is None:
            continue
        scale = blocks[0].scale
        if best is None or scale > best[1]:
            best = (band, scale, blocks, notes)
        if scale >= WANTED_SCALE * floor:
            break
    if best is None:
        raise LayoutInfeasible(f"no photo band on {W}x{H} leaves room for the copy at {floor} px and holds the product")
    band, _, (top, bottom), notes = best
    return _place(inp, band, top, bottom, logo_h, gap) + (notes,)


def _place(inp: LayoutInput, band: int, top: Block, bottom: Block, logo_h: int, gap: int) -> tuple[Box, list[PlacedText], Box | None, Box | None]:
    """Logo, headline block, photo band and offer block down the canvas, the space left over
    shared evenly above, between and below them."""
    W, _ = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    heights = [h for h in (logo_h, top.h, band, bottom.h) if h]
    extra = max(0.0, sh - sum(heights) - gap * (len(heights) - 1)) / (len(heights) + 1)
    y = st + extra
    logo = None
    if logo_h:
        logo = logo_box(inp, sl, int(round(y)), sw, logo_h, "center")
        y += logo_h + gap + extra
    texts, _ = place_block(top, sl, int(round(y)), sw, "center")
    y += top.h + gap + extra
    panel = (0, int(round(y)), W, int(round(y)) + band)
    y += band + gap + extra
    placed, button = place_block(bottom, sl, int(round(y)), sw, "center")
    return panel, [*texts, *placed], button, logo
