"""The unit of work of a batch, one product, and what comes back: :class:`ProductTask`,
:class:`ProductOutcome` (both plain, picklable data, so they cross processes and machines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adcraft.feeds.fetch import Photo
from adcraft.feeds.model import FeedItem


@dataclass(frozen=True)
class ProductTask:
    """One product to make: its feed item and its photos' bytes.

    Attributes
    ----------
    item:
        The product as the feed gives it.
    photos:
        Its photos (up to :attr:`BatchSpec.max_photos`), read by the driver, so workers need no
        access to the feed's files or the network.
    logo:
        The brief's own logo file (JSON-lines briefs), else ``None``.
    attempt:
        1 for the first try of this product, 2 for the second, …
    numbers:
        1-based position of each photo among the item's image links (a link that could not be
        fetched leaves a gap); empty means ``1, 2, …``.
    notes:
        Why a photo link could not be used (fetch errors), reported with the choice.
    """

    item: FeedItem
    photos: tuple[Photo, ...]
    logo: Photo | None = None
    attempt: int = 1
    numbers: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The product id."""
        return self.item.id


@dataclass(frozen=True)
class TopCreative:
    """The rank-1 creative of one size, as the gallery shows it.

    Attributes
    ----------
    size:
        ``"WxH"``.
    id:
        The creative id.
    file:
        Its image, relative to the product folder.
    verdict, codes:
        The design critic's verdict (``SHIP``/``FIX``) and defect codes.
    score:
        The final score, ``0..1``.
    """

    size: str
    id: str
    file: str
    verdict: str
    codes: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class ProductOutcome:
    """What a worker made of one product.

    Attributes
    ----------
    id:
        The product id.
    ok:
        ``True`` when the product's folder was made.
    reason:
        Why it failed (one line, what to do), else ``None``.
    files:
        ``(path relative to the product folder, bytes)`` of every file written by
        :func:`adcraft.output.write_result`; empty on failure.
    top:
        The rank-1 creative of each size.
    photo, photo_why:
        The link of the photo used and why it was chosen (:func:`~adcraft.assess.quality.best_photo`).
    creatives, rejected:
        How many creatives were made and how many candidates were rejected.
    seconds:
        Wall time of the product in the worker (s).
    cpu_seconds:
        CPU time (user + system) the worker process spent on it (s): the cost of a product,
        whatever else the machine runs.
    timings:
        Seconds of each generation step (``cutout``, ``compose_render``, …).
    worker:
        ``host:pid`` of the worker process.
    peak_rss_mb:
        The worker process's peak resident memory so far (MiB; ``getrusage`` ``ru_maxrss``).
    warnings:
        Notes from generation (removed overlays, copy back-end fallbacks…).
    """

    id: str
    ok: bool
    reason: str | None = None
    files: tuple[tuple[str, bytes], ...] = ()
    top: tuple[TopCreative, ...] = ()
    photo: str | None = None
    photo_why: str | None = None
    creatives: int = 0
    rejected: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    worker: str = ""
    peak_rss_mb: float = 0.0
    warnings: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        """JSON-ready fields without the files."""
        return {
            "id": self.id, "ok": self.ok, "reason": self.reason, "photo": self.photo, "photo_why": self.photo_why,
            "creatives": self.creatives, "rejected": self.rejected, "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3), "worker": self.worker, "peak_rss_mb": round(self.peak_rss_mb, 1),
        }

    @classmethod
    def failure(cls, task_id: str, reason: str, **extra: Any) -> ProductOutcome:
        """A failed outcome."""
        return cls(id=task_id, ok=False, reason=reason, **extra)
