"""Liveness and key check."""

from __future__ import annotations

from fastapi import APIRouter, Request

from adcraft.serve.deps import COMMON, KEYED, Key, errors, service
from adcraft.serve.http import StrictJSONRoute

router = APIRouter(tags=["service"], route_class=StrictJSONRoute)


@router.get("/v1/health", responses=errors(*COMMON))
def health(request: Request) -> dict:
    """Liveness: ``{"status": "ok"}`` and the database dialect."""
    return {"status": "ok", "database": service(request).db.dialect.name}


@router.get("/v1/whoami", dependencies=[Key], responses=errors(*KEYED))
def whoami() -> dict:
    """Check an API key (200 if valid)."""
    return {"ok": True}
