"""Product feeds: import a Merchant Center feed (TSV, CSV, XML) or JSON lines of briefs — as an
upload with its photos, as text or from a URL — follow its progress, and review its products'
top creatives in bulk.

The request only reads the feed (in the worker pool) and stores its items; the server's feed
importer (:mod:`adcraft.serve.importer`) fetches the photos and makes the products, and its job
runner generates them, at most ``feed_jobs`` feed jobs at a time. Rows that cannot be used are
reported, never fatal.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from adcraft.feeds import Feed
from adcraft.feeds.fetch import photo_name
from adcraft.layout import parse_sizes
from adcraft.serve import feedstore
from adcraft.serve.db import FeedItemRow, FeedRow, Job, Product
from adcraft.serve.deps import KEYED, Key, errors, service
from adcraft.serve.errors import Conflict, TooLarge
from adcraft.serve.feedsource import download_feed, format_of, parse_feed
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import (
    NAME_PATTERN,
    SIZES_PATTERN,
    FeedFormatName,
    FeedRequest,
    ReviewRequest,
    check_theme,
    theme_enum,
)
from adcraft.serve.service import Service
from adcraft.serve.views import feed_out, item_out

router = APIRouter(tags=["feeds"], route_class=StrictJSONRoute)
# Optional form fields as plain defaults (an ``X | None`` annotation would put ``null`` in the
# multipart schema, which a form cannot send).
_PHOTOS = File([], description="photos the feed names by file name (image_link 'shots/mug.jpg' is the upload named mug.jpg)")
_FEED_ID = Form(None, pattern=NAME_PATTERN, description="the feed's id; the same id again re-imports it (default: a new feed)")
_FORMAT = Form(None, description="tsv, csv, xml or jsonl; default: from the file name, else the first bytes")
_SIZES = Form(None, pattern=SIZES_PATTERN, description="comma-separated WxH sizes or size sets; default 1080x1080,1200x628,300x250")
_THEME = Form("everyday", json_schema_extra=theme_enum)
ItemState = Literal["pending", "importing", "waiting", "queued", "generating", "done", "failed"]


def _options(svc: Service, sizes: list[str] | None, count: int, seed: int, theme: str, force: bool) -> dict:
    """A feed's generation options, sizes canonical (size sets expanded)."""
    check_theme(theme)
    parsed = parse_sizes(",".join(sizes)) if sizes else list(svc.settings.default_sizes)
    return {"sizes": [f"{w}x{h}" for w, h in parsed], "count": count, "seed": seed, "theme": theme, "force": force}


async def _import(svc: Service, data: bytes, fmt: str | None, source: str, feed_id: str | None, options: dict,
                  uploads: dict[str, str]) -> dict:
    """Read the feed in the worker pool, store its items, wake the importer; the feed's state."""
    limit = svc.settings.max_feed_bytes
    if len(data) > limit:
        raise TooLarge(f"the feed is over {limit:,} bytes (the limit, ADCRAFT_MAX_FEED_BYTES); split it into several feeds")
    feed: Feed = await svc.pool.run_async(parse_feed, data, fmt)
    if len(feed.items) > svc.settings.max_feed_items:
        raise TooLarge(f"the feed holds {len(feed.items):,} products; the limit is {svc.settings.max_feed_items:,} "
                       "(ADCRAFT_MAX_FEED_ITEMS); split it into several feeds")
    fid = feed_id or uuid.uuid4().hex[:12]

    def store() -> dict:
        with svc.sessions() as s:
            try:
                counts = feedstore.upsert_feed(s, fid, source, feed, options, uploads)
                s.commit()
            except IntegrityError:  # the same feed id inserted by a request running at the same time
                raise Conflict(f"feed {fid!r} is being imported by another request; retry in a moment") from None
            return {**feed_out(s.get(FeedRow, fid), feedstore.counts(s, fid)), "import": asdict(counts)}

    out = await run_in_threadpool(store)
    svc.feeds.wake()
    return out


@router.post("/v1/feeds", status_code=202, dependencies=[Key], responses=errors(*KEYED, 409))
async def import_feed(
    request: Request,
    feed: Annotated[UploadFile, File(description="Merchant Center product data (TSV, CSV, RSS/Atom XML) or JSON lines of briefs")],
    photos: list[UploadFile] = _PHOTOS,
    feed_id: str = _FEED_ID,
    format: FeedFormatName = _FORMAT,
    sizes: str = _SIZES,
    count: int = Form(4, ge=1, le=16, description="candidates per size"),
    seed: int = Form(0, ge=0, le=2**31 - 1),
    theme: str = _THEME,
    force: bool = Form(False, description="use photos that the assessment rejects"),
) -> dict:
    """Import a feed uploaded as a file, with the local photos it names; its products are made
    in the background (poll ``GET /v1/feeds/{id}``). Photo links that are ``http(s)://`` are
    downloaded (public hosts only); other links are matched by file name among ``photos``."""
    svc = service(request)
    data = await feed.read(svc.settings.max_feed_bytes + 1)
    uploads: dict[str, str] = {}
    for photo in photos:
        raw = await photo.read(svc.settings.max_upload_bytes + 1)
        uploads[photo_name(photo.filename or "photo")] = await run_in_threadpool(svc.files.put_bytes, "feeds", raw, "upload")
    options = _options(svc, sizes.split(",") if sizes else None, count, seed, theme, force)
    return await _import(svc, data, format_of(format, feed.filename), f"upload:{(feed.filename or 'feed')[:200]}", feed_id, options, uploads)


@router.post("/v1/feeds/from-json", status_code=202, dependencies=[Key], responses=errors(*KEYED, 409))
async def import_feed_json(request: Request, body: FeedRequest) -> dict:
    """Import a feed given as ``text`` or downloaded from ``url`` (public hosts only); its
    photos must be ``http(s)://`` links. Products are made in the background."""
    svc = service(request)
    options = _options(svc, body.sizes, body.count, body.seed, body.theme, body.force)
    if body.url is not None:
        s = svc.settings
        data, content_type = await run_in_threadpool(download_feed, body.url, s.max_feed_bytes, s.fetch_timeout_s, s.allow_private_urls)
        return await _import(svc, data, format_of(body.format, body.url, content_type), body.url, body.feed_id, options, {})
    return await _import(svc, body.text.encode("utf-8"), body.format, "text", body.feed_id, options, {})


@router.get("/v1/feeds", dependencies=[Key], responses=errors(*KEYED))
def list_feeds(request: Request, limit: int = Query(100, ge=1, le=1000)) -> list[dict]:
    """Feeds, newest first, with their progress."""
    with service(request).sessions() as s:
        rows = s.scalars(select(FeedRow).order_by(FeedRow.created.desc(), FeedRow.id).limit(limit)).all()
        return [feed_out(f, feedstore.counts(s, f.id)) for f in rows]


@router.get("/v1/feeds/{feed_id}", dependencies=[Key], responses=errors(*KEYED, 404))
def get_feed(request: Request, feed_id: str) -> dict:
    """A feed's progress: items total, imported, waiting, queued, generating, done and failed
    (with reasons), the rows refused when it was read, and its status."""
    with service(request).sessions() as s:
        f = feedstore.get_feed(s, feed_id)
        return feed_out(f, feedstore.counts(s, f.id), feedstore.failures(s, f.id))


def _state_filter(state: str):
    """SQL condition for items in progress counter ``state`` (items outer-joined to their job)."""
    by_job = {"queued": "queued", "generating": "running", "done": "done"}
    if state in by_job:
        return (FeedItemRow.state == "queued") & (Job.status == by_job[state])
    if state == "failed":
        return or_(FeedItemRow.state == "failed", (FeedItemRow.state == "queued") & (Job.status == "failed"))
    return FeedItemRow.state == ("imported" if state == "waiting" else state)


@router.get("/v1/feeds/{feed_id}/items", dependencies=[Key], responses=errors(*KEYED, 404))
def feed_items(
    request: Request, feed_id: str, state: ItemState | None = None,
    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=1_000_000),
) -> dict:
    """The feed's products in feed order, as the review grid shows them: state (and reason),
    product, job progress and the top creative of each size with the critic's verdict."""
    with service(request).sessions() as s:
        f = feedstore.get_feed(s, feed_id)
        q = select(FeedItemRow, Job).outerjoin(Job, Job.id == FeedItemRow.job_id).where(FeedItemRow.feed_id == f.id)
        if state:
            q = q.where(_state_filter(state))
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        rows = s.execute(q.order_by(FeedItemRow.row, FeedItemRow.id).offset(offset).limit(limit)).all()
        ids = [i.product_id for i, _ in rows if i.product_id]
        products = {p.id: p for p in s.scalars(select(Product).where(Product.id.in_(ids)))}
        tops = feedstore.top_creatives(s, list(products))
        items = [item_out(i, products.get(i.product_id or ""), job, tops.get(i.product_id or "", {})) for i, job in rows]
        return {"feed": f.id, "total": int(total), "offset": offset, "items": items}


@router.post("/v1/feeds/{feed_id}/review", dependencies=[Key], responses=errors(*KEYED, 404))
def review_feed(request: Request, feed_id: str, body: ReviewRequest) -> dict:
    """Approve or reject in bulk: the creatives named, and for each product named the top
    creative of each size. All or nothing: an id not of this feed is a 404 and changes nothing.
    Approved creatives are served by ``/v1/decision`` from now on."""
    svc = service(request)
    with svc.sessions() as s:
        f = feedstore.get_feed(s, feed_id)
        changed = feedstore.review(s, f.id, body.decision, body.creatives, body.products)
        s.commit()
    svc.invalidate()
    return {"feed": feed_id, "decision": body.decision, "status": {"approve": "approved", "reject": "rejected"}[body.decision],
            "creatives": changed, "count": len(changed)}
