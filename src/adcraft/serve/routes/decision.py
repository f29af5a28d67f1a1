"""The ad page's side: decisions, beacons and approved creative images (no key needed).

URLs in a decision are built from ``settings.public_url``, never from the request's ``Host``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from adcraft.errors import InputError
from adcraft.serve.db import CreativeRow, Product
from adcraft.serve.deps import COMMON, errors, service
from adcraft.serve.events import Outcome
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.routes.creatives import image_response
from adcraft.serve.schemas import NAME_PATTERN

router = APIRouter(tags=["serving"], route_class=StrictJSONRoute)
_KNOWN_DECISION_PARAMS = {"placement", "user", "segment"}
_ATTR = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
#: A decision token: base64url payload, a dot, base64url signature.
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{8,3900}\.[A-Za-z0-9_-]{22}$"
_BEACON_HEADERS = {
    "X-Adcraft-Stored": {"description": "1 when this beacon was counted now, else 0", "schema": {"type": "string", "enum": ["0", "1"]}},
    "X-Adcraft-Event": {"description": "what became of it", "schema": {"type": "string", "enum": [o.value for o in Outcome]}},
}


@router.get("/v1/decision", responses=errors(*COMMON, 404))
async def decision(
    request: Request,
    placement: str = Query(pattern=NAME_PATTERN),
    user: str | None = Query(None, max_length=128, pattern=r"^[^\x00-\x1f\x7f]*$"),
    segment: str = Query("all", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$"),
) -> dict:
    """Which approved creative to show at ``placement`` to ``user``.

    Any other query parameter (``[a-z][a-z0-9_]*`` = value, at most 16) is a user
    attribute; with attributes the contextual bandit chooses, otherwise Thompson sampling
    within ``segment``. Returns the creative, its image URL and the impression, click and
    conversion beacon URLs (fire the impression when the ad is shown); they expire after the
    server's token lifetime.
    """
    attrs = {k: v for k, v in request.query_params.items() if k not in _KNOWN_DECISION_PARAMS}
    if len(attrs) > 16:
        raise InputError(f"at most 16 user attributes, got {len(attrs)}")
    for k, v in attrs.items():
        if not _ATTR.match(k) or len(v) > 64:
            raise InputError(f"user attribute {k[:40]!r}={v[:80]!r}: names are [a-z][a-z0-9_]* up to 32 characters, values up to 64")
    svc = service(request)
    d = svc.decide(placement, user, segment, attrs)
    base = svc.settings.public_url
    return {
        "decision_id": d.decision_id,
        "creative_id": d.creative,
        "product_id": d.product,
        "policy": {"ts": "thompson_sampling", "cb": "contextual_bandit"}[d.policy],
        "probability": round(d.probability, 4),
        "image_url": f"{base}/v1/public/creatives/{d.creative}.png",
        "impression_url": f"{base}/v1/events/impression?t={d.token}",
        "click_url": f"{base}/v1/events/click?t={d.token}",
        "conversion_url": f"{base}/v1/events/conversion?t={d.token}",
    }


def _beacon(request: Request, kind: str, t: str, value: float | None):
    svc = service(request)
    outcome, payload = svc.beacon(kind, t, value if kind == "conversion" else None)
    headers = {"X-Adcraft-Stored": "1" if outcome is Outcome.STORED else "0", "X-Adcraft-Event": outcome.value}
    if kind == "click" and request.method == "GET":
        with svc.sessions() as s:
            c = s.get(CreativeRow, payload["c"])
            p = s.get(Product, c.product_id) if c is not None else None
            if p is not None and p.landing_url:
                return RedirectResponse(p.landing_url, status_code=302, headers=headers)
    return Response(status_code=204, headers=headers)


BeaconKind = Literal["impression", "click", "conversion"]
Token = Annotated[str, Query(pattern=TOKEN_PATTERN, description="the token from /v1/decision")]
Value = Annotated[float | None, Query(ge=0, le=1e6, allow_inf_nan=False, description="conversion value (kept for conversions, ignored on other beacons)")]
_BEACON_RESPONSES = {
    204: {"description": "recorded (or a repeat, or refused as out of order: see the headers)", "headers": _BEACON_HEADERS},
    302: {"description": "a click with a landing URL: the recorded click, then the landing page", "headers": _BEACON_HEADERS},
    **errors(*COMMON, 403, 410),
}


@router.get("/v1/events/{kind}", status_code=204, operation_id="beacon_get", response_class=Response, responses=_BEACON_RESPONSES)
def beacon_get(request: Request, kind: BeaconKind, t: Token, value: Value = None):
    """Record an impression, click or conversion of a decision (an image pixel or a link).

    The event is the token's decision and the kind: a decision has at most one impression, one
    click (counted only after its impression) and one conversion (counted only after its
    click); a repeat or anything a client adds to the URL changes nothing. 204 with
    ``X-Adcraft-Stored: 1`` when counted now, ``0`` otherwise (``X-Adcraft-Event`` says why).
    A GET click redirects to the product's landing URL when it has one. An expired token
    gets 410, a token this server did not sign 403."""
    return _beacon(request, kind, t, value)


@router.post("/v1/events/{kind}", status_code=204, operation_id="beacon_post", response_class=Response, responses=_BEACON_RESPONSES)
def beacon_post(request: Request, kind: BeaconKind, t: Token, value: Value = None):
    """The same as ``GET`` (for ``navigator.sendBeacon``); a click never redirects."""
    return _beacon(request, kind, t, value)


@router.get(
    "/v1/public/creatives/{creative_id}.png",
    response_class=FileResponse,
    responses={200: {"content": {"image/png": {}}, "description": "the approved creative"}, **errors(*COMMON, 404)},
)
def public_image(request: Request, creative_id: str):
    """An approved creative's image, without a key (what ``/v1/decision`` links to)."""
    return image_response(service(request), creative_id, "png", approved_only=True)
