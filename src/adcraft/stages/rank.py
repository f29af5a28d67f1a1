"""Ranking: the creatives of one size in the order a designer would put them.

The design critic decides (:func:`adcraft.critic.rank_key`): SHIP before FIX, then the critic's
score, then the layout's design score, then the id (so the order is stable). A creative the
critic REJECTs is never ranked: it is listed among the rejections with the critic's reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from adcraft.critic import Severity, Verdict, rank_key
from adcraft.stages.plan import Rejection
from adcraft.stages.realise import Creative


def rejection_reason(creative: Creative, most: int = 3) -> str:
    """The critic's REJECT in one line: its codes and its most severe findings."""
    crit = creative.critique
    worst = [f.message for f in crit.findings if f.severity in (Severity.CRITICAL, Severity.MAJOR)][:most]
    codes = ", ".join(c.value for c in crit.codes)
    return f"design critic: REJECT ({codes}): " + "; ".join(worst)


def rank(creatives: Sequence[Creative]) -> tuple[list[Creative], list[Rejection]]:
    """The creatives of one size ranked 1, 2, … (see the module docstring), and the rejections
    of those the critic rejected."""
    kept = [c for c in creatives if c.critique.verdict is not Verdict.REJECT]
    ordered = sorted(kept, key=lambda c: (*rank_key(c.critique, c.design_score), c.id))
    rejected = [Rejection(c.size, c.family or "-", rejection_reason(c)) for c in creatives if c not in kept]
    return [replace(c, rank=i + 1) for i, c in enumerate(ordered)], rejected
