"""Layer sprites: each part of a design document rendered once to an RGBA image.

An animation moves parts, never re-renders them: :func:`build_sprites` draws the background
and every run of consecutive layers of one :class:`~adcraft.motion.timeline.Part` once with the
project's :class:`~adcraft.render.Renderer` onto a transparent canvas (Porter–Duff *over* is
associative, so drawing a run apart and compositing it later gives the same image up to
rounding), crops it to its alpha's bounding box and keeps it with the static render. Frames are
then only transforms and alpha blends of these arrays (:mod:`adcraft.motion.frames`).

Transparent pixels get the colour of their nearest opaque neighbours ("alpha bleeding", the
usual game-texture practice), so bilinear resampling of straight-alpha sprites never pulls in
the black of empty pixels at their edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from adcraft.document import AssetStore, DesignDocument
from adcraft.motion.timeline import PART_OF_ROLE, Part
from adcraft.render import Renderer


@dataclass(frozen=True, eq=False)
class Sprite:
    """One run of layers of a part, rendered.

    Attributes
    ----------
    part:
        The :class:`Part` it moves with.
    origin:
        ``(x, y)`` canvas px of its top-left pixel.
    rgba:
        ``uint8`` ``(h, w, 4)``, straight alpha, colours bled into transparent pixels.
    rgb:
        ``uint8`` ``(h, w, 3)``: its colour channels (contiguous, for blending in place).
    alpha:
        ``float32`` ``(h, w)`` in ``[0, 1]`` (the alpha channel, for blending).
    """

    part: Part
    origin: tuple[int, int]
    rgba: np.ndarray
    rgb: np.ndarray
    alpha: np.ndarray

    @property
    def box(self) -> tuple[int, int, int, int]:
        """``(left, top, right, bottom)`` on the canvas."""
        x, y = self.origin
        return (x, y, x + self.rgba.shape[1], y + self.rgba.shape[0])


@dataclass(frozen=True, eq=False)
class SpriteSet:
    """Everything a frame is made of.

    Attributes
    ----------
    size:
        ``(width, height)`` of the canvas.
    background:
        ``uint8`` ``(H, W, 3)``: the background alone.
    static:
        ``uint8`` ``(H, W, 3)``: the static creative (the renderer's own output).
    sprites:
        In drawing order.
    """

    size: tuple[int, int]
    background: np.ndarray
    static: np.ndarray
    sprites: tuple[Sprite, ...]


def bleed(rgba: np.ndarray) -> np.ndarray:
    """Copy of ``rgba`` (``uint8`` ``(h, w, 4)``) whose transparent pixels take the mean colour
    of the opaque pixels within a few px (normalised box filters of 5 and 17 px)."""
    out = rgba.copy()
    a = rgba[..., 3].astype(np.float32) / 255.0
    pm = rgba[..., :3].astype(np.float32) * a[..., None]
    empty = rgba[..., 3] == 0
    for k in (17, 5):  # the nearer estimate last, so it wins where both exist
        num = cv2.blur(pm, (k, k))
        den = cv2.blur(a, (k, k))
        ok = empty & (den > 1e-4)
        out[..., :3][ok] = np.clip(num[ok] / den[ok][:, None] + 0.5, 0, 255).astype(np.uint8)
    return out


def _runs(doc: DesignDocument) -> list[tuple[Part, list[int]]]:
    """Consecutive layers of one part, as ``(part, layer indices)``."""
    runs: list[tuple[Part, list[int]]] = []
    for i, layer in enumerate(doc.layers):
        part = PART_OF_ROLE.get(layer.role, Part.DECORATION)
        if runs and runs[-1][0] is part:
            runs[-1][1].append(i)
        else:
            runs.append((part, [i]))
    return runs


def _sprite(part: Part, canvas: Image.Image) -> Sprite | None:
    bbox = canvas.getchannel("A").getbbox()
    if bbox is None:
        return None
    rgba = bleed(np.asarray(canvas.crop(bbox)))
    rgb = cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB)
    return Sprite(part, (bbox[0], bbox[1]), rgba, rgb, rgba[..., 3].astype(np.float32) / 255.0)


def build_sprites(doc: DesignDocument, assets: AssetStore, renderer: Renderer) -> SpriteSet:
    """Render the background, the static creative and one sprite per run of a part's layers.

    Parameters
    ----------
    doc, assets:
        The design document and the store its asset names resolve in.
    renderer:
        The renderer (fonts loaded once).

    Raises
    ------
    InputError
        If an asset is missing or the background spec is incomplete (from the renderer).
    """
    w, h = doc.size
    background = renderer.background(doc.background, doc.size, assets)
    static = renderer.render(doc, assets, base=background)
    sprites = []
    for part, indices in _runs(doc):
        canvas = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        for i in indices:
            renderer.draw_layer(canvas, doc.layers[i], assets)
        sprite = _sprite(part, canvas)
        if sprite is not None:
            sprites.append(sprite)
    return SpriteSet(
        doc.size,
        np.ascontiguousarray(np.asarray(background)[..., :3]),
        np.ascontiguousarray(np.asarray(static)[..., :3]),
        tuple(sprites),
    )
