"""Cut-out stage: photo in, trimmed RGBA product and its masks out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from adcraft.assess import Assessment, BackgroundKind
from adcraft.cutout.refine import decontaminate, refine_alpha
from adcraft.cutout.saliency import salient_object
from adcraft.cutout.segmenters import Segmenter
from adcraft.errors import InputError


@dataclass(frozen=True)
class Cutout:
    """The product cut out of its photo.

    Attributes
    ----------
    rgba:
        ``uint8`` ``(h, w, 4)``, straight alpha, trimmed to the product's bounding box.
    box:
        ``(left, top, right, bottom)`` of :attr:`rgba` in the source photo's pixels.
    alpha:
        ``float32`` ``(H, W)`` in ``[0, 1]``: the refined matte over the whole source photo.
    saliency:
        ``float32`` ``(H, W)`` in ``[0, 1]``: the segmenter's raw saliency over the photo.
    method:
        How the alpha was obtained (``"file alpha"`` or ``"u2netp+refine"``…).
    """

    rgba: np.ndarray
    box: tuple[int, int, int, int]
    alpha: np.ndarray
    saliency: np.ndarray
    method: str

    def with_alpha(self, alpha: np.ndarray, method: str) -> Cutout:
        """The same cut-out under a matte that is nowhere more opaque than :attr:`alpha`
        (e.g. with overlay text taken out), trimmed anew.

        Raises
        ------
        InputError
            If nothing of the product is left.
        """
        l, t, r, b = self.box
        inside = np.zeros_like(alpha)
        inside[t:b, l:r] = alpha[t:b, l:r]
        _check_found(inside)
        nl, nt, nr, nb = _trim_box(inside)
        rgb = self.rgba[nt - t : nb - t, nl - l : nr - l, :3]
        a8 = np.round(inside[nt:nb, nl:nr] * 255).astype(np.uint8)
        rgba = np.ascontiguousarray(np.dstack([rgb, a8]))
        return Cutout(rgba=rgba, box=(nl, nt, nr, nb), alpha=inside, saliency=self.saliency, method=method)

    @property
    def coverage(self) -> float:
        """Share of the source photo covered by the product (mean alpha, 0..1)."""
        return float(self.alpha.mean())


def _trim_box(alpha: np.ndarray, threshold: float = 0.02) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(alpha > threshold)
    return (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def make_cutout(pixels: np.ndarray, assessment: Assessment, segmenter: Segmenter) -> Cutout:
    """Segment and refine the product of a photo.

    Parameters
    ----------
    pixels:
        ``uint8`` ``(H, W, 3|4)`` photo; an alpha channel that has transparent pixels is used
        as the matte unchanged.
    assessment:
        The photo's :class:`~adcraft.assess.Assessment` (plain backgrounds get a colour key).
    segmenter:
        A :class:`~adcraft.cutout.Segmenter`, e.g. from :func:`new_segmenter`.

    Returns
    -------
    Cutout

    Raises
    ------
    InputError
        If no product is found (the matte is empty or covers under 0.5 % of the photo).
    """
    if assessment.background is BackgroundKind.TRANSPARENT:
        alpha = pixels[..., 3].astype(np.float32) / 255.0
        rgb = pixels[..., :3]
        saliency = alpha
        method = "file alpha"
    else:
        rgb = np.ascontiguousarray(pixels[..., :3])
        found = salient_object(segmenter, rgb)
        saliency = found.saliency
        plain = assessment.border_colour if assessment.background is BackgroundKind.PLAIN else None
        alpha = refine_alpha(rgb, saliency, plain_background=plain)
        rgb = decontaminate(rgb, alpha)
        method = "saliency" + ("+second-look" if found.second_look else "") + "+refine" + ("+colour-key" if plain else "")
    _check_found(alpha)
    box = _trim_box(alpha)
    left, top, right, bottom = box
    a8 = np.round(alpha[top:bottom, left:right] * 255).astype(np.uint8)
    rgba = np.dstack([rgb[top:bottom, left:right], a8])
    return Cutout(rgba=np.ascontiguousarray(rgba), box=box, alpha=alpha, saliency=saliency, method=method)


def _check_found(alpha: np.ndarray) -> None:
    if float((alpha > 0.5).mean()) < 0.005:
        raise InputError(
            "no product found in the photo (the salient-object mask is empty); use a photo in "
            "which the product is clearly visible, or supply a cut-out PNG with transparency"
        )
