"""Layout families: the template-free ones (``FAMILIES``).

Each family is a function ``(LayoutInput, LayoutParams, FontLibrary) → LayoutPlan`` that
raises :class:`LayoutInfeasible` with a reason when the content does not fit. Every family
redesigns for the canvas's :class:`AspectClass` rather than scaling one design:

* ``product_left`` / ``product_right`` — product beside a text column (landscape, square);
  on leaderboards a horizontal strip: product, headline, price, CTA.
* ``product_centre`` — headline above, product in the middle, price and CTA below (square,
  portrait, skyscraper).
* ``product_top`` — product above a text block (square, portrait, skyscraper).
* ``scene`` — the photo itself as background, cropped around the product so that a band on
  one side, away from the salient regions, holds the text (all but leaderboards).
* ``canvas`` — the whole, uncropped photo with copy in its free space (canvas mode, see
  :mod:`adcraft.layout.canvas`), for sizes of the photo's aspect.

Text never covers the product: texts are placed only in regions disjoint from the product box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from adcraft.elements import LAYOUT_TEXTS, Role
from adcraft.geometry import Box, fit_box
from adcraft.layout.canvas import canvas_layout, fits_photo
from adcraft.layout.photo import photo_panel
from adcraft.layout.plan import (
    LayoutInfeasible,
    LayoutInput,
    LayoutParams,
    LayoutPlan,
    PlacedText,
    SceneInfo,
)
from adcraft.layout.stack import (
    Block,
    TypeFloor,
    build_block,
    largest_scale,
    logo_box,
    place_block,
    solve_column,
)
from adcraft.layout.strip import strip_layout
from adcraft.registry import Registry
from adcraft.sizes import AspectClass, aspect_class, safe_area
from adcraft.typography import FontLibrary


@dataclass(frozen=True)
class Family:
    """A registered layout family and the aspect classes it designs for."""

    name: str
    classes: frozenset[AspectClass]
    fn: Callable[[LayoutInput, LayoutParams, FontLibrary], LayoutPlan]
    needs_scene: bool = False
    fits: Callable[[tuple[int, int], SceneInfo | None], bool] | None = None
    uses_photo: bool = False
    """The family shows the photo whole (a scene background or a photo panel), not a cut-out."""

    def designs_for(self, size: tuple[int, int], scene: SceneInfo | None) -> bool:
        """True when the family designs for ``size`` with (or without) this scene."""
        if aspect_class(size) not in self.classes or (self.needs_scene and scene is None):
            return False
        return self.fits is None or self.fits(size, scene)


def families_for(size: tuple[int, int], scene: SceneInfo | None, families: Registry[Family]) -> list[Family]:
    """Families of ``families`` that design for ``size`` (scene families only with a scene
    photo), in registration order."""
    return [f for f in families.values() if f.designs_for(size, scene)]




# --------------------------------------------------------------------------------------------
def _side(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, product_first: bool) -> LayoutPlan:
    if aspect_class(inp.size) is AspectClass.LEADERBOARD:
        return strip_layout(inp, params, fonts, product_first)
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    gutter = round(0.04 * W)
    pw = round(sw * params.split)
    if product_first:
        region = (sl, st, sl + pw, sb)
        col_l, col_r = sl + pw + gutter, sr
    else:
        region = (sr - pw, st, sr, sb)
        col_l, col_r = sl, sr - pw - gutter
    col_w = col_r - col_l
    logo_h = round(0.1 * sh) if inp.logo_aspect else 0
    logo_gap = round(0.05 * sh) if logo_h else 0
    col_h = sh - logo_h - logo_gap
    block, notes = solve_column(inp, fonts, LAYOUT_TEXTS, col_w, col_h, max_s=round(min(0.2 * sh, 0.13 * W)))
    top = st + logo_h + logo_gap + (col_h - block.h) // 2
    texts, button = place_block(block, col_l, top, col_w, params.align)
    logo = logo_box(inp, col_l, top - logo_h - logo_gap, col_w, logo_h, params.align) if logo_h else None
    product = fit_box(inp.product_aspect, region, params.product_scale)
    return LayoutPlan(
        family="product_left" if product_first else "product_right",
        params=params,
        size=inp.size,
        product_box=product,
        texts=tuple(texts),
        button=button,
        logo_box=logo,
        notes=notes,
    )


def product_left(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """Product on the left, text column on the right."""
    return _side(inp, params, fonts, product_first=True)


def product_right(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """Text column on the left, product on the right."""
    return _side(inp, params, fonts, product_first=False)


def _vertical(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, centre: bool) -> LayoutPlan:
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    floor = TypeFloor.for_canvas(inp.size)
    min_px = floor.headline
    # the product is centred in the column: so is the copy (a left-aligned stack over a centred
    # product shares no edge with it, the review's ALIGN)
    align = "center"
    logo_h = round(0.07 * sh) if inp.logo_aspect else 0
    gap = round(0.035 * sh)
    # The product keeps 35-60 % of the height, less when its width caps it (a wide product in a
    # tall canvas): the copy gets the rest, so the type grows instead of the canvas emptying.
    product_cap = min(sh * max(0.35, min(0.6, params.split)), sw * params.product_scale / inp.product_aspect)
    budget = int(sh - product_cap) - logo_h - (gap if logo_h else 0) - 2 * gap
    top_roles = (Role.HEADLINE, Role.SUBLINE) if centre else ()
    bottom_roles = (Role.PRICE, Role.CTA) if centre else LAYOUT_TEXTS
    notes: list[str] = []

    def attempt(s: int, roles_top: tuple[str, ...], roles_bottom: tuple[str, ...]):
        top = build_block(fonts, inp.copy, roles_top, inp.chain, s, floor, sw) if roles_top else None
        bottom = build_block(fonts, inp.copy, roles_bottom, inp.chain, s, floor, sw) if roles_bottom else None
        if (roles_top and top is None) or (roles_bottom and bottom is None):
            return None
        used = (top.h if top else 0) + (bottom.h if bottom else 0)
        return (top, bottom) if used <= budget else None

    max_s = round(min(0.16 * sh, 0.3 * sw))  # the column's width limits each line, not the scale
    res = largest_scale(min_px, max(min_px, max_s), lambda s: attempt(s, top_roles, bottom_roles))
    if res is None and inp.copy.subline:
        notes.append("sub-line dropped: it does not fit at the minimum size")
        top_roles = tuple(r for r in top_roles if r != Role.SUBLINE)
        bottom_roles = tuple(r for r in bottom_roles if r != Role.SUBLINE)
        res = largest_scale(min_px, max(min_px, max_s), lambda s: attempt(s, top_roles, bottom_roles))
    if res is None:
        raise LayoutInfeasible(f"text does not fit a {W}x{H} canvas above/below the product at {min_px} px")
    top_block, bottom_block = res
    texts, button, logo, product = _stack_evenly(inp, params, (top_block, bottom_block), logo_h, gap, align)
    return LayoutPlan(
        family="product_centre" if centre else "product_top",
        params=params,
        size=inp.size,
        product_box=product,
        texts=tuple(texts),
        button=button,
        logo_box=logo,
        notes=tuple(notes),
    )


def _stack_evenly(inp: LayoutInput, params: LayoutParams, blocks: tuple[Block | None, Block | None], logo_h: int, gap: int, align: str):
    """Logo, top block, product and bottom block down the safe area, the space left over shared
    evenly above, between and below them (no empty band collects at one end).

    Returns the placed texts, the CTA button, the logo box and the product box."""
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    top_block, bottom_block = blocks
    fixed = (logo_h + gap if logo_h else 0) + (top_block.h + gap if top_block else 0) + (bottom_block.h + gap if bottom_block else 0)
    product = fit_box(inp.product_aspect, (sl, st, sr, st + max(1, sh - fixed)), params.product_scale, anchor="top")
    items = [h for h in (logo_h, top_block.h if top_block else 0, product[3] - product[1], bottom_block.h if bottom_block else 0) if h]
    extra = max(0, sh - sum(items) - gap * (len(items) - 1)) / (len(items) + 1)
    y = st + extra
    texts: list[PlacedText] = []
    button = logo = None
    if logo_h:
        logo = logo_box(inp, sl, int(round(y)), sw, logo_h, "center")
        y += logo_h + gap + extra
    if top_block is not None:
        placed, _ = place_block(top_block, sl, int(round(y)), sw, align)
        texts.extend(placed)
        y += top_block.h + gap + extra
    ph = product[3] - product[1]
    product = (product[0], int(round(y)), product[2], int(round(y)) + ph)
    y += ph + gap + extra
    if bottom_block is not None:
        placed, button = place_block(bottom_block, sl, int(round(y)), sw, align)
        texts.extend(placed)
    return texts, button, logo, product


def product_centre(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """Headline above, product centred, price and CTA below."""
    return _vertical(inp, params, fonts, centre=True)


def product_top(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """Product at the top, the whole text block under it."""
    return _vertical(inp, params, fonts, centre=False)


# --------------------------------------------------------------------------------------------
def _scene_crop(inp: LayoutInput, horizontal: bool, band_at_end: bool, band: float, zoom: float) -> tuple[float, float, float, float]:
    """Crop window ``(x, y, w, h)`` in photo pixels with a free text band of share ``band``."""
    assert inp.scene is not None
    W, H = inp.size
    aspect = W / H
    iw, ih = inp.scene.photo_size
    pl, pt, pr, pb = inp.scene.product_box
    pw, ph = (pr - pl) * 1.08, (pb - pt) * 1.08
    if horizontal:
        cw_min = max(pw / (1 - band), ph * aspect)
    else:
        cw_min = max(pw, ph / (1 - band) * aspect)
    cw_max = min(iw, ih * aspect)
    if cw_min > cw_max:
        raise LayoutInfeasible("the product fills too much of the photo to leave a text band at this aspect")
    cw = min(cw_max, cw_min * zoom)
    ch = cw / aspect
    pcx, pcy = (pl + pr) / 2, (pt + pb) / 2
    if horizontal:
        part = cw * (1 - band)
        x = pcx - (cw - part) - part / 2 if band_at_end is False else pcx - part / 2
        y = pcy - ch / 2
    else:
        part = ch * (1 - band)
        y = pcy - (ch - part) - part / 2 if band_at_end is False else pcy - part / 2
        x = pcx - cw / 2
    x = min(max(0.0, x), iw - cw)
    y = min(max(0.0, y), ih - ch)
    # The product must lie wholly in the non-band part after clamping to the photo.
    if horizontal:
        lo, hi = (x, x + part) if band_at_end else (x + cw - part, x + cw)
        ok = pl >= lo - 1 and pr <= hi + 1 and pt >= y - 1 and pb <= y + ch + 1
    else:
        lo, hi = (y, y + part) if band_at_end else (y + ch - part, y + ch)
        ok = pt >= lo - 1 and pb <= hi + 1 and pl >= x - 1 and pr <= x + cw + 1
    if not ok:
        raise LayoutInfeasible("the product sits too close to the photo edge for a text band on that side")
    return x, y, cw, ch


def scene(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """The photo as background, cropped so the text band avoids the product and salient areas."""
    if inp.scene is None:
        raise LayoutInfeasible("the scene family needs a scene photo")
    W, H = inp.size
    cls = aspect_class(inp.size)
    horizontal = cls in (AspectClass.LANDSCAPE, AspectClass.SQUARE)
    band = 0.46 if horizontal else 0.4
    zoom = 1.0 + (params.product_scale - 0.8) * 1.5
    sides = [True, False] if params.side in ("auto", "end") else [False, True]
    options = []
    reasons = []
    for at_end in sides:
        try:
            crop = _scene_crop(inp, horizontal, at_end, band, zoom)
        except LayoutInfeasible as exc:
            reasons.append(str(exc))
            continue
        options.append((at_end, crop))
        if params.side != "auto":
            break
    if not options:
        raise LayoutInfeasible(reasons[0])
    if params.side == "auto" and len(options) > 1:
        # The less salient band wins.
        sal = inp.scene.saliency
        sh_, sw_ = sal.shape
        iw, ih = inp.scene.photo_size

        def band_saliency(opt):
            at_end, (x, y, cw, ch) = opt
            if horizontal:
                bx0 = x + cw * (1 - band) if at_end else x
                box = (bx0, y, bx0 + cw * band, y + ch)
            else:
                by0 = y + ch * (1 - band) if at_end else y
                box = (x, by0, x + cw, by0 + ch * band)
            l_, t_, r_, b_ = (int(box[0] / iw * sw_), int(box[1] / ih * sh_), int(box[2] / iw * sw_) + 1, int(box[3] / ih * sh_) + 1)
            return float(sal[t_:b_, l_:r_].mean()) if r_ > l_ and b_ > t_ else 1.0

        options.sort(key=band_saliency)
    at_end, crop = options[0]
    return _scene_plan(inp, params, fonts, crop, at_end, horizontal, band, "scene")


def _scene_plan(
    inp: LayoutInput,
    params: LayoutParams,
    fonts: FontLibrary,
    window: tuple[float, float, float, float],
    at_end: bool,
    horizontal: bool,
    band: float,
    family: str,
    pads: Box | None = None,
) -> LayoutPlan:
    """The text column in the band of a photo crop ``window`` = ``(x, y, w, h)`` (photo pixels,
    of the extended photo when ``pads`` are given)."""
    assert inp.scene is not None
    W, H = inp.size
    x, y, cw, ch = window
    k = W / cw
    pl, pt, pr, pb = inp.scene.product_box
    if pads is not None:
        pl, pt, pr, pb = pl + pads[0], pt + pads[1], pr + pads[0], pb + pads[1]
    product = (round((pl - x) * k), round((pt - y) * k), round((pr - x) * k), round((pb - y) * k))
    sl, st, sr, sb = safe_area(inp.size)
    if horizontal:
        bw = round(W * band)
        col = (W - bw + round(0.02 * W), st, sr, sb) if at_end else (sl, st, bw - round(0.02 * W), sb)
        align = params.align
    else:
        bh = round(H * band)
        col = (sl, H - bh + round(0.02 * H), sr, sb) if at_end else (sl, st, sr, bh - round(0.02 * H))
        align = "center"
    col_w, col_h = col[2] - col[0], col[3] - col[1]
    pad = max(6, round(0.025 * min(W, H)))  # room for an underlay's padding inside the band
    col_w_in, col_h_in = col_w - 2 * pad, col_h - 2 * pad
    logo_h = round(0.09 * col_h_in) if inp.logo_aspect else 0
    logo_gap = round(0.04 * col_h_in) if logo_h else 0
    block, notes = solve_column(
        inp, fonts, LAYOUT_TEXTS, col_w_in, col_h_in - logo_h - logo_gap, max_s=round(min(0.2 * col_h_in, 0.13 * max(W, H)))
    )
    top = col[1] + pad + logo_h + logo_gap + (col_h_in - logo_h - logo_gap - block.h) // 2
    texts, button = place_block(block, col[0] + pad, top, col_w_in, align)
    logo = logo_box(inp, col[0] + pad, top - logo_h - logo_gap, col_w_in, logo_h, align) if logo_h else None
    crop = (int(round(x)), int(round(y)), int(round(x + cw)), int(round(y + ch)))
    return LayoutPlan(
        family=family,
        params=params,
        size=inp.size,
        product_box=product,
        texts=tuple(texts),
        button=button,
        logo_box=logo,
        photo_crop=crop,
        photo_pads=pads,
        notes=notes,
    )


def _extend_axis(length: float, lo: float, hi: float, window: float, band: float, at_end: bool, word: str) -> tuple[float, int, int]:
    """Place a crop ``window`` (photo pixels along one axis) over a photo of ``length`` so that
    its photo part (``1 - band`` of it, at the start when the text band is at the end) holds the
    product ``[lo, hi]`` with a 4 % margin, keeping as much real photo as possible.

    Returns the window start in the *extended* photo and the pixels to add before and after.

    Raises
    ------
    LayoutInfeasible
        If the product does not fit the photo part.
    """
    margin = 0.04
    part = window * (1 - band)
    if hi - lo > part * (1 - 2 * margin):
        raise LayoutInfeasible(f"the product is too {word} for the photo part of this aspect")
    off = 0.0 if at_end else window - part
    start = float(np.clip(0.0 if at_end else length - window, hi + margin * part - part - off, lo - margin * part - off))
    first, last = min(0.0, start), max(float(length), start + window)
    # Whole pixels of invented scene, rounded up so that the window (rounded to whole pixels
    # by the caller) always lies inside the extended photo.
    before, after = _whole_px(-first), _whole_px(last - length)
    return start + before, before, after


def _whole_px(v: float) -> int:
    """``v`` pixels rounded up to a whole pixel, ignoring float noise below 1e-6 px."""
    return max(0, int(np.ceil(v - 1e-6)))


#: Most of the canvas the scene_extended family invents. The design critic rejects more than
#: 40 % as a smeared treatment; the third blind review (rank-1 creatives of the 40 shared
#: products) also flagged every extension of 23-30 % (a smear or a seam a designer sees), so
#: the planner stays at a fifth and leaves larger gaps to the photo panel.
MAX_EXTENSION_SHARE = 0.2


def scene_extended(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """The photo's own scene, extended beyond its frame to the canvas aspect (out-painting).

    The crop keeps the whole photo height (wider canvases) or width (taller ones) and the whole
    product; where the canvas needs more room than the photo has on the text side, the photo
    is extended there (``photo_pads``), and the copy goes into that band. Infeasible when the
    photo already has the room (the ``scene`` family covers it) or would need more than 1.5x
    its own side.
    """
    if inp.scene is None:
        raise LayoutInfeasible("the scene_extended family needs a scene photo")
    W, H = inp.size
    aspect = W / H
    iw, ih = inp.scene.photo_size
    pl, pt, pr, pb = inp.scene.product_box
    horizontal = aspect >= iw / ih
    band = 0.44 if horizontal else 0.38
    # Along the axis the canvas is longer than the photo: photo length, product extent, window.
    length, lo_p, hi_p = (iw, pl, pr) if horizontal else (ih, pt, pb)
    window = ih * aspect if horizontal else iw / aspect
    at_end = (lo_p + hi_p) / 2 < length / 2 if params.side == "auto" else params.side == "end"
    start, before, after = _extend_axis(length, lo_p, hi_p, window, band, at_end, "wide" if horizontal else "tall")
    if horizontal:
        x, y, cw, ch, pads = start, 0.0, window, float(ih), (before, 0, after, 0)
    else:
        x, y, cw, ch, pads = 0.0, start, float(iw), window, (0, before, 0, after)
    if max(pads) == 0:
        raise LayoutInfeasible("the photo has room for the copy at this aspect; no extension needed")
    if max(pads[0], pads[2]) > 1.5 * iw or max(pads[1], pads[3]) > 1.5 * ih:
        raise LayoutInfeasible("the photo would need more than 1.5x its side of invented scene")
    invented = (pads[0] + pads[2]) / window if horizontal else (pads[1] + pads[3]) / window
    if invented > MAX_EXTENSION_SHARE and not inp.scene.backdrop:
        raise LayoutInfeasible(f"{invented:.0%} of the canvas would be invented scene (at most {MAX_EXTENSION_SHARE:.0%}: more reads as a smeared treatment)")
    cut = [side for side, pad, c in zip(("left", "top", "right", "bottom"), pads, inp.scene.touches(), strict=True) if pad > 0 and c]
    if cut:  # invented scene beside the frame's cut through the product leaves the cut edge floating
        raise LayoutInfeasible(f"the photo cuts the product at the {cut[0]}; no scene is invented beside that side")
    return _scene_plan(inp, params, fonts, (x, y, cw, ch), at_end, horizontal, band, "scene_extended", pads)


_SIDE = frozenset({AspectClass.LANDSCAPE, AspectClass.SQUARE, AspectClass.LEADERBOARD})
_STACKED = frozenset({AspectClass.SQUARE, AspectClass.PORTRAIT, AspectClass.SKYSCRAPER})

FAMILIES: Registry[Family] = Registry.of("layout family", (
    Family("product_left", _SIDE, product_left),
    Family("product_right", _SIDE, product_right),
    Family("product_centre", _STACKED, product_centre),
    Family("product_top", _STACKED, product_top),
    Family("scene", frozenset(AspectClass) - {AspectClass.LEADERBOARD}, scene, needs_scene=True, uses_photo=True),
    Family("scene_extended", frozenset(AspectClass), scene_extended, needs_scene=True, uses_photo=True),
    Family("canvas", frozenset(AspectClass), canvas_layout, needs_scene=True, fits=fits_photo, uses_photo=True),
    Family("photo_panel", frozenset(AspectClass), photo_panel, needs_scene=True, uses_photo=True),
))
"""The template-free layout families; :func:`adcraft.layout.layout_families` adds the
designer templates."""
