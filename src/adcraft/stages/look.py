"""A candidate's look: background style, colour scheme and designer-library elements.

Precedence of colours: the reference ad (for candidates with its composition) > brand kit >
theme palette > the product's harmony scheme. Library backgrounds replace the procedural style
on a quarter of everyday/minimal/premium candidates; textures and decorations are added where
the library's rules allow, never over the product, the copy, the CTA or the logo.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from adcraft.assess import BackgroundKind
from adcraft.background import STYLES, StyleFrame
from adcraft.background.library import AssetLibrary, BaseRequest, choose_base, place_decorations
from adcraft.compose import StyleChoice
from adcraft.document import AssetStore
from adcraft.geometry import Box
from adcraft.layout import LayoutPlan
from adcraft.palette import ColourScheme, Palette, make_scheme
from adcraft.palette.colour import Colour, contrast_ratio, from_hex, lch_to_rgb, rgb_to_lch
from adcraft.palette.harmony import Tone
from adcraft.palette.themes import scheme_from_colours
from adcraft.stages.components import Components
from adcraft.stages.plan import REFERENCE_FAMILY, Candidate
from adcraft.stages.prepare import ProductAssets


@dataclass(frozen=True)
class Look:
    """Style, colours and provenance notes (``meta``) of one candidate."""

    style: StyleChoice
    scheme: ColourScheme
    meta: dict[str, Any] = field(default_factory=dict)


PANEL_HARMONY = {"analogous": "analogous", "monochrome": "monochrome"}
"""Harmonies a photo panel's copy ground keeps (others become monochrome: the photo already
brings its colours, the ground should not compete)."""


DARK_PRODUCT_L = 32.0
"""A product whose colours average under this CIE L* gets a light ground: a dark product on a dark
ground loses its outline (the design guide: the product must stand out from the background)."""


def ground_tone(palette: Palette, tone: str) -> Tone:
    """The ground's tone for a cut-out of ``palette``: ``tone``, unless the product is dark."""
    lightness = sum(w * lch[0] for w, lch in zip(palette.weights, palette.lch, strict=True))
    return "light" if lightness < DARK_PRODUCT_L else ("dark" if tone == "dark" else "light")


def _photo_ground(assets: ProductAssets, scheme: ColourScheme) -> ColourScheme:
    """A packshot's photo panel sits on its own backdrop colour (the photo's border), so the
    panel melts into the canvas instead of showing as a box; a scene's panel keeps the scheme."""
    border = assets.assessment.border_colour
    if assets.assessment.background is not BackgroundKind.PLAIN or border is None:
        return scheme
    ground: Colour = (int(border[0]), int(border[1]), int(border[2]))
    light = rgb_to_lch(ground)[0] >= 55
    text: Colour = scheme.text if float(contrast_ratio(scheme.text, ground)) >= 7.0 else ((20, 20, 24) if light else (255, 255, 255))
    return replace(scheme, background=ground, background_alt=ground, text=text, accent=visible_accent(scheme.accent, ground),
                   tone="light" if light else "dark")


NON_TEXT_CONTRAST = 3.0
"""WCAG 2.1 success criterion 1.4.11 (non-text contrast): a control — the CTA button — stands
out from what surrounds it by at least 3:1."""


STRONG_CTA = 4.5
"""The contrast a CTA that had to be corrected is given: clearly the strongest element, not one
that just passes (a button at a bare 3:1 reads as disabled grey)."""


def visible_accent(accent: Colour, ground: Colour) -> Colour:
    """``accent`` (the CTA button's fill) when its WCAG contrast ratio with ``ground`` reaches
    :data:`NON_TEXT_CONTRAST`; otherwise darkened on a light ground or lightened on a dark one
    in CIE LCh — same hue and chroma — until it reaches :data:`STRONG_CTA`."""
    if float(contrast_ratio(accent, ground)) >= NON_TEXT_CONTRAST:
        return accent
    lum, chroma, hue = rgb_to_lch(accent)
    step = -4.0 if rgb_to_lch(ground)[0] >= 50 else 4.0
    while 0.0 < lum < 100.0:
        lum = min(100.0, max(0.0, lum + step))
        out = lch_to_rgb(lum, chroma, hue)
        if float(contrast_ratio(out, ground)) >= STRONG_CTA:
            return out
    return (20, 20, 24) if step < 0 else (255, 255, 255)


def style_for(plan: LayoutPlan, rng: np.random.Generator, seed: int, styles: tuple[str, ...]) -> StyleChoice:
    """A background style among ``styles`` with the parameters it derives from ``plan``
    (:attr:`adcraft.background.BackgroundStyle.derive`)."""
    name = str(rng.choice(list(styles)))
    frame = StyleFrame(plan.size, product=plan.product_box, text=plan.text_region)
    return StyleChoice(background=name, params=STYLES.get(name).derive(frame, rng), seed=int(seed))


def keepout(plan: LayoutPlan) -> list[Box]:
    """Boxes decorations must stay off: texts, product, CTA button, logo and the text block."""
    boxes = [t.box for t in plan.texts] + [b for b in (plan.product_box, plan.button, plan.logo_box) if b is not None]
    if plan.text_region is not None:
        boxes.append(plan.text_region)
    return boxes


def choose_look(
    assets: ProductAssets, candidate: Candidate, rng: np.random.Generator, store: AssetStore, components: Components
) -> Look:
    """The look of ``candidate`` (see the module docstring); library pixels go into ``store``."""
    plan, opts, theme = candidate.plan, assets.options, assets.theme
    ref = opts.reference if plan.family == REFERENCE_FAMILY else None
    if ref is not None:
        bg, alt, accent = (from_hex(c)[:3] for c in ref.colours)
        scheme = scheme_from_colours(bg, alt, accent, harmony="reference")
        style = style_for(plan, rng, candidate.seed, (ref.style,))
        return Look(replace(style, params={**style.params, **ref.params}), scheme, {"reference": ref.treatment})
    tone = ground_tone(assets.palette, candidate.tone) if plan.photo_panel is None else candidate.tone
    if opts.brand is not None:
        scheme = opts.brand.scheme(tone)
    else:
        harmony = candidate.harmony if plan.photo_panel is None else PANEL_HARMONY.get(candidate.harmony, "monochrome")
        scheme = theme.fixed_scheme() or make_scheme(assets.palette, harmony, tone)
    if plan.photo_panel is not None:  # the photo is the picture: the copy sits on a calm ground
        return Look(StyleChoice(background="solid", seed=candidate.seed), _photo_ground(assets, scheme))
    style = style_for(plan, rng, candidate.seed, theme.styles)
    library = _library(assets, components)
    if library is None or plan.photo_crop is not None:
        return Look(style, scheme)
    # the library's picks from the concept's own stream: the same elements in every size
    return _with_library(Look(style, scheme), library, assets, plan, np.random.default_rng([candidate.seed, 2]), store, candidate.concept)


def _library(assets: ProductAssets, components: Components) -> AssetLibrary | None:
    if not assets.options.use_library:
        return None
    return assets.options.library or components.libraries.shipped()


def _with_library(
    look: Look, library: AssetLibrary, assets: ProductAssets, plan: LayoutPlan, rng: np.random.Generator, store: AssetStore,
    concept: int,
) -> Look:
    theme, style, scheme = assets.theme, look.style, look.scheme
    meta: dict[str, Any] = {}
    request = BaseRequest(category=assets.category, usage=theme.usage, occasion=theme.occasion, tone=scheme.tone)
    decorations = theme.decorations if concept % 2 == 1 else 0  # every other concept stays clean
    base = choose_base(library, request, rng, background=theme.usage == "daily" and assets.options.brand is None and rng.random() < 0.25,
                       max_decorations=decorations)
    if base.background is not None:
        style = replace(style, background="image", image_src=store.add("library", library.pixels(base.background)))
        meta["library_background"] = base.background.id
    if base.texture is not None and style.background != "image":
        t = base.texture.tags
        style = replace(style, texture_src=store.add("texture", library.pixels(base.texture)), texture_blend=t.blend, texture_opacity=t.opacity)
        meta["texture"] = base.texture.id
    placed = place_decorations(base.decorations, plan.size, keepout(plan), rng)
    decorations = []
    for asset, box in placed:
        px = library.pixels(asset)
        if asset.tags.kind == "mask":  # tinted with the accent
            px = np.dstack([np.full(px.shape + (3,), scheme.accent, np.uint8), (px.astype(np.float32) * 0.85).astype(np.uint8)])
        decorations.append((store.add("decoration", px), box))
    if decorations:
        style = replace(style, decorations=tuple(decorations))
        meta["decorations"] = [a.id for a, _ in placed]
    return Look(style, scheme, meta)
