"""Ranking: the creatives of one size in order, best first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from adcraft.stages.realise import Creative


def rank(creatives: Sequence[Creative]) -> list[Creative]:
    """``creatives`` of one size ordered by score (ties by id, so the order is stable) with
    ranks 1, 2, …"""
    ordered = sorted(creatives, key=lambda c: (-c.score, c.id))
    return [replace(c, rank=i + 1) for i, c in enumerate(ordered)]
