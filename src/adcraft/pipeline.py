"""The main job: one photo and brief in, ranked creatives in every requested size out.

:class:`Engine` loads the models once and runs the declared stages of :mod:`adcraft.stages`:
``prepare`` (once per product) → ``plan`` (once per size) → ``realise`` (once per candidate)
→ ``rank``. Each stage can also be called on its own, e.g. to realise the candidates of one
product in several worker processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from adcraft.assess import Assessment
from adcraft.assess.quality import PhotoReport
from adcraft.assess.text import TextDetector
from adcraft.brief import Brief
from adcraft.copy import CopyText
from adcraft.copy.variants import CopyVariants
from adcraft.critic import PhotoFacts
from adcraft.cutout import Segmenter
from adcraft.cutout.ensemble import default_segmenter
from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import AdcraftError, InputError, StageError
from adcraft.io import LoadLimits, load_image
from adcraft.layout import DEFAULT_SIZES, layout_families
from adcraft.layout.control import LayoutControl
from adcraft.layout.template import Template
from adcraft.palette import Palette
from adcraft.render import Renderer
from adcraft.stages import (
    Candidate,
    Components,
    Creative,
    GenerationOptions,
    PhotoInspection,
    ProductAssets,
    Rejection,
    SizePlan,
    campaign,
    inspect_photo,
    plan,
    prepare,
    rank,
    realise,
)
from adcraft.stages.components import fast_segmenter
from adcraft.stages.prepare import CATEGORIES, category_of
from adcraft.typography import FontLibrary

if TYPE_CHECKING:
    from adcraft.motion.video import VideoSettings

ProgressCallback = Callable[[str, int, int], None]
"""``(stage, done, total)``: called as work advances; only front-ends draw progress bars."""

__all__ = [
    "CATEGORIES",
    "Creative",
    "Engine",
    "GenerationOptions",
    "GenerationResult",
    "PhotoInspection",
    "ProgressCallback",
    "Rejection",
    "category_of",
    "generate",
]


@dataclass(frozen=True)
class GenerationResult:
    """Everything :meth:`Engine.generate` produced for one brief.

    ``assets`` holds every image the creatives' documents name; ``timings`` the seconds of each
    step (``load_assess``, ``cutout``, ``checks``, ``overlays``, ``palette_copy``, ``layout``,
    ``compose_render``, ``score``, ``total``); ``diversity`` the mean pairwise layout distance
    of each size's creatives (0..1).
    """

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
    facts: PhotoFacts | None = None

    @classmethod
    def of(
        cls, assets: ProductAssets, creatives: list[Creative], rejected: list[Rejection],
        diversity: dict[tuple[int, int], float], timings: dict[str, float],
    ) -> GenerationResult:
        """The result of a run over a prepared product; its asset store holds every image the
        creatives name (the product's and each creative's own)."""
        store = assets.assets.layer()
        for c in creatives:
            store.merge(dict(c.new_assets))
        return cls(
            brief=assets.brief, creatives=tuple(creatives), rejected=tuple(rejected), assessment=assets.assessment,
            cutout_method=assets.cutout.method, palette=assets.palette, copy=assets.copy, assets=store,
            timings=timings, warnings=assets.warnings, photo_report=assets.report,
            overlays_removed=assets.overlays_removed, diversity=diversity, variants=assets.variants, facts=assets.facts,
        )

    def for_size(self, size: tuple[int, int]) -> list[Creative]:
        """Creatives of one size, best first."""
        return [c for c in self.creatives if c.size == size]


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Let adcraft's own errors through; turn any other exception into a :class:`StageError`
    that names the stage (a front-end prints it in one line, never as a traceback)."""
    try:
        yield
    except AdcraftError:
        raise
    except Exception as exc:
        raise StageError(name, exc) from exc


class Engine:
    """Holds the models and fonts; call :meth:`generate` for each brief.

    Parameters
    ----------
    segmenter:
        A :class:`~adcraft.cutout.Segmenter`; when ``None``, the two-model segmenter
        (:func:`adcraft.cutout.ensemble.default_segmenter`: U²-Net and U²-Netp combined per photo
        when the U²-Net weights are installed, U²-Netp alone otherwise).
    limits:
        Image load limits.
    shadow_strength:
        Opacity of the contact shadow under cut-out products, ``0..1`` (0 = none).
    remove_overlays:
        Inpaint text that a seller overlaid on the photo (off the product) before composing;
        ``False`` keeps it.
    templates:
        Designer templates (:func:`adcraft.layout.template.load_template`) to design with
        besides the shipped ones, as layout families ``template:<name>``.

    Raises
    ------
    InputError
        If ``shadow_strength`` is outside ``0..1`` or two templates share a name.
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        limits: LoadLimits | None = None,
        *,
        shadow_strength: float = 0.6,
        remove_overlays: bool = True,
        templates: Sequence[Template] = (),
    ) -> None:
        if not 0.0 <= shadow_strength <= 1.0:
            raise InputError(f"shadow_strength must be within 0..1 (0 = no contact shadow), got {shadow_strength}")
        try:
            families = layout_families(templates)
        except ValueError as exc:
            raise InputError(f"templates: {exc}; give each template its own name") from None
        fonts = FontLibrary()
        self.components = Components(
            segmenter=segmenter or default_segmenter(),
            text_detector=TextDetector(),
            fonts=fonts,
            renderer=Renderer(fonts),
            families=families,
            limits=limits or LoadLimits(),
            shadow_strength=shadow_strength,
            remove_overlays=remove_overlays,
        )

    # The loaded models, for callers that use them directly.
    segmenter = property(lambda self: self.components.segmenter)
    fonts = property(lambda self: self.components.fonts)
    renderer = property(lambda self: self.components.renderer)
    limits = property(lambda self: self.components.limits)
    families = property(lambda self: self.components.families)
    library = property(lambda self: self.components.libraries.shipped(), doc="The designer library shipped with adcraft.")

    def read_reference(self, path: str):
        """Analyse a reference ad image (:func:`adcraft.background.reference.analyse_reference`).

        Raises
        ------
        InputError
            If the image cannot be read or is refused by the load limits.
        """
        from adcraft.background.reference import analyse_reference

        img = load_image(path, LoadLimits(min_short_side=64, max_work_side=1600))
        rgb = np.ascontiguousarray(img.pixels[..., :3])
        return analyse_reference(rgb, fast_segmenter(self.components.segmenter), self.components.text_detector)

    def inspect(self, path: str, timings: dict[str, float] | None = None) -> PhotoInspection:
        """Load, assess, cut out, find text and check one photo (:func:`~adcraft.stages.inspect_photo`)."""
        with stage("inspect"):
            return inspect_photo(path, self.components, timings)

    def prepare(self, brief: Brief, options: GenerationOptions | None = None, seed: int = 0,
                sizes: Sequence[tuple[int, int]] = ()) -> ProductAssets:
        """Stage 1 (:func:`~adcraft.stages.prepare`): what every candidate of ``brief`` shares."""
        with stage("prepare"):
            return prepare(brief, options or GenerationOptions(), seed, self.components, tuple(sizes))

    def plan(self, assets: ProductAssets, size: tuple[int, int], count: int = 8, control: LayoutControl | None = None) -> SizePlan:
        """Stage 2 (:func:`~adcraft.stages.plan`): up to ``count`` candidates of ``size``."""
        with stage("plan"):
            return plan(assets, size, count, control if control is not None and control.active else None, self.components)

    def realise(self, assets: ProductAssets, candidate: Candidate) -> Creative:
        """Stage 3 (:func:`~adcraft.stages.realise`): one candidate composed, rendered and scored."""
        with stage("realise"):
            return realise(assets, candidate, self.components)

    def animate(self, creative: Creative | DesignDocument, assets: AssetStore, settings: VideoSettings | None = None) -> bytes:
        """An MP4 of a creative animated along its timeline (:func:`adcraft.motion.export_video`)."""
        from adcraft.motion import export_video

        doc = creative.document if isinstance(creative, Creative) else creative
        return export_video(doc, assets, settings, self.components.renderer)

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
        """Make up to ``count`` ranked creatives for each size: prepare, then plan, realise and
        rank each size (see :mod:`adcraft.stages`).

        ``control`` (locks, hidden or edited elements, relations) applies to every size; its
        locked boxes are in each size's pixels, so lock with one size at a time. The same brief,
        options and seed give the same pixels.

        Raises
        ------
        InputError
            Bad count or sizes, an unreadable/too small/too large photo or logo, no product.
        StageError
            An unexpected failure inside a stage (an :class:`~adcraft.errors.InternalError`).
        """
        if not 1 <= count <= 32:
            raise InputError(f"count must be within 1..32, got {count}")
        if not sizes:
            raise InputError("no sizes requested; give at least one, e.g. 1200x628")
        progress = on_progress or (lambda stage, done, total: None)
        t0 = time.perf_counter()
        progress("cut-out", 0, 1)
        assets = self.prepare(brief, options, seed, sizes)
        progress("cut-out", 1, 1)
        timings = {**assets.timings, "layout": 0.0, "compose_render": 0.0, "score": 0.0}
        creatives: list[Creative] = []
        rejected: list[Rejection] = []
        diversity: dict[tuple[int, int], float] = {}
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            progress("creatives", done, len(sizes) * count)

        for size in sizes:
            t = time.perf_counter()
            planned = self.plan(assets, size, count, control)
            timings["layout"] += time.perf_counter() - t
            rejected += planned.rejected
            diversity[size] = planned.diversity
            ranked, refused = self._realise_size(assets, planned, timings, tick)
            creatives, rejected = creatives + ranked, rejected + refused
        timings["total"] = time.perf_counter() - t0
        return GenerationResult.of(assets, campaign(creatives), rejected, diversity, timings)

    def _realise_size(self, assets: ProductAssets, planned: SizePlan, timings: dict[str, float],
                      tick: Callable[[], None]) -> tuple[list[Creative], list[Rejection]]:
        """Realise and rank a size's candidates; when the design critic refuses every one, the
        plan's reserve (planned layouts of other families first) is realised one at a time
        until one passes, so a size gets a creative whenever any planned layout makes one."""
        made: list[Creative] = []

        def realise(candidate: Candidate) -> None:
            made.append(self.realise(assets, candidate))
            for key, seconds in made[-1].timings.items():
                timings[key] += seconds

        for candidate in planned.candidates:
            realise(candidate)
            tick()
        ranked, refused = rank(made)
        for candidate in planned.reserve:
            if ranked:
                break
            realise(candidate)
            ranked, refused = rank(made)
        return ranked, refused


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
