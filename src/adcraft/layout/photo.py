"""Photo-first layouts: the product photo used whole, never cut out.

Scene photos (a model wearing the dress, shoes on a street, a product in a room or on a
shelf) and photos whose cut-out cannot be trusted run as photographs. Two tools:

* :func:`smart_crop` — a window of a given aspect over the photo that keeps the whole product
  (with a margin) and, among the windows of that size, the most salient content whole: the
  idea of Cloudinary's ``g_auto`` and thumbor's smart crop, with the product as a hard
  constraint and U²-Net saliency (the scene's map) as the attention model;
* ``photo_panel`` — the canvas split into a photo panel (the smart crop, bleeding off the
  canvas edges on its sides) and a copy panel in the scheme's colours: the classic
  image-and-text banner. Landscape, square and leaderboard canvases put the panels side by
  side; portrait canvases stack the photo above the copy; skyscrapers set it between the
  headline and the offer (:mod:`adcraft.layout.sandwich`).

Text never covers the product: it lives on the copy panel only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from adcraft.elements import LAYOUT_TEXTS, Role
from adcraft.geometry import Box, fit_box
from adcraft.layout.canvas import band_copy
from adcraft.layout.group import align_card, group_card
from adcraft.layout.plan import LayoutInfeasible, LayoutInput, LayoutParams, LayoutPlan, SceneInfo
from adcraft.layout.sandwich import photo_sandwich
from adcraft.layout.stack import TypeFloor, logo_box, place_block, solve_column
from adcraft.layout.strip import strip_layout
from adcraft.sizes import AspectClass, aspect_class, safe_area
from adcraft.typography import FontLibrary

#: Margin kept around the product inside a crop, as a share of the product's larger side.
CROP_MARGIN = 0.08
#: Most scene a crop may invent beyond the photo's frame, per side, as a share of that side
#: (a thin strip that the mirror-and-blur extension fills without a visible seam).
MAX_PAD = 0.05
#: Largest share of the canvas a photo panel takes when it adapts its aspect to the product.
MAX_PANEL = 0.62
#: The same on portrait and story canvases, where the copy stacks under the photo.
MAX_PANEL_TALL = 0.55
#: Most a photo is enlarged in a panel (beyond that a small photo turns blocky: a card
#: instead). The second review saw 2x-3x enlargements as soft; the third saw 1.5x cards of
#: 348 px photos float in empty squares and stories (EMPTY, a REJECT): 2x is the compromise.
MAX_UPSCALE = 2.0
#: How far a crop may be from the tightest window around the product towards the largest
#: window that fits the photo (0 = tight, 1 = as much scene as fits), by ``product_scale``.
ZOOM = {0.84: 0.85, 0.92: 0.55, 0.98: 0.25}


#: Margins tried around the product, in order (shares of its larger side): the full margin, half
#: of it, then none (the product may touch the crop's edge).
MARGINS = (CROP_MARGIN, CROP_MARGIN / 2, 0.0)
#: Most a plain studio backdrop may be extended per side, as a share of that side.
BACKDROP_PAD = 1.0


def _grows(scene: SceneInfo, box: Box, margin: float) -> tuple[float, float, float, float]:
    """Margin (photo px) kept around ``box`` on each side; none where the photo's frame already
    cuts the product (the crop's edge is the photo's there)."""
    grow = margin * max(box[2] - box[0], box[3] - box[1])
    return tuple(0.0 if cut else grow for cut in scene.touches())  # type: ignore[return-value]


def _window_bounds(scene: SceneInfo, box: Box, aspect: float, margin: float) -> tuple[float, float]:
    """Smallest and largest crop width (photo px) of ``aspect`` that hold ``box`` plus
    ``margin`` inside the photo."""
    iw, ih = scene.photo_size
    gl, gt, gr, gb = _grows(scene, box, margin)
    need_w, need_h = (box[2] - box[0]) + gl + gr, (box[3] - box[1]) + gt + gb
    return max(need_w, need_h * aspect), min(float(iw), ih * aspect)


def _boxes(scene: SceneInfo) -> list[Box]:
    """Boxes a crop tries to keep whole, best first: the generous one, then the product's."""
    return list(dict.fromkeys(b for b in (scene.keep_box, scene.product_box) if b is not None))


def smart_crop(scene: SceneInfo, aspect: float, zoom: float = 0.5, max_pad: float | None = None) -> tuple[Box, Box | None]:
    """A crop window of ``aspect`` (width / height) over the photo that keeps the product whole.

    Parameters
    ----------
    scene:
        The photo's :class:`~adcraft.layout.SceneInfo` (size, product and keep boxes, saliency).
    aspect:
        Width / height of the window.
    zoom:
        0..1: 0 takes the tightest window around the product (plus its margin), 1 the largest
        window of that aspect the photo holds.
    max_pad:
        When no window inside the photo holds the product with a margin, the photo may be
        extended by up to this share of its side (scene extension,
        :mod:`adcraft.background.extend`); default :data:`MAX_PAD`, or :data:`BACKDROP_PAD`
        on a plain backdrop. Never on a side where the photo's frame cuts the product.

    Returns
    -------
    (Box, Box or None)
        The window ``(left, top, right, bottom)`` in photo pixels — of the extended photo when
        pads are returned — and the pads ``(left, top, right, bottom)`` to extend the photo by
        (``None``: no extension). Tried in order: the keep box, then the product box, each with
        the margins of :data:`MARGINS`; on a scene every window inside the photo before any
        extended one, on a plain backdrop each inside, then extended; among the positions
        of a window that holds it, the one with the most saliency inside and the least cut at
        its edges.

    Raises
    ------
    LayoutInfeasible
        If no window of that aspect holds the whole product, even with the allowed extension.
    """
    pad = (BACKDROP_PAD if scene.backdrop else MAX_PAD) if max_pad is None else max_pad
    box, margin, extended = _crop_kind(scene, aspect, pad)
    if extended is not None:
        return extended
    lo, hi = _window_bounds(scene, box, aspect, margin)
    return _inside_crop(scene, box, aspect, margin, min(hi, lo + float(np.clip(zoom, 0.0, 1.0)) * (hi - lo))), None


def _crop_kind(scene: SceneInfo, aspect: float, pad: float) -> tuple[Box, float, tuple[Box, Box] | None]:
    """The first box and margin (see :func:`smart_crop`) a window of ``aspect`` can hold, with
    the extended crop when it needs one (``None``: inside the photo)."""
    options = [(box, margin) for box in _boxes(scene) for margin in MARGINS]
    # a flat backdrop extends invisibly: a margin by extension beats a tighter crop; a scene's
    # extension is a blurred strip: every crop inside the photo comes first
    tries = [(b, m, ext) for b, m in options for ext in (False, True)] if scene.backdrop else \
        [(b, m, False) for b, m in options] + [(b, m, True) for b, m in options]
    for box, margin, extend in tries:
        if not extend:
            lo, hi = _window_bounds(scene, box, aspect, margin)
            if lo <= hi + 1:
                return box, margin, None
            continue
        try:
            return box, margin, _extended_crop(scene, box, aspect, margin, pad)
        except LayoutInfeasible:
            continue
    raise LayoutInfeasible(f"a {aspect:.2f}:1 crop holding the whole product would need more than {pad:.0%} of invented scene")


def _inside_crop(scene: SceneInfo, box: Box, aspect: float, margin: float, cw: float) -> Box:
    """The best position of a ``cw`` px wide window holding ``box`` (and its margin)."""
    iw, ih = scene.photo_size
    pl, pt, pr, pb = box
    gl, gt, gr, gb = _grows(scene, box, margin)
    cw = min(cw, float(iw), ih * aspect)
    ch = cw / aspect
    # Window positions that hold the box and stay in the photo, along each axis.
    x_lo, x_hi = max(0.0, pr + gr - cw), min(pl - gl, iw - cw)
    y_lo, y_hi = max(0.0, pb + gb - ch), min(pt - gt, ih - ch)
    x_lo, x_hi = min(x_lo, x_hi), max(x_lo, x_hi)
    y_lo, y_hi = min(y_lo, y_hi), max(y_lo, y_hi)
    x, y = _best_position(scene, cw, ch, (x_lo, x_hi), (y_lo, y_hi))
    x, y = min(max(0.0, x), iw - cw), min(max(0.0, y), ih - ch)
    return (int(round(x)), int(round(y)), min(iw, int(round(x + cw))), min(ih, int(round(y + ch))))


def _extended_crop(scene: SceneInfo, box: Box, aspect: float, margin: float, max_pad: float) -> tuple[Box, Box]:
    """The tightest window of ``aspect`` around ``box`` (with its margin), centred on it, over
    the photo extended by the pads it needs (each at most ``max_pad`` of its side, none on a
    side where the frame cuts the product)."""
    iw, ih = scene.photo_size
    pl, pt, pr, pb = box
    gl, gt, gr, gb = _grows(scene, box, margin)
    cw = max((pr - pl) + gl + gr, ((pb - pt) + gt + gb) * aspect)
    ch = cw / aspect
    x = (pl - gl + pr + gr) / 2 - cw / 2
    y = (pt - gt + pb + gb) / 2 - ch / 2
    cut = scene.touches()
    x = 0.0 if cut[0] else (iw - cw if cut[2] else x)
    y = 0.0 if cut[1] else (ih - ch if cut[3] else y)
    x = float(np.clip(x, min(0.0, iw - cw), max(0.0, iw - cw)))
    y = float(np.clip(y, min(0.0, ih - ch), max(0.0, ih - ch)))
    pads = (int(np.ceil(max(0.0, -x))), int(np.ceil(max(0.0, -y))), int(np.ceil(max(0.0, x + cw - iw))), int(np.ceil(max(0.0, y + ch - ih))))
    if any(p > 0 and c for p, c in zip(pads, cut, strict=True)):
        raise LayoutInfeasible("the crop would invent scene beside the product where the photo cuts it")
    if max(pads[0], pads[2]) > max_pad * iw or max(pads[1], pads[3]) > max_pad * ih:
        raise LayoutInfeasible(f"a {aspect:.2f}:1 crop holding the whole product would need more than {max_pad:.0%} of invented scene")
    left, top = x + pads[0], y + pads[1]
    W, H = iw + pads[0] + pads[2], ih + pads[1] + pads[3]
    return (int(round(left)), int(round(top)), min(W, int(round(left + cw))), min(H, int(round(top + ch)))), pads


def _best_position(scene: SceneInfo, cw: float, ch: float, xs: tuple[float, float], ys: tuple[float, float]) -> tuple[float, float]:
    """The window position (photo px), on a grid of 9 x 9, whose edges cut through the least
    saliency (the mean of the map along them, five times over) and, among those, that keeps the
    most of the photo's saliency inside (summed-area table of the map): salient things are kept
    whole or left out, never sliced."""
    sal = scene.saliency
    sh, sw = sal.shape
    iw, ih = scene.photo_size
    kx, ky = sw / iw, sh / ih
    table = np.pad(sal.astype(np.float64).cumsum(0).cumsum(1), ((1, 0), (1, 0)))

    def mass(l: np.ndarray, t: np.ndarray, r: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Saliency inside boxes given as photo-pixel coordinate arrays (vectorised)."""
        l_ = np.clip(np.round(l * kx), 0, sw).astype(int)
        t_ = np.clip(np.round(t * ky), 0, sh).astype(int)
        r_ = np.clip(np.round(r * kx), 0, sw).astype(int)
        b_ = np.clip(np.round(b * ky), 0, sh).astype(int)
        return table[b_, r_] - table[t_, r_] - table[b_, l_] + table[t_, l_]

    gx, gy = np.meshgrid(np.linspace(xs[0], xs[1], 9), np.linspace(ys[0], ys[1], 9), indexing="ij")
    x, y = gx.ravel(), gy.ravel()
    edge = max(2.0, 0.02 * max(cw, ch))
    total = max(1e-6, float(mass(np.array([0.0]), np.array([0.0]), np.array([float(iw)]), np.array([float(ih)]))[0]))
    band = 2 * edge * 2 * (cw + ch)
    inside = mass(x, y, x + cw, y + ch) / total
    cut = (mass(x - edge, y, x + edge, y + ch) + mass(x + cw - edge, y, x + cw + edge, y + ch)
           + mass(x, y - edge, x + cw, y + edge) + mass(x, y + ch - edge, x + cw, y + ch + edge))
    score = inside - 5.0 * cut / max(1e-6, band * kx * ky)
    i = int(np.argmax(score + 1e-9 * np.arange(len(score))[::-1]))  # ties: the first position
    return float(x[i]), float(y[i])


def _feasible(scene: SceneInfo, aspect: float) -> bool:
    """True when a window of ``aspect`` can hold the whole product (inside the photo, or with
    the extension :func:`smart_crop` allows)."""
    try:
        _crop_kind(scene, aspect, BACKDROP_PAD if scene.backdrop else MAX_PAD)
    except LayoutInfeasible:
        return False
    return True


def _arrangements(inp: LayoutInput) -> list[str]:
    """Panel arrangements to try, best first: ``side`` (photo beside the copy) or ``stack``
    (photo above it), by the canvas's class and, on squares and landscapes, the product's shape."""
    cls = aspect_class(inp.size)
    if cls in (AspectClass.SKYSCRAPER, AspectClass.PORTRAIT):
        return ["stack"]
    wide = inp.scene is not None and (inp.scene.product_box[2] - inp.scene.product_box[0]) > 1.3 * (inp.scene.product_box[3] - inp.scene.product_box[1])
    order = ["stack", "side"] if wide and cls is AspectClass.SQUARE else ["side", "stack"]
    return order if cls is AspectClass.SQUARE or wide else ["side"]


def _panel_boxes(inp: LayoutInput, arrangement: str, extent: int, photo_first: bool) -> tuple[Box, Box]:
    """Photo panel (bleeding off the canvas; below a story's top UI band) ``extent`` px wide
    (side) or tall (stack), and the copy region beside or below it."""
    W, H = inp.size
    sl, st, sr, sb = safe_area(inp.size)
    if arrangement == "side":
        gap = round(0.05 * W)
        if photo_first:
            return (0, 0, extent, H), (extent + gap, st, sr, sb)
        return (W - extent, 0, W, H), (sl, st, W - extent - gap, sb)
    if not photo_first and st <= sl:  # photo at the bottom, bleeding off it (not on stories: UI there)
        return (0, H - extent, W, H), (sl, st, sr, H - extent - round(0.04 * H))
    top = st if st > sl else 0  # stories: the platform's UI covers the top band
    return (0, top, W, top + extent), (sl, top + extent + round(0.04 * H), sr, sb)


def _photo_first(scene: SceneInfo, arrangement: str, params: LayoutParams) -> bool:
    """Whether the photo panel comes first (left, or top): the sampled side, unless the photo's
    frame cuts the product on one side — that side then goes to the canvas's edge, where the
    cut reads as the photo bleeding off the banner, not as the product sliced by the copy."""
    left, top, right, bottom = scene.touches()
    if arrangement == "side":
        return True if left and not right else False if right and not left else params.side in ("auto", "start")
    return not (bottom and not top)


def _shares(arrangement: str, params: LayoutParams) -> list[float]:
    """Photo-panel shares of the canvas to try, the sampled one first, then outwards."""
    want = params.split if arrangement == "side" else 0.5 + (params.split - 0.5) * 0.8
    grid = np.round(np.arange(0.38, 0.645, 0.02), 2)
    return [want, *sorted((float(v) for v in grid), key=lambda v: abs(v - want))]


def _panels(inp: LayoutInput, params: LayoutParams) -> list[tuple[Box, Box]]:
    """Photo panels (canvas px) with the copy region each leaves, best first.

    First the arrangements and shares (nearest the sampled one) whose crop, at the panel's
    aspect, can hold the product; then panels that still bleed along the canvas but take the
    aspect the product needs (a band as tall, or a column as wide, as that aspect gives, up to
    :data:`MAX_PANEL` of the canvas, smaller ones after), or cards when even that is too big.
    The caller takes the first whose copy fits.
    """
    assert inp.scene is not None
    W, H = inp.size
    arrangements = _arrangements(inp)
    out: list[tuple[Box, Box]] = []
    for arrangement in arrangements:
        length = W if arrangement == "side" else H
        photo_first = _photo_first(inp.scene, arrangement, params)
        for share in _shares(arrangement, params):
            photo, copy = _panel_boxes(inp, arrangement, int(round(share * length)), photo_first)
            if copy[2] - copy[0] >= 16 and copy[3] - copy[1] >= 16 and _feasible(inp.scene, _aspect(photo)):
                out.append((photo, copy))
    lo, hi = _aspect_range(inp.scene)
    arrangement = arrangements[0]
    photo_first = _photo_first(inp.scene, arrangement, params)
    cap = MAX_PANEL if aspect_class(inp.size) in (AspectClass.SQUARE, AspectClass.LANDSCAPE) else MAX_PANEL_TALL
    for share in (cap, cap - 0.05, cap - 0.1, cap - 0.15, cap - 0.2):
        if arrangement == "side":
            extent = min(int(H * hi), int(share * W))
        else:
            extent = min(int(W / lo), int(share * H))
        photo, copy = _panel_boxes(inp, arrangement, extent, photo_first)
        if lo * 0.98 <= _aspect(photo) <= hi * 1.02:
            out.append((photo, copy))
            continue
        sl, st, sr, sb = safe_area(inp.size)  # a card: inside the margins, at the nearest aspect
        region = (max(photo[0], sl), max(photo[1], st), min(photo[2], sr), min(photo[3], sb))
        card = fit_box(float(np.clip(_aspect(region), lo, hi)), region)
        if card[2] - card[0] >= 16 and card[3] - card[1] >= 16 and copy[2] - copy[0] >= 16 and copy[3] - copy[1] >= 16:
            out.append((card, copy))
    return out


def _aspect(box: Box) -> float:
    return (box[2] - box[0]) / max(1, box[3] - box[1])


def _aspect_range(scene: SceneInfo) -> tuple[float, float]:
    """Aspects (width / height) of the windows inside the photo that hold the whole product:
    from its width over the photo's height to the photo's width over its height (a plain
    backdrop's photo counted as extended by :data:`BACKDROP_PAD` where the product allows)."""
    iw, ih = scene.photo_size
    pl, pt, pr, pb = scene.product_box
    if scene.backdrop:  # a plain backdrop extends where the frame does not cut the product
        cut = scene.touches()
        iw = iw * (1 + BACKDROP_PAD * ((not cut[0]) + (not cut[2])))
        ih = ih * (1 + BACKDROP_PAD * ((not cut[1]) + (not cut[3])))
    lo, hi = max(1, pr - pl) / ih, iw / max(1, pb - pt)
    return (lo, hi) if lo <= hi else (hi, lo)


#: A panel whose copy sets the headline at this multiple of the canvas's minimum headline size
#: (or more) is taken at once; otherwise the one with the largest headline among the first
#: :data:`PANEL_TRIES` that hold the copy (a narrow copy column forces type to the floor).
WANTED_HEADLINE = 1.3
PANEL_TRIES = 5


def _first_fit(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary):
    """The panel of :func:`_panels` whose copy region holds the copy (see :data:`WANTED_HEADLINE`)."""
    reasons: list[str] = []
    best: tuple[int, tuple] | None = None
    wanted, tries = WANTED_HEADLINE * TypeFloor.for_canvas(inp.size).headline, 0
    for panel, region in _panels(inp, params):
        try:
            fit = (panel, *_copy_block(inp, params, fonts, region))
        except LayoutInfeasible as exc:
            reasons.append(str(exc))
            continue
        px = max((t.fitted.size for t in fit[1] if t.role == Role.HEADLINE), default=0)
        best = (px, fit) if best is None or px > best[0] else best
        tries += 1
        if px >= wanted or tries >= PANEL_TRIES:
            break
    if best is not None:
        return best[1]
    W, H = inp.size
    raise LayoutInfeasible(reasons[-1] if reasons else f"no photo panel on {W}x{H} can show the whole product beside room for the copy")


def _fill_panel(scene: SceneInfo, panel: Box, zoom: float) -> tuple[Box, Box, Box | None]:
    """The crop (and pads) that fills ``panel``; a panel that would enlarge the photo more
    than :data:`MAX_UPSCALE` (a small or low-resolution photo) takes a wider crop, or shrinks
    into a card of the largest size the photo allows, centred where the panel was."""
    lo, hi = _aspect_range(scene)
    aspect = _aspect(panel)  # a card's rounded box may sit a hair outside the range: no extension for that
    aspect = lo if lo * 0.98 <= aspect < lo else hi if hi < aspect <= hi * 1.02 else aspect
    crop, pads = smart_crop(scene, aspect, zoom)
    pw = panel[2] - panel[0]
    if pw / (crop[2] - crop[0]) > MAX_UPSCALE:
        crop, pads = smart_crop(scene, aspect, 1.0)
    k = pw / (crop[2] - crop[0])
    if k > MAX_UPSCALE:
        w, h = (crop[2] - crop[0]) * MAX_UPSCALE, (crop[3] - crop[1]) * MAX_UPSCALE
        cx, cy = (panel[0] + panel[2]) / 2, (panel[1] + panel[3]) / 2
        panel = (int(round(cx - w / 2)), int(round(cy - h / 2)), int(round(cx + w / 2)), int(round(cy + h / 2)))
    return panel, crop, pads


def _copy_block(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, region: Box):
    """Texts, CTA button and logo set in ``region`` (a column, or a band on wide regions)."""
    W, H = inp.size
    l, t, r, b = region
    iw, ih = r - l, b - t
    floor = TypeFloor.for_canvas(inp.size)
    max_s = round(min(0.26 * ih, 0.12 * max(W, H)))
    logo_h = round(min(0.12 * ih, 0.08 * max(W, H))) if inp.logo_aspect else 0
    logo_gap = round(0.05 * ih) if logo_h else 0
    tall = aspect_class(inp.size) in (AspectClass.PORTRAIT, AspectClass.SKYSCRAPER)
    if iw / max(1, ih) >= 3.0 and not tall:  # a wide, short region: headline beside price and CTA
        return band_copy(inp, params, fonts, (l, t, iw, ih), logo_h, logo_gap, max_s, floor)
    align = "center" if tall else params.align
    col_h = ih - logo_h - logo_gap
    block, notes = solve_column(inp, fonts, LAYOUT_TEXTS, iw, col_h, max_s=max_s, floor=floor)
    top = t + logo_h + logo_gap + (col_h - block.h) // 2
    texts, button = place_block(block, l, top, iw, align)
    logo = logo_box(inp, l, top - logo_h - logo_gap, iw, logo_h, align) if logo_h else None
    return texts, button, logo, notes


def _leaderboard(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary):
    """A leaderboard's photo panel and copy: the cut-out row's type scale
    (:func:`~adcraft.layout.strip.strip_layout`), with the product's slot turned into a photo
    panel bleeding off the canvas's end, at an aspect a window around the product can have."""
    assert inp.scene is not None
    W, H = inp.size
    lo, hi = _aspect_range(inp.scene)
    want = float(np.clip(np.clip(inp.product_aspect * 1.25, 0.8, 2.4), lo, hi))
    first = _photo_first(inp.scene, "side", params)
    row = strip_layout(replace(inp, product_aspect=want), replace(params, product_scale=1.0), fonts, first)
    slot = row.product_box
    assert slot is not None
    panel = (0, 0, slot[2], H) if first else (slot[0], 0, W, H)
    if not _feasible(inp.scene, _aspect(panel)):
        panel = slot  # a card in the product's slot, at the aspect the product allows
    return panel, list(row.texts), row.button, row.logo_box, tuple(n for n in row.notes if "logo" not in n)


def photo_panel(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """The photo as a panel beside (or above) the copy; see the module docstring.

    ``params.split`` sets the photo panel's share of the canvas, ``params.side`` its side
    (``start``/``auto``: left or top; ``end``: right), ``params.product_scale`` how tight the
    crop sits around the product (:data:`ZOOM`).

    Raises
    ------
    LayoutInfeasible
        Without a scene photo, when no crop of the panel's aspect holds the whole product, or
        when the copy does not fit its panel at the minimum sizes.
    """
    if inp.scene is None:
        raise LayoutInfeasible("the photo_panel family needs the photo (scene information)")
    if aspect_class(inp.size) is AspectClass.LEADERBOARD:
        panel, texts, button, logo, notes = _leaderboard(inp, params, fonts)
    elif aspect_class(inp.size) is AspectClass.SKYSCRAPER:
        scene = inp.scene
        try:
            panel, texts, button, logo, notes = photo_sandwich(inp, fonts, lambda aspect: _feasible(scene, aspect))
        except LayoutInfeasible:
            panel, texts, button, logo, notes = _first_fit(inp, params, fonts)
    else:
        panel, texts, button, logo, notes = _first_fit(inp, params, fonts)
    planned = panel
    panel, crop, pads = _fill_panel(inp.scene, panel, ZOOM.get(round(params.product_scale, 2), 0.55))
    if panel != planned and aspect_class(inp.size) is not AspectClass.LEADERBOARD:  # shrunk into a card
        panel, texts, button, logo = group_card(inp.size, panel, list(texts), button, logo)
    if aspect_class(inp.size) is not AspectClass.LEADERBOARD:
        panel = align_card(inp.size, panel, list(texts), button)
    pw = panel[2] - panel[0]
    k = pw / (crop[2] - crop[0])
    pl, pt, pr, pb = inp.scene.product_box
    if pads is not None:
        pl, pt, pr, pb = pl + pads[0], pt + pads[1], pr + pads[0], pb + pads[1]
    product = (
        int(round(panel[0] + (pl - crop[0]) * k)), int(round(panel[1] + (pt - crop[1]) * k)),
        int(round(panel[0] + (pr - crop[0]) * k)), int(round(panel[1] + (pb - crop[1]) * k)),
    )
    return LayoutPlan(
        family="photo_panel",
        params=params,
        size=inp.size,
        product_box=product,
        texts=tuple(texts),
        button=button,
        logo_box=logo,
        photo_crop=crop,
        photo_panel=panel,
        photo_pads=pads,
        notes=tuple(notes),
    )
