"""What every router shares: the service, API keys, 404 look-ups and the documented errors."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any

from fastapi import Depends, Request
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from adcraft.serve.errors import NotFound
from adcraft.serve.service import Service

KEY_COOKIE = "adcraft_key"


class ApiError(HTTPException):
    """An HTTP error whose detail is shown as ``{"error": detail}``."""


class ErrorBody(BaseModel):
    """Every error answer: one sentence that says what was wrong and what to do."""

    error: str


_WHY = {
    400: "Bad input: the message says what was received and what to send instead.",
    401: "No API key: send header X-API-Key (printed by `adcraft serve`, stored in <data>/api_key).",
    403: "The API key is not valid for this server.",
    404: "The named resource does not exist.",
    405: "Method not allowed; the Allow header lists the allowed ones.",
    409: "Conflicts with the stored state (e.g. a locked element).",
    410: "Gone: the decision token has expired.",
    413: "The request body or image is over the configured limit.",
    415: "Unsupported media type.",
    422: "The request does not match the schema.",
    429: "Too many queued jobs; retry after the Retry-After header's seconds.",
    500: "Internal error (a bug); the message names it in one line.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for error ``codes`` (each ``{"error": "..."}``)."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": ErrorBody, "description": _WHY[code]}
        if code == 429:
            entry["headers"] = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
        if code == 405:
            entry["headers"] = {"Allow": {"description": "allowed methods", "schema": {"type": "string"}}}
        out[code] = entry
    return out


#: What every route may answer: bad input, schema mismatch, body too large, internal error.
COMMON = (400, 413, 422, 500)
#: ... and what every keyed route may answer in addition.
KEYED = (*COMMON, 401, 403)


def service(request: Request) -> Service:
    """The :class:`Service` of the running app."""
    return request.app.state.service


def given_key(request: Request) -> str | None:
    """The key a request carries: ``X-API-Key``, ``Authorization: Bearer`` or the cookie."""
    auth = request.headers.get("authorization", "")
    bearer = auth[7:] if auth.lower().startswith("bearer ") else None
    return request.headers.get("x-api-key") or bearer or request.cookies.get(KEY_COOKIE)


def valid_key(svc: Service, key: str) -> bool:
    """``True`` when ``key`` is one of the server's keys (constant-time comparison)."""
    return any(hmac.compare_digest(key.encode(), k.encode()) for k in svc.settings.api_keys)


def require_key(request: Request) -> None:
    """Accept ``X-API-Key``, ``Authorization: Bearer`` or the ``adcraft_key`` cookie."""
    given = given_key(request)
    if not given:
        raise ApiError(401, "this endpoint needs an API key: send header X-API-Key (printed by `adcraft serve`, stored in <data>/api_key)")
    if not valid_key(service(request), given):
        raise ApiError(403, "the API key is not valid for this server")


Key = Depends(require_key)


def iso(t: datetime | None) -> str | None:
    """ISO 8601 in UTC (SQLite gives back naive datetimes; they were stored as UTC)."""
    if t is None:
        return None
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).isoformat()


def get_or_404(session, model, key: str, what: str):
    """The row of ``model`` with primary key ``key``.

    Raises
    ------
    NotFound
        If there is none (or the key is not a plausible id).
    """
    row = session.get(model, key) if isinstance(key, str) and len(key) <= 64 else None
    if row is None:
        raise NotFound(f"{what} {key[:80]!r} does not exist")
    return row
