"""Product: photo misuse and cut-out quality, crop and scale, extension seams and source borders,
and a sale shown without its original price.

Cut-out quality rests on two sources: the cut-out stage's confidence (when the input has one)
and a pixel measure of halos and fringes on the canvas (the lightness step between a thin ring
just outside the product's mask and the background a little farther out, the halo measure
issue 14 describes for its benchmark).
"""

from __future__ import annotations

import cv2
import numpy as np

from adcraft.assess import BackgroundKind
from adcraft.cutout.confidence import CUTOUT_CONFIDENCE_THRESHOLD, SCENE_CONFIDENCE_THRESHOLD
from adcraft.sizes import AspectClass

from .colour import lch
from .model import Code, Severity, Source
from .view import CreativeView, Recorder, box_area, clip_box, intersect

#: Under this cut-out confidence a scene photo should have run whole (PHOTO_MISUSE): the cut-out
#: stage's own threshold for scene photos (:data:`adcraft.cutout.confidence.SCENE_CONFIDENCE_THRESHOLD`).
MISUSE_CONFIDENCE = SCENE_CONFIDENCE_THRESHOLD
#: Under this confidence the cut-out shows its flaws where the product is displayed large.
CUTOUT_CONFIDENCE = CUTOUT_CONFIDENCE_THRESHOLD
#: Halo/fringe: lightness step (CIE L*) at the product's edge against the background.
HALO_DL = 5.0
#: A halo this strong on a cut-out from a scene photo means the scene cannot be separated
#: (glass, hair, soft focus): the photo should have run whole (half as strong again as HALO_DL).
MISUSE_HALO_DL = 7.5
#: Cut-out flaws (halos, flat cut edges) show only where the product is displayed at least
#: this large (its box's short side, canvas px): "visible at display size" (reviews README).
VISIBLE_PX = 100
#: Product area share (its tight box over the canvas) per aspect class: (smallest, largest).
#: The guide's 35-60 % is the product's visual weight, not its box: in the reviews no SHIP
#: creative had a box under 20 % of the canvas and every "product too small" one was at 6-11 %.
SCALE_BAND = {
    AspectClass.SQUARE: (0.10, 0.75),
    AspectClass.PORTRAIT: (0.10, 0.75),
    AspectClass.LANDSCAPE: (0.10, 0.75),
    AspectClass.SKYSCRAPER: (0.10, 0.75),
    AspectClass.LEADERBOARD: (0.0, 1.0),
}
#: On leaderboards the product fills most of the height (design guide).
LEADERBOARD_HEIGHT = 0.6
#: An extension over this share of the canvas is a smeared treatment (reviews README: "a
#: smeared extension over half the canvas" is a REJECT; 0.4 leaves room for rounding).
EXTENSION_SHARE = 0.4
#: Seam gradient ratio over which an extension seam is visible.
SEAM_RATIO = 1.6
#: Mean grey-level step (0-255 per px) across a seam under which it is invisible whatever the
#: ratio (a flat backdrop: about one just-noticeable difference of an 8-bit grey).
SEAM_VISIBLE = 2.0
#: A 1 px source border: an edge line whose lightness differs from the line inside it by more
#: than this (L*) along most of its length.
BORDER_DL = 6.0


def measure_photo_use(view: CreativeView, rec: Recorder) -> None:
    """PHOTO_MISUSE (critical) for a scene photo cut out with a low confidence; CUTOUT for a
    low confidence (critical with misuse, major where the product is large) and for halos."""
    inp = view.inp
    if view.photo_background or view.product_box is None:
        return
    conf = inp.cutout_confidence
    if conf is not None:
        scene = inp.photo_kind is BackgroundKind.SCENE
        if scene:
            ok = rec.check(
                "product.cutout_confidence.scene", conf, MISUSE_CONFIDENCE, ">=", "share", Source.CUTOUT_CONFIDENCE,
                Code.PHOTO_MISUSE, Severity.CRITICAL,
                "a scene photo was cut out with confidence {value} < {threshold}: it should run whole",
            )
            if not ok:
                weak = ", ".join(f"{k} {v:.2f}" for k, v in sorted(inp.cutout_parts.items(), key=lambda kv: kv[1])[:2])
                rec.check(
                    "product.cutout_confidence.misuse", conf, MISUSE_CONFIDENCE, ">=", "share", Source.CUTOUT_CONFIDENCE,
                    Code.CUTOUT, Severity.CRITICAL, f"the cut-out keeps scene fragments or loses parts ({weak})",
                )
    _halo(view, rec)


def halo_step(view: CreativeView) -> tuple[float, float]:
    """Lightness step at the product's edge: ``(L*(ring just outside) - L*(farther out), L*(farther out))``.

    The rings are 0-``a`` and ``a+2``-``2a+4`` px outside the product mask (``a`` = 0.5 % of the
    short side, at least 2 px), on the sides and top only (the contact shadow sits below), and
    off the copy. Returns ``(0, 50)`` when there is too little ring to measure.

    The rings lie within ``2a+4`` px of the product's box, so they are computed on that window
    of the canvas only (the same pixels as on the whole canvas).
    """
    a = max(2, round(0.005 * view.short))
    l, t, r, b = view.product_box  # type: ignore[misc]
    reach = 2 * a + 4
    x0, y0 = max(0, l - reach), max(0, t - reach)
    x1, y1 = min(view.size[0], r + reach), min(view.size[1], b + reach)
    mask = view.product_mask[y0:y1, x0:x1]
    m = mask.astype(np.uint8)
    k = lambda r: np.ones((2 * r + 1, 2 * r + 1), np.uint8)  # noqa: E731
    near = cv2.dilate(m, k(a)).astype(bool) & ~mask
    far = cv2.dilate(m, k(reach)).astype(bool) & ~cv2.dilate(m, k(a + 2)).astype(bool)
    keep = np.ones_like(mask)
    keep[max(0, int(b - 0.2 * (b - t)) - y0) :, :] = False
    for _, box in view.copy_boxes():
        keep[max(0, box[1] - y0) : max(0, box[3] - y0), max(0, box[0] - x0) : max(0, box[2] - x0)] = False
    near, far = near & keep, far & keep
    if near.sum() < 30 or far.sum() < 30:
        return 0.0, 50.0
    img = view.inp.image[y0:y1, x0:x1]
    ln, lf = lch(np.median(img[near], axis=0))[0], lch(np.median(img[far], axis=0))[0]
    return float(ln - lf), float(lf)


def _display_px(view: CreativeView) -> int:
    pb = view.product_box
    return 0 if pb is None else min(pb[2] - pb[0], pb[3] - pb[1])


def _halo(view: CreativeView, rec: Recorder) -> None:
    if _display_px(view) < VISIBLE_PX:
        return
    step, bg_l = halo_step(view)
    kind = "light halo" if step > 0 else "dark fringe"
    if view.inp.photo_kind is BackgroundKind.SCENE:
        rec.check(
            "product.edge_lightness_step.scene", abs(step), MISUSE_HALO_DL, "<=", "L*", Source.REVIEW_PHOTO,
            Code.PHOTO_MISUSE, Severity.CRITICAL,
            f"the scene stays on the cut-out's edge ({kind}, {{value}} L*): the photo should run whole",
        )
    rec.check(
        "product.edge_lightness_step", abs(step), HALO_DL, "<=", "L*", Source.REVIEW_PHOTO, Code.CUTOUT, Severity.MAJOR,
        f"{kind} around the product: edge lightness differs by {{value}} L* from the background (L* {bg_l:.0f})",
    )


def measure_crop_scale(view: CreativeView, rec: Recorder) -> None:
    """CROP (major): a flat cut edge of the product floating inside the canvas, or the product cut
    by the canvas frame; SCALE (major): product too small or too large for the canvas."""
    pb = view.product_box
    if pb is None:
        return
    w, h = view.size
    edge = max(2, round(0.01 * view.short))
    pbox = view.inp.photo_box
    if view.photo_background and pbox is not None:
        # in a scene the cut edge is the photo's border: it shows only where the photo was
        # extended beyond it (a seam inside the canvas, or inside the photo's panel)
        sl, st, sr, sb = photo_region(view)
        inside = {"left": pbox[0] > sl + edge, "top": pbox[1] > st + edge, "right": pbox[2] < sr - edge, "bottom": pbox[3] < sb - edge}
    elif view.photo_background:
        inside = dict.fromkeys(("left", "top", "right", "bottom"), False)
    else:
        inside = {"left": pb[0] > edge, "top": pb[1] > edge, "right": pb[2] < w - edge, "bottom": pb[3] < h - edge}
    floating = sorted(s for s in view.inp.cut_sides if inside[s]) if _display_px(view) >= VISIBLE_PX else []
    rec.check(
        "product.floating_cut_edges", len(floating), 0, "<=", "count", Source.REVIEW_PHOTO, Code.CROP, Severity.MAJOR,
        f"the product's flat cut edge ({', '.join(floating)}) floats inside the canvas",
    )
    doc_box = view.inp.document.product.box if view.inp.document.product else pb
    shown = box_area(clip_box(doc_box, view.size)) / max(1.0, box_area(doc_box))
    if not view.photo_background:
        rec.check(
            "product.shown_share", shown, 0.97, ">=", "share", Source.REVIEW_PHOTO, Code.CROP, Severity.MAJOR,
            "the canvas frame cuts the product: only {value} of it shows",
        )
    if view.photo_background:
        return
    if view.aspect is AspectClass.LEADERBOARD:
        rec.check(
            "product.height_share", (pb[3] - pb[1]) / h, LEADERBOARD_HEIGHT, ">=", "share", Source.GUIDE_PRODUCT,
            Code.SCALE, Severity.MAJOR, "the product spans only {value} of the leaderboard's height",
        )
        return
    lo, hi = SCALE_BAND[view.aspect]
    share = box_area(pb) / (w * h)
    rec.check(
        "product.area_share.min", share, lo, ">=", "share", Source.GUIDE_PRODUCT, Code.SCALE, Severity.MAJOR,
        "the product is too small: its box covers {value} of the canvas",
    )
    rec.check(
        "product.area_share.max", share, hi, "<=", "share", Source.GUIDE_PRODUCT, Code.SCALE, Severity.MAJOR,
        "the product is too large: its box covers {value} of the canvas",
    )


def photo_region(view: CreativeView) -> tuple[int, int, int, int]:
    """Where the photo is shown: its panel (given, or the document's ``photo`` layer), else
    the whole canvas."""
    w, h = view.size
    panel = next((tuple(layer.box) for layer in view.inp.document.layers if layer.role == "photo"), None)
    return view.inp.photo_panel or panel or (0, 0, w, h)


def measure_extension(view: CreativeView, rec: Recorder) -> None:
    """OTHER: an extension over 40 % of the canvas (critical; not for a packshot's plain
    backdrop, which continues as itself), a visible seam (major)."""
    pbox = view.inp.photo_box
    if not view.photo_background or pbox is None:
        return
    w, h = view.size
    shown = photo_region(view)
    covered = box_area(intersect(pbox, shown))
    ext = 1.0 - covered / max(1.0, box_area(shown))
    if view.inp.photo_kind is BackgroundKind.PLAIN:
        ext = 0.0  # a plain backdrop continued is the backdrop, not a smeared scene
    rec.check(
        "product.extension_share", ext, EXTENSION_SHARE, "<=", "share", Source.REVIEW_EXTENSION, Code.OTHER,
        Severity.CRITICAL, "{value} of the canvas is extended photo, a smeared treatment",
    )
    ratio = seam_visibility(view.inp.image, pbox, shown)
    rec.check(
        "product.seam_ratio", ratio, SEAM_RATIO, "<=", "ratio", Source.SEAM, Code.OTHER, Severity.MAJOR,
        "the extension seam shows: gradient across it is {value}x the gradient beside it",
    )


def seam_visibility(image: np.ndarray, pbox: tuple[int, int, int, int], shown: tuple[int, int, int, int] | None = None) -> float:
    """Median gradient magnitude across the photo-box borders that lie inside the canvas (inside
    the photo panel ``shown``, when given), over the mean gradient 3-12 px beside them
    (1 = invisible; also 1 when the step across is under :data:`SEAM_VISIBLE` grey levels).
    Same definition as :func:`adcraft.background.extend.seam_ratio`, measured on the rendered
    creative."""
    h, w = image.shape[:2]
    if shown is not None:
        sl, st, sr, sb = shown
        image = image[max(0, st):min(h, sb), max(0, sl):min(w, sr)]
        pbox = (pbox[0] - sl, pbox[1] - st, pbox[2] - sl, pbox[3] - st)
        h, w = image.shape[:2]
    g = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gy, gx = np.abs(np.diff(g, axis=0)), np.abs(np.diff(g, axis=1))
    seam, beside = [], []
    l, t, r, b = pbox
    for x in (l, r):
        if 12 < x < w - 12:
            seam.append(gx[:, x - 2 : x + 1].max(axis=1))
            beside.append(np.concatenate([gx[:, x - 12 : x - 3], gx[:, x + 3 : x + 12]], axis=1).mean(axis=1))
    for y in (t, b):
        if 12 < y < h - 12:
            seam.append(gy[y - 2 : y + 1].max(axis=0))
            beside.append(np.concatenate([gy[y - 12 : y - 3], gy[y + 3 : y + 12]], axis=0).mean(axis=0))
    if not seam:
        return 1.0
    # the median: a product that crosses the line (a camera's lug reaching the frame) is not a seam
    across = float(np.median(np.concatenate(seam)))
    if across < SEAM_VISIBLE:
        return 1.0  # on a flat backdrop the ratio of two near-zero gradients means nothing
    return across / max(1e-3, float(np.mean(np.concatenate(beside))))


def source_border(image: np.ndarray) -> float:
    """Largest share of an outermost pixel line (any of the four edges) whose L* differs from the
    line 2 px inside by more than :data:`BORDER_DL` with one sign: a 1 px border of the source
    photo showing along the canvas edge."""
    def light(px: np.ndarray) -> np.ndarray:
        return lch(px.astype(np.float32))[..., 0]

    shares = []
    pairs = ((image[0], image[2]), (image[-1], image[-3]), (image[:, 0], image[:, 2]), (image[:, -1], image[:, -3]))
    for edge, inner in pairs:
        d = light(edge) - light(inner)
        shares.append(max(float((d > BORDER_DL).mean()), float((d < -BORDER_DL).mean())))
    return max(shares)


def measure_borders_and_sale(view: CreativeView, rec: Recorder) -> None:
    """OTHER (major): a source border along a canvas edge on photo backgrounds; a sale brief
    shown without its original price."""
    if view.photo_background:
        rec.check(
            "product.source_border_share", source_border(view.inp.image), 0.6, "<=", "share", Source.REVIEW_OTHER,
            Code.OTHER, Severity.MAJOR, "a 1 px border of the source photo shows along {value} of a canvas edge",
        )
    if view.inp.sale:
        rec.check(
            "copy.sale_original_price_shown", float("original_price" in view.texts), 1.0, ">=", "count",
            Source.REVIEW_OTHER, Code.OTHER, Severity.MODERATE, "a sale brief shown without its original price",
        )
