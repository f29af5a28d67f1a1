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
from adcraft.assess.text import TextBox, TextDetector
from adcraft.background import STYLES
from adcraft.brief import Brief
from adcraft.compose import StyleChoice, compose
from adcraft.copy import CopyText, write_copy
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
from adcraft.palette import HARMONIES, Palette, extract_palette, make_scheme
from adcraft.render import Renderer
from adcraft.score import ScoreInput, score_creative
from adcraft.typography import FontLibrary

ProgressCallback = Callable[[str, int, int], None]
"""``(stage, done, total)``: called as work advances; only front-ends draw progress bars."""


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


def _style_for(plan: LayoutPlan, rng: np.random.Generator, seed: int) -> StyleChoice:
    """A background style whose parameters follow the layout (glow behind the product…)."""
    W, H = plan.size
    name = str(rng.choice(STYLES.names()))
    params: dict[str, float] = {}
    if plan.product_box is not None:
        l, t, r, b = plan.product_box
        cx, cy = (l + r) / 2 / W, (t + b) / 2 / H
        if name in ("radial_gradient",):
            params = {"cx": cx, "cy": cy}
        elif name == "spotlight":
            params = {"cx": cx, "floor": min(0.95, b / H)}
        elif name == "split_block":
            horizontal = W >= H
            if horizontal:
                edge = (r / W + 0.02) if cx < 0.5 else (l / W - 0.02)
                params = {"split": float(np.clip(edge, 0.2, 0.8)), "flip": 1.0 if cx < 0.5 else 0.0}
            else:
                params = {"split": float(np.clip((t + b) / 2 / H, 0.3, 0.7)), "flip": 0.0}
        elif name == "linear_gradient":
            params = {"angle": float(rng.choice([90.0, 60.0, 120.0, 0.0]))}
        elif name == "soft_shapes":
            params = {"count": float(rng.integers(3, 6))}
    return StyleChoice(background=name, params=params, seed=int(seed))


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
        timings: dict[str, float] = {}
        t0 = time.perf_counter()

        progress("cut-out", 0, 1)
        inspected = self.inspect(brief.photo, timings)
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
        product_aspect = cut.rgba.shape[1] / cut.rgba.shape[0]
        creatives: list[Creative] = []
        rejected: list[Rejection] = []
        diversity: dict[tuple[int, int], float] = {}
        t_layout = t_compose = t_score = 0.0
        total = len(sizes) * count
        done = 0
        for size in sizes:
            rng = np.random.default_rng([seed, size[0], size[1]])
            families = families_for(size, scene)
            if not families:
                rejected.append(Rejection(size, "-", "no layout family designs for this aspect ratio"))
                continue
            inp = LayoutInput(size=size, copy=copy, chain=chain, product_aspect=product_aspect, logo_aspect=logo_aspect, scene=scene)
            if control is not None:
                inp = control.apply(inp)
            # Plan up to 3x the candidates (cheap), keep the `count` most different, compose those.
            t = time.perf_counter()
            planned: list[tuple[LayoutPlan, LayoutParams, str, str, int]] = []
            seen: set[str] = set()
            for attempt in range(count * 3):
                family = families[attempt % len(families)]
                params = _sample_params(rng, family.name)
                harmony = str(rng.choice(HARMONIES.names()))
                tone = "dark" if rng.random() < 0.3 else "light"
                cand_seed = int(rng.integers(0, 2**31 - 1))
                try:
                    plan = family.fn(inp, params, self.fonts)
                    if control is not None:
                        plan = control.solve(plan)
                except LayoutInfeasible as exc:
                    rejected.append(Rejection(size, family.name, str(exc)))
                    continue
                key = json.dumps([plan.family, plan.product_box, [p.box for p in plan.texts], harmony, tone])
                if key not in seen:
                    seen.add(key)
                    planned.append((plan, params, harmony, tone, cand_seed))
            elements = [plan_elements(p[0]) for p in planned]
            picked = farthest_first(elements, size, count)
            diversity[size] = mean_pairwise_distance([elements[i] for i in picked], size)
            t_layout += time.perf_counter() - t
            made: list[Creative] = []
            for plan, params, harmony, tone, cand_seed in (planned[i] for i in picked):
                style = _style_for(plan, np.random.default_rng(cand_seed), cand_seed)
                scheme = make_scheme(palette, harmony, tone)  # type: ignore[arg-type]
                t = time.perf_counter()
                meta = {
                    "family": plan.family,
                    "align": params.align,
                    "background": "photo" if plan.photo_crop else style.background,
                    "harmony": harmony,
                    "tone": tone,
                    "seed": cand_seed,
                }
                comp = compose(
                    plan, scheme, style, chain, assets, self.renderer,
                    product_src=product_src, photo_src=photo_src, logo_src=logo_src, meta=meta,
                    shadow=shadow, shadow_src=shadow_src,
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
            warnings=photo.notes + tuple(i.message for i in report.issues),
            photo_report=report,
            overlays_removed=n_overlays,
            diversity=diversity,
        )


def generate(
    brief: Brief,
    sizes: Sequence[tuple[int, int]] = DEFAULT_SIZES,
    count: int = 8,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    engine: Engine | None = None,
    control: LayoutControl | None = None,
) -> GenerationResult:
    """Ranked creatives for ``brief`` in every size; see :meth:`Engine.generate`.

    Creates an :class:`Engine` (loading U²-Netp) when none is given; pass one to reuse the
    model across briefs.
    """
    return (engine or Engine()).generate(brief, sizes=sizes, count=count, seed=seed, on_progress=on_progress, control=control)
