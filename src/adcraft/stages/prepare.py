"""Stage 1, prepare: a brief in, everything about the product that every candidate shares out.

:func:`inspect_photo` loads the photo, assesses it, cuts the product out and checks it;
:func:`prepare` adds overlay removal, palette, copy variants, the asset store (cut-out,
contact shadow, logo, photo), scene information and the font chain, and returns a frozen,
picklable :class:`ProductAssets` that :func:`~adcraft.stages.plan.plan` and
:func:`~adcraft.stages.realise.realise` read — in this process or in another one.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from adcraft.assess import Assessment, BackgroundKind, assess_image
from adcraft.assess.frame import trim_frame
from adcraft.assess.people import PERSON_SCORE, person_score
from adcraft.assess.quality import PhotoReport, check_photo
from adcraft.assess.refusal import refusal, require_usable
from adcraft.assess.text import TextBox
from adcraft.brief import Brief
from adcraft.copy import CopyText, write_copy
from adcraft.copy.variants import CopyVariants, write_variants
from adcraft.critic import PhotoFacts
from adcraft.cutout import Cutout, make_cutout
from adcraft.cutout.confidence import (
    CUTOUT_CONFIDENCE_THRESHOLD,
    SCENE_CONFIDENCE_THRESHOLD,
    cut_sides,
    skin_mask,
)
from adcraft.cutout.overlay import remove_overlays
from adcraft.cutout.shadow import ContactShadow, contact_shadow
from adcraft.document import AssetStore
from adcraft.errors import InputError, PhotoRejectedError
from adcraft.io import LoadedImage, LoadLimits, load_image
from adcraft.layout.canvas import same_aspect, scene_info
from adcraft.layout.plan import SceneInfo
from adcraft.palette import Palette, extract_palette
from adcraft.palette.themes import THEMES, Theme
from adcraft.stages.components import Components, fast_segmenter
from adcraft.stages.options import GenerationOptions

CATEGORIES = ("apparel", "cosmetics", "electronics", "food_drink", "furniture_home", "shoes", "toys")
"""Product categories the designer library and diffusion prompts know (file-name prefixes of
the evaluation data); a brief's free-text category is matched against them."""


def category_of(brief: Brief) -> str | None:
    """The library category of ``brief`` (its ``category`` or the photo's file-name prefix)."""
    for text in (brief.category or "", brief.photo.rsplit("/", 1)[-1].split("__")[0]):
        t = text.lower().replace(" ", "_").replace("&", "").replace("-", "_")
        for c in CATEGORIES:
            if c == t or c in t or t in c.split("_") and t:
                return c
    return None


@dataclass(frozen=True)
class PhotoInspection:
    """What :func:`inspect_photo` found in one photo."""

    photo: LoadedImage
    assessment: Assessment
    cutout: Cutout
    texts: list[TextBox]
    report: PhotoReport


@dataclass(frozen=True)
class FontChain:
    """The font chain the copy is set in: a built-in chain, or a brand's files before one."""

    name: str
    files: tuple[str, ...] = ()
    fallback: str = "sans"


CLOSE_UP = 0.5
"""A product covering this share of a scene photo or more is a close-up: shown in its photo."""


def trusted(facts: PhotoFacts) -> bool:
    """True when the cut-out can stand on its own: its confidence reaches the cut-out stage's
    threshold (the stricter :data:`~adcraft.cutout.confidence.SCENE_CONFIDENCE_THRESHOLD` for
    scene photos, :data:`~adcraft.cutout.confidence.CUTOUT_CONFIDENCE_THRESHOLD` otherwise;
    unknown counts as trusted), the photo's frame does not cut the product (a close-up, a
    model's body running off the photo: cut out, it would end in a flat edge in mid-air), no
    person wears or carries it, and it does not fill the photo (:data:`CLOSE_UP`)."""
    scene = facts.photo_kind is BackgroundKind.SCENE
    if facts.cut_sides or facts.shows_person or (scene and (facts.coverage or 0.0) >= CLOSE_UP):
        return False
    if facts.cutout_confidence is None:
        return True
    return facts.cutout_confidence >= (SCENE_CONFIDENCE_THRESHOLD if scene else CUTOUT_CONFIDENCE_THRESHOLD)


def photo_facts(photo: np.ndarray, cut: Cutout, assessment: Assessment, palette: Palette, brief: Brief) -> PhotoFacts:
    """What the design critic is told about the product's photo: its kind, the cut-out's
    confidence (its parts and the sides the frame cuts), the product's palette, a sale or not,
    whether it shows a person and how much of it the product covers."""
    sale = brief.original_price is not None and brief.price is not None and brief.original_price > brief.price
    return PhotoFacts(
        photo_kind=assessment.background, cutout_confidence=cut.confidence.value, cutout_parts=dict(cut.confidence.parts),
        cut_sides=cut_sides(cut.alpha), shows_person=person_score(np.ascontiguousarray(photo[..., :3])) >= PERSON_SCORE,
        coverage=cut.coverage,
        product_colours=tuple(palette.colours), product_weights=tuple(palette.weights), sale=sale,
    )


@dataclass(frozen=True)
class ProductAssets:
    """Everything about one product that its candidates share (frozen, picklable).

    Attributes
    ----------
    brief, options, seed:
        What was asked for (a brand kit's logo already in the brief).
    theme, category:
        The resolved :class:`~adcraft.palette.themes.Theme` and library category.
    assessment, report:
        The photo's assessment and suitability report.
    cutout:
        The product's :class:`~adcraft.cutout.Cutout` (overlay text taken out).
    facts:
        What the design critic is told about the photo (:class:`~adcraft.critic.PhotoFacts`:
        kind, cut-out confidence, cut sides, palette, sale).
    photo_size:
        ``(width, height)`` of the working photo.
    palette, copy, variants:
        Theme colours of the product; the brief's copy and its variants.
    assets:
        :class:`~adcraft.document.AssetStore` with the cut-out, shadow, logo and (scenes) photo.
    product_src, shadow_src, logo_src, photo_src:
        Their asset names (``None`` when absent).
    shadow:
        The product's :class:`~adcraft.cutout.shadow.ContactShadow`, or ``None``.
    logo_aspect:
        The logo's width / height, or ``None``.
    scene:
        Saliency and busyness of a scene photo (:class:`~adcraft.layout.SceneInfo`), or ``None``.
    chain:
        The :class:`FontChain` of the copy.
    warnings:
        Notes for the user (photo checks, rejected copy variants, back-end failures).
    overlays_removed:
        Text overlays inpainted away.
    timings:
        Seconds per step (``load_assess``, ``cutout``, ``checks``, ``overlays``, ``palette_copy``).
    """

    brief: Brief
    options: GenerationOptions
    seed: int
    theme: Theme
    category: str | None
    assessment: Assessment
    report: PhotoReport
    cutout: Cutout
    facts: PhotoFacts
    photo_size: tuple[int, int]
    palette: Palette
    copy: CopyText
    variants: CopyVariants
    assets: AssetStore
    product_src: str
    shadow: ContactShadow | None
    shadow_src: str | None
    logo_src: str | None
    logo_aspect: float | None
    photo_src: str | None
    scene: SceneInfo | None
    chain: FontChain
    warnings: tuple[str, ...]
    overlays_removed: int
    timings: Mapping[str, float]

    @property
    def photo_first(self) -> bool:
        """True when the product must be shown in its photo, not cut out: a scene photo or a
        packshot whose cut-out is not :func:`trusted` (a trusted cut-out of a scene photo gets
        cut-out designs beside the photo-first ones)."""
        return self.scene is not None and not trusted(self.facts)

    @property
    def product_aspect(self) -> float:
        """The cut-out's width / height."""
        return self.cutout.rgba.shape[1] / self.cutout.rgba.shape[0]


HANDS_PART = 0.5
"""A cut-out whose ``hands`` confidence part is under this holds a hand: its skin is not the
product's colour."""


def _product_pixels(cut: Cutout) -> np.ndarray:
    """The cut-out's RGBA for the palette: without the skin of a hand holding the product (the
    ``hands`` part of its confidence, :func:`~adcraft.cutout.confidence.skin_mask`), unless
    that would leave under a fifth of it."""
    if cut.confidence.part("hands") >= HANDS_PART:
        return cut.rgba
    opaque = cut.rgba[..., 3] > 128
    keep = opaque & ~skin_mask(np.ascontiguousarray(cut.rgba[..., :3]))
    if keep.sum() < 0.2 * max(1, opaque.sum()):
        return cut.rgba
    out = cut.rgba.copy()
    out[..., 3] = np.where(keep, out[..., 3], 0)
    return out


def _without_frame(photo: LoadedImage) -> LoadedImage:
    """The photo without the thin frame lines some exports carry (:mod:`adcraft.assess.frame`)."""
    if photo.has_alpha:
        return photo
    pixels, removed = trim_frame(photo.pixels)
    if not any(removed):
        return photo
    return replace(photo, pixels=pixels, notes=(*photo.notes, f"frame lines removed (left, top, right, bottom px): {removed}"))


def inspect_photo(path: str, components: Components, timings: dict[str, float] | None = None, force: bool = False) -> PhotoInspection:
    """Load a photo, assess it, cut out its product, find its text and check it.

    Parameters
    ----------
    path:
        Photo path (JPEG/PNG/WebP).
    components:
        The loaded models.
    timings:
        When given, the seconds of ``load_assess``, ``cutout`` and ``checks`` are stored in it.
    force:
        When no product is found, say so even if the assessment rejects the photo (otherwise
        the assessment's reasons are given, :class:`~adcraft.errors.PhotoRejectedError`).

    Raises
    ------
    InputError
        If the photo cannot be read, is refused by the load limits, or shows no product.
    """
    times = timings if timings is not None else {}
    t = time.perf_counter()
    photo = _without_frame(load_image(path, components.limits))
    assessment = assess_image(photo.pixels)
    times["load_assess"] = time.perf_counter() - t
    t = time.perf_counter()
    try:
        cut = make_cutout(photo.pixels, assessment, components.segmenter)
    except InputError:
        # No product found: when the photo itself is unusable (all black, pure noise), say so.
        rgb = np.ascontiguousarray(photo.pixels[..., :3])
        reason = refusal(check_photo(rgb, assessment, np.zeros(rgb.shape[:2], np.float32), []))
        if reason is not None and not force:
            raise PhotoRejectedError(reason) from None
        raise
    times["cutout"] = time.perf_counter() - t
    t = time.perf_counter()
    rgb = np.ascontiguousarray(photo.pixels[..., :3])
    texts = components.text_detector.detect(rgb) if assessment.background is not BackgroundKind.TRANSPARENT else []
    report = check_photo(rgb, assessment, cut.alpha, texts)
    times["checks"] = time.perf_counter() - t
    return PhotoInspection(photo=photo, assessment=assessment, cutout=cut, texts=texts, report=report)


def prepare(
    brief: Brief, options: GenerationOptions, seed: int, components: Components, sizes: tuple[tuple[int, int], ...] = ()
) -> ProductAssets:
    """Everything the candidates of ``brief`` share (see the module docstring).

    Parameters
    ----------
    brief, options, seed:
        The brief, the run's options and its seed.
    components:
        The loaded models.
    sizes:
        The sizes that will be planned: a scene photo gets canvas mode's every-object saliency
        (one more segmentation pass) only when one of them has the photo's aspect.

    Raises
    ------
    InputError
        Unreadable, too small or too large photo or logo, no product found, a brand font that
        cannot be opened.
    PhotoRejectedError
        When the assessment rejects the photo (all black, pure noise…) and ``options.force``
        is not set; the message gives the reasons.
    """
    if options.brand is not None and options.brand.logo and not brief.logo:
        brief = brief.model_copy(update={"logo": options.brand.logo})
    timings: dict[str, float] = {}
    inspected = inspect_photo(brief.photo, components, timings, force=options.force)
    require_usable(inspected.report, force=options.force)
    t = time.perf_counter()
    cut, pixels, removed = _without_overlays(inspected, components.remove_overlays)
    timings["overlays"] = time.perf_counter() - t
    t = time.perf_counter()
    theme = THEMES.get(options.theme)
    variants, copy_warnings = _copy_variants(brief, options, theme)
    assets = AssetStore()
    shadow = contact_shadow(cut.rgba[..., 3], components.shadow_strength)
    logo_src, logo_aspect = _logo(brief, assets)
    palette = extract_palette(_product_pixels(cut), seed=seed)
    facts = photo_facts(pixels, cut, inspected.assessment, palette, brief)
    scene, photo_src = None, None
    if inspected.assessment.background is BackgroundKind.SCENE or not trusted(facts):
        rgb = np.ascontiguousarray(pixels[..., :3])
        photo_src = assets.add("photo", rgb)
        canvas = any(same_aspect(s, inspected.photo.size) for s in sizes)
        scene = scene_info(rgb, fast_segmenter(components.segmenter), cut.box, first=cut.saliency, objects=2 if canvas else 1,
                           backdrop=inspected.assessment.background is BackgroundKind.PLAIN,
                           cut=tuple(side in facts.cut_sides for side in ("left", "top", "right", "bottom")))  # type: ignore[arg-type]
    chain = _chain(brief, options, components)
    timings["palette_copy"] = time.perf_counter() - t
    return ProductAssets(
        brief=brief,
        options=options,
        seed=seed,
        theme=theme,
        category=category_of(brief),
        assessment=inspected.assessment,
        report=inspected.report,
        cutout=cut,
        facts=facts,
        photo_size=inspected.photo.size,
        palette=palette,
        copy=write_copy(brief),
        variants=variants,
        assets=assets,
        product_src=assets.add("cutout", cut.rgba),
        shadow=shadow,
        shadow_src=assets.add("shadow", shadow.rgba) if shadow is not None else None,
        logo_src=logo_src,
        logo_aspect=logo_aspect,
        photo_src=photo_src,
        scene=scene,
        chain=chain,
        warnings=inspected.photo.notes + cut.notes + _trust_note(cut) + tuple(i.message for i in inspected.report.issues) + copy_warnings,
        overlays_removed=removed,
        timings=timings,
    )


def _trust_note(cut: Cutout) -> tuple[str, ...]:
    """A user-readable note when the cut-out is not trusted (the photo will run whole)."""
    conf = cut.confidence
    if conf.reason is None:
        return ()
    whole = " The photo is used whole instead." if conf.low else ""
    return (f"cut-out confidence {conf.value:.2f}: {conf.reason}{whole}",)


def _without_overlays(inspected: PhotoInspection, remove: bool) -> tuple[Cutout, np.ndarray, int]:
    """The cut-out and photo with seller-overlaid text inpainted away (when asked and found)."""
    cut, pixels = inspected.cutout, inspected.photo.pixels
    if not remove or not inspected.texts:
        return cut, pixels, 0
    removal = remove_overlays(np.ascontiguousarray(pixels[..., :3]), cut.alpha, inspected.texts)
    if not removal.removed:
        return cut, pixels, 0
    return cut.with_alpha(removal.alpha, cut.method + "+overlays-removed"), removal.pixels, len(removal.removed)


def _copy_variants(brief: Brief, options: GenerationOptions, theme: Theme) -> tuple[CopyVariants, tuple[str, ...]]:
    variants = write_variants(brief, theme.occasion)
    warnings = [f"copy variant rejected ({why}): {text!r}" for text, why in variants.rejected]
    if options.llm is not None:
        variants, why = options.llm.variants(brief, variants, theme.occasion)
        if why:
            warnings.append(why)
    return variants, tuple(warnings)


def _logo(brief: Brief, assets: AssetStore) -> tuple[str | None, float | None]:
    if not brief.logo:
        return None, None
    logo = load_image(brief.logo, LoadLimits(min_short_side=16, max_work_side=1024))
    px = logo.pixels
    if px.shape[2] != 4:
        px = np.dstack([px, np.full(px.shape[:2], 255, np.uint8)])
    return assets.add("logo", px), px.shape[1] / px.shape[0]


def _chain(brief: Brief, options: GenerationOptions, components: Components) -> FontChain:
    fallback = "sans-zh" if brief.lang == "zh" else "sans"
    brand = options.brand
    if brand is None or not brand.fonts:
        return FontChain(fallback)
    chain = FontChain(f"brand:{brand.name}", tuple(brand.fonts), fallback)
    components.fonts.ensure_chain(chain.name, chain.files, chain.fallback)  # fonts that cannot open fail here
    return chain
