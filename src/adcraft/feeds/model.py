"""The data a product feed is read into: :class:`FeedItem`, :class:`FeedProblem`, :class:`Feed`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from adcraft.brief import Brief

FeedFormat = Literal["tsv", "csv", "rss", "atom", "jsonl"]


@dataclass(frozen=True)
class Money:
    """An amount in a currency, as Merchant Center writes it (``"15.00 USD"``).

    Attributes
    ----------
    amount:
        The amount, ``>= 0``, in units of ``currency`` (not cents).
    currency:
        ISO 4217 alphabetic code, upper case (``USD``, ``EUR``, ``CNY``…).
    """

    amount: float
    currency: str


@dataclass(frozen=True)
class FeedProblem:
    """Something wrong with one row of a feed; the batch goes on without it.

    Attributes
    ----------
    row:
        1-based line of the file (TSV/CSV, where the header is line 1; JSON lines) or number
        of the item element (XML).
    id:
        The item's ``id`` where the row has one, else ``None``.
    message:
        What is wrong and what to do.
    skipped:
        ``True``: the row cannot be made (no title, no image, duplicate id) and is skipped;
        ``False``: a field was dropped (e.g. a malformed ``sale_price``) and the product is
        still made.
    """

    row: int
    id: str | None
    message: str
    skipped: bool = True


@dataclass(frozen=True)
class FeedItem:
    """One product of a feed, ready to become a :class:`~adcraft.brief.Brief`.

    Attributes
    ----------
    id:
        The feed's product id (Merchant Center ``id``, up to 50 characters).
    row:
        1-based line (TSV/CSV/JSON lines) or item element number (XML) in the feed.
    images:
        Photo links in the feed's order: ``image_link`` first, then each
        ``additional_image_link``; local paths (relative to the feed's folder), ``file://`` or
        ``http(s)://`` URLs.
    fields:
        :class:`~adcraft.brief.Brief` fields except ``photo`` (title, subtitle, brand, category,
        price, original_price, currency, selling_points, lang, …).
    link:
        The product's landing page (``link``), when given.
    labels:
        ``custom_label_0..4`` as given (campaign grouping; recorded, not shown in creatives).
    """

    id: str
    row: int
    images: tuple[str, ...]
    fields: Mapping[str, Any]
    link: str | None = None
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    def to_brief(self, photo: str) -> Brief:
        """The brief of this product with ``photo`` as its photo path.

        Raises
        ------
        InputError
            If the fields do not make a valid brief (the message lists them).
        """
        return Brief.parse({**self.fields, "photo": photo})

    def fingerprint(self) -> str:
        """SHA-1 (hex) of everything that decides the product's creatives: a changed title,
        price or image link in the feed gives another fingerprint, so the product is made again."""
        data = {"images": list(self.images), "fields": dict(self.fields)}
        return hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def __reduce__(self):  # MappingProxyType does not pickle; rebuild from a plain dict
        return (FeedItem, (self.id, self.row, self.images, dict(self.fields), self.link, self.labels))


@dataclass(frozen=True)
class Feed:
    """A feed as read: its products, the rows it could not use, and warnings.

    Attributes
    ----------
    path:
        The file read.
    format:
        ``tsv``, ``csv``, ``rss``, ``atom`` or ``jsonl``.
    items:
        The usable products, in feed order.
    problems:
        One :class:`FeedProblem` per bad row or dropped field.
    warnings:
        Feed-wide notes (e.g. the columns adcraft ignored, said once).
    """

    path: str
    format: FeedFormat
    items: tuple[FeedItem, ...]
    problems: tuple[FeedProblem, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
