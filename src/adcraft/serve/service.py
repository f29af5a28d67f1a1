"""The ad server's state and the ad decision: which approved creative to show to whom.

:class:`Service` holds the database sessions, the file store, the worker pool, the bandits, the
job runner, the feed importer and the export cache; the HTTP layer (:mod:`adcraft.serve.api`) only translates requests to its calls.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from adcraft.serve import events
from adcraft.serve.bandit import ContextualBandit, ThompsonSampler, TokenCodec
from adcraft.serve.db import CreativeRow, EventRow, Placement, connect, migrate
from adcraft.serve.errors import NotFound
from adcraft.serve.exports import ExportCache
from adcraft.serve.files import FileStore
from adcraft.serve.importer import FeedImporter
from adcraft.serve.jobs import JobRunner, WorkerConfig
from adcraft.serve.settings import ServeSettings
from adcraft.serve.workers import WorkPool
from adcraft.typography import FontLibrary

log = logging.getLogger("adcraft.serve")


@dataclass(frozen=True)
class Arm:
    """An approved creative that a placement can show, with its features for the bandit."""

    creative: str
    product: str
    line: str


@dataclass(frozen=True)
class Decision:
    """The answer of :meth:`Service.decide`."""

    decision_id: str
    creative: str
    product: str
    policy: str
    probability: float
    token: str


class Service:
    """Everything the server holds; start with :meth:`start`, stop with :meth:`stop`.

    Parameters
    ----------
    settings:
        :class:`ServeSettings` (made ready with :meth:`ServeSettings.prepared`).
    """

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings.prepared()
        migrate(self.settings.url)
        self.db, self.sessions = connect(self.settings.url)
        self.files = FileStore(self.settings.data_dir)
        self.fonts = FontLibrary()
        self.pool = WorkPool(self.settings.check_workers)
        self.tokens = TokenCodec(self.settings.token_secret or "", ttl_s=self.settings.token_ttl_s)
        self.sampler = ThompsonSampler()
        self.bandit = ContextualBandit(reward_wait_s=self.settings.reward_wait_s)
        self.jobs = JobRunner(
            self.sessions,
            WorkerConfig(self.settings.url, str(self.settings.data_dir)),
            lease_s=self.settings.job_lease_s,
            max_attempts=self.settings.max_job_attempts,
            on_change=self._job_ended,
        )
        self.feeds = FeedImporter(self.sessions, self.files, self.pool, self.settings, on_queued=self.jobs.wake)
        self.exports = ExportCache(self.files, self.pool, self.settings.max_exports)
        self._arms: dict[str, tuple[float, list[Arm]]] = {}
        self._arms_lock = threading.Lock()
        self._rng_local = threading.local()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> None:
        """Load event counts, relearn the contextual bandit, start the learner, the job runner
        (which takes queued jobs and jobs whose server's lease expired) and the feed importer."""
        with self.sessions() as s:
            self.sampler.load(events.counts(s))
        self._replay()
        self._thread = threading.Thread(target=self._background, name="adcraft-learner", daemon=True)
        self._thread.start()
        self.jobs.start()
        self.feeds.start()

    def stop(self) -> None:
        """Stop the learner, the feed importer and the runner (a running job goes back to the
        queue), end the worker processes and close the database."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self.feeds.stop()
        self.jobs.stop()
        self.pool.close()
        self.db.dispose()

    def _background(self) -> None:
        last_refresh = time.monotonic()
        while not self._stop.wait(0.2):
            try:
                self.bandit.learn_due()
                if time.monotonic() - last_refresh > 5.0:  # other server processes write events too
                    with self.sessions() as s:
                        self.sampler.load(events.counts(s))
                    last_refresh = time.monotonic()
            except Exception:  # keep learning after a transient database error
                log.exception("learner step failed")

    def _replay(self, limit: int = 50_000) -> None:
        """Relearn the contextual bandit from the newest ``limit`` contextual impressions."""
        with self.sessions() as s:
            imps = s.execute(
                select(EventRow.decision_id, EventRow.context, EventRow.probability)
                .where(EventRow.kind == "impression", EventRow.policy == "cb")
                .order_by(EventRow.id.desc())
                .limit(limit)
            ).all()
            if not imps:
                return
            clicked = set(s.scalars(select(EventRow.decision_id).where(EventRow.kind == "click", EventRow.policy == "cb")).all())
        examples = []
        for did, ctx, prob in reversed(imps):
            if ctx.get("shared") and ctx.get("actions"):
                examples.append((ctx["shared"], ctx["actions"], int(ctx["chosen"]), float(prob), did in clicked))
        self.bandit.replay(examples)
        log.info("contextual bandit relearned %d impressions", len(examples))

    def _job_ended(self) -> None:
        """A job ended: forget cached arms and let the feed importer queue the next product."""
        self.invalidate()
        self.feeds.wake()

    # -- arms ----------------------------------------------------------------------------------
    def invalidate(self) -> None:
        """Forget cached arms (after an approval, rejection, edit or placement change)."""
        with self._arms_lock:
            self._arms.clear()

    def arms(self, placement: str) -> list[Arm]:
        """Approved creatives of the placement's size (and products), cached for 2 s.

        Raises
        ------
        NotFound
            If the placement does not exist.
        """
        now = time.monotonic()
        with self._arms_lock:
            hit = self._arms.get(placement)
            if hit is not None and now - hit[0] < 2.0:
                return hit[1]
        with self.sessions() as s:
            p = s.get(Placement, placement)
            if p is None:
                raise NotFound(f"placement {placement!r} does not exist; create it with POST /v1/placements {{\"name\": …, \"size\": \"300x250\"}}")
            q = select(CreativeRow).where(CreativeRow.status == "approved", CreativeRow.size == p.size).order_by(CreativeRow.id)
            if p.products:
                q = q.where(CreativeRow.product_id.in_(p.products))
            arms = []
            for c in s.scalars(q):
                meta = c.document.get("meta", {})
                feats = {k: meta.get(k) for k in ("family", "background", "theme", "harmony", "tone") if meta.get(k)}
                feats["product"] = c.product_id
                arms.append(Arm(c.id, c.product_id, ContextualBandit.action_line(c.id, feats)))
        with self._arms_lock:
            self._arms[placement] = (now, arms)
        return arms

    def _arms_or_empty(self, placement: str) -> list[Arm]:
        try:
            return self.arms(placement)
        except NotFound:
            return []

    # -- decision ------------------------------------------------------------------------------
    @property
    def rng(self) -> np.random.Generator:
        r = getattr(self._rng_local, "rng", None)
        if r is None:
            r = self._rng_local.rng = np.random.default_rng()
        return r

    def decide(self, placement: str, user: str | None, segment: str, attrs: dict[str, str]) -> Decision:
        """Choose a creative for one ad request.

        Without user attributes: Thompson sampling on the CTR of each creative within
        ``segment``. With attributes: the contextual bandit (attributes and segment as
        features). Writes nothing; the returned token carries the decision to the beacons.

        Raises
        ------
        NotFound
            Unknown placement, or no approved creative for it.
        """
        arms = self.arms(placement)
        if not arms:
            raise NotFound(f"placement {placement!r} has no approved creative of its size yet; approve one in the studio or with POST /v1/creatives/{{id}}/approve")
        did = uuid.uuid4().hex[:20]
        payload: dict = {"d": did, "p": placement, "s": segment}
        if user:
            payload["u"] = user
        if attrs:
            shared = ContextualBandit.shared_line(segment, attrs)
            lines = [a.line for a in arms]
            i, prob = self.bandit.choose(shared, lines, self.rng)
            payload.update(po="cb", x={"shared": shared})
        else:
            i, prob = self.sampler.choose([a.creative for a in arms], segment, self.rng)
            payload.update(po="ts")
        payload.update(c=arms[i].creative, pr=round(prob, 5))
        return Decision(did, arms[i].creative, arms[i].product, payload["po"], prob, self.tokens.encode(payload))

    def beacon(self, kind: str, token: str, value: float | None = None) -> tuple[events.Outcome, dict]:
        """Record an impression, click or conversion from a decision token.

        The event is the token's (decision id, ``kind``): at most one of each kind per
        decision, a click only after its impression, a conversion only after its click.

        Returns
        -------
        tuple[Outcome, dict]
            What became of the beacon (:class:`adcraft.serve.events.Outcome`) and the token's
            payload.

        Raises
        ------
        TokenRefused
            A token this server did not sign.
        TokenExpired
            A token older than ``settings.token_ttl_s``.
        InputError
            Unknown kind.
        """
        payload = self.tokens.decode(token)
        context = None
        if kind == "impression" and payload.get("po") == "cb":
            # the action set as it is now (the token carries only the user side)
            arms = self._arms_or_empty(payload["p"])
            lines, ids = [a.line for a in arms], [a.creative for a in arms]
            if payload["c"] not in ids:
                lines.append(ContextualBandit.action_line(payload["c"], {}))
                ids.append(payload["c"])
            context = {"shared": payload["x"]["shared"], "actions": lines, "chosen": ids.index(payload["c"])}
        with self.sessions() as s:
            outcome = events.record(s, kind, payload, value, context=context)
        if outcome is events.Outcome.STORED:
            if kind == "impression":
                self.sampler.add(payload["c"], payload["s"], impressions=1)
                if context is not None:
                    self.bandit.impression(payload["d"], context["shared"], context["actions"], context["chosen"], float(payload["pr"]))
            elif kind == "click":
                self.sampler.add(payload["c"], payload["s"], clicks=1)
                self.bandit.click(payload["d"])
        return outcome, payload
