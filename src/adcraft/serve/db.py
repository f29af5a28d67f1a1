"""The creative store: SQLAlchemy 2 tables and the database connection.

The schema is created and upgraded by Alembic migrations (``adcraft/serve/migrations``); the
tables below are the ORM view of the latest revision. SQLite (file, WAL journal) by default;
PostgreSQL through ``postgresql+psycopg://…``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine as DBEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


def now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Product(Base):
    """A product: its stored photo and brief (JSON of :class:`adcraft.Brief` fields)."""

    __tablename__ = "products"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    brief: Mapped[dict] = mapped_column(JSON)
    photo: Mapped[str] = mapped_column(String(80))
    logo: Mapped[str | None] = mapped_column(String(80), nullable=True)
    landing_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    photo_choice: Mapped[str | None] = mapped_column(Text, nullable=True)
    """Why the stored photo was chosen when the product came with several (a feed's
    ``image_link`` and ``additional_image_link``): :func:`adcraft.assess.quality.best_photo`'s
    sentence, written by the generation job."""


class Job(Base):
    """A generation job: queued → running → done | failed, with progress.

    A running job is leased: ``owner`` (one server's runner) holds it until ``lease_expires``
    and renews the lease while it works; another server takes it over only once the lease
    has expired (:mod:`adcraft.serve.leases`). ``attempts`` counts the takes.
    """

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    stage: Mapped[str] = mapped_column(String(40), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    options: Mapped[dict] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    owner: Mapped[str | None] = mapped_column(String(80), nullable=True)
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CreativeRow(Base):
    """A creative: its design document, score, rendered image and review status."""

    __tablename__ = "creatives"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    job_id: Mapped[str] = mapped_column(String(32))
    size: Mapped[str] = mapped_column(String(16), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    terms: Mapped[dict] = mapped_column(JSON)
    document: Mapped[dict] = mapped_column(JSON)
    image: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default="candidate", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Placement(Base):
    """An ad slot on a site or app: its name and size; optionally limited to some products."""

    __tablename__ = "placements"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[str] = mapped_column(String(16))
    products: Mapped[list] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class EventRow(Base):
    """One impression, click or conversion; ``(kind, event_id)`` is unique (idempotent beacons)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("kind", "event_id", name="uq_events_kind_event_id"),
        Index("ix_events_creative_kind", "creative_id", "kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(64))
    decision_id: Mapped[str] = mapped_column(String(32), index=True)
    creative_id: Mapped[str] = mapped_column(String(64))
    placement: Mapped[str] = mapped_column(String(64))
    segment: Mapped[str] = mapped_column(String(64))
    user: Mapped[str | None] = mapped_column(String(128), nullable=True)
    policy: Mapped[str] = mapped_column(String(16))
    probability: Mapped[float] = mapped_column(Float)
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class FeedRow(Base):
    """An imported product feed: where it came from, the generation options of its products,
    the rows it could not use and the photos uploaded with it.

    ``id`` is the client's (``feed_id`` of ``POST /v1/feeds``) or a generated one; importing
    again under the same id updates the feed (:mod:`adcraft.serve.feedstore`).
    """

    __tablename__ = "feeds"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(2000))
    format: Mapped[str] = mapped_column(String(8))
    options: Mapped[dict] = mapped_column(JSON)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    uploads: Mapped[dict] = mapped_column(JSON, default=dict)
    imports: Mapped[int] = mapped_column(Integer, default=1)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class FeedItemRow(Base):
    """One product of a feed: pending → importing (leased) → imported → queued (its job says
    the rest) | failed.

    ``product_id`` is a function of (feed, item id), so importing the feed again finds the
    same product; ``fingerprint`` (:meth:`adcraft.feeds.FeedItem.fingerprint`) tells whether
    the item changed. ``photos`` are the stored names of its usable photos (the generation job
    chooses the best).
    """

    __tablename__ = "feed_items"
    __table_args__ = (
        UniqueConstraint("feed_id", "item_id", name="uq_feed_items_feed_item"),
        Index("ix_feed_items_state_feed", "state", "feed_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[str] = mapped_column(ForeignKey("feeds.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(200))
    row: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    owner: Mapped[str | None] = mapped_column(String(80), nullable=True)
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    product_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    photos: Mapped[list] = mapped_column(JSON, default=list)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    notes: Mapped[list] = mapped_column(JSON, default=list)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


def connect(url: str) -> tuple[DBEngine, sessionmaker]:
    """An engine and session factory for ``url``; SQLite gets WAL and a 30 s busy timeout.

    SQLite runs with ``synchronous=NORMAL`` in WAL mode: a committed event survives a crash or
    restart of the server process (not necessarily a power cut of the machine).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8, max_overflow=16)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    else:
        engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    return engine, sessionmaker(engine, expire_on_commit=False)


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the latest Alembic revision (creates it if empty)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
