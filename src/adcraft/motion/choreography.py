"""The choreography: which part of a design document moves how and when.

:func:`build_timeline` reads a :class:`~adcraft.document.DesignDocument` and writes one
:class:`~adcraft.motion.timeline.Track` per part present, following the reading order of the
design guide (product, then headline, then price, then CTA; the message is complete in about
3 s), then holds an end card:

============  ==========================================================  ==========
part          motion                                                      from (s)
============  ==========================================================  ==========
background    slow zoom 1.08 → 1 (pan + zoom on landscape canvases; none    0 → end card
              on a solid colour, where it would show nothing)
decoration    fade in                                                      0.0
product       rise, fade and scale 0.9 → 1.04, then a gentle Ken Burns     0.15
              settle 1.04 → 1 (anchored at its base, so it stays grounded)
photo panel   fade in while its picture zooms 1.12 → 1.06, then settles     0.15
              to 1 — inside its frame (the track clips to the panel's box)
underlay      fade in (the panel comes before what sits on it)               0.25
logo          fade in, dropping into place                                 0.45
headline      wipe reveal (from its alignment edge) while rising           1.0
sub-line      fade in while rising                                         1.5
price         pop: scale 0.4 → overshoot → 1 (ease-out-back)              2.0
CTA           rise and fade in, then a pulse (scale 1.07) every 1.5 s      2.5
end card      the static creative, held                                    last 1.5/2/2.5 s
============  ==========================================================  ==========

The schedule is compressed on clips shorter than 6 s. :attr:`MotionStyle.BANNER` keeps the
background and the product's scale still after its entrance and pulses the CTA once: display
banners are budgeted in bytes, and a moving full-frame background costs every pixel of every
frame. On story canvases (h ≥ 1200 px, w/h ≤ 0.6) no text or logo is moved into the top or
bottom 14 % (Meta Business Help Center, *Stories ads: leave roughly 14 % (250 px) of the top
and bottom free from text and logos*).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from adcraft.document import DesignDocument, TextLayer
from adcraft.geometry import Box, bbox_of
from adcraft.motion.easing import Easing
from adcraft.motion.timeline import (
    PART_OF_ROLE,
    REST,
    TEXT_PARTS,
    Keyframe,
    Part,
    Pose,
    Timeline,
    Track,
)
from adcraft.sizes import Size

STORY_ZONE = 0.14
"""Share of a story canvas's height kept free of text at the top and at the bottom."""


class MotionStyle(StrEnum):
    """How much moves: everything (video) or what fits a display banner's byte budget."""

    VIDEO = "video"
    BANNER = "banner"


@dataclass(frozen=True)
class _Context:
    """What every part's keyframes are computed from."""

    size: Size
    end_s: float
    pace: float
    style: MotionStyle
    band: tuple[float, float] | None
    flat_background: bool = False


def end_card_seconds(duration_s: float) -> float:
    """Length of the end card (the static creative held at the end): 1.5 s for clips up to
    6 s, 2 s up to 10 s, 2.5 s beyond; a quarter of the clip when that is shorter."""
    hold = 1.5 if duration_s <= 6 else 2.0 if duration_s <= 10 else 2.5
    return min(hold, duration_s * 0.25)


def is_story(size: Size) -> bool:
    """Tall story/reel canvases (h ≥ 1200 px, w/h ≤ 0.6), as :func:`adcraft.sizes.safe_area`."""
    w, h = size
    return h >= 1200 and w / h <= 0.6


def story_band(size: Size) -> tuple[float, float] | None:
    """``(top, bottom)`` in px between which text may appear on a story canvas, else ``None``."""
    return (size[1] * STORY_ZONE, size[1] * (1 - STORY_ZONE)) if is_story(size) else None


def safe_zone_violations(doc: DesignDocument) -> tuple[str, ...]:
    """Text and logo layers of a story document that reach into the top or bottom 14 %.

    Returns one message per offending layer (empty for other canvases): the static layout is
    the layout's business, but a video of it says so.
    """
    band = story_band(doc.size)
    if band is None:
        return ()
    out = []
    for layer in doc.layers:
        part = PART_OF_ROLE.get(layer.role)
        if part in TEXT_PARTS and (layer.box[1] < band[0] - 0.5 or layer.box[3] > band[1] + 0.5):
            out.append(
                f"{layer.role.value} at y {layer.box[1]}..{layer.box[3]} reaches into the stories safe zone "
                f"(keep y within {band[0]:.0f}..{band[1]:.0f} px, the middle {100 - 2 * STORY_ZONE * 100:.0f} %)"
            )
    return tuple(out)


def part_boxes(doc: DesignDocument) -> dict[Part, Box]:
    """The bounding box (canvas px) of each part's layers in ``doc``."""
    boxes: dict[Part, list[Box]] = {}
    for layer in doc.layers:
        boxes.setdefault(PART_OF_ROLE.get(layer.role, Part.DECORATION), []).append(tuple(layer.box))
    return {part: bbox_of(bs) for part, bs in boxes.items()}  # type: ignore[misc]


def _anchor(part: Part, boxes: dict[Part, Box], doc: DesignDocument) -> tuple[float, float]:
    l, t, r, b = boxes[part]
    if part is Part.PRODUCT:
        pl, pt, pr, pb = doc.product.box if doc.product else next(
            (tuple(x.box) for x in doc.layers if PART_OF_ROLE.get(x.role) is Part.PRODUCT), (l, t, r, b)
        )
        return ((pl + pr) / 2, pb)  # its base: the product stays on its shadow
    if part is Part.CTA:
        key = next((x.box for x in doc.layers if x.role == "button"), (l, t, r, b))
        return ((key[0] + key[2]) / 2, (key[1] + key[3]) / 2)
    return ((l + r) / 2, (t + b) / 2)


def _wipe(doc: DesignDocument, part: Part) -> str:
    align = next((x.align for x in doc.layers if isinstance(x, TextLayer) and PART_OF_ROLE.get(x.role) is part), "left")
    return {"left": "left", "center": "center", "right": "right"}[align]


def _inside_band(box: Box, anchor: tuple[float, float], pose: Pose, band: tuple[float, float]) -> bool:
    ay = anchor[1]
    top = ay + pose.scale * (box[1] - ay) + pose.dy
    bottom = ay + pose.scale * (box[3] - ay) + pose.dy
    return top >= band[0] - 0.5 and bottom <= band[1] + 0.5


def _keep_in_band(pose: Pose, box: Box, anchor: tuple[float, float], band: tuple[float, float] | None) -> Pose:
    """``pose`` with its scale and offset shrunk towards rest until the moved box stays in the
    story band (only for boxes that lie inside it when static)."""
    if band is None or not _inside_band(box, anchor, REST, band) or _inside_band(box, anchor, pose, band):
        return pose
    lo, hi = 0.0, 1.0
    for _ in range(20):
        mid = (lo + hi) / 2
        trial = Pose(1 + (pose.scale - 1) * mid, pose.dx * mid, pose.dy * mid, pose.opacity, pose.reveal)
        lo, hi = (mid, hi) if _inside_band(box, anchor, trial, band) else (lo, mid)
    return Pose(1 + (pose.scale - 1) * lo, pose.dx * lo, pose.dy * lo, pose.opacity, pose.reveal)


def _entrance(start: float, length: float, first: Pose, ctx: _Context, easing: Easing = Easing.EASE_OUT_CUBIC) -> list[Keyframe]:
    t0 = start * ctx.pace
    return [Keyframe(t0, first), Keyframe(t0 + length * ctx.pace, REST, easing)]


def _pulses(start: float, ctx: _Context, every: float = 1.5, length: float = 0.6, scale: float = 1.07) -> list[Keyframe]:
    """CTA pulses: 1 → ``scale`` → 1 (sine in-out), every ``every`` s until the end card."""
    out: list[Keyframe] = []
    t = start * ctx.pace
    count = 0
    while t + length <= ctx.end_s and (ctx.style is MotionStyle.VIDEO or count < 1):
        out += [Keyframe(t, REST), Keyframe(t + length / 2, Pose(scale=scale), Easing.EASE_IN_OUT_SINE),
                Keyframe(t + length, REST, Easing.EASE_IN_OUT_SINE)]
        t += every
        count += 1
    return out


def _background(ctx: _Context) -> list[Keyframe]:
    if ctx.style is MotionStyle.BANNER or ctx.flat_background:
        return []
    w, h = ctx.size
    zoom = 1.08
    dx = (zoom - 1) * w / 2 * 0.9 if w / h >= 1.25 else 0.0  # landscape: pan while zooming out
    return [Keyframe(0.0, Pose(scale=zoom, dx=dx)), Keyframe(ctx.end_s, REST, Easing.EASE_IN_OUT_SINE)]


def _keyframes(part: Part, ctx: _Context) -> list[Keyframe]:
    """The keyframes of one part under the schedule of the module docstring."""
    h = ctx.size[1]
    hidden = Pose(opacity=0.0)
    if part is Part.BACKGROUND:
        return _background(ctx)
    if part is Part.DECORATION:
        return _entrance(0.0, 0.6, hidden, ctx)
    if part is Part.PRODUCT:
        video = ctx.style is MotionStyle.VIDEO
        settled = Pose(scale=1.04) if video else REST
        first = Pose(scale=0.9, dy=0.06 * h, opacity=0.0)
        t0, t1 = 0.15 * ctx.pace, 1.05 * ctx.pace
        frames = [Keyframe(t0, first), Keyframe(t1, settled)]
        return frames + ([Keyframe(ctx.end_s, REST, Easing.EASE_IN_OUT_SINE)] if video else [])
    if part is Part.PHOTO:
        video = ctx.style is MotionStyle.VIDEO
        t0, t1 = 0.15 * ctx.pace, 1.05 * ctx.pace
        frames = [Keyframe(t0, Pose(scale=1.12, opacity=0.0)), Keyframe(t1, Pose(scale=1.06) if video else REST)]
        return frames + ([Keyframe(ctx.end_s, REST, Easing.EASE_IN_OUT_SINE)] if video else [])
    if part is Part.LOGO:
        return _entrance(0.45, 0.5, Pose(dy=-0.015 * h, opacity=0.0), ctx)
    if part is Part.UNDERLAY:
        return _entrance(0.25, 0.4, hidden, ctx)
    if part is Part.HEADLINE:
        return _entrance(1.0, 0.7, Pose(dy=0.012 * h, opacity=0.0, reveal=0.0), ctx)
    if part is Part.SUBLINE:
        return _entrance(1.5, 0.6, Pose(dy=0.01 * h, opacity=0.0), ctx)
    if part is Part.PRICE:
        return _entrance(2.0, 0.5, Pose(scale=0.4, opacity=0.0), ctx, Easing.EASE_OUT_BACK)
    if part is Part.CTA:
        return _entrance(2.5, 0.45, Pose(dy=0.012 * h, opacity=0.0), ctx) + _pulses(3.3, ctx)
    return []


def build_timeline(
    doc: DesignDocument, duration_s: float = 6.0, fps: int = 30, style: MotionStyle = MotionStyle.VIDEO,
    still: frozenset[Part] = frozenset(),
) -> Timeline:
    """The timeline of ``doc``: a track per part present, at rest from the end card on.

    Parameters
    ----------
    doc:
        The design document (its layers' roles choose the parts).
    duration_s:
        Clip length in seconds, 2..60 (videos use 6, 10 or 15).
    fps:
        Frames per second, 1..60.
    style:
        :class:`MotionStyle`.
    still:
        Parts that do not move at all (a banner over its byte budget keeps its picture still
        and animates only the copy).

    Raises
    ------
    ValueError
        If ``duration_s`` or ``fps`` is out of range.
    """
    if not (2.0 <= duration_s <= 60.0 and 1 <= fps <= 60):
        raise ValueError(f"duration must be 2..60 s and fps 1..60, got {duration_s} s at {fps} fps")
    end_s = duration_s - end_card_seconds(duration_s)
    ctx = _Context(doc.size, end_s, min(1.0, end_s / 3.6), MotionStyle(style), story_band(doc.size),
                   flat_background=doc.background.style == "solid")
    boxes = part_boxes(doc)
    tracks = []
    for part in _present(doc, boxes):
        frames = [] if part in still else _keyframes(part, ctx)
        if not frames:
            continue
        box = boxes.get(part, (0, 0, *doc.size))
        anchor = _anchor(part, boxes, doc) if part in boxes else (doc.size[0] / 2, doc.size[1] / 2)
        if part in TEXT_PARTS:
            frames = [Keyframe(k.time_s, _keep_in_band(k.pose, box, anchor, ctx.band), k.easing) for k in frames]
        tracks.append(Track(part, anchor, tuple(frames), wipe=_wipe(doc, part), clip=part is Part.PHOTO))  # type: ignore[arg-type]
    return Timeline(doc.size, duration_s, fps, end_s, tuple(tracks))


def _present(doc: DesignDocument, boxes: dict[Part, Box]) -> Iterable[Part]:
    yield Part.BACKGROUND
    yield from (p for p in Part if p in boxes)
