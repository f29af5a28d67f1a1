"""Canvas mode: copy, logo and underlays on a picture that already shows the product in its scene.

This is the task of the PKU PosterLayout and CGL benchmarks (Hsu et al., CVPR 2023; Zhou et
al., IJCAI 2022): the canvas is kept whole and uncropped, and text, logo and underlay boxes are
placed where they hide nothing important and stay readable. The method is adcraft's own,
content-aware and deterministic:

1. a *cost map* from the canvas's saliency (U²-Netp here), dilated by a margin so that copy
   keeps its distance from the product, and a *busyness map* (local Sobel energy);
2. every axis-aligned rectangle on a coarse grid (cells of 1/``grid`` of the short side) is
   scored in O(1) with summed-area tables (Crow, SIGGRAPH 1984): rectangles that cover a
   salient cell are out; the rest score ``area · (1 − 2·mean cost) · (1 − mean busyness)``;
3. the best few rectangles get the real text block (headline > sub-line > price > CTA on one
   type scale, logo above), fitted at the largest size that fits; the first that fits wins;
4. where the area behind the block is busy, an underlay panel goes behind it; the CTA always
   sits on its button (an underlay in PKU terms).
"""

from __future__ import annotations

import cv2
import numpy as np

from adcraft.elements import LAYOUT_TEXTS, Role
from adcraft.geometry import Box, bbox_of, intersection_area
from adcraft.layout.metrics.types import LOGO, TEXT, UNDERLAY, PosterLayout
from adcraft.layout.plan import (
    LayoutInfeasible,
    LayoutInput,
    LayoutParams,
    LayoutPlan,
    SceneInfo,
)
from adcraft.layout.stack import (
    TypeFloor,
    build_block,
    largest_scale,
    logo_box,
    place_block,
    solve_column,
)
from adcraft.typography import FontLibrary

#: Limits of canvas mode (fractions of the canvas unless stated).
GRID = 32  #: grid cells across the canvas's short side
MARGIN = 0.05  #: saliency dilation, fraction of the short side
SALIENT = 0.3  #: a cell whose dilated saliency exceeds this may not be covered
MIN_W, MIN_H = 0.4, 0.1  #: smallest text region, fractions of width and height
FALLBACK_W, FALLBACK_H = 0.6, 0.2  #: region size when the copy must go over content, on a panel
WIDE = 2.4  #: regions wider than this (w/h) get words left, price and CTA right
MIN_PX = 0.026  #: smallest text, fraction of the short side (PKU counts smaller boxes invalid)
MIN_AREA = 0.001  #: smallest element, fraction of the canvas (PKU's validity threshold)
BUSY = 0.12  #: mean busyness behind the block above which it gets an underlay panel
ASPECT_TOLERANCE = 0.02  #: largest relative difference of photo and canvas aspect


def busyness(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Local gradient energy of ``rgb`` resized to ``size`` = ``(w, h)``.

    ``uint8`` ``(H, W, 3)`` in, ``float32`` ``(h, w)`` in ``[0, 1]`` out: Sobel magnitude of
    the grey image (float, on the 0–1 scale), box-averaged over 2 % of the short side, divided
    by 0.25 and clipped to 1.
    """
    gray = cv2.cvtColor(np.ascontiguousarray(rgb[..., :3]), cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1)
    mag = np.sqrt(gx * gx + gy * gy)
    k = max(3, int(round(0.02 * min(gray.shape))) | 1)
    mag = cv2.blur(mag, (k, k))
    small = cv2.resize(mag, size, interpolation=cv2.INTER_AREA)
    return np.clip(small / 0.25, 0.0, 1.0).astype(np.float32)


SOFT_SALIENCY = 0.05
"""Saliency above which a pixel may still belong to the product (its soft edge, glass, thin parts)."""


def keep_box(saliency: np.ndarray, product_box: Box) -> Box:
    """The product's box grown to the soft-saliency regions it touches.

    A matte misses what the segmenter is unsure of (a glass vase's base, a carton's corner in a
    hand, a chair's thin legs); the saliency map still marks it faintly. The connected regions
    of ``saliency > SOFT_SALIENCY`` (at a 256 px working size) that overlap ``product_box`` are
    united with it.

    Parameters
    ----------
    saliency:
        ``float`` ``(H, W)`` in ``[0, 1]`` over the photo.
    product_box:
        ``(left, top, right, bottom)`` in photo pixels.

    Returns
    -------
    Box
        Containing ``product_box``, in photo pixels.
    """
    h, w = saliency.shape[:2]
    k = min(1.0, 256 / max(h, w))
    sw, sh = max(1, round(w * k)), max(1, round(h * k))
    small = cv2.resize(np.asarray(saliency, np.float32), (sw, sh), interpolation=cv2.INTER_AREA) > SOFT_SALIENCY
    n, labels, stats, _ = cv2.connectedComponentsWithStats(small.astype(np.uint8), connectivity=8)
    l, t, r, b = product_box
    sl, st, sr, sb = int(l * sw / w), int(t * sh / h), int(np.ceil(r * sw / w)), int(np.ceil(b * sh / h))
    hit = set(np.unique(labels[st:sb, sl:sr]).tolist()) - {0}
    out = [l, t, r, b]
    for i in hit:
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        out = [min(out[0], int(x / k)), min(out[1], int(y / k)), max(out[2], min(w, int(np.ceil((x + bw) / k)))),
               max(out[3], min(h, int(np.ceil((y + bh) / k))))]
    return (out[0], out[1], out[2], out[3])


def scene_info(
    rgb: np.ndarray, segmenter, product_box: Box | None = None, first: np.ndarray | None = None, objects: int = 2,
    backdrop: bool = False, cut: tuple[bool, bool, bool, bool] | None = None,
) -> SceneInfo:
    """Everything canvas mode and scene layouts need to know about a photo.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    segmenter:
        A :class:`~adcraft.cutout.Segmenter` for
        :func:`~adcraft.cutout.saliency.scene_saliency`.
    product_box:
        The product's box in photo pixels; default: the box of saliency above 0.5 (the whole
        photo if none).
    first:
        The single-object saliency map if already computed.
    objects:
        Saliency passes (:func:`~adcraft.cutout.saliency.scene_saliency`); canvas mode needs
        every object (2), the cropping ``scene`` family only the main one (1 = no extra pass).
    backdrop:
        The photo is a packshot on a plain backdrop (:attr:`SceneInfo.backdrop`).
    cut:
        Sides ``(left, top, right, bottom)`` where the frame cuts the product (:attr:`SceneInfo.cut`).

    Returns
    -------
    SceneInfo
        Saliency and busyness at a quarter of the photo's size (at least 32 px a side).
    """
    from adcraft.cutout.saliency import scene_saliency

    h, w = rgb.shape[:2]
    everything = scene_saliency(segmenter, rgb, first=first, objects=objects)
    if product_box is None:
        ys, xs = np.nonzero(everything > 0.5)
        product_box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1) if len(xs) else (0, 0, w, h)
    small = (max(32, w // 4), max(32, h // 4))
    return SceneInfo(
        photo_size=(w, h),
        product_box=product_box,
        saliency=cv2.resize(everything, small, interpolation=cv2.INTER_AREA),
        busyness=busyness(rgb, small),
        keep_box=keep_box(first if first is not None else everything, product_box),
        backdrop=backdrop,
        cut=cut,
    )


def _grid_means(a: np.ndarray, gw: int, gh: int) -> np.ndarray:
    return cv2.resize(np.asarray(a, np.float32), (gw, gh), interpolation=cv2.INTER_AREA)


def _sat(a: np.ndarray) -> np.ndarray:
    s = np.zeros((a.shape[0] + 1, a.shape[1] + 1), np.float64)
    s[1:, 1:] = a.cumsum(0).cumsum(1)
    return s


def text_regions(
    saliency: np.ndarray, busy: np.ndarray | None, size: tuple[int, int], count: int = 6, *, over_content: bool = False
) -> list[tuple[Box, float]]:
    """The best free rectangles for a text block, best first, in canvas pixels.

    Parameters
    ----------
    saliency:
        ``float`` ``(h, w)`` in ``[0, 1]``, any resolution (resampled to the grid).
    busy:
        ``float`` ``(h, w)`` busyness in ``[0, 1]`` or ``None``.
    size:
        Canvas ``(width, height)`` in pixels.
    count:
        How many rectangles to return; each overlaps earlier ones by at most half its area.
    over_content:
        Fallback for canvases without free space: rectangles of at least ``FALLBACK_W`` x
        ``FALLBACK_H`` may cover salient cells and score ``2 − mean cost − 0.3 · area`` (the
        copy then goes on an underlay panel).

    Returns
    -------
    list of (box, score)
        May be empty when every region large enough touches salient content.
    """
    W, H = size
    cell = min(W, H) / GRID
    gw, gh = max(4, round(W / cell)), max(4, round(H / cell))
    sal = np.asarray(saliency, np.float32)
    k = max(3, int(round(MARGIN * min(sal.shape))) | 1)
    dil = cv2.dilate(sal, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    dil = cv2.GaussianBlur(dil, (0, 0), k / 3)
    cost = _grid_means(dil, gw, gh)
    hot = _grid_means((dil > SALIENT).astype(np.float32), gw, gh) > 0
    bz = _grid_means(busy, gw, gh) if busy is not None else np.zeros_like(cost)
    S_cost, S_hot, S_busy = _sat(cost), _sat(hot.astype(np.float32)), _sat(bz)

    fw, fh = (FALLBACK_W, FALLBACK_H) if over_content else (MIN_W, MIN_H)
    min_w, min_h = max(1, int(np.ceil(fw * gw))), max(1, int(np.ceil(fh * gh)))
    xs = [(l, r) for l in range(gw) for r in range(l + min_w, gw + 1)]
    ys = [(t, b) for t in range(gh) for b in range(t + min_h, gh + 1)]
    L, R = np.array(xs).T
    T, B = np.array(ys).T
    l, r, t, b = L[None, :], R[None, :], T[:, None], B[:, None]

    def rect_sum(S):
        return S[b, r] - S[t, r] - S[b, l] + S[t, l]

    n = (r - l) * (b - t)
    ok = rect_sum(S_hot) < 0.5
    mean_cost = rect_sum(S_cost) / n
    mean_busy = rect_sum(S_busy) / n
    if over_content:
        score = 2.0 - mean_cost - 0.3 * n / (gw * gh)  # always > 0: every rectangle is a candidate
    else:
        score = np.where(ok, n / (gw * gh) * np.clip(1 - 2 * mean_cost, 0, 1) * (1 - mean_busy), -1.0)
    order = np.argsort(score, axis=None)[::-1]
    chosen: list[tuple[Box, float]] = []
    for flat in order:
        s = float(score.flat[flat])
        if s <= 0 or len(chosen) >= count:
            break
        iy, ix = np.unravel_index(flat, score.shape)
        box = (int(round(L[ix] * W / gw)), int(round(T[iy] * H / gh)), int(round(R[ix] * W / gw)), int(round(B[iy] * H / gh)))
        area = (box[2] - box[0]) * (box[3] - box[1])
        if any(intersection_area(box, c) > 0.5 * area for c, _ in chosen):
            continue
        chosen.append((box, s))
    return chosen


def _mean_in(a: np.ndarray, box: Box, size: tuple[int, int]) -> float:
    h, w = a.shape
    W, H = size
    l, t = int(box[0] * w / W), int(box[1] * h / H)
    r, b = max(l + 1, int(np.ceil(box[2] * w / W))), max(t + 1, int(np.ceil(box[3] * h / H)))
    return float(a[t:b, l:r].mean())


def same_aspect(size: tuple[int, int], photo_size: tuple[int, int]) -> bool:
    """True when a canvas of ``size`` has the aspect of a photo of ``photo_size`` (within 2 %)."""
    return abs((photo_size[0] / photo_size[1]) / (size[0] / size[1]) - 1) <= ASPECT_TOLERANCE


def fits_photo(size: tuple[int, int], scene: SceneInfo | None) -> bool:
    """True when canvas mode can run: there is a scene and ``size`` has its aspect."""
    return scene is not None and same_aspect(size, scene.photo_size)


def canvas_layout(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """Lay out the copy on the whole, uncropped photo (see the module docstring).

    ``inp.scene`` gives the photo's saliency and busyness; ``params.align`` the text alignment;
    ``params.side`` picks among the free regions (``"auto"``: the best; ``"start"``/``"end"``:
    the best in the top/left or bottom/right half).

    Raises
    ------
    LayoutInfeasible
        Without a scene, when the photo's aspect differs from the canvas's, or when no free
        region holds the text at the minimum size.
    """
    if inp.scene is None:
        raise LayoutInfeasible("canvas mode needs the photo's saliency (a scene)")
    W, H = inp.size
    pw, ph = inp.scene.photo_size
    if not fits_photo(inp.size, inp.scene):
        raise LayoutInfeasible(f"canvas mode keeps the whole photo ({pw}x{ph}); its aspect differs from the {W}x{H} canvas")
    key = ("free regions", inp.size)
    if key not in inp.scene.memo:  # the search depends on the scene and size only: once per size
        inp.scene.memo[key] = text_regions(inp.scene.saliency, inp.scene.busyness, inp.size)
    regions = inp.scene.memo[key]
    if params.side != "auto":
        horizontal = W > H

        def in_half(box: Box) -> bool:
            c = (box[0] + box[2]) / 2 / W if horizontal else (box[1] + box[3]) / 2 / H
            return c < 0.5 if params.side == "start" else c >= 0.5

        regions = [rg for rg in regions if in_half(rg[0])] or regions
    reasons = []
    for region, _ in regions:
        try:
            return _fill_region(inp, params, fonts, region, panel=False)
        except LayoutInfeasible as exc:
            reasons.append(str(exc))
    # No free space holds the copy: the least salient large area, then a full-width band at the
    # less salient end (a lower or upper third), with the copy on a panel.
    bands = []
    for frac in (0.3, 0.38, 0.46):
        h = round(frac * H)
        bands += sorted([(0, H - h, W, H), (0, 0, W, h)], key=lambda b: _mean_in(inp.scene.saliency, b, inp.size))
    areas = [r for r, _ in text_regions(inp.scene.saliency, inp.scene.busyness, inp.size, count=3, over_content=True)]
    for region in areas + bands:
        try:
            return _fill_region(inp, params, fonts, region, panel=True)
        except LayoutInfeasible as exc:
            reasons.append(str(exc))
    raise LayoutInfeasible(reasons[0] if reasons else "no region of the photo can hold the copy")


def _fill_region(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, region: Box, *, panel: bool) -> LayoutPlan:
    W, H = inp.size
    rl, rt, rr, rb = region
    pad = max(4, round(0.03 * min(W, H)))
    il, it, iw, ih = rl + pad, rt + pad, rr - rl - 2 * pad, rb - rt - 2 * pad
    if iw < 8 or ih < 8:
        raise LayoutInfeasible(f"the free region {region} is too small for text")
    floor = TypeFloor.for_canvas(inp.size, base=round(MIN_PX * min(W, H)))
    max_s = round(min(0.3 * ih, 0.11 * max(W, H)))
    logo_h = round(0.1 * ih) if inp.logo_aspect else 0
    logo_gap = round(0.05 * ih) if logo_h else 0
    if iw / ih >= WIDE:
        texts, button, logo, notes = band_copy(inp, params, fonts, (il, it, iw, ih), logo_h, logo_gap, max_s, floor)
    else:
        col_h = ih - logo_h - logo_gap
        block, notes = solve_column(inp, fonts, LAYOUT_TEXTS, iw, col_h, max_s=max_s, floor=floor)
        top = it + logo_h + logo_gap + (col_h - block.h) // 2
        texts, button = place_block(block, il, top, iw, params.align)
        logo = logo_box(inp, il, top - logo_h - logo_gap, iw, logo_h, params.align) if logo_h else None
    small = [t for t in texts if (t.box[2] - t.box[0]) * (t.box[3] - t.box[1]) < MIN_AREA * W * H]
    if any(t.role != Role.ORIGINAL_PRICE for t in small):
        raise LayoutInfeasible(f"the copy would be set too small to read in {region}")
    if small:
        texts = [t for t in texts if t.role != Role.ORIGINAL_PRICE]
        notes = notes + ("struck-through price dropped: too small to read here",)
    boxes = [t.box for t in texts] + ([button] if button else []) + ([logo] if logo else [])
    text_region = bbox_of(boxes)
    underlay = None
    busy = inp.scene.busyness if inp.scene is not None else None
    if text_region is not None and (panel or (busy is not None and _mean_in(busy, text_region, inp.size) > BUSY)):
        up = max(4, round(0.02 * min(W, H)))
        underlay = (max(0, text_region[0] - up), max(0, text_region[1] - up), min(W, text_region[2] + up), min(H, text_region[3] + up))
        notes = notes + (("underlay panel: no free space holds the copy",) if panel else ("underlay panel: the photo is busy behind the copy",))
    product = None
    if inp.scene is not None:
        k = W / inp.scene.photo_size[0]
        product = tuple(int(round(v * k)) for v in inp.scene.product_box)
    return LayoutPlan(
        family="canvas",
        params=params,
        size=inp.size,
        product_box=product,
        texts=tuple(texts),
        button=button,
        logo_box=logo,
        photo_crop=(0, 0, inp.scene.photo_size[0], inp.scene.photo_size[1]) if inp.scene is not None else None,
        underlay=underlay,
        notes=notes,
    )


def band_copy(inp: LayoutInput, params: LayoutParams, fonts: FontLibrary, inner, logo_h: int, logo_gap: int, max_s: int, floor: TypeFloor):
    """Copy in a wide, short region ``inner`` = ``(x, y, w, h)``: logo, headline and sub-line on
    the left; price and CTA on the right. Returns texts, button, logo and notes."""
    il, it, iw, ih = inner
    gap = round(0.05 * iw)
    left_w = round(0.62 * (iw - gap))
    right_w = iw - gap - left_w
    notes: tuple[str, ...] = ()

    def attempt(s: int, words: tuple[str, ...]):
        a = build_block(fonts, inp.copy, words, inp.chain, s, floor, left_w)
        b = build_block(fonts, inp.copy, (Role.PRICE, Role.CTA), inp.chain, s, floor, right_w)
        if a is None or b is None or a.h > ih - logo_h - logo_gap or b.h > ih:
            return None
        return a, b

    min_px = floor.headline
    res = largest_scale(min_px, max(min_px, max_s), lambda s: attempt(s, (Role.HEADLINE, Role.SUBLINE)))
    if res is None and inp.copy.subline:
        res = largest_scale(min_px, max(min_px, max_s), lambda s: attempt(s, (Role.HEADLINE,)))
        notes = ("sub-line dropped: it does not fit at the minimum size",)
    if res is None:
        raise LayoutInfeasible(f"the copy does not fit a {iw}x{ih} px band at {min_px} px")
    words, deal = res
    top = it + logo_h + logo_gap + (ih - logo_h - logo_gap - words.h) // 2
    texts, _ = place_block(words, il, top, left_w, "left")
    more, button = place_block(deal, il + left_w + gap, it + (ih - deal.h) // 2, right_w, "center")
    logo = logo_box(inp, il, top - logo_h - logo_gap, left_w, logo_h, "left") if logo_h else None
    return texts + more, button, logo, notes


def poster_layout(plan: LayoutPlan) -> PosterLayout:
    """The plan's boxes in PKU PosterLayout terms, for :mod:`adcraft.layout.metrics`.

    Every text (the CTA's label included) is class 1, the logo class 2, the CTA button and an
    underlay panel class 3; the product is not an element.
    """
    labels: list[int] = []
    boxes: list[Box] = []
    for t in plan.texts:
        labels.append(TEXT)
        boxes.append(t.box)
    if plan.logo_box is not None:
        labels.append(LOGO)
        boxes.append(plan.logo_box)
    for u in (plan.button, plan.underlay):
        if u is not None:
            labels.append(UNDERLAY)
            boxes.append(u)
    return PosterLayout.from_pixels(np.array(labels, np.int64), np.array(boxes, np.float64).reshape(-1, 4), plan.size)
