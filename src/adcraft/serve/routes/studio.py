"""The studio: its static page, and sign-in that keeps the key in an HttpOnly cookie.

The key cookie is ``HttpOnly`` (no script can read it), ``SameSite=Strict`` (no other site's
page can make the browser send it) and ``Secure`` when the public URL is HTTPS.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from adcraft.serve.deps import COMMON, KEY_COOKIE, ApiError, errors, service, valid_key
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import SessionRequest

STUDIO = Path(__file__).resolve().parents[1] / "studio"
router = APIRouter(route_class=StrictJSONRoute)


@router.get("/", include_in_schema=False)
def root():
    return RedirectResponse("/studio/")


@router.post("/v1/session", tags=["service"], status_code=204, response_class=Response, responses=errors(*COMMON, 403))
def sign_in(request: Request, body: SessionRequest):
    """Check a key and keep it in the studio's ``adcraft_key`` cookie (HttpOnly, SameSite=Strict)."""
    svc = service(request)
    if not valid_key(svc, body.key):
        raise ApiError(403, "the API key is not valid for this server")
    response = Response(status_code=204)
    response.set_cookie(
        KEY_COOKIE, body.key, httponly=True, samesite="strict", secure=svc.settings.public_url.startswith("https://"), path="/", max_age=30 * 86400
    )
    return response


@router.delete("/v1/session", tags=["service"], status_code=204, response_class=Response, responses=errors(*COMMON))
def sign_out():
    """Forget the studio's key cookie."""
    response = Response(status_code=204)
    response.delete_cookie(KEY_COOKIE, path="/", httponly=True, samesite="strict")
    return response


def mount_studio(app: FastAPI) -> None:
    """Serve the studio's files under ``/studio``."""
    app.mount("/studio", StaticFiles(directory=STUDIO, html=True), name="studio")
