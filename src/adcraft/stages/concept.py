"""Creative concepts: what the creatives of one campaign share across sizes.

A marketer launches a product as *one* campaign in every size: the same colours, the same
background style, the same headline and call to action — only the layout adapts to the
canvas (the IAB's "ad family" of one message across sizes, and what every creative-automation
tool means by a template set). A :class:`Concept` holds those shared choices; a product has a
few (:func:`concepts`), each size's candidates cycle through them, and the ranking
(:func:`adcraft.stages.rank.campaign`) puts one concept's creatives first in every size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from adcraft.palette.themes import Theme

MAX_CONCEPTS = 4
"""Concepts per product: few enough that every size has candidates of each (a size plans up to
3 x ``count`` layouts), enough for colour variety among the candidates."""


@dataclass(frozen=True)
class Concept:
    """The choices shared by one concept's creatives in every size.

    Attributes
    ----------
    index:
        0-based position among the product's concepts.
    harmony:
        Colour harmony rule (:func:`adcraft.palette.make_scheme`).
    tone:
        ``"light"`` or ``"dark"`` ground.
    seed:
        Seed of the concept's random choices: the background style (the first draw of
        :func:`adcraft.stages.look.style_for`), designer-library elements and the copy variant
        (:func:`adcraft.copy.variants.pick_copy`), the same in every size.
    """

    index: int
    harmony: str
    tone: str
    seed: int

    def copy_rng(self) -> np.random.Generator:
        """A fresh generator for the copy variant: the same draws in every size."""
        return np.random.default_rng([self.seed, 1])


def concepts(theme: Theme, seed: int, count: int) -> tuple[Concept, ...]:
    """``min(count, MAX_CONCEPTS)`` concepts of a product, drawn from ``theme``'s harmonies and
    tones with ``seed`` (the product's generation seed), different harmony/tone pairs first.

    Raises
    ------
    ValueError
        If ``count`` < 1.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    rng = np.random.default_rng([seed, 0xC0C0])
    pairs = [(h, t) for h in theme.harmonies for t in dict.fromkeys(theme.tones)]
    weights = np.array([theme.tones.count(t) for _, t in pairs], dtype=float)
    n = min(count, MAX_CONCEPTS, len(pairs))
    picked = rng.choice(len(pairs), size=n, replace=False, p=weights / weights.sum())
    out = [Concept(i, pairs[j][0], pairs[j][1], int(rng.integers(0, 2**31 - 1))) for i, j in enumerate(picked)]
    while len(out) < min(count, MAX_CONCEPTS):  # a theme with one harmony and tone: same colours, other seeds
        h, t = pairs[len(out) % len(pairs)]
        out.append(Concept(len(out), h, t, int(rng.integers(0, 2**31 - 1))))
    return tuple(out)
