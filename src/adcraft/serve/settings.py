"""Settings of the ad server: storage, database, keys, limits, learning."""

from __future__ import annotations

import math
import os
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from adcraft.errors import InputError


@dataclass(frozen=True)
class ServeSettings:
    """Everything ``adcraft serve`` needs; :meth:`from_env` reads ``ADCRAFT_*`` variables.

    Attributes
    ----------
    data_dir:
        Folder of the server's files: ``photos/``, ``assets/``, ``renders/``, the SQLite file
        ``adcraft.db`` (unless ``database_url`` is given) and ``api_key`` (a generated key when
        ``api_keys`` is empty). Env ``ADCRAFT_DATA``; default ``./adcraft-data``.
    database_url:
        SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@localhost/adcraft``; default a
        SQLite file in ``data_dir``. Env ``ADCRAFT_DATABASE_URL``.
    api_keys:
        Accepted API keys (env ``ADCRAFT_API_KEYS``, comma-separated). Every endpoint but the
        ad decision, the beacons, public creative images and the studio page needs one.
    max_upload_bytes:
        Largest request body in bytes (default 20 MB); larger requests get 413.
    max_pixels:
        Largest photo in pixels (width × height, default 40 MP); larger photos get 413.
    token_secret:
        HMAC key of decision tokens (env ``ADCRAFT_TOKEN_SECRET``); generated and stored in
        ``data_dir/token_secret`` when absent, so tokens survive a restart.
    reward_wait_s:
        Seconds after an impression before the contextual bandit learns it as "no click"
        (env ``ADCRAFT_REWARD_WAIT_S``, default 30 s); a click within the wait is a reward.
    default_sizes:
        Sizes a generation job makes when the request names none.
    public_url:
        Base URL that ad pages reach this server at (env ``ADCRAFT_PUBLIC_URL``, e.g.
        ``https://ads.example.com``); beacon and image URLs of decisions are built from it,
        never from a request's ``Host`` header. ``adcraft serve`` defaults it to
        ``http://HOST:PORT``.
    token_ttl_s:
        Seconds a decision token (its beacon URLs) stays valid (env ``ADCRAFT_TOKEN_TTL_S``,
        default 1 day); later beacons get 410.
    job_lease_s:
        Seconds a server owns a running job without renewing its lease (env
        ``ADCRAFT_JOB_LEASE_S``, default 30 s; renewed every third of it). Another server takes
        a job over only after its lease expired.
    max_queued_jobs:
        Jobs that may wait in the queue (env ``ADCRAFT_MAX_QUEUED_JOBS``, default 32); a new job
        beyond that gets 429 with ``Retry-After``.
    max_job_attempts:
        A job taken over this many times (its server died each time) fails instead.
    check_workers:
        Processes that decode and check uploads and render edits (env ``ADCRAFT_CHECK_WORKERS``,
        default 1), so the event loop never does.
    max_header_bytes:
        Largest request head (request line and headers) in bytes (default 16 KiB); larger gets
        431/400 and the connection closes.
    header_timeout_s:
        Seconds a client may take to send a request head (default 10 s); then it is closed.
    max_connections:
        Concurrent connections before new ones get 503 (uvicorn ``limit_concurrency``).
    max_feed_bytes:
        Largest product feed file in bytes, uploaded or downloaded (env
        ``ADCRAFT_MAX_FEED_BYTES``, default 10 MB); larger gets 413.
    max_feed_items:
        Most products in one feed (env ``ADCRAFT_MAX_FEED_ITEMS``, default 10,000); more gets
        413.
    feed_jobs:
        Generation jobs of feeds that may be queued or running at once, over all feeds (env
        ``ADCRAFT_FEED_JOBS``, default 2); the other imported products wait their turn, and
        the job queue keeps room for the studio's own jobs.
    allow_private_urls:
        Let feed and photo URLs reach loopback, private, link-local and other non-global
        addresses (env ``ADCRAFT_ALLOW_PRIVATE_URLS=1``). Off by default: a feed URL from a
        client must not make the server read its own network (server-side request forgery).
    fetch_timeout_s:
        Connect and read timeout of one download of a feed or photo (env
        ``ADCRAFT_FETCH_TIMEOUT_S``, default 10 s).
    fetch_retries:
        Retries of a photo download after a timeout, connection error, 429 or 5xx (default 2).
    max_exports:
        Export encodings (video, animated banners, HTML5, SVG) that may run or wait at once
        (env ``ADCRAFT_MAX_EXPORTS``, default 4); one more gets 429 with ``Retry-After``.
    generated_key:
        Set by :meth:`prepared` when it generated the API key just now (first start).
    """

    data_dir: Path = Path("adcraft-data")
    database_url: str | None = None
    api_keys: tuple[str, ...] = ()
    max_upload_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000
    token_secret: str | None = None
    reward_wait_s: float = 30.0
    default_sizes: tuple[tuple[int, int], ...] = ((1080, 1080), (1200, 628), (300, 250))
    public_url: str = "http://127.0.0.1:8000"
    token_ttl_s: float = 86_400.0
    job_lease_s: float = 30.0
    max_queued_jobs: int = 32
    max_job_attempts: int = 3
    check_workers: int = 1
    max_header_bytes: int = 16 * 1024
    header_timeout_s: float = 10.0
    max_connections: int = 2000
    max_feed_bytes: int = 10 * 1024 * 1024
    max_feed_items: int = 10_000
    feed_jobs: int = 2
    allow_private_urls: bool = False
    fetch_timeout_s: float = 10.0
    fetch_retries: int = 2
    max_exports: int = 4
    generated_key: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        object.__setattr__(self, "public_url", _public_url(self.public_url))
        for name in ("max_upload_bytes", "max_pixels", "max_queued_jobs", "max_job_attempts", "check_workers", "max_header_bytes", "max_connections",
                     "max_feed_bytes", "max_feed_items", "feed_jobs", "max_exports"):
            if int(getattr(self, name)) < 1:
                raise InputError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("reward_wait_s", "token_ttl_s", "job_lease_s", "header_timeout_s", "fetch_timeout_s"):
            value = float(getattr(self, name))
            if not math.isfinite(value) or value <= 0:
                raise InputError(f"{name} must be a positive number, got {getattr(self, name)}")
        if int(self.fetch_retries) < 0:
            raise InputError(f"fetch_retries must be at least 0, got {self.fetch_retries}")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> ServeSettings:
        """Settings from ``ADCRAFT_*`` environment variables, then ``overrides``.

        Raises
        ------
        InputError
            If a number variable does not parse.
        """
        env = dict(os.environ if env is None else env)
        kw: dict = {}
        if env.get("ADCRAFT_DATA"):
            kw["data_dir"] = Path(env["ADCRAFT_DATA"])
        if env.get("ADCRAFT_DATABASE_URL"):
            kw["database_url"] = env["ADCRAFT_DATABASE_URL"]
        if env.get("ADCRAFT_API_KEYS"):
            kw["api_keys"] = tuple(k.strip() for k in env["ADCRAFT_API_KEYS"].split(",") if k.strip())
        if env.get("ADCRAFT_TOKEN_SECRET"):
            kw["token_secret"] = env["ADCRAFT_TOKEN_SECRET"]
        if env.get("ADCRAFT_PUBLIC_URL"):
            kw["public_url"] = env["ADCRAFT_PUBLIC_URL"]
        if env.get("ADCRAFT_ALLOW_PRIVATE_URLS"):
            kw["allow_private_urls"] = env["ADCRAFT_ALLOW_PRIVATE_URLS"].strip().lower() in ("1", "true", "yes", "on")
        for name, key, typ in (
            ("ADCRAFT_MAX_UPLOAD_BYTES", "max_upload_bytes", int),
            ("ADCRAFT_MAX_PIXELS", "max_pixels", int),
            ("ADCRAFT_REWARD_WAIT_S", "reward_wait_s", float),
            ("ADCRAFT_TOKEN_TTL_S", "token_ttl_s", float),
            ("ADCRAFT_JOB_LEASE_S", "job_lease_s", float),
            ("ADCRAFT_MAX_QUEUED_JOBS", "max_queued_jobs", int),
            ("ADCRAFT_CHECK_WORKERS", "check_workers", int),
            ("ADCRAFT_MAX_FEED_BYTES", "max_feed_bytes", int),
            ("ADCRAFT_MAX_FEED_ITEMS", "max_feed_items", int),
            ("ADCRAFT_FEED_JOBS", "feed_jobs", int),
            ("ADCRAFT_FETCH_TIMEOUT_S", "fetch_timeout_s", float),
            ("ADCRAFT_MAX_EXPORTS", "max_exports", int),
        ):
            if env.get(name):
                try:
                    kw[key] = typ(env[name])
                except ValueError:
                    raise InputError(f"{name} must be a number, got {env[name]!r}") from None
        kw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kw)

    @property
    def url(self) -> str:
        """The database URL in use."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'adcraft.db').resolve()}"

    def prepared(self) -> ServeSettings:
        """Create ``data_dir`` and fill in a generated API key and token secret (kept in files
        there, created with mode 0600 in one step) when none were configured;
        :attr:`generated_key` tells whether the key was made just now."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        generated = False
        if self.api_keys:
            keys = self.api_keys
        else:
            key, generated = secret_file(self.data_dir / "api_key")
            keys = (key,)
        secret = self.token_secret or secret_file(self.data_dir / "token_secret")[0]
        return replace(self, api_keys=keys, token_secret=secret, generated_key=generated)


def secret_file(path: Path) -> tuple[str, bool]:
    """The secret stored in ``path``, generating it first if the file does not exist.

    The file is created with ``O_CREAT | O_EXCL`` and mode 0600 in one system call, so it is
    never readable by others, not even for a moment, and two servers starting together keep
    the one secret that was written first.

    Returns
    -------
    tuple[str, bool]
        The secret and whether it was generated just now.

    Raises
    ------
    InputError
        If the file exists but is empty or unreadable.
    """
    generated = False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(24) + "\n")
        generated = True
    try:
        value = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the secret file {str(path)!r}: {exc}") from None
    if not value:
        for _ in range(50):  # another server created it a moment ago and is writing it
            time.sleep(0.02)
            value = path.read_text(encoding="utf-8").strip()
            if value:
                break
        else:
            raise InputError(f"the secret file {str(path)!r} is empty; delete it to generate a new secret")
    return value, generated


def _public_url(url: str) -> str:
    text = str(url).strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(f"public URL must be http(s)://host[:port][/path], got {url!r} (ADCRAFT_PUBLIC_URL)")
    return text
