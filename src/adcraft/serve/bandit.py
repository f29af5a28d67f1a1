"""Personalised choice of creative: Thompson sampling per segment, a contextual bandit with
user attributes, and the signed decision tokens that beacons carry back.

* :class:`ThompsonSampler` — Bernoulli Thompson sampling (Thompson 1933; Chapelle and Li,
  "An Empirical Evaluation of Thompson Sampling", NIPS 2011) over the click-through rate of
  each creative within a user segment, with a Beta(1, 1) prior. Counts are impressions and
  clicks; the probability of the chosen arm is estimated from the same posterior draws
  (Monte Carlo) so that logged decisions can train the contextual bandit off-policy.
* :class:`ContextualBandit` — Vowpal Wabbit ``--cb_explore_adf`` with SquareCB exploration
  (Foster and Rakhlin, ICML 2020) and user × creative feature interactions; learns each
  impression after a reward wait: cost −1 if clicked within the wait, else 0.
* :class:`TokenCodec` — HMAC-SHA256-signed, URL-safe, expiring decision tokens, so the decision
  endpoint writes nothing and a beacon can neither be forged, re-pointed nor replayed forever.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from adcraft.serve.errors import TokenExpired, TokenRefused

_FEATURE_OK = re.compile(r"[^A-Za-z0-9_.\-]")


class TokenCodec:
    """Encode a decision as ``<base64url JSON>.<base64url HMAC-SHA256, 16 bytes>``.

    The payload carries its issue time (``iat``, Unix seconds), so a token expires
    ``ttl_s`` seconds later; the signature covers the whole payload, so neither the decision,
    the creative nor the time can be changed by a client.

    Parameters
    ----------
    secret:
        HMAC key.
    ttl_s:
        Seconds a token stays valid.

    Raises
    ------
    TokenRefused
        From :meth:`decode` when the token is malformed or its signature does not match.
    TokenExpired
        From :meth:`decode` when the token is older than ``ttl_s``.
    """

    def __init__(self, secret: str, ttl_s: float = 86_400.0) -> None:
        self._key = secret.encode()
        self.ttl_s = float(ttl_s)

    def _sign(self, body: bytes) -> bytes:
        return base64.urlsafe_b64encode(hmac.new(self._key, body, hashlib.sha256).digest()[:16]).rstrip(b"=")

    def encode(self, payload: dict, now: float | None = None) -> str:
        """A signed token of ``payload`` (a JSON object) issued at ``now`` (default: now)."""
        data = {**payload, "iat": int(time.time() if now is None else now)}
        body = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=")
        return (body + b"." + self._sign(body)).decode()

    def decode(self, token: str, now: float | None = None) -> dict:
        """The payload of a token this codec signed, if it has not expired."""
        try:
            body, sig = token.encode("ascii").split(b".")
            if not hmac.compare_digest(sig, self._sign(body)):
                raise ValueError("signature")
            payload = json.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))
            if not isinstance(payload, dict) or not isinstance(payload.get("iat"), int):
                raise ValueError("payload")
        except (ValueError, UnicodeError, json.JSONDecodeError):
            raise TokenRefused("the decision token is malformed or not signed by this server; use the URLs /v1/decision returned") from None
        age = (time.time() if now is None else now) - payload["iat"]
        if age > self.ttl_s:
            raise TokenExpired(f"the decision token expired {age - self.ttl_s:.0f} s ago (tokens live {self.ttl_s:.0f} s); ask /v1/decision again")
        return payload


class ThompsonSampler:
    """Impression and click counts per ``(creative, segment)`` and Thompson-sampling choice.

    Thread-safe. Counts are kept in memory, rebuilt from the event table with :meth:`load`.
    """

    def __init__(self, draws: int = 64) -> None:
        self.draws = draws
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])

    def load(self, rows: list[tuple[str, str, int, int]]) -> None:
        """Replace every count with ``(creative, segment, impressions, clicks)`` rows."""
        fresh: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for creative, segment, imps, clicks in rows:
            fresh[(creative, segment)] = [int(imps), int(clicks)]
        with self._lock:
            self._counts = fresh

    def add(self, creative: str, segment: str, impressions: int = 0, clicks: int = 0) -> None:
        with self._lock:
            c = self._counts[(creative, segment)]
            c[0] += impressions
            c[1] += clicks

    def counts(self, creative: str, segment: str) -> tuple[int, int]:
        with self._lock:
            c = self._counts.get((creative, segment), (0, 0))
            return int(c[0]), int(c[1])

    def choose(self, creatives: list[str], segment: str, rng: np.random.Generator) -> tuple[int, float]:
        """Index of the creative to show and its estimated choice probability.

        One draw from each creative's Beta(1 + clicks, 1 + impressions − clicks) posterior
        picks the arm; :attr:`draws` more draws estimate how often that arm wins (≥ 1/draws).
        """
        with self._lock:
            c = np.array([self._counts.get((cid, segment), (0, 0)) for cid in creatives], np.float64).reshape(-1, 2)
        a = 1.0 + c[:, 1]
        b = 1.0 + np.maximum(c[:, 0] - c[:, 1], 0.0)
        samples = rng.beta(a[:, None], b[:, None], size=(len(creatives), self.draws + 1))
        winners = samples.argmax(axis=0)
        chosen = int(winners[0])
        prob = max(float(np.mean(winners[1:] == chosen)), 1.0 / self.draws)
        return chosen, prob


def _feature(value: object) -> str:
    return _FEATURE_OK.sub("_", str(value))[:64] or "_"


@dataclass
class _Pending:
    shared: str
    actions: list[str]
    chosen: int
    prob: float
    due: float
    clicked: bool = False


class ContextualBandit:
    """Vowpal Wabbit contextual bandit over creatives, with user attributes as context.

    Parameters
    ----------
    reward_wait_s:
        Seconds an impression waits for its click before it is learned.
    args:
        VW arguments; default ``--cb_explore_adf --squarecb --gamma_scale 1000 -q UC``
        (namespaces ``U``ser and ``C``reative crossed).

    Notes
    -----
    The workspace is not thread-safe; every call holds one lock. Pending impressions live in
    memory; after a restart :meth:`replay` relearns from the event table.
    """

    def __init__(self, reward_wait_s: float = 30.0, args: str = "--cb_explore_adf --squarecb --gamma_scale 1000 -q UC --quiet") -> None:
        import vowpalwabbit

        self.reward_wait_s = reward_wait_s
        self._vw = vowpalwabbit.Workspace(args)
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}
        self.learned = 0

    @staticmethod
    def shared_line(segment: str, attrs: dict[str, str]) -> str:
        feats = " ".join(f"{_feature(k)}={_feature(v)}" for k, v in sorted(attrs.items()))
        return f"shared |User segment={_feature(segment)} {feats}".rstrip()

    @staticmethod
    def action_line(creative: str, features: dict[str, str]) -> str:
        feats = " ".join(f"{_feature(k)}={_feature(v)}" for k, v in sorted(features.items()))
        return f"|Creative id={_feature(creative)} {feats}".rstrip()

    def choose(self, shared: str, actions: list[str], rng: np.random.Generator) -> tuple[int, float]:
        """Index of the action to show (sampled from VW's exploration PMF) and its probability."""
        with self._lock:
            pmf = np.asarray(self._vw.predict([shared, *actions]), np.float64)
        pmf = np.clip(pmf, 0.0, None)
        pmf = pmf / pmf.sum() if pmf.sum() > 0 else np.full(len(actions), 1.0 / len(actions))
        i = int(rng.choice(len(actions), p=pmf))
        return i, float(pmf[i])

    def impression(self, decision: str, shared: str, actions: list[str], chosen: int, prob: float, at: float | None = None) -> None:
        """Hold an impression until its reward wait ends (a click may come)."""
        with self._lock:
            if decision not in self._pending:
                self._pending[decision] = _Pending(shared, actions, chosen, prob, (at or time.monotonic()) + self.reward_wait_s)

    def click(self, decision: str) -> bool:
        """Mark a pending impression clicked; ``False`` if it is unknown or already learned."""
        with self._lock:
            p = self._pending.get(decision)
            if p is None:
                return False
            p.clicked = True
            return True

    def learn_due(self, now: float | None = None, everything: bool = False) -> int:
        """Learn every impression whose wait is over (all with ``everything``); returns how many."""
        now = time.monotonic() if now is None else now
        with self._lock:
            due = [k for k, p in self._pending.items() if everything or p.due <= now]
            for k in due:
                p = self._pending.pop(k)
                self._learn(p.shared, p.actions, p.chosen, p.prob, -1.0 if p.clicked else 0.0)
            self.learned += len(due)
            return len(due)

    def _learn(self, shared: str, actions: list[str], chosen: int, prob: float, cost: float) -> None:
        lines = [shared] + [f"0:{cost}:{max(prob, 1e-3)} {a}" if i == chosen else a for i, a in enumerate(actions)]
        self._vw.learn(lines)

    def replay(self, examples: list[tuple[str, list[str], int, float, bool]]) -> None:
        """Learn logged ``(shared, actions, chosen, probability, clicked)`` examples (restart)."""
        with self._lock:
            for shared, actions, chosen, prob, clicked in examples:
                self._learn(shared, actions, chosen, prob, -1.0 if clicked else 0.0)
            self.learned += len(examples)
