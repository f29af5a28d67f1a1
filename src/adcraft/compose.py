"""Composition: a layout plan plus colours and background → design document and pixels.

This is where colour attributes are decided against real pixels: the background, shadow,
product and logo are rendered first; each text then takes the candidate colour with the
highest WCAG contrast against the pixels under its glyphs, and where no colour reaches 4.5:1,
or the area is busy, an underlay is added behind the text block. The CTA button takes the
scheme's accent, adjusted in CIE LCh lightness until its label reaches 4.5:1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from adcraft.cutout.shadow import ContactShadow
from adcraft.document import (
    AssetStore,
    BackgroundSpec,
    DesignDocument,
    ImageLayer,
    ProductRef,
    ShapeLayer,
    TextLayer,
)
from adcraft.document.model import Blend, Layer
from adcraft.elements import Role
from adcraft.geometry import Box, bbox_of, grow, overlaps
from adcraft.layout import LayoutPlan
from adcraft.palette import ColourScheme
from adcraft.palette.colour import Colour, contrast_ratio, lch_to_rgb, rgb_to_lch, to_hex
from adcraft.render import Renderer
from adcraft.render.raster import glyph_pixels
from adcraft.score.terms import contrast_at, pixel_luminance

MIN_CONTRAST = 4.5  #: WCAG 2.x AA for normal text


@dataclass(frozen=True)
class StyleChoice:
    """Visual choices of one candidate besides colours.

    Attributes
    ----------
    background:
        Procedural style name, or ``"image"`` to use the asset ``image_src`` (a designer-library
        background or a generated one) scaled to cover the canvas.
    params, seed:
        The style's parameters and seed.
    image_src:
        Asset name for ``"image"`` backgrounds.
    texture_src, texture_blend, texture_opacity:
        A grey tile blended over the background (``texture_opacity`` 0: none).
    decorations:
        ``(asset name, canvas box)`` of decoration layers, drawn behind the product.
    """

    background: str
    params: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    image_src: str | None = None
    texture_src: str | None = None
    texture_blend: Blend = "soft_light"
    texture_opacity: float = 0.0
    decorations: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()


@dataclass(frozen=True)
class Composition:
    """A composed creative.

    Attributes
    ----------
    document:
        The :class:`~adcraft.document.DesignDocument`.
    image:
        The rendered canvas (RGBA).
    below_text:
        ``uint8`` ``(H, W, 3)``: the canvas with every layer but the texts, what each text's
        contrast is measured against (:func:`adcraft.score.measure.measure_creative`).
    notes:
        Decisions worth knowing (underlays, logo pill, scene extension).
    """

    document: DesignDocument
    image: Image.Image
    below_text: np.ndarray
    notes: tuple[str, ...]


def _text_layer(pt, colour: Colour, chain: str) -> TextLayer:
    f = pt.fitted
    return TextLayer(
        role=pt.role,
        text=f.text,
        lines=f.lines,
        box=pt.box,
        font=chain,
        size=f.size,
        weight=f.style.weight,
        colour=to_hex(colour),
        align=pt.align,
        line_height=f.style.line_height,
        tracking=f.style.tracking,
        strikethrough=pt.strikethrough,
    )


def _busy(canvas: Image.Image, box) -> bool:
    """True when the region's luminance varies strongly (standard deviation > 0.13)."""
    crop = np.asarray(canvas.crop(box).convert("L"), np.float32) / 255.0
    return crop.size > 0 and float(crop.std()) > 0.13


def _best_colour(behind: np.ndarray, candidates: list[Colour]) -> tuple[Colour, float]:
    best, best_c = candidates[0], -1.0
    luminance = pixel_luminance(behind)
    for c in candidates:
        v = contrast_at(c, luminance)
        if v >= MIN_CONTRAST and c == candidates[0]:
            return c, v  # the scheme's own text colour wins whenever it is legible
        if v > best_c:
            best, best_c = c, v
    return best, best_c


def _button_colours(accent: Colour) -> tuple[Colour, Colour]:
    """(fill, label) with label contrast ≥ 4.5:1, darkening/lightening the accent if needed."""
    white, ink = (255, 255, 255), (17, 17, 17)
    L, C, h = rgb_to_lch(accent)
    fill = accent
    for _ in range(12):
        label = white if float(contrast_ratio(white, fill)) >= float(contrast_ratio(ink, fill)) else ink
        if float(contrast_ratio(label, fill)) >= MIN_CONTRAST + 0.2:
            return fill, label
        L = L - 6 if label == white else L + 6
        fill = lch_to_rgb(max(0.0, min(100.0, L)), C, h)
    return fill, (white if rgb_to_lch(fill)[0] < 55 else ink)


def _underlay_boxes(plan: LayoutPlan, region, pad: int) -> list:
    """Underlay panels: one around the whole text region, or, when that region would cover
    the product (copy above and below it), one per group of texts on each side of the product."""
    p = plan.product_box
    whole = grow(region, pad, plan.size)
    if p is None or not overlaps(whole, p):
        return [whole]
    items = [t.box for t in plan.texts] + [b for b in (plan.button, plan.logo_box) if b is not None]
    groups: dict[str, list] = {}
    for b in items:
        side = "above" if b[3] <= p[1] else "below" if b[1] >= p[3] else "left" if b[2] <= p[0] else "right"
        groups.setdefault(side, []).append(b)
    return [grow(bbox_of(g), pad, plan.size) for g in groups.values()]


@dataclass(frozen=True)
class Sources:
    """What a composition draws from besides the layout and the look.

    Attributes
    ----------
    product:
        Asset name of the RGBA cut-out.
    photo:
        Asset name of the photo, for scene layouts.
    logo:
        Asset name of the logo, for plans with a logo box.
    shadow, shadow_src:
        The product's :class:`~adcraft.cutout.shadow.ContactShadow` and its asset name; the
        shadow is drawn under the product (not on scene layouts). ``None``: no shadow.
    extend_photo:
        ``pads → asset name`` of the photo extended by ``pads`` (scene extension), needed for
        plans with ``photo_pads``.
    """

    product: str
    photo: str | None = None
    logo: str | None = None
    shadow: ContactShadow | None = None
    shadow_src: str | None = None
    extend_photo: Callable[[Box], str] | None = None


def compose(
    plan: LayoutPlan,
    scheme: ColourScheme,
    style: StyleChoice,
    chain: str,
    sources: Sources,
    assets: AssetStore,
    renderer: Renderer,
    meta: dict | None = None,
) -> Composition:
    """Build and render the design document of one candidate.

    Parameters
    ----------
    plan:
        The :class:`~adcraft.layout.LayoutPlan`.
    scheme:
        Colours.
    style:
        Background style (ignored by scene layouts, which use the photo).
    chain:
        Font chain of the texts.
    sources:
        The product, photo, logo and shadow assets (:class:`Sources`).
    assets, renderer:
        Asset store holding the sources, and the renderer.
    meta:
        Provenance stored in the document.

    Returns
    -------
    Composition
        The document, the rendered RGBA image, the canvas below the texts and notes.

    Raises
    ------
    ValueError
        A scene layout without a photo, or an extended one without ``extend_photo``.
    """
    notes: list[str] = list(plan.notes)
    doc = DesignDocument(
        size=plan.size,
        background=_background(plan, scheme, style, sources, notes),
        layers=tuple(_image_layers(plan, scheme, style, sources, assets, notes)),
        product=ProductRef(mask_src=sources.product, box=plan.product_box) if plan.product_box else None,
        meta=meta or {},
    )
    canvas = renderer.render(doc, assets)
    body = [pt for pt in plan.texts if pt.role != Role.CTA]
    canvas, underlays, colours = _body_colours(plan, scheme, body, chain, canvas, assets, renderer, notes)
    text_layers = [_text_layer(pt, col, chain) for pt, col in zip(body, colours, strict=True)]
    cta = next((pt for pt in plan.texts if pt.role == Role.CTA), None)
    if cta is not None and plan.button is not None:
        fill, label = _button_colours(scheme.accent)
        bh = plan.button[3] - plan.button[1]
        button = ShapeLayer(role="button", shape="rounded_rect", box=plan.button, fill=to_hex(fill), radius=bh * 0.5)
        underlays.append(button)
        renderer.draw_layer(canvas, button, assets)
        text_layers.append(_text_layer(cta, label, chain))
    below_text = np.asarray(canvas.convert("RGB"))
    for tl in text_layers:
        renderer.draw_layer(canvas, tl, assets)
    doc = doc.model_copy(update={"layers": doc.layers + tuple(underlays) + tuple(text_layers)})
    return Composition(document=doc, image=canvas, below_text=below_text, notes=tuple(notes))


def _background(plan: LayoutPlan, scheme: ColourScheme, style: StyleChoice, sources: Sources, notes: list[str]) -> BackgroundSpec:
    """The photo (cropped, extended where the plan says) for full-bleed scene layouts; the style
    otherwise."""
    if plan.full_bleed:
        return BackgroundSpec(style="photo", src=_photo_src(plan, sources, notes), crop=plan.photo_crop)
    return BackgroundSpec(
        style=style.background,
        colours=(to_hex(scheme.background), to_hex(scheme.background_alt), to_hex(scheme.accent)),
        seed=style.seed,
        params=dict(style.params),
        product_box=plan.product_box,
        text_box=plan.text_region,
        src=style.image_src if style.background == "image" else None,
        texture=style.texture_src if style.texture_opacity > 0 else None,
        texture_blend=style.texture_blend,
        texture_opacity=style.texture_opacity if style.texture_src else 0.0,
    )


def _photo_src(plan: LayoutPlan, sources: Sources, notes: list[str]) -> str:
    """The photo's asset (extended beyond its frame where the plan says)."""
    if sources.photo is None:
        raise ValueError("a layout that shows the photo needs the photo among the sources")
    if plan.photo_pads is None:
        return sources.photo
    if sources.extend_photo is None:
        raise ValueError("a plan with photo_pads needs extend_photo")
    notes.append(f"scene extended beyond the photo's frame by {plan.photo_pads} px (left, top, right, bottom)")
    return sources.extend_photo(plan.photo_pads)


def _image_layers(
    plan: LayoutPlan, scheme: ColourScheme, style: StyleChoice, sources: Sources, assets: AssetStore, notes: list[str]
) -> list[Layer]:
    """Decorations, then the photo panel or the shadow and product (cut-out layouts), then the logo."""
    layers: list[Layer] = [ImageLayer(role=Role.DECORATION, src=src, box=box) for src, box in style.decorations]
    if plan.photo_panel is not None:
        layers.append(ImageLayer(role=Role.PHOTO, src=_photo_src(plan, sources, notes), box=plan.photo_panel, crop=plan.photo_crop))
    elif plan.product_box is not None and plan.photo_crop is None:
        if sources.shadow is not None and sources.shadow_src is not None:
            layers.append(ImageLayer(role=Role.SHADOW, src=sources.shadow_src, box=sources.shadow.box_for(plan.product_box)))
        layers.append(ImageLayer(role=Role.PRODUCT, src=sources.product, box=plan.product_box))
    if plan.logo_box is not None and sources.logo is not None:
        pill = _logo_pill(plan, scheme, assets.get(sources.logo))
        if pill is not None:
            layers.append(pill)
            notes.append("logo on a pill: it had too little contrast with the background")
        layers.append(ImageLayer(role=Role.LOGO, src=sources.logo, box=plan.logo_box))
    return layers


def logo_colours(logo_px: np.ndarray, share: float = 0.1) -> list[Colour]:
    """The colours that make up a logo: opaque pixels quantised to 32 levels per channel, the
    most frequent ones each covering at least ``share`` of them (at least one)."""
    opaque = logo_px[..., :3][logo_px[..., 3] > 128] if logo_px.shape[2] == 4 else logo_px.reshape(-1, 3)
    if not len(opaque):
        return [(0, 0, 0)]
    q = (opaque // 8).astype(np.int32)
    keys, counts = np.unique(q[:, 0] * 1024 + q[:, 1] * 32 + q[:, 2], return_counts=True)
    order = np.argsort(-counts)
    out = [keys[i] for i in order if counts[i] >= share * len(opaque)] or [keys[order[0]]]
    return [(int(k // 1024 * 8 + 4), int(k // 32 % 32 * 8 + 4), int(k % 32 * 8 + 4)) for k in out]


def _logo_pill(plan: LayoutPlan, scheme: ColourScheme, logo_px: np.ndarray) -> ShapeLayer | None:
    """A pill behind a logo that would vanish into a flat background: when any colour making up
    the logo has a WCAG contrast under 3:1 (non-text contrast, WCAG 2.1 SC 1.4.11) against the
    ground, a pill in the colour (white, near-black or the ground) that gives the logo's
    colours the highest lowest contrast."""
    if plan.logo_box is None or plan.full_bleed:
        return None
    colours = logo_colours(logo_px)
    if min(float(contrast_ratio(c, scheme.background)) for c in colours) >= 3.0:
        return None
    options = [(255, 255, 255), (20, 20, 24), scheme.background_alt]
    pill = max(options, key=lambda o: min(float(contrast_ratio(c, o)) for c in colours))
    l, t, r, b = plan.logo_box
    pad = max(3, round(0.22 * (b - t)))
    return ShapeLayer(role=Role.LOGO_UNDERLAY, shape="rounded_rect", box=(l - pad, t - pad, r + pad, b + pad), fill=to_hex(pill), radius=(b - t + 2 * pad) / 2)


def _body_colours(
    plan: LayoutPlan, scheme: ColourScheme, body: list, chain: str, canvas: Image.Image, assets: AssetStore,
    renderer: Renderer, notes: list[str],
) -> tuple[Image.Image, list[Layer], list[Colour]]:
    """Each body text's colour against the pixels under its glyphs, with an underlay where the
    background is busy or no colour is legible. Returns the canvas (with any underlay drawn),
    the underlay layers and the colours."""
    dark_text = scheme.text if scheme.tone == "light" else (20, 20, 24)
    light_text = scheme.text if scheme.tone == "dark" else (255, 255, 255)
    candidates = [scheme.text, dark_text, light_text, (0, 0, 0), (255, 255, 255)]
    provisional = [_text_layer(pt, scheme.text, chain) for pt in body]
    chosen = [_best_colour(glyph_pixels(renderer, canvas, tl), candidates) for tl in provisional]
    region = plan.text_region
    need_underlay = plan.underlay is not None or any(c < MIN_CONTRAST for _, c in chosen) or (
        plan.full_bleed and region is not None and _busy(canvas, region)
    )
    if not need_underlay or region is None:
        return canvas, [], [col for col, _ in chosen]
    pad = max(6, round(0.025 * min(plan.size)))
    boxes = [plan.underlay] if plan.underlay is not None else _underlay_boxes(plan, region, pad)
    base_rgb = np.concatenate([np.asarray(canvas.crop(b).convert("RGB")).reshape(-1, 3) for b in boxes])
    mean_lum = float(np.mean(base_rgb @ np.array([0.2126, 0.7152, 0.0722])) / 255.0)
    under = scheme.background if mean_lum >= 0.45 else lch_to_rgb(14.0, 6.0, rgb_to_lch(scheme.background)[2])
    for alpha in ("e6", "ff"):
        extra: list[Layer] = [ShapeLayer(role=Role.UNDERLAY, shape="rounded_rect", box=b, fill=to_hex(under) + alpha, radius=pad * 1.2) for b in boxes]
        trial = canvas.copy()
        for lay in extra:
            renderer.draw_layer(trial, lay, assets)
        chosen = [_best_colour(glyph_pixels(renderer, trial, tl), candidates) for tl in provisional]
        if all(c >= MIN_CONTRAST for _, c in chosen):
            break
    if plan.underlay is None:  # a layout-made panel already says why in the plan notes
        notes.append("underlay behind the text: the background there is busy or low-contrast")
    return trial, extra, [col for col, _ in chosen]
