"""The HTTP API and studio of ``adcraft serve`` (FastAPI; OpenAPI at ``/docs`` and
``/openapi.json``).

Every endpoint but ``/v1/decision``, ``/v1/events/*``, ``/v1/public/*``, ``/v1/health``,
``/v1/session`` and the studio page needs an API key: header ``X-API-Key``,
``Authorization: Bearer <key>`` or the studio's ``adcraft_key`` cookie. Errors are JSON
``{"error": message}``; every status a route can answer is in the OpenAPI document.

The routes live in one module per resource (:mod:`adcraft.serve.routes`); this module only
assembles them with the middleware and the error table (:mod:`adcraft.serve.http`).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from adcraft.serve.http import BodyLimit, SecurityHeaders, install_error_handlers
from adcraft.serve.routes import ROUTERS, studio
from adcraft.serve.service import Service
from adcraft.serve.settings import ServeSettings

#: Routes that need no key (everything else under /v1 does).
PUBLIC = ("/v1/health", "/v1/decision", "/v1/events/{kind}", "/v1/public/creatives/{creative_id}.png", "/v1/session")


def _openapi(app: FastAPI) -> dict:
    """The OpenAPI document with the key's security schemes on every keyed operation."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
    doc.setdefault("components", {})["securitySchemes"] = {
        "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "bearer": {"type": "http", "scheme": "bearer"},
        "cookie": {"type": "apiKey", "in": "cookie", "name": "adcraft_key"},
    }
    for path, ops in doc.get("paths", {}).items():
        if path in PUBLIC:
            continue
        for op in ops.values():
            op["security"] = [{"apiKey": []}, {"bearer": []}, {"cookie": []}]
    app.openapi_schema = doc
    return doc


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The FastAPI app of ``adcraft serve``; the service starts with the app's lifespan
    (call it only once the server's socket is bound: :func:`adcraft.serve.server.serve`)."""
    settings = settings or ServeSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        svc = Service(settings)
        app.state.service = svc
        svc.start()
        try:
            yield
        finally:
            svc.stop()

    app = FastAPI(
        title="adcraft",
        version="0.1.0",
        summary="Ad creatives: products, generation jobs, review, ad decisions, beacons and reports.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    studio.mount_studio(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
