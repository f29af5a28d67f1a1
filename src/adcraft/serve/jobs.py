"""Generation jobs: run :meth:`adcraft.Engine.generate` in a worker thread, store the results.

A job row moves queued → running → done | failed; ``stage``/``done``/``total`` follow the
engine's progress callback (written at most every 0.25 s). Jobs that were queued or running
when the server stopped are queued again when it starts (:meth:`JobRunner.resume`).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from adcraft.brief import Brief
from adcraft.errors import InputError
from adcraft.layout import parse_sizes
from adcraft.render.raster import encode_image
from adcraft.serve.db import CreativeRow, Job, Product, now
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


def creative_row(record: CreativeRecord, document, *, cid: str, product_id: str, job_id: str, image: str) -> CreativeRow:
    """The stored row of a generated creative (its :class:`~adcraft.stages.record.CreativeRecord`
    fields; contrasts, notes and the shown copy kept in the document's ``meta``)."""
    meta = {**document.meta, "contrasts": dict(record.contrasts), "notes": list(record.notes), "copy": dict(record.copy)}
    return CreativeRow(
        id=cid, product_id=product_id, job_id=job_id, size=record.size, rank=record.rank, score=record.score,
        terms=dict(record.terms), document={**document.model_dump(mode="json"), "meta": meta}, image=image,
    )


class JobRunner:
    """One worker thread that owns the :class:`~adcraft.Engine` (loaded on first job)."""

    def __init__(self, sessions: sessionmaker, files: FileStore, on_change=None) -> None:
        self.sessions = sessions
        self.files = files
        self.on_change = on_change or (lambda: None)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="adcraft-job")
        self._engine = None
        self._engine_lock = threading.Lock()

    @property
    def engine(self):
        with self._engine_lock:
            if self._engine is None:
                from adcraft.pipeline import Engine

                self._engine = Engine()
            return self._engine

    def submit(self, job_id: str) -> None:
        self._pool.submit(self._run_logged, job_id)

    def resume(self) -> int:
        """Queue every job left queued or running by a previous server; returns how many."""
        with self.sessions() as s:
            ids = s.scalars(select(Job.id).where(Job.status.in_(("queued", "running"))).order_by(Job.created)).all()
            for job in s.scalars(select(Job).where(Job.id.in_(ids))):
                job.status, job.stage = "queued", "queued (resumed)"
            s.commit()
        for jid in ids:
            self.submit(jid)
        return len(ids)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run_logged(self, job_id: str) -> None:
        try:
            self.run(job_id)
        except Exception as exc:  # a job must end as failed with its reason, never hang
            log.exception("job %s failed", job_id)
            msg = str(exc) if isinstance(exc, InputError) else f"internal error: {type(exc).__name__}: {exc}"
            with self.sessions() as s:
                job = s.get(Job, job_id)
                if job is not None:
                    job.status, job.error, job.finished = "failed", msg, now()
                    s.commit()

    def run(self, job_id: str) -> None:
        """Run job ``job_id`` to completion (called in the worker thread)."""
        with self.sessions() as s:
            job = s.get(Job, job_id)
            product = s.get(Product, job.product_id)
            brief = brief_of(product, self.files)
            opts = dict(job.options)
            job.status, job.stage = "running", "cut-out"
            s.commit()
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            t = time.monotonic()
            if t - last[0] < 0.25 and done < total:
                return
            last[0] = t
            with self.sessions() as s2:
                j = s2.get(Job, job_id)
                j.stage, j.done, j.total = stage, done, total
                s2.commit()

        from adcraft.layout.control import LayoutControl
        from adcraft.pipeline import GenerationOptions

        control = None
        if opts.get("control"):
            c = opts["control"]
            control = LayoutControl(locked={k: tuple(v) for k, v in c.get("locked", {}).items()}, texts=c.get("texts", {}))
        result = self.engine.generate(
            brief,
            sizes=parse_sizes(",".join(opts["sizes"])),
            count=int(opts["count"]),
            seed=int(opts["seed"]),
            on_progress=progress,
            control=control,
            options=GenerationOptions(theme=opts.get("theme", "everyday")),
        )
        result.assets.save(self.files.assets_dir)
        with self.sessions() as s:
            job = s.get(Job, job_id)
            for c in result.creatives:
                cid = f"{job.product_id[:8]}-{c.id}"
                if s.get(CreativeRow, cid) is not None:
                    continue  # the same document again (same seed): keep the stored one and its review
                image = f"{cid}-v1.png"
                self.files.write("renders", image, encode_image(Image.fromarray(c.image), "png"))
                s.add(creative_row(CreativeRecord.of(c), c.document, cid=cid, product_id=job.product_id, job_id=job_id, image=image))
            job.status, job.stage, job.finished = "done", "done", now()
            job.done = job.total = len(result.creatives)
            job.warnings = list(result.warnings)[:50]
            s.commit()
        self.on_change()


