"""Ad platforms: the sizes, file formats and byte limits each one takes, with their sources.

One :class:`Platform` per network in :data:`PLATFORMS` (a :class:`~adcraft.registry.Registry`;
an unknown name lists the valid ones). Limits as published by the platforms (checked 2026):

* ``gdn`` — Google Display Network, uploaded display ads (Google Ads Help, *Image ad
  requirements* and *HTML5 ad requirements*): JPEG, PNG, GIF and HTML5 zip, each at most
  150 KB; animation at most 30 s in all, looping allowed but stopping by 30 s, animated GIFs at
  5 fps or slower; the uploaded-ad sizes listed below.
* ``iab`` — IAB Tech Lab, *New Standard Ad Unit Portfolio* (July 2017, v1.1), fixed-size
  units with their maximum initial load (kB; 50 for mobile banners, 150 for medium rectangle,
  leaderboard and skyscraper, 200 for 970x90, 250 for billboard and portrait, 300 for the
  phone interstitial) and the IAB Display Creative Guidelines (2015) for animation: at most
  15 s, 3 loops, 24 fps.
* ``meta`` — Meta Ads Guide (Facebook and Instagram feed, stories and reels): images JPG or
  PNG up to 30 MB, 1080x1080, 1080x1350, 1080x1920 (and 1200x628 links); video MP4/MOV,
  H.264 with AAC audio, up to 4 GB; stories keep the top and bottom 14 % free of text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from adcraft.registry import Registry
from adcraft.sizes import Size

DeliveryFormat = Literal["png", "jpeg", "webp", "gif", "awebp", "html5", "svg", "mp4"]
FORMATS: tuple[str, ...] = ("png", "jpeg", "webp", "gif", "awebp", "html5", "svg", "mp4")
EXTENSIONS: Mapping[str, str] = MappingProxyType({
    "png": "png", "jpeg": "jpg", "webp": "webp", "gif": "gif", "awebp": "webp", "html5": "zip", "svg": "svg", "mp4": "mp4",
})
ANIMATED: frozenset[str] = frozenset({"gif", "awebp", "html5", "mp4"})

KB = 1000  # the platforms' "KB" is 1000 bytes (Google Ads rejects a 150 001-byte file)
MB = 1000 * KB


@dataclass(frozen=True)
class Platform:
    """What one ad platform takes.

    Attributes
    ----------
    name:
        Registry name (``gdn``, ``iab``, ``meta``).
    title:
        Human name.
    sizes:
        The sizes it takes (``(width, height)``); others are refused.
    formats:
        Formats delivered by default, best first.
    accepted:
        Every format it takes.
    budgets:
        Largest file in bytes per format.
    size_budgets:
        Per-size limit in bytes applying to every format (IAB initial load), overriding
        ``budgets`` when smaller.
    max_fps:
        Highest frame rate of an animated GIF/WebP.
    max_animation_s:
        Longest animation over all plays (s).
    max_plays:
        Most plays of an animation.
    source:
        Where the limits come from.
    """

    name: str
    title: str
    sizes: tuple[Size, ...]
    formats: tuple[str, ...]
    accepted: frozenset[str]
    budgets: Mapping[str, int]
    size_budgets: Mapping[Size, int] = field(default_factory=dict)
    max_fps: int = 20
    max_animation_s: float = 30.0
    max_plays: int = 3
    source: str = ""

    def budget(self, fmt: str, size: Size) -> int | None:
        """The byte limit for a file of ``fmt`` and ``size`` (``None``: no limit)."""
        limits = [b for b in (self.budgets.get(fmt), self.size_budgets.get(tuple(size))) if b is not None]  # type: ignore[arg-type]
        return min(limits) if limits else None


_GDN_SIZES: tuple[Size, ...] = (
    (300, 250), (336, 280), (728, 90), (300, 600), (160, 600), (970, 90), (468, 60), (320, 50), (320, 100),
    (250, 250), (200, 200), (970, 250), (120, 600), (240, 400), (300, 1050), (300, 50),
)
_IAB_LOADS: Mapping[Size, int] = {
    (970, 250): 250 * KB, (300, 50): 50 * KB, (320, 50): 50 * KB, (728, 90): 150 * KB, (970, 90): 200 * KB,
    (300, 1050): 250 * KB, (160, 600): 150 * KB, (300, 250): 150 * KB, (120, 60): 50 * KB,
    (640, 1136): 300 * KB, (750, 1334): 300 * KB, (1080, 1920): 300 * KB,
}

PLATFORMS: Registry[Platform] = Registry.of("platform", (
    Platform(
        "gdn", "Google Display Network (uploaded display ads)", _GDN_SIZES,
        formats=("jpeg", "gif", "html5"), accepted=frozenset({"jpeg", "png", "gif", "html5"}),
        budgets=MappingProxyType({"jpeg": 150 * KB, "png": 150 * KB, "gif": 150 * KB, "html5": 150 * KB}),
        max_fps=5, max_animation_s=30.0, max_plays=3,
        source="Google Ads Help: Image ad requirements; HTML5 ad requirements",
    ),
    Platform(
        "iab", "IAB New Standard Ad Unit Portfolio (2017)", tuple(_IAB_LOADS),
        formats=("jpeg", "gif", "html5"), accepted=frozenset({"jpeg", "png", "gif", "awebp", "html5"}),
        budgets=MappingProxyType({}), size_budgets=MappingProxyType(dict(_IAB_LOADS)),
        max_fps=24, max_animation_s=15.0, max_plays=3,
        source="IAB Tech Lab, New Standard Ad Unit Portfolio v1.1 (2017); IAB Display Creative Guidelines (2015)",
    ),
    Platform(
        "meta", "Meta (Facebook, Instagram: feed, stories, reels)", ((1080, 1080), (1080, 1350), (1080, 1920), (1200, 628)),
        formats=("jpeg", "mp4"), accepted=frozenset({"jpeg", "png", "mp4"}),
        budgets=MappingProxyType({"jpeg": 30 * MB, "png": 30 * MB, "mp4": 4000 * MB}),
        source="Meta Ads Guide: image and video specifications for feed, stories and reels",
    ),
))
"""The platforms ``--platform`` accepts."""
