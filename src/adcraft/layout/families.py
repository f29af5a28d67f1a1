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
    set_role,
    solve_column,
)
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
        return _strip(inp, params, fonts, product_first)
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


def _strip(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, product_first: bool) -> LayoutPlan:
    """Leaderboard: [product] [headline / sub-line] [price] [CTA] in one row."""
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    sw, sh = sr - sl, sb - st
    floor = TypeFloor.for_canvas(inp.size)
    min_px = floor.headline
    gap = max(6, round(0.03 * W))
    prod_w = min(round(0.3 * sw), round(sh * inp.product_aspect * params.product_scale))
    prod_h = round(prod_w / inp.product_aspect)
    if prod_h > sh:
        prod_h = sh
        prod_w = round(sh * inp.product_aspect)

    def attempt(s: int, with_sub: bool, with_old: bool, with_cta: bool) -> tuple | None:
        cta = set_role(fonts, Role.CTA, inp.copy.cta, inp.chain, s, floor, 0.3 * sw) if inp.copy.cta and with_cta else None
        if (inp.copy.cta and with_cta and cta is None) or (cta is not None and cta.h > sh):
            return None
        cta_w = cta.w + gap if cta is not None else 0
        price = set_role(fonts, Role.PRICE, inp.copy.price, inp.chain, s, floor, 0.3 * sw) if inp.copy.price else None
        old = (
            set_role(fonts, Role.ORIGINAL_PRICE, inp.copy.original_price, inp.chain, s, floor, 0.3 * sw)
            if inp.copy.original_price and with_old
            else None
        )
        price_w = max(price.w if price else 0, old.w if old else 0)
        price_h = (price.h if price else 0) + (old.h if old else 0)
        if price_h > sh:
            return None
        head_w = sw - prod_w - cta_w - (price_w + gap if price else 0) - gap
        if head_w < 4 * min_px:
            return None
        roles = (Role.HEADLINE, Role.SUBLINE) if with_sub else (Role.HEADLINE,)
        block = build_block(fonts, inp.copy, roles, inp.chain, s, floor, head_w)
        if block is None or block.h > sh or any(len(r[0].fitted.lines) > 2 for r in block.rows):
            return None
        return block, cta, price, old, head_w

    # Small banners shed content in order of importance: sub-line, then (a sale keeps its struck
    # price: without it the sale is invisible) the CTA button (the whole banner is the link) or
    # the struck price; headline and price always stay.
    res = None
    notes: tuple[str, ...] = ()
    steps = ((True, True, True), (False, True, True), (False, True, False), (False, False, False)) if inp.copy.original_price else (
        (True, True, True), (False, True, True), (False, False, True), (False, False, False))
    for with_sub, with_old, with_cta in steps:
        if with_sub and not inp.copy.subline:
            continue
        res = largest_scale(min_px, max(min_px, round(0.5 * sh)), lambda s, a=with_sub, b=with_old, c=with_cta: attempt(s, a, b, c))
        if res is not None:
            dropped = [name for name, present, kept in (("sub-line", inp.copy.subline, with_sub), ("struck-through price", inp.copy.original_price, with_old), ("CTA button", inp.copy.cta, with_cta)) if present and not kept]
            if dropped:
                notes = (f"{', '.join(dropped)} dropped: the {W}x{H} row is too short",)
            break
    if res is None:
        raise LayoutInfeasible(f"headline and price do not fit one {W}x{H} row at {min_px} px")
    block, cta, price, old, head_w = res
    x = sl
    product_box = None
    if product_first:
        product_box = (x, st + (sh - prod_h) // 2, x + prod_w, st + (sh - prod_h) // 2 + prod_h)
        x += prod_w + gap
    texts, _ = place_block(block, x, st + (sh - block.h) // 2, head_w, "left")
    x += head_w + gap
    if price is not None:
        ph = price.h + (old.h if old else 0)
        y = st + (sh - ph) // 2
        if old is not None:
            texts.append(PlacedText(Role.ORIGINAL_PRICE, old.fitted, (x, y, x + old.fitted.width, y + old.fitted.height), "left", True))
            y += old.h
        texts.append(PlacedText(Role.PRICE, price.fitted, (x, y, x + price.fitted.width, y + price.fitted.height), "left"))
        x += max(price.w, old.w if old else 0) + gap
    button = None
    if cta is not None:
        cta_x = x if product_first else sr - prod_w - gap - cta.w
        cta_block = Block(rows=((cta,),), gaps=(), w=cta.w, h=cta.h, scale=block.scale)
        cta_texts, button = place_block(cta_block, cta_x, st + (sh - cta.h) // 2, cta.w, "left")
        texts.extend(cta_texts)
    if not product_first:
        px = sr - prod_w
        product_box = (px, st + (sh - prod_h) // 2, px + prod_w, st + (sh - prod_h) // 2 + prod_h)
    return LayoutPlan(
        family="product_left" if product_first else "product_right",
        params=params,
        size=inp.size,
        product_box=product_box,
        texts=tuple(texts),
        button=button,
        logo_box=None,
        notes=notes + (("logo omitted on the leaderboard",) if inp.logo_aspect else ()),
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
    align = "center" if centre or aspect_class(inp.size) is AspectClass.SKYSCRAPER else params.align
    logo_h = round(0.07 * sh) if inp.logo_aspect else 0
    gap = round(0.035 * sh)
    text_share = 1.0 - max(0.35, min(0.6, params.split))  # the product keeps at least 35-60 %
    budget = int(sh * text_share) - logo_h - (gap if logo_h else 0) - 2 * gap
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

    max_s = round(min(0.16 * sh, 0.17 * sw))
    res = largest_scale(min_px, max(min_px, max_s), lambda s: attempt(s, top_roles, bottom_roles))
    if res is None and inp.copy.subline:
        notes.append("sub-line dropped: it does not fit at the minimum size")
        top_roles = tuple(r for r in top_roles if r != Role.SUBLINE)
        bottom_roles = tuple(r for r in bottom_roles if r != Role.SUBLINE)
        res = largest_scale(min_px, max(min_px, max_s), lambda s: attempt(s, top_roles, bottom_roles))
    if res is None:
        raise LayoutInfeasible(f"text does not fit a {W}x{H} canvas above/below the product at {min_px} px")
    top_block, bottom_block = res
    y = st
    logo = None
    if logo_h:
        logo = logo_box(inp, sl, y, sw, logo_h, "center")
        y += logo_h + gap
    texts: list[PlacedText] = []
    button = None
    if top_block is not None:
        t, _ = place_block(top_block, sl, y, sw, align)
        texts.extend(t)
        y += top_block.h + gap
    bottom_top = sb - (bottom_block.h if bottom_block else 0)
    region = (sl, y, sr, bottom_top - gap)
    product = fit_box(inp.product_aspect, region, params.product_scale, anchor="center")
    if bottom_block is not None:
        if not centre:  # keep the text block right under the product
            bottom_top = min(bottom_top, product[3] + gap)
        t, button = place_block(bottom_block, sl, bottom_top, sw, align)
        texts.extend(t)
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
