"""MP4 video of a creative: H.264 (libx264) in an MP4 with ``+faststart``, yuv420p, via PyAV.

:func:`export_video` builds the timeline (:mod:`adcraft.motion.choreography`), renders each
part once (:mod:`adcraft.motion.sprites`), composes the frames (:mod:`adcraft.motion.frames`)
and encodes them here. Colour: frames are converted from sRGB to Y′CbCr with the ITU-R BT.601
matrix in limited ("TV") range by OpenCV's ``COLOR_RGB2YUV_I420`` (about 10x faster than
swscale on these sizes) and the stream says so in its VUI (ITU-T H.273 code points: matrix 6
SMPTE 170M, primaries 1 BT.709 as sRGB's, transfer 1, limited range), so players decode the
colours as encoded. Canvases of odd width or height are padded by one replicated pixel (4:2:0
needs even sides). ``movflags=+faststart`` puts the index first so a clip starts playing
before it is downloaded (Meta and Google ask for it).
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import InputError
from adcraft.motion.audio import add_audio_stream, encode_audio, read_audio
from adcraft.motion.choreography import MotionStyle, build_timeline
from adcraft.motion.footage import FootageBackdrop
from adcraft.motion.frames import FrameRenderer
from adcraft.motion.sprites import build_sprites
from adcraft.render import Renderer

DURATIONS: tuple[int, ...] = (6, 10, 15)
"""Video lengths offered (s): the common in-feed/stories bumper and short spot lengths."""

Preset = Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium"]

# ITU-T H.273 code points written into the H.264 VUI
_MATRIX_SMPTE170M, _PRIMARIES_BT709, _TRANSFER_BT709, _RANGE_LIMITED = 6, 1, 1, 1


@dataclass(frozen=True)
class VideoSettings:
    """How a video is made.

    Attributes
    ----------
    duration_s:
        Clip length: 6, 10 or 15 s.
    fps:
        Frames per second (24, 25, 30 or 60).
    crf:
        x264 constant rate factor, 0..51 (lower is better; 18–23 is visually lossless to good).
    preset:
        x264 speed preset; ``superfast`` keeps a 6 s 1080x1920 clip near real time on 2 cores.
    footage:
        Optional video file to play as the background (cross-faded into the creative's own
        background before the end card).
    audio:
        Optional audio file, cut to the clip with a 0.5 s fade-out, muxed as AAC.

    Raises
    ------
    InputError
        If a value is outside its range; the message names the valid ones.
    """

    duration_s: int = 6
    fps: int = 30
    crf: int = 21
    preset: Preset = "superfast"
    footage: str | None = None
    audio: str | None = None

    def __post_init__(self) -> None:
        if self.duration_s not in DURATIONS:
            raise InputError(f"video duration must be one of {DURATIONS} s, got {self.duration_s}")
        if self.fps not in (24, 25, 30, 60):
            raise InputError(f"fps must be 24, 25, 30 or 60, got {self.fps}")
        if not 0 <= self.crf <= 51:
            raise InputError(f"crf must be within 0..51, got {self.crf}")
        if self.preset not in Preset.__args__:  # type: ignore[attr-defined]
            raise InputError(f"preset must be one of {Preset.__args__}, got {self.preset!r}")  # type: ignore[attr-defined]


def to_i420(rgb: np.ndarray) -> np.ndarray:
    """``uint8`` ``(H, W, 3)`` sRGB → ``uint8`` ``(H·3/2, W')`` planar Y′CbCr 4:2:0 (BT.601,
    limited range); odd sides are first padded by replicating the last row/column."""
    h, w = rgb.shape[:2]
    if h % 2 or w % 2:
        rgb = cv2.copyMakeBorder(rgb, 0, h % 2, 0, w % 2, cv2.BORDER_REPLICATE)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420)


def encode_mp4(
    frames: Iterable[np.ndarray],
    size: tuple[int, int],
    fps: int = 30,
    *,
    crf: int = 21,
    preset: Preset = "superfast",
    audio: np.ndarray | None = None,
) -> bytes:
    """Encode RGB frames as an H.264/MP4 file and return its bytes.

    Parameters
    ----------
    frames:
        ``uint8`` ``(H, W, 3)`` sRGB frames; passing the same array object as the previous
        frame skips its colour conversion (end cards).
    size:
        ``(W, H)`` of the frames.
    fps, crf, preset:
        As :class:`VideoSettings`.
    audio:
        ``float32`` ``(2, n)`` 48 kHz samples to mux as AAC (:func:`~adcraft.motion.audio.read_audio`).

    Returns
    -------
    bytes
        The MP4 file (``ftyp``, ``moov`` first, then ``mdat``).
    """
    import av

    w, h = size
    with tempfile.TemporaryDirectory(prefix="adcraft-video-") as tmp:
        path = Path(tmp) / "clip.mp4"
        with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            stream = out.add_stream("libx264", rate=fps)
            stream.width, stream.height = w + w % 2, h + h % 2
            stream.pix_fmt = "yuv420p"
            stream.options = {"preset": preset, "crf": str(crf), "g": str(2 * fps)}
            cc = stream.codec_context
            cc.colorspace, cc.color_primaries, cc.color_trc, cc.color_range = (
                _MATRIX_SMPTE170M, _PRIMARIES_BT709, _TRANSFER_BT709, _RANGE_LIMITED)
            audio_stream = add_audio_stream(out) if audio is not None else None
            _encode_frames(out, stream, frames, fps)
            if audio_stream is not None and audio is not None:
                encode_audio(out, audio_stream, audio)
        return path.read_bytes()


def _planes(frames: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
    """I420 planes of each frame; a frame that is the same object as the previous one reuses
    its planes."""
    previous: np.ndarray | None = None
    planes: np.ndarray | None = None
    for rgb in frames:
        if rgb is not previous or planes is None:
            planes, previous = to_i420(rgb), rgb
        yield planes


def prefetch(items: Iterator[np.ndarray], depth: int = 4) -> Iterator[np.ndarray]:
    """Yield ``items`` while a worker thread computes the next ``depth`` of them (OpenCV and
    the encoder release the GIL, so composing frame n+1 overlaps encoding frame n)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="adcraft-frames") as pool:
        pending: deque = deque()
        for _ in range(depth):
            pending.append(pool.submit(next, items, None))
        while pending:
            item = pending.popleft().result()
            if item is None:
                break
            pending.append(pool.submit(next, items, None))
            yield item


def _encode_frames(out, stream, frames: Iterable[np.ndarray], fps: int) -> None:  # noqa: ANN001 - PyAV types
    import av

    for i, planes in enumerate(prefetch(_planes(frames))):
        frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
        frame.pts, frame.time_base = i, Fraction(1, fps)
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def export_video(
    doc: DesignDocument,
    assets: AssetStore,
    settings: VideoSettings | None = None,
    renderer: Renderer | None = None,
) -> bytes:
    """An MP4 of ``doc`` animated along its timeline, ending on the static creative.

    Parameters
    ----------
    doc, assets:
        The design document and the store its asset names resolve in.
    settings:
        :class:`VideoSettings` (6 s, 30 fps, CRF 21, ``superfast`` when ``None``).
    renderer:
        A renderer with its fonts loaded (a new one when ``None``).

    Returns
    -------
    bytes
        H.264 High profile, yuv420p, ``duration_s · fps`` frames, ``+faststart`` MP4; the
        last frame before encoding equals ``Renderer.render(doc)``.

    Raises
    ------
    InputError
        If an asset, the footage or the audio file cannot be read.
    """
    settings = settings or VideoSettings()
    timeline = build_timeline(doc, settings.duration_s, settings.fps, MotionStyle.VIDEO)
    sprites = build_sprites(doc, assets, renderer or Renderer())
    footage = FootageBackdrop(settings.footage, sprites.background, timeline.end_card_s) if settings.footage else None
    try:
        audio = read_audio(settings.audio, settings.duration_s) if settings.audio else None
        frames = FrameRenderer(sprites, timeline, footage)
        return encode_mp4(iter(frames), doc.size, settings.fps, crf=settings.crf, preset=settings.preset, audio=audio)
    finally:
        if footage is not None:
            footage.close()
