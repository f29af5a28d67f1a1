"""Everything a platform takes for one design document, each file within its budget.

:func:`deliver` checks the request against the platform (:mod:`adcraft.export.platforms`),
renders what each format needs once and runs the format's exporter with the platform's byte
budget: stills through :func:`~adcraft.export.fit.fit_still`, GIF and animated WebP through
:func:`~adcraft.motion.banner.export_banner`, HTML5 through
:func:`~adcraft.export.html5.export_html5_zip`, video through
:func:`~adcraft.motion.video.export_video`, SVG through :func:`~adcraft.export.svg.export_svg`.
A file that cannot fit comes back with ``fits=False`` and its size; :func:`write_delivery`
puts it under ``over_budget/`` so it is never uploaded by mistake.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import InputError
from adcraft.export.fit import fit_still
from adcraft.export.html5 import check_click_url, export_html5_zip
from adcraft.export.platforms import EXTENSIONS, FORMATS, PLATFORMS, Platform
from adcraft.export.svg import export_svg
from adcraft.motion.banner import DEFAULT_BUDGET, BannerLimits, export_banner
from adcraft.motion.video import VideoSettings, export_video
from adcraft.render import Renderer


@dataclass(frozen=True)
class DeliveredFile:
    """One delivered file.

    Attributes
    ----------
    name:
        File name (``<stem>.<ext>``; animated WebP is ``<stem>.anim.webp``).
    format:
        The delivery format (``png``, ``jpeg``, ``webp``, ``gif``, ``awebp``, ``html5``,
        ``svg``, ``mp4``).
    data:
        The bytes.
    budget_bytes:
        The limit it had to keep, ``None`` for none.
    fits:
        ``len(data) <= budget_bytes`` (True without a budget).
    setting:
        What the budget search settled on (quality, palette, frame rate…).
    """

    name: str
    format: str
    data: bytes
    budget_bytes: int | None
    fits: bool
    setting: str


@dataclass(frozen=True)
class DeliveryRequest:
    """What to deliver.

    Attributes
    ----------
    formats:
        Formats to make; the platform's defaults (or ``png``) when empty.
    platform:
        A :data:`~adcraft.export.platforms.PLATFORMS` name, or ``None`` for no platform rules.
    click_url:
        The landing page (needed by ``html5``).
    video:
        :class:`~adcraft.motion.video.VideoSettings` for ``mp4``.
    banner_s:
        One play of an animated banner or HTML5 ad (s).
    """

    formats: tuple[str, ...] = ()
    platform: str | None = None
    click_url: str | None = None
    video: VideoSettings = VideoSettings()
    banner_s: float = 6.0


def _check(doc: DesignDocument, request: DeliveryRequest) -> tuple[Platform | None, tuple[str, ...]]:
    platform = PLATFORMS.get(request.platform) if request.platform else None
    formats = tuple(dict.fromkeys(f.strip().lower().replace("jpg", "jpeg") for f in request.formats if f.strip()))
    formats = formats or (platform.formats if platform else ("png",))
    for f in formats:
        if f not in FORMATS:
            raise InputError(f"unknown format {f!r}; formats: {', '.join(FORMATS)}")
        if platform and f not in platform.accepted:
            raise InputError(f"{platform.name} does not take {f}; it takes {', '.join(sorted(platform.accepted))}")
    if platform and tuple(doc.size) not in platform.sizes:
        sizes = ", ".join(f"{w}x{h}" for w, h in platform.sizes)
        raise InputError(f"{platform.name} does not take {doc.size[0]}x{doc.size[1]}; its sizes: {sizes}")
    if "html5" in formats:
        if not request.click_url:
            raise InputError("an html5 ad needs the landing page: give --click-url https://…")
        check_click_url(request.click_url)
    return platform, formats


def _one(fmt: str, doc: DesignDocument, assets: AssetStore, request: DeliveryRequest, platform: Platform | None,
         renderer: Renderer) -> tuple[bytes, int | None, str]:
    """``(bytes, budget, setting)`` of one format."""
    budget = platform.budget(fmt, doc.size) if platform else None
    if fmt in ("png", "jpeg", "webp"):
        still = fit_still(renderer.render_rgb(doc, assets), fmt, budget)
        return still.data, budget, still.setting
    if fmt in ("gif", "awebp"):
        limits = BannerLimits(budget or DEFAULT_BUDGET, *((platform.max_fps, platform.max_animation_s, platform.max_plays) if platform else ()))
        banner = export_banner(doc, assets, "gif" if fmt == "gif" else "webp", limits, request.banner_s, renderer)
        return banner.data, limits.budget_bytes, f"{banner.fps} fps, {banner.setting}, {banner.plays} plays"
    if fmt == "html5":
        total = platform.max_animation_s if platform else 30.0
        plays = platform.max_plays if platform else 3
        ad = export_html5_zip(doc, assets, request.click_url or "", budget or DEFAULT_BUDGET, request.banner_s, plays, total, renderer)
        return ad.data, ad.budget_bytes, f"{ad.setting}, {ad.plays} plays"
    if fmt == "svg":
        return export_svg(doc, assets, renderer).encode("utf-8"), budget, "text as outlines"
    settings = request.video
    data = export_video(doc, assets, settings, renderer)
    return data, budget, f"{settings.duration_s} s at {settings.fps} fps, H.264 CRF {settings.crf}"


def deliver(
    doc: DesignDocument,
    assets: AssetStore,
    request: DeliveryRequest,
    stem: str = "creative",
    renderer: Renderer | None = None,
) -> tuple[DeliveredFile, ...]:
    """Make every requested format of ``doc``.

    Parameters
    ----------
    doc, assets:
        The design document and the store its asset names resolve in.
    request:
        :class:`DeliveryRequest`.
    stem:
        File name stem (e.g. the creative's id).
    renderer:
        A renderer with its fonts loaded (a new one when ``None``).

    Raises
    ------
    InputError
        Unknown platform or format, a format or size the platform does not take, an html5 ad
        without an http(s) click URL, or an unreadable asset.
    """
    platform, formats = _check(doc, request)
    renderer = renderer or Renderer()
    out = []
    for fmt in formats:
        data, budget, setting = _one(fmt, doc, assets, request, platform, renderer)
        ext = "anim.webp" if fmt == "awebp" else EXTENSIONS[fmt]
        fits = budget is None or len(data) <= budget
        out.append(DeliveredFile(f"{stem}.{ext}", fmt, data, budget, fits, setting))
    return tuple(out)


def write_delivery(files: Sequence[DeliveredFile], folder: str | Path) -> list[Path]:
    """Write ``files`` into ``folder``; those over budget go to ``folder/over_budget/``."""
    folder = Path(folder)
    paths = []
    for f in files:
        target = folder if f.fits else folder / "over_budget"
        target.mkdir(parents=True, exist_ok=True)
        path = target / f.name
        path.write_bytes(f.data)
        paths.append(path)
    return paths
