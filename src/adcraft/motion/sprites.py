"""Layer sprites: each part of a design document rendered once to an RGBA image.

An animation moves parts, never re-renders them: :func:`build_sprites` draws the background
and every run of consecutive layers of one :class:`~adcraft.motion.timeline.Part` once with the
project's :class:`~adcraft.render.Renderer` onto a transparent canvas (Porter–Duff *over* is
associative, so drawing a run apart and compositing it later gives the same image up to
rounding), crops it to its alpha's bounding box and keeps it with the static render. Frames are
then only transforms and alpha blends of these arrays (:mod:`adcraft.motion.frames`).

Sprites are kept with *premultiplied* alpha (colour × alpha / 255), so that bilinear
resampling of a moving sprite weighs colours by their coverage and never pulls the colour of
empty pixels into its edges, and blending onto an opaque frame is one multiply-add per pixel
(Porter & Duff 1984; Smith, *Image Compositing Fundamentals*, 1995).
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
        ``uint8`` ``(h, w, 4)``, premultiplied alpha (for warping).
    rgb:
        ``uint8`` ``(h, w, 3)``: its premultiplied colour channels (contiguous).
    alpha:
        ``uint8`` ``(h, w)``: its alpha channel (contiguous).
    straight:
        ``uint8`` ``(h, w, 4)``: the rendered pixels with straight alpha (for image files).
    """

    part: Part
    origin: tuple[int, int]
    rgba: np.ndarray
    rgb: np.ndarray
    alpha: np.ndarray
    straight: np.ndarray

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


def premultiply(rgba: np.ndarray) -> np.ndarray:
    """``rgba`` (``uint8`` ``(h, w, 4)``, straight alpha) with colour × alpha / 255, rounded."""
    out = rgba.copy()
    a = rgba[..., 3:4].astype(np.uint16)
    out[..., :3] = ((rgba[..., :3].astype(np.uint16) * a + 127) // 255).astype(np.uint8)
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
    straight = np.asarray(canvas.crop(bbox))
    rgba = premultiply(straight)
    return Sprite(part, (bbox[0], bbox[1]), rgba, cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB), cv2.extractChannel(rgba, 3), straight)


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
