"""A motion timeline: typed, frozen keyframe tracks, one per part of a creative.

A creative's layers move in *parts* (:class:`Part`): the background, decorations, the product
with its contact shadow, the logo, the text underlay, headline, sub-line, the price row and the
CTA (button with its label). Each part has one :class:`Track` of :class:`Keyframe` s; a
keyframe holds a :class:`Pose` (scale about the track's anchor, offset in canvas px, opacity,
wipe reveal) and the :class:`~adcraft.motion.easing.Easing` of the segment that ends at it.

The invariant that makes a video end on the static creative is checked at construction: every
track comes to rest (:data:`REST`, the identity pose) no later than
:attr:`Timeline.end_card_s`, and the last frame lies in the end card. Poses compose as

    p' = anchor + scale · (p − anchor) + (dx, dy)

for every canvas point ``p`` of the part's pixels (canvas px, ``y`` down).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from adcraft.elements import Role
from adcraft.motion.easing import Easing
from adcraft.sizes import Size


class Part(StrEnum):
    """What moves as one in an animation (a group of layer roles)."""

    BACKGROUND = "background"
    DECORATION = "decoration"
    PRODUCT = "product"
    PHOTO = "photo"
    LOGO = "logo"
    UNDERLAY = "underlay"
    HEADLINE = "headline"
    SUBLINE = "subline"
    PRICE = "price"
    CTA = "cta"


PART_OF_ROLE: MappingProxyType[Role, Part] = MappingProxyType({
    Role.PRODUCT: Part.PRODUCT,
    Role.SHADOW: Part.PRODUCT,
    Role.PHOTO: Part.PHOTO,
    Role.LOGO: Part.LOGO,
    Role.LOGO_UNDERLAY: Part.LOGO,
    Role.HEADLINE: Part.HEADLINE,
    Role.SUBLINE: Part.SUBLINE,
    Role.PRICE: Part.PRICE,
    Role.ORIGINAL_PRICE: Part.PRICE,
    Role.CTA: Part.CTA,
    Role.BUTTON: Part.CTA,
    Role.UNDERLAY: Part.UNDERLAY,
    Role.DECORATION: Part.DECORATION,
})
"""The :class:`Part` each layer :class:`~adcraft.elements.Role` moves with."""

TEXT_PARTS: frozenset[Part] = frozenset({Part.LOGO, Part.HEADLINE, Part.SUBLINE, Part.PRICE, Part.CTA})
"""Parts that count as text and logos for the stories safe zones."""

Wipe = Literal["left", "right", "center"]
"""Where a reveal starts: from the left edge, the right edge or the centre line outwards."""


@dataclass(frozen=True)
class Pose:
    """The state of a part at one instant.

    Attributes
    ----------
    scale:
        Scale about the track's anchor (``> 0``; 1 = as designed).
    dx, dy:
        Offset in canvas pixels (``y`` down).
    opacity:
        Multiplies the part's alpha, ``[0, 1]``.
    reveal:
        Share of the part's width shown by a wipe, ``[0, 1]`` (1 = all of it).

    Raises
    ------
    ValueError
        If a value lies outside its range.
    """

    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0
    opacity: float = 1.0
    reveal: float = 1.0

    def __post_init__(self) -> None:
        if not self.scale > 0:
            raise ValueError(f"pose scale must be > 0, got {self.scale}")
        if not (0.0 <= self.opacity <= 1.0 and 0.0 <= self.reveal <= 1.0):
            raise ValueError(f"pose opacity and reveal must lie in [0, 1], got {self.opacity}, {self.reveal}")

    @property
    def at_rest(self) -> bool:
        """True for the identity pose (the part exactly as in the static creative)."""
        return self == REST

    @property
    def visible(self) -> bool:
        """False when nothing of the part shows (opacity or reveal 0)."""
        return self.opacity > 0.0 and self.reveal > 0.0

    def towards(self, other: Pose, w: float) -> Pose:
        """Linear interpolation: ``self`` at ``w = 0``, ``other`` at ``w = 1`` (``w`` may
        overshoot, as an ease-out-back does; opacity and reveal are clamped)."""

        def lerp(a: float, b: float) -> float:
            return a + (b - a) * w

        return Pose(
            scale=max(1e-3, lerp(self.scale, other.scale)),
            dx=lerp(self.dx, other.dx),
            dy=lerp(self.dy, other.dy),
            opacity=min(1.0, max(0.0, lerp(self.opacity, other.opacity))),
            reveal=min(1.0, max(0.0, lerp(self.reveal, other.reveal))),
        )


REST = Pose()
"""The identity pose."""


@dataclass(frozen=True)
class Keyframe:
    """A pose at a time; ``easing`` shapes the segment from the previous keyframe to this one."""

    time_s: float
    pose: Pose
    easing: Easing = Easing.EASE_OUT_CUBIC


@dataclass(frozen=True)
class Track:
    """The keyframes of one part.

    Attributes
    ----------
    part:
        The :class:`Part` that moves.
    anchor:
        Fixed point of the scale, ``(x, y)`` in canvas px.
    keyframes:
        In time order; before the first the first pose holds, after the last the last.
    wipe:
        Where a reveal starts (:data:`Wipe`).
    clip:
        Keep the part's pixels inside its static bounding box, as in a picture frame (a photo
        panel zooms inside its frame instead of growing over its neighbours).

    Raises
    ------
    ValueError
        If there are no keyframes or their times decrease.
    """

    part: Part
    anchor: tuple[float, float]
    keyframes: tuple[Keyframe, ...]
    wipe: Wipe = "left"
    clip: bool = False

    def __post_init__(self) -> None:
        if not self.keyframes:
            raise ValueError(f"track {self.part.value!r} has no keyframes")
        times = [k.time_s for k in self.keyframes]
        if any(b < a for a, b in zip(times, times[1:], strict=False)):
            raise ValueError(f"track {self.part.value!r}: keyframe times must not decrease, got {times}")

    @property
    def settles_s(self) -> float:
        """Time of the last keyframe (the part holds its last pose from then on)."""
        return self.keyframes[-1].time_s

    def pose_at(self, t: float) -> Pose:
        """The pose at time ``t`` (seconds), eased between the keyframes around it."""
        frames = self.keyframes
        if t <= frames[0].time_s:
            return frames[0].pose
        for prev, nxt in zip(frames, frames[1:], strict=False):
            if t < nxt.time_s:
                span = nxt.time_s - prev.time_s
                return prev.pose.towards(nxt.pose, nxt.easing((t - prev.time_s) / span))
        return frames[-1].pose


@dataclass(frozen=True)
class Timeline:
    """Every part's track over a clip of ``duration_s`` at ``fps``.

    Attributes
    ----------
    size:
        ``(width, height)`` of the canvas in px.
    duration_s:
        Length of the clip in seconds.
    fps:
        Frames per second (1..60).
    end_card_s:
        From this time on every part is at rest: the frames show the static creative.
    tracks:
        One :class:`Track` per animated part (parts without a track stay at rest).

    Raises
    ------
    ValueError
        If a track does not end at rest by ``end_card_s``, a part has two tracks, or the last
        frame would fall before the end card.
    """

    size: Size
    duration_s: float
    fps: int
    end_card_s: float
    tracks: tuple[Track, ...]

    def __post_init__(self) -> None:
        if not (self.duration_s > 0 and 1 <= self.fps <= 60):
            raise ValueError(f"a timeline needs duration > 0 s and 1..60 fps, got {self.duration_s} s at {self.fps} fps")
        if self.time_of(self.frame_count - 1) < self.end_card_s - 1e-9:
            raise ValueError(f"the end card at {self.end_card_s:.2f} s starts after the last frame of a {self.duration_s} s clip")
        parts = [t.part for t in self.tracks]
        if len(set(parts)) != len(parts):
            raise ValueError(f"each part may have one track, got {[p.value for p in parts]}")
        for track in self.tracks:
            last = track.keyframes[-1]
            if not last.pose.at_rest or last.time_s > self.end_card_s + 1e-9:
                raise ValueError(
                    f"track {track.part.value!r} must come to rest by the end card ({self.end_card_s:.2f} s); "
                    f"its last keyframe is {last.pose} at {last.time_s:.2f} s"
                )

    @property
    def frame_count(self) -> int:
        """Number of frames: ``round(duration_s · fps)``."""
        return max(1, round(self.duration_s * self.fps))

    def time_of(self, frame: int) -> float:
        """The time (s) frame ``frame`` shows: ``frame / fps``."""
        return frame / self.fps

    def track(self, part: Part) -> Track | None:
        """The track of ``part``, ``None`` when it does not move."""
        return next((t for t in self.tracks if t.part is part), None)

    def pose(self, part: Part, t: float) -> Pose:
        """The pose of ``part`` at time ``t`` (:data:`REST` for a part without a track)."""
        track = self.track(part)
        return track.pose_at(t) if track is not None else REST

    def at_rest(self, t: float) -> bool:
        """True when every part is at rest at ``t`` (the frame equals the static creative)."""
        return t >= self.end_card_s or all(track.pose_at(t).at_rest for track in self.tracks)

    def retimed(self, fps: int) -> Timeline:
        """The same motion sampled at another frame rate (banners use fewer frames)."""
        return Timeline(self.size, self.duration_s, fps, self.end_card_s, self.tracks)
