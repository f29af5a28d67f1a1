"""Segmentation quality metrics: IoU, alpha MAE and the boundary F-measure.

The boundary F-measure follows Perazzi et al., "A Benchmark Dataset and Evaluation Methodology
for Video Object Segmentation" (DAVIS, CVPR 2016), section 3.2, as implemented in the DAVIS
evaluation code (``seg2bmap`` + matching within a disk-shaped tolerance band): a predicted
boundary pixel is correct when a ground-truth boundary pixel lies within ``tolerance_px``, and
vice versa; F is the harmonic mean of the two rates. The tolerance is given in pixels here
(DAVIS uses ``ceil(0.008 × image diagonal)``, i.e. 4 px for a 400x300 image).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class SegScores:
    """Scores of one predicted matte against its ground truth.

    Attributes
    ----------
    iou:
        Intersection over union of the masks binarised at 0.5, in ``[0, 1]``.
    mae:
        Mean absolute error between the soft alpha and the ground truth, in ``[0, 1]``.
    boundary_f:
        Boundary F-measure (Perazzi et al. 2016), in ``[0, 1]``.
    boundary_precision, boundary_recall:
        Its two components, in ``[0, 1]``.
    """

    iou: float
    mae: float
    boundary_f: float
    boundary_precision: float
    boundary_recall: float


def seg2bmap(mask: np.ndarray) -> np.ndarray:
    """One-pixel-wide boundary of a binary mask (DAVIS ``seg2bmap`` at the mask's own size).

    A pixel is on the boundary when it differs from its east, south or south-east neighbour.

    Parameters
    ----------
    mask:
        ``bool`` ``(H, W)``.

    Returns
    -------
    numpy.ndarray
        ``bool`` ``(H, W)``.
    """
    m = mask.astype(bool)
    e = np.zeros_like(m)
    s = np.zeros_like(m)
    se = np.zeros_like(m)
    e[:, :-1] = m[:, 1:]
    s[:-1, :] = m[1:, :]
    se[:-1, :-1] = m[1:, 1:]
    b = (m ^ e) | (m ^ s) | (m ^ se)
    b[-1, :] = m[-1, :] ^ e[-1, :]
    b[:, -1] = m[:, -1] ^ s[:, -1]
    b[-1, -1] = False
    return b


def boundary_f(pred: np.ndarray, gt: np.ndarray, tolerance_px: int = 3) -> tuple[float, float, float]:
    """Boundary F-measure of two binary masks (Perazzi et al., CVPR 2016).

    Parameters
    ----------
    pred, gt:
        ``bool`` ``(H, W)`` masks of the same shape.
    tolerance_px:
        Radius in pixels of the disk within which boundary pixels match (≥ 0).

    Returns
    -------
    tuple[float, float, float]
        ``(f, precision, recall)``, each in ``[0, 1]``. Two empty boundaries score 1; one empty
        boundary against a non-empty one scores 0.

    Raises
    ------
    ValueError
        If the shapes differ or the tolerance is negative.
    """
    if pred.shape != gt.shape:
        raise ValueError(f"prediction {pred.shape} and ground truth {gt.shape} differ in shape")
    if tolerance_px < 0:
        raise ValueError(f"tolerance_px must be >= 0, got {tolerance_px}")
    pb = seg2bmap(pred)
    gb = seg2bmap(gt)
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * tolerance_px + 1, 2 * tolerance_px + 1))
    pd = cv2.dilate(pb.astype(np.uint8), disk).astype(bool)
    gd = cv2.dilate(gb.astype(np.uint8), disk).astype(bool)
    n_p, n_g = int(pb.sum()), int(gb.sum())
    if n_p == 0 and n_g == 0:
        return 1.0, 1.0, 1.0
    if n_p == 0 or n_g == 0:
        return 0.0, (1.0 if n_p == 0 else 0.0), (1.0 if n_g == 0 else 0.0)
    precision = float((pb & gd).sum()) / n_p
    recall = float((gb & pd).sum()) / n_g
    f = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return f, precision, recall


def score_matte(alpha: np.ndarray, gt: np.ndarray, tolerance_px: int = 3) -> SegScores:
    """Score a soft matte against a ground-truth mask.

    Parameters
    ----------
    alpha:
        ``float`` ``(H, W)`` in ``[0, 1]`` (or ``uint8`` 0..255).
    gt:
        Ground truth, ``uint8`` 0/255 or ``bool``, ``(H, W)``.
    tolerance_px:
        Boundary tolerance in pixels (see :func:`boundary_f`).

    Returns
    -------
    SegScores

    Raises
    ------
    ValueError
        If the shapes differ.
    """
    if alpha.shape != gt.shape:
        raise ValueError(f"matte {alpha.shape} and ground truth {gt.shape} differ in shape")
    a = alpha.astype(np.float32) / (255.0 if alpha.dtype == np.uint8 else 1.0)
    g = gt.astype(np.float32) / (255.0 if gt.dtype == np.uint8 else 1.0)
    pm, gm = a > 0.5, g > 0.5
    union = int((pm | gm).sum())
    iou = 1.0 if union == 0 else float((pm & gm).sum()) / union
    mae = float(np.abs(a - g).mean())
    f, p, r = boundary_f(pm, gm, tolerance_px)
    return SegScores(iou=iou, mae=mae, boundary_f=f, boundary_precision=p, boundary_recall=r)


def edge_halo(rgb: np.ndarray, alpha: np.ndarray, backdrop: tuple[int, int, int], radius: int | None = None) -> float:
    """Halo of the old background along a cut-out's edge when composited on ``backdrop``, in L*.

    The cut-out (``rgb`` under ``alpha``, straight alpha) is composited on the backdrop,
    ``C = αF + (1 − α)B``. A clean edge pixel is a mix of the product's own colour next to it and
    the backdrop, so its CIELAB lightness L* lies between theirs; the product's colour next to
    each edge pixel is estimated from the opaque (``α ≥ 0.98``) pixels within ``radius`` by
    normalised convolution (Knutsson and Westin, CVPR 1993). What the composite exceeds that
    range by — lighter than both on a dark backdrop (a light halo), darker than both on a light
    one (a dark fringe) — is the old background showing. The edge band is every pixel with
    ``0.02 < α < 0.98`` plus the 2-pixel rings either side of the mask at 0.5.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` colours of the cut-out (after any decontamination).
    alpha:
        ``float`` ``(H, W)`` in ``[0, 1]``.
    backdrop:
        sRGB colour, 0..255 each.
    radius:
        Neighbourhood radius in pixels; ``None`` = 1.5 % of the long side (min 4 px).

    Returns
    -------
    float
        Mean excess lightness over the edge band, in L* units (0..100; 0 = no halo).
    """
    a = alpha.astype(np.float32)
    h, w = a.shape
    r = radius or max(4, round(0.015 * max(h, w)))
    mask = (a > 0.5).astype(np.uint8)
    ring = cv2.dilate(mask, np.ones((5, 5), np.uint8)) - cv2.erode(mask, np.ones((5, 5), np.uint8))
    band = ((a > 0.02) & (a < 0.98)) | ((ring > 0) & (a > 0.02))
    if not band.any():
        return 0.0
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)[..., 0]
    opaque = (a >= 0.98).astype(np.float32)
    k = 2 * r + 1
    num = cv2.GaussianBlur(lab * opaque, (k, k), 0)
    den = cv2.GaussianBlur(opaque, (k, k), 0)
    ref = np.where(den > 1e-3, num / np.maximum(den, 1e-3), lab)
    back = np.asarray(backdrop, np.float32).reshape(1, 1, 3) / 255.0
    comp = a[..., None] * (rgb.astype(np.float32) / 255.0) + (1.0 - a[..., None]) * back
    comp_l = cv2.cvtColor(comp.astype(np.float32), cv2.COLOR_RGB2Lab)[..., 0]
    back_l = float(cv2.cvtColor(back.astype(np.float32), cv2.COLOR_RGB2Lab)[0, 0, 0])
    if back_l < 50:
        excess = comp_l - np.maximum(ref, back_l)
    else:
        excess = np.minimum(ref, back_l) - comp_l
    return float(np.clip(excess[band], 0.0, None).mean())
