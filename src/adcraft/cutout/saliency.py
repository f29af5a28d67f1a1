"""Saliency with a second, zoomed-in look where the first pass is unsure.

U²-Netp min-max normalises its output over the whole frame, so weakly salient parts of an
object (glass, a transparent bottle, the dark shutter of a floppy disk) come out grey and are
lost at the 0.5 threshold. When the first map is *uncertain* — many pixels between 0.15 and
0.85 compared with the size of the object — the segmenter looks again at a crop around the
object (10 % margin). The crop pass re-normalises within the object's neighbourhood and sees it
at a higher resolution; the two maps are fused by the pixel-wise maximum, so the second look
can add weak object parts but never erase what the first pass found. Confident first passes
(most packshots) are not looked at twice, which keeps the average cost near one pass.

This is the "zoom-in" refinement common in salient-object detection (e.g. the coarse-to-fine
crops of CascadePSP, Cheng et al., CVPR 2020), applied at inference time only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from adcraft.cutout.u2net import Segmenter


@dataclass(frozen=True)
class SaliencyResult:
    """Saliency of a photo and how it was obtained.

    Attributes
    ----------
    saliency:
        ``float32`` ``(H, W)`` in ``[0, 1]``.
    uncertainty:
        Pixels with first-pass saliency in ``(0.15, 0.85)`` divided by pixels above 0.5
        (0 = a crisp map; above 1 = more doubt than object).
    second_look:
        Crop box ``(left, top, right, bottom)`` of the zoomed-in pass, or ``None`` when the
        first pass was confident.
    """

    saliency: np.ndarray
    uncertainty: float
    second_look: tuple[int, int, int, int] | None


def uncertainty(saliency: np.ndarray) -> float:
    """Share of undecided pixels, ``#(0.15 < s < 0.85) / #(s > 0.5)`` (``inf`` for an empty map)."""
    fg = int((saliency > 0.5).sum())
    grey = int(((saliency > 0.15) & (saliency < 0.85)).sum())
    return float("inf") if fg == 0 else grey / fg


def salient_object(
    segmenter: Segmenter,
    rgb: np.ndarray,
    *,
    second_look_above: float = 0.12,
    margin: float = 0.1,
) -> SaliencyResult:
    """Saliency map of ``rgb`` with a zoomed second pass when the first is unsure.

    Parameters
    ----------
    segmenter:
        Any :class:`~adcraft.cutout.Segmenter`.
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    second_look_above:
        Uncertainty (see :func:`uncertainty`) above which the second pass runs; ``inf``
        disables it. 0.12 was chosen on ``../shared/data/seg``; confident maps score 0.03–0.10.
    margin:
        Margin added around the first pass's object box on each side, as a fraction of the
        box's width/height (0..1).

    Returns
    -------
    SaliencyResult
    """
    first = segmenter.predict(rgb)
    u = uncertainty(first)
    if not (first > 0.5).any() or u < second_look_above:
        return SaliencyResult(first, u if np.isfinite(u) else 0.0, None)
    fused, box = zoomed_second_look(segmenter, rgb, first, margin=margin)
    return SaliencyResult(fused, u, box)


def zoomed_second_look(
    segmenter: Segmenter, rgb: np.ndarray, saliency: np.ndarray, *, margin: float = 0.1
) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
    """Look again at a crop around the object of ``saliency`` and merge by the maximum.

    Parameters
    ----------
    segmenter:
        Any :class:`~adcraft.cutout.Segmenter`.
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    saliency:
        ``float32`` ``(H, W)`` map in ``[0, 1]`` whose mask at 0.5 gives the object's box.
    margin:
        Margin around the box on each side, as a fraction of its width/height.

    Returns
    -------
    tuple
        The merged ``float32`` ``(H, W)`` map and the crop box ``(left, top, right, bottom)``
        (``None`` and the map unchanged when the map is empty).
    """
    h, w = rgb.shape[:2]
    fg = saliency > 0.5
    if not fg.any():
        return saliency, None
    ys, xs = np.nonzero(fg)
    left, top, right, bottom = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
    mx = int((right - left) * margin) + 4
    my = int((bottom - top) * margin) + 4
    box = (max(0, left - mx), max(0, top - my), min(w, right + mx), min(h, bottom + my))
    l, t, r, b = box
    crop = np.ascontiguousarray(rgb[t:b, l:r])
    fused = saliency.copy()
    fused[t:b, l:r] = np.maximum(saliency[t:b, l:r], segmenter.predict(crop))
    return fused, box


def scene_saliency(
    segmenter: Segmenter, rgb: np.ndarray, *, objects: int = 2, work_side: int = 320, first: np.ndarray | None = None
) -> np.ndarray:
    """Saliency of *every* prominent object of a scene, not only the most salient one.

    A salient-object model marks the one object that stands out most; a poster canvas often
    shows several (two palettes, fruit and a slice). After :func:`salient_object`, the found
    objects are removed from a ``work_side`` px copy of the photo by inpainting (Telea, OpenCV)
    and the segmenter looks again; repeated ``objects - 1`` times, fused by the pixel-wise
    maximum. This is suppression-based multi-object saliency, in the spirit of the
    inhibition-of-return step of Itti, Koch and Niebur (PAMI 1998).

    Parameters
    ----------
    segmenter:
        Any :class:`~adcraft.cutout.Segmenter`.
    rgb:
        ``uint8`` ``(H, W, 3)``.
    objects:
        Passes in all (1 = :func:`salient_object` alone).
    work_side:
        Long side in pixels of the inpainted copy (the model's input is 320 px anyway).
    first:
        The :func:`salient_object` map if already computed (``float`` ``(H, W)``), to save a pass.

    Returns
    -------
    numpy.ndarray
        ``float32`` ``(H, W)`` in ``[0, 1]``.
    """
    import cv2

    h, w = rgb.shape[:2]
    fused = (first if first is not None else salient_object(segmenter, rgb).saliency).astype(np.float32)
    k = work_side / max(h, w)
    size = (max(8, round(w * k)), max(8, round(h * k)))
    small = cv2.resize(np.ascontiguousarray(rgb[..., :3]), size, interpolation=cv2.INTER_AREA)
    for _ in range(objects - 1):
        found = cv2.resize(fused, size, interpolation=cv2.INTER_AREA) > 0.3
        if found.mean() > 0.6:
            break  # the scene is one big object: nothing left to look for
        hole = cv2.dilate(found.astype(np.uint8), np.ones((7, 7), np.uint8))
        cleaned = cv2.inpaint(small, hole, 5, cv2.INPAINT_TELEA)
        again = segmenter.predict(cleaned)
        again[hole > 0] = 0.0  # the removed objects are already in the fused map
        fused = np.maximum(fused, cv2.resize(again.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR))
    return np.clip(fused, 0.0, 1.0)
