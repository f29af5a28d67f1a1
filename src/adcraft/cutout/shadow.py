"""Contact shadow for a cut-out placed on a new background.

A product set on a flat background floats unless it is grounded. The shadow is built from the
cut-out's own footprint (the lowest part of its alpha), as compositors and 3-D renderers do
with a ground-plane projection under overhead light:

* a *contact* term — the footprint squashed to a thin band and slightly blurred, dark where
  the product touches the ground (ambient occlusion);
* a *cast* term — the same footprint squashed less and blurred wide, a soft penumbra.

Both are black with alpha; ``strength`` scales the whole (0 = none, 1 = a deep shadow).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class ContactShadow:
    """A shadow sprite and where it goes relative to the product.

    Attributes
    ----------
    rgba:
        ``uint8`` ``(h, w, 4)``: black, with the shadow in the alpha channel.
    extent:
        ``(left, top, right, bottom)`` of the sprite in units of the product box: ``0, 0`` is
        the product's top-left corner and ``1, 1`` its bottom-right, so a box in canvas pixels
        is ``left + extent[0] * width`` and so on.
    """

    rgba: np.ndarray
    extent: tuple[float, float, float, float]

    def box_for(self, product_box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """Canvas box of the sprite for a product drawn into ``product_box`` (pixels)."""
        l, t, r, b = product_box
        w, h = r - l, b - t
        e = self.extent
        return (round(l + e[0] * w), round(t + e[1] * h), round(l + e[2] * w), round(t + e[3] * h))


def contact_shadow(alpha: np.ndarray, strength: float = 0.6, *, footprint: float = 0.12, max_side: int = 512) -> ContactShadow | None:
    """Contact shadow of a trimmed cut-out.

    Parameters
    ----------
    alpha:
        ``uint8`` ``(h, w)`` (0..255) or ``float`` (0..1) alpha of the trimmed cut-out.
    strength:
        Opacity scale, ``0..1``; 0 returns ``None``.
    footprint:
        Share of the product's height, from its bottom, that counts as touching the ground.
    max_side:
        The alpha is reduced to this long side first (the shadow is soft; detail is wasted).

    Returns
    -------
    ContactShadow or None
        ``None`` when ``strength`` is 0 or the alpha is empty.

    Raises
    ------
    ValueError
        If ``strength`` is outside ``0..1`` or ``alpha`` is not 2-D.
    """
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"shadow strength must be within 0..1, got {strength}")
    if alpha.ndim != 2:
        raise ValueError(f"alpha must be 2-D (h, w), got shape {alpha.shape}")
    if strength == 0.0:
        return None
    a = alpha.astype(np.float32) / (255.0 if alpha.dtype == np.uint8 else 1.0)
    h, w = a.shape
    scale = min(1.0, max_side / max(h, w))
    if scale < 1.0:
        a = cv2.resize(a, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        h, w = a.shape
    rows = np.flatnonzero(a.max(axis=1) > 0.5)
    if rows.size == 0:
        return None
    bottom = int(rows[-1]) + 1
    foot = a[max(0, bottom - max(2, round(footprint * h))) : bottom]
    sigma_c, sigma_s = max(0.8, 0.006 * w), max(1.5, 0.05 * w)

    def squash(height: int) -> np.ndarray:
        return cv2.resize(foot, (w, max(1, height)), interpolation=cv2.INTER_AREA)

    contact = squash(max(2, round(0.02 * h)))
    cast = squash(max(3, round(0.06 * h)))
    # Canvas of the sprite: the product's width plus room for the blur on every side, so that
    # no edge of the sprite cuts the penumbra.
    pad_x = round(3 * sigma_s)
    base = cast.shape[0] // 2 + round(3 * sigma_s) + 1  # the product's bottom row sits here
    band_h = 2 * base
    sprite = np.zeros((band_h, w + 2 * pad_x), np.float32)
    layer_c = np.zeros_like(sprite)
    layer_s = np.zeros_like(sprite)
    layer_c[base - contact.shape[0] + 1 : base + 1, pad_x : pad_x + w] = contact
    layer_s[base - cast.shape[0] // 2 : base - cast.shape[0] // 2 + cast.shape[0], pad_x : pad_x + w] = cast
    layer_c = cv2.GaussianBlur(layer_c, (0, 0), sigma_c)
    layer_s = cv2.GaussianBlur(layer_s, (0, 0), sigma_s)
    shade = np.clip(strength * (0.75 * layer_c + 0.45 * layer_s), 0.0, 1.0)
    rgba = np.zeros(shade.shape + (4,), np.uint8)
    rgba[..., 3] = np.round(shade * 255).astype(np.uint8)
    extent = (-pad_x / w, (bottom - base) / h, (w + pad_x) / w, (bottom - base + band_h) / h)
    return ContactShadow(rgba=rgba, extent=extent)
