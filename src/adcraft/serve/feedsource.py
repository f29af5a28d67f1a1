"""A feed's bytes from a request (upload, text or URL) → a parsed :class:`~adcraft.feeds.Feed`.

:func:`parse_feed` runs in the worker pool (:class:`adcraft.serve.workers.WorkPool`): it writes
the bytes to a private temporary folder and reads them with :func:`adcraft.feeds.read_feed`, so
the server reads Merchant Center TSV/CSV/XML and JSON lines of briefs exactly as ``adcraft
batch`` does. :func:`download_feed` fetches a feed URL within the size limit, through
:class:`~adcraft.serve.netguard.PublicOnlyTransport`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import httpx

from adcraft.errors import InputError
from adcraft.feeds import Feed, read_feed
from adcraft.serve.errors import TooLarge
from adcraft.serve.netguard import PublicOnlyTransport, check_http_url

FeedFormatName = Literal["tsv", "csv", "xml", "jsonl"]
FEED_FORMATS: tuple[str, ...] = ("tsv", "csv", "xml", "jsonl")
_SUFFIX = {"tsv": ".tsv", "csv": ".csv", "xml": ".xml", "jsonl": ".jsonl"}
_KNOWN = {".tsv": "tsv", ".txt": "tsv", ".tab": "tsv", ".csv": "csv", ".xml": "xml", ".rss": "xml", ".atom": "xml",
          ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(fmt: str | None, name: str | None, content_type: str | None = None) -> str | None:
    """The feed format: the one given, else the file name's suffix, else an XML content type;
    ``None`` lets :func:`read_feed` sniff the first bytes."""
    if fmt:
        return fmt
    suffix = Path(urlsplit(name or "").path).suffix.lower()
    if suffix in _KNOWN:
        return _KNOWN[suffix]
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.endswith("xml"):
        return "xml"
    if kind == "text/tab-separated-values":
        return "tsv"
    if kind == "text/csv":
        return "csv"
    return None


def parse_feed(data: bytes, fmt: str | None) -> Feed:
    """Read a feed's bytes (pool entry point).

    Parameters
    ----------
    data:
        The feed file's bytes (UTF-8 text or XML).
    fmt:
        ``tsv``, ``csv``, ``xml``, ``jsonl`` or ``None`` to sniff the first bytes.

    Returns
    -------
    Feed
        Its items, the rows it could not use and its warnings. Local image paths stay as the
        feed wrote them (relative to a folder that is gone once this returns): the importer
        resolves them among the photos uploaded with the feed, never on the server's disk.

    Raises
    ------
    InputError
        Empty, not UTF-8, malformed XML or no product at all (the message says which).
    """
    if not data.strip():
        raise InputError("the feed is empty; send Merchant Center product data (TSV, CSV, XML) or JSON lines of briefs")
    with tempfile.TemporaryDirectory(prefix="adcraft-feed-") as tmp:
        path = Path(tmp) / f"feed{_SUFFIX.get(fmt or '', '.feed')}"
        path.write_bytes(data)
        feed = read_feed(path)
    return Feed(path="", format=feed.format, items=feed.items, problems=feed.problems, warnings=feed.warnings)


def download_feed(url: str, max_bytes: int, timeout_s: float, allow_private: bool) -> tuple[bytes, str | None]:
    """The bytes of the feed at ``url`` and its content type (blocking: call it from a thread).

    Raises
    ------
    InputError
        Not an http(s) URL, a non-public host (unless ``allow_private``), no answer, an HTTP
        error status, or a download that took over ``4 * timeout_s``.
    TooLarge
        Over ``max_bytes``.
    """
    check_http_url(url, "the feed URL")
    transport = PublicOnlyTransport(allow_private=allow_private, retries=1)
    deadline = time.monotonic() + 4 * timeout_s
    try:
        with httpx.Client(transport=transport, timeout=httpx.Timeout(timeout_s), follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": "adcraft-serve"}) as client, client.stream("GET", url) as r:
            if r.status_code >= 400:
                raise InputError(f"cannot download the feed {url[:200]!r}: HTTP {r.status_code} {r.reason_phrase}; check the URL")
            length = r.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise TooLarge(f"the feed at {url[:200]!r} is {int(length):,} bytes; the limit is {max_bytes:,} (ADCRAFT_MAX_FEED_BYTES); split it")
            chunks, total = [], 0
            for chunk in r.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise TooLarge(f"the feed at {url[:200]!r} is over the {max_bytes:,}-byte limit (ADCRAFT_MAX_FEED_BYTES); split it")
                if time.monotonic() > deadline:
                    raise InputError(f"the feed at {url[:200]!r} took over {4 * timeout_s:g} s to download; try again or upload the file")
                chunks.append(chunk)
            return b"".join(chunks), r.headers.get("Content-Type")
    except httpx.TimeoutException:
        raise InputError(f"the feed URL {url[:200]!r} did not answer within {timeout_s:g} s; check that the server can reach it") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError(f"cannot download the feed {url[:200]!r}: {type(exc).__name__}: {exc}; check the URL and that the server can reach it") from None
