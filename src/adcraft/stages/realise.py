"""Stage 3, realise: one candidate in, a composed, rendered, measured and scored creative out.

:func:`realise` chooses the candidate's look (:mod:`adcraft.stages.look`), generates a backdrop
when a back-end is set, composes and renders the design document
(:func:`adcraft.compose.compose`), measures it (:func:`adcraft.score.measure.measure_creative`),
scores its layout (:func:`adcraft.score.score_creative`) and has the design critic judge it
(:func:`adcraft.stages.judge.judge`). It reads the prepared product and never
changes it: images it adds (library elements, an extended scene) go into a layer of the asset
store and travel with the :class:`Creative`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from adcraft.background.extend import clean_plate, extend_scene
from adcraft.compose import Sources, compose
from adcraft.critic import Critique
from adcraft.document import AssetStore, DesignDocument
from adcraft.geometry import Box, Size
from adcraft.score import score_creative
from adcraft.score.measure import measure_creative
from adcraft.stages.components import Components
from adcraft.stages.judge import judge, photo_box
from adcraft.stages.look import Look, choose_look
from adcraft.stages.plan import Candidate
from adcraft.stages.prepare import ProductAssets


@dataclass(frozen=True)
class Creative:
    """One realised creative.

    Attributes
    ----------
    id:
        Stable id: size and a hash of the document (``"1200x628-3f2a9c01bd"``).
    size:
        ``(width, height)``.
    rank:
        1 is best within its size; 0 until ranked.
    document:
        The :class:`~adcraft.document.DesignDocument`.
    image:
        Rendered ``uint8`` ``(H, W, 3)`` sRGB pixels.
    score:
        The final score in ``[0, 1]``: the design critic's (:attr:`critique`), which lies in
        the verdict's third (REJECT below 1/3, FIX below 2/3, SHIP above).
    design_score:
        The weighted design-quality score of the layout terms, in ``[0, 1]``.
    terms:
        Every design-quality term (see :mod:`adcraft.score.terms`).
    critique:
        The design critic's :class:`~adcraft.critic.Critique`: verdict, defect codes, findings.
    contrasts:
        ``(role, ratio)``: the measured WCAG 2.x contrast ratio of each text.
    notes:
        Decisions worth knowing (dropped sub-line, underlay…).
    new_assets:
        Images this creative's document names beyond the product's (library elements, an
        extended scene), by asset name.
    concept:
        Index of the :class:`~adcraft.stages.concept.Concept` it realises (shared by sizes).
    timings:
        Seconds of ``compose_render`` and ``score``.
    """

    id: str
    size: Size
    rank: int
    document: DesignDocument
    image: np.ndarray
    score: float
    design_score: float
    terms: dict[str, float]
    critique: Critique
    contrasts: tuple[tuple[str, float], ...]
    notes: tuple[str, ...] = ()
    new_assets: Mapping[str, np.ndarray] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict)
    concept: int = 0

    @property
    def family(self) -> str | None:
        """The layout family that made it."""
        return self.document.meta.get("family")


def realise(assets: ProductAssets, candidate: Candidate, components: Components) -> Creative:
    """Compose, render, measure and score ``candidate`` of the product ``assets``.

    The same product and candidate give the same pixels in any process.

    Raises
    ------
    InputError
        If an asset is missing (a document that names what the store does not hold).
    """
    t = time.perf_counter()
    plan = candidate.plan
    store = assets.assets.layer()
    if assets.chain.files:
        components.fonts.ensure_chain(assets.chain.name, assets.chain.files, assets.chain.fallback)
    look = _with_backdrop(choose_look(assets, candidate, np.random.default_rng(candidate.seed), store, components), assets, candidate, store)
    meta = {
        "family": plan.family,
        "align": plan.params.align,
        "background": "photo" if plan.full_bleed else look.style.background,
        "harmony": look.scheme.harmony,
        "tone": look.scheme.tone,
        "theme": assets.theme.name,
        "seed": candidate.seed,
        "concept": candidate.concept,
        **look.meta,
    }
    if (own := photo_box(plan, assets.photo_size)) is not None:
        meta["photo_box"] = list(own)  # where the photo's own pixels sit on an extended scene
    sources = Sources(
        product=assets.product_src, photo=assets.photo_src, logo=assets.logo_src, shadow=assets.shadow,
        shadow_src=assets.shadow_src, extend_photo=lambda pads: _extended(assets, pads, store, components),
    )
    comp = compose(plan, look.scheme, look.style, assets.chain.name, sources, store, components.renderer, meta)
    image = np.asarray(comp.image.convert("RGB"))
    t_compose = time.perf_counter() - t
    t = time.perf_counter()
    measured = measure_creative(comp.document, store, components.renderer, below=comp.below_text)
    design_score, terms = score_creative(measured)
    verdict = judge(assets, plan, comp.document, image, measured.product_alpha)
    digest = hashlib.sha1(comp.document.model_dump_json().encode()).hexdigest()[:10]
    return Creative(
        id=f"{candidate.size[0]}x{candidate.size[1]}-{digest}",
        size=candidate.size,
        rank=0,
        document=comp.document,
        image=image,
        score=verdict.score,
        design_score=design_score,
        terms=terms,
        critique=verdict,
        contrasts=measured.contrasts,
        notes=comp.notes,
        new_assets=store.own(),
        timings={"compose_render": t_compose, "score": time.perf_counter() - t},
        concept=candidate.concept,
    )


def _with_backdrop(look: Look, assets: ProductAssets, candidate: Candidate, store: AssetStore) -> Look:
    """The first candidate of a size gets a generated background when a back-end is set."""
    backdrop, plan = assets.options.backdrop, candidate.plan
    if backdrop is None or candidate.index != 0 or plan.product_box is None or plan.photo_crop is not None:
        return look
    generated = backdrop.generate(
        candidate.size, assets.cutout.rgba, plan.product_box, category=assets.category, theme=assets.theme.name, seed=candidate.seed
    )
    style = replace(look.style, background="image", image_src=store.add("generated", generated), texture_opacity=0.0)
    return Look(style, look.scheme, {**look.meta, "background": "diffusion"})


def _extended(assets: ProductAssets, pads: Box, store: AssetStore, components: Components) -> str:
    """Asset name of the product's scene extended by ``pads`` (cached per process, as is the
    photo's clean plate that every pad of it extends)."""
    if assets.photo_src is None:
        raise ValueError("a plan with photo_pads needs a scene photo")
    # a plain backdrop continues as itself; a scene by the chosen method
    method = "backdrop" if assets.scene is not None and assets.scene.backdrop else assets.options.extension
    key = (assets.photo_src, assets.product_src, tuple(pads), method, assets.seed)
    photo = assets.assets.get(assets.photo_src)

    def make() -> np.ndarray:
        plate = components.extensions.get((assets.photo_src, assets.product_src, "clean_plate"), lambda: clean_plate(photo, assets.cutout.alpha))
        return extend_scene(photo, tuple(pads), method, seed=assets.seed, plate=plate)

    return store.add("photo-extended", components.extensions.get(key, make))
