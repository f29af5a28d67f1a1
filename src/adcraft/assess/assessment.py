"""Photo assessment: background kind (plain packshot vs scene) and sharpness.

The size and decoding checks live in :func:`adcraft.io.load_image`; this module looks at the
pixels of an image that loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab


class BackgroundKind(StrEnum):
    """What surrounds the product in the photo."""

    PLAIN = "plain"  #: a uniform studio/white background (packshot)
    SCENE = "scene"  #: a lifestyle or in-store scene
    TRANSPARENT = "transparent"  #: the file already has an alpha channel


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess_image`.

    Attributes
    ----------
    background:
        :class:`BackgroundKind` of the photo.
    border_colour:
        Median sRGB colour of the image border, ``(r, g, b)`` in 0..255.
    border_uniformity:
        Share (0..1) of border pixels within CIEDE2000 ΔE ≤ ``plain_delta_e`` of the median.
    sharpness:
        Variance of the Laplacian of the grey image at a 512 px long side (Pech-Pacheco et
        al., "Diatom autofocusing in brightfield microscopy", ICPR 2000). Under about 50 the
        photo looks soft.
    warnings:
        Human-readable problems that do not stop generation (e.g. a soft photo).
    crossed:
        True for a plain backdrop that the product crosses (a packshot cropped tight: the
        product runs into the frame by design, see :func:`assess_image`).
    """

    background: BackgroundKind
    border_colour: tuple[int, int, int]
    border_uniformity: float
    sharpness: float
    warnings: tuple[str, ...]
    crossed: bool = False


CROSSED_SHARE = 0.5
"""Least share of backdrop-coloured border for a packshot whose product crosses the frame."""

CROSSED_WHITE = 97.0
"""Least CIE L* of the backdrop: the e-commerce white sweep (sRGB ≥ about 245 grey)."""

CROSSED_DELTA_E = 12.0
"""Least median CIEDE2000 difference of the off-backdrop border pixels from the backdrop."""

CROSSED_RUNS = 2
"""Most separate stretches of the border the product may cover (its crossings of the frame)."""


def _backdrop_crossed(small: np.ndarray, lab_median: np.ndarray, delta_e: float, border_de: np.ndarray) -> bool:
    """True for a studio packshot whose product runs into the frame: a seamless white backdrop
    (CIE L* ≥ :data:`CROSSED_WHITE`, chroma ≤ 5; a table top or a wall in daylight is greyer) on at least :data:`CROSSED_SHARE` of the border, the rest clearly
    something else (median ΔE00 ≥ :data:`CROSSED_DELTA_E`, not a vignette's gradual shading) in
    at most :data:`CROSSED_RUNS` stretches along the border's ring (where the product crosses
    it), not scattered as a scene's edges are. ``border_de`` is the ΔE00 of each border pixel
    to the median."""
    chroma = float(np.hypot(lab_median[1], lab_median[2]))
    off = border_de > delta_e
    if 1.0 - off.mean() < CROSSED_SHARE or lab_median[0] < CROSSED_WHITE or chroma > 5 or not off.any():
        return False
    if float(np.median(border_de[off])) < CROSSED_DELTA_E:
        return False
    h, w = small.shape[:2]
    d = 1
    ring = np.concatenate([small[d, d:w - d], small[d:h - d, w - 1 - d], small[h - 1 - d, d:w - d][::-1], small[d:h - d, d][::-1]])
    lab = rgb2lab(ring[None].astype(np.float32) / 255.0)[0]
    match = deltaE_ciede2000(lab, np.broadcast_to(lab_median, lab.shape)) <= delta_e
    return len(_runs(~match, min_len=max(3, len(match) // 50))) <= CROSSED_RUNS


def _runs(on: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """Stretches ``(start, length)`` of ``True`` along a closed ring, after gaps shorter than
    ``min_len`` are bridged and stretches shorter than ``min_len`` (specks: dust, a strap's
    tip) dropped."""
    n = len(on)
    if on.all() or not on.any():
        return [(0, n)] if on.all() else []
    start = int(np.argmin(on))  # begin the walk on an off pixel, so no stretch wraps around
    ring = np.roll(on, -start)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], ring.astype(np.int8), [0]])))
    runs = [(int(a), int(b - a)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    merged: list[tuple[int, int]] = []
    for a, length in runs:
        if merged and a - (merged[-1][0] + merged[-1][1]) < min_len:
            merged[-1] = (merged[-1][0], a + length - merged[-1][0])
        else:
            merged.append((a, length))
    if len(merged) > 1 and (merged[0][0] + n) - (merged[-1][0] + merged[-1][1]) < min_len:
        merged[0] = (merged[-1][0], merged[0][1] + n - merged[-1][0])
        merged.pop()
    return [(int((a + start) % n), length) for a, length in merged if length >= min_len]


def assess_image(
    pixels: np.ndarray,
    *,
    border_frac: float = 0.03,
    plain_delta_e: float = 6.0,
    plain_share: float = 0.9,
    blur_threshold: float = 50.0,
) -> Assessment:
    """Classify the background and measure the sharpness of a photo.

    Parameters
    ----------
    pixels:
        ``uint8`` image, shape ``(H, W, 3)`` or ``(H, W, 4)``, sRGB.
    border_frac:
        Width of the border strip inspected, as a fraction of the short side (0..0.5).
    plain_delta_e:
        CIEDE2000 colour difference under which a border pixel counts as the background colour.
    plain_share:
        Share of border pixels (0..1) that must match for the photo to count as a packshot on
        a plain background. A light neutral backdrop the product crosses in one or two places
        counts too (:data:`CROSSED_SHARE`, :data:`CROSSED_RUNS`): a packshot cropped tight.
    blur_threshold:
        Laplacian-variance value under which a warning says the photo is soft.

    Returns
    -------
    Assessment

    Raises
    ------
    ValueError
        If ``pixels`` is not a ``uint8`` array of shape ``(H, W, 3|4)``.
    """
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"expected uint8 (H, W, 3|4) pixels, got {pixels.dtype} {pixels.shape}")
    h, w = pixels.shape[:2]
    rgb = pixels[..., :3]
    # Downscale once for the statistics: they do not need full resolution.
    scale = min(1.0, 512.0 / max(h, w))
    small = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    b = max(2, round(min(sh, sw) * border_frac))
    border = np.concatenate(
        [small[:b].reshape(-1, 3), small[-b:].reshape(-1, 3), small[:, :b].reshape(-1, 3), small[:, -b:].reshape(-1, 3)]
    )
    median = np.median(border, axis=0)
    lab_border = rgb2lab(border[None].astype(np.float32) / 255.0)[0]
    lab_median = rgb2lab(median[None, None].astype(np.float32) / 255.0)[0, 0]
    de = deltaE_ciede2000(lab_border, np.broadcast_to(lab_median, lab_border.shape))
    uniformity = float(np.mean(de <= plain_delta_e))

    grey = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    sharpness = float(cv2.Laplacian(grey, cv2.CV_64F).var())

    has_alpha = pixels.shape[2] == 4 and bool((pixels[..., 3] < 250).any())
    crossed = False
    if has_alpha:
        kind = BackgroundKind.TRANSPARENT
    elif uniformity >= plain_share:
        kind = BackgroundKind.PLAIN
    elif crossed := _backdrop_crossed(small, lab_median, plain_delta_e, de):
        kind = BackgroundKind.PLAIN
    else:
        kind = BackgroundKind.SCENE
    warnings: list[str] = []
    if sharpness < blur_threshold:
        warnings.append(
            f"photo looks soft (Laplacian variance {sharpness:.0f} < {blur_threshold:.0f}); "
            "a sharper photo will give a crisper banner"
        )
    return Assessment(
        background=kind,
        border_colour=tuple(int(round(c)) for c in median),  # type: ignore[arg-type]
        border_uniformity=uniformity,
        sharpness=sharpness,
        warnings=tuple(warnings),
        crossed=crossed,
    )
