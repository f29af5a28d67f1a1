"""Boxes on a canvas: the base geometry under layout, composition, documents and scoring.

A box is ``(left, top, right, bottom)`` in canvas pixels, right and bottom exclusive (as
Pillow). This module imports nothing of adcraft, so every stage can use it.
"""

from __future__ import annotations

from collections.abc import Iterable

Box = tuple[int, int, int, int]
"""``(left, top, right, bottom)`` in canvas pixels."""

Size = tuple[int, int]
"""``(width, height)`` in pixels."""


def area(box: Box | tuple[float, float, float, float]) -> float:
    """Area of ``box`` in square pixels (0 for an empty or inverted box)."""
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def intersection(a: Box, b: Box) -> Box | None:
    """The box common to ``a`` and ``b``, or ``None`` when they do not overlap."""
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[2] > box[0] and box[3] > box[1] else None


def intersection_area(a: Box, b: Box) -> float:
    """Area of the intersection of ``a`` and ``b`` in square pixels (0 when disjoint)."""
    return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def overlaps(a: Box, b: Box) -> bool:
    """True when ``a`` and ``b`` share a region of positive area."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def bbox_of(boxes: Iterable[Box]) -> Box | None:
    """Bounding box of ``boxes`` (canvas pixels), ``None`` when there are none."""
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def grow(box: Box, pad: int, size: Size | None = None) -> Box:
    """``box`` grown by ``pad`` pixels on every side, clipped to a canvas of ``size`` if given."""
    l, t, r, b = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    if size is not None:
        l, t, r, b = max(0, l), max(0, t), min(size[0], r), min(size[1], b)
    return (l, t, r, b)


def fit_box(aspect: float, region: Box, scale: float = 1.0, anchor: str = "center") -> Box:
    """The largest box of ``aspect`` (width / height) inside ``region``, times ``scale``.

    Centred horizontally; vertically centred, or at the region's ``"top"`` or ``"bottom"``.
    """
    l, t, r, b = region
    rw, rh = max(1, r - l), max(1, b - t)
    w = min(rw, rh * aspect) * scale
    h = w / aspect
    x = l + (rw - w) / 2
    y = t + (rh - h) / 2 if anchor == "center" else (b - h if anchor == "bottom" else t)
    return (int(round(x)), int(round(y)), int(round(x + w)), int(round(y + h)))


def shift(box: Box, dx: int, dy: int) -> Box:
    """``box`` moved by ``(dx, dy)`` pixels."""
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def scale_box(box: Box, kx: float, ky: float) -> Box:
    """``box`` in another canvas's pixels: coordinates times ``kx`` (x) and ``ky`` (y), rounded."""
    return (int(round(box[0] * kx)), int(round(box[1] * ky)), int(round(box[2] * kx)), int(round(box[3] * ky)))
