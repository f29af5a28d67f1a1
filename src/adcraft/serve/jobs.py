"""Generation jobs: claimed under a lease, run in a worker process, results stored once.

A job row moves queued → running → done | failed. :class:`JobRunner` (a thread of the server)
claims the oldest queued job — or a running one whose lease expired because its server died —
with :func:`adcraft.serve.leases.claim`, renews the lease every third of its length while the
job runs, and hands the job to a worker *process* that owns the :class:`~adcraft.Engine`, so
generation never competes with the ad decisions for the server's interpreter lock. The
worker writes progress (``stage``/``done``/``total``, at most every 0.25 s) and the results,
each write conditional on still holding the lease (:func:`adcraft.serve.leases.holds`): a job
is stored by exactly one server. A server that stops hands its running job back to the queue.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from adcraft.brief import Brief
from adcraft.errors import InputError, NoCreativeError, internal_message
from adcraft.layout import parse_sizes
from adcraft.serve import leases
from adcraft.serve.db import CreativeRow, Job, Product, connect, now
from adcraft.serve.files import FileStore
from adcraft.stages.record import CreativeRecord

log = logging.getLogger("adcraft.serve")


def brief_of(product: Product, files: FileStore) -> Brief:
    """The :class:`~adcraft.Brief` of a stored product, with its stored photo and logo paths."""
    data = dict(product.brief)
    data["photo"] = str(files.path("photos", product.photo))
    if product.logo:
        data["logo"] = str(files.path("photos", product.logo))
    return Brief.parse(data)


def creative_row(
    record: CreativeRecord, document, *, cid: str, product_id: str, job_id: str, image: str,
    facts: dict | None = None, extra: dict | None = None,
) -> CreativeRow:
    """The stored row of a generated creative: its :class:`~adcraft.stages.record.CreativeRecord`
    fields, with contrasts, notes, the shown copy, the design critic's verdict, codes and
    findings and the photo facts (so the editor can judge an edited creative the same way) in
    the document's ``meta``."""
    meta = {
        **document.meta, "contrasts": dict(record.contrasts), "notes": list(record.notes), "copy": dict(record.copy),
        "critic": {"verdict": record.verdict, "codes": list(record.codes), "findings": [dict(f) for f in record.findings],
                   "design_score": record.design_score},
        **({"photo_facts": facts} if facts is not None else {}), **(extra or {}),
    }
    return CreativeRow(
        id=cid, product_id=product_id, job_id=job_id, size=record.size, rank=record.rank, score=record.score,
        terms=dict(record.terms), document={**document.model_dump(mode="json"), "meta": meta}, image=image,
    )


def failure_message(exc: BaseException) -> str:
    """A job's error: the input error's own sentence, or one line naming an internal error."""
    return str(exc) if isinstance(exc, InputError) else f"internal error: {internal_message(exc)}"


class LeaseLost(Exception):
    """This server no longer holds the job's lease; another server runs it now."""


# -- the worker process ----------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkerConfig:
    """What a worker process needs (picklable): the database URL and the data folder."""

    database_url: str
    data_dir: str


class _Worker:
    """The state of one worker process: database sessions, files and the engine."""

    def __init__(self, config: WorkerConfig, parent: int) -> None:
        self.db, self.sessions = connect(config.database_url)
        self.files = FileStore(config.data_dir)
        self.parent = parent
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:
            from adcraft.pipeline import Engine

            self._engine = Engine()
        return self._engine

    def run(self, job_id: str, owner: str) -> str:
        """Run one job; ``"done"``, ``"failed"`` or ``"lost"`` (the lease went to another server)."""
        try:
            return self._generate(job_id, owner)
        except LeaseLost:
            return "lost"
        except Exception as exc:  # a job must end as failed with its reason, never hang
            if not isinstance(exc, InputError):
                log.exception("job %s failed", job_id)
            with self.sessions() as s:
                if not leases.holds(s, job_id, owner, status="failed", error=failure_message(exc)[:2000], finished=now(), owner=None, lease_expires=None):
                    return "lost"
                s.commit()
            return "failed"

    def _progress(self, job_id: str, owner: str):
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            if os.getppid() != self.parent:  # the server died: stop, its lease will expire
                os._exit(3)
            t = time.monotonic()
            if t - last[0] < 0.25 and done < total:
                return
            last[0] = t
            with self.sessions() as s:
                if not leases.holds(s, job_id, owner, stage=stage[:40], done=done, total=total):
                    raise LeaseLost(job_id)
                s.commit()

        return progress

    def _choose_photo(self, job_id: str, owner: str, product_id: str, photos: list[str]) -> None:
        """Make the best of a product's stored ``photos`` its photo
        (:func:`~adcraft.assess.quality.best_photo` over each one's inspection: cut-out,
        sharpness, exposure, product size, text) and record why in ``Product.photo_choice``.

        Raises
        ------
        InputError
            If no photo can be used (each one's reason listed).
        """
        from adcraft.assess.quality import best_photo

        with self.sessions() as s:
            if not leases.holds(s, job_id, owner, stage="choosing photo"):
                raise LeaseLost(job_id)
            s.commit()
        reports, numbers, refused = [], [], []
        for number, name in enumerate(photos, 1):
            try:
                reports.append(self.engine.inspect(str(self.files.path("photos", name))).report)
                numbers.append(number)
            except InputError as exc:
                refused.append(f"photo {number} refused: {exc}")
        if not reports:
            raise InputError(f"none of the {len(photos)} photos can be used: {'; '.join(refused)}")
        best, why = best_photo(reports, numbers)
        with self.sessions() as s:
            if not leases.holds(s, job_id, owner):
                raise LeaseLost(job_id)
            product = s.get(Product, product_id)
            product.photo, product.photo_choice = photos[numbers[best] - 1], "; ".join([why, *refused])[:2000]
            s.commit()

    def _generate(self, job_id: str, owner: str) -> str:
        from PIL import Image

        from adcraft.pipeline import GenerationOptions
        from adcraft.render.raster import encode_image
        from adcraft.serve.schemas import control_from_json

        with self.sessions() as s:
            job = s.get(Job, job_id)
            opts, product_id = dict(job.options), job.product_id
        if len(opts.get("photos") or ()) > 1:
            self._choose_photo(job_id, owner, product_id, list(opts["photos"]))
        with self.sessions() as s:
            brief = brief_of(s.get(Product, product_id), self.files)
            if not leases.holds(s, job_id, owner, stage="cut-out"):
                raise LeaseLost(job_id)
            s.commit()
        control = control_from_json(opts["control"]) if opts.get("control") else None
        sizes = parse_sizes(",".join(opts["sizes"]))
        result = self.engine.generate(
            brief,
            sizes=sizes,
            count=int(opts["count"]),
            seed=int(opts["seed"]),
            on_progress=self._progress(job_id, owner),
            control=control,
            options=GenerationOptions(theme=opts.get("theme", "everyday"), force=bool(opts.get("force", False))),
        )
        if not result.creatives:
            raise NoCreativeError.from_rejections(result.rejected, sizes)
        result.assets.save(self.files.assets_dir)
        rows = []
        facts = result.facts.to_dict() if result.facts is not None else None
        for c in result.creatives:  # files first, outside the transaction (no lock held while encoding)
            cid = f"{product_id[:8]}-{c.id}"
            image = f"{cid}-v1.png"
            extra = {"control": opts["control"]} if opts.get("control") else {}
            rows.append(creative_row(CreativeRecord.of(c), c.document, cid=cid, product_id=product_id, job_id=job_id, image=image,
                                     facts=facts, extra=extra))
            self.files.write("renders", image, encode_image(Image.fromarray(c.image), "png"))
        refused = [f"{r.size[0]}x{r.size[1]} {r.family}: {r.reason}" for r in result.rejected if r.reason.startswith("design critic")]
        warnings = (list(result.warnings) + refused)[:50]
        with self.sessions() as s:
            n = len(result.creatives)
            if not leases.holds(s, job_id, owner, status="done", stage="done", finished=now(), done=n, total=n, warnings=warnings, owner=None, lease_expires=None):
                raise LeaseLost(job_id)
            for row in rows:
                if s.get(CreativeRow, row.id) is None:  # the same document again (same seed): keep the stored one and its review
                    s.add(row)
            s.commit()
        return "done"


def worker_main(conn: Connection, config: WorkerConfig, parent: int) -> None:
    """Entry point of the worker process (at a lower CPU priority than the server): run
    ``(job_id, owner)`` messages until ``None`` or until the server's end of the pipe closes."""
    from adcraft.serve.workers import follow_parent, lower_priority

    lower_priority()
    follow_parent(parent)
    worker = _Worker(config, parent)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, owner = message
        conn.send((job_id, worker.run(job_id, owner)))


# -- the runner in the server ----------------------------------------------------------------------
class JobRunner:
    """Claims jobs for this server and runs them one at a time in a worker process.

    Parameters
    ----------
    sessions:
        Session factory of the server's database.
    config:
        :class:`WorkerConfig` for the worker process.
    lease_s:
        Lease length in seconds (renewed every third of it).
    max_attempts:
        A job claimed more often than this (its servers kept dying) fails instead of running.
    on_change:
        Called after a job ends (the server forgets cached creatives).
    poll_s:
        Seconds between looks at the queue when nothing woke the runner.
    """

    def __init__(self, sessions: sessionmaker, config: WorkerConfig, lease_s: float = 30.0, max_attempts: int = 3, on_change=None, poll_s: float = 1.0) -> None:
        self.sessions = sessions
        self.config = config
        self.lease_s = float(lease_s)
        self.max_attempts = int(max_attempts)
        self.on_change = on_change or (lambda: None)
        self.poll_s = min(float(poll_s), self.lease_s / 3)
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def start(self) -> None:
        """Start claiming jobs (call only once the server's socket is bound)."""
        self._thread = threading.Thread(target=self._loop, name="adcraft-jobs", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look at the queue now (a job was queued)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop claiming; a running job is handed back to the queue and its worker ended."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._end_worker()

    # -- internals -------------------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job_id = leases.claim(self.sessions, self.owner, self.lease_s)
                if job_id is not None:
                    self._run(job_id)
                    continue
            except Exception:  # a database hiccup must not end the runner
                log.exception("job runner step failed")
            self._wake.wait(self.poll_s)
            self._wake.clear()

    def _fail(self, job_id: str, message: str) -> None:
        with self.sessions() as s:
            if leases.holds(s, job_id, self.owner, status="failed", error=message, finished=now(), owner=None, lease_expires=None):
                s.commit()

    def _worker(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            ctx = multiprocessing.get_context("spawn")
            ours, theirs = ctx.Pipe()
            self._process = ctx.Process(target=worker_main, args=(theirs, self.config, os.getpid()), name="adcraft-generator", daemon=True)
            self._process.start()
            theirs.close()
            self._conn = ours
        assert self._conn is not None
        return self._conn

    def _end_worker(self) -> None:
        proc, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if proc is not None and proc.is_alive():
            proc.terminate()
            proc.join(timeout=5)

    def _run(self, job_id: str) -> None:
        with self.sessions() as s:
            attempts = s.scalar(select(Job.attempts).where(Job.id == job_id)) or 0
        if attempts > self.max_attempts:
            self._fail(job_id, f"internal error: the job was started {attempts - 1} times and its server stopped each time; giving up")
            return
        conn = self._worker()
        conn.send((job_id, self.owner))
        renew_at = time.monotonic() + self.lease_s / 3
        while True:
            if self._stop.is_set():
                self._end_worker()
                leases.release(self.sessions, job_id, self.owner)
                return
            try:
                if conn.poll(0.2):
                    _, outcome = conn.recv()
                    if outcome == "lost":
                        log.warning("job %s: lease lost to another server; its results were not stored here", job_id)
                    break
            except (EOFError, OSError):
                pass
            if self._process is None or not self._process.is_alive():
                code = self._process.exitcode if self._process is not None else None
                self._end_worker()
                self._fail(job_id, f"internal error: the generation worker stopped unexpectedly (exit code {code}); start the job again")
                break
            if time.monotonic() >= renew_at:
                renew_at = time.monotonic() + self.lease_s / 3
                if not leases.renew(self.sessions, job_id, self.owner, self.lease_s):
                    log.warning("job %s: lease lost while running", job_id)
        self.on_change()
