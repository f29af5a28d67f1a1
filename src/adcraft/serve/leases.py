"""Job leases: one server at a time owns a running job, and proves it at every write.

A runner *claims* a job that is queued, or running under a lease that expired (its server
died), by one conditional ``UPDATE … WHERE id = ? AND (queued OR lease expired)``: of two
servers trying at once exactly one changes the row (PostgreSQL re-checks the condition after
the other's commit; SQLite serialises writers). On PostgreSQL the candidate is picked with
``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent runners do not queue on one row. While it
works, the owner renews the lease (:func:`renew`); every later write of the job — progress,
results, failure — starts with :func:`holds`, a conditional update that takes the lock and
checks the owner, so a server that lost its lease (a pause longer than the lease, a network
split, a worker left behind by a killed server) writes nothing.

Times are the servers' UTC clocks; servers sharing a database must keep them in sync (NTP).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from adcraft.serve.db import Job, now


def _claimable(at):
    return or_(Job.status == "queued", (Job.status == "running") & (Job.lease_expires < at))


def claim(sessions: sessionmaker, owner: str, lease_s: float) -> str | None:
    """Take the oldest claimable job for ``owner``; its id, or ``None`` when there is none.

    A job that was taken over :attr:`Job.attempts` times is returned too (the caller decides
    to give up on it).
    """
    with sessions() as s:
        at = now()
        q = select(Job.id).where(_claimable(at)).order_by(Job.created).limit(1)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        job_id = s.scalars(q).first()
        if job_id is None:
            return None
        took = s.execute(
            update(Job)
            .where(Job.id == job_id, _claimable(at))
            .values(status="running", owner=owner, lease_expires=at + timedelta(seconds=lease_s), attempts=Job.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        s.commit()
        return job_id if took == 1 else None


def renew(sessions: sessionmaker, job_id: str, owner: str, lease_s: float) -> bool:
    """Extend ``owner``'s lease of a running job; ``False`` when it no longer holds it."""
    with sessions() as s:
        n = s.execute(
            update(Job)
            .where(Job.id == job_id, Job.owner == owner, Job.status == "running")
            .values(lease_expires=now() + timedelta(seconds=lease_s))
            .execution_options(synchronize_session=False)
        ).rowcount
        s.commit()
        return n == 1


def release(sessions: sessionmaker, job_id: str, owner: str) -> bool:
    """Hand a running job back to the queue (a server stopping); ``False`` if not held."""
    with sessions() as s:
        n = s.execute(
            update(Job)
            .where(Job.id == job_id, Job.owner == owner, Job.status == "running")
            .values(status="queued", owner=None, lease_expires=None, stage="queued (server stopped)")
            .execution_options(synchronize_session=False)
        ).rowcount
        s.commit()
        return n == 1


def holds(session: Session, job_id: str, holder: str, **values) -> bool:
    """Write ``values`` to the job if ``holder`` still holds it; ``False`` (nothing written) if not.

    The first statement of the caller's transaction: a conditional ``UPDATE`` that takes the
    row lock (PostgreSQL) or the database's write lock (SQLite) until the caller commits, so
    the results written after it cannot race a server taking the job over. Not committed here.
    """
    n = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.owner == holder, Job.status == "running")
        .values(**(values or {"owner": holder}))
        .execution_options(synchronize_session=False)
    ).rowcount
    return n == 1


def queued(session: Session) -> int:
    """How many jobs wait in the queue."""
    return int(session.scalar(select(func.count()).select_from(Job).where(Job.status == "queued")) or 0)
