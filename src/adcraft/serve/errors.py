"""Errors of the server that map to HTTP statuses other than 400."""

from __future__ import annotations

from adcraft.errors import InputError


class NotFound(InputError):
    """A named product, job, creative or placement does not exist (HTTP 404)."""


class Conflict(InputError):
    """The request is valid but conflicts with the stored state, e.g. moving a locked
    element (HTTP 409)."""
