"""The exception hierarchy of adcraft.

Two families, translated once at the edges (the CLI maps them to exit codes):

* :class:`InputError` — the caller gave something adcraft cannot use (a corrupt or tiny image,
  an unknown option, text that cannot fit). The message says what was received and what to do.
* :class:`InternalError` — adcraft itself failed (a model file missing from an installed
  package, an invariant broken). These are bugs or broken installs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_REPR = re.compile(r"<[^<>\n]{0,200}? at 0x[0-9A-Fa-f]+>")


class AdcraftError(Exception):
    """Base class of every error adcraft raises on purpose."""


class InputError(AdcraftError, ValueError):
    """Bad user input: the message names what was received and what to do instead."""


class ImageDecodeError(InputError):
    """The file is not a readable JPEG/PNG/WebP image (corrupt, truncated or another format)."""


class ImageTooLargeError(InputError):
    """The image has more pixels than the configured limit (decompression-bomb guard)."""


class ImageTooSmallError(InputError):
    """The image's short side is under the configured minimum for a banner."""


class UnknownOptionError(InputError, KeyError):
    """An unknown registry name or option; the message lists the valid ones."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0]) if self.args else ""


class TextFitError(InputError):
    """Text cannot be fitted into its box at the minimum font size."""


class PhotoRejectedError(InputError):
    """The photo assessment rejects the photo for a banner (all black, noise, blurred, a
    collage…); the message gives the assessment's reasons. Pass ``force`` to use it anyway."""


class NoCreativeError(InputError):
    """Generation ended without a single creative; the message says why per size."""

    @classmethod
    def from_rejections(cls, rejected: Iterable[object], sizes: Iterable[tuple[int, int]]) -> NoCreativeError:
        """The error for rejected candidates (objects with ``size``, ``family``, ``reason``)."""
        reasons: dict[str, list[str]] = {f"{w}x{h}": [] for w, h in sizes}
        for r in rejected:
            w, h = getattr(r, "size", (0, 0))
            why = strip_reprs(str(getattr(r, "reason", r)))
            bucket = reasons.setdefault(f"{w}x{h}", [])
            if why not in bucket:
                bucket.append(why)
        parts = [f"{size}: {'; '.join(why[:2]) if why else 'no candidate'}" for size, why in reasons.items()]
        text = " | ".join(parts)
        text = text[:600] + "…" if len(text) > 600 else text
        return cls(f"no creative could be made ({text}); shorten the texts or choose other sizes")


class InternalError(AdcraftError, RuntimeError):
    """adcraft failed on input it should handle: a bug or a broken installation."""


class StageError(InternalError):
    """An unexpected exception inside one stage of the pipeline, named by :attr:`stage`.

    Raised by :class:`adcraft.Engine` around each stage (``prepare``, ``plan``, ``realise``)
    so that a front-end can say where adcraft failed in one line, never with a traceback.
    """

    def __init__(self, stage: str, cause: BaseException) -> None:
        self.stage = stage
        super().__init__(f"stage {stage!r} failed: {_describe(cause)} (a bug: please report it with the command you ran)")


def strip_reprs(text: str) -> str:
    """``text`` without Python object reprs (``<_io.BytesIO object at 0x7f…>`` → ``the data``)."""
    return _REPR.sub("the data", text)


def _describe(exc: BaseException) -> str:
    text = strip_reprs(" ".join(str(exc).split()))
    text = text[:300] + "…" if len(text) > 300 else text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def internal_message(exc: BaseException) -> str:
    """One line describing an unexpected exception for a user (no traceback, no reprs)."""
    if isinstance(exc, InternalError):
        return str(exc)
    return f"{_describe(exc)} (a bug: please report it with the command you ran)"
