"""Still images within a byte budget: the highest quality that fits, never below a floor.

JPEG (baseline, optimised Huffman tables, 4:2:0) and lossy WebP are searched by bisection on
the encoder's quality (file size grows with quality, so the largest fitting quality is found
in about 6 encodings); PNG is lossless, then a 256-colour palette PNG (median cut, Floyd–
Steinberg). The floors — JPEG 60, WebP 50 — are where banner text and product edges start to
ring and block visibly; a file that does not fit at its floor is returned with ``fits=False``
and its size, not degraded further.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from adcraft.errors import InputError

FLOORS = {"jpeg": 60, "webp": 50}
CEILING = 92


@dataclass(frozen=True)
class FittedImage:
    """An encoded still and how it was fitted.

    Attributes
    ----------
    data:
        The file's bytes.
    format:
        ``"png"``, ``"jpeg"`` or ``"webp"``.
    setting:
        ``"quality 84"``, ``"lossless"`` or ``"256 colours"``.
    fits:
        Within the budget (always True without one).
    budget_bytes:
        The budget, ``None`` for none.
    """

    data: bytes
    format: str
    setting: str
    fits: bool
    budget_bytes: int | None


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    buf = io.BytesIO()
    if fmt == "jpeg":
        image.save(buf, "JPEG", quality=quality, optimize=True)
    else:
        image.save(buf, "WEBP", quality=quality, method=4)
    return buf.getvalue()


def _png(image: Image.Image, palette: bool) -> bytes:
    buf = io.BytesIO()
    im = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG) if palette else image
    im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def fit_still(rgb: np.ndarray, fmt: str, budget_bytes: int | None = None, quality: int = 88) -> FittedImage:
    """Encode ``rgb`` (``uint8`` ``(H, W, 3)``) as ``fmt`` within ``budget_bytes``.

    Without a budget JPEG and WebP use ``quality``. With one, the highest quality from the
    floor (JPEG 60, WebP 50) to 92 that fits; PNG is tried lossless, then as a 256-colour
    palette.

    Raises
    ------
    InputError
        If ``fmt`` is not png, jpeg or webp.
    """
    if fmt not in ("png", "jpeg", "webp"):
        raise InputError(f"still format must be png, jpeg or webp, got {fmt!r}")
    image = Image.fromarray(rgb).convert("RGB")
    if fmt == "png":
        data = _png(image, False)
        if budget_bytes is None or len(data) <= budget_bytes:
            return FittedImage(data, fmt, "lossless", True, budget_bytes)
        small = _png(image, True)
        return FittedImage(small, fmt, "256 colours", len(small) <= budget_bytes, budget_bytes)
    if budget_bytes is None:
        return FittedImage(_encode(image, fmt, quality), fmt, f"quality {quality}", True, None)
    lo, hi = FLOORS[fmt], CEILING
    best: tuple[int, bytes] | None = None
    while lo <= hi:
        q = (lo + hi) // 2
        data = _encode(image, fmt, q)
        if len(data) <= budget_bytes:
            best, lo = (q, data), q + 1
        else:
            hi = q - 1
    if best is None:
        data = _encode(image, fmt, FLOORS[fmt])
        return FittedImage(data, fmt, f"quality {FLOORS[fmt]}", False, budget_bytes)
    return FittedImage(best[1], fmt, f"quality {best[0]}", True, budget_bytes)
