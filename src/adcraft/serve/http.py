"""HTTP plumbing of the API: bounded JSON bodies, the body-size limit, security headers, and
one table that turns every error into ``{"error": message}`` with its status.

* :class:`StrictJSONRoute` parses JSON bodies with :func:`adcraft.io.jsonfile.loads` (UTF-8,
  depth, size and number bounds, no ``NaN``/``Infinity``), so a hostile body gets a 400 that
  names the problem instead of a ``RecursionError``.
* :class:`BodyLimit` refuses bodies over the upload limit (declared or streamed) with 413.
* :class:`SecurityHeaders` adds ``X-Content-Type-Options: nosniff`` to every answer and a
  Content-Security-Policy, ``X-Frame-Options: DENY`` and ``Referrer-Policy`` to the studio.
* :func:`install_error_handlers` maps the exception classes to statuses (Starlette's handler
  lookup by class); an unexpected exception is a 500 with one line, never a traceback.
"""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount

from adcraft.errors import ImageTooLargeError, InputError, UnknownOptionError, internal_message
from adcraft.io.jsonfile import loads
from adcraft.serve.errors import Conflict, NotFound, QueueFull, TokenExpired, TokenRefused, TooLarge

log = logging.getLogger("adcraft.serve")

STUDIO_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class StrictRequest(Request):
    """A request whose :meth:`json` applies the bounds of :func:`adcraft.io.jsonfile.loads`."""

    async def json(self):
        if not hasattr(self, "_json"):
            try:
                self._json = loads(await self.body(), "the request body")
            except InputError as exc:
                raise HTTPException(400, str(exc)) from None
        return self._json


class StrictJSONRoute(APIRoute):
    """An API route whose JSON body is parsed by :class:`StrictRequest`."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def strict(request: Request):
            return await handler(StrictRequest(request.scope, request.receive))

        return strict


class BodyLimit:
    """ASGI middleware: 413 with a JSON message when a request body is over ``limit`` bytes,
    whether declared in ``Content-Length`` (refused before reading) or streamed."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    def _message(self, size: str) -> str:
        return f"the request body ({size}) is over the {self.limit}-byte upload limit; send a smaller photo"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or len(declared) > 15 or int(declared) > self.limit):
            body = json.dumps({"error": self._message(f"{declared.decode(errors='replace')[:20]} bytes")}).encode()
            await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, self._message("streamed"))
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """ASGI middleware: ``nosniff`` everywhere; CSP, frame and referrer policy on the studio."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        studio = scope.get("path", "").startswith("/studio") or scope.get("path") in ("/", "/docs", "/redoc")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                if studio:
                    if scope.get("path", "").startswith("/studio"):
                        headers.append((b"content-security-policy", STUDIO_CSP.encode()))
                    headers += [(b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def allowed_methods(app: FastAPI, scope: dict) -> list[str]:
    """Every method some route of ``app`` serves at the request's path (for ``Allow``): the
    methods for which a route matches the path fully (the static studio also serves HEAD).

    A path that the API documents literally (``/v1/feeds/from-json``) is that operation's
    resource: its documented methods are listed, not those of a template that also matches it
    (``GET /v1/feeds/{feed_id}`` would only answer 404 there)."""
    literal = app.openapi().get("paths", {}).get(scope.get("path", ""))
    if literal:
        return sorted(m.upper() for m in literal)
    methods = set()
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        probe = {**scope, "method": method, "root_path": scope.get("app_root_path", scope.get("root_path", ""))}
        for route in app.router.routes:
            if isinstance(route, Mount):
                if method in ("GET", "HEAD") and route.matches(probe)[0] is not Match.NONE:
                    methods.add(method)
            elif route.matches(probe)[0] is Match.FULL:
                methods.add(method)
    return sorted(methods)


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


#: Exception class → HTTP status, most specific first.
STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (NotFound, 404),
    (Conflict, 409),
    (TokenRefused, 403),
    (TokenExpired, 410),
    (ImageTooLargeError, 413),
    (TooLarge, 413),
    (InputError, 400),
)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that make every error ``{"error": message}`` with its status."""

    async def input_error(request: Request, exc: InputError):
        message = exc.args[0] if isinstance(exc, UnknownOptionError) and exc.args else str(exc)
        for cls, status in STATUSES:
            if isinstance(exc, cls):
                return _error(status, message)
        return _error(400, message)

    async def queue_full(request: Request, exc: QueueFull):
        return _error(429, str(exc), {"Retry-After": str(exc.retry_after_s)})

    async def http_error(request: Request, exc: HTTPException):
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return _error(exc.status_code, detail, headers or None)

    async def validation_error(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:8]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            got = e.get("input")
            shown = f" (got {repr(got)[:80]})" if isinstance(got, str | int | float) and e.get("type") != "missing" else ""
            parts.append(f"{where}: {e.get('msg')}{shown}")
        return _error(422, "invalid request: " + "; ".join(parts))

    async def internal(request: Request, exc: Exception):
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, f"internal error: {internal_message(exc)}")

    app.add_exception_handler(QueueFull, queue_full)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal)
