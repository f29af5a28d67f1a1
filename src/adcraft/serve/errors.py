"""Errors of the server that map to HTTP statuses other than 400."""

from __future__ import annotations

from adcraft.errors import InputError


class NotFound(InputError):
    """A named product, job, creative or placement does not exist (HTTP 404)."""


class Conflict(InputError):
    """The request is valid but conflicts with the stored state, e.g. moving a locked
    element (HTTP 409)."""


class TooLarge(InputError):
    """A feed over the configured size or item count (HTTP 413)."""


class TokenRefused(InputError):
    """A decision token that this server did not sign, or that is malformed (HTTP 403)."""


class TokenExpired(InputError):
    """A decision token older than the configured lifetime (HTTP 410)."""


class QueueFull(InputError):
    """Too many generation jobs wait already (HTTP 429 with ``Retry-After``).

    Attributes
    ----------
    retry_after_s:
        Seconds after which a retry may find room.
    """

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = int(retry_after_s)
