"""Cut-out stage: photo in, trimmed RGBA product and its masks out."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from adcraft.assess import Assessment, BackgroundKind
from adcraft.cutout.confidence import CutoutConfidence, cutout_confidence, file_alpha_confidence
from adcraft.cutout.ensemble import Segmentation, stability
from adcraft.cutout.refine import decontaminate, refine_alpha
from adcraft.cutout.saliency import salient_object
from adcraft.cutout.u2net import Segmenter
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
        How the alpha was obtained (``"file alpha"``, ``"u2netp+refine"``,
        ``"u2netp+u2net+refine+colour-key"``…).
    confidence:
        :class:`~adcraft.cutout.confidence.CutoutConfidence`: how much to trust the cut-out
        (``confidence.low`` → use the photo whole), with its parts and a reason.
    notes:
        Sentences for the user about how the cut-out was made (e.g. that the better
        segmentation model is not installed and how to install it); empty when all is well.
    decision:
        Which segmentation map was used and why (one line, for reports and debugging).
    """

    rgba: np.ndarray
    box: tuple[int, int, int, int]
    alpha: np.ndarray
    saliency: np.ndarray
    method: str
    confidence: CutoutConfidence
    notes: tuple[str, ...] = ()
    decision: str = ""

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
        return replace(self, rgba=rgba, box=(nl, nt, nr, nb), alpha=inside, method=method)

    @property
    def coverage(self) -> float:
        """Share of the source photo covered by the product (mean alpha, 0..1)."""
        return float(self.alpha.mean())


def _trim_box(alpha: np.ndarray, threshold: float = 0.02) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(alpha > threshold)
    return (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def make_cutout(pixels: np.ndarray, assessment: Assessment, segmenter: Segmenter) -> Cutout:
    """Segment and refine the product of a photo, and say how much to trust the result.

    Parameters
    ----------
    pixels:
        ``uint8`` ``(H, W, 3|4)`` photo; an alpha channel that has transparent pixels is used
        as the matte unchanged.
    assessment:
        The photo's :class:`~adcraft.assess.Assessment` (plain backgrounds get a colour key).
    segmenter:
        A :class:`~adcraft.cutout.Segmenter`, e.g. from :func:`default_segmenter` or
        :func:`new_segmenter`. One with a ``segment(rgb) -> Segmentation`` method (the
        combined :class:`~adcraft.cutout.ensemble.TwoModelSegmenter`) decides itself which
        models to run; any other gets a zoomed second look where its map is unsure.

    Returns
    -------
    Cutout
        With :attr:`Cutout.confidence` computed (always).

    Raises
    ------
    InputError
        If no product is found (the matte is empty or covers under 0.5 % of the photo).
    """
    notes: tuple[str, ...] = ()
    notice = getattr(segmenter, "notice", None)
    if notice:
        notes = (str(notice),)
    if assessment.background is BackgroundKind.TRANSPARENT:
        alpha = pixels[..., 3].astype(np.float32) / 255.0
        rgb = pixels[..., :3]
        saliency = alpha
        method, decision = "file alpha", "the file's own alpha channel"
        _check_found(alpha)
        confidence = file_alpha_confidence(rgb, alpha)
    else:
        rgb = np.ascontiguousarray(pixels[..., :3])
        found = _segment(segmenter, rgb)
        saliency = found.saliency
        plain = assessment.border_colour if assessment.background is BackgroundKind.PLAIN else None
        alpha = refine_alpha(rgb, saliency, plain_background=plain)
        _check_found(alpha)
        confidence = cutout_confidence(rgb, alpha, agreement=found.agreement, unsure=found.uncertainty,
                                       plain=plain is not None, saliency=saliency, agreement_kind=found.agreement_kind)
        rgb = decontaminate(rgb, alpha)
        method = "+".join(found.models) + ("+second-look" if found.second_look else "") + "+refine" + ("+colour-key" if plain else "")
        decision = found.decision
    box = _trim_box(alpha)
    left, top, right, bottom = box
    a8 = np.round(alpha[top:bottom, left:right] * 255).astype(np.uint8)
    rgba = np.dstack([rgb[top:bottom, left:right], a8])
    return Cutout(rgba=np.ascontiguousarray(rgba), box=box, alpha=alpha, saliency=saliency, method=method,
                  confidence=confidence, notes=notes, decision=decision)


def _segment(segmenter: Segmenter, rgb: np.ndarray) -> Segmentation:
    """The segmenter's own per-photo decision, or one model with a second look where unsure."""
    segment = getattr(segmenter, "segment", None)
    if callable(segment):
        return segment(rgb)
    import cv2

    found = salient_object(segmenter, rgb)
    small = cv2.resize(found.saliency, (320, 320), interpolation=cv2.INTER_AREA)
    name = str(getattr(segmenter, "name", "saliency"))
    return Segmentation(found.saliency, (name,), stability(small), "stability", found.uncertainty,
                        name + (" with a zoomed second look (unsure map)" if found.second_look else ""),
                        found.second_look)


def _check_found(alpha: np.ndarray) -> None:
    if float((alpha > 0.5).mean()) < 0.005:
        raise InputError(
            "no product found in the photo (the salient-object mask is empty); use a photo in "
            "which the product is clearly visible, or supply a cut-out PNG with transparency"
        )
