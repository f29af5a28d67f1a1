"""Product photos named by a feed: local paths, ``file://`` or ``http(s)://`` links → bytes.

HTTP goes through :mod:`httpx` with a connect/read timeout and an overall deadline per try, a
size limit (``Content-Length`` first, then counted while streaming), a content-type check
(JPEG, PNG or WebP: what :func:`adcraft.io.load_image` reads), and retries with exponential
backoff on timeouts, connection errors, 429 and 5xx answers (``Retry-After`` honoured up to
the largest backoff). Downloads are cached on disk by URL (SHA-256 of the URL), written to a
temporary name and renamed, so a killed batch never leaves half a file in the cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import httpx

from adcraft.errors import InputError

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
"""Content types accepted from a server."""


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n:,} bytes"


class FetchError(InputError):
    """A photo could not be read or downloaded; the message names the link and the reason."""


@dataclass(frozen=True)
class FetchSettings:
    """How photos are fetched.

    Attributes
    ----------
    timeout_s:
        Connect and read timeout of one try (seconds); one try also ends after
        ``4 * timeout_s`` in all (a server that trickles bytes).
    max_bytes:
        Largest photo accepted (bytes).
    retries:
        Tries after the first on a timeout, a connection error, 429 or 5xx.
    backoff_s:
        Wait before the first retry (seconds); doubled before each next one.
    """

    timeout_s: float = 15.0
    max_bytes: int = 25 * 2**20
    retries: int = 3
    backoff_s: float = 0.5


@dataclass(frozen=True)
class Photo:
    """A photo's bytes and where they came from.

    Attributes
    ----------
    link:
        The link as the feed gives it.
    name:
        A file name for it (the link's last path segment, made safe), so file-name conventions
        such as a category prefix survive.
    data:
        The file's bytes.
    source:
        ``"file"``, ``"cache"`` or ``"http"``.
    """

    link: str
    name: str
    data: bytes
    source: str


def photo_name(link: str) -> str:
    """The last path segment of ``link`` with only ``[A-Za-z0-9._-]`` kept (``photo`` if none)."""
    path = unquote(urlsplit(link).path) if "://" in link else link
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    return base[:120] or "photo"


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class PhotoFetcher:
    """Reads and downloads the photos of a feed; thread-safe.

    Parameters
    ----------
    base_dir:
        Folder that relative local paths are relative to (the feed's).
    cache_dir:
        Where downloads are kept, one file per URL.
    settings:
        Timeouts, size limit and retries.
    transport:
        An :mod:`httpx` transport (tests); the default opens real connections.
    """

    def __init__(self, base_dir: str | Path, cache_dir: str | Path, settings: FetchSettings | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_dir = Path(base_dir)
        self.cache_dir = Path(cache_dir)
        self.settings = settings or FetchSettings()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.settings.timeout_s), follow_redirects=True, transport=transport,
            headers={"User-Agent": "adcraft-batch (+https://pypi.org/project/adcraft/)", "Accept": ", ".join(IMAGE_TYPES)},
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __enter__(self) -> PhotoFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, link: str) -> Photo:
        """The photo at ``link`` (local path, ``file://`` or ``http(s)://``).

        Raises
        ------
        FetchError
            If the file is missing or too large, the URL's scheme is not supported, or the
            download failed after every retry (the message says why).
        """
        scheme = urlsplit(link).scheme.lower() if "://" in link else ""
        if scheme in ("http", "https"):
            return Photo(link, photo_name(link), *self._download(link))
        if scheme == "file":
            path = Path(url2pathname(unquote(urlsplit(link).path)))
        elif scheme:
            raise FetchError(f"image link {link!r} has the scheme {scheme!r}; use a local path, file:// or http(s)://")
        else:
            path = Path(link) if Path(link).is_absolute() else self.base_dir / link
        return Photo(link, photo_name(link), self._read(path, link), "file")

    def _read(self, path: Path, link: str) -> bytes:
        try:
            size = path.stat().st_size
            if size > self.settings.max_bytes:
                raise FetchError(f"image {link!r} is {_size(size)}, over the {_size(self.settings.max_bytes)} limit")
            return path.read_bytes()
        except OSError as exc:
            raise FetchError(f"cannot read image {link!r} ({str(path)!r}): {exc.strerror or exc}") from None

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.img"

    def _download(self, url: str) -> tuple[bytes, str]:
        cached = self._cache_path(url)
        if cached.is_file():
            return cached.read_bytes(), "cache"
        s = self.settings
        for attempt in range(s.retries + 1):
            try:
                data = self._try(url)
                break
            except _Retry as exc:
                if attempt == s.retries:
                    raise FetchError(f"cannot download image {url!r}: {exc} (after {attempt + 1} tries)") from None
                largest = s.backoff_s * 2 ** s.retries
                time.sleep(min(exc.wait, largest) if exc.wait is not None else s.backoff_s * 2**attempt)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".part-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, cached)
        return data, "http"

    def _try(self, url: str) -> bytes:
        """One GET; raises :class:`_Retry` for what may pass, :class:`FetchError` for what will not."""
        s = self.settings
        deadline = time.monotonic() + 4 * s.timeout_s
        try:
            with self._client.stream("GET", url) as r:
                if r.status_code == 429 or r.status_code >= 500:
                    after = r.headers.get("Retry-After", "")
                    raise _Retry(f"HTTP {r.status_code} {r.reason_phrase}", float(after) if after.isdigit() else None)
                if r.status_code >= 400:
                    raise FetchError(f"cannot download image {url!r}: HTTP {r.status_code} {r.reason_phrase}; check the link")
                kind = r.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if kind not in IMAGE_TYPES:
                    raise FetchError(f"{url!r} answered with {kind or 'no content type'}, not a JPEG, PNG or WebP image; link the image file itself")
                length = r.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > s.max_bytes:
                    raise FetchError(f"image {url!r} is {_size(int(length))}, over the {_size(s.max_bytes)} limit")
                chunks, total = [], 0
                for chunk in r.iter_bytes():
                    total += len(chunk)
                    if total > s.max_bytes:
                        raise FetchError(f"image {url!r} is over the {_size(s.max_bytes)} limit")
                    if time.monotonic() > deadline:
                        raise _Retry(f"the download took over {4 * s.timeout_s:.0f} s")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {s.timeout_s:g} s") from None
        except httpx.TransportError as exc:
            raise _Retry(f"connection failed ({type(exc).__name__}: {exc})") from None
        except (httpx.TooManyRedirects, httpx.InvalidURL) as exc:
            raise FetchError(f"cannot download image {url!r}: {exc}") from None
