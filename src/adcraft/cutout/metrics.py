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
