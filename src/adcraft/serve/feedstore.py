"""Feeds in the store: import (and re-import) a parsed feed, claim its items for the importer,
queue their generation jobs within a bound, report progress, and review the top creatives.

An item moves pending → importing (claimed under a lease, like a job:
:mod:`adcraft.serve.leases`) → imported (its product exists) → queued (a generation job; the
job's status says queued, generating, done or failed) | failed (no usable photo).

**Re-import.** Products are keyed by (feed id, item id): :func:`product_id_of` is a hash of
the two, so importing a feed again under the same ``feed_id`` never duplicates a product. An
item whose :meth:`~adcraft.feeds.FeedItem.fingerprint` (title, price, image links, every brief
field) is unchanged keeps its product, creatives and review; a changed item, and an item that
failed, is imported again (its product updated in place) and generated again; a new item is
added; an item no longer in the feed is kept as it is.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from adcraft.feeds import Feed
from adcraft.serve import leases
from adcraft.serve.db import CreativeRow, FeedItemRow, FeedRow, Job, now
from adcraft.serve.errors import NotFound

MAX_PROBLEMS = 1000
"""Rows refused at parsing that a feed keeps (the count is always exact)."""
MAX_ITEM_ID = 200
#: Progress counters, in the order an item passes them.
COUNTERS = ("pending", "importing", "waiting", "queued", "generating", "done", "failed")
_JOB_STATE = {"queued": "queued", "running": "generating", "done": "done", "failed": "failed"}


def product_id_of(feed_id: str, item_id: str) -> str:
    """The product id of item ``item_id`` of feed ``feed_id`` (16 hex digits of SHA-1)."""
    return hashlib.sha1(f"{feed_id}\n{item_id}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ImportCounts:
    """What an import did to the feed's items: ``added`` (new), ``changed`` (fingerprint
    differs: imported and generated again), ``retried`` (failed before: imported again),
    ``unchanged`` (kept with their creatives and review) and ``refused`` (rows not used)."""

    added: int = 0
    changed: int = 0
    retried: int = 0
    unchanged: int = 0
    refused: int = 0


def _failed(session: Session, item: FeedItemRow) -> bool:
    if item.state == "failed":
        return True
    return item.job_id is not None and session.scalar(select(Job.status).where(Job.id == item.job_id)) == "failed"


def upsert_feed(session: Session, feed_id: str, source: str, feed: Feed, options: dict, uploads: dict[str, str]) -> ImportCounts:
    """Store ``feed`` under ``feed_id``: a new feed, or the same feed imported again (see the
    module). Not committed here.

    Parameters
    ----------
    options:
        Generation options of its products' jobs (sizes, count, seed, theme, force).
    uploads:
        Photos uploaded with the feed: file name → stored name (``feeds`` kind of the file
        store); merged with those of earlier imports.
    """
    problems = [asdict(p) for p in feed.problems]
    row = session.get(FeedRow, feed_id)
    if row is None:
        row = FeedRow(id=feed_id, source=source[:2000], format=feed.format, options=options, warnings=list(feed.warnings),
                      uploads=dict(uploads), imports=1)
        session.add(row)
        session.flush()  # the items refer to it
        existing: dict[str, FeedItemRow] = {}
    else:
        row.source, row.format, row.options, row.warnings = source[:2000], feed.format, options, list(feed.warnings)
        row.uploads, row.imports, row.updated = {**row.uploads, **uploads}, row.imports + 1, now()
        existing = {i.item_id: i for i in session.scalars(select(FeedItemRow).where(FeedItemRow.feed_id == feed_id))}
    counts = {"added": 0, "changed": 0, "retried": 0, "unchanged": 0}
    for item in feed.items:
        if len(item.id) > MAX_ITEM_ID:
            problems.append({"row": item.row, "id": item.id[:60] + "…", "message": f"id is {len(item.id)} characters; the limit is {MAX_ITEM_ID}", "skipped": True})
            continue
        data = {"images": list(item.images), "fields": dict(item.fields), "link": item.link, "labels": list(item.labels)}
        old, fingerprint = existing.get(item.id), item.fingerprint()
        if old is None:
            session.add(FeedItemRow(feed_id=feed_id, item_id=item.id, row=item.row, fingerprint=fingerprint, data=data, state="pending",
                                    product_id=product_id_of(feed_id, item.id), photos=[], notes=[]))
            counts["added"] += 1
            continue
        old.row = item.row
        if old.fingerprint == fingerprint and not _failed(session, old):
            counts["unchanged"] += 1
            continue
        counts["changed" if old.fingerprint != fingerprint else "retried"] += 1
        old.fingerprint, old.data, old.state, old.error, old.job_id, old.notes = fingerprint, data, "pending", None, None, []
        old.owner, old.lease_expires, old.updated = None, None, now()
    row.problems = problems[:MAX_PROBLEMS]
    return ImportCounts(**counts, refused=sum(1 for p in problems if p["skipped"]))


# -- the importer's side ----------------------------------------------------------------------
def _claimable(at):
    return or_(FeedItemRow.state == "pending", (FeedItemRow.state == "importing") & (FeedItemRow.lease_expires < at))


def claim_item(sessions: sessionmaker, owner: str, lease_s: float) -> int | None:
    """Take the oldest pending item (or one whose importer's lease expired) for ``owner``;
    its row id, or ``None``. One conditional ``UPDATE``, as :func:`adcraft.serve.leases.claim`."""
    with sessions() as s:
        at = now()
        q = select(FeedItemRow.id).where(_claimable(at)).order_by(FeedItemRow.id).limit(1)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        item_id = s.scalars(q).first()
        if item_id is None:
            return None
        took = s.execute(
            update(FeedItemRow).where(FeedItemRow.id == item_id, _claimable(at))
            .values(owner=owner, state="importing", lease_expires=at + timedelta(seconds=lease_s))
            .execution_options(synchronize_session=False)
        ).rowcount
        s.commit()
        return item_id if took == 1 else None


def holds_item(session: Session, item_id: int, owner: str, **values) -> bool:
    """Write ``values`` to the item if ``owner`` still imports it (not committed)."""
    n = session.execute(
        update(FeedItemRow).where(FeedItemRow.id == item_id, FeedItemRow.owner == owner, FeedItemRow.state == "importing")
        .values(**values, updated=now()).execution_options(synchronize_session=False)
    ).rowcount
    return n == 1


def in_flight(session: Session) -> int:
    """Feed items whose generation job is queued or running (all feeds)."""
    return int(session.scalar(
        select(func.count()).select_from(FeedItemRow).join(Job, Job.id == FeedItemRow.job_id)
        .where(FeedItemRow.state == "queued", Job.status.in_(("queued", "running")))
    ) or 0)


def dispatch(sessions: sessionmaker, feed_jobs: int, max_queued: int) -> int:
    """Queue generation jobs for imported items while fewer than ``feed_jobs`` feed jobs are
    queued or running and the job queue has room (it keeps ``max_queued`` for everyone); the
    number queued now. An item with several usable photos passes them to its job, which
    chooses the best (:func:`adcraft.assess.quality.best_photo`)."""
    with sessions() as s:
        room = min(feed_jobs - in_flight(s), max_queued - leases.queued(s))
        if room <= 0:
            return 0
        queued = 0
        items = s.scalars(select(FeedItemRow).where(FeedItemRow.state == "imported").order_by(FeedItemRow.id).limit(room)).all()
        for item in items:
            opts = dict(s.get(FeedRow, item.feed_id).options)
            if len(item.photos) > 1:
                opts["photos"] = list(item.photos)
            job = Job(id=uuid.uuid4().hex[:16], product_id=item.product_id, options=opts, total=len(opts["sizes"]) * int(opts["count"]), warnings=[])
            took = s.execute(
                update(FeedItemRow).where(FeedItemRow.id == item.id, FeedItemRow.state == "imported")
                .values(state="queued", job_id=job.id, updated=now()).execution_options(synchronize_session=False)
            ).rowcount
            if took == 1:
                s.add(job)
                queued += 1
        s.commit()
        return queued


# -- progress and review ----------------------------------------------------------------------
def item_state(state: str, job_status: str | None) -> str:
    """The progress counter an item is in (one of :data:`COUNTERS`)."""
    if state == "imported":
        return "waiting"
    if state == "queued":
        return _JOB_STATE.get(job_status or "", "queued")
    return state


def counts(session: Session, feed_id: str) -> dict[str, int]:
    """Items of the feed per progress counter, with ``total`` and ``imported`` (has a product)."""
    out = dict.fromkeys(COUNTERS, 0)
    rows = session.execute(
        select(FeedItemRow.state, Job.status, func.count()).outerjoin(Job, Job.id == FeedItemRow.job_id)
        .where(FeedItemRow.feed_id == feed_id).group_by(FeedItemRow.state, Job.status)
    ).all()
    for state, job_status, n in rows:
        out[item_state(state, job_status)] += int(n)
    failed_at_import = sum(int(n) for state, _, n in rows if state == "failed")
    out["total"] = sum(out[c] for c in COUNTERS)
    out["imported"] = out["total"] - out["pending"] - out["importing"] - failed_at_import
    return out


def failures(session: Session, feed_id: str, limit: int = 200) -> list[dict]:
    """Failed items with the step that failed (``import`` or ``generate``) and the reason."""
    rows = session.execute(
        select(FeedItemRow.item_id, FeedItemRow.row, FeedItemRow.state, FeedItemRow.error, Job.error)
        .outerjoin(Job, Job.id == FeedItemRow.job_id)
        .where(FeedItemRow.feed_id == feed_id, or_(FeedItemRow.state == "failed", (FeedItemRow.state == "queued") & (Job.status == "failed")))
        .order_by(FeedItemRow.row).limit(limit)
    ).all()
    return [{"item": i, "row": r, "stage": "import" if st == "failed" else "generate", "reason": (e or je or "")} for i, r, st, e, je in rows]


def top_creatives(session: Session, product_ids: Sequence[str]) -> dict[str, dict[str, CreativeRow]]:
    """Product → size → its top creative: rank 1 of the newest job that made that size."""
    if not product_ids:
        return {}
    rows = session.execute(
        select(CreativeRow, Job.created).outerjoin(Job, Job.id == CreativeRow.job_id)
        .where(CreativeRow.product_id.in_(list(product_ids)))
        .order_by(CreativeRow.product_id, Job.created.desc(), CreativeRow.rank, CreativeRow.id)
    ).all()
    out: dict[str, dict[str, CreativeRow]] = {}
    for c, _ in rows:
        out.setdefault(c.product_id, {}).setdefault(c.size, c)
    return out


def get_feed(session: Session, feed_id: str) -> FeedRow:
    """The feed ``feed_id``.

    Raises
    ------
    NotFound
        If there is none.
    """
    row = session.get(FeedRow, feed_id) if len(feed_id) <= 64 else None
    if row is None:
        raise NotFound(f"feed {feed_id[:80]!r} does not exist; import one with POST /v1/feeds")
    return row


def review(session: Session, feed_id: str, decision: str, creative_ids: Sequence[str], product_ids: Sequence[str]) -> list[str]:
    """Approve or reject creatives of the feed: the ones named, and the top creative of each
    size of each product named (what the studio's review grid shows). All or nothing; the
    creative ids changed. Not committed here.

    Raises
    ------
    NotFound
        If an id is not a creative or product of this feed (none is changed then).
    """
    products = set(session.scalars(select(FeedItemRow.product_id).where(FeedItemRow.feed_id == feed_id)))
    unknown = sorted(set(product_ids) - products)
    chosen = {c.id: c for c in session.scalars(select(CreativeRow).where(CreativeRow.id.in_(list(creative_ids))))}
    unknown += sorted(cid for cid in set(creative_ids) if cid not in chosen or chosen[cid].product_id not in products)
    if unknown:
        shown = ", ".join(repr(x[:64]) for x in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise NotFound(f"not a creative or product of feed {feed_id!r}: {shown}; take the ids from GET /v1/feeds/{feed_id}/items")
    for sizes in top_creatives(session, sorted(set(product_ids))).values():
        chosen.update({c.id: c for c in sizes.values()})
    status = {"approve": "approved", "reject": "rejected"}[decision]
    at = now()
    for c in chosen.values():
        c.status, c.updated = status, at
    return sorted(chosen)
