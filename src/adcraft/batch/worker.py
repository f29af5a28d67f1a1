"""The worker: loads the engine once, then makes one product per call.

:class:`ProductWorker` is the same on every back-end: a local worker process builds one in its
initializer, a Ray actor is one. Each worker runs its models on one thread (onnxruntime intra-op
threads, OpenCV, and the BLAS/OpenMP pools through :mod:`threadpoolctl`): a batch runs one
worker per core, and a fixed thread count keeps the pixels identical whatever the number of
workers.
"""

from __future__ import annotations

import dataclasses
import os
import re
import resource
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from adcraft.batch.spec import STILL_FORMATS, BatchSpec
from adcraft.batch.task import ProductOutcome, ProductTask, TopCreative
from adcraft.errors import InputError, internal_message
from adcraft.feeds.fetch import Photo
from adcraft.stages.plan import Rejection

THREADS_PER_WORKER = 1
_REJECT = re.compile(r"REJECT \(([A-Z_, ]+)\)")


def _limit_threads() -> object:
    """One thread for every numeric library loaded in this process (OpenBLAS, OpenMP through
    :mod:`threadpoolctl`, OpenCV); returns the limiter to keep. Without it two workers on two
    cores run four spinning BLAS/OpenMP threads."""
    import cv2
    from threadpoolctl import threadpool_limits

    cv2.setNumThreads(THREADS_PER_WORKER)
    return threadpool_limits(limits=THREADS_PER_WORKER)


def one_thread_segmenter():
    """The engine's default segmenter with one onnxruntime thread.

    The two-model segmenter (``adcraft.cutout.ensemble.default_segmenter``) where this adcraft
    has it, else U²-Netp, so that a batch cuts out exactly as ``adcraft generate`` does.
    (An ``Engine(threads=…)`` argument would make this unnecessary.)
    """
    try:
        from adcraft.cutout.ensemble import default_segmenter
    except ImportError:
        from adcraft.cutout import new_segmenter

        return new_segmenter("u2netp", threads=THREADS_PER_WORKER)
    return default_segmenter(THREADS_PER_WORKER)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def nothing_passed(rejected: Sequence[Rejection]) -> str:
    """Why a product has no creative at all: how many candidates were rejected, the design
    critic's most frequent defect codes, and the first reason in full."""
    codes = Counter(code for r in rejected for m in _REJECT.finditer(r.reason) for code in m.group(1).split(", "))
    top = ", ".join(f"{code} x{n}" for code, n in codes.most_common(4))
    first = " ".join(rejected[0].reason.split()) if rejected else "none planned"
    first = first if len(first) <= 240 else first[:239] + "…"
    return (f"no creative passed: all {len(rejected)} candidates rejected"
            f"{' (design critic: ' + top + ')' if top else ''}; the first: {first}")


def _write(folder: Path, index: int, photo: Photo) -> str:
    sub = folder / str(index)
    sub.mkdir(parents=True, exist_ok=True)
    path = sub / photo.name
    path.write_bytes(photo.data)
    return str(path)


class ProductWorker:
    """Makes products with one loaded :class:`~adcraft.Engine`.

    Parameters
    ----------
    spec:
        The batch's settings; the engine, brand kit and reference are loaded here, once.

    Raises
    ------
    InputError
        If the brand kit or the reference image cannot be used.
    """

    def __init__(self, spec: BatchSpec) -> None:
        from adcraft.assess.text import TextDetector
        from adcraft.io import LoadLimits
        from adcraft.pipeline import Engine, GenerationOptions

        self.spec = spec
        self._files = tempfile.TemporaryDirectory(prefix="adcraft-worker-", ignore_cleanup_errors=True)
        engine = Engine(
            segmenter=one_thread_segmenter(), limits=LoadLimits(min_short_side=spec.min_side),
            shadow_strength=spec.shadow, remove_overlays=spec.remove_overlays,
        )
        engine.components = dataclasses.replace(engine.components, text_detector=TextDetector(threads=THREADS_PER_WORKER))
        self.engine = engine
        folder = Path(self._files.name)
        reference = None
        if spec.reference is not None:
            path = folder / f"reference-{spec.reference.name}"
            path.write_bytes(spec.reference.data)
            reference = engine.read_reference(str(path))
        self.options = GenerationOptions(
            theme=spec.theme, brand=spec.brand.unpack(folder) if spec.brand else None,
            use_library=spec.use_library, reference=reference, force=spec.force,
        )
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        # now that every numeric library is loaded (threadpoolctl limits only loaded ones)
        self._limits = _limit_threads()

    def __call__(self, task: ProductTask) -> ProductOutcome:
        """Make one product; never raises: a failure comes back as an outcome with its reason."""
        t0, cpu0 = time.perf_counter(), _cpu_seconds()
        extra = {"worker": self.name}
        try:
            outcome = self._make(task)
        except InputError as exc:
            outcome = ProductOutcome.failure(task.id, str(exc), **extra)
        except Exception as exc:  # noqa: BLE001 - one product's bug must not stop the batch
            outcome = ProductOutcome.failure(task.id, f"internal error: {internal_message(exc)}", **extra)
        return dataclasses.replace(outcome, seconds=time.perf_counter() - t0, cpu_seconds=_cpu_seconds() - cpu0,
                                   peak_rss_mb=_peak_rss_mb(), worker=self.name)

    def close(self) -> None:
        """Remove this worker's temporary files (brand kit, reference, products in progress)."""
        self._files.cleanup()

    def ping(self) -> str:
        """``host:pid`` of this worker (a cheap call to check that it started)."""
        return self.name

    def _choose(self, paths: list[str], task: ProductTask) -> tuple[int, str]:
        """Index of the best photo and why (:func:`~adcraft.assess.quality.best_photo`)."""
        from adcraft.assess.quality import best_photo

        if len(paths) == 1:
            return 0, "; ".join(["the only photo" + (" that could be read" if task.notes else ""), *task.notes])
        reports, kept, refused = [], [], []
        for i, path in enumerate(paths):
            try:
                reports.append(self.engine.inspect(path).report)
                kept.append(i)
            except InputError as exc:
                refused.append(f"photo {(task.numbers or range(1, len(paths) + 1))[i]} refused: {exc}")
        if not reports:
            raise InputError(f"none of the {len(paths)} photos can be used: {'; '.join(refused)}")
        best, why = best_photo(reports)
        numbers = task.numbers or tuple(range(1, len(paths) + 1))
        # best_photo numbers the photos it saw; say it in the feed's numbering (highest first,
        # so a renamed number is never renamed again)
        for j, i in sorted(enumerate(kept), reverse=True):
            why = why.replace(f"photo {j + 1} ", f"photo {numbers[i]} ")
        return kept[best], "; ".join([why, *refused, *task.notes])

    def _make(self, task: ProductTask) -> ProductOutcome:
        from adcraft.output import write_result

        spec = self.spec
        with tempfile.TemporaryDirectory(prefix="product-", dir=self._files.name, ignore_cleanup_errors=True) as tmp:
            folder = Path(tmp)
            paths = [_write(folder / "photos", i, p) for i, p in enumerate(task.photos)]
            chosen, why = self._choose(paths, task)
            brief = task.item.to_brief(paths[chosen])
            if task.logo is not None:
                brief = brief.model_copy(update={"logo": _write(folder / "logo", 0, task.logo)})
            result = self.engine.generate(brief, sizes=spec.sizes, count=spec.count, seed=spec.seed, options=self.options)
            if not result.creatives:
                raise InputError(nothing_passed(result.rejected))
            # the folder names the feed's links, not this worker's temporary files
            shown = brief.model_copy(update={"photo": task.photos[chosen].link, "logo": task.logo.link if task.logo else None})
            out = folder / "out"
            write_result(dataclasses.replace(result, brief=shown), out, self.engine.fonts, spec.formats,  # type: ignore[arg-type]
                         click_url=task.item.link)
            files = tuple((p.relative_to(out).as_posix(), p.read_bytes()) for p in sorted(out.rglob("*")) if p.is_file())
        first = next(f for f in spec.formats if f in STILL_FORMATS)
        ext = {"png": "png", "jpeg": "jpg", "webp": "webp"}[first]
        top = tuple(
            TopCreative(size=f"{c.size[0]}x{c.size[1]}", id=c.id, file=f"{c.size[0]}x{c.size[1]}/{c.id}.{ext}",
                        verdict=c.critique.verdict.value, codes=tuple(x.value for x in c.critique.codes), score=round(c.score, 4))
            for c in result.creatives if c.rank == 1
        )
        return ProductOutcome(
            id=task.id, ok=True, files=files, top=top, photo=task.photos[chosen].link, photo_why=why,
            creatives=len(result.creatives), rejected=len(result.rejected),
            timings={k: round(v, 4) for k, v in result.timings.items()}, warnings=tuple(result.warnings),
        )
