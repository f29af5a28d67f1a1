"""Impression, click and conversion events: recording that one client cannot inflate, and
CTR / conversion reports.

An event's identity comes from the signed decision token alone: ``(kind, decision id)`` is
unique, so each decision has at most one impression, one click and one conversion, whatever a
client adds to the beacon URL (``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL).
A click counts only after its decision's impression, a conversion only after its click (a
post-click conversion, as the report's conversion rate is defined). Each beacon is committed
before it is answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scipy.stats import binomtest
from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from adcraft.errors import InputError
from adcraft.serve.db import CreativeRow, EventRow

KINDS = ("impression", "click", "conversion")
#: The event a kind must follow within the same decision.
REQUIRES = {"click": "impression", "conversion": "click"}
GROUPINGS = {"creative": EventRow.creative_id, "segment": EventRow.segment, "placement": EventRow.placement}


class Outcome(StrEnum):
    """What became of a beacon."""

    STORED = "stored"  #: counted now
    REPEAT = "repeat"  #: this decision's event of this kind was counted before
    BEFORE_IMPRESSION = "before-impression"  #: a click whose impression was never counted
    BEFORE_CLICK = "before-click"  #: a conversion whose click was never counted


def record(session: Session, kind: str, payload: dict, value: float | None = None, context: dict | None = None) -> Outcome:
    """Store the ``kind`` event of the decision a token's ``payload`` describes.

    ``context`` (the contextual bandit's example) is kept so the bandit can relearn after a
    restart; ``value`` is a conversion's value.

    Raises
    ------
    InputError
        Unknown ``kind``.
    """
    if kind not in KINDS:
        raise InputError(f"unknown event kind {kind!r}; one of {', '.join(KINDS)}")
    decision = payload["d"]
    before = REQUIRES.get(kind)
    if before is not None:
        seen = session.execute(select(EventRow.id).where(EventRow.kind == before, EventRow.event_id == decision)).first()
        if seen is None:
            return Outcome.BEFORE_IMPRESSION if before == "impression" else Outcome.BEFORE_CLICK
    row = {
        "kind": kind,
        "event_id": decision,
        "decision_id": decision,
        "creative_id": payload["c"],
        "placement": payload["p"],
        "segment": payload["s"],
        "user": payload.get("u"),
        "policy": payload["po"],
        "probability": float(payload["pr"]),
        "context": context or {},
        "value": value if kind == "conversion" else None,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(EventRow).values(**row).on_conflict_do_nothing(index_elements=["kind", "event_id"]).returning(EventRow.id)
    inserted = session.execute(stmt).scalar_one_or_none() is not None
    session.commit()
    return Outcome.STORED if inserted else Outcome.REPEAT


def wilson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval of a binomial proportion (Wilson, JASA 1927), via SciPy;
    ``None`` when there are no trials."""
    if trials <= 0:
        return None
    ci = binomtest(min(successes, trials), trials).proportion_ci(confidence_level=confidence, method="wilson")
    return round(float(ci.low), 5), round(float(ci.high), 5)


@dataclass(frozen=True)
class ReportRow:
    """Counts and rates of one group. CTR = clicks / impressions; conversion rate =
    conversions / clicks (post-click); both with 95 % Wilson intervals."""

    key: str
    impressions: int
    clicks: int
    conversions: int
    ctr: float | None
    ctr_ci: tuple[float, float] | None
    conversion_rate: float | None
    conversion_ci: tuple[float, float] | None


def _number_of(kind: str):
    """SQL: how many events of ``kind`` a group holds."""
    return func.sum(case((EventRow.kind == kind, 1), else_=0))


def counts(session: Session) -> list[tuple[str, str, int, int]]:
    """``(creative, segment, impressions, clicks)`` for every pair with events."""
    q = select(EventRow.creative_id, EventRow.segment, _number_of("impression"), _number_of("click")).group_by(
        EventRow.creative_id, EventRow.segment
    )
    return [(c, s, int(i or 0), int(k or 0)) for c, s, i, k in session.execute(q)]


def report(session: Session, by: str, product_id: str | None = None, placement: str | None = None) -> list[ReportRow]:
    """CTR and conversion rate per ``by`` (``creative``, ``segment`` or ``placement``).

    Raises
    ------
    InputError
        If ``by`` is not one of those.
    """
    if by not in GROUPINGS:
        raise InputError(f"report by {by!r} is not supported; use one of {', '.join(GROUPINGS)}")
    col = GROUPINGS[by]
    q = select(col, *(_number_of(k) for k in KINDS)).group_by(col).order_by(col)
    if product_id is not None:
        q = q.where(EventRow.creative_id.in_(select(CreativeRow.id).where(CreativeRow.product_id == product_id)))
    if placement is not None:
        q = q.where(EventRow.placement == placement)
    rows = []
    for key, imps, clicks, convs in session.execute(q):
        imps, clicks, convs = int(imps or 0), int(clicks or 0), int(convs or 0)
        rows.append(
            ReportRow(
                key=key,
                impressions=imps,
                clicks=clicks,
                conversions=convs,
                ctr=round(clicks / imps, 5) if imps else None,
                ctr_ci=wilson(clicks, imps),
                conversion_rate=round(convs / clicks, 5) if clicks else None,
                conversion_ci=wilson(convs, clicks),
            )
        )
    return rows
