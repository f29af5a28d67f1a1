"""The batch manifest: one SQLite file (standard :mod:`sqlite3`, write-ahead log) recording
every product's status, attempts, timings and chosen photo, so a batch resumes where it
stopped.

Statuses: ``pending`` (not made yet), ``running`` (handed to a worker; a run killed then
leaves it so, and the next run makes it again), ``done``, ``failed`` (with the reason;
retried only when asked), ``skipped`` (the feed row cannot be made: no title, no image…). A
product's row is committed only after its folder is in place, so a ``done`` row always has
its folder. With ``synchronous=NORMAL`` in WAL mode a commit survives the process being killed
(only a power cut can lose the last ones).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from adcraft.batch.spec import BatchSpec
from adcraft.batch.task import ProductOutcome
from adcraft.errors import InputError
from adcraft.feeds.model import FeedItem, FeedProblem

STATUSES = ("pending", "running", "done", "failed", "skipped")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, feed TEXT NOT NULL,
    backend TEXT NOT NULL, made INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    seconds REAL
);
CREATE TABLE IF NOT EXISTS products (
    id TEXT PRIMARY KEY, row INTEGER, title TEXT, fingerprint TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
    reason TEXT, attempts INTEGER NOT NULL DEFAULT 0, folder TEXT,
    photos INTEGER, photo TEXT, photo_why TEXT, creatives INTEGER, rejected INTEGER,
    seconds REAL, cpu_seconds REAL, timings TEXT, worker TEXT, peak_rss_mb REAL, top TEXT,
    link TEXT, labels TEXT, notes TEXT, seen_run INTEGER, started_at TEXT, finished_at TEXT
);
CREATE INDEX IF NOT EXISTS products_status ON products (status);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Manifest:
    """The manifest of one output folder.

    Parameters
    ----------
    path:
        The SQLite file (created when missing).
    spec:
        The batch's settings; a folder holds one batch's settings.

    Raises
    ------
    InputError
        If the file was made with other settings (the message names them), or is not a
        manifest.
    """

    def __init__(self, path: str | Path, spec: BatchSpec) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{str(self.path)!r} is not a batch manifest ({exc}); use another --out folder") from None
        self._check(spec)

    def _check(self, spec: BatchSpec) -> None:
        settings = json.loads(json.dumps(spec.describe()))  # as stored: tuples become lists
        row = self._db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        if row is None:
            self._db.execute("INSERT INTO meta VALUES ('settings', ?)", (json.dumps(settings, sort_keys=True),))
            return
        before = json.loads(row["value"])
        changed = sorted(k for k in set(before) | set(settings) if before.get(k) != settings.get(k))
        if changed:
            was = ", ".join(f"{k}={before.get(k)!r}" for k in changed)
            raise InputError(
                f"{self.path.parent} holds a batch made with other settings ({was}); give the same settings to "
                "resume it, or another --out folder for a new batch"
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def start_run(self, feed: str, backend: dict[str, Any]) -> int:
        """Record the start of a run; returns its id."""
        cur = self._db.execute("INSERT INTO runs (started_at, feed, backend) VALUES (?, ?, ?)", (_now(), feed, json.dumps(backend)))
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int, made: int, failed: int, seconds: float) -> None:
        """Record the end of a run."""
        self._db.execute("UPDATE runs SET finished_at = ?, made = ?, failed = ?, seconds = ? WHERE id = ?",
                         (_now(), made, failed, seconds, run))

    def sync(self, run: int, items: Iterable[FeedItem], problems: Iterable[FeedProblem]) -> None:
        """Bring the feed's products in: new ones ``pending``, ones whose fingerprint changed
        ``pending`` again, unusable rows ``skipped`` with their reason; all marked as seen by
        ``run``."""
        notes: dict[str, list[str]] = {}
        skipped: list[FeedProblem] = []
        for p in problems:
            if p.skipped:
                skipped.append(p)
            elif p.id is not None:
                notes.setdefault(p.id, []).append(p.message)
        with self._db:
            self._db.execute("BEGIN")
            for item in items:
                self._db.execute(
                    """INSERT INTO products (id, row, title, fingerprint, status, photos, link, labels, notes, seen_run)
                       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
                       ON CONFLICT (id) DO UPDATE SET
                         status = CASE WHEN products.fingerprint = excluded.fingerprint AND products.status != 'skipped'
                                       THEN products.status ELSE 'pending' END,
                         reason = CASE WHEN products.fingerprint = excluded.fingerprint AND products.status != 'skipped'
                                       THEN products.reason ELSE NULL END,
                         row = excluded.row, title = excluded.title, fingerprint = excluded.fingerprint,
                         photos = excluded.photos, link = excluded.link, labels = excluded.labels,
                         notes = excluded.notes, seen_run = excluded.seen_run""",
                    (item.id, item.row, item.fields.get("title"), item.fingerprint(), len(item.images), item.link,
                     json.dumps(list(item.labels)), json.dumps(notes.get(item.id, [])), run),
                )
            for p in skipped:
                key = p.id if p.id is not None else f"(row {p.row})"
                self._db.execute(
                    """INSERT INTO products (id, row, status, reason, seen_run) VALUES (?, ?, 'skipped', ?, ?)
                       ON CONFLICT (id) DO UPDATE SET status = CASE WHEN products.seen_run = excluded.seen_run
                           THEN products.status ELSE 'skipped' END,
                         reason = CASE WHEN products.seen_run = excluded.seen_run THEN products.reason ELSE excluded.reason END,
                         row = CASE WHEN products.seen_run = excluded.seen_run THEN products.row ELSE excluded.row END,
                         seen_run = excluded.seen_run""",
                    (key, p.row, p.message, run),
                )

    def todo(self, run: int, retry_failed: bool) -> list[str]:
        """Ids to make in this run, in feed order: pending, interrupted (``running``) and, with
        ``retry_failed``, failed ones."""
        statuses = ("pending", "running", "failed") if retry_failed else ("pending", "running")
        marks = ", ".join("?" * len(statuses))
        rows = self._db.execute(
            f"SELECT id FROM products WHERE seen_run = ? AND status IN ({marks}) ORDER BY row, id", (run, *statuses)
        )
        return [r["id"] for r in rows]

    def started(self, pid: str) -> int:
        """Mark a product handed to a worker; returns its attempt number (1, 2, …)."""
        row = self._db.execute(
            "UPDATE products SET status = 'running', attempts = attempts + 1, started_at = ? WHERE id = ? RETURNING attempts",
            (_now(), pid),
        ).fetchone()
        return int(row["attempts"]) if row else 1

    def finished(self, outcome: ProductOutcome, folder: str | None) -> None:
        """Record a product's outcome (after its folder is in place)."""
        top = [{"size": t.size, "id": t.id, "file": t.file, "verdict": t.verdict, "codes": list(t.codes), "score": t.score}
               for t in outcome.top]
        self._db.execute(
            """UPDATE products SET status = ?, reason = ?, folder = ?, photo = ?, photo_why = ?, creatives = ?,
                 rejected = ?, seconds = ?, cpu_seconds = ?, timings = ?, worker = ?, peak_rss_mb = ?, top = ?, finished_at = ?
               WHERE id = ?""",
            ("done" if outcome.ok else "failed", outcome.reason, folder, outcome.photo, outcome.photo_why,
             outcome.creatives, outcome.rejected, round(outcome.seconds, 3), round(outcome.cpu_seconds, 3),
             json.dumps(outcome.timings),
             outcome.worker or None, round(outcome.peak_rss_mb, 1) or None, json.dumps(top), _now(), outcome.id),
        )

    def counts(self, run: int) -> dict[str, int]:
        """Products of the feed read by ``run`` per status (every status present, 0 when none)."""
        rows = self._db.execute("SELECT status, COUNT(*) AS n FROM products WHERE seen_run = ? GROUP BY status", (run,))
        found = {r["status"]: r["n"] for r in rows}
        return {s: int(found.get(s, 0)) for s in STATUSES}

    def rows(self, run: int) -> list[dict[str, Any]]:
        """Every product of the feed read by ``run``, in feed order, JSON columns decoded."""
        out = []
        for r in self._db.execute("SELECT * FROM products WHERE seen_run = ? ORDER BY row, id", (run,)):
            d = dict(r)
            for key in ("top", "labels", "notes", "timings"):
                d[key] = json.loads(d[key]) if d[key] else ([] if key != "timings" else {})
            out.append(d)
        return out

    def status(self, pid: str) -> str | None:
        """The status of one product, or ``None`` when unknown."""
        row = self._db.execute("SELECT status FROM products WHERE id = ?", (pid,)).fetchone()
        return row["status"] if row else None
