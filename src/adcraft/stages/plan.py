"""Stage 2, plan: the layouts of one size, as candidates to realise.

For a size, :func:`plan` asks every layout family that designs for it (and the reference's
composition, if any) for up to 3x ``count`` layouts with sampled parameters, each attempt for
the next of the product's concepts (:mod:`adcraft.stages.concept`: harmony, tone, style and
copy variant shared by every size); drops repeats; and keeps the ``count`` most different
(farthest-first over the layout distance of :mod:`adcraft.layout.diversity`). Each kept
layout becomes a frozen, picklable :class:`Candidate`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import cast

import numpy as np

from adcraft.copy.variants import pick_copy
from adcraft.geometry import Size
from adcraft.layout import LayoutInfeasible, LayoutInput, LayoutParams, LayoutPlan, families_for
from adcraft.layout.control import LayoutControl
from adcraft.layout.diversity import farthest_first, mean_pairwise_distance, plan_elements
from adcraft.layout.families import Family
from adcraft.layout.plan import Align, Side
from adcraft.layout.template import template_family
from adcraft.stages.components import Components
from adcraft.stages.concept import Concept, concepts
from adcraft.stages.prepare import ProductAssets

REFERENCE_FAMILY = "template:reference"
"""Family name of the reference ad's composition (:meth:`ReferenceStyle.template`)."""


@dataclass(frozen=True)
class Candidate:
    """One planned creative: its layout and the choices its look is drawn from.

    Attributes
    ----------
    size:
        Canvas ``(width, height)``.
    plan:
        The :class:`~adcraft.layout.LayoutPlan`.
    harmony, tone:
        Colour harmony rule and light/dark tone (its concept's).
    seed:
        Seed of the candidate's random look choices (background style, library elements): its
        concept's, so a concept looks the same in every size.
    index:
        Position among the kept candidates of its size (0 first).
    concept:
        Index of its :class:`~adcraft.stages.concept.Concept`.
    """

    size: Size
    plan: LayoutPlan
    harmony: str
    tone: str
    seed: int
    index: int
    concept: int = 0


@dataclass(frozen=True)
class Rejection:
    """A layout that could not be made, and why."""

    size: Size
    family: str
    reason: str


@dataclass(frozen=True)
class SizePlan:
    """What :func:`plan` made for one size: candidates, rejected layouts and their diversity
    (mean pairwise layout distance, 0..1)."""

    size: Size
    candidates: tuple[Candidate, ...]
    rejected: tuple[Rejection, ...]
    diversity: float
    reserve: tuple[Candidate, ...] = ()
    """Planned layouts not among ``candidates``, families the candidates lack first: realised
    only when the design critic refuses every candidate (at most ``count`` of them)."""


def _sample_params(rng: np.random.Generator, family: str) -> LayoutParams:
    return LayoutParams(
        family=family,
        align=cast(Align, str(rng.choice(["left", "left", "center"]))),
        split=float(rng.choice([0.44, 0.5, 0.56])),
        product_scale=float(rng.choice([0.84, 0.92, 0.98])),
        side=cast(Side, str(rng.choice(["auto", "auto", "start", "end"]))),
    )


def _families(assets: ProductAssets, size: Size, components: Components) -> tuple[list[Family], Family | None]:
    reference = assets.options.reference
    tpl = reference.template() if reference is not None else None
    ref_family = template_family(tpl) if tpl is not None else None
    families = families_for(size, assets.scene, components.families)
    if assets.photo_first:  # the cut-out cannot be trusted: only designs that show the photo whole
        families = [f for f in families if f.uses_photo]
        ref_family = None
    return ([ref_family, *families] if ref_family is not None else families), ref_family


def plan(assets: ProductAssets, size: Size, count: int, control: LayoutControl | None, components: Components) -> SizePlan:
    """Up to ``count`` candidates for ``size``, as different from each other as possible.

    Parameters
    ----------
    assets:
        The prepared product (:func:`~adcraft.stages.prepare.prepare`).
    size:
        Canvas ``(width, height)``.
    count:
        Candidates wanted (1..32).
    control:
        Locks, hidden or edited elements and relations, or ``None``.
    components:
        The loaded fonts and layout families.

    Returns
    -------
    SizePlan
        No candidates (and a rejection saying why) when no family designs for the size.
    """
    families, ref_family = _families(assets, size, components)
    if not families:
        return SizePlan(size, (), (Rejection(size, "-", "no layout family designs for this aspect ratio"),), 0.0)
    rng = np.random.default_rng([assets.seed, size[0], size[1]])
    ideas = concepts(assets.theme, assets.seed, count)
    planned: list[tuple[LayoutPlan, Concept]] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for attempt in range(count * 3):
        # the reference composition gets every other attempt
        family = ref_family if ref_family is not None and attempt % 2 == 0 else families[attempt % len(families)]
        params = _sample_params(rng, family.name)
        idea = ideas[(attempt // len(families)) % len(ideas)]  # every family meets every concept
        inp = LayoutInput(size=size, copy=pick_copy(assets.variants, size, idea.copy_rng()), chain=assets.chain.name,
                          product_aspect=assets.product_aspect, logo_aspect=assets.logo_aspect, scene=assets.scene)
        try:
            layout = _layout(family, inp, params, control, components)
        except LayoutInfeasible as exc:
            rejected.append(Rejection(size, family.name, str(exc)))
            continue
        key = json.dumps([layout.family, layout.product_box, [(p.box, p.fitted.text) for p in layout.texts], idea.index])
        if key not in seen:
            seen.add(key)
            planned.append((layout, idea))
    elements = [plan_elements(p[0]) for p in planned]
    picked = farthest_first(elements, size, count, start=_concept_starts(planned))  # every concept in every size
    used = {planned[j][0].family for j in picked}
    spare = sorted((j for j in range(len(planned)) if j not in picked), key=lambda j: (planned[j][0].family in used, j))[:count]
    made = [
        Candidate(size, layout, idea.harmony, idea.tone, idea.seed, i, idea.index)
        for i, (layout, idea) in enumerate(planned[j] for j in [*picked, *spare])
    ]
    diversity = mean_pairwise_distance([elements[i] for i in picked], size)
    return SizePlan(size, tuple(made[: len(picked)]), tuple(rejected), diversity, tuple(made[len(picked) :]))


def _concept_starts(planned: list[tuple[LayoutPlan, Concept]]) -> list[int]:
    """One planned layout per concept, spreading the concepts over the families: each concept
    takes its earliest layout of the family the concepts before it used least (so four concepts
    never fill four slots with one family while another family also designed for the size)."""
    used: Counter[str] = Counter()
    starts = []
    for index in sorted({idea.index for _, idea in planned}):
        mine = [i for i, (_, idea) in enumerate(planned) if idea.index == index]
        best = min(mine, key=lambda i: (used[planned[i][0].family], i))
        used[planned[best][0].family] += 1
        starts.append(best)
    return sorted(starts)


def _layout(family: Family, inp: LayoutInput, params: LayoutParams, control: LayoutControl | None, components: Components) -> LayoutPlan:
    if control is not None:
        inp = control.apply(inp)
    layout = family.fn(inp, params, components.fonts)
    return control.solve(layout, inp.product_aspect) if control is not None else layout
