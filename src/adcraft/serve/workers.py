"""CPU work of requests, off the event loop and off the server's interpreter lock.

Decoding and checking an upload (a 40-megapixel PNG takes seconds), rendering an edited
creative, reading a feed and encoding a creative's video, animated banner, HTML5 ad or SVG run
in a small pool of worker processes (:class:`concurrent.futures.ProcessPoolExecutor`,
``spawn`` start method), so the ad decision and the beacons keep answering in milliseconds
while they run. The functions here are the pool's entry points: plain, picklable arguments in,
plain results out.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from adcraft.errors import InputError, InternalError
from adcraft.io import LoadLimits, load_image

_PHOTO_EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def check_image(data: bytes, max_pixels: int, min_side: int, what: str) -> str:
    """Decode and check an uploaded image with :func:`adcraft.io.load_image`; its file extension.

    Raises
    ------
    InputError
        Empty, undecodable, too small or too large (``ImageTooLargeError``).
    """
    if not data:
        raise InputError(f"{what} is empty; send a JPEG, PNG or WebP file")
    load_image(data, LoadLimits(min_short_side=min_side, max_pixels=max_pixels), name=what)
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:  # header only: the format names the stored file
        return _PHOTO_EXT[im.format]


@cache
def _renderer():
    """One renderer per worker process (fonts load once)."""
    from adcraft.render import Renderer

    return Renderer()


@dataclass(frozen=True)
class Rendered:
    """A re-rendered and re-scored document: PNG bytes, score (the critic's), terms, text
    contrasts, the layout's design score and the critique (verdict, codes, findings)."""

    png: bytes
    score: float
    terms: dict[str, float]
    contrasts: dict[str, float]
    design_score: float = 0.0
    critique: dict | None = None


def render_document(document: dict, assets_dir: str) -> Rendered:
    """Render and score a design document (JSON) whose assets lie in ``assets_dir``.

    Raises
    ------
    InputError
        An invalid document or a missing asset.
    """
    from PIL import Image

    from adcraft.document import AssetStore, DesignDocument
    from adcraft.render.raster import encode_image
    from adcraft.serve.editing import measure

    doc = DesignDocument.model_validate(document)
    m = measure(doc, AssetStore(root=Path(assets_dir)), _renderer())
    return Rendered(encode_image(Image.fromarray(m.image), "png"), float(m.score), dict(m.terms), dict(m.contrasts), float(m.design_score), m.critique)


@dataclass(frozen=True)
class Exported:
    """One delivery file of a creative (:class:`adcraft.export.deliver.DeliveredFile` without
    the format): file name, bytes, the platform's byte budget (``None``: none), whether it
    fits, and what the budget search settled on."""

    name: str
    data: bytes
    budget_bytes: int | None
    fits: bool
    setting: str


def export_document(document: dict, assets_dir: str, fmt: str, platform: str | None, click_url: str | None,
                    duration_s: int, stem: str) -> Exported:
    """A design document (JSON) delivered as ``fmt`` with :func:`adcraft.export.deliver.deliver`:
    MP4 (:func:`adcraft.motion.export_video`, ``duration_s`` at 30 fps), GIF or animated WebP,
    HTML5 zip with ``click_url`` as its clickTag, SVG, or a PNG/JPEG/WebP still, within
    ``platform``'s budgets when one is named.

    Raises
    ------
    InputError
        An invalid document, a missing asset, a format or size the platform does not take, an
        html5 ad without an http(s) click URL.
    """
    from adcraft.document import AssetStore, DesignDocument
    from adcraft.export.deliver import DeliveryRequest, deliver
    from adcraft.motion import VideoSettings

    doc = DesignDocument.model_validate(document)
    request = DeliveryRequest((fmt,), platform, click_url, VideoSettings(duration_s=duration_s))
    made = deliver(doc, AssetStore(root=Path(assets_dir)), request, stem, _renderer())[0]
    return Exported(made.name, made.data, made.budget_bytes, made.fits, made.setting)


def lower_priority(nice: int = 10) -> None:
    """Make this (worker) process yield the CPU to the server's event loop (``os.nice``)."""
    try:
        os.nice(nice)
    except OSError:  # not permitted here: run at normal priority
        pass


def follow_parent(parent: int, every_s: float = 1.0) -> None:
    """End this worker process when its server ``parent`` dies (a killed server's pool worker
    would otherwise wait on its task queue forever: it holds that pipe's write end itself)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every_s)
        os._exit(3)

    threading.Thread(target=watch, name="adcraft-follow-parent", daemon=True).start()


def _init_worker(parent: int) -> None:
    lower_priority()
    follow_parent(parent)


class WorkPool:
    """A pool of ``workers`` processes for :func:`check_image`, :func:`render_document` and
    :func:`export_document`.

    The processes start on first use, at a lower CPU priority (nice 10) than the server, so
    that on a busy machine the decisions still get the CPU first, and end with the server even
    when it is killed; :meth:`close` ends them.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = int(workers)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # the event loop, request threads and the feed importer share it

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker, initargs=(os.getpid(),)
                )
            return self._pool

    def run(self, fn, *args):
        """Run ``fn(*args)`` in the pool and wait (from a worker thread, never the event loop).

        Raises
        ------
        InternalError
            If a worker process died (the pool starts afresh on the next call).
        """
        try:
            return self._executor().submit(fn, *args).result()
        except BrokenProcessPool as exc:
            self.close()
            raise InternalError("a worker process stopped unexpectedly (out of memory?); try again") from exc

    async def run_async(self, fn, *args):
        """Run ``fn(*args)`` in the pool; the event loop serves other requests meanwhile."""
        try:
            return await asyncio.wrap_future(self._executor().submit(fn, *args))
        except BrokenProcessPool as exc:
            self.close()
            raise InternalError("a worker process stopped unexpectedly (out of memory?); try again") from exc

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
