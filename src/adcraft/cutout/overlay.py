"""Removal of text and logos that sellers overlay on product photos ("Photoshop elements").

Text lines are found by :class:`adcraft.assess.text.TextDetector`. A line is an *overlay* when
it lies mostly off the product — under ``max_on_product`` of its area inside the product's
matte — so that text printed on the product (a label, a brand on a carton) is kept. Overlay
pixels are inpainted with OpenCV's fast marching method (Telea, "An Image Inpainting Technique
Based on the Fast Marching Method", J. Graphics Tools 9(1), 2004) and cut out of the product's
matte, so that neither the background nor the cut-out carries them into a banner.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from adcraft.assess.text import TextBox, text_mask


@dataclass(frozen=True)
class OverlayRemoval:
    """What :func:`remove_overlays` did.

    Attributes
    ----------
    pixels:
        ``uint8`` ``(H, W, 3)``: the photo with overlays inpainted (a copy when any were found).
    alpha:
        ``float32`` ``(H, W)``: the product matte with overlay pixels set to 0.
    removed:
        The overlay text lines that were removed.
    kept:
        Text lines kept because they are on the product.
    """

    pixels: np.ndarray
    alpha: np.ndarray
    removed: tuple[TextBox, ...]
    kept: tuple[TextBox, ...]


def on_product_share(tb: TextBox, alpha: np.ndarray) -> float:
    """Share (0..1) of a text line's quad that lies on the product (matte > 0.5)."""
    m = text_mask(alpha.shape, [tb])
    n = int(m.sum())
    return 0.0 if n == 0 else float((alpha[m] > 0.5).sum()) / n


def remove_overlays(
    rgb: np.ndarray, alpha: np.ndarray, boxes: list[TextBox], *, max_on_product: float = 0.3, radius: int = 5
) -> OverlayRemoval:
    """Inpaint overlay text and cut it out of the product matte.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    alpha:
        ``float32`` ``(H, W)`` product matte in ``[0, 1]``.
    boxes:
        Text lines from :meth:`TextDetector.detect`.
    max_on_product:
        A line with more of its area on the product than this is product text and is kept.
    radius:
        Inpainting radius in px; the mask is grown by ``radius // 2 + 2`` px so that
        anti-aliased glyph edges go too.

    Returns
    -------
    OverlayRemoval
    """
    removed: list[TextBox] = []
    kept: list[TextBox] = []
    for tb in boxes:
        (removed if on_product_share(tb, alpha) <= max_on_product else kept).append(tb)
    if not removed:
        return OverlayRemoval(rgb, alpha, (), tuple(kept))
    mask = text_mask(alpha.shape, removed, pad=radius // 2 + 2)
    # The glyphs themselves can be salient and join the matte: take them out.
    out_alpha = alpha.copy()
    out_alpha[mask] = 0.0
    clean = cv2.inpaint(np.ascontiguousarray(rgb), mask.astype(np.uint8) * 255, radius, cv2.INPAINT_TELEA)
    return OverlayRemoval(clean, out_alpha, tuple(removed), tuple(kept))
