"""Procedural background styles: shared drawing helpers and the basic styles.

Every style is a :class:`BackgroundStyle` registry entry (collected in
:data:`adcraft.background.STYLES`) with two functions that belong together:

* ``draw(w, h, colours, rng, params, frame) → uint8 (H, W, 3)``, pure, so a document's
  background re-renders from its spec alone. ``colours`` are sRGB ``float32`` ``(k, 3)`` in
  ``0..255``: ``[background, background_alt, accent]``; ``params`` are the style's own scalars;
  ``frame`` (:class:`StyleFrame`) says where the layout put the product and the text block, so
  that glows sit behind the product and motifs stay off both.
* ``derive(frame, rng) → params``: the parameters the style takes from a candidate's layout
  (a glow centred on the product, a split beside it, a random angle…).

Adding a style touches one file: write both functions and add the entry to that module's
tuple of styles. Gradients interpolate in linear-light sRGB (IEC 61966-2-1 transfer function),
which avoids the muddy midpoints of gamma-space blending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from adcraft.geometry import Box, Size


@dataclass(frozen=True)
class StyleFrame:
    """The layout a background follows, in canvas pixels.

    Attributes
    ----------
    size:
        Canvas ``(width, height)``.
    product:
        The product's box, or ``None``.
    text:
        The box around every text, the CTA button and the logo, or ``None``.
    """

    size: Size
    product: Box | None = None
    text: Box | None = None

    def product_fractions(self, default: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The product box as fractions ``(l, t, r, b)`` of the canvas, or ``default``."""
        if self.product is None:
            return default
        W, H = self.size
        l, t, r, b = self.product
        return (l / W, t / H, r / W, b / H)

    def keepout(self, w: int, h: int, pad: float = 0.02, parts: str = "pt") -> list[Box]:
        """The product (``"p"`` in ``parts``) and text block (``"t"``) boxes on a ``w`` x ``h``
        grid (the canvas or a reduced copy of it), grown by ``pad`` of the grid's long side."""
        W, H = self.size
        g = pad * max(w, h)
        out = []
        for key, box in (("p", self.product), ("t", self.text)):
            if key in parts and box is not None:
                l, t, r, b = box
                out.append((int(l * w / W - g), int(t * h / H - g), int(r * w / W + g), int(b * h / H + g)))
        return out


DrawFn = Callable[[int, int, np.ndarray, np.random.Generator, dict[str, float], StyleFrame], np.ndarray]
DeriveFn = Callable[[StyleFrame, np.random.Generator], dict[str, float]]


def no_params(frame: StyleFrame, rng: np.random.Generator) -> dict[str, float]:
    """The ``derive`` of a style that takes nothing from the layout beyond its frame."""
    return {}


@dataclass(frozen=True)
class BackgroundStyle:
    """A registered background style: its name, its drawing and what it takes from a layout."""

    name: str
    draw: DrawFn
    derive: DeriveFn = no_params


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


def is_free(x: float, y: float, rad: float, boxes: list[tuple[int, int, int, int]]) -> bool:
    """True when the disc at ``(x, y)`` of radius ``rad`` (px) misses every box."""
    return all(x + rad < l or x - rad > r or y + rad < t or y - rad > b for l, t, r, b in boxes)


def cv_colour(c: np.ndarray) -> tuple[float, float, float]:
    """A colour row as the ``(r, g, b)`` float tuple OpenCV drawing calls take on an RGB image."""
    return (float(c[0]), float(c[1]), float(c[2]))


def mix(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Blend two sRGB colours in linear light, ``t`` = share of ``b``."""
    return _to_srgb(_to_linear(a) * (1 - t) + _to_linear(b) * t)


def linear_gradient(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Two-colour linear gradient at ``params['angle']`` degrees (default 90: top → bottom)."""
    angle = np.deg2rad(params.get("angle", 90.0))
    x, y = _grid(w, h)
    m = max(w, h)
    ca, sa = float(np.cos(angle)), float(np.sin(angle))
    d = (x - 0.5) * (ca * w / m) + (y - 0.5) * (sa * h / m)
    span = max(1e-6, (abs(ca) * w + abs(sa) * h) / m)
    t = np.clip(d / span + 0.5, 0, 1)
    return _ramp(_full(t, w, h), colours[:2], rng)


def radial_gradient(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Radial glow: ``colours[0]`` at (``cx``, ``cy``) fading to ``colours[1]`` at the corners."""
    cx, cy = params.get("cx", 0.5), params.get("cy", 0.45)
    x, y = _grid(w, h)
    m = max(w, h)
    r = np.sqrt(((x - cx) * (w / m)) ** 2 + ((y - cy) * (h / m)) ** 2) / 0.75
    t = np.clip(r, 0, 1) ** 1.3
    return _ramp(t, colours[:2], rng)


def spotlight(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Studio spotlight: a bright pool behind the product over a darker wall, and a floor band."""
    cx = params.get("cx", 0.5)
    floor = params.get("floor", 0.72)
    x, y = _grid(w, h)
    m = max(w, h)
    r = np.sqrt(((x - cx) * (w / m)) ** 2 * 1.6 + ((y - floor * 0.8) * (h / m)) ** 2)
    t = np.clip(r / 0.6, 0, 1) ** 1.5
    shade = (1.0 - 0.08 * np.clip((y - floor) / 0.03, 0, 1)).astype(np.float32)  # (H, 1)
    return _ramp(t, colours[:2], rng, shade=shade)


def soft_shapes(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
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


def split_block(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
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




def product_centre(frame: StyleFrame, rng: np.random.Generator) -> dict[str, float]:
    """``derive`` of glows and bursts: ``cx``, ``cy`` at the product's centre (canvas fractions)."""
    if frame.product is None:
        return {}
    l, t, r, b = frame.product_fractions((0.3, 0.3, 0.7, 0.7))
    return {"cx": (l + r) / 2, "cy": (t + b) / 2}


def solid(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """One flat colour, ``colours[0]``: the calm ground of a photo panel's copy or a clean layout."""
    out = np.empty((h, w, 3), np.uint8)
    out[0] = np.clip(np.round(colours[0]), 0, 255).astype(np.uint8)
    out[1:] = out[0]  # whole rows copied: much faster than broadcasting 3 bytes over the canvas
    return out


def _linear_params(frame: StyleFrame, rng: np.random.Generator) -> dict[str, float]:
    return {"angle": float(rng.choice([90.0, 60.0, 120.0, 0.0]))}


def _spotlight_params(frame: StyleFrame, rng: np.random.Generator) -> dict[str, float]:
    if frame.product is None:
        return {}
    l, t, r, b = frame.product_fractions((0.3, 0.3, 0.7, 0.7))
    return {"cx": (l + r) / 2, "floor": min(0.95, b)}


def split_beside_product(frame: StyleFrame, rng: np.random.Generator) -> dict[str, float]:
    """``derive`` of split styles: on landscape canvases the split runs just beside the product
    (the product's block is ``flip``-ped to its side); on portrait ones through its middle."""
    if frame.product is None:
        return {}
    l, t, r, b = frame.product_fractions((0.3, 0.3, 0.7, 0.7))
    cx = (l + r) / 2
    if frame.size[0] >= frame.size[1]:
        edge = (r + 0.02) if cx < 0.5 else (l - 0.02)
        return {"split": float(np.clip(edge, 0.2, 0.8)), "flip": 1.0 if cx < 0.5 else 0.0}
    return {"split": float(np.clip((t + b) / 2, 0.3, 0.7)), "flip": 0.0}


def _soft_shapes_params(frame: StyleFrame, rng: np.random.Generator) -> dict[str, float]:
    return {"count": float(rng.integers(3, 6))}


BASIC_STYLES: tuple[BackgroundStyle, ...] = (
    BackgroundStyle("solid", solid),
    BackgroundStyle("linear_gradient", linear_gradient, _linear_params),
    BackgroundStyle("radial_gradient", radial_gradient, product_centre),
    BackgroundStyle("spotlight", spotlight, _spotlight_params),
    BackgroundStyle("soft_shapes", soft_shapes, _soft_shapes_params),
    BackgroundStyle("split_block", split_block, split_beside_product),
)
