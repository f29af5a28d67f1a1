"""Creatives: list and read, edit (re-rendered in the worker pool), relayout, review, export."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy import select

from adcraft.document import DesignDocument
from adcraft.elements import TEXT_ELEMENTS
from adcraft.serve.db import CreativeRow, Product, now
from adcraft.serve.deps import KEYED, Key, errors, get_or_404, service
from adcraft.serve.editing import CreativeEdit, apply_edit, elements_of
from adcraft.serve.errors import NotFound
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.routes.jobs import new_job
from adcraft.serve.schemas import SIZE_PATTERN, RelayoutRequest, control_from_json, control_to_json
from adcraft.serve.service import Service
from adcraft.serve.views import creative_out
from adcraft.serve.workers import render_document

router = APIRouter(tags=["creatives"], route_class=StrictJSONRoute)
IMAGES = {200: {"content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}}, "description": "the rendered creative"}}


@router.get("/v1/products/{product_id}/creatives", dependencies=[Key], responses=errors(*KEYED, 404))
def list_creatives(
    request: Request,
    product_id: str,
    size: str | None = Query(None, pattern=SIZE_PATTERN),
    status: Literal["candidate", "approved", "rejected"] | None = None,
    documents: bool = False,
) -> list[dict]:
    """A product's creatives, per size best first, with scores (and design documents)."""
    with service(request).sessions() as s:
        get_or_404(s, Product, product_id, "product")
        q = select(CreativeRow).where(CreativeRow.product_id == product_id)
        if size:
            q = q.where(CreativeRow.size == size)
        if status:
            q = q.where(CreativeRow.status == status)
        rows = s.scalars(q.order_by(CreativeRow.size, CreativeRow.score.desc(), CreativeRow.id)).all()
        return [creative_out(c, documents) for c in rows]


@router.get("/v1/creatives/{creative_id}", dependencies=[Key], responses=errors(*KEYED, 404))
def get_creative(request: Request, creative_id: str) -> dict:
    """One creative with its design document, element boxes, texts and colours."""
    with service(request).sessions() as s:
        return creative_out(get_or_404(s, CreativeRow, creative_id, "creative"), document=True)


def image_response(svc: Service, creative_id: str, fmt: str, approved_only: bool):
    """The creative's rendered image (PNG as stored, JPEG/WebP encoded in the worker pool)."""
    with svc.sessions() as s:
        c = get_or_404(s, CreativeRow, creative_id, "creative")
        if approved_only and c.status != "approved":
            raise NotFound(f"creative {creative_id!r} is not approved")
    path = svc.files.path("renders", c.image)
    if fmt == "png":
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "max-age=300"})
    return Response(svc.pool.run(_encode, str(path), fmt), media_type=f"image/{fmt}")


def _encode(path: str, fmt: str) -> bytes:
    from PIL import Image

    from adcraft.render.raster import encode_image

    with Image.open(path) as im:
        return encode_image(im.convert("RGB"), fmt)  # type: ignore[arg-type]


@router.get("/v1/creatives/{creative_id}/image", dependencies=[Key], response_class=Response, responses={**IMAGES, **errors(*KEYED, 404)})
def creative_image(request: Request, creative_id: str, format: Literal["png", "jpeg", "webp"] = "png", v: int | None = Query(None, ge=0, description="version (cache key)")):
    """The rendered creative (PNG, or JPEG/WebP encoded on the fly)."""
    return image_response(service(request), creative_id, format, approved_only=False)


def _render(svc: Service, c: CreativeRow, doc: DesignDocument) -> dict[str, float]:
    """Re-render and re-score ``c`` with document ``doc`` in the worker pool; its contrasts."""
    r = svc.pool.run(render_document, doc.model_dump(mode="json"), str(svc.files.assets_dir))
    c.version += 1
    c.image = f"{c.id}-v{c.version}.png"
    svc.files.write("renders", c.image, r.png)
    critic = {**(r.critique or {}), "design_score": round(r.design_score, 4)}
    c.document = {**doc.model_dump(mode="json"), "meta": {**doc.meta, "contrasts": dict(r.contrasts), "critic": critic}}
    c.score, c.terms, c.updated = round(r.score, 4), {k: round(v, 4) for k, v in r.terms.items()}, now()
    return r.contrasts


@router.patch("/v1/creatives/{creative_id}", dependencies=[Key], responses=errors(*KEYED, 404, 409))
def edit_creative(request: Request, creative_id: str, edit: CreativeEdit) -> dict:
    """Edit texts, colours, element boxes and locks; re-render and re-score.

    An approved creative goes back to ``candidate`` (approve the edited version again).
    """
    svc = service(request)
    with svc.sessions() as s:
        c = get_or_404(s, CreativeRow, creative_id, "creative")
        doc = apply_edit(DesignDocument.model_validate(c.document), edit, svc.fonts)
        contrasts = _render(svc, c, doc)
        was = c.status
        if c.status == "approved":
            c.status = "candidate"
        s.commit()
        out = creative_out(c, document=True)
    if was == "approved":
        svc.invalidate()
    low = {k: v for k, v in contrasts.items() if v < 4.5}
    out["warnings"] = [f"{k} contrast {v}:1 is below WCAG AA 4.5:1" for k, v in low.items()]
    return out


@router.post("/v1/creatives/{creative_id}/relayout", status_code=202, dependencies=[Key], responses=errors(*KEYED, 404, 429))
def relayout(request: Request, creative_id: str, body: RelayoutRequest | None = None, count: int = Query(4, ge=1, le=16)) -> dict:
    """New candidates of this creative's size that keep its locked elements where they are
    and its edited texts (a generation job with the full layout control: locks, texts,
    hidden elements and relations; ``hidden``/``relations`` in the body replace the ones the
    creative was made with)."""
    svc = service(request)
    body = body or RelayoutRequest()
    with svc.sessions() as s:
        c = get_or_404(s, CreativeRow, creative_id, "creative")
        doc = DesignDocument.model_validate(c.document)
        before = doc.meta.get("control") or {}
        boxes = elements_of(doc)
        control = control_from_json(
            {
                "locked": {k: list(boxes[k]) for k in doc.meta.get("locked", []) if k in boxes},
                "texts": {layer.role: layer.text for layer in doc.layers if layer.type == "text" and layer.role in TEXT_ELEMENTS},
                "hidden": body.hidden if body.hidden is not None else before.get("hidden", []),
                "relations": body.relations if body.relations is not None else before.get("relations", []),
            }
        )
        opts = {"sizes": [c.size], "count": count, "seed": int(doc.meta.get("seed", 0)) % 1000 + c.version,
                "theme": doc.meta.get("theme", "everyday"), "force": body.force, "control": control_to_json(control)}
        product_id = c.product_id
    return new_job(svc, product_id, opts)


def _set_status(svc: Service, creative_id: str, status: str) -> dict:
    with svc.sessions() as s:
        c = get_or_404(s, CreativeRow, creative_id, "creative")
        c.status, c.updated = status, now()
        s.commit()
        out = creative_out(c)
    svc.invalidate()
    return out


@router.post("/v1/creatives/{creative_id}/approve", dependencies=[Key], responses=errors(*KEYED, 404))
def approve(request: Request, creative_id: str) -> dict:
    """Approve a creative: from now on ``/v1/decision`` may serve it."""
    return _set_status(service(request), creative_id, "approved")


@router.post("/v1/creatives/{creative_id}/reject", dependencies=[Key], responses=errors(*KEYED, 404))
def reject(request: Request, creative_id: str) -> dict:
    """Reject a creative (it is no longer served)."""
    return _set_status(service(request), creative_id, "rejected")


@router.get(
    "/v1/products/{product_id}/export.zip",
    dependencies=[Key],
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "the approved creatives"}, **errors(*KEYED, 404)},
)
def export(request: Request, product_id: str, size: str | None = Query(None, pattern=SIZE_PATTERN)):
    """The approved creatives as a ZIP: ``<W>x<H>/<id>.png`` and ``<id>.json`` (design document)."""
    svc = service(request)
    with svc.sessions() as s:
        get_or_404(s, Product, product_id, "product")
        q = select(CreativeRow).where(CreativeRow.product_id == product_id, CreativeRow.status == "approved")
        if size:
            q = q.where(CreativeRow.size == size)
        rows = s.scalars(q.order_by(CreativeRow.size, CreativeRow.id)).all()
    if not rows:
        raise NotFound(f"product {product_id!r} has no approved creative{' of size ' + size if size else ''}; approve some first")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for c in rows:
            z.write(svc.files.path("renders", c.image), f"{c.size}/{c.id}.png")
            z.writestr(f"{c.size}/{c.id}.json", json.dumps(c.document, indent=1, ensure_ascii=False))
    name = f"adcraft-{product_id}{'-' + size if size else ''}.zip"
    return Response(buf.getvalue(), media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'})
