"""Design-quality score: each term in ``[0, 1]`` (1 is best), kept separately, and a weighted mean.

Terms
-----
occlusion
    Share of the product's alpha mass under text, CTA or logo boxes; 1 at 0 %, 0 at ≥ 2 %.
    (Cf. the *Occ*/occlusion measure of Hsu et al., "PosterLayout", CVPR 2023.)
overlap
    Mean pairwise intersection-over-smaller-area of the text, button and logo boxes (a CTA text
    inside its button does not count); 1 − that mean. (Cf. LayoutGAN++ overlap, Kikuchi et al.,
    ACM MM 2021.)
alignment
    For each element the smallest distance, in canvas widths, between its left, centre or right
    edge and the same edge of another element; 1 − 20 × the mean. (Alignment loss of Lee et
    al., "Neural Design Network", ECCV 2020.)
contrast
    Lowest WCAG 2.x contrast ratio over all texts, measured against the rendered pixels under
    each text's glyphs (1st percentile); 0 at ≤ 3:1, 1 at ≥ 7:1 (WCAG AAA).
margins
    1 − the share of elements (product included) that reach into the safe margin.
balance
    Distance of the visual centre of mass (product alpha plus text areas) from the canvas
    centre, in half-diagonals; 1 at 0, 0 at ≥ 0.5.
product_scale
    Product size against the design guide's band: 35–60 % of the canvas area on square and
    portrait canvases (25–55 % landscape); on leaderboards and skyscrapers the share of the
    short side it spans (≥ 70 %). 1 inside the band, falling linearly outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from adcraft.elements import same_element
from adcraft.geometry import Box, area, intersection_area
from adcraft.palette.colour import relative_luminance
from adcraft.sizes import AspectClass, aspect_class, safe_area

WEIGHTS: dict[str, float] = {
    "occlusion": 3.0,
    "contrast": 2.0,
    "overlap": 1.5,
    "product_scale": 1.5,
    "alignment": 1.0,
    "margins": 1.0,
    "balance": 1.0,
}


@dataclass(frozen=True)
class ScoreInput:
    """What the scorer measures.

    Attributes
    ----------
    size:
        Canvas ``(width, height)``.
    product_alpha:
        ``float32`` ``(H, W)`` in ``[0, 1]``.
    product_box:
        Product box on the canvas, or ``None``.
    boxes:
        ``(role, box)`` of every text, the CTA button and the logo.
    contrasts:
        ``(role, ratio)``: the measured WCAG 2.x contrast ratio (1..21) of each text.
    """

    size: tuple[int, int]
    product_alpha: np.ndarray
    product_box: Box | None
    boxes: tuple[tuple[str, Box], ...]
    contrasts: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _luminance_tables() -> np.ndarray:
    """``float64`` ``(3, 256)``: each channel's share of the WCAG relative luminance of every
    byte value (:func:`~adcraft.palette.colour.relative_luminance` of ``(v, 0, 0)``, ``(0, v,
    0)``, ``(0, 0, v)``; the other channels add exactly 0)."""
    v = np.arange(256, dtype=np.float64)
    zero = np.zeros(256)
    rows = [relative_luminance(np.stack(c, axis=-1)) for c in ((v, zero, zero), (zero, v, zero), (zero, zero, v))]
    tables = np.stack(rows)
    tables.setflags(write=False)
    return tables


def pixel_luminance(px: np.ndarray) -> np.ndarray:
    """WCAG 2.x relative luminance of pixels, ``float64`` ``(...)`` from ``(..., 3)`` sRGB.

    For ``uint8`` pixels three table look-ups replace the power function: the same values as
    :func:`~adcraft.palette.colour.relative_luminance` (same products, summed in the same
    order), an order of magnitude faster; other dtypes go through it directly.
    """
    if px.dtype != np.uint8:
        return relative_luminance(px)
    t = _luminance_tables()
    return t[0][px[..., 0]] + t[1][px[..., 1]] + t[2][px[..., 2]]


def contrast_at(colour: tuple[int, int, int], behind_luminance: np.ndarray, percentile: float = 1.0) -> float:
    """WCAG contrast of ``colour`` against pixels of relative luminance ``behind_luminance``
    (``(N,)``, :func:`pixel_luminance`) at the given low percentile; ``21.0`` for none."""
    if len(behind_luminance) == 0:
        return 21.0
    la = relative_luminance(np.asarray(colour, np.float64)[None, :])
    ratios = (np.maximum(la, behind_luminance) + 0.05) / (np.minimum(la, behind_luminance) + 0.05)
    return float(np.percentile(ratios, percentile))


def text_contrast(colour: tuple[int, int, int], behind: np.ndarray, percentile: float = 1.0) -> float:
    """WCAG contrast of ``colour`` against ``behind`` pixels (``(N, 3)`` uint8), at the given
    low percentile (robust minimum); ``21.0`` when there are no pixels."""
    if len(behind) == 0:
        return 21.0
    return contrast_at(colour, pixel_luminance(behind), percentile)


def occluded_share(alpha: np.ndarray, boxes: list[Box]) -> float:
    """Share (0..1) of the product's alpha mass inside the union of ``boxes``."""
    total = float(alpha.sum())
    if total <= 0 or not boxes:
        return 0.0
    h, w = alpha.shape
    cover = np.zeros((h, w), bool)
    for l, t, r, b in boxes:
        cover[max(0, t) : max(0, b), max(0, l) : max(0, r)] = True
    return float(alpha[cover].sum() / total)


def score_creative(inp: ScoreInput) -> tuple[float, dict[str, float]]:
    """Score one creative.

    Returns
    -------
    (float, dict)
        The weighted mean of the terms (``0..1``) and every term by name (see module doc).
    """
    W, H = inp.size
    text_boxes = [b for role, b in inp.boxes]
    terms: dict[str, float] = {}

    occ = occluded_share(inp.product_alpha, text_boxes)
    terms["occlusion"] = float(max(0.0, 1.0 - occ / 0.02))

    pairs = []
    items = list(inp.boxes)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            (ra, a), (rb, b) = items[i], items[j]
            if same_element(ra, rb):  # a CTA label inside its own button
                continue
            small = min(area(a), area(b))
            pairs.append(intersection_area(a, b) / small if small > 0 else 0.0)
    terms["overlap"] = float(1.0 - (np.mean(pairs) if pairs else 0.0))

    elems = [b for r, b in inp.boxes if r != "cta"] + ([inp.product_box] if inp.product_box else [])
    if len(elems) > 1:
        xs = np.array([[b[0], (b[0] + b[2]) / 2, b[2]] for b in elems], np.float64) / W
        mins = []
        for i in range(len(elems)):
            d = np.abs(np.delete(xs, i, axis=0) - xs[i][None, :]).min()
            mins.append(d)
        terms["alignment"] = float(max(0.0, 1.0 - 20.0 * float(np.mean(mins))))
    else:
        terms["alignment"] = 1.0

    lowest = min((c for _, c in inp.contrasts), default=21.0)
    terms["contrast"] = float(np.clip((lowest - 3.0) / 4.0, 0.0, 1.0))

    sl, st, sr, sb = safe_area(inp.size)
    tol = 1
    all_boxes = text_boxes + ([inp.product_box] if inp.product_box else [])
    outside = [b for b in all_boxes if b[0] < sl - tol or b[1] < st - tol or b[2] > sr + tol or b[3] > sb + tol]
    terms["margins"] = float(1.0 - len(outside) / max(1, len(all_boxes)))

    ys, xs_ = np.mgrid[0:H:8, 0:W:8]
    a = inp.product_alpha[::8, ::8]
    mass = float(a.sum()) * 64
    mx = float((a * xs_).sum()) * 64
    my = float((a * ys).sum()) * 64
    for b in text_boxes:
        ar = area(b)
        mass += ar
        mx += ar * (b[0] + b[2]) / 2
        my += ar * (b[1] + b[3]) / 2
    if mass > 0:
        d = np.hypot(mx / mass - W / 2, my / mass - H / 2) / (0.5 * np.hypot(W, H))
        terms["balance"] = float(max(0.0, 1.0 - d / 0.5))
    else:
        terms["balance"] = 0.0

    cls = aspect_class(inp.size)
    if inp.product_box is None:
        terms["product_scale"] = 0.0
    elif cls in (AspectClass.LEADERBOARD, AspectClass.SKYSCRAPER):
        pb = inp.product_box
        span = (pb[3] - pb[1]) / H if cls is AspectClass.LEADERBOARD else (pb[2] - pb[0]) / W
        terms["product_scale"] = float(np.clip(span / 0.7, 0.0, 1.0))
    else:
        share = area(inp.product_box) / (W * H)
        lo, hi = (0.25, 0.55) if cls is AspectClass.LANDSCAPE else (0.35, 0.6)
        if share < lo:
            terms["product_scale"] = float(max(0.0, share / lo))
        elif share > hi:
            terms["product_scale"] = float(max(0.0, 1.0 - (share - hi) / hi))
        else:
            terms["product_scale"] = 1.0
    total = sum(WEIGHTS[k] * terms[k] for k in WEIGHTS) / sum(WEIGHTS.values())
    return float(total), terms
