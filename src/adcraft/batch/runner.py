"""A batch from a feed to an output folder: :func:`run_batch`.

The driver (this process) reads the feed, keeps the manifest, reads or downloads the photos
(a few threads ahead of the workers), hands one product at a time to the back-end's workers,
writes each product's folder atomically and then commits its manifest row, and at the end
writes ``batch.json`` and the ``index.html`` gallery. Being the only writer, it needs no locks;
the workers need no shared file system.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from adcraft.batch.choice import BackendChoice
from adcraft.batch.manifest import Manifest
from adcraft.batch.progress import BatchProgress
from adcraft.batch.spec import BatchSpec
from adcraft.batch.store import ProductStore
from adcraft.batch.summary import write_summary
from adcraft.batch.task import ProductOutcome, ProductTask
from adcraft.errors import InputError
from adcraft.feeds import FetchError, FetchSettings, Photo, PhotoFetcher, read_feed
from adcraft.feeds.model import Feed, FeedItem

FETCH_THREADS = 4
"""Threads reading and downloading photos ahead of the workers."""


@dataclass(frozen=True)
class BatchReport:
    """What a run did.

    Attributes
    ----------
    out:
        The output folder.
    counts:
        Products of the feed per status after the run (``done``, ``failed``, ``skipped``…).
    made, failed:
        Products made and failed in this run.
    seconds:
        Wall time of the run (s), starting the workers included.
    products_per_hour:
        ``made / seconds * 3600``.
    summary, index:
        Paths of ``batch.json`` and ``index.html``.
    feed:
        The feed as read (its problems and warnings).
    """

    out: Path
    counts: dict[str, int]
    made: int
    failed: int
    seconds: float
    products_per_hour: float
    summary: Path
    index: Path
    feed: Feed
    workers: dict[str, dict[str, float]] = field(default_factory=dict)


def _fetch(fetcher: PhotoFetcher, item: FeedItem, limit: int) -> tuple[list[Photo], list[int], Photo | None, list[str]]:
    """The item's photos (the first ``limit`` links), their 1-based numbers, its logo, and why
    any could not be had."""
    photos, numbers, notes = [], [], []
    for n, link in enumerate(item.images[:limit], 1):
        try:
            photos.append(fetcher.fetch(link))
            numbers.append(n)
        except FetchError as exc:
            notes.append(f"photo {n}: {exc}")
    logo = None
    if isinstance(item.fields.get("logo"), str):
        try:
            logo = fetcher.fetch(item.fields["logo"])
        except FetchError as exc:
            notes.append(f"logo: {exc}")
            photos = []  # a brief's own logo is part of the brief: without it the product fails
    return photos, numbers, logo, notes


def _tasks(items: Iterable[FeedItem], fetcher: PhotoFetcher, manifest: Manifest, spec: BatchSpec,
           on_failed: Callable[[ProductOutcome], None], ahead: int) -> Iterator[ProductTask]:
    """Tasks in feed order, photos fetched ``ahead`` products in advance; a product whose
    photos cannot be had is failed through ``on_failed`` instead."""
    pending = iter(items)
    queue: deque[tuple[FeedItem, Future]] = deque()
    with ThreadPoolExecutor(FETCH_THREADS, thread_name_prefix="adcraft-fetch") as pool:
        def fill() -> None:
            while len(queue) < ahead and (item := next(pending, None)) is not None:
                queue.append((item, pool.submit(_fetch, fetcher, item, spec.max_photos)))

        fill()
        while queue:
            item, future = queue.popleft()
            fill()
            photos, numbers, logo, notes = future.result()
            attempt = manifest.started(item.id)
            if not photos:
                on_failed(ProductOutcome.failure(item.id, "; ".join(notes) or "no photo"))
                continue
            yield ProductTask(item=item, photos=tuple(photos), logo=logo, attempt=attempt, numbers=tuple(numbers), notes=tuple(notes))


def run_batch(
    feed_path: str | Path,
    out: str | Path,
    spec: BatchSpec,
    backend: BackendChoice | None = None,
    retry_failed: bool = False,
    on_progress: Callable[[BatchProgress], None] | None = None,
    fetch: FetchSettings | None = None,
) -> BatchReport:
    """Make every product of a feed that is not done yet, one folder per product.

    Parameters
    ----------
    feed_path:
        A Merchant Center feed (TSV, CSV, RSS/Atom XML) or JSON lines of briefs
        (:func:`adcraft.feeds.read_feed`).
    out:
        The output folder: ``products/<id>/`` (as :func:`adcraft.output.write_result` writes
        them), ``manifest.sqlite``, ``batch.json``, ``index.html``, ``cache/`` (downloads).
    spec:
        What every product is made with; an existing folder must have been made with the same.
    backend:
        Local worker processes (default: 1) or Ray.
    retry_failed:
        Make the products that failed in earlier runs again.
    on_progress:
        Called after each product (front-ends draw progress bars).
    fetch:
        Timeouts, size limit and retries for photo downloads.

    Returns
    -------
    BatchReport

    Raises
    ------
    InputError
        Unreadable feed, a folder made with other settings, workers that cannot start, an
        output folder that cannot be written.
    """
    t0 = time.perf_counter()
    feed = read_feed(feed_path)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    backend = backend or BackendChoice()
    manifest = Manifest(out / "manifest.sqlite", spec)
    try:
        store = ProductStore(out / "products")
        store.clean()
        run = manifest.start_run(str(feed_path), backend.describe())
        manifest.sync(run, feed.items, feed.problems)
        counts = manifest.counts(run)
        todo = set(manifest.todo(run, retry_failed))
        state = _Run(manifest, store, on_progress, BatchProgress(total=len(todo), done_before=counts["done"], skipped=counts["skipped"]))
        state.report()
        try:
            if todo:
                _make_all(feed, todo, spec, backend, out, fetch, state)
        finally:
            seconds = time.perf_counter() - t0
            manifest.finish_run(run, state.progress.made, state.progress.failed, seconds)
            summary, index = write_summary(out, feed, manifest, run, spec, backend, state.progress, seconds, state.workers)
        return BatchReport(
            out=out, counts=manifest.counts(run), made=state.progress.made, failed=state.progress.failed, seconds=seconds,
            products_per_hour=state.progress.made / seconds * 3600 if seconds > 0 else 0.0, summary=summary, index=index,
            feed=feed, workers=state.workers,
        )
    finally:
        manifest.close()


class _Run:
    """The driver's bookkeeping of one run: record each outcome, count, report progress."""

    def __init__(self, manifest: Manifest, store: ProductStore, on_progress: Callable[[BatchProgress], None] | None,
                 progress: BatchProgress) -> None:
        self.manifest, self.store, self.on_progress, self.progress = manifest, store, on_progress, progress
        self.workers: dict[str, dict[str, float]] = {}

    def report(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.progress)

    def record(self, outcome: ProductOutcome) -> None:
        """Put the folder in place, then commit the manifest row (in that order)."""
        folder = None
        if outcome.ok:
            try:
                folder = self.store.write(outcome.id, outcome.files)
            except OSError as exc:
                raise InputError(f"cannot write {self.store.root}: {exc.strerror or exc}; free space or fix the "
                                 "permissions, then run the same command again (done products are kept)") from None
        self.manifest.finished(outcome, folder)
        if outcome.worker:
            w = self.workers.setdefault(outcome.worker, {"products": 0, "peak_rss_mb": 0.0, "seconds": 0.0, "cpu_seconds": 0.0})
            w["products"] += 1
            w["seconds"] = round(w["seconds"] + outcome.seconds, 3)
            w["cpu_seconds"] = round(w["cpu_seconds"] + outcome.cpu_seconds, 3)
            w["peak_rss_mb"] = max(w["peak_rss_mb"], round(outcome.peak_rss_mb, 1))
        p = self.progress
        self.progress = BatchProgress(p.total, p.made + outcome.ok, p.failed + (not outcome.ok), p.done_before, p.skipped)
        self.report()


def _make_all(feed: Feed, todo: set[str], spec: BatchSpec, backend: BackendChoice, out: Path,
              fetch: FetchSettings | None, state: _Run) -> None:
    items = [item for item in feed.items if item.id in todo]
    with PhotoFetcher(Path(feed.path).resolve().parent, out / "cache" / "images", fetch) as fetcher:
        workers = backend.start(spec)
        try:
            tasks = _tasks(items, fetcher, state.manifest, spec, state.record, ahead=2 * workers.workers + FETCH_THREADS)
            for outcome in workers.run(tasks):
                state.record(outcome)
        finally:
            workers.close()
