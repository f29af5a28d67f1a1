"""The RALF evaluator's layout metrics.

Source: Horita et al., "Retrieval-Augmented Layout Transformer for Content-Aware Layout
Generation", CVPR 2024; code ``image2layout/train/helpers/metric.py`` of
``CyberAgentAILab/RALF``. Computed on a 240x350 canvas; per-layout values are averaged over the
layouts for which they are defined (RALF returns ``None`` for the others):

* validity: an element is valid iff its normalised ``w·h > 1e-3``; pooled; invalid elements
  are removed before every other metric;
* overlay: mean IoU over ordered pairs of text/logo elements (layouts with < 2 excluded);
* alignment (LayoutGAN++, Li et al. TVCG 2020): per element the smallest distance to another
  element over ``xl, xc, xr, yt, yc, yb`` (clamped to the canvas), ``−log10(1 − δ)``,
  averaged over elements;
* overlap (LayoutGAN++): ``Σ_{i≠j} |i∩j| / |i|`` over all elements, divided by their number;
* underlay effectiveness: per underlay, over text/logo elements ``j``, loose = max of
  ``|u∩j| / |j|``, strict = 1 if some ``j`` lies wholly inside (all four edges); layouts with
  < 2 elements or no underlay excluded;
* utilization / occlusion: as PKU's Uti/Occ with box edges ``round(x · 240)``,
  ``round(y · 350)``;
* unreadability: float32 Sobel of the grey canvas (no ``uint8`` wrap), ``sqrt((gx²+gy²)/2)``
  scaled by its maximum, mean over text minus underlay (0 when empty).

RALF used ISNet+BASNet saliency on its own annotated split; with other maps or canvases the
numbers are not comparable to RALF's paper tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from adcraft.errors import InputError
from adcraft.layout.metrics.types import TEXT, UNDERLAY, PosterLayout

RALF_SIZE = (240, 350)
"""``(width, height)`` of the evaluator's canvas."""


@dataclass(frozen=True)
class RALFScores:
    """RALF's layout metrics of a set of layouts (see the module docstring).

    ``validity``, ``underlay_loose``, ``underlay_strict`` and ``utilization`` are higher-better
    in ``[0, 1]``; ``overlay``, ``alignment``, ``overlap``, ``occlusion`` and ``unreadability``
    lower-better. A metric defined for no layout is ``nan``.
    """

    validity: float
    overlay: float
    alignment: float
    overlap: float
    underlay_loose: float
    underlay_strict: float
    utilization: float
    occlusion: float
    unreadability: float

    LOWER_IS_BETTER = ("overlay", "alignment", "overlap", "occlusion", "unreadability")


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")


def _pair_stats(boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intersection ``(n, n)`` and areas ``(n,)`` of ltrb boxes (no clamping)."""
    l, t, r, b = boxes.T
    area = (r - l) * (b - t)
    lm, rm = np.maximum(l[:, None], l[None]), np.minimum(r[:, None], r[None])
    tm, bm = np.maximum(t[:, None], t[None]), np.minimum(b[:, None], b[None])
    inter = np.where((lm < rm) & (tm < bm), (rm - lm) * (bm - tm), 0.0)
    return inter, area, ~np.eye(len(boxes), dtype=bool)


def _resize_float(a: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(Image.fromarray(np.asarray(a, np.float32), mode="F").resize(size, Image.Resampling.BILINEAR), np.float32)


def _unreadability_map(canvas: Image.Image) -> np.ndarray:
    rgb = np.asarray(canvas.convert("RGB").resize(RALF_SIZE), np.float32)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    gx = cv2.Sobel(gray, -1, 1, 0)
    gy = cv2.Sobel(gray, -1, 0, 1)
    g = ((gx**2 + gy**2) / 2) ** 0.5
    return g / np.max(g) if np.max(g) > 0 else g


def _underlay_scores(boxes: np.ndarray, fg: np.ndarray) -> tuple[float, float]:
    """RALF's loose and strict underlay scores of one layout: for each underlay, the largest
    share of a foreground element's area it covers, and whether it covers one entirely."""
    inter, area, _ = _pair_stats(boxes)
    lo, st = [], []
    cols = np.nonzero(fg)[0]
    for i in np.nonzero(~fg)[0]:
        if len(cols):
            share = inter[i, cols] / area[cols]
            lo.append(float(share.max()))
            st.append(float((share >= 1.0 - np.finfo(np.float32).eps).any()))
        else:
            lo.append(0.0)
            st.append(0.0)
    return _mean(lo), _mean(st)


def ralf_scores(
    layouts: Sequence[PosterLayout],
    canvases: Sequence[Image.Image],
    saliency: Sequence[np.ndarray],
) -> RALFScores:
    """Score layouts with RALF's metrics.

    Parameters
    ----------
    layouts:
        One :class:`PosterLayout` per canvas.
    canvases:
        The canvases (any size; resized to 240x350 RGB).
    saliency:
        Saliency maps in ``[0, 1]`` of any size (resized bilinearly to 240x350).

    Returns
    -------
    RALFScores

    Raises
    ------
    InputError
        If the sequences differ in length or are empty.
    """
    n = len(layouts)
    if n == 0 or len(canvases) != n or len(saliency) != n:
        raise InputError(f"need one canvas and one saliency map per layout; got {n} layouts, {len(canvases)} canvases, {len(saliency)} maps")
    W, H = RALF_SIZE
    valid_count = total = 0
    kept: list[tuple[np.ndarray, np.ndarray]] = []
    for lay in layouts:
        use = lay.labels > 0
        boxes, labels = lay.boxes[use], lay.labels[use]
        ok = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]) > 1e-3
        total += len(ok)
        valid_count += int(ok.sum())
        kept.append((boxes[ok], labels[ok]))

    overlay, align, overlap, loose, strict = [], [], [], [], []
    util, occl, unread = [], [], []
    for (boxes, labels), canvas, sal in zip(kept, canvases, saliency, strict=True):
        k = len(boxes)
        fg = labels != UNDERLAY
        if fg.sum() >= 2:
            inter, area, off = _pair_stats(boxes[fg])
            iou = inter / (area[:, None] + area[None] - inter)
            overlay.append(float(iou[off].mean()))
        clamped = np.clip(boxes, 0.0, 1.0)
        if k:
            l, t, r, b = clamped.T
            X = np.stack([l, (l + r) / 2, r, t, (t + b) / 2, b])  # (6, k)
            d = np.abs(X[:, :, None] - X[:, None, :])
            d[:, np.arange(k), np.arange(k)] = 1.0
            m = d.min(axis=2).min(axis=0)
            m[m == 1.0] = 0.0
            align.append(float((-np.log10(1 - m)).sum() / k))
            inter, area, off = _pair_stats(clamped)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.nan_to_num(np.where(off, inter, 0.0) / area[:, None])
            overlap.append(float(ratio.sum() / k))
        if k >= 2 and (~fg).any():
            lo, st = _underlay_scores(boxes, fg)
            loose.append(lo)
            strict.append(st)
        s = _resize_float(sal, RALF_SIZE)
        px = np.round(clamped * np.array([W, H, W, H])).astype(int)
        mask = np.zeros((H, W), bool)
        for x0, y0, x1, y1 in px:
            mask[y0:y1, x0:x1] = True
        util.append(float(np.sum((1 - s) * mask) / np.sum(1 - s)))
        occl.append(float(s[mask].mean()) if mask.any() else 0.0)
        tm = np.zeros((H, W), bool)
        for (x0, y0, x1, y1), c in zip(px, labels, strict=True):
            if c == TEXT:
                tm[y0:y1, x0:x1] = True
        for (x0, y0, x1, y1), c in zip(px, labels, strict=True):
            if c == UNDERLAY:
                tm[y0:y1, x0:x1] = False
        unread.append(float(_unreadability_map(canvas)[tm].mean()) if tm.any() else 0.0)
    return RALFScores(
        validity=valid_count / total if total else float("nan"),
        overlay=_mean(overlay),
        alignment=_mean(align),
        overlap=_mean(overlap),
        underlay_loose=_mean(loose),
        underlay_strict=_mean(strict),
        utilization=_mean(util),
        occlusion=_mean(occl),
        unreadability=_mean(unread),
    )
