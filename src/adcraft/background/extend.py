"""Scene extension (out-painting): a lifestyle photo grown beyond its frame to a new aspect.

Three methods, all OpenCV, registered in ``EXTENDERS``:

* ``mirror_blur`` (default): the frame is reflected across each edge (``BORDER_REFLECT_101``),
  and the reflected part is blurred progressively with its distance from the seam, so it
  continues the photo's colours and light without a recognisable mirror image; film grain
  measured in the photo (the standard deviation of its high-pass residual) is added back so the
  blurred part has the same texture.
* ``inpaint``: fast-marching inpainting (Telea, "An image inpainting technique based on the fast
  marching method", J. Graphics Tools 2004) of the new area at reduced resolution, upsampled,
  blurred likewise and given grain.
* ``backdrop``: a packshot's plain backdrop continued in its own flat colour (no reflection,
  so a product that runs into the frame never appears twice).

The original pixels are never changed, so the product (inside the frame) stays whole. The seam
is measured by :func:`seam_ratio` (gradient across the seam over gradient in the photo beside
it; 1 means as smooth as the photo itself).
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from adcraft.errors import InputError
from adcraft.registry import Registry

Pads = tuple[int, int, int, int]  #: (left, top, right, bottom) pixels to add
Extender = Callable[[np.ndarray, Pads, int], np.ndarray]  #: (clean plate, pads, seed) → extension


def _distance_to_frame(h: int, w: int, pads: Pads, window: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """Pixel distance of every pixel of the extended canvas (or of its ``window`` ``(y0, y1, x0,
    x1)``) to the original frame (0 inside)."""
    l, t, r, b = pads
    y0, y1, x0, x1 = window if window is not None else (0, h + t + b, 0, w + l + r)
    x = np.arange(x0, x1, dtype=np.float32)[None, :]
    y = np.arange(y0, y1, dtype=np.float32)[:, None]
    dx = np.maximum(np.maximum(l - x, x - (l + w - 1)), 0)
    dy = np.maximum(np.maximum(t - y, y - (t + h - 1)), 0)
    return np.sqrt(dx * dx + dy * dy)


def _grain(rgb: np.ndarray) -> float:
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return float(np.std(g - cv2.GaussianBlur(g, (0, 0), 1.5)))


def _new_area(h: int, w: int, pads: Pads) -> list[tuple[int, int, int, int]]:
    """The extension outside the frame as windows ``(y0, y1, x0, x1)``: the full-width bands
    above and below the frame, and the bands left and right of it."""
    l, t, r, b = pads
    H, W = h + t + b, w + l + r
    windows = [(0, t, 0, W), (t + h, H, 0, W), (t, t + h, 0, l), (t, t + h, l + w, W)]
    return [win for win in windows if win[1] > win[0] and win[3] > win[2]]


def _finish(ext: np.ndarray, rgb: np.ndarray, pads: Pads, seed: int) -> np.ndarray:
    """Blur the new area with distance from the frame and add grain; the frame is left as is.

    Each pixel outside the frame mixes the extension, a soft and a softer blur of it by its
    distance to the frame, plus grain; inside the frame (distance 0) every weight is 0, so the
    frame keeps ``ext``'s pixels and only the new area is computed.
    """
    h, w = rgb.shape[:2]
    m = max(ext.shape[:2])
    small = cv2.resize(ext, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    soft = cv2.resize(cv2.GaussianBlur(small, (0, 0), max(1.0, 0.006 * m)), (ext.shape[1], ext.shape[0]), interpolation=cv2.INTER_LINEAR)
    softer = cv2.resize(cv2.GaussianBlur(small, (0, 0), max(2.0, 0.02 * m)), (ext.shape[1], ext.shape[0]), interpolation=cv2.INTER_LINEAR)
    noise = np.random.default_rng(seed).standard_normal(ext.shape[:2]).astype(np.float32)  # drawn whole: same stream
    grain = _grain(rgb)
    out = ext.copy()
    for y0, y1, x0, x1 in _new_area(h, w, pads):
        dist = _distance_to_frame(h, w, pads, (y0, y1, x0, x1))
        k1 = np.clip(dist / max(1.0, 0.03 * m), 0, 1)[..., None]
        k2 = np.clip((dist - 0.03 * m) / max(1.0, 0.08 * m), 0, 1)[..., None]
        part = ext[y0:y1, x0:x1].astype(np.float32) * (1 - k1) + soft[y0:y1, x0:x1].astype(np.float32) * k1
        part = part * (1 - k2) + softer[y0:y1, x0:x1].astype(np.float32) * k2
        part += (noise[y0:y1, x0:x1] * grain * np.clip(dist / 4.0, 0, 1))[..., None]
        out[y0:y1, x0:x1] = np.clip(part, 0, 255).astype(np.uint8)
    return out


def mirror_blur(rgb: np.ndarray, pads: Pads, seed: int = 0) -> np.ndarray:
    """Reflect across the edges, then blur and grain the reflection (see module notes)."""
    l, t, r, b = pads
    h, w = rgb.shape[:2]
    # BORDER_REFLECT_101 cannot add more than the image's own size; reflect repeatedly.
    ext = rgb
    while l or t or r or b:
        ll, tt, rr, bb = (min(v, s - 1) for v, s in ((l, w), (t, h), (r, w), (b, h)))
        ext = cv2.copyMakeBorder(ext, tt, bb, ll, rr, cv2.BORDER_REFLECT_101)
        h, w = ext.shape[:2]
        l, t, r, b = l - ll, t - tt, r - rr, b - bb
    return _finish(ext, rgb, pads, seed)


def inpaint(rgb: np.ndarray, pads: Pads, seed: int = 0) -> np.ndarray:
    """Telea inpainting of the new area at a quarter of the size, then blur and grain."""
    l, t, r, b = pads
    h, w = rgb.shape[:2]
    ext = cv2.copyMakeBorder(rgb, t, b, l, r, cv2.BORDER_CONSTANT, value=0)
    mask = np.full(ext.shape[:2], 255, np.uint8)
    mask[t : t + h, l : l + w] = 0
    k = min(1.0, 320 / max(ext.shape[:2]))
    small = cv2.resize(ext, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    small_mask = cv2.resize(mask, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST)
    filled = cv2.inpaint(small, small_mask, 5, cv2.INPAINT_TELEA)
    up = cv2.resize(filled, (ext.shape[1], ext.shape[0]), interpolation=cv2.INTER_CUBIC)
    up[t : t + h, l : l + w] = rgb
    return _finish(up, rgb, pads, seed)


def backdrop(rgb: np.ndarray, pads: Pads, seed: int = 0) -> np.ndarray:
    """A plain studio backdrop continued in its own colour: the median of the photo's outermost
    lines (the clean plate's, so a product that runs into the frame does not tint it), flat, with
    no reflection or grain — a studio backdrop is clean, and nothing of the photo's content
    appears twice. For packshots (:attr:`adcraft.layout.SceneInfo.backdrop`); ``seed`` is unused."""
    l, t, r, b = pads
    edge = np.concatenate([rgb[:2].reshape(-1, 3), rgb[-2:].reshape(-1, 3), rgb[:, :2].reshape(-1, 3), rgb[:, -2:].reshape(-1, 3)])
    colour = tuple(int(v) for v in np.median(edge, axis=0))
    return cv2.copyMakeBorder(rgb, t, b, l, r, cv2.BORDER_CONSTANT, value=colour)


def clean_plate(rgb: np.ndarray, product_alpha: np.ndarray) -> np.ndarray:
    """The photo with the product removed (Telea inpainting at reduced size inside the dilated
    matte, pasted back only there), so that no extension method repeats the product."""
    mask = (product_alpha > 0.1).astype(np.uint8) * 255
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8), iterations=max(2, round(0.01 * max(mask.shape))))
    k = min(1.0, 400 / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    small_mask = cv2.resize(mask, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST)
    filled = cv2.resize(cv2.inpaint(small, small_mask, 7, cv2.INPAINT_TELEA), (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)
    out = rgb.copy()
    out[mask > 0] = filled[mask > 0]
    return out


def extend_scene(
    rgb: np.ndarray, pads: Pads, method: str = "mirror_blur", seed: int = 0, product_alpha: np.ndarray | None = None,
    plate: np.ndarray | None = None,
) -> np.ndarray:
    """Extend ``rgb`` by ``pads`` pixels on each side.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    pads:
        ``(left, top, right, bottom)`` pixels to add, each ≥ 0 and at most 4x the photo's side.
    method:
        A name in :data:`EXTENDERS`.
    seed:
        Seed of the grain.
    product_alpha:
        Optional ``float`` ``(H, W)`` matte in ``0..1``: the product is removed from the source of
        the extension (:func:`clean_plate`), so it is never mirrored or smeared into the new area.
    plate:
        ``clean_plate(rgb, product_alpha)`` when the caller already has it (several pads of one
        photo share it); ``product_alpha`` is then not used.

    Returns
    -------
    numpy.ndarray
        ``uint8`` ``(H + top + bottom, W + left + right, 3)``; the original sits unchanged at
        ``[top:top+H, left:left+W]``.

    Raises
    ------
    InputError
        If a pad is negative or too large, or the photo is not ``(H, W, 3)`` uint8.
    UnknownOptionError
        If ``method`` is not registered.
    """
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise InputError(f"extend_scene needs a uint8 (H, W, 3) photo, got {rgb.dtype} {rgb.shape}")
    h, w = rgb.shape[:2]
    l, t, r, b = (int(v) for v in pads)
    if min(l, t, r, b) < 0 or max(l, r) > 4 * w or max(t, b) > 4 * h:
        raise InputError(f"scene extension pads must be within 0..4x the photo side, got {pads} for a {w}x{h} photo")
    fn = EXTENDERS.get(method)
    if not (l or t or r or b):
        return rgb.copy()
    rgb = np.ascontiguousarray(rgb)
    if plate is not None and plate.shape != rgb.shape:
        raise InputError(f"the clean plate must have the photo's shape {rgb.shape}, got {plate.shape}")
    source = plate if plate is not None else clean_plate(rgb, product_alpha) if product_alpha is not None else rgb
    out = fn(source, (l, t, r, b), seed)
    out[t : t + h, l : l + w] = rgb
    return out


def seam_ratio(extended: np.ndarray, pads: Pads, band: int = 6) -> float:
    """How visible the seams are: mean gradient magnitude on the seam lines divided by the mean
    in a band of the original photo just inside them (≈1: no more edge than the photo has).

    ``extended`` is :func:`extend_scene`'s output for ``pads``. Returns ``nan`` without pads.
    """
    g = cv2.cvtColor(extended, cv2.COLOR_RGB2GRAY).astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    mag = np.hypot(gx, gy)
    l, t, r, b = pads
    H, W = g.shape
    seam, inside = [], []
    if l:
        seam.append(mag[t : H - b, l - 1 : l + 1].ravel())
        inside.append(mag[t : H - b, l + 2 : l + 2 + band].ravel())
    if r:
        seam.append(mag[t : H - b, W - r - 1 : W - r + 1].ravel())
        inside.append(mag[t : H - b, W - r - 2 - band : W - r - 2].ravel())
    if t:
        seam.append(mag[t - 1 : t + 1, l : W - r].ravel())
        inside.append(mag[t + 2 : t + 2 + band, l : W - r].ravel())
    if b:
        seam.append(mag[H - b - 1 : H - b + 1, l : W - r].ravel())
        inside.append(mag[H - b - 2 - band : H - b - 2, l : W - r].ravel())
    if not seam:
        return float("nan")
    return float(np.mean(np.concatenate(seam)) / max(1e-6, np.mean(np.concatenate(inside))))


EXTENDERS: Registry[Extender] = Registry(
    "scene extension method",
    [
        ("mirror_blur", mirror_blur),
        ("inpaint", inpaint),
        ("backdrop", backdrop),
    ],
)
