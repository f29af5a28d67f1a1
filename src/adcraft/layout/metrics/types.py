"""The layout representation shared by both metric families."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from adcraft.errors import InputError

TEXT, LOGO, UNDERLAY = 1, 2, 3
"""PKU PosterLayout class ids (0 is padding)."""


@dataclass(frozen=True)
class PosterLayout:
    """One layout on one canvas, as the PKU PosterLayout data stores it.

    Attributes
    ----------
    labels:
        ``int`` ``(n,)`` class ids: 1 text, 2 logo, 3 underlay, 0 padding (ignored).
    boxes:
        ``float`` ``(n, 4)`` boxes ``(left, top, right, bottom)`` normalised by the canvas width
        and height (``[0, 1]`` inside the canvas; values outside are kept, as models emit them).

    Raises
    ------
    InputError
        If the shapes disagree or a label is not 0..3.
    """

    labels: np.ndarray
    boxes: np.ndarray

    def __post_init__(self) -> None:
        labels = np.asarray(self.labels, dtype=np.int64).reshape(-1)
        boxes = np.asarray(self.boxes, dtype=np.float64).reshape(-1, 4)
        if len(labels) != len(boxes):
            raise InputError(f"a layout needs one label per box; got {len(labels)} labels and {len(boxes)} boxes")
        if len(labels) and (labels.min() < 0 or labels.max() > 3):
            raise InputError(f"layout labels must be 0 (padding), 1 (text), 2 (logo) or 3 (underlay); got {sorted(set(labels.tolist()))}")
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "boxes", boxes)

    @classmethod
    def from_pixels(cls, labels, boxes_px, size: tuple[int, int]) -> PosterLayout:
        """Build from pixel ``ltrb`` boxes on a canvas of ``size`` = ``(width, height)``."""
        b = np.asarray(boxes_px, dtype=np.float64).reshape(-1, 4) / np.array([size[0], size[1], size[0], size[1]], np.float64)
        return cls(np.asarray(labels), b)
