"""Ranking: the creatives of one size in the order a designer would put them, and one
campaign across sizes.

The design critic decides (:func:`adcraft.critic.rank_key`): SHIP before FIX, then the critic's
score, then the layout's design score, then the id (so the order is stable). A creative the
critic REJECTs is never ranked: it is listed among the rejections with the critic's reasons.

:func:`campaign` then makes the rank-1 creatives of all sizes one campaign: the
:class:`~adcraft.stages.concept.Concept` that is best across sizes leads every size where its
best creative has the same verdict as that size's best (a concept never costs a size its SHIP).
"""

from __future__ import annotations

from collections import defaultdict
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


def lead_concept(ranked: Sequence[Creative]) -> int | None:
    """The concept to lead the campaign: the one whose best creative per size ships in the most
    sizes, then with the highest summed critic score (a size it is missing in counts 0).
    ``None`` without creatives."""
    best: dict[tuple[int, tuple[int, int]], Creative] = {}
    for c in ranked:  # ranked per size already: the first seen of a concept is its best
        best.setdefault((c.concept, c.size), c)
    totals: dict[int, tuple[int, float]] = defaultdict(lambda: (0, 0.0))
    for (concept, _), c in best.items():
        ships, score = totals[concept]
        totals[concept] = (ships + (c.critique.verdict is Verdict.SHIP), score + c.score)
    if not totals:
        return None
    return max(sorted(totals), key=lambda k: totals[k])


def campaign(ranked: Sequence[Creative]) -> list[Creative]:
    """``ranked`` (each size's creatives in rank order, sizes one after another) with
    :func:`lead_concept`'s best creative moved to rank 1 in each size where its verdict equals
    the size's rank-1 verdict; ranks renumbered, the order of sizes kept."""
    lead = lead_concept(ranked)
    sizes: dict[tuple[int, int], list[Creative]] = {}
    for c in ranked:
        sizes.setdefault(c.size, []).append(c)
    out: list[Creative] = []
    for group in sizes.values():
        first = next((c for c in group if c.concept == lead), None)
        if first is not None and first is not group[0] and first.critique.verdict is group[0].critique.verdict:
            group = [first, *(c for c in group if c is not first)]
        out += [replace(c, rank=i + 1) for i, c in enumerate(group)]
    return out
