"""A user's audio track for a video: decoded, fitted to the clip and encoded as AAC (PyAV).

The track is decoded with FFmpeg (any container/codec it reads: MP3, M4A, WAV, OGG…),
resampled to 48 kHz stereo float, cut to the clip's length, given a 0.5 s fade-out (a hard cut
at the end of an ad clicks audibly) and encoded with FFmpeg's native AAC-LC encoder at
128 kbit/s — the codec and rate Meta's and Google's video specs ask for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from adcraft.errors import InputError

RATE = 48_000
FRAME = 1024  # samples per AAC frame


def read_audio(path: str | Path, duration_s: float) -> np.ndarray:
    """The first ``duration_s`` seconds of ``path`` as ``float32`` ``(2, n)`` in ``[-1, 1]`` at
    48 kHz, zero-padded when the track is shorter, with a 0.5 s linear fade-out.

    Raises
    ------
    InputError
        If the file cannot be read or holds no audio stream.
    """
    import av

    want = int(round(duration_s * RATE))
    chunks: list[np.ndarray] = []
    got = 0
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise InputError(f"{str(path)!r} has no audio stream; give an audio file (MP3, M4A, WAV, OGG)")
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(2, -1))
                    got += chunks[-1].shape[1]
                if got >= want:
                    break
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(f"cannot read audio {str(path)!r}: {exc}; give an MP3, M4A, WAV or OGG file") from None
    samples = np.concatenate(chunks, axis=1)[:, :want] if chunks else np.zeros((2, 0), np.float32)
    if samples.shape[1] < want:
        samples = np.pad(samples, ((0, 0), (0, want - samples.shape[1])))
    fade = min(want, RATE // 2)
    samples = samples.astype(np.float32, copy=True)
    samples[:, want - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return np.clip(samples, -1.0, 1.0)


def add_audio_stream(container):  # noqa: ANN001, ANN201 - PyAV types
    """Add an AAC-LC 48 kHz stereo 128 kbit/s stream to an output ``container`` (before any
    packet is written) and return it."""
    stream = container.add_stream("aac", rate=RATE)
    stream.layout = "stereo"
    stream.bit_rate = 128_000
    return stream


def encode_audio(container, stream, samples: np.ndarray) -> None:  # noqa: ANN001 - PyAV types
    """Encode ``samples`` (``float32`` ``(2, n)``) into ``stream`` and mux the packets."""
    import av

    for i, start in enumerate(range(0, samples.shape[1], FRAME)):
        chunk = np.ascontiguousarray(samples[:, start : start + FRAME])
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
        frame.sample_rate = RATE
        frame.pts = i * FRAME
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
