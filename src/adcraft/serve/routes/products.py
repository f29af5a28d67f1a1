"""Products: a photo (and logo) with a brief; created from a multipart upload or from JSON.

Uploads are decoded and checked in the worker pool (:mod:`adcraft.serve.workers`), never on
the event loop.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from adcraft.brief import Brief
from adcraft.errors import InputError
from adcraft.io.jsonfile import loads
from adcraft.serve.db import Job, Product
from adcraft.serve.deps import KEYED, ApiError, Key, errors, get_or_404, service
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import URL_PATTERN, ProductJSON
from adcraft.serve.service import Service
from adcraft.serve.views import job_out, product_out
from adcraft.serve.workers import check_image

router = APIRouter(tags=["products"], route_class=StrictJSONRoute)
# Optional upload fields as plain defaults: an ``X | None`` annotation would put ``null`` in the
# multipart schema, which a form cannot send.
_LOGO = File(None, description="logo, PNG with transparency preferred")
_LANDING_URL = Form(None, max_length=2000, pattern=URL_PATTERN, description="the product page a click leads to")


async def _stored_image(svc: Service, data: bytes, what: str, min_side: int = 200) -> str:
    """Check an uploaded image in the worker pool and store it; its stored name."""
    if len(data) > svc.settings.max_upload_bytes:
        raise ApiError(413, f"{what} is {len(data)} bytes; the limit is {svc.settings.max_upload_bytes}")
    ext = await svc.pool.run_async(check_image, data, svc.settings.max_pixels, min_side, what)
    return svc.files.put_bytes("photos", data, ext)


async def _create(svc: Service, brief: object, photo: bytes, logo: bytes | None, landing_url: str | None) -> dict:
    if not isinstance(brief, dict):
        raise InputError(f"brief must be a JSON object with at least a title, got {type(brief).__name__}")
    unexpected = sorted(set(brief) & {"photo", "logo"})
    if unexpected:
        raise InputError(f"brief must not name files ({', '.join(unexpected)}): send the photo and logo as uploads")
    Brief.parse({**brief, "photo": "upload"})  # every problem of the brief listed, before storing files
    photo_name = await _stored_image(svc, photo, "photo")
    logo_name = await _stored_image(svc, logo, "logo", min_side=16) if logo else None

    def insert() -> dict:
        with svc.sessions() as s:
            p = Product(id=uuid.uuid4().hex[:16], title=brief["title"], brief=brief, photo=photo_name, logo=logo_name, landing_url=landing_url)
            s.add(p)
            s.commit()
            return product_out(p)

    return await run_in_threadpool(insert)


@router.post("/v1/products", status_code=201, dependencies=[Key], responses=errors(*KEYED))
async def create_product(
    request: Request,
    photo: Annotated[UploadFile, File(description="product photo, JPEG/PNG/WebP")],
    brief: Annotated[str, Form(min_length=2, max_length=100_000, description='brief as JSON, e.g. {"title": "Ceramic mug", "price": 12.5}')],
    logo: UploadFile = _LOGO,
    landing_url: str = _LANDING_URL,
) -> dict:
    """Create a product from a multipart upload: ``photo`` file, ``brief`` JSON field, optional ``logo``."""
    svc = service(request)
    data = loads(brief, "brief")
    photo_bytes = await photo.read(svc.settings.max_upload_bytes + 1)
    logo_bytes = await logo.read(svc.settings.max_upload_bytes + 1) if logo is not None else None
    return await _create(svc, data, photo_bytes, logo_bytes, landing_url)


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{what} is not valid base64 (RFC 4648, with padding)") from None


@router.post("/v1/products/from-json", status_code=201, dependencies=[Key], responses=errors(*KEYED))
async def create_product_json(request: Request, body: ProductJSON) -> dict:
    """Create a product from JSON: ``brief`` object and ``photo_base64`` (and ``logo_base64``)."""
    logo = _b64(body.logo_base64, "logo_base64") if body.logo_base64 else None
    brief = body.brief.model_dump(exclude_unset=True)
    return await _create(service(request), brief, _b64(body.photo_base64, "photo_base64"), logo, body.landing_url)


@router.get("/v1/products", dependencies=[Key], responses=errors(*KEYED))
def list_products(request: Request, limit: int = Query(100, ge=1, le=1000)) -> list[dict]:
    """Products, newest first."""
    with service(request).sessions() as s:
        return [product_out(p) for p in s.scalars(select(Product).order_by(Product.created.desc()).limit(limit))]


@router.get("/v1/products/{product_id}", dependencies=[Key], responses=errors(*KEYED, 404))
def get_product(request: Request, product_id: str) -> dict:
    """One product with its jobs."""
    with service(request).sessions() as s:
        p = get_or_404(s, Product, product_id, "product")
        jobs = s.scalars(select(Job).where(Job.product_id == p.id).order_by(Job.created)).all()
        return {**product_out(p), "jobs": [job_out(j) for j in jobs]}


@router.get(
    "/v1/products/{product_id}/photo",
    dependencies=[Key],
    response_class=FileResponse,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}, "description": "the stored photo"}, **errors(*KEYED, 404)},
)
def product_photo(request: Request, product_id: str):
    """The stored product photo."""
    svc = service(request)
    with svc.sessions() as s:
        p = get_or_404(s, Product, product_id, "product")
    return FileResponse(svc.files.path("photos", p.photo))
