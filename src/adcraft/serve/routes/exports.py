"""Delivery downloads of one creative: MP4 video, animated GIF and WebP, HTML5 zip with a
clickTag, SVG and stills, made on demand from its design document
(:mod:`adcraft.serve.exports`) within an ad platform's byte budgets."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from adcraft.document import DesignDocument
from adcraft.errors import InputError
from adcraft.export.platforms import FORMATS, PLATFORMS
from adcraft.serve.db import CreativeRow, Product
from adcraft.serve.deps import KEYED, Key, errors, get_or_404, service
from adcraft.serve.errors import Conflict
from adcraft.serve.exports import MEDIA_TYPES, ExportKey
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import URL_PATTERN

router = APIRouter(tags=["creatives"], route_class=StrictJSONRoute)
ExportFormat = Enum("ExportFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
"""The delivery formats (:data:`adcraft.export.platforms.FORMATS`)."""
PlatformName = Enum("PlatformName", {name: name for name in PLATFORMS.names()}, type=str)  # type: ignore[misc]
"""The ad platforms (:data:`adcraft.export.platforms.PLATFORMS`)."""

_HEADERS = {
    "Content-Disposition": {"description": "attachment; filename=\"<creative>.<ext>\" (<creative>.over-budget.<ext> when over budget)", "schema": {"type": "string"}},
    "X-Adcraft-Budget-Bytes": {"description": "the platform's byte limit for this file (empty without a platform)", "schema": {"type": "string"}},
    "X-Adcraft-Fits": {"description": "1 when the file is within the budget, 0 when it could not be made to fit", "schema": {"type": "string", "enum": ["0", "1"]}},
    "X-Adcraft-Setting": {"description": "what the budget search settled on (quality, palette, frame rate…)", "schema": {"type": "string"}},
}
_RESPONSES = {
    200: {"content": {t: {} for t in sorted(set(MEDIA_TYPES.values()))}, "description": "the delivery file", "headers": _HEADERS},
    **errors(*KEYED, 404, 409, 429),
}
_DOWNLOAD_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"


def _load(svc, creative_id: str) -> tuple[CreativeRow, str | None]:
    """The creative (its document checked) and its product's landing URL.

    Raises
    ------
    NotFound
        Unknown creative.
    Conflict
        The creative has no design document that can be rendered.
    """
    with svc.sessions() as s:
        c = get_or_404(s, CreativeRow, creative_id, "creative")
        product = s.get(Product, c.product_id)
        try:
            DesignDocument.model_validate(c.document)
        except ValidationError as exc:
            raise Conflict(
                f"creative {creative_id!r} has no design document that can be rendered ({exc.error_count()} problems, "
                f"the first at {'.'.join(str(x) for x in exc.errors()[0]['loc'])}); only its stored image exists: "
                f"download it from /v1/creatives/{creative_id}/image, or generate the product again"
            ) from None
        return c, (product.landing_url if product is not None else None)


@router.get("/v1/creatives/{creative_id}/export", dependencies=[Key], response_class=Response, responses=_RESPONSES)
async def export_creative(
    request: Request,
    creative_id: str,
    format: Annotated[ExportFormat, Query(description="mp4, gif, awebp (animated WebP), html5 (zip), svg, png, jpeg or webp")],
    platform: Annotated[PlatformName | None, Query(description="keep this platform's sizes, formats and byte budgets")] = None,
    click_url: str | None = Query(None, max_length=2000, pattern=URL_PATTERN, description="html5: the clickTag (default: the product's landing URL)"),
    duration: int = Query(6, ge=6, le=15, json_schema_extra={"enum": [6, 10, 15]}, description="mp4: seconds (6, 10 or 15)"),
    v: int | None = Query(None, ge=0, description="the creative's version (a browser cache key; the server always sends the current version)"),
):
    """The creative as a delivery file, made from its design document on the first request and
    kept (until the creative is edited). Animated formats end on the static creative. With a
    ``platform``, stills and animations are searched to fit its budget; a file that cannot fit
    is still sent, marked ``X-Adcraft-Fits: 0`` and named ``.over-budget.``."""
    svc = service(request)
    fmt = format.value
    if duration not in (6, 10, 15):
        raise InputError(f"duration must be 6, 10 or 15 seconds, got {duration}")
    c, landing = await run_in_threadpool(_load, svc, creative_id)
    click = click_url or landing
    if fmt == "html5" and not click:
        raise InputError(
            f"format=html5 needs the landing page for the ad's clickTag; product {c.product_id!r} has none: "
            "add click_url=https://… to the request"
        )
    key = ExportKey(c.id, c.version, fmt, platform.value if platform else None, click, duration)
    out = await svc.exports.get(key, c.document)
    ext = key.ext
    name = f"{c.id}.{ext}" if out.fits else f"{c.id}.over-budget.{ext}"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Adcraft-Budget-Bytes": "" if out.budget_bytes is None else str(out.budget_bytes),
        "X-Adcraft-Fits": "1" if out.fits else "0",
        "X-Adcraft-Setting": out.setting.encode("ascii", "replace").decode()[:300],
        "Cache-Control": "private, max-age=300",
        "Content-Security-Policy": _DOWNLOAD_CSP,
    }
    return Response(out.data, media_type=MEDIA_TYPES[fmt], headers=headers)
