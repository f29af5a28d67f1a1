"""The feed importer: one thread per server that turns pending feed items into products and
queues their generation within a bound.

For each item it claims (:func:`adcraft.serve.feedstore.claim_item`) it reads the item's
photos — ``http(s)://`` links through :class:`adcraft.feeds.PhotoFetcher` (timeouts, size
limit, content-type check, retries with backoff, a cache by URL) over
:class:`~adcraft.serve.netguard.PublicOnlyTransport`; any other link is looked up by file name
among the photos uploaded with the feed, never on the server's disk — checks each in the
worker pool (:func:`adcraft.serve.workers.check_image`), stores the usable ones and creates or
updates the product. Between items it queues generation jobs for imported products while
fewer than ``feed_jobs`` feed jobs are queued or running (:func:`~adcraft.serve.feedstore.dispatch`);
the server's one job runner makes them, one at a time. A row that cannot be imported fails
with its reason and the feed goes on.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy.orm import sessionmaker

from adcraft.brief import Brief
from adcraft.errors import InputError, internal_message
from adcraft.feeds import FetchError, FetchSettings, PhotoFetcher
from adcraft.feeds.fetch import photo_name
from adcraft.serve import feedstore
from adcraft.serve.db import FeedItemRow, FeedRow, Product, now
from adcraft.serve.files import FileStore
from adcraft.serve.netguard import PublicOnlyTransport
from adcraft.serve.settings import ServeSettings
from adcraft.serve.workers import WorkPool, check_image

log = logging.getLogger("adcraft.serve")

MAX_PHOTOS = 5
"""Photos of one item read (``image_link`` and the first ``additional_image_link`` s), as
``adcraft batch`` does."""
_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$")


class FeedImporter:
    """Imports feed items in a background thread; :meth:`start`, :meth:`wake`, :meth:`stop`.

    Parameters
    ----------
    sessions, files, pool, settings:
        The server's database sessions, file store, worker pool and settings.
    on_queued:
        Called after generation jobs were queued (the job runner looks at the queue).
    poll_s:
        Seconds between looks when nothing woke the importer.
    """

    def __init__(self, sessions: sessionmaker, files: FileStore, pool: WorkPool, settings: ServeSettings,
                 on_queued=None, poll_s: float = 1.0) -> None:
        self.sessions, self.files, self.pool, self.settings = sessions, files, pool, settings
        self.on_queued = on_queued or (lambda: None)
        self.poll_s = float(poll_s)
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        # one photo's worst case: every try running to its deadline, plus a minute
        self.lease_s = 4 * settings.fetch_timeout_s * (settings.fetch_retries + 1) + 60
        self.fetcher = PhotoFetcher(
            base_dir=files.root / "feeds", cache_dir=files.root / "feed-cache",
            settings=FetchSettings(timeout_s=settings.fetch_timeout_s, max_bytes=settings.max_upload_bytes,
                                   retries=settings.fetch_retries, backoff_s=0.5),
            transport=PublicOnlyTransport(allow_private=settings.allow_private_urls),
        )
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start importing (call once the server's socket is bound)."""
        self._thread = threading.Thread(target=self._loop, name="adcraft-feeds", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look for work now (a feed was imported, or a job ended)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop; an item being imported is taken up again once its lease expires."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.fetcher.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if feedstore.dispatch(self.sessions, self.settings.feed_jobs, self.settings.max_queued_jobs):
                    self.on_queued()
                item = feedstore.claim_item(self.sessions, self.owner, self.lease_s)
                if item is not None:
                    self.import_item(item)
                    continue
            except Exception:  # a database hiccup must not end the importer
                log.exception("feed importer step failed")
            self._wake.wait(self.poll_s)
            self._wake.clear()

    # -- one item ---------------------------------------------------------------------------
    def import_item(self, row_id: int) -> None:
        """Import the claimed item ``row_id``: its photos, then its product; a failure is
        stored with its reason (nothing is written once the claim was lost)."""
        try:
            self._import(row_id)
        except Exception as exc:  # noqa: BLE001 - one bad item must not stop the feed
            if not isinstance(exc, InputError):
                log.exception("feed item %s failed", row_id)
            reason = str(exc) if isinstance(exc, InputError) else f"internal error: {internal_message(exc)}"
            with self.sessions() as s:
                if feedstore.holds_item(s, row_id, self.owner, state="failed", error=reason[:2000], lease_expires=None):
                    s.commit()

    def _renew(self, row_id: int) -> None:
        with self.sessions() as s:
            if feedstore.holds_item(s, row_id, self.owner, lease_expires=now() + timedelta(seconds=self.lease_s)):
                s.commit()

    def _import(self, row_id: int) -> None:
        with self.sessions() as s:
            item = s.get(FeedItemRow, row_id)
            data, product_id = dict(item.data), item.product_id
            uploads = dict(s.get(FeedRow, item.feed_id).uploads)
        fields = dict(data["fields"])
        logo_link = fields.pop("logo", None)
        Brief.parse({**fields, "photo": "upload"})  # the reader checked it; a changed brief schema says so here
        photos, notes = [], []
        for number, link in enumerate(data["images"][:MAX_PHOTOS], 1):
            self._renew(row_id)
            try:
                photos.append(self._store(link, uploads, f"photo {number} ({link[:160]})", 200))
            except InputError as exc:
                notes.append(f"photo {number} not used: {exc}")
        if not photos:
            raise InputError("no usable photo: " + "; ".join(notes))
        logo = None
        if isinstance(logo_link, str) and logo_link.strip():
            try:
                logo = self._store(logo_link.strip(), uploads, f"logo ({logo_link[:160]})", 16)
            except InputError as exc:
                notes.append(f"logo not used: {exc}")
        link = data.get("link")
        landing = link if isinstance(link, str) and len(link) <= 2000 and _URL.match(link) else None
        if link and landing is None:
            notes.append(f"link {str(link)[:120]!r} is not an http(s) URL; the product has no landing page")
        with self.sessions() as s:
            if not feedstore.holds_item(s, row_id, self.owner, state="imported", photos=photos, notes=notes[:20], error=None, lease_expires=None):
                return
            product = s.get(Product, product_id)
            if product is None:
                product = Product(id=product_id)
                s.add(product)
            product.title, product.brief, product.photo = str(fields["title"])[:200], fields, photos[0]
            product.logo, product.landing_url, product.photo_choice = logo, landing, None
            s.commit()
        self.wake()

    def _store(self, link: str, uploads: dict[str, str], what: str, min_side: int) -> str:
        """Read, check and store one photo; its stored name.

        Raises
        ------
        InputError
            Not found, not downloadable, not an image, too small or too large.
        """
        try:
            scheme = urlsplit(link).scheme.lower() if "://" in link else ""
            name = photo_name(link)
        except ValueError as exc:  # e.g. "Invalid IPv6 URL"
            raise FetchError(f"{link[:160]!r} is not a valid link ({exc}); give an http(s) URL or the name of an uploaded photo") from None
        if scheme in ("http", "https"):
            data = self.fetcher.fetch(link).data
        else:
            stored = uploads.get(name)
            if stored is None:
                raise FetchError(
                    f"{link[:160]!r} is not an http(s) link and no photo named {name!r} was uploaded with the feed; "
                    "upload it as a `photos` file of POST /v1/feeds or link it by http(s)://"
                )
            data = self.files.path("feeds", stored).read_bytes()
        ext = self.pool.run(check_image, data, self.settings.max_pixels, min_side, what)
        return self.files.put_bytes("photos", data, ext)
