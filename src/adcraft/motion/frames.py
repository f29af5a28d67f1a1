"""Frames of an animation: pre-rendered sprites moved, faded and blended per frame.

:class:`FrameRenderer` turns a :class:`~adcraft.motion.sprites.SpriteSet` and a
:class:`~adcraft.motion.timeline.Timeline` into ``uint8`` ``(H, W, 3)`` RGB frames. Per frame it
only transforms the background (a :class:`Backdrop`) and blends each premultiplied sprite at its
pose (OpenCV ``warpAffine`` with bilinear sampling for scale and sub-pixel offsets, then
``out = sprite + frame · (1 − α)`` in 8-bit integer arithmetic); nothing is re-rendered. Frames in the end card are the static
creative itself (the renderer's pixels, identical, not a re-composite), so the last frame of
every clip equals the PNG before encoding.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Protocol

import cv2
import numpy as np

from adcraft.motion.sprites import Sprite, SpriteSet
from adcraft.motion.timeline import REST, Part, Pose, Timeline, Wipe


class Backdrop(Protocol):
    """The moving background of a clip."""

    def frame(self, t: float, pose: Pose, anchor: tuple[float, float]) -> np.ndarray:
        """A new ``uint8`` ``(H, W, 3)`` frame of the background at time ``t`` (s) and ``pose``."""
        ...


def cover_pose(pose: Pose, anchor: tuple[float, float], size: tuple[int, int]) -> Pose:
    """``pose`` with its scale raised to 1 and offset clamped so the moved background still
    covers the whole canvas (no edge ever shows)."""
    s = max(1.0, pose.scale)
    (w, h), (ax, ay) = size, anchor
    dx = min(max(pose.dx, -(s - 1) * (w - ax)), (s - 1) * ax)
    dy = min(max(pose.dy, -(s - 1) * (h - ay)), (s - 1) * ay)
    return Pose(s, dx, dy, pose.opacity, pose.reveal)


def pose_matrix(pose: Pose, anchor: tuple[float, float], origin: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """``float64`` ``(2, 3)`` affine matrix taking an image placed at canvas ``origin`` to its
    posed canvas position: ``p' = anchor + scale·(p − anchor) + (dx, dy)``."""
    s = pose.scale
    ox = anchor[0] + s * (origin[0] - anchor[0]) + pose.dx
    oy = anchor[1] + s * (origin[1] - anchor[1]) + pose.dy
    return np.array([[s, 0.0, ox], [0.0, s, oy]])


class StillBackdrop:
    """A still background image moved by the background track (zoom and pan).

    Parameters
    ----------
    image:
        ``uint8`` ``(H, W, 3)``.
    """

    def __init__(self, image: np.ndarray) -> None:
        self.image = image
        self.size = (image.shape[1], image.shape[0])
        self.flat = bool((image == image[:1, :1]).all())  # one colour: moving it changes nothing

    def frame(self, t: float, pose: Pose, anchor: tuple[float, float]) -> np.ndarray:
        if pose.at_rest or self.flat:
            return self.image.copy()
        m = pose_matrix(cover_pose(pose, anchor, self.size), anchor)
        return cv2.warpAffine(self.image, m, self.size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _wipe_weights(width: int, x0: float, moved_w: float, reveal: float, wipe: Wipe) -> np.ndarray:
    """``float32`` ``(width,)`` column weights of a wipe showing ``reveal`` of a part that spans
    ``x0 .. x0 + moved_w`` in ROI columns, with a soft edge of 8 % of its width (≥ 6 px)."""
    if reveal >= 1.0:
        return np.ones(width, np.float32)
    edge = max(6.0, 0.08 * moved_w)
    x = np.arange(width, dtype=np.float32) + 0.5
    if wipe == "center":
        reach = reveal * (moved_w / 2 + edge)
        weights = (reach - np.abs(x - (x0 + moved_w / 2))) / edge
    elif wipe == "right":
        weights = (x - (x0 + moved_w - reveal * (moved_w + edge))) / edge
    else:
        weights = (x0 + reveal * (moved_w + edge) - x) / edge
    return np.clip(weights, 0.0, 1.0).astype(np.float32)


def _placed(sprite: Sprite, pose: Pose, anchor: tuple[float, float], size: tuple[int, int], clip: bool = False):
    """The sprite's pixels and alpha at ``pose``, clipped to the canvas (and, with ``clip``, to
    the sprite's static box): ``(rgb, alpha, x0, y0, left)`` with ``left`` the moved sprite's
    left edge in ROI columns; ``None`` if nothing shows."""
    m = pose_matrix(pose, anchor, sprite.origin)
    s, ox, oy = m[0, 0], m[0, 2], m[1, 2]
    h, w = sprite.rgba.shape[:2]
    bx, by, W, H = (max(0, sprite.box[0]), max(0, sprite.box[1]), min(size[0], sprite.box[2]), min(size[1], sprite.box[3])) if clip else (0, 0, *size)
    if abs(s - 1.0) < 1e-6 and abs(ox - round(ox)) < 1e-3 and abs(oy - round(oy)) < 1e-3:
        l, t = int(round(ox)), int(round(oy))
        x0, y0, x1, y1 = max(bx, l), max(by, t), min(W, l + w), min(H, t + h)
        if x1 <= x0 or y1 <= y0:
            return None
        rows, cols = slice(y0 - t, y1 - t), slice(x0 - l, x1 - l)
        return sprite.rgb[rows, cols], sprite.alpha[rows, cols], x0, y0, l - x0
    x0, y0 = max(bx, math.floor(ox)), max(by, math.floor(oy))
    x1, y1 = min(W, math.ceil(ox + s * w)), min(H, math.ceil(oy + s * h))
    if x1 <= x0 or y1 <= y0:
        return None
    local = np.array([[s, 0.0, ox - x0], [0.0, s, oy - y0]])
    warped = cv2.warpAffine(sprite.rgba, local, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return cv2.cvtColor(warped, cv2.COLOR_RGBA2RGB), cv2.extractChannel(warped, 3), x0, y0, ox - x0


def blend_sprite(canvas: np.ndarray, sprite: Sprite, pose: Pose, anchor: tuple[float, float], wipe: Wipe = "left",
                 clip: bool = False) -> None:
    """Blend ``sprite`` at ``pose`` onto ``canvas`` (``uint8`` ``(H, W, 3)``, in place).

    Premultiplied *over* onto an opaque canvas (Porter & Duff 1984):
    ``out = k·sprite + (1 − k·α)·canvas`` with ``k`` = the pose's opacity × the wipe's column
    weight (1 at rest: then in 8-bit integer arithmetic, rounded). With ``clip`` nothing is
    drawn outside the sprite's static box.
    """
    if not pose.visible:
        return
    placed = _placed(sprite, pose, anchor, (canvas.shape[1], canvas.shape[0]), clip)
    if placed is None:
        return
    rgb, alpha, x0, y0, left = placed
    h, w = alpha.shape
    roi = canvas[y0 : y0 + h, x0 : x0 + w]
    if pose.opacity >= 1.0 and pose.reveal >= 1.0:
        keep = cv2.cvtColor(cv2.bitwise_not(alpha), cv2.COLOR_GRAY2RGB)
        roi[...] = cv2.add(rgb, cv2.multiply(roi, keep, scale=1.0 / 255.0))
        return
    k = np.full(w, pose.opacity, np.float32)
    if pose.reveal < 1.0:
        k *= _wipe_weights(w, left, sprite.rgba.shape[1] * pose.scale, pose.reveal, wipe)
    weight = alpha.astype(np.float32) * (k / 255.0)[None, :]
    out = rgb.astype(np.float32) * k[None, :, None] + roi.astype(np.float32) * (1.0 - weight)[..., None]
    roi[...] = np.clip(out + 0.5, 0, 255).astype(np.uint8)


class FrameRenderer:
    """Frames of ``timeline`` made from ``sprites``.

    Parameters
    ----------
    sprites:
        The pre-rendered parts (:func:`~adcraft.motion.sprites.build_sprites`).
    timeline:
        Its size must be the sprites' size.
    backdrop:
        The moving background; the sprites' background zoomed and panned when ``None``.

    Raises
    ------
    ValueError
        If the timeline and the sprites differ in size.
    """

    def __init__(self, sprites: SpriteSet, timeline: Timeline, backdrop: Backdrop | None = None) -> None:
        if tuple(timeline.size) != tuple(sprites.size):
            raise ValueError(f"timeline size {timeline.size} differs from the sprites' {sprites.size}")
        self.sprites = sprites
        self.timeline = timeline
        self.backdrop = backdrop or StillBackdrop(sprites.background)
        centre = (sprites.size[0] / 2, sprites.size[1] / 2)
        bg = timeline.track(Part.BACKGROUND)
        self._bg_anchor = bg.anchor if bg is not None else centre

    def composite(self, t: float) -> np.ndarray:
        """The frame at ``t`` composed from the sprites, even in the end card (a new array)."""
        tl = self.timeline
        canvas = self.backdrop.frame(t, tl.pose(Part.BACKGROUND, t), self._bg_anchor)
        for sprite in self.sprites.sprites:
            track = tl.track(sprite.part)
            pose = track.pose_at(t) if track is not None else REST
            anchor = track.anchor if track is not None else (0.0, 0.0)
            if track is None:
                blend_sprite(canvas, sprite, pose, anchor)
            else:
                blend_sprite(canvas, sprite, pose, anchor, track.wipe, track.clip)
        return canvas

    def at(self, t: float) -> np.ndarray:
        """The frame at ``t`` (s): the static creative itself (shared, do not modify) in the end
        card, a composite before it."""
        if t >= self.timeline.end_card_s - 1e-9:
            return self.sprites.static
        return self.composite(t)

    def frame(self, index: int) -> np.ndarray:
        """Frame ``index`` (0-based) of the clip."""
        return self.at(self.timeline.time_of(index))

    def __iter__(self) -> Iterator[np.ndarray]:
        for i in range(self.timeline.frame_count):
            yield self.frame(i)
