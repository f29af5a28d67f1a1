"""The main job: one photo and brief in, ranked creatives in every requested size out.

Stages (each its own module): load → assess → cut-out → palette → copy → layout → compose
(background, colours, render) → score → rank.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from adcraft.assess import Assessment, BackgroundKind, assess_image
from adcraft.assess.quality import PhotoReport, check_photo
from adcraft.assess.refusal import require_usable
from adcraft.assess.text import TextBox, TextDetector
from adcraft.background.extend import extend_scene
from adcraft.background.library import AssetLibrary, BaseRequest, choose_base, place_decorations
from adcraft.brief import Brief
from adcraft.compose import StyleChoice, compose
from adcraft.copy import CopyText, write_copy
from adcraft.copy.variants import CopyVariants, pick_copy, write_variants
from adcraft.cutout import Cutout, Segmenter, make_cutout, new_segmenter
from adcraft.cutout.overlay import remove_overlays
from adcraft.cutout.shadow import contact_shadow
from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import InputError
from adcraft.io import LoadedImage, LoadLimits, load_image
from adcraft.layout import (
    DEFAULT_SIZES,
    LayoutInfeasible,
    LayoutInput,
    LayoutParams,
    LayoutPlan,
    families_for,
)
from adcraft.layout.canvas import same_aspect, scene_info
from adcraft.layout.control import LayoutControl
from adcraft.layout.diversity import farthest_first, mean_pairwise_distance, plan_elements
from adcraft.layout.families import Family
from adcraft.layout.template import fill_template
from adcraft.palette import ColourScheme, Palette, extract_palette, make_scheme
from adcraft.palette.colour import from_hex
from adcraft.palette.themes import THEMES, Theme, scheme_from_colours
from adcraft.render import Renderer
from adcraft.score import ScoreInput, score_creative
from adcraft.typography import FontLibrary

ProgressCallback = Callable[[str, int, int], None]
"""``(stage, done, total)``: called as work advances; only front-ends draw progress bars."""


#: Product categories the designer library and diffusion prompts know (file-name prefixes of
#: the evaluation data); a brief's free-text category is matched against them.
CATEGORIES = ("apparel", "cosmetics", "electronics", "food_drink", "furniture_home", "shoes", "toys")


@dataclass(frozen=True)
class GenerationOptions:
    """Look-and-feel options of a generation run (all optional).

    Attributes
    ----------
    theme:
        A name in :data:`adcraft.palette.themes.THEMES` (``everyday``, ``minimal``, ``bold``,
        ``premium``, ``sale``, ``christmas``, ``spring_festival``, ``singles_day``).
    brand:
        A :class:`~adcraft.palette.brand.BrandKit`: its colours replace derived ones, its fonts
        set the copy, its logo is used when the brief has none.
    library:
        Designer asset library; ``None`` uses the one shipped with adcraft; ``False`` none.
    reference:
        A :class:`~adcraft.background.reference.ReferenceStyle` (see
        :meth:`Engine.read_reference`): half of the candidates of each size take its palette,
        background treatment and composition.
    llm:
        An :class:`~adcraft.copy.llm.LLMConfig`; more copy variants from that endpoint.
    backdrop:
        A :class:`~adcraft.background.diffusion.DiffusionBackdrop`; the best-planned candidate
        of each size gets a generated background.
    extension:
        Scene extension method (:data:`adcraft.background.extend.EXTENDERS`).
    force:
        Generate even from a photo that the assessment rejects (else ``PhotoRejectedError``).
    """

    theme: str = "everyday"
    brand: object | None = None
    library: AssetLibrary | None | bool = None
    reference: object | None = None
    llm: object | None = None
    backdrop: object | None = None
    extension: str = "mirror_blur"
    force: bool = False


def category_of(brief: Brief) -> str | None:
    """The library category of ``brief`` (its ``category`` or the photo's file-name prefix)."""
    for text in (brief.category or "", brief.photo.rsplit("/", 1)[-1].split("__")[0]):
        t = text.lower().replace(" ", "_").replace("&", "").replace("-", "_")
        for c in CATEGORIES:
            if c == t or c in t or t in c.split("_") and t:
                return c
    return None


@dataclass(frozen=True)
class Creative:
    """One ranked creative.

    Attributes
    ----------
    id:
        Stable id: size and a hash of the document.
    size:
        ``(width, height)``.
    rank:
        1 is best within its size.
    document:
        The :class:`~adcraft.document.DesignDocument`.
    image:
        Rendered ``uint8`` ``(H, W, 3)`` sRGB pixels.
    score:
        Weighted design-quality score in ``[0, 1]``.
    terms:
        Every score term (see :mod:`adcraft.score.terms`).
    contrasts:
        Measured WCAG contrast ratio of each text.
    notes:
        Decisions worth knowing (dropped sub-line, underlay…).
    """

    id: str
    size: tuple[int, int]
    rank: int
    document: DesignDocument
    image: np.ndarray
    score: float
    terms: dict[str, float]
    contrasts: tuple[float, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """A candidate that could not be made, and why."""

    size: tuple[int, int]
    family: str
    reason: str


@dataclass(frozen=True)
class PhotoInspection:
    """What :meth:`Engine.inspect` found in one photo."""

    photo: LoadedImage
    assessment: Assessment
    cutout: Cutout
    texts: list[TextBox]
    report: PhotoReport


@dataclass(frozen=True)
class GenerationResult:
    """Everything :func:`generate` produced for one brief."""

    brief: Brief
    creatives: tuple[Creative, ...]
    rejected: tuple[Rejection, ...]
    assessment: Assessment
    cutout_method: str
    palette: Palette
    copy: CopyText
    assets: AssetStore
    timings: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    photo_report: PhotoReport | None = None
    overlays_removed: int = 0
    diversity: dict[tuple[int, int], float] = field(default_factory=dict)
    variants: CopyVariants | None = None

    def for_size(self, size: tuple[int, int]) -> list[Creative]:
        """Creatives of one size, best first."""
        return [c for c in self.creatives if c.size == size]


def _sample_params(rng: np.random.Generator, family: str) -> LayoutParams:
    return LayoutParams(
        family=family,
        align=str(rng.choice(["left", "left", "center"])),  # type: ignore[arg-type]
        split=float(rng.choice([0.44, 0.5, 0.56])),
        product_scale=float(rng.choice([0.84, 0.92, 0.98])),
        side=str(rng.choice(["auto", "auto", "start", "end"])),  # type: ignore[arg-type]
    )


def _style_for(plan: LayoutPlan, rng: np.random.Generator, seed: int, styles: tuple[str, ...]) -> StyleChoice:
    """A background style among ``styles`` whose parameters follow the layout: every style gets
    the product box (``pl..pb``) and text block (``tl..tb``) as canvas fractions, and some
    place their light or split by them (glow behind the product…)."""
    W, H = plan.size
    name = str(rng.choice(list(styles)))
    params: dict[str, float] = {}
    region = plan.text_region
    if region is not None:
        params.update(tl=region[0] / W, tt=region[1] / H, tr=region[2] / W, tb=region[3] / H)
    if plan.product_box is not None:
        l, t, r, b = plan.product_box
        params.update(pl=l / W, pt=t / H, pr=r / W, pb=b / H)
        cx, cy = (l + r) / 2 / W, (t + b) / 2 / H
        if name in ("radial_gradient", "sale_burst"):
            params.update(cx=cx, cy=cy)
        elif name == "spotlight":
            params.update(cx=cx, floor=min(0.95, b / H))
        elif name in ("split_block", "diagonal_split"):
            horizontal = W >= H
            if horizontal:
                edge = (r / W + 0.02) if cx < 0.5 else (l / W - 0.02)
                params.update(split=float(np.clip(edge, 0.2, 0.8)), flip=1.0 if cx < 0.5 else 0.0)
            else:
                params.update(split=float(np.clip((t + b) / 2 / H, 0.3, 0.7)), flip=0.0)
    if name == "linear_gradient":
        params["angle"] = float(rng.choice([90.0, 60.0, 120.0, 0.0]))
    elif name == "soft_shapes":
        params["count"] = float(rng.integers(3, 6))
    return StyleChoice(background=name, params=params, seed=int(seed))


def _keepout(plan: LayoutPlan) -> list[tuple[int, int, int, int]]:
    boxes = [t.box for t in plan.texts] + [b for b in (plan.product_box, plan.button, plan.logo_box) if b is not None]
    region = plan.text_region
    if region is not None:
        boxes.append(region)
    return boxes


class Engine:
    """Holds the models and fonts; call :meth:`generate` for each brief.

    Parameters
    ----------
    segmenter:
        A :class:`~adcraft.cutout.Segmenter`; U²-Netp when ``None``.
    limits:
        Image load limits.
    shadow_strength:
        Opacity of the contact shadow under cut-out products, ``0..1`` (0 = none).
    remove_overlays:
        Inpaint text that a seller overlaid on the photo (off the product) before composing;
        ``False`` keeps it.

    Raises
    ------
    InputError
        If ``shadow_strength`` is outside ``0..1``.
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        limits: LoadLimits | None = None,
        *,
        shadow_strength: float = 0.6,
        remove_overlays: bool = True,
    ) -> None:
        if not 0.0 <= shadow_strength <= 1.0:
            raise InputError(f"shadow_strength must be within 0..1 (0 = no contact shadow), got {shadow_strength}")
        self.shadow_strength = shadow_strength
        self.remove_overlays = remove_overlays
        self.text_detector = TextDetector()
        self.segmenter = segmenter or new_segmenter("u2netp")
        self.fonts = FontLibrary()
        self.renderer = Renderer(self.fonts)
        self.limits = limits or LoadLimits()
        self._library: AssetLibrary | None = None

    @property
    def library(self) -> AssetLibrary:
        """The designer asset library shipped with adcraft (loaded on first use)."""
        if self._library is None:
            self._library = AssetLibrary()
        return self._library

    def read_reference(self, path: str):
        """Analyse a reference ad image (:func:`adcraft.background.reference.analyse_reference`).

        Raises
        ------
        InputError
            If the image cannot be read or is refused by the load limits.
        """
        from adcraft.background.reference import analyse_reference

        img = load_image(path, LoadLimits(min_short_side=64, max_work_side=1600))
        return analyse_reference(np.ascontiguousarray(img.pixels[..., :3]), self.segmenter, self.text_detector)

    def inspect(self, path: str, timings: dict[str, float] | None = None) -> PhotoInspection:
        """Load a photo, assess it, cut out its product, find its text and check it.

        Parameters
        ----------
        path:
            Photo path (JPEG/PNG/WebP).
        timings:
            When given, the seconds of ``load_assess``, ``cutout`` and ``checks`` are stored in it.

        Returns
        -------
        PhotoInspection

        Raises
        ------
        InputError
            If the photo cannot be read, is refused by the load limits, or shows no product.
        """
        times = timings if timings is not None else {}
        t = time.perf_counter()
        photo = load_image(path, self.limits)
        assessment = assess_image(photo.pixels)
        times["load_assess"] = time.perf_counter() - t
        t = time.perf_counter()
        cut = make_cutout(photo.pixels, assessment, self.segmenter)
        times["cutout"] = time.perf_counter() - t
        t = time.perf_counter()
        rgb = np.ascontiguousarray(photo.pixels[..., :3])
        texts = self.text_detector.detect(rgb) if assessment.background is not BackgroundKind.TRANSPARENT else []
        report = check_photo(rgb, assessment, cut.alpha, texts)
        times["checks"] = time.perf_counter() - t
        return PhotoInspection(photo=photo, assessment=assessment, cutout=cut, texts=texts, report=report)

    def generate(
        self,
        brief: Brief,
        sizes: Sequence[tuple[int, int]] = DEFAULT_SIZES,
        count: int = 8,
        seed: int = 0,
        on_progress: ProgressCallback | None = None,
        control: LayoutControl | None = None,
        options: GenerationOptions | None = None,
    ) -> GenerationResult:
        """Make ``count`` ranked candidates for each size.

        Parameters
        ----------
        brief:
            The :class:`~adcraft.brief.Brief`.
        sizes:
            ``(width, height)`` pairs.
        count:
            Candidates per size (1..32).
        seed:
            Seed of every random choice; the same brief and seed give the same pixels.
        on_progress:
            Optional :data:`ProgressCallback`.
        control:
            Locked boxes, hidden or edited elements and relations
            (:class:`~adcraft.layout.control.LayoutControl`), applied to every size; locked
            boxes are in each size's pixels, so lock with one size at a time.
        options:
            Theme, brand kit, designer library, reference style, LLM copy, diffusion
            backdrop (:class:`GenerationOptions`).

        Returns
        -------
        GenerationResult
            Up to ``count`` creatives per size, chosen among 3x as many layouts to be as
            different as possible (farthest-first); ``diversity`` holds their mean pairwise
            layout distance per size.

        Raises
        ------
        InputError
            Unreadable/too small/too large photo or logo, no product found, bad options.
        """
        if not 1 <= count <= 32:
            raise InputError(f"count must be within 1..32, got {count}")
        if not sizes:
            raise InputError("no sizes requested; give at least one, e.g. 1200x628")
        progress = on_progress or (lambda stage, done, total: None)
        control = control if control is not None and control.active else None
        opts = options or GenerationOptions()
        theme: Theme = THEMES.get(opts.theme)
        library = None if opts.library is False else (opts.library if isinstance(opts.library, AssetLibrary) else self.library)
        brand = opts.brand
        if brand is not None and brand.logo and not brief.logo:
            brief = brief.model_copy(update={"logo": brand.logo})
        category = category_of(brief)
        timings: dict[str, float] = {}
        t0 = time.perf_counter()

        progress("cut-out", 0, 1)
        inspected = self.inspect(brief.photo, timings)
        require_usable(inspected.report, force=opts.force)
        photo, assessment, cut, report = inspected.photo, inspected.assessment, inspected.cutout, inspected.report
        t = time.perf_counter()
        pixels = photo.pixels
        n_overlays = 0
        if self.remove_overlays and inspected.texts:
            removal = remove_overlays(np.ascontiguousarray(pixels[..., :3]), cut.alpha, inspected.texts)
            if removal.removed:
                n_overlays = len(removal.removed)
                cut = cut.with_alpha(removal.alpha, cut.method + "+overlays-removed")
                pixels = removal.pixels
        timings["overlays"] = time.perf_counter() - t

        t = time.perf_counter()
        palette = extract_palette(cut.rgba, seed=seed)
        copy = write_copy(brief)
        variants = write_variants(brief, theme.occasion)
        warnings: list[str] = [f"copy variant rejected ({why}): {text!r}" for text, why in variants.rejected]
        if opts.llm is not None:
            from adcraft.copy.llm import llm_variants

            variants, why = llm_variants(brief, variants, opts.llm, theme.occasion)  # type: ignore[arg-type]
            if why:
                warnings.append(why)
        assets = AssetStore()
        product_src = assets.add("cutout", cut.rgba)
        shadow = contact_shadow(cut.rgba[..., 3], self.shadow_strength)
        shadow_src = assets.add("shadow", shadow.rgba) if shadow is not None else None
        logo_src, logo_aspect = None, None
        if brief.logo:
            logo = load_image(brief.logo, LoadLimits(min_short_side=16, max_work_side=1024))
            lp = logo.pixels if logo.pixels.shape[2] == 4 else np.dstack([logo.pixels, np.full(logo.pixels.shape[:2], 255, np.uint8)])
            logo_src = assets.add("logo", lp)
            logo_aspect = lp.shape[1] / lp.shape[0]
        scene = None
        photo_src = None
        if assessment.background is BackgroundKind.SCENE:
            photo_src = assets.add("photo", np.ascontiguousarray(pixels[..., :3]))
            # Every object's saliency (one more pass) only where canvas mode can run.
            canvas = any(same_aspect(s, photo.size) for s in sizes)
            scene = scene_info(np.ascontiguousarray(pixels[..., :3]), self.segmenter, cut.box, first=cut.saliency, objects=2 if canvas else 1)
        timings["palette_copy"] = time.perf_counter() - t
        progress("cut-out", 1, 1)

        chain = "sans-zh" if brief.lang == "zh" else "sans"
        if brand is not None and brand.fonts:
            chain = self.fonts.add_chain(f"brand:{brand.name}", list(brand.fonts), fallback=chain)
        product_aspect = cut.rgba.shape[1] / cut.rgba.shape[0]
        reference = opts.reference
        ref_family = None
        if reference is not None:
            tpl = reference.template()  # type: ignore[attr-defined]
            if tpl is not None:
                ref_family = Family("reference", frozenset(), lambda inp, params, fonts, tpl=tpl: fill_template(tpl, inp, params, fonts))
        extended: dict[tuple[int, int, int, int], str] = {}

        def extend_photo(pads):
            key = tuple(pads)
            if key not in extended:
                ext = extend_scene(np.ascontiguousarray(pixels[..., :3]), key, opts.extension, seed=seed, product_alpha=cut.alpha)
                extended[key] = assets.add("photo-extended", ext)
            return extended[key]

        creatives: list[Creative] = []
        rejected: list[Rejection] = []
        diversity: dict[tuple[int, int], float] = {}
        t_layout = t_compose = t_score = 0.0
        total = len(sizes) * count
        done = 0
        for size in sizes:
            rng = np.random.default_rng([seed, size[0], size[1]])
            families = families_for(size, scene)
            if ref_family is not None:
                families = [ref_family, *families] if families else [ref_family]
            if not families:
                rejected.append(Rejection(size, "-", "no layout family designs for this aspect ratio"))
                continue
            # Plan up to 3x the candidates (cheap), keep the `count` most different, compose those.
            t = time.perf_counter()
            planned: list[tuple[LayoutPlan, LayoutParams, str, str, int]] = []
            seen: set[str] = set()
            for attempt in range(count * 3):
                # the reference composition gets every other attempt
                family = ref_family if ref_family is not None and attempt % 2 == 0 else families[attempt % len(families)]
                params = _sample_params(rng, family.name)
                harmony = str(rng.choice(list(theme.harmonies)))
                tone = str(rng.choice(list(theme.tones)))
                cand_seed = int(rng.integers(0, 2**31 - 1))
                cand_copy = pick_copy(variants, size, rng)
                inp = LayoutInput(size=size, copy=cand_copy, chain=chain, product_aspect=product_aspect, logo_aspect=logo_aspect, scene=scene)
                if control is not None:
                    inp = control.apply(inp)
                try:
                    plan = family.fn(inp, params, self.fonts)
                    if control is not None:
                        plan = control.solve(plan)
                except LayoutInfeasible as exc:
                    rejected.append(Rejection(size, family.name, str(exc)))
                    continue
                key = json.dumps([plan.family, plan.product_box, [(p.box, p.fitted.text) for p in plan.texts], harmony, tone])
                if key not in seen:
                    seen.add(key)
                    planned.append((plan, params, harmony, tone, cand_seed))
            elements = [plan_elements(p[0]) for p in planned]
            picked = farthest_first(elements, size, count)
            diversity[size] = mean_pairwise_distance([elements[i] for i in picked], size)
            t_layout += time.perf_counter() - t
            made: list[Creative] = []
            for n_cand, (plan, params, harmony, tone, cand_seed) in enumerate(planned[i] for i in picked):
                cand_rng = np.random.default_rng(cand_seed)
                t = time.perf_counter()
                style, scheme, look = self._look(plan, cand_rng, cand_seed, theme, opts, palette, harmony, tone, category, library, assets)
                if opts.backdrop is not None and n_cand == 0 and plan.product_box is not None and plan.photo_crop is None:
                    generated = opts.backdrop.generate(size, cut.rgba, plan.product_box, category=category, theme=theme.name, seed=cand_seed)  # type: ignore[attr-defined]
                    style = replace(style, background="image", image_src=assets.add("generated", generated), texture_opacity=0.0)
                    look["background"] = "diffusion"
                meta = {
                    "family": plan.family,
                    "align": params.align,
                    "background": "photo" if plan.photo_crop else style.background,
                    "harmony": scheme.harmony,
                    "tone": scheme.tone,
                    "theme": theme.name,
                    "seed": cand_seed,
                    **look,
                }
                comp = compose(
                    plan, scheme, style, chain, assets, self.renderer,
                    product_src=product_src, photo_src=photo_src, logo_src=logo_src, meta=meta,
                    shadow=shadow, shadow_src=shadow_src, extend_photo=extend_photo,
                )
                image = np.asarray(comp.image.convert("RGB"))
                t_compose += time.perf_counter() - t
                t = time.perf_counter()
                alpha = self.renderer.product_alpha(comp.document, assets)
                boxes = tuple((p.role, p.box) for p in plan.texts)
                if plan.button:
                    boxes += (("button", plan.button),)
                if plan.logo_box:
                    boxes += (("logo", plan.logo_box),)
                score, terms = score_creative(
                    ScoreInput(size=size, product_alpha=alpha, product_box=plan.product_box, boxes=boxes, contrasts=comp.contrasts)
                )
                t_score += time.perf_counter() - t
                digest = hashlib.sha1(comp.document.model_dump_json().encode()).hexdigest()[:10]
                made.append(
                    Creative(
                        id=f"{size[0]}x{size[1]}-{digest}",
                        size=size,
                        rank=0,
                        document=comp.document,
                        image=image,
                        score=score,
                        terms=terms,
                        contrasts=comp.contrasts,
                        notes=comp.notes,
                    )
                )
                done += 1
                progress("creatives", done, total)
            made.sort(key=lambda c: (-c.score, c.id))
            creatives.extend(replace(c, rank=i + 1) for i, c in enumerate(made))
        timings["layout"] = t_layout
        timings["compose_render"] = t_compose
        timings["score"] = t_score
        timings["total"] = time.perf_counter() - t0
        return GenerationResult(
            brief=brief,
            creatives=tuple(creatives),
            rejected=tuple(rejected),
            assessment=assessment,
            cutout_method=cut.method,
            palette=palette,
            copy=copy,
            assets=assets,
            timings=timings,
            warnings=photo.notes + tuple(i.message for i in report.issues) + tuple(warnings),
            photo_report=report,
            overlays_removed=n_overlays,
            diversity=diversity,
            variants=variants,
        )

    def _look(
        self,
        plan: LayoutPlan,
        rng: np.random.Generator,
        seed: int,
        theme: Theme,
        opts: GenerationOptions,
        palette: Palette,
        harmony: str,
        tone: str,
        category: str | None,
        library: AssetLibrary | None,
        assets: AssetStore,
    ) -> tuple[StyleChoice, ColourScheme, dict]:
        """Background style, colours and library elements of one candidate.

        Precedence of colours: reference (for reference-composed candidates) > brand kit >
        theme palette > the product's harmony scheme. Library backgrounds replace the
        procedural style on a quarter of everyday/minimal/premium candidates; textures and
        decorations are added where the library's rules allow.
        """
        look: dict = {}
        ref = opts.reference if plan.family == "reference" else None
        if ref is not None:
            bg, alt, accent = (from_hex(c)[:3] for c in ref.colours)  # type: ignore[attr-defined]
            scheme = scheme_from_colours(bg, alt, accent, harmony="reference")
            style = _style_for(plan, rng, seed, (ref.style,))  # type: ignore[attr-defined]
            style = replace(style, params={**style.params, **ref.params})  # type: ignore[attr-defined]
            look["reference"] = ref.treatment  # type: ignore[attr-defined]
            return style, scheme, look
        if opts.brand is not None:
            scheme = opts.brand.scheme(tone)  # type: ignore[attr-defined]
        else:
            scheme = theme.fixed_scheme() or make_scheme(palette, harmony, tone)  # type: ignore[arg-type]
        style = _style_for(plan, rng, seed, theme.styles)
        if library is None or plan.photo_crop is not None:
            return style, scheme, look
        request = BaseRequest(category=category, usage=theme.usage, occasion=theme.occasion, tone=scheme.tone)
        base = choose_base(library, request, rng, background=theme.usage == "daily" and opts.brand is None and rng.random() < 0.25)
        if base.background is not None:
            style = replace(style, background="image", image_src=assets.add("library", library.pixels(base.background)))
            look["library_background"] = base.background.id
        if base.texture is not None and style.background != "image":
            t = base.texture.tags
            style = replace(style, texture_src=assets.add("texture", library.pixels(base.texture)), texture_blend=t.blend, texture_opacity=t.opacity)
            look["texture"] = base.texture.id
        placed = place_decorations(base.decorations, plan.size, _keepout(plan), rng)
        decos = []
        for asset, box in placed:
            px = library.pixels(asset)
            if asset.tags.kind == "mask":  # tinted with the accent (or the text colour on the accent's own tone)
                ink = scheme.accent
                px = np.dstack([np.full(px.shape + (3,), ink, np.uint8), (px.astype(np.float32) * 0.85).astype(np.uint8)])
            decos.append((assets.add("decoration", px), box))
        if decos:
            style = replace(style, decorations=tuple(decos))
            look["decorations"] = [a.id for a, _ in placed]
        return style, scheme, look


def generate(
    brief: Brief,
    sizes: Sequence[tuple[int, int]] = DEFAULT_SIZES,
    count: int = 8,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    engine: Engine | None = None,
    control: LayoutControl | None = None,
    options: GenerationOptions | None = None,
) -> GenerationResult:
    """Ranked creatives for ``brief`` in every size; see :meth:`Engine.generate`.

    Creates an :class:`Engine` (loading U²-Netp) when none is given; pass one to reuse the
    model across briefs.
    """
    return (engine or Engine()).generate(brief, sizes=sizes, count=count, seed=seed, on_progress=on_progress, control=control, options=options)
