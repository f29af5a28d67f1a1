"""Delivery files of stored creatives made on demand and kept on disk: MP4, GIF, animated WebP,
HTML5 zip, SVG and stills within a platform's budgets.

:class:`ExportCache` encodes in the server's worker pool
(:func:`adcraft.serve.workers.export_document`), never on the event loop; at most
``max_pending`` encodings run or wait at once (one more is refused with 429 and
``Retry-After``), and two requests for the same file share one encoding. A file is stored
under ``exports/`` with a name made of the creative id, its version and a hash of the options,
so an edited creative (a new version) is encoded afresh and the files of older versions are
removed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from dataclasses import asdict, dataclass

from starlette.concurrency import run_in_threadpool

from adcraft.export.platforms import ANIMATED, EXTENSIONS
from adcraft.serve.errors import QueueFull
from adcraft.serve.files import FileStore
from adcraft.serve.workers import Exported, WorkPool, export_document

#: Content type of each delivery format.
MEDIA_TYPES: dict[str, str] = {
    "png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "gif": "image/gif", "awebp": "image/webp",
    "html5": "application/zip", "svg": "image/svg+xml", "mp4": "video/mp4",
}


@dataclass(frozen=True)
class ExportKey:
    """What one export is: the creative and its version, the format and the options that
    change its bytes (``click_url`` only for html5, ``duration_s`` only for mp4)."""

    creative_id: str
    version: int
    fmt: str
    platform: str | None = None
    click_url: str | None = None
    duration_s: int = 6

    def __post_init__(self) -> None:
        if self.fmt != "html5":
            object.__setattr__(self, "click_url", None)
        if self.fmt != "mp4":
            object.__setattr__(self, "duration_s", 0)

    @property
    def stem(self) -> str:
        """The stored file name without extension: ``<creative>-v<version>-<options hash>``."""
        digest = hashlib.sha1(json.dumps([self.fmt, self.platform, self.click_url, self.duration_s]).encode()).hexdigest()[:12]
        return f"{self.creative_id}-v{self.version}-{digest}"

    @property
    def ext(self) -> str:
        return "anim.webp" if self.fmt == "awebp" else EXTENSIONS[self.fmt]


class ExportCache:
    """Exports on disk, made in the worker pool on a miss (see the module).

    Parameters
    ----------
    files:
        The server's file store (``exports/``).
    pool:
        The server's worker pool.
    max_pending:
        Encodings that may run or wait at once.
    """

    def __init__(self, files: FileStore, pool: WorkPool, max_pending: int = 4) -> None:
        self.files, self.pool, self.max_pending = files, pool, int(max_pending)
        self._running: dict[str, asyncio.Future] = {}

    async def get(self, key: ExportKey, document: dict) -> Exported:
        """The export ``key`` of ``document``: from disk, or encoded now.

        Raises
        ------
        QueueFull
            ``max_pending`` other encodings run or wait already.
        InputError
            From the exporter: a format or size the platform does not take, an html5 ad
            without a click URL, a missing asset.
        """
        hit = await run_in_threadpool(self._read, key)
        if hit is not None:
            return hit
        running = self._running.get(key.stem)
        if running is None:
            if len(self._running) >= self.max_pending:
                raise QueueFull(f"{len(self._running)} exports are being encoded (the limit is {self.max_pending}); retry shortly",
                                retry_after_s=10 if key.fmt in ANIMATED else 2)
            running = asyncio.ensure_future(self._make(key, document))
            self._running[key.stem] = running
            running.add_done_callback(lambda done: self._done(key.stem, done))
        return await asyncio.shield(running)

    def _done(self, stem: str, done: asyncio.Future) -> None:
        self._running.pop(stem, None)
        if not done.cancelled():
            done.exception()  # retrieved here too: a client that left must not leave it unseen

    async def _make(self, key: ExportKey, document: dict) -> Exported:
        out = await self.pool.run_async(export_document, document, str(self.files.assets_dir), key.fmt, key.platform,
                                        key.click_url, key.duration_s or 6, key.creative_id)
        await run_in_threadpool(self._write, key, out)
        return out

    def _read(self, key: ExportKey) -> Exported | None:
        meta = self.files.path("exports", f"{key.stem}.json")
        if not meta.is_file():
            return None
        info = json.loads(meta.read_text(encoding="utf-8"))
        return Exported(data=self.files.path("exports", f"{key.stem}.{key.ext}").read_bytes(), **info)

    def _write(self, key: ExportKey, out: Exported) -> None:
        """Store the file, then its description (the description marks a complete file), and
        remove the files of the creative's other versions."""
        self.files.write("exports", f"{key.stem}.{key.ext}", out.data)
        info = {k: v for k, v in asdict(out).items() if k != "data"}
        self.files.write("exports", f"{key.stem}.json", json.dumps(info).encode())
        older = re.compile(rf"^{re.escape(key.creative_id)}-v(?!{key.version}-)\d+-[0-9a-f]{{12}}\.")
        for path in (self.files.root / "exports").iterdir():
            if older.match(path.name):
                path.unlink(missing_ok=True)
