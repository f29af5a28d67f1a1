"""The user's own footage as the background of a video (a video template).

As NetEase Yanxuan's smart creative does, a clip plays behind the product cut-out and the copy;
here it is scaled to cover the canvas (centre crop), looped when shorter than the clip, and
cross-faded into the creative's own background just before the end card, so that the last
frame is still the static creative.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from adcraft.errors import InputError
from adcraft.motion.easing import Easing
from adcraft.motion.timeline import Pose


def cover(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``image`` (``uint8`` ``(h, w, 3)``) scaled to cover ``size`` = ``(W, H)`` and centre-cropped."""
    h, w = image.shape[:2]
    W, H = size
    k = max(W / w, H / h)
    cw, ch = min(w, round(W / k)), min(h, round(H / k))
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    crop = image[y0 : y0 + ch, x0 : x0 + cw]
    return cv2.resize(crop, (W, H), interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR)


class FootageBackdrop:
    """Frames of a video file behind the creative, fading into ``still`` by ``fade_end_s``.

    Parameters
    ----------
    path:
        A video file FFmpeg reads (MP4, MOV, WebM…).
    still:
        ``uint8`` ``(H, W, 3)``: the creative's own background (what the footage fades into).
    fade_end_s:
        When the cross-fade ends (the end card's start); it lasts ``fade_s``.
    fade_s:
        Cross-fade length in seconds.

    Raises
    ------
    InputError
        If the file cannot be opened or has no video stream.
    """

    def __init__(self, path: str | Path, still: np.ndarray, fade_end_s: float, fade_s: float = 0.6) -> None:
        import av

        self.path = str(path)
        self.still = still
        self.size = (still.shape[1], still.shape[0])
        self.fade = (fade_end_s - fade_s, fade_end_s)
        try:
            self._container = av.open(self.path)
        except (av.error.FFmpegError, OSError) as exc:
            raise InputError(f"cannot read footage {self.path!r}: {exc}; give an MP4, MOV or WebM video") from None
        if not self._container.streams.video:
            raise InputError(f"{self.path!r} has no video stream; give an MP4, MOV or WebM video")
        self._container.streams.video[0].thread_type = "AUTO"
        self._frames = self._decode()
        first = next(self._frames, None)
        if first is None:
            raise InputError(f"{self.path!r} holds no decodable video frame")
        self._current = cover(first[1].to_ndarray(format="rgb24"), self.size)
        self._next = next(self._frames, None)
        self._loop_offset = -first[0]
        self._period_end = first[0]

    def _decode(self):  # noqa: ANN202 - generator of (time, frame)
        stream = self._container.streams.video[0]
        for frame in self._container.decode(stream):
            yield (float(frame.time or 0.0), frame)

    def _footage_at(self, t: float) -> np.ndarray:
        """The footage frame shown at clip time ``t`` (looping), covering the canvas."""
        while self._next is not None and self._next[0] + self._loop_offset <= t + 1e-6:
            self._current = cover(self._next[1].to_ndarray(format="rgb24"), self.size)
            self._period_end = self._next[0]
            self._next = next(self._frames, None)
            if self._next is None and self._period_end > 0:  # loop: decode again from the start
                self._container.seek(0)
                self._frames = self._decode()
                self._next = next(self._frames, None)
                if self._next is not None:
                    self._loop_offset += self._period_end + 1.0 / 30 - self._next[0]
        return self._current

    def frame(self, t: float, pose: Pose, anchor: tuple[float, float]) -> np.ndarray:
        """The footage at ``t``, cross-faded into the still background near the end card."""
        start, end = self.fade
        if t >= end:
            return self.still.copy()
        footage = self._footage_at(t)
        if t <= start:
            return footage.copy()
        w = Easing.EASE_IN_OUT_SINE((t - start) / (end - start))
        return cv2.addWeighted(self.still, w, footage, 1.0 - w, 0.0)

    def close(self) -> None:
        """Release the decoder."""
        self._container.close()
