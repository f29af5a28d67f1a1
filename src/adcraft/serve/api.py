"""The HTTP API and studio of ``adcraft serve`` (FastAPI; OpenAPI at ``/docs`` and
``/openapi.json``).

Every endpoint but ``/v1/decision``, ``/v1/events/*``, ``/v1/public/*``, ``/v1/health`` and
the studio page needs an API key: header ``X-API-Key``, ``Authorization: Bearer <key>`` or the
studio's ``adcraft_key`` cookie. Errors are JSON ``{"error": message}`` with a 4xx status.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import json
import re
import uuid
import zipfile
from contextlib import asynccontextmanager
from datetime import UTC
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException

from adcraft.brief import Brief
from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import ImageTooLargeError, InputError, UnknownOptionError
from adcraft.io import LoadLimits, load_image
from adcraft.layout import parse_sizes
from adcraft.palette.themes import THEMES
from adcraft.render.raster import encode_image
from adcraft.serve import events
from adcraft.serve.db import CreativeRow, Job, Placement, Product, now
from adcraft.serve.editing import CreativeEdit, apply_edit, elements_of, measure
from adcraft.serve.errors import Conflict, NotFound
from adcraft.serve.service import Service
from adcraft.serve.settings import ServeSettings

STUDIO = Path(__file__).parent / "studio"
_KNOWN_DECISION_PARAMS = {"placement", "user", "segment"}
_ATTR = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_PHOTO_EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ApiError(HTTPException):
    """An HTTP error whose detail is shown as ``{"error": detail}``."""


# -- request bodies ------------------------------------------------------------------------------
class ProductJSON(BaseModel):
    """A product as JSON: the brief (``photo``/``logo`` are ignored) and base64 image bytes."""

    model_config = ConfigDict(extra="forbid")
    brief: dict
    photo_base64: str = Field(min_length=8)
    logo_base64: str | None = None
    landing_url: str | None = Field(None, max_length=2000, pattern=r"^https?://")


class JobRequest(BaseModel):
    """Options of a generation job."""

    model_config = ConfigDict(extra="forbid")
    sizes: list[str] | None = Field(None, max_length=24, description="WxH sizes or size sets; default 1080x1080, 1200x628, 300x250")
    count: int = Field(4, ge=1, le=16, description="candidates per size")
    seed: int = Field(0, ge=0, le=2**31 - 1)
    theme: str = "everyday"


class PlacementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    size: str = Field(pattern=r"^\d{2,4}x\d{2,4}$")
    products: list[str] = Field(default_factory=list, max_length=1000)


# -- helpers -------------------------------------------------------------------------------------
def _service(request: Request) -> Service:
    return request.app.state.service


def require_key(request: Request) -> None:
    """Accept ``X-API-Key``, ``Authorization: Bearer`` or the ``adcraft_key`` cookie."""
    svc = _service(request)
    auth = request.headers.get("authorization", "")
    given = request.headers.get("x-api-key") or (auth[7:] if auth.lower().startswith("bearer ") else None) or request.cookies.get("adcraft_key")
    if not given:
        raise ApiError(401, "this endpoint needs an API key: send header X-API-Key (printed by `adcraft serve`, stored in <data>/api_key)")
    if not any(hmac.compare_digest(given.encode(), k.encode()) for k in svc.settings.api_keys):
        raise ApiError(403, "the API key is not valid for this server")


Key = Depends(require_key)


def _iso(t) -> str | None:
    """ISO 8601 in UTC (SQLite gives back naive datetimes; they were stored as UTC)."""
    if t is None:
        return None
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).isoformat()


def _product_out(p: Product) -> dict:
    return {"id": p.id, "title": p.title, "brief": p.brief, "photo_url": f"/v1/products/{p.id}/photo", "landing_url": p.landing_url, "created": _iso(p.created)}


def _job_out(j: Job) -> dict:
    return {
        "id": j.id, "product_id": j.product_id, "status": j.status, "stage": j.stage, "done": j.done, "total": j.total,
        "progress": round(j.done / j.total, 3) if j.total else (1.0 if j.status == "done" else 0.0),
        "options": j.options, "error": j.error, "warnings": j.warnings or [], "created": _iso(j.created),
        "finished": _iso(j.finished),
    }


def _creative_out(c: CreativeRow, document: bool = False) -> dict:
    meta = c.document.get("meta", {})
    out = {
        "id": c.id, "product_id": c.product_id, "job_id": c.job_id, "size": c.size, "rank": c.rank, "score": c.score,
        "terms": c.terms, "status": c.status, "version": c.version, "family": meta.get("family"),
        "locked": meta.get("locked", []), "contrasts": meta.get("contrasts"), "notes": meta.get("notes", []),
        "image_url": f"/v1/creatives/{c.id}/image?v={c.version}", "updated": _iso(c.updated),
    }
    if document:
        doc = DesignDocument.model_validate(c.document)
        out["document"] = c.document
        out["elements"] = {k: list(v) for k, v in elements_of(doc).items()}
        out["texts"] = {layer.role: layer.text for layer in doc.layers if layer.type == "text"}
        out["colours"] = {layer.role: (layer.colour if layer.type == "text" else layer.fill) for layer in doc.layers if layer.type in ("text", "shape") and layer.role != "underlay"}
        out["background"] = {"style": doc.background.style, "colours": list(doc.background.colours)}
    return out


def _get(session, model, key: str, what: str):
    row = session.get(model, key) if isinstance(key, str) and len(key) <= 64 else None
    if row is None:
        raise NotFound(f"{what} {key!r} does not exist")
    return row


def _image_bytes(svc: Service, data: bytes, what: str, min_side: int = 200) -> tuple[bytes, str]:
    """Check an uploaded image (decodable JPEG/PNG/WebP, size and pixel limits, by
    :func:`adcraft.io.load_image`); returns the bytes and their file extension."""
    if len(data) > svc.settings.max_upload_bytes:
        raise ApiError(413, f"{what} is {len(data)} bytes; the limit is {svc.settings.max_upload_bytes}")
    if not data:
        raise InputError(f"{what} is empty; send a JPEG, PNG or WebP file")
    load_image(data, LoadLimits(min_short_side=min_side, max_pixels=svc.settings.max_pixels))
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:  # header only: the format names the stored file
        return data, _PHOTO_EXT[im.format]


def _create_product(svc: Service, brief: dict, photo: bytes, logo: bytes | None, landing_url: str | None) -> dict:
    if not isinstance(brief, dict):
        raise InputError("brief must be a JSON object with at least a title")
    brief = {k: v for k, v in brief.items() if k not in ("photo", "logo")}
    Brief.parse({**brief, "photo": "upload"})  # every problem of the brief listed, before storing files
    photo, ext = _image_bytes(svc, photo, "photo")
    photo_name = svc.files.put_bytes("photos", photo, ext)
    logo_name = None
    if logo:
        logo, lext = _image_bytes(svc, logo, "logo", min_side=16)
        logo_name = svc.files.put_bytes("photos", logo, lext)
    with svc.sessions() as s:
        p = Product(id=uuid.uuid4().hex[:16], title=brief["title"], brief=brief, photo=photo_name, logo=logo_name, landing_url=landing_url)
        s.add(p)
        s.commit()
        return _product_out(p)


def _render(svc: Service, c: CreativeRow, doc: DesignDocument) -> dict:
    with svc.render_lock:
        m = measure(doc, AssetStore(root=svc.files.assets_dir), svc.renderer)
    from PIL import Image

    c.version += 1
    c.image = f"{c.id}-v{c.version}.png"
    svc.files.write("renders", c.image, encode_image(Image.fromarray(m.image), "png"))
    c.document = {**doc.model_dump(mode="json"), "meta": {**doc.meta, "contrasts": dict(m.contrasts)}}
    c.score, c.terms, c.updated = round(m.score, 4), {k: round(v, 4) for k, v in m.terms.items()}, now()
    return m.contrasts


# -- app -------------------------------------------------------------------------------------
def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The FastAPI app of ``adcraft serve``; the service starts with the app's lifespan."""
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

    @app.exception_handler(NotFound)
    async def _404(request: Request, exc: NotFound):
        return JSONResponse({"error": str(exc)}, status_code=404)

    @app.exception_handler(Conflict)
    async def _409(request: Request, exc: Conflict):
        return JSONResponse({"error": str(exc)}, status_code=409)

    @app.exception_handler(ImageTooLargeError)
    async def _413(request: Request, exc: ImageTooLargeError):
        return JSONResponse({"error": str(exc)}, status_code=413)

    @app.exception_handler(InputError)
    async def _400(request: Request, exc: InputError):
        msg = exc.args[0] if isinstance(exc, UnknownOptionError) and exc.args else str(exc)
        return JSONResponse({"error": msg}, status_code=400)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _422(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:8]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where}: {e.get('msg')}")
        return JSONResponse({"error": "invalid request: " + "; ".join(parts)}, status_code=422)

    @app.get("/", include_in_schema=False)
    def root():
        return RedirectResponse("/studio/")

    app.mount("/studio", StaticFiles(directory=STUDIO, html=True), name="studio")

    @app.get("/v1/health", tags=["service"])
    def health(request: Request) -> dict:
        """Liveness: ``{"status": "ok"}`` and the database dialect."""
        return {"status": "ok", "database": _service(request).db.dialect.name}

    @app.get("/v1/whoami", tags=["service"], dependencies=[Key])
    def whoami() -> dict:
        """Check an API key (200 if valid)."""
        return {"ok": True}

    # -- products ----------------------------------------------------------------------------
    @app.post("/v1/products", tags=["products"], status_code=201, dependencies=[Key])
    async def create_product(
        request: Request,
        photo: Annotated[UploadFile, File(description="product photo, JPEG/PNG/WebP")],
        brief: Annotated[str, Form(description='brief as JSON, e.g. {"title": "Ceramic mug", "price": 12.5}')],
        logo: Annotated[UploadFile | None, File(description="logo, PNG with transparency preferred")] = None,
        landing_url: Annotated[str | None, Form(max_length=2000, pattern=r"^https?://")] = None,
    ) -> dict:
        """Create a product from a multipart upload: ``photo`` file, ``brief`` JSON field, optional ``logo``."""
        svc = _service(request)
        try:
            data = json.loads(brief)
        except json.JSONDecodeError as exc:
            raise InputError(f"brief is not JSON ({exc.msg} at character {exc.pos}); send e.g. {{\"title\": \"Ceramic mug\"}}") from None
        photo_bytes = await photo.read(svc.settings.max_upload_bytes + 1)
        logo_bytes = await logo.read(svc.settings.max_upload_bytes + 1) if logo is not None else None
        return _create_product(svc, data, photo_bytes, logo_bytes, landing_url)

    @app.post("/v1/products/from-json", tags=["products"], status_code=201, dependencies=[Key])
    def create_product_json(request: Request, body: ProductJSON) -> dict:
        """Create a product from JSON: ``brief`` object and ``photo_base64`` (and ``logo_base64``)."""
        svc = _service(request)

        def b64(text: str, what: str) -> bytes:
            try:
                return base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                raise InputError(f"{what} is not valid base64") from None

        logo = b64(body.logo_base64, "logo_base64") if body.logo_base64 else None
        return _create_product(svc, body.brief, b64(body.photo_base64, "photo_base64"), logo, body.landing_url)

    @app.get("/v1/products", tags=["products"], dependencies=[Key])
    def list_products(request: Request, limit: int = Query(100, ge=1, le=1000)) -> list[dict]:
        """Products, newest first."""
        with _service(request).sessions() as s:
            return [_product_out(p) for p in s.scalars(select(Product).order_by(Product.created.desc()).limit(limit))]

    @app.get("/v1/products/{product_id}", tags=["products"], dependencies=[Key])
    def get_product(request: Request, product_id: str) -> dict:
        """One product with its jobs."""
        with _service(request).sessions() as s:
            p = _get(s, Product, product_id, "product")
            jobs = s.scalars(select(Job).where(Job.product_id == p.id).order_by(Job.created)).all()
            return {**_product_out(p), "jobs": [_job_out(j) for j in jobs]}

    @app.get("/v1/products/{product_id}/photo", tags=["products"], dependencies=[Key])
    def product_photo(request: Request, product_id: str):
        """The stored product photo."""
        svc = _service(request)
        with svc.sessions() as s:
            p = _get(s, Product, product_id, "product")
        return FileResponse(svc.files.path("photos", p.photo))

    # -- jobs -------------------------------------------------------------------------------
    @app.post("/v1/products/{product_id}/jobs", tags=["generation"], status_code=202, dependencies=[Key])
    def start_job(request: Request, product_id: str, body: JobRequest | None = None) -> dict:
        """Start generating creatives in the background; poll ``GET /v1/jobs/{id}`` for progress."""
        svc = _service(request)
        body = body or JobRequest()
        sizes = parse_sizes(",".join(body.sizes)) if body.sizes else list(svc.settings.default_sizes)
        if len(sizes) > 24:
            raise InputError(f"at most 24 sizes per job, got {len(sizes)}")
        THEMES.get(body.theme)
        opts = {"sizes": [f"{w}x{h}" for w, h in sizes], "count": body.count, "seed": body.seed, "theme": body.theme}
        return _new_job(svc, product_id, opts)

    @app.get("/v1/jobs/{job_id}", tags=["generation"], dependencies=[Key])
    def get_job(request: Request, job_id: str) -> dict:
        """Status and progress of a job (``done`` of ``total`` creatives)."""
        with _service(request).sessions() as s:
            return _job_out(_get(s, Job, job_id, "job"))

    # -- creatives --------------------------------------------------------------------------
    @app.get("/v1/products/{product_id}/creatives", tags=["creatives"], dependencies=[Key])
    def list_creatives(
        request: Request,
        product_id: str,
        size: str | None = Query(None, pattern=r"^\d{2,4}x\d{2,4}$"),
        status: Literal["candidate", "approved", "rejected"] | None = None,
        documents: bool = False,
    ) -> list[dict]:
        """A product's creatives, per size best first, with scores (and design documents)."""
        with _service(request).sessions() as s:
            _get(s, Product, product_id, "product")
            q = select(CreativeRow).where(CreativeRow.product_id == product_id)
            if size:
                q = q.where(CreativeRow.size == size)
            if status:
                q = q.where(CreativeRow.status == status)
            rows = s.scalars(q.order_by(CreativeRow.size, CreativeRow.score.desc(), CreativeRow.id)).all()
            return [_creative_out(c, documents) for c in rows]

    @app.get("/v1/creatives/{creative_id}", tags=["creatives"], dependencies=[Key])
    def get_creative(request: Request, creative_id: str) -> dict:
        """One creative with its design document, element boxes, texts and colours."""
        with _service(request).sessions() as s:
            return _creative_out(_get(s, CreativeRow, creative_id, "creative"), document=True)

    @app.get("/v1/creatives/{creative_id}/image", tags=["creatives"], dependencies=[Key])
    def creative_image(request: Request, creative_id: str, format: Literal["png", "jpeg", "webp"] = "png"):
        """The rendered creative (PNG, or JPEG/WebP encoded on the fly)."""
        return _image_response(_service(request), creative_id, format, approved_only=False)

    @app.get("/v1/public/creatives/{creative_id}.png", tags=["serving"])
    def public_image(request: Request, creative_id: str):
        """An approved creative's image, without a key (what ``/v1/decision`` links to)."""
        return _image_response(_service(request), creative_id, "png", approved_only=True)

    @app.patch("/v1/creatives/{creative_id}", tags=["creatives"], dependencies=[Key])
    def edit_creative(request: Request, creative_id: str, edit: CreativeEdit) -> dict:
        """Edit texts, colours, element boxes and locks; re-render and re-score.

        An approved creative goes back to ``candidate`` (approve the edited version again).
        """
        svc = _service(request)
        with svc.sessions() as s:
            c = _get(s, CreativeRow, creative_id, "creative")
            doc = apply_edit(DesignDocument.model_validate(c.document), edit, svc.fonts)
            contrasts = _render(svc, c, doc)
            was = c.status
            if c.status == "approved":
                c.status = "candidate"
            s.commit()
            out = _creative_out(c, document=True)
        if was == "approved":
            svc.invalidate()
        low = {k: v for k, v in contrasts.items() if v < 4.5}
        out["warnings"] = [f"{k} contrast {v}:1 is below WCAG AA 4.5:1" for k, v in low.items()]
        return out

    @app.post("/v1/creatives/{creative_id}/relayout", tags=["creatives"], status_code=202, dependencies=[Key])
    def relayout(request: Request, creative_id: str, count: int = Query(4, ge=1, le=16)) -> dict:
        """New candidates of this creative's size that keep its locked elements where they are
        and its edited texts (a generation job with layout control)."""
        svc = _service(request)
        with svc.sessions() as s:
            c = _get(s, CreativeRow, creative_id, "creative")
            doc = DesignDocument.model_validate(c.document)
            boxes = elements_of(doc)
            locked = {k: list(boxes[k]) for k in doc.meta.get("locked", []) if k in boxes}
            texts = {layer.role: layer.text for layer in doc.layers if layer.type == "text" and layer.role in ("headline", "subline", "cta")}
            opts = {"sizes": [c.size], "count": count, "seed": int(doc.meta.get("seed", 0)) % 1000 + c.version,
                    "theme": doc.meta.get("theme", "everyday"), "control": {"locked": locked, "texts": texts}}
            product_id = c.product_id
        return _new_job(svc, product_id, opts)

    @app.post("/v1/creatives/{creative_id}/approve", tags=["creatives"], dependencies=[Key])
    def approve(request: Request, creative_id: str) -> dict:
        """Approve a creative: from now on ``/v1/decision`` may serve it."""
        return _set_status(_service(request), creative_id, "approved")

    @app.post("/v1/creatives/{creative_id}/reject", tags=["creatives"], dependencies=[Key])
    def reject(request: Request, creative_id: str) -> dict:
        """Reject a creative (it is no longer served)."""
        return _set_status(_service(request), creative_id, "rejected")

    @app.get("/v1/products/{product_id}/export.zip", tags=["creatives"], dependencies=[Key])
    def export(request: Request, product_id: str, size: str | None = Query(None, pattern=r"^\d{2,4}x\d{2,4}$")):
        """The approved creatives as a ZIP: ``<W>x<H>/<id>.png`` and ``<id>.json`` (design document)."""
        svc = _service(request)
        with svc.sessions() as s:
            _get(s, Product, product_id, "product")
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

    # -- placements and decisions --------------------------------------------------------------
    @app.post("/v1/placements", tags=["serving"], status_code=201, dependencies=[Key])
    def put_placement(request: Request, body: PlacementRequest) -> dict:
        """Create or update an ad slot: ``name``, ``size`` (``WxH``), optional product ids."""
        svc = _service(request)
        parse_sizes(body.size)
        with svc.sessions() as s:
            p = s.get(Placement, body.name) or Placement(name=body.name)
            p.size, p.products = body.size, list(body.products)
            s.add(p)
            s.commit()
        svc.invalidate()
        return {"name": body.name, "size": body.size, "products": body.products}

    @app.get("/v1/placements", tags=["serving"], dependencies=[Key])
    def list_placements(request: Request) -> list[dict]:
        with _service(request).sessions() as s:
            return [{"name": p.name, "size": p.size, "products": p.products} for p in s.scalars(select(Placement).order_by(Placement.name))]

    @app.get("/v1/decision", tags=["serving"])
    async def decision(
        request: Request,
        placement: str = Query(min_length=1, max_length=64),
        user: str | None = Query(None, max_length=128),
        segment: str = Query("all", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$"),
    ) -> dict:
        """Which approved creative to show at ``placement`` to ``user``.

        Any other query parameter (``[a-z][a-z0-9_]*`` = value, at most 16) is a user
        attribute; with attributes the contextual bandit chooses, otherwise Thompson sampling
        within ``segment``. Returns the creative, its image URL and the impression, click and
        conversion beacon URLs (fire the impression when the ad is shown).
        """
        attrs = {k: v for k, v in request.query_params.items() if k not in _KNOWN_DECISION_PARAMS}
        if len(attrs) > 16:
            raise InputError(f"at most 16 user attributes, got {len(attrs)}")
        for k, v in attrs.items():
            if not _ATTR.match(k) or len(v) > 64:
                raise InputError(f"user attribute {k!r}={v[:80]!r}: names are [a-z][a-z0-9_]* up to 32 characters, values up to 64")
        d = _service(request).decide(placement, user, segment, attrs)
        base = str(request.base_url).rstrip("/")
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

    def _beacon(request: Request, kind: str, t: str, event_id: str | None, value: float | None):
        svc = _service(request)
        stored, payload = svc.beacon(kind, t, event_id, value)
        if kind == "click" and request.method == "GET":
            with svc.sessions() as s:
                c = s.get(CreativeRow, payload["c"])
                p = s.get(Product, c.product_id) if c is not None else None
                if p is not None and p.landing_url:
                    return RedirectResponse(p.landing_url, status_code=302)
        return Response(status_code=204, headers={"X-Adcraft-Stored": "1" if stored else "0"})

    @app.get("/v1/events/{kind}", tags=["serving"], status_code=204, operation_id="beacon_get")
    @app.post("/v1/events/{kind}", tags=["serving"], status_code=204, operation_id="beacon_post")
    def beacon(
        request: Request,
        kind: Literal["impression", "click", "conversion"],
        t: str = Query(min_length=10, max_length=4000, description="the token from /v1/decision"),
        event_id: str | None = Query(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$"),
        value: float | None = Query(None, ge=0, le=1e9, description="conversion value"),
    ):
        """Record an impression, click or conversion (idempotent by event id, which defaults to
        the decision id); 204 with ``X-Adcraft-Stored: 1`` first time, ``0`` for a repeat. A
        GET click redirects to the product's landing URL when it has one."""
        return _beacon(request, kind, t, event_id, value)

    @app.get("/v1/reports", tags=["reports"], dependencies=[Key])
    def reports(
        request: Request,
        by: Literal["creative", "segment", "placement"] = "creative",
        product_id: str | None = Query(None, max_length=64),
        placement: str | None = Query(None, max_length=64),
    ) -> dict:
        """CTR (clicks / impressions) and conversion rate (conversions / clicks) per creative,
        segment or placement, with 95 % Wilson score intervals."""
        with _service(request).sessions() as s:
            rows = events.report(s, by, product_id, placement)
        return {"by": by, "rows": [r.__dict__ for r in rows]}

    return app


def _new_job(svc: Service, product_id: str, opts: dict) -> dict:
    with svc.sessions() as s:
        _get(s, Product, product_id, "product")
        sizes = parse_sizes(",".join(opts["sizes"]))
        job = Job(id=uuid.uuid4().hex[:16], product_id=product_id, options=opts, total=len(sizes) * int(opts["count"]), warnings=[])
        s.add(job)
        s.commit()
        out = _job_out(job)
    svc.jobs.submit(job.id)
    return out


def _set_status(svc: Service, creative_id: str, status: str) -> dict:
    with svc.sessions() as s:
        c = _get(s, CreativeRow, creative_id, "creative")
        c.status, c.updated = status, now()
        s.commit()
        out = _creative_out(c)
    svc.invalidate()
    return out


def _image_response(svc: Service, creative_id: str, fmt: str, approved_only: bool):
    with svc.sessions() as s:
        c = _get(s, CreativeRow, creative_id, "creative")
        if approved_only and c.status != "approved":
            raise NotFound(f"creative {creative_id!r} is not approved")
    path = svc.files.path("renders", c.image)
    if fmt == "png":
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "max-age=300"})
    from PIL import Image

    with Image.open(path) as im:
        data = encode_image(im.convert("RGB"), fmt)  # type: ignore[arg-type]
    return Response(data, media_type=f"image/{fmt}")


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
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            body = json.dumps({"error": self._message(f"{declared.decode(errors='replace')[:20]} bytes")}).encode()
            await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise ApiError(413, self._message("streamed"))
            return message

        await self.app(scope, limited, send)
