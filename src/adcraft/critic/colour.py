"""Colour: CTA and background hue against the product's palette, muddiness, separation of the
product from its background, text and logo legibility against what is behind them.

Colours are compared in CIE LCh(ab) (D65) through scikit-image; hue differences are circular,
in degrees. A colour with chroma under :data:`NEUTRAL_CHROMA` has no hue to clash with.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab

from adcraft.palette.colour import Colour, from_hex
from adcraft.score.terms import contrast_at, pixel_luminance

from .model import Code, Severity, Source
from .view import CreativeView, Recorder, clip_box

#: Chroma (CIE C*ab) under which a colour counts as neutral.
NEUTRAL_CHROMA = 15.0
#: A hue farther than this from every product hue is foreign to the product.
FOREIGN_HUE = 60.0
#: Muddy: dark yellows and olives (Palmer & Schloss 2010's least preferred region): CIE LCh
#: hue 75-115°, L* ≤ 55, and enough chroma (≥ 15) to read as olive rather than a dark grey.
MUDDY_HUE = (75.0, 115.0)
MUDDY_MAX_L = 55.0
MUDDY_MIN_C = 15.0
#: Product and background closer than this CIEDE2000 difference do not separate.
SEPARATION_DE = 10.0
#: Large-text WCAG contrast (headlines, prices); under it text is hard to read.
TEXT_CONTRAST = 3.0
#: Non-text contrast for graphical objects such as logos (WCAG 2.1 SC 1.4.11).
LOGO_CONTRAST = 3.0


def lch(rgb: np.ndarray) -> np.ndarray:
    """sRGB ``(..., 3)`` in 0..255 → CIE LCh ``(..., 3)``: L 0..100, C ≥ 0, h in degrees."""
    lab = rgb2lab(np.asarray(rgb, np.float32).reshape(-1, 1, 3) / 255.0).reshape(np.shape(rgb))
    c = np.hypot(lab[..., 1], lab[..., 2])
    h = np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360.0
    return np.stack([lab[..., 0], c, h], axis=-1)


def hue_distance(a: float, b: float) -> float:
    """Circular distance of two hue angles in degrees (0..180)."""
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def product_palette(view: CreativeView) -> tuple[list[Colour], list[float]]:
    """The product's colours and weights: given in the input, else the image's pixels under the
    product mask, grouped by hue into 12 bins (weights of bins with ≥ 5 % of the pixels)."""
    inp = view.inp
    if inp.product_colours:
        weights = list(inp.product_weights) or [1.0 / len(inp.product_colours)] * len(inp.product_colours)
        return list(inp.product_colours), weights
    px = _product_pixels(view)
    if len(px) < 16:
        return [], []
    px = px[:: max(1, len(px) // 4000)]
    l = lch(px)
    bins = (l[:, 2] // 30).astype(int)
    cols, ws = [], []
    for b in np.unique(bins):
        sel = bins == b
        if sel.mean() >= 0.05:
            cols.append(tuple(int(v) for v in np.median(px[sel], axis=0)))
            ws.append(float(sel.mean()))
    return cols, ws  # type: ignore[return-value]


def _product_hues(view: CreativeView) -> list[float]:
    cols, ws = product_palette(view)
    if not cols:
        return []
    l = lch(np.array(cols, np.float32))
    return [float(h) for (_, c, h), w in zip(l, ws, strict=True) if c >= NEUTRAL_CHROMA and w >= 0.05]


def _background_pixels(view: CreativeView) -> np.ndarray:
    """Pixels of the canvas that are neither product nor copy (nor a photo panel, when the
    ground beside it is at least 5 % of the canvas), ``(N, 3)`` uint8, sampled on the grid of
    :func:`_grid_step` (the grid is masked directly, never the whole canvas)."""
    k = _grid_step(view.product_mask.shape)
    free = ~view.product_mask[::k, ::k]
    for _, b in view.copy_boxes():  # grid points i * k inside [b[1], b[3]) x [b[0], b[2])
        free[-(-b[1] // k) : -(-b[3] // k), -(-b[0] // k) : -(-b[2] // k)] = False
    panel = view.inp.photo_panel
    if panel is not None:  # a photo panel is the picture, not the ground the copy sits on
        l, t, r, b = (max(0, int(v)) for v in panel)
        ground = free.copy()
        ground[-(-t // k) : -(-b // k), -(-l // k) : -(-r // k)] = False
        if ground.mean() >= 0.05:
            free = ground
    return view.inp.image[::k, ::k][free]


def _grid_step(shape: tuple[int, ...], samples: int = 40_000) -> int:
    """Stride of a regular grid of about ``samples`` points over an image of ``shape``."""
    return max(1, int((shape[0] * shape[1] / samples) ** 0.5))


def measure_colour(view: CreativeView, rec: Recorder) -> None:
    """COLOUR (major): background and CTA hues both foreign to the product; a muddy background
    or CTA. Separation of product and background is noted (minor)."""
    bg = _background_pixels(view)
    if len(bg) == 0:
        return
    bg_median = np.median(bg, axis=0)
    bg_lch = lch(bg_median)
    hues = _product_hues(view)
    cta = from_hex(view.buttons[0].fill)[:3] if view.buttons else None
    cta_lch = lch(np.array(cta, np.float32)) if cta else None
    foreign = []
    if hues:
        for name, c in (("background", bg_lch), ("cta", cta_lch)):
            if c is None:
                continue
            d = 0.0 if c[1] < NEUTRAL_CHROMA else min(hue_distance(c[2], h) for h in hues)
            rec.note(f"colour.{name}_hue_distance", d, FOREIGN_HUE, "<=", "deg", Source.GUIDE_COLOUR)
            foreign.append(d > FOREIGN_HUE)
    both = float(len(foreign) == 2 and all(foreign))
    rec.check(
        "colour.background_and_cta_foreign", both, 0, "<=", "count", Source.GUIDE_COLOUR, Code.COLOUR,
        Severity.MAJOR, "background and CTA hues are both foreign to the product's colours",
    )
    for name, c in (("background", bg_lch), ("cta", cta_lch)):
        if c is None:
            continue
        muddy = float(MUDDY_HUE[0] <= c[2] <= MUDDY_HUE[1] and c[0] <= MUDDY_MAX_L and c[1] >= MUDDY_MIN_C)
        rec.check(
            f"colour.muddy_{name}", muddy, 0, "<=", "count", Source.MUDDY, Code.COLOUR, Severity.MAJOR,
            f"muddy olive {name} (L {c[0]:.0f}, C {c[1]:.0f}, h {c[2]:.0f}°)",
        )
    _separation(view, bg_median, rec)


def _product_pixels(view: CreativeView) -> np.ndarray:
    """The canvas's pixels under the product mask on the grid of :func:`_grid_step`, ``(N, 3)``."""
    k = _grid_step(view.product_mask.shape)
    return view.inp.image[::k, ::k][view.product_mask[::k, ::k]]


def _separation(view: CreativeView, bg_median: np.ndarray, rec: Recorder) -> None:
    px = _product_pixels(view)
    if len(px) < 16:
        return
    lab_p = rgb2lab(np.median(px, axis=0).reshape(1, 1, 3).astype(np.float32) / 255.0)
    lab_b = rgb2lab(bg_median.reshape(1, 1, 3).astype(np.float32) / 255.0)
    de = float(deltaE_ciede2000(lab_p, lab_b)[0, 0])
    rec.check(
        "colour.product_background_dE00", de, SEPARATION_DE, ">=", "dE00", Source.GUIDE_SEPARATION, Code.COLOUR,
        Severity.MINOR, "the product hardly separates from its background (ΔE00 {value})",
    )


def two_tone_contrast(px: np.ndarray) -> float:
    """WCAG contrast between the darker and the lighter half of some pixels (``(N, 3)`` uint8):
    the legibility of a mark (logo, text) against its backing, without knowing which is which."""
    if len(px) < 8:
        return 21.0
    lum = pixel_luminance(px)
    lo, hi = np.percentile(lum, 10), np.percentile(lum, 90)
    return float((hi + 0.05) / (lo + 0.05))


def measure_legibility(view: CreativeView, rec: Recorder) -> None:
    """Text contrast against the pixels under each text box (TEXT_SMALL as unreadable, major,
    under 3:1) and logo contrast (LOGO, major, under 3:1).

    A text's backing is the box's pixels more than 2 px away from any pixel near the ink colour
    (so the glyphs' anti-aliased edges do not count); its contrast is the 10th percentile.
    """
    img = view.inp.image
    for role, layer in view.texts.items():
        b = clip_box(layer.box, view.size)
        if b is None:
            continue
        px = img[b[1] : b[3], b[0] : b[2]]
        ink = from_hex(layer.colour)[:3]
        diff = cv2.absdiff(px, (*ink, 0))  # |pixel - ink| per channel, exact in uint8
        distance = diff[..., 0].astype(np.uint16)
        distance += diff[..., 1]
        distance += diff[..., 2]  # L1 distance to the ink, 0..765
        near_ink = (distance <= 90).view(np.uint8)
        around = cv2.dilate(near_ink, np.ones((5, 5), np.uint8)).astype(bool)  # anti-aliased edges
        behind = px[~around]
        if len(behind) < 16:
            continue
        cr = contrast_at(ink, pixel_luminance(behind), 10)
        rec.check(
            f"colour.text_contrast.{role}", cr, TEXT_CONTRAST, ">=", "ratio", Source.WCAG_TEXT, Code.TEXT_SMALL,
            Severity.MAJOR, f"{role} text contrast {{value}}:1 against what is behind it is unreadable",
        )
    for layer in view.logos:
        b = clip_box(layer.box, view.size)
        if b is None:
            continue
        cr = two_tone_contrast(img[b[1] : b[3], b[0] : b[2]].reshape(-1, 3))
        rec.check(
            "colour.logo_contrast", cr, LOGO_CONTRAST, ">=", "ratio", Source.WCAG_NON_TEXT, Code.LOGO, Severity.MAJOR,
            "logo is ghosted: contrast {value}:1 against its backing",
        )
