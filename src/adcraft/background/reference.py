"""Reference style: read a reference ad's palette, background treatment and composition, and
apply them to a new product.

:func:`analyse_reference` takes any ad image and returns a :class:`ReferenceStyle`:

* **composition**: text lines from the OCR text detector (PP-OCRv5 detection, as in
  :mod:`adcraft.assess.text`); the product is the largest salient region (U²-Netp) that is not
  text; both are kept as fractions of the canvas;
* **palette**: k-means in CIELAB over the background pixels (neither product nor text); the
  most frequent cluster is the background, the next distinct one the secondary colour, and the
  most chromatic colour of the text and CTA pixels (or of the background) the accent;
* **background treatment**: least-squares fits of the background's CIE L* over the canvas —
  constant, linear ramp (plane), radial glow around the product (quadric in distance), or a
  two-tone split (Otsu threshold on L*, with the boundary's orientation from a line fit) — and
  the high-frequency residual for textured grounds. The best fit by residual error is mapped to
  the nearest procedural style (``linear_gradient``, ``radial_gradient``, ``split_block``,
  ``diagonal_split``, ``paper_texture``, ``bokeh``) with its parameters.

:meth:`ReferenceStyle.template` turns the composition into a layout
:class:`~adcraft.layout.template.Template`, so the new product and its copy sit where the
reference put them, in every size.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from skimage.color import rgb2lab

from adcraft.elements import LAYOUT_TEXTS, Role
from adcraft.layout.template import Slot, Template
from adcraft.palette.colour import Colour, lch_to_rgb, rgb_to_lch, to_hex
from adcraft.palette.palette import extract_palette

Frac = tuple[float, float, float, float]


@dataclass(frozen=True)
class ReferenceStyle:
    """What a reference ad looks like, independent of its size.

    Attributes
    ----------
    size:
        The reference's ``(width, height)``.
    colours:
        ``(background, background_alt, accent)`` as ``#rrggbb``.
    tone:
        ``"light"`` or ``"dark"`` background.
    treatment:
        ``"flat"``, ``"linear"``, ``"radial"``, ``"split"`` or ``"textured"``.
    style, params:
        The procedural style (and its parameters) that reproduces the treatment.
    product:
        Product box as canvas fractions ``(l, t, r, b)``, or ``None`` if none was found.
    texts:
        Text-line boxes as canvas fractions, top to bottom.
    fit_errors:
        RMS error (L* units) of each treatment model that was fitted.
    """

    size: tuple[int, int]
    colours: tuple[str, str, str]
    tone: str
    treatment: str
    style: str
    params: dict[str, float]
    product: Frac | None
    texts: tuple[Frac, ...]
    fit_errors: dict[str, float]

    @property
    def text_region(self) -> Frac | None:
        """Union of the text boxes, or ``None``."""
        if not self.texts:
            return None
        return (min(t[0] for t in self.texts), min(t[1] for t in self.texts), max(t[2] for t in self.texts), max(t[3] for t in self.texts))

    def template(self, name: str = "reference") -> Template | None:
        """A layout template with the reference's product box and text region.

        The text region is split top to bottom into headline (45 %), sub-line (18 %), price
        (20 %) and CTA (17 %) slots; ``None`` when the reference shows no text or no product,
        or its text overlaps its product.
        """
        region = self.text_region
        if region is None or self.product is None:
            return None
        l, t, r, b = region
        h = b - t
        if h < 0.12:  # a single thin text line: give the block room around it
            t, b = max(0.0, t - 0.1), min(1.0, b + 0.1)
            h = b - t
        cuts = np.cumsum([0, 0.45, 0.18, 0.2, 0.17]) * h + t
        roles = [r.value for r in LAYOUT_TEXTS]
        align = "center" if abs((l + r) / 2 - 0.5) < 0.08 and (r - l) < 0.9 else "left"
        slots = {role: Slot(box=(l, float(cuts[i]), r, float(cuts[i + 1])), align=align, optional=role == Role.SUBLINE) for i, role in enumerate(roles)}
        slots["product"] = Slot(box=self.product)
        try:
            return Template(name=name, description="composition taken from a reference ad", aspect=(0.0, 100.0), slots=slots)
        except ValueError:
            return None


def _fit(design: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, float]:
    coef, *_ = np.linalg.lstsq(design, values, rcond=None)
    rms = float(np.sqrt(np.mean((design @ coef - values) ** 2)))
    return coef, rms


def _frac(box, W: int, H: int) -> Frac:
    l, t, r, b = box
    return (max(0.0, l / W), max(0.0, t / H), min(1.0, r / W), min(1.0, b / H))


def analyse_reference(rgb: np.ndarray, segmenter, text_detector) -> ReferenceStyle:
    """Read the style of a reference ad.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` reference image.
    segmenter:
        A :class:`~adcraft.cutout.Segmenter` (saliency ``float32`` ``(H, W)`` in ``0..1``).
    text_detector:
        An :class:`~adcraft.assess.text.TextDetector`.

    Returns
    -------
    ReferenceStyle

    Raises
    ------
    InputError
        If the image is not ``uint8`` ``(H, W, 3)``.
    """
    from adcraft.errors import InputError

    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise InputError(f"a reference image must be uint8 (H, W, 3), got {rgb.dtype} {rgb.shape}")
    H, W = rgb.shape[:2]
    texts, text_mask, product, bg_mask = _regions(rgb, segmenter, text_detector)
    bg, alt, accent = _colours(rgb, bg_mask, text_mask)
    fits = _Fits.measure(rgb, bg_mask, product)
    treatment, style, params, bg, alt = _treatment(fits, bg, alt)
    tone = "dark" if rgb_to_lch(bg)[0] < 50 else "light"
    return ReferenceStyle(
        size=(W, H),
        colours=(to_hex(bg), to_hex(alt), to_hex(accent)),
        tone=tone,
        treatment=treatment,
        style=style,
        params=params,
        product=product,
        texts=tuple(_frac(t.box, W, H) for t in texts),
        fit_errors={k: round(v, 3) for k, v in fits.errors.items()},
    )


def _regions(rgb: np.ndarray, segmenter, text_detector):
    """Text lines (top to bottom), their mask, the product box (fractions) and the background mask."""
    H, W = rgb.shape[:2]
    texts = sorted(text_detector.detect(rgb), key=lambda t: t.box[1])
    text_mask = np.zeros((H, W), bool)
    for tb in texts:
        l, t, r, b = tb.box
        text_mask[max(0, t) : b, max(0, l) : r] = True
    sal = segmenter.predict(rgb)
    fg = (sal > 0.5) & ~cv2.dilate(text_mask.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg.astype(np.uint8), 8)
    product = None
    if n > 1:
        i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        x, y, w, h, area = stats[i]
        if area > 0.01 * H * W:
            product = _frac((x, y, x + w, y + h), W, H)
            fg = labels == i
    bg_mask = ~fg & ~cv2.dilate(text_mask.astype(np.uint8), np.ones((15, 15), np.uint8)).astype(bool)
    if bg_mask.sum() < 0.05 * H * W:
        bg_mask = ~fg
    return texts, text_mask, product, bg_mask


def _colours(rgb: np.ndarray, bg_mask: np.ndarray, text_mask: np.ndarray) -> tuple[Colour, Colour, Colour]:
    """Background, secondary and accent colours (k-means in CIELAB over each region)."""
    pal = extract_palette(np.dstack([rgb, (bg_mask * 255).astype(np.uint8)]), k=4)
    bg: Colour = pal.colours[0]
    alt = next((c for c, (L, C, h) in zip(pal.colours[1:], pal.lch[1:], strict=True) if abs(L - pal.lch[0][0]) > 6 or C > pal.lch[0][1] + 10), None)
    tone = "dark" if pal.lch[0][0] < 50 else "light"
    if alt is None:
        L, C, h = pal.lch[0]
        alt = lch_to_rgb(L - 10 if tone == "light" else L + 10, C, h)
    accent = None
    if text_mask.any():
        tp = extract_palette(np.dstack([rgb, (text_mask * 255).astype(np.uint8)]), k=3)
        best = max(zip(tp.colours, tp.lch, strict=True), key=lambda cl: cl[1][1])
        accent = best[0] if best[1][1] >= 25 else None
    if accent is None:
        best = max(zip(pal.colours, pal.lch, strict=True), key=lambda cl: cl[1][1])
        accent = best[0] if best[1][1] >= 25 else ((230, 80, 40) if tone == "light" else (255, 200, 60))
    return bg, alt, accent


@dataclass(frozen=True)
class _Fits:
    """Least-squares fits of background L* over a 96-px grid: flat, linear, radial, two-tone."""

    small: np.ndarray
    mask: np.ndarray
    L: np.ndarray
    ys: np.ndarray
    xs: np.ndarray
    xn: np.ndarray
    yn: np.ndarray
    v: np.ndarray
    r: np.ndarray
    errors: dict[str, float]
    linear: tuple[float, float]
    radial_slope: float
    centre: tuple[float, float]
    threshold: float
    texture: float

    @classmethod
    def measure(cls, rgb: np.ndarray, bg_mask: np.ndarray, product) -> _Fits:
        H, W = rgb.shape[:2]
        k = 96 / max(H, W)
        small = cv2.resize(rgb, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
        m_small = cv2.resize(bg_mask.astype(np.uint8), (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST).astype(bool)
        L = rgb2lab(small)[..., 0]
        ys, xs = np.nonzero(m_small)
        xn, yn = (xs + 0.5) / small.shape[1], (ys + 0.5) / small.shape[0]
        v = L[ys, xs]
        one = np.ones_like(xn)
        errors: dict[str, float] = {}
        _, errors["flat"] = _fit(one[:, None], v)
        (c0, cx, cy), errors["linear"] = _fit(np.stack([one, xn, yn], 1), v)
        pcx, pcy = ((product[0] + product[2]) / 2, (product[1] + product[3]) / 2) if product else (0.5, 0.45)
        r = np.hypot((xn - pcx) * W / max(W, H), (yn - pcy) * H / max(W, H))
        (_, r1, _), errors["radial"] = _fit(np.stack([one, r, r * r], 1), v)
        thr, _ = cv2.threshold(np.clip(v, 0, 100).astype(np.uint8).reshape(-1, 1), 0, 100, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        hi = v > thr
        split_err = float(np.sqrt(np.mean(np.where(hi, v - v[hi].mean() if hi.any() else 0, v - v[~hi].mean() if (~hi).any() else 0) ** 2)))
        errors["split"] = split_err if 0.15 < hi.mean() < 0.85 else float("inf")
        hp = cv2.Laplacian(cv2.GaussianBlur(L.astype(np.float32), (0, 0), 0.6), cv2.CV_32F)
        return cls(small, m_small, L, ys, xs, xn, yn, v, r, errors, (float(cx), float(cy)), float(r1), (float(pcx), float(pcy)),
                   float(thr), float(np.std(hp[m_small])))


def _treatment(f: _Fits, bg: Colour, alt: Colour):
    """The treatment with the smallest fit error, the style that reproduces it, its parameters
    and the two colours re-read from the regions the treatment defines."""
    errors, small, ys, xs, xn, yn = f.errors, f.small, f.ys, f.xs, f.xn, f.yn
    best = min(("flat", "linear", "radial"), key=lambda n: errors[n])
    if errors["split"] < 0.6 * errors[best] and errors["split"] < 6:
        best = "split"
    if f.texture > 6.0 and errors[best] > 3:
        return "textured", ("bokeh" if errors["radial"] < errors["linear"] else "paper_texture"), {}, bg, alt
    if best == "split":
        return _split(f, bg, alt)
    if best == "radial" and errors["radial"] < 0.8 * errors["linear"]:
        r = f.r
        if f.radial_slope > 0:  # darker outwards: the centre colour is the lighter one
            bg, alt = tuple(int(c) for c in np.percentile(small[ys[r < 0.2]], 50, axis=0)) if (r < 0.2).any() else bg, alt
        return "radial", "radial_gradient", {"cx": f.centre[0], "cy": f.centre[1]}, bg, alt
    if best == "linear" and errors["flat"] - errors["linear"] > 1.5:
        angle = float(np.degrees(np.arctan2(f.linear[1], f.linear[0]))) % 360
        params = {"angle": (angle + 180) % 360}  # from the first colour to the second
        along = (xn - 0.5) * np.cos(np.radians(params["angle"])) + (yn - 0.5) * np.sin(np.radians(params["angle"]))
        first, last = along < -0.25, along > 0.25
        if first.any() and last.any():
            bg = tuple(int(c) for c in np.median(small[ys[first], xs[first]], axis=0))
            alt = tuple(int(c) for c in np.median(small[ys[last], xs[last]], axis=0))
        return "linear", "linear_gradient", params, bg, alt
    return "flat", "linear_gradient", {"angle": 90.0}, bg, bg


def _split(f: _Fits, bg: Colour, alt: Colour):
    """A two-tone background: a vertical cut (``split_block``) or a diagonal one."""
    small, ys, xs, xn, yn = f.small, f.ys, f.xs, f.xn, f.yn
    hi = f.v > f.threshold
    pts = np.stack([xn, yn], 1)[hi]
    # boundary orientation: principal axis of the bright region's edge pixels
    edge = cv2.Canny((f.mask * (f.L > f.threshold) * 255).astype(np.uint8), 50, 150) > 0
    ey, ex = np.nonzero(edge & cv2.erode(f.mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool))
    angle = 90.0
    if len(ex) > 5:
        vx, vy, _, _ = cv2.fitLine(np.stack([ex, ey], 1).astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        angle = float(np.degrees(np.arctan2(vy, vx))) % 180
    vertical_cut = 70 <= angle <= 110
    split_at = float(np.median(ex) / small.shape[1]) if len(ex) else float(pts[:, 0].mean())
    if vertical_cut:
        style, params = "split_block", {"split": split_at, "slant": 0.0, "flip": 1.0 if xn[hi].mean() > 0.5 else 0.0}
    else:
        style, params = "diagonal_split", {"split": split_at, "angle": angle, "flip": 0.0}
    bright = tuple(int(c) for c in np.median(small[ys[hi], xs[hi]], axis=0))
    dark = tuple(int(c) for c in np.median(small[ys[~hi], xs[~hi]], axis=0))
    bg, alt = (bright, dark) if hi.mean() >= 0.5 else (dark, bright)
    if vertical_cut and params["flip"] == 1.0:
        bg, alt = (dark, bright) if hi.mean() >= 0.5 else (bright, dark)
    return "split", style, params, bg, alt
