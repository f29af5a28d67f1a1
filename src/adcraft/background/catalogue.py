"""The background style registry (``STYLES``) and the one entry point that draws a style."""

from __future__ import annotations

import numpy as np

from adcraft.background.festive import FESTIVE_STYLES
from adcraft.background.scenic import SCENIC_STYLES
from adcraft.background.styles import BASIC_STYLES, BackgroundStyle, StyleFrame
from adcraft.geometry import Size
from adcraft.registry import Registry

STYLES: Registry[BackgroundStyle] = Registry.of("background style", (*BASIC_STYLES, *SCENIC_STYLES, *FESTIVE_STYLES))
"""Every procedural background style, by name."""


def draw_background(
    style: str,
    size: Size,
    colours: np.ndarray,
    seed: int,
    params: dict[str, float],
    frame: StyleFrame | None = None,
    styles: Registry[BackgroundStyle] = STYLES,
) -> np.ndarray:
    """Draw the registered ``style`` at ``size`` = ``(width, height)``.

    Parameters
    ----------
    style:
        A name in ``styles`` (default :data:`STYLES`).
    size:
        ``(width, height)`` in pixels.
    colours:
        ``(k, 3)`` sRGB in ``0..255``, ``k ≥ 2``: background, background_alt[, accent].
    seed:
        Seed of the style's random choices (shapes, dither).
    params:
        The style's own parameters (see each style).
    frame:
        Product and text boxes the style follows (:class:`StyleFrame`); none by default.
    styles:
        The registry to look ``style`` up in.

    Returns
    -------
    numpy.ndarray
        ``uint8`` ``(H, W, 3)``.

    Raises
    ------
    UnknownOptionError
        If ``style`` is not registered.
    """
    entry = styles.get(style)
    rng = np.random.default_rng(seed)
    cols = np.asarray(colours, np.float32)
    if len(cols) == 2:  # no accent given: motifs take the secondary colour
        cols = np.concatenate([cols, cols[1:2]])
    return entry.draw(size[0], size[1], cols, rng, dict(params), frame or StyleFrame(size))
