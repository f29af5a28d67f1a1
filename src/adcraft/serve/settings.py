"""Settings of the ad server: storage, database, keys, limits, learning."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

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
    """

    data_dir: Path = Path("adcraft-data")
    database_url: str | None = None
    api_keys: tuple[str, ...] = ()
    max_upload_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000
    token_secret: str | None = None
    reward_wait_s: float = 30.0
    default_sizes: tuple[tuple[int, int], ...] = ((1080, 1080), (1200, 628), (300, 250))

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))

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
        for name, key, typ in (
            ("ADCRAFT_MAX_UPLOAD_BYTES", "max_upload_bytes", int),
            ("ADCRAFT_MAX_PIXELS", "max_pixels", int),
            ("ADCRAFT_REWARD_WAIT_S", "reward_wait_s", float),
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
        there, mode 0600) when none were configured."""
        self.data_dir.mkdir(parents=True, exist_ok=True)

        def stored(name: str) -> str:
            path = self.data_dir / name
            if not path.exists():
                path.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
                path.chmod(0o600)
            return path.read_text(encoding="utf-8").strip()

        keys = self.api_keys or (stored("api_key"),)
        return replace(self, api_keys=keys, token_secret=self.token_secret or stored("token_secret"))
