"""PROVISIONAL stand-in for the cut-out confidence of issue 14.

The cut-out stage does not yet report how far its matte can be trusted; until it does,
:func:`provisional_cutout_confidence` computes a number in ``[0, 1]`` with its parts from what
:meth:`adcraft.Engine.inspect` already gives (the saliency map, the refined matte, the photo).
The lead replaces every call of it by the real ``cutout.confidence`` when issue 14 lands; the
critic itself only reads :attr:`adcraft.critic.CriticInput.cutout_confidence` and
``cutout_parts``.

Parts (each in ``[0, 1]``, 1 = clean; the confidence is their product):

``unsure_band``
    ``1 - clip(u / 0.3)``, ``u`` the share of the saliency map between 0.1 and 0.9 relative to
    the salient area (0.5 threshold): a segmenter that is unsure over a wide band (scenes,
    clutter, soft focus) leaves that band to guesswork.
``frame_contact``
    ``1 - clip(c / 0.5)``, ``c`` the longest run of the matte along one photo edge relative to the
    product's extent along that edge: a product cut by the frame has a flat cut edge (legs,
    torsos, grips).
``background_clutter``
    ``1 - clip((s - 2) / 10)``, ``s`` the mean CIELAB standard deviation of the photo in a ring 3-12
    px (at 1600 px) around the matte: a product cut from a busy surrounding keeps patches of it
    or loses parts of itself (matting is hardest on complex backgrounds: Rhemann et al., "A
    perceptually motivated online benchmark for image matting", CVPR 2009).
``fragmentation``
    ``1 - clip((n - 2) / 4)``, ``n`` the number of matte components holding at least 0.5 % of its
    area (two objects, a pair of boots, are fine; a pile falls into fragments).
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.color import rgb2lab


def _clip01(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def cut_sides(alpha: np.ndarray, min_share: float = 0.05) -> frozenset[str]:
    """Sides of the photo where the matte (``float32`` ``(H, W)``, ``[0, 1]``) runs along the frame
    for at least ``min_share`` of the product's extent along that side: a flat cut edge."""
    m = alpha > 0.5
    ys, xs = np.nonzero(m)
    if not len(xs):
        return frozenset()
    pw, ph = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    runs = {"top": m[0].sum() / pw, "bottom": m[-1].sum() / pw, "left": m[:, 0].sum() / ph, "right": m[:, -1].sum() / ph}
    return frozenset(k for k, v in runs.items() if v >= min_share)


def provisional_cutout_confidence(
    photo: np.ndarray, alpha: np.ndarray, saliency: np.ndarray
) -> tuple[float, dict[str, float]]:
    """PROVISIONAL cut-out confidence (to be replaced by issue 14's ``cutout.confidence``).

    Parameters
    ----------
    photo:
        ``uint8`` ``(H, W, 3|4)`` source photo, sRGB.
    alpha:
        ``float32`` ``(H, W)`` in ``[0, 1]``: the refined matte (``Cutout.alpha``).
    saliency:
        ``float32`` ``(H, W)`` in ``[0, 1]``: the segmenter's raw map (``Cutout.saliency``).

    Returns
    -------
    (float, dict)
        The confidence in ``[0, 1]`` and its parts by name (see the module docstring).

    Raises
    ------
    ValueError
        If the shapes disagree or the matte is empty.
    """
    if alpha.shape != saliency.shape or photo.shape[:2] != alpha.shape:
        raise ValueError(f"photo {photo.shape}, alpha {alpha.shape} and saliency {saliency.shape} must share (H, W)")
    m = alpha > 0.5
    if not m.any():
        raise ValueError("the matte is empty: nothing was cut out")
    salient = max(1, int((saliency > 0.5).sum()))
    unsure = float(((saliency > 0.1) & (saliency < 0.9)).sum()) / salient
    ys, xs = np.nonzero(m)
    pw, ph = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    contact = max(m[0].sum() / pw, m[-1].sum() / pw, m[:, 0].sum() / ph, m[:, -1].sum() / ph)
    scale = max(alpha.shape) / 1600.0
    m8 = m.astype(np.uint8)
    k_in, k_out = max(3, round(7 * scale)) | 1, max(9, round(25 * scale)) | 1
    ring = cv2.dilate(m8, np.ones((k_out, k_out), np.uint8)).astype(bool)
    ring &= ~cv2.dilate(m8, np.ones((k_in, k_in), np.uint8)).astype(bool)
    lab = rgb2lab(np.ascontiguousarray(photo[..., :3])[ring][None].astype(np.float32) / 255.0)[0]
    clutter = float(lab.std(axis=0).mean()) if len(lab) > 8 else 0.0
    n, _, stats, _ = cv2.connectedComponentsWithStats(m8, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    pieces = int((areas >= 0.005 * areas.sum()).sum())
    parts = {
        "unsure_band": 1.0 - _clip01(unsure / 0.3),
        "frame_contact": 1.0 - _clip01(float(contact) / 0.5),
        "background_clutter": 1.0 - _clip01((clutter - 2.0) / 10.0),
        "fragmentation": 1.0 - _clip01((pieces - 2) / 4.0),
    }
    return float(np.prod(list(parts.values()))), parts
