"""Composition: a layout plan plus colours and background → design document and pixels.

This is where colour attributes are decided against real pixels: the background, shadow,
product and logo are rendered first; each text then takes the candidate colour with the
highest WCAG contrast against the pixels under its glyphs, and where no colour reaches 4.5:1,
or the area is busy, an underlay is added behind the text block. The CTA button takes the
scheme's accent, adjusted in CIE LCh lightness until its label reaches 4.5:1.
"""

from __future__ import annotations

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
from adcraft.document.model import Layer
from adcraft.elements import Role
from adcraft.geometry import bbox_of, grow, overlaps
from adcraft.layout import LayoutPlan
from adcraft.palette import ColourScheme
from adcraft.palette.colour import Colour, contrast_ratio, lch_to_rgb, rgb_to_lch, to_hex
from adcraft.render import Renderer
from adcraft.render.raster import pixels_under_text
from adcraft.score.terms import text_contrast

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
    texture_blend: str = "soft_light"
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
    for c in candidates:
        v = text_contrast(c, behind)
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


def compose(
    plan: LayoutPlan,
    scheme: ColourScheme,
    style: StyleChoice,
    chain: str,
    assets: AssetStore,
    renderer: Renderer,
    *,
    product_src: str,
    photo_src: str | None = None,
    logo_src: str | None = None,
    shadow: ContactShadow | None = None,
    shadow_src: str | None = None,
    meta: dict | None = None,
    extend_photo=None,
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
    assets, renderer:
        Asset store (holding ``product_src``, ``photo_src``, ``logo_src``) and renderer.
    product_src:
        Asset name of the RGBA cut-out.
    photo_src:
        Asset name of the photo, for scene layouts.
    logo_src:
        Asset name of the logo, if the plan has a logo box.
    shadow, shadow_src:
        The product's :class:`~adcraft.cutout.shadow.ContactShadow` and its asset name; the
        shadow is drawn under the product (not on scene layouts). ``None``: no shadow.
    meta:
        Provenance stored in the document.
    extend_photo:
        ``pads → asset name`` of the photo extended by ``pads`` (scene extension), needed when
        the plan has ``photo_pads``.

    Returns
    -------
    Composition
        The document, the rendered RGBA image, the canvas below the texts and notes.
    """
    notes: list[str] = list(plan.notes)
    if plan.photo_crop is not None:
        if photo_src is None:
            raise ValueError("a scene layout needs photo_src")
        src = photo_src
        if plan.photo_pads is not None:
            if extend_photo is None:
                raise ValueError("a plan with photo_pads needs extend_photo")
            src = extend_photo(plan.photo_pads)
            notes.append(f"scene extended beyond the photo's frame by {plan.photo_pads} px (left, top, right, bottom)")
        background = BackgroundSpec(style="photo", src=src, crop=plan.photo_crop)
    else:
        background = BackgroundSpec(
            style=style.background,
            colours=(to_hex(scheme.background), to_hex(scheme.background_alt), to_hex(scheme.accent)),
            seed=style.seed,
            params=dict(style.params),
            product_box=plan.product_box,
            text_box=plan.text_region,
            src=style.image_src if style.background == "image" else None,
            texture=style.texture_src if style.texture_opacity > 0 else None,
            texture_blend=style.texture_blend,  # type: ignore[arg-type]
            texture_opacity=style.texture_opacity if style.texture_src else 0.0,
        )
    layers: list[Layer] = [ImageLayer(role="decoration", src=src, box=box) for src, box in style.decorations]
    if plan.product_box is not None and plan.photo_crop is None:
        if shadow is not None and shadow_src is not None:
            layers.append(ImageLayer(role="shadow", src=shadow_src, box=shadow.box_for(plan.product_box)))
        layers.append(ImageLayer(role="product", src=product_src, box=plan.product_box))
    if plan.logo_box is not None and logo_src is not None:
        logo_px = assets.get(logo_src)
        opaque = logo_px[..., :3][logo_px[..., 3] > 128] if logo_px.shape[2] == 4 else logo_px.reshape(-1, 3)
        logo_colour = tuple(int(v) for v in np.median(opaque, axis=0)) if len(opaque) else (0, 0, 0)
        bg_colour = scheme.background if plan.photo_crop is None else None
        if bg_colour is not None and float(contrast_ratio(logo_colour, bg_colour)) < 3.0:
            # A logo that would vanish into the background gets a pill of the opposite tone.
            l, t, r, b = plan.logo_box
            pad = max(3, round(0.22 * (b - t)))
            pill = (255, 255, 255) if rgb_to_lch(logo_colour)[0] < 50 else (20, 20, 24)
            layers.append(
                ShapeLayer(role="logo_underlay", shape="rounded_rect", box=(l - pad, t - pad, r + pad, b + pad), fill=to_hex(pill), radius=(b - t + 2 * pad) / 2)
            )
            notes.append("logo on a pill: it had too little contrast with the background")
        layers.append(ImageLayer(role="logo", src=logo_src, box=plan.logo_box))
    doc = DesignDocument(
        size=plan.size,
        background=background,
        layers=tuple(layers),
        product=ProductRef(mask_src=product_src, box=plan.product_box) if plan.product_box else None,
        meta=meta or {},
    )
    canvas = renderer.render(doc, assets)

    # Text colours, with an underlay where the background is busy or no colour is legible.
    body = [pt for pt in plan.texts if pt.role != Role.CTA]
    dark_text = scheme.text if scheme.tone == "light" else (20, 20, 24)
    light_text = scheme.text if scheme.tone == "dark" else (255, 255, 255)
    candidates = [scheme.text, dark_text, light_text, (0, 0, 0), (255, 255, 255)]
    provisional = [_text_layer(pt, scheme.text, chain) for pt in body]
    arr = np.asarray(canvas)
    chosen = [_best_colour(pixels_under_text(renderer, arr, tl), candidates) for tl in provisional]
    region = plan.text_region
    need_underlay = plan.underlay is not None or any(c < MIN_CONTRAST for _, c in chosen) or (
        plan.photo_crop is not None and region is not None and _busy(canvas, region)
    )
    extra: list[Layer] = []
    if need_underlay and region is not None:
        pad = max(6, round(0.025 * min(plan.size)))
        W, H = plan.size
        boxes = [plan.underlay] if plan.underlay is not None else _underlay_boxes(plan, region, pad)
        base_rgb = np.concatenate([np.asarray(canvas.crop(b).convert("RGB")).reshape(-1, 3) for b in boxes])
        mean_lum = float(np.mean(base_rgb @ np.array([0.2126, 0.7152, 0.0722])) / 255.0)
        under = scheme.background if mean_lum >= 0.45 else lch_to_rgb(14.0, 6.0, rgb_to_lch(scheme.background)[2])
        for alpha in ("e6", "ff"):
            extra = [ShapeLayer(role="underlay", shape="rounded_rect", box=b, fill=to_hex(under) + alpha, radius=pad * 1.2) for b in boxes]
            trial = canvas.copy()
            for lay in extra:
                renderer.draw_layer(trial, lay, assets)
            trial_arr = np.asarray(trial)
            chosen = [_best_colour(pixels_under_text(renderer, trial_arr, tl), candidates) for tl in provisional]
            if all(c >= MIN_CONTRAST for _, c in chosen):
                break
        canvas = trial
        if plan.underlay is None:  # a layout-made panel already says why in the plan notes
            notes.append("underlay behind the text: the background there is busy or low-contrast")
    text_layers = [_text_layer(pt, col, chain) for pt, (col, _) in zip(body, chosen, strict=True)]

    cta = next((pt for pt in plan.texts if pt.role == Role.CTA), None)
    if cta is not None and plan.button is not None:
        fill, label = _button_colours(scheme.accent)
        bh = plan.button[3] - plan.button[1]
        button = ShapeLayer(role="button", shape="rounded_rect", box=plan.button, fill=to_hex(fill), radius=bh * 0.5)
        extra.append(button)
        renderer.draw_layer(canvas, button, assets)
        text_layers.append(_text_layer(cta, label, chain))
    below_text = np.asarray(canvas.convert("RGB"))
    for tl in text_layers:
        renderer.draw_layer(canvas, tl, assets)
    doc = doc.model_copy(update={"layers": doc.layers + tuple(extra) + tuple(text_layers)})
    return Composition(document=doc, image=canvas, below_text=below_text, notes=tuple(notes))
