"""The original PKU PosterLayout evaluator, quirks included.

Source: Hsu et al., "PosterLayout: A New Benchmark and Approach for Content-aware
Visual-Textual Presentation Layout", CVPR 2023; metric code ``eval.py`` of
``PKU-ICST-MIPL/PosterLayout-CVPR2023``. Every formula below follows that file, including
behaviour a reader would not expect, so that numbers are comparable with the published tables
(DS-GAN: Val 0.8788, Ove 0.0220, Ali 0.0046, Und_l 0.8315, Und_s 0.4320, Uti 0.2541,
Occ 0.2088, Rea 0.1874 on the 905 test canvases):

* everything is computed on a 513x750 canvas; boxes are normalised ``ltrb`` times (513, 750)
  in ``float32``, as the released ``boxes.pt``;
* Val pools elements over the whole set; elements whose clipped area is under 0.1 % of the
  canvas are invalid and become padding for every other metric;
* Ove divides the sum of pairwise IoUs of text/logo elements by their *number*, not by the
  number of pairs (a layout without text or logo makes the original raise
  ``ZeroDivisionError``; here it adds 0);
* Ali is ``n × min`` over the six coordinates of ``−log10(1 − δ)``, δ the smallest distance
  over all pairs — not LayoutGAN++'s per-element alignment;
* Und_s's containment test never checks the right edge (``c3 = xr_2 >= xr_2``);
* Uti, Occ and Rea truncate pixel boxes to ``int`` and slice with numpy semantics (a negative
  edge counts from the far side, as in the original);
* Rea's Sobel runs in ``uint8``: negative derivatives clip to 0 and the squares wrap modulo
  256 before the root, then the map is scaled by its maximum.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from adcraft.errors import InputError
from adcraft.layout.metrics.types import TEXT, UNDERLAY, PosterLayout

PKU_SIZE = (513, 750)
"""``(width, height)`` of the evaluator's canvas."""
_MIN_AREA = 5.13 * 7.50 * 10  # 0.1 % of 513x750, px²


@dataclass(frozen=True)
class PKUScores:
    """PKU PosterLayout metrics of a set of layouts.

    Attributes
    ----------
    val:
        Share of valid elements, pooled (higher better, ``[0, 1]``).
    ove:
        Overlap of text and logo elements (lower better).
    ali:
        Non-alignment (lower better).
    und_l, und_s:
        Underlay effectiveness, loose and strict (higher better, ``[0, 1]``).
    uti:
        Share of the non-salient area used by elements (higher better, ``[0, 1]``).
    occ:
        Mean saliency under elements (lower better, ``[0, 1]``).
    rea:
        Mean normalised gradient under text not on an underlay (lower better, ``[0, 1]``).
    """

    val: float
    ove: float
    ali: float
    und_l: float
    und_s: float
    uti: float
    occ: float
    rea: float

    LOWER_IS_BETTER = ("ove", "ali", "occ", "rea")


def pku_saliency(pfpn: Image.Image, basnet: Image.Image) -> np.ndarray:
    """The evaluator's saliency: pixel-wise max of the PFPN and BASNet maps.

    Each map is converted to ``L``, resized to 513x750 (Pillow's default filter) and divided
    by 255. Returns ``float64`` ``(750, 513)`` in ``[0, 1]``.
    """
    p1 = np.array(pfpn.convert("L").resize(PKU_SIZE)) / 255
    p2 = np.array(basnet.convert("L").resize(PKU_SIZE)) / 255
    return np.maximum(p1, p2)


def readability_gradient(canvas: Image.Image) -> np.ndarray:
    """The evaluator's gradient map of a canvas, ``float64`` ``(750, 513)`` in ``[0, 1]``.

    ``uint8`` Sobel as in the original ``img_to_g_xy`` (negative derivatives clip to 0, the
    squares wrap modulo 256), scaled by its maximum and rounded through a Pillow ``L`` image.
    """
    rgb = canvas.convert("RGB").resize(PKU_SIZE)
    gray = np.uint8(cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2GRAY))
    gx = cv2.Sobel(gray, -1, 1, 0)
    gy = cv2.Sobel(gray, -1, 0, 1)
    with np.errstate(over="ignore", invalid="ignore"):
        g = ((gx**2 + gy**2) / 2) ** 0.5
        g = g / np.max(g) * 255  # a flat canvas gives 0/0; Pillow's L conversion makes it 0
    return np.array(Image.fromarray(g).convert("L")) / 255


def _pixel_boxes(layout: PosterLayout) -> np.ndarray:
    return layout.boxes.astype(np.float32) * np.array([513, 750, 513, 750], np.float32)


def _invalid(box: np.ndarray) -> bool:
    xl, yl, xr, yr = (float(v) for v in box)
    xl, yl, xr, yr = max(0.0, xl), max(0.0, yl), min(513.0, xr), min(750.0, yr)
    return abs((xr - xl) * (yr - yl)) < _MIN_AREA


def _iou(b1, b2) -> float:
    w_i = min(b1[2], b2[2]) - max(b1[0], b2[0])
    h_i = min(b1[3], b2[3]) - max(b1[1], b2[1])
    a1 = (b1[2] - b1[0]) * (b1[3] - b1[1])
    a2 = (b2[2] - b2[0]) * (b2[3] - b2[1])
    inter = 0.0 if (w_i <= 0 or h_i <= 0) else w_i * h_i
    return inter / (a1 + a2 - inter)


def _inter_over_second(b1, b2) -> float:
    w_i = min(b1[2], b2[2]) - max(b1[0], b2[0])
    h_i = min(b1[3], b2[3]) - max(b1[1], b2[1])
    inter = 0.0 if (w_i <= 0 or h_i <= 0) else w_i * h_i
    return inter / ((b2[2] - b2[0]) * (b2[3] - b2[1]))


def _contains_quirk(b1, b2) -> bool:
    # The original's c3 compares xr_2 with itself, so the right edge is never checked.
    return b1[0] <= b2[0] and b1[1] <= b2[1] and b1[3] >= b2[3]


def _mask(shape: tuple[int, int], boxes: np.ndarray) -> np.ndarray:
    m = np.zeros(shape)
    for xl, yl, xr, yr in np.array(boxes, dtype=int).reshape(-1, 4):
        m[yl:yr, xl:xr] = 1
    return m


def pku_scores(
    layouts: Sequence[PosterLayout],
    canvases: Sequence[Image.Image],
    saliency: Sequence[np.ndarray],
) -> PKUScores:
    """Score layouts with the original PKU PosterLayout evaluator.

    Parameters
    ----------
    layouts:
        One :class:`PosterLayout` per canvas.
    canvases:
        The canvases (any size and mode; resized to 513x750 RGB as the original does).
    saliency:
        ``(750, 513)`` maps in ``[0, 1]``, normally :func:`pku_saliency` of the dataset's
        precomputed PFPN and BASNet maps.

    Returns
    -------
    PKUScores
        Means over the set (Val pooled over elements).

    Raises
    ------
    InputError
        If the three sequences differ in length, are empty, or a saliency map is not 750x513.
    """
    n = len(layouts)
    if n == 0 or len(canvases) != n or len(saliency) != n:
        raise InputError(f"need one canvas and one saliency map per layout; got {n} layouts, {len(canvases)} canvases, {len(saliency)} maps")
    for s in saliency:
        if np.shape(s) != (750, 513):
            raise InputError(f"PKU saliency maps are 750x513 (rows x columns); got {np.shape(s)} — use pku_saliency()")
    boxes = [_pixel_boxes(lay) for lay in layouts]
    labels = [lay.labels.copy() for lay in layouts]

    # Val, then invalid elements become padding.
    total = empty = 0
    for cls, box in zip(labels, boxes, strict=True):
        for c, b in zip(cls, box, strict=True):
            if c > 0:
                total += 1
                if _invalid(b):
                    empty += 1
    val = 1 - empty / total if total else 0.0
    for cls, box in zip(labels, boxes, strict=True):
        for j, b in enumerate(box):
            if cls[j] and _invalid(b):
                cls[j] = 0

    ove = ali = 0.0
    und_l = und_s = 0.0
    with_underlay = 0
    for cls, box in zip(labels, boxes, strict=True):
        other = box[(cls > 0) & (cls != UNDERLAY)]
        deco = box[cls == UNDERLAY]
        k = len(other)
        if k:
            ove += sum(_iou(other[i], other[j]) for i in range(k) for j in range(i + 1, k)) / k
        if len(deco):
            with_underlay += 1
            und_l += sum(max([_inter_over_second(u, o) for o in other], default=0) for u in deco) / len(deco)
            und_s += sum(any(_contains_quirk(u, o) for o in other) for u in deco) / len(deco)
        valid = box[cls > 0].astype(np.float64)
        if len(valid) > 1:
            theta = np.stack(
                [valid[:, 0] / 513, valid[:, 1] / 750, (valid[:, 0] + valid[:, 2]) / 2 / 513,
                 (valid[:, 1] + valid[:, 3]) / 2 / 750, valid[:, 2] / 513, valid[:, 3] / 750],
                axis=1,
            )
            iu = np.triu_indices(len(valid), 1)
            deltas = np.abs(theta[iu[0]] - theta[iu[1]]).min(axis=0)
            ali += len(valid) * min(-math.log(1 - float(d), 10) for d in deltas)
    ove /= n
    ali /= n
    und_l = und_l / with_underlay if with_underlay else 0.0
    und_s = und_s / with_underlay if with_underlay else 0.0

    uti = occ = rea = 0.0
    for cls, box, sal, canvas in zip(labels, boxes, saliency, canvases, strict=True):
        sal = np.asarray(sal, np.float64)
        m = _mask(sal.shape, box[cls > 0])
        free = 1.0 - sal
        total_free, used = np.sum(free), np.sum(free * m)
        if total_free and used:
            uti += used / total_free
        area, covered = np.sum(m), np.sum(sal[m == 1])
        if covered and area:
            occ += covered / area
        g = readability_gradient(canvas)
        tm = _mask(g.shape, box[cls == TEXT])
        for xl, yl, xr, yr in np.array(box[cls == UNDERLAY], dtype=int).reshape(-1, 4):
            tm[yl:yr, xl:xr] = 0
        area, grad = np.sum(tm), np.sum(g[tm == 1])
        if grad and area:
            rea += grad / area
    return PKUScores(
        val=float(val), ove=float(ove), ali=float(ali), und_l=float(und_l), und_s=float(und_s),
        uti=float(uti / n), occ=float(occ / n), rea=float(rea / n),
    )


@dataclass(frozen=True)
class PKUCanvas:
    """One PKU PosterLayout test canvas with the evaluator's saliency."""

    name: str
    image: Image.Image
    saliency: np.ndarray


def load_pku_canvases(folder, names: Sequence[str] | None = None) -> list[PKUCanvas]:
    """Read canvases laid out as the PKU PosterLayout test set.

    ``folder`` holds ``image_canvas/<name>``, ``saliencymaps_pfpn/<stem>_pred.<ext>`` and
    ``saliencymaps_basnet/<name>``; ``names`` defaults to every canvas, sorted.

    Raises
    ------
    InputError
        If a folder or file is missing.
    """
    from pathlib import Path

    root = Path(folder)
    canvas_dir = root / "image_canvas"
    if not canvas_dir.is_dir():
        raise InputError(f"{root} has no image_canvas/ folder; expected the PKU PosterLayout test layout")
    names = list(names) if names is not None else sorted(p.name for p in canvas_dir.iterdir())
    out = []
    for name in names:
        paths = (canvas_dir / name, root / "saliencymaps_pfpn" / name.replace(".", "_pred."), root / "saliencymaps_basnet" / name)
        for p in paths:
            if not p.is_file():
                raise InputError(f"missing {p}; each canvas needs its PFPN and BASNet saliency maps")
        image = Image.open(paths[0])
        image.load()
        out.append(PKUCanvas(name, image, pku_saliency(Image.open(paths[1]), Image.open(paths[2]))))
    return out
