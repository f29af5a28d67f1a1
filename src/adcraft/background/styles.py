"""Procedural background styles, one registry (``STYLES``).

Every style is a pure function ``(width, height, colours, rng, params) → uint8 (H, W, 3)`` so a
document's background re-renders from its spec alone. ``colours`` are sRGB ``float32`` ``(k, 3)``
in ``0..255``: ``[background, background_alt, accent]``. Gradients interpolate in linear-light
sRGB (IEC 61966-2-1 transfer function), which avoids the muddy midpoints of gamma-space blending.

Layout-aware parameters shared by every style (all optional, fractions of the canvas):
``pl, pt, pr, pb`` the product box and ``tl, tt, tr, tb`` the text block. Decorative styles keep
their motifs out of both (:func:`keepout`), so decoration never covers the product or the copy.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from adcraft.registry import Registry

BackgroundStyle = Callable[[int, int, np.ndarray, np.random.Generator, dict[str, float]], np.ndarray]
STYLES: Registry[BackgroundStyle] = Registry("background style")


def _to_linear(c: np.ndarray) -> np.ndarray:
    c = np.asarray(c, np.float32) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _to_srgb(lin: np.ndarray) -> np.ndarray:
    """Linear light → sRGB in ``0..255`` (float32), IEC 61966-2-1."""
    lin = np.clip(lin, 0.0, 1.0)
    return (np.where(lin <= 0.0031308, lin * 12.92, 1.055 * np.power(lin, 1 / 2.4) - 0.055) * 255.0).astype(np.float32)


_LUT_SIZE = 1024
# 4x4 Bayer matrix (Bayer, "An optimum method for two-level rendition of continuous-tone
# pictures", IEEE ICC 1973), as thresholds in (0, 1).
_BAYER = (np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]], np.float32) + 0.5) / 16.0


def _ramp(t: np.ndarray, stops: np.ndarray, rng: np.random.Generator, shade: np.ndarray | None = None) -> np.ndarray:
    """Map a scalar field through a colour ramp with ordered dithering.

    ``t`` is ``(H, W)`` (or broadcastable) in ``[0, 1]``; ``stops`` is ``(k, 3)`` sRGB colours
    spaced evenly along ``t``; the ramp interpolates in linear light through a 1024-entry table
    whose entries are pre-quantised for each of the 16 Bayer thresholds, so the per-pixel work is
    one table lookup (no banding, no float image). ``shade`` (optional, ``(H, 1)``) multiplies
    rows (floor shading). ``rng`` is unused: ordered dithering is deterministic.
    """
    del rng
    lin = _to_linear(stops)
    pos = np.linspace(0.0, 1.0, len(stops))
    s = np.linspace(0.0, 1.0, _LUT_SIZE)
    table = _to_srgb(np.stack([np.interp(s, pos, lin[:, c]) for c in range(3)], axis=1))  # (L, 3)
    table_q = np.clip(np.floor(table[:, None, :] + _BAYER.reshape(1, 16, 1)), 0, 255).astype(np.uint8)
    table_q = table_q.reshape(-1, 3)  # index = level * 16 + bayer cell
    h, w = np.broadcast_shapes(np.shape(t), (1, 1))[-2:]
    level = np.empty((h, w), np.int32)
    np.multiply(t, _LUT_SIZE - 1, out=level, casting="unsafe")
    np.clip(level, 0, _LUT_SIZE - 1, out=level)
    cell = (np.arange(h, dtype=np.int32)[:, None] % 4) * 4 + (np.arange(w, dtype=np.int32)[None, :] % 4)
    level *= 16
    level += cell
    out = np.take(table_q, level, axis=0, mode="clip")
    if shade is not None:
        rows = np.flatnonzero(shade[:, 0] < 0.999)
        if rows.size:
            out[rows] = (out[rows].astype(np.float32) * shade[rows, :, None]).astype(np.uint8)
    return out


def _grid(w: int, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalised pixel-centre coordinates, ``x`` as ``(1, W)`` and ``y`` as ``(H, 1)``."""
    x = ((np.arange(w, dtype=np.float32) + 0.5) / w)[None, :]
    y = ((np.arange(h, dtype=np.float32) + 0.5) / h)[:, None]
    return x, y


def _full(t: np.ndarray, w: int, h: int) -> np.ndarray:
    return np.broadcast_to(t, (h, w))


def keepout(params: dict[str, float], w: int, h: int, pad: float = 0.02, parts: str = "pt") -> list[tuple[int, int, int, int]]:
    """Boxes from ``params`` in pixels ``(l, t, r, b)``, grown by ``pad`` of the long side:
    the product (``"p"`` in ``parts``) and the text block (``"t"``), those that are given."""
    out = []
    g = pad * max(w, h)
    for k in parts:
        keys = (k + "l", k + "t", k + "r", k + "b")
        if all(x in params for x in keys):
            l, t, r, b = (params[x] for x in keys)
            out.append((int(l * w - g), int(t * h - g), int(r * w + g), int(b * h + g)))
    return out


def is_free(x: float, y: float, rad: float, boxes: list[tuple[int, int, int, int]]) -> bool:
    """True when the disc at ``(x, y)`` of radius ``rad`` (px) misses every box."""
    return all(x + rad < l or x - rad > r or y + rad < t or y - rad > b for l, t, r, b in boxes)


def cv_colour(c: np.ndarray) -> tuple[float, float, float]:
    """A colour row as the ``(r, g, b)`` float tuple OpenCV drawing calls take on an RGB image."""
    return (float(c[0]), float(c[1]), float(c[2]))


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Blend two sRGB colours in linear light, ``t`` = share of ``b``."""
    return _to_srgb(_to_linear(a) * (1 - t) + _to_linear(b) * t)


@STYLES.register("linear_gradient")
def linear_gradient(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float]) -> np.ndarray:
    """Two-colour linear gradient at ``params['angle']`` degrees (default 90: top → bottom)."""
    angle = np.deg2rad(params.get("angle", 90.0))
    x, y = _grid(w, h)
    m = max(w, h)
    ca, sa = float(np.cos(angle)), float(np.sin(angle))
    d = (x - 0.5) * (ca * w / m) + (y - 0.5) * (sa * h / m)
    span = max(1e-6, (abs(ca) * w + abs(sa) * h) / m)
    t = np.clip(d / span + 0.5, 0, 1)
    return _ramp(_full(t, w, h), colours[:2], rng)


@STYLES.register("radial_gradient")
def radial_gradient(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float]) -> np.ndarray:
    """Radial glow: ``colours[0]`` at (``cx``, ``cy``) fading to ``colours[1]`` at the corners."""
    cx, cy = params.get("cx", 0.5), params.get("cy", 0.45)
    x, y = _grid(w, h)
    m = max(w, h)
    r = np.sqrt(((x - cx) * (w / m)) ** 2 + ((y - cy) * (h / m)) ** 2) / 0.75
    t = np.clip(r, 0, 1) ** 1.3
    return _ramp(t, colours[:2], rng)


@STYLES.register("spotlight")
def spotlight(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float]) -> np.ndarray:
    """Studio spotlight: a bright pool behind the product over a darker wall, and a floor band."""
    cx = params.get("cx", 0.5)
    floor = params.get("floor", 0.72)
    x, y = _grid(w, h)
    m = max(w, h)
    r = np.sqrt(((x - cx) * (w / m)) ** 2 * 1.6 + ((y - floor * 0.8) * (h / m)) ** 2)
    t = np.clip(r / 0.6, 0, 1) ** 1.5
    shade = (1.0 - 0.08 * np.clip((y - floor) / 0.03, 0, 1)).astype(np.float32)  # (H, 1)
    return _ramp(t, colours[:2], rng, shade=shade)


@STYLES.register("soft_shapes")
def soft_shapes(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float]) -> np.ndarray:
    """A calm gradient with a few large, soft, low-contrast circles in the secondary colour."""
    s = max(w, h)
    scale = min(1.0, 320.0 / s)  # draw the field small, then upsample: it is soft anyway
    sw, sh = max(8, round(w * scale)), max(8, round(h * scale))
    x, y = _grid(sw, sh)
    field = np.ascontiguousarray(_full(0.35 * y, sw, sh), np.float32)
    for _ in range(int(params.get("count", 4))):
        cx, cy = rng.uniform(-0.1, 1.1) * sw, rng.uniform(-0.1, 1.1) * sh
        rad = rng.uniform(0.15, 0.45) * max(sw, sh)
        blob = np.zeros_like(field)
        cv2.circle(blob, (int(cx), int(cy)), int(rad), float(rng.uniform(0.35, 0.75)), -1, lineType=cv2.LINE_AA)
        field = np.maximum(field, blob)
    field = cv2.GaussianBlur(field, (0, 0), max(sw, sh) * 0.012 + 1)
    t = cv2.resize(np.clip(field, 0, 1), (w, h), interpolation=cv2.INTER_LINEAR)
    return _ramp(t, colours[:2], rng)


@STYLES.register("split_block")
def split_block(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float]) -> np.ndarray:
    """Two colour blocks split at ``params['split']`` (0..1 along the long axis), slightly slanted."""
    split = params.get("split", 0.5)
    slant = params.get("slant", 0.06)
    x, y = _grid(w, h)
    if w >= h:
        t = np.clip((x - (split + slant * (y - 0.5))) * w / 1.5 + 0.5, 0, 1)  # 1.5 px AA edge
    else:
        t = np.clip((y - (split + slant * (x - 0.5))) * h / 1.5 + 0.5, 0, 1)
    if params.get("flip", 0.0) >= 0.5:
        t = 1.0 - t
    return _ramp(t, colours[:2], rng)


def draw_background(
    style: str, size: tuple[int, int], colours: np.ndarray, seed: int, params: dict[str, float]
) -> np.ndarray:
    """Draw the registered ``style`` at ``size`` = ``(width, height)``.

    Parameters
    ----------
    style:
        A name in :data:`STYLES`.
    size:
        ``(width, height)`` in pixels.
    colours:
        ``(k, 3)`` sRGB in ``0..255``, ``k ≥ 2``: background, background_alt[, accent].
    seed:
        Seed of the style's random choices (shapes, dither).
    params:
        Style parameters (see each style).

    Returns
    -------
    numpy.ndarray
        ``uint8`` ``(H, W, 3)``.

    Raises
    ------
    UnknownOptionError
        If ``style`` is not registered.
    """
    fn = STYLES.get(style)
    rng = np.random.default_rng(seed)
    cols = np.asarray(colours, np.float32)
    if len(cols) == 2:  # no accent given: motifs take the secondary colour
        cols = np.concatenate([cols, cols[1:2]])
    return fn(size[0], size[1], cols, rng, dict(params))
