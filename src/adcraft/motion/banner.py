"""Animated display banners: GIF and animated WebP of a creative's timeline within a byte budget.

The sequence is the static creative (shown while the page loads and wherever animation is
off), the timeline of :attr:`~adcraft.motion.choreography.MotionStyle.BANNER` (the build-up),
and the static creative again, held as the end card; a banner plays at most 3 times and at
most 30 s in all (IAB Display Advertising Guidelines; Google Ads' animated image ad rules), and
stops on the static creative.

Fitting the budget (150 KB by default, Google Display's limit) is a search over settings from
the best-looking down, the first that fits wins:

* GIF (GIF89a): one global palette for all frames (median cut over the static creative and
  three moments of the animation; Heckbert 1982) with Floyd–Steinberg dithering, pixels that
  did not change keep last frame's index (so dithering never flickers and frame differencing
  finds only what moved), and Pillow's writer stores each frame as the changed rectangle with
  unchanged pixels transparent. Knobs: frame rate (20, 10, 5, 4 fps: whole centiseconds), then
  palette size (255, 127, 63 colours + transparency), then fewer moving pixels: the picture
  (product or photo, background, decorations) stands still and only the copy animates.
* WebP (libwebp's animation encoder, which does its own frame differencing): lossy quality by
  bisection between the floor and 90, at 20, 15, 10 and 8 fps.

Below the floor (4 fps, 63 colours and a still picture; WebP quality 40) a banner is not
degraded further: it is returned with ``fits=False`` and its size, for the caller to report.

Loop counts: WebP's ANIM chunk counts plays (Google, *WebP Container Specification*); GIF's
NETSCAPE2.0 extension counts repetitions after the first play (as Chromium and Firefox read it:
Chromium issue 592735, Mozilla bug 1255497), so a GIF that plays 3 times carries 2, and one
that plays once carries no extension.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import InputError
from adcraft.motion.choreography import MotionStyle, build_timeline
from adcraft.motion.frames import FrameRenderer
from adcraft.motion.sprites import SpriteSet, build_sprites
from adcraft.motion.timeline import Part
from adcraft.render import Renderer

BannerFormat = Literal["gif", "webp"]

GIF_FPS: tuple[int, ...] = (20, 10, 5, 4)
GIF_COLOURS: tuple[int, ...] = (255, 127, 63)
WEBP_FPS: tuple[int, ...] = (20, 15, 10, 8)
WEBP_QUALITY_FLOOR = 40
DEFAULT_BUDGET = 150_000
STILL_PICTURE: frozenset[Part] = frozenset({Part.BACKGROUND, Part.PRODUCT, Part.PHOTO, Part.DECORATION})
"""What a GIF over budget keeps still, last: every pixel of a moving picture is re-encoded in
every frame, while the copy animates in small rectangles."""


@dataclass(frozen=True)
class BannerLimits:
    """What a banner must keep to.

    Attributes
    ----------
    budget_bytes:
        Largest file size in bytes (150 000 for Google Display).
    max_fps:
        Highest frame rate allowed (Google Ads: animated GIFs at 5 fps or slower).
    max_total_s:
        Longest total animation time over all plays (30 s).
    max_plays:
        Most plays (3).

    Raises
    ------
    InputError
        If a limit is not positive or the frame rate is outside 1..60.
    """

    budget_bytes: int = DEFAULT_BUDGET
    max_fps: int = 20
    max_total_s: float = 30.0
    max_plays: int = 3

    def __post_init__(self) -> None:
        if self.budget_bytes <= 0 or not 1 <= self.max_fps <= 60 or self.max_total_s <= 0 or self.max_plays < 1:
            raise InputError(f"banner limits need a positive budget, 1..60 fps, a positive length and ≥ 1 play, got {self}")


@dataclass(frozen=True)
class AnimatedBanner:
    """An animated banner and how it was fitted.

    Attributes
    ----------
    data:
        The file's bytes.
    format:
        ``"gif"`` or ``"webp"``.
    size:
        ``(width, height)``.
    fps:
        Frame rate of the build-up.
    frames:
        Frames in the sequence before identical ones were merged.
    plays:
        Times it plays.
    play_s:
        Length of one play in seconds.
    setting:
        The palette size or WebP quality that fitted (``"255 colours"``, ``"quality 80"``).
    fits:
        ``data`` is within ``budget_bytes``.
    budget_bytes:
        The budget.
    attempts:
        ``(setting, bytes)`` of every encoding tried, in order.
    """

    data: bytes
    format: BannerFormat
    size: tuple[int, int]
    fps: int
    frames: int
    plays: int
    play_s: float
    setting: str
    fits: bool
    budget_bytes: int
    attempts: tuple[tuple[str, int], ...]


def banner_sequence(sprites: SpriteSet, doc: DesignDocument, duration_s: float, fps: int, poster_s: float = 1.0,
                    still: frozenset[Part] = frozenset()):
    """``(frames, durations_ms)``: the static creative for ``poster_s``, the build-up at ``fps``
    (``still`` parts do not move), the static creative held through the end card. Frames are
    ``uint8`` ``(H, W, 3)``."""
    timeline = build_timeline(doc, duration_s, fps, MotionStyle.BANNER, still)
    renderer = FrameRenderer(sprites, timeline)
    step = round(1000 / fps)
    frames: list[np.ndarray] = [sprites.static]
    durations = [round(poster_s * 1000)]
    for i in range(timeline.frame_count):
        t = timeline.time_of(i)
        if t >= timeline.end_card_s:
            break
        frames.append(renderer.composite(t))
        durations.append(step)
    built = len(frames) - 1
    frames.append(sprites.static)
    durations.append(max(step, round(duration_s * 1000) - built * step))
    return frames, durations


def _palette(frames: Sequence[np.ndarray], colours: int) -> Image.Image:
    """A ``P`` image whose palette (``colours`` entries, median cut) suits every frame."""
    picks = [frames[0], frames[0], *(frames[int(len(frames) * k)] for k in (0.3, 0.5, 0.7))]
    montage = Image.fromarray(np.vstack(picks))
    return montage.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def _indexed(frames: Sequence[np.ndarray], palette: Image.Image) -> list[Image.Image]:
    """Frames mapped to ``palette`` with Floyd–Steinberg dithering; unchanged pixels keep the
    previous frame's index."""
    out: list[Image.Image] = []
    prev_rgb: np.ndarray | None = None
    prev_idx: np.ndarray | None = None
    for rgb in frames:
        idx = np.array(Image.fromarray(rgb).quantize(palette=palette, dither=Image.Dither.FLOYDSTEINBERG))
        if prev_rgb is not None and prev_idx is not None:
            same = (rgb == prev_rgb).all(axis=2)
            idx[same] = prev_idx[same]
        im = Image.fromarray(idx, "P")
        im.putpalette(palette.getpalette())
        out.append(im)
        prev_rgb, prev_idx = rgb, idx
    return out


def encode_gif(frames: Sequence[np.ndarray], durations: Sequence[int], colours: int, plays: int) -> bytes:
    """GIF89a bytes of ``frames`` with one ``colours``-entry palette, ``durations`` in ms."""
    indexed = _indexed(frames, _palette(frames, colours))
    buf = io.BytesIO()
    extra = {"loop": plays - 1} if plays > 1 else {}
    indexed[0].save(buf, "GIF", save_all=True, append_images=indexed[1:], duration=list(durations),
                    optimize=True, disposal=1, **extra)
    return buf.getvalue()


def encode_webp(frames: Sequence[np.ndarray], durations: Sequence[int], quality: int, plays: int) -> bytes:
    """Animated lossy WebP bytes of ``frames`` at ``quality`` (0..100), ``durations`` in ms."""
    images = [Image.fromarray(f) for f in frames]
    buf = io.BytesIO()
    images[0].save(buf, "WEBP", save_all=True, append_images=images[1:], duration=list(durations),
                   loop=plays, quality=quality, method=4, allow_mixed=False, kmax=len(images))
    return buf.getvalue()


def _plays(play_s: float, limits: BannerLimits) -> int:
    return max(1, min(limits.max_plays, int(limits.max_total_s // play_s)))


def _search_gif(sprites, doc, duration_s, limits) -> AnimatedBanner:  # noqa: ANN001
    attempts: list[tuple[str, int]] = []
    fps_list = [f for f in GIF_FPS if f <= limits.max_fps] or [max(1, limits.max_fps)]
    full = [(f, c, frozenset()) for f in fps_list for c in GIF_COLOURS[:2]] + [(fps_list[-1], GIF_COLOURS[-1], frozenset())]
    trials = full + [(f, GIF_COLOURS[1], STILL_PICTURE) for f in fps_list] + [(fps_list[-1], GIF_COLOURS[-1], STILL_PICTURE)]
    best: AnimatedBanner | None = None
    for fps, colours, still in trials:
        frames, durations = banner_sequence(sprites, doc, duration_s, fps, still=still)
        plays = _plays(sum(durations) / 1000, limits)
        data = encode_gif(frames, durations, colours, plays)
        setting = f"{colours} colours" + (", picture still" if still else "")
        attempts.append((f"{fps} fps, {setting}", len(data)))
        result = AnimatedBanner(data, "gif", sprites.size, fps, len(frames), plays, sum(durations) / 1000,
                                setting, len(data) <= limits.budget_bytes, limits.budget_bytes, ())
        if best is None or len(data) < len(best.data):
            best = result
        if result.fits:
            best = result
            break
    assert best is not None
    return AnimatedBanner(**{**best.__dict__, "attempts": tuple(attempts)})


def _search_webp(sprites, doc, duration_s, limits) -> AnimatedBanner:  # noqa: ANN001
    attempts: list[tuple[str, int]] = []
    fps_list = [f for f in WEBP_FPS if f <= limits.max_fps] or [max(1, limits.max_fps)]
    best: AnimatedBanner | None = None
    for fps in fps_list:
        frames, durations = banner_sequence(sprites, doc, duration_s, fps)
        plays = _plays(sum(durations) / 1000, limits)
        lo, hi, found = WEBP_QUALITY_FLOOR, 90, None
        while lo <= hi:
            q = (lo + hi) // 2
            data = encode_webp(frames, durations, q, plays)
            attempts.append((f"{fps} fps, quality {q}", len(data)))
            if len(data) <= limits.budget_bytes:
                found, lo = (q, data), q + 1
            else:
                hi = q - 1
                if best is None or (not best.fits and len(data) < len(best.data)):
                    best = AnimatedBanner(data, "webp", sprites.size, fps, len(frames), plays, sum(durations) / 1000,
                                          f"quality {q}", False, limits.budget_bytes, ())
        if found is not None:
            q, data = found
            result = AnimatedBanner(data, "webp", sprites.size, fps, len(frames), plays, sum(durations) / 1000,
                                    f"quality {q}", True, limits.budget_bytes, ())
            if best is None or not best.fits or q > int(best.setting.split()[-1]):
                best = result
            if q >= 70:
                break
    assert best is not None
    return AnimatedBanner(**{**best.__dict__, "attempts": tuple(attempts)})


def export_banner(
    doc: DesignDocument,
    assets: AssetStore,
    fmt: BannerFormat = "gif",
    limits: BannerLimits | None = None,
    duration_s: float = 6.0,
    renderer: Renderer | None = None,
    sprites: SpriteSet | None = None,
) -> AnimatedBanner:
    """An animated GIF or WebP of ``doc`` fitted to ``limits`` (see the module docstring).

    Parameters
    ----------
    doc, assets:
        The design document and its asset store.
    fmt:
        ``"gif"`` or ``"webp"``.
    limits:
        :class:`BannerLimits` (150 KB, 20 fps, 30 s, 3 plays when ``None``).
    duration_s:
        Length of one play's build-up and end card (the static poster frame adds 1 s).
    renderer, sprites:
        Reuse a renderer, or sprites already built for ``doc``.

    Returns
    -------
    AnimatedBanner
        ``fits`` is False when even the floor settings exceed the budget.

    Raises
    ------
    InputError
        If ``fmt`` is unknown or an asset cannot be read.
    """
    if fmt not in ("gif", "webp"):
        raise InputError(f"animated banner format must be 'gif' or 'webp', got {fmt!r}")
    limits = limits or BannerLimits()
    sprites = sprites or build_sprites(doc, assets, renderer or Renderer())
    search = _search_gif if fmt == "gif" else _search_webp
    return search(sprites, doc, duration_s, limits)


def export_gif(doc: DesignDocument, assets: AssetStore, limits: BannerLimits | None = None, duration_s: float = 6.0,
               renderer: Renderer | None = None) -> AnimatedBanner:
    """:func:`export_banner` as GIF."""
    return export_banner(doc, assets, "gif", limits, duration_s, renderer)


def export_animated_webp(doc: DesignDocument, assets: AssetStore, limits: BannerLimits | None = None,
                         duration_s: float = 6.0, renderer: Renderer | None = None) -> AnimatedBanner:
    """:func:`export_banner` as animated WebP."""
    return export_banner(doc, assets, "webp", limits, duration_s, renderer)
