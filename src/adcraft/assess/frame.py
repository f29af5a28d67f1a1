"""Frame lines: the thin border some exported product photos carry (a 1–3 px light or dark
line left by an editor's canvas or a gallery export).

Cropped or bled into a banner, such a line shows as a hairline along the photo's edge. A line
counts as frame when it differs from the photo just inside it far more than neighbouring
lines inside differ from each other — a step at the very edge that the content does not have.
"""

from __future__ import annotations

import numpy as np

MAX_FRAME = 3
"""Widest frame removed, in pixels per side."""

STEP = 10.0
"""Least mean absolute step (0–255 per channel) between a frame line and the photo inside."""

RATIO = 4.0
"""How many times larger that step must be than the steps between the next lines inside."""


def _side_width(lines: np.ndarray) -> int:
    """Frame width of one side; ``lines`` are the outermost ``MAX_FRAME + 3`` lines, outermost
    first, each ``(n, 3)``."""
    steps = np.abs(np.diff(lines.astype(np.float32), axis=0)).mean(axis=(1, 2))
    inside = float(np.median(steps[MAX_FRAME:])) + 1.0
    for k in range(MAX_FRAME, 0, -1):  # the widest frame whose inner edge is a clear step
        if steps[k - 1] >= STEP and steps[k - 1] >= RATIO * inside and (k == 1 or steps[: k - 1].max() < steps[k - 1]):
            return k
    return 0


def frame_lines(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """Frame line widths ``(left, top, right, bottom)`` in pixels (each 0..:data:`MAX_FRAME`).

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3|4)`` photo (alpha ignored); sides shorter than 32 px are never
        trimmed.

    Returns
    -------
    tuple of int
        ``0`` for a side without a frame line.
    """
    h, w = rgb.shape[:2]
    if min(h, w) < 32:
        return (0, 0, 0, 0)
    n = MAX_FRAME + 3
    px = rgb[..., :3]
    top = _side_width(px[:n])
    bottom = _side_width(px[::-1][:n])
    left = _side_width(px[:, :n].transpose(1, 0, 2))
    right = _side_width(px[:, ::-1][:, :n].transpose(1, 0, 2))
    return (left, top, right, bottom)


def trim_frame(pixels: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """``pixels`` without their frame lines (:func:`frame_lines`), and the widths removed."""
    l, t, r, b = frame_lines(pixels)
    h, w = pixels.shape[:2]
    return np.ascontiguousarray(pixels[t : h - b, l : w - r]), (l, t, r, b)
