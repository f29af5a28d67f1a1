"""The exception hierarchy of adcraft.

Two families, translated once at the edges (the CLI maps them to exit codes):

* :class:`InputError` — the caller gave something adcraft cannot use (a corrupt or tiny image,
  an unknown option, text that cannot fit). The message says what was received and what to do.
* :class:`InternalError` — adcraft itself failed (a model file missing from an installed
  package, an invariant broken). These are bugs or broken installs.
"""

from __future__ import annotations


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


class InternalError(AdcraftError, RuntimeError):
    """adcraft failed on input it should handle: a bug or a broken installation."""
