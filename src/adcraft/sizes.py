"""Ad sizes: parsing, aspect classes, safe areas and minimum text sizes (a base module: it
imports nothing of adcraft but errors, so copy, layout and score can all use it)."""

from __future__ import annotations

import math
from enum import StrEnum

from adcraft.errors import InputError

Size = tuple[int, int]

#: Default sizes: social landscape, square, story, IAB medium rectangle, leaderboard, skyscraper.
DEFAULT_SIZES: tuple[Size, ...] = ((1200, 628), (1080, 1080), (1080, 1920), (300, 250), (728, 90), (160, 600))
#: IAB display sizes (IAB New Ad Portfolio, 2017): medium and large rectangle, leaderboard,
#: billboard, wide skyscraper, half page, mobile banner, large mobile banner.
IAB_SIZES: tuple[Size, ...] = ((300, 250), (336, 280), (728, 90), (970, 250), (160, 600), (300, 600), (320, 50), (320, 100))
#: Social sizes: square and portrait feed posts, stories/reels, link ads, full-HD video.
SOCIAL_SIZES: tuple[Size, ...] = ((1080, 1080), (1080, 1350), (1080, 1920), (1200, 628), (1920, 1080))
SIZE_SETS: dict[str, tuple[Size, ...]] = {
    "default": DEFAULT_SIZES,
    "iab": IAB_SIZES,
    "social": SOCIAL_SIZES,
    "all": IAB_SIZES + SOCIAL_SIZES,
}


class AspectClass(StrEnum):
    """Shape families that each get their own design (w/h ratio thresholds)."""

    LEADERBOARD = "leaderboard"  #: w/h ≥ 3 (728x90, 970x250, 320x50, 320x100)
    LANDSCAPE = "landscape"  #: 1.25 ≤ w/h < 3 (1200x628, 1920x1080)
    SQUARE = "square"  #: 0.8 ≤ w/h < 1.25 (1080x1080, 300x250, 336x280)
    PORTRAIT = "portrait"  #: 0.4 < w/h < 0.8 (1080x1350, 1080x1920, 300x600)
    SKYSCRAPER = "skyscraper"  #: w/h ≤ 0.4 (160x600)


def aspect_class(size: Size) -> AspectClass:
    """The :class:`AspectClass` of ``size`` = ``(width, height)``."""
    r = size[0] / size[1]
    if r >= 3.0:
        return AspectClass.LEADERBOARD
    if r >= 1.25:
        return AspectClass.LANDSCAPE
    if r >= 0.8:
        return AspectClass.SQUARE
    if r > 0.4:
        return AspectClass.PORTRAIT
    return AspectClass.SKYSCRAPER


def parse_size(text: str) -> Size:
    """``"1200x628"`` → ``(1200, 628)``.

    Raises
    ------
    InputError
        If the text is not ``WIDTHxHEIGHT`` with both sides in 32..4096 px.
    """
    parts = text.lower().strip().split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise InputError(f"size {text!r} is not WIDTHxHEIGHT in pixels, e.g. 1200x628") from None
    if not (32 <= w <= 4096 and 32 <= h <= 4096):
        raise InputError(f"size {text!r} is outside 32..4096 px per side")
    return (w, h)


def parse_sizes(text: str) -> list[Size]:
    """``"iab,1200x628"`` → sizes in order, without repeats.

    Each comma-separated item is ``WIDTHxHEIGHT`` or a set name of :data:`SIZE_SETS`
    (``default``, ``iab``, ``social``, ``all``).

    Raises
    ------
    InputError
        If an item is neither; the message lists the set names.
    """
    out: list[Size] = []
    for item in (i.strip().lower() for i in text.split(",")):
        if not item:
            continue
        if "x" not in item and item not in SIZE_SETS:
            raise InputError(f"size {item!r} is not WIDTHxHEIGHT nor one of the size sets {sorted(SIZE_SETS)}")
        for size in SIZE_SETS.get(item) or (parse_size(item),):
            if size not in out:
                out.append(size)
    if not out:
        raise InputError(f"no sizes in {text!r}; give e.g. 1200x628 or iab")
    return out


def safe_area(size: Size) -> tuple[int, int, int, int]:
    """The box inside the safe margins: 6 % of the short side on every side (at least 4 px);
    leaderboards keep 15 % of their height at the left and right ends (5 px on a 728x90 read as
    cramped to the design reviewers); tall story formats (h ≥ 1200, w/h ≤ 0.6) keep 14 % free
    at top and bottom for the platform's UI (the design guide's stories safe zone)."""
    w, h = size
    m = max(4, round(min(w, h) * 0.06))
    mh = max(m, round(0.15 * h)) if aspect_class(size) is AspectClass.LEADERBOARD else m
    mv = round(h * 0.14) if (h >= 1200 and w / h <= 0.6) else m
    return (mh, mv, w - mh, h - mv)


def min_text_px(size: Size) -> int:
    """Smallest em size allowed on this canvas: 2.2 % of the short side, at least 11 px (12 px on
    leaderboards), following the design guide's readability minimums."""
    floor = 12 if aspect_class(size) is AspectClass.LEADERBOARD else 11
    return max(floor, round(min(size) * 0.022))


#: Minimum em sizes (px) by text role that ad designers accept on the reviewed sizes
#: (../shared/data/reviews/README.md, "Minimum text sizes the reviews used"): headline, price,
#: sub-line, CTA label.
REVIEW_MINIMUMS: dict[Size, dict[str, int]] = {
    (300, 250): {"headline": 16, "price": 14, "subline": 10, "cta": 11},
    (160, 600): {"headline": 16, "price": 14, "subline": 10, "cta": 11},
    (728, 90): {"headline": 18, "price": 14, "subline": 10, "cta": 11},
    (1200, 628): {"headline": 40, "price": 30, "subline": 20, "cta": 20},
    (1080, 1080): {"headline": 50, "price": 40, "subline": 28, "cta": 28},
    (1080, 1920): {"headline": 60, "price": 48, "subline": 32, "cta": 32},
}
_ROLE_FLOOR = {"headline": 16, "price": 14, "subline": 10, "cta": 11}
_ROLE_SHARE = {"headline": 0.044, "price": 0.034, "subline": 0.023, "cta": 0.023}


def role_min_px(role: str, size: Size) -> tuple[int, bool]:
    """The smallest em size (px) a text role may have on a canvas, and whether it is the reviews'
    table value (``True``) or the rule that extends it (``False``).

    For the six reviewed sizes the minimums are the table :data:`REVIEW_MINIMUMS`. Any other
    size uses the rule that reproduces that table by size class: ``max(floor, share * sqrt(W *
    H))``, where the pixel floor is the IAB rows' value (headline 16 px, 18 px on leaderboards;
    price 14; sub-line 10; CTA 11: what reads on a phone) and the share is the mean of the social
    rows' minimum over ``sqrt(W * H)`` (headline 4.4 %, price 3.4 %, sub-line and CTA 2.3 %).
    The struck original price uses the sub-line's minimum.

    Parameters
    ----------
    role:
        ``headline``, ``price``, ``subline``, ``cta`` or ``original_price``.
    size:
        Canvas ``(width, height)`` in px.

    Raises
    ------
    KeyError
        If ``role`` is not a text role.
    """
    key = "subline" if role == "original_price" else str(role)
    table = REVIEW_MINIMUMS.get((int(size[0]), int(size[1])))
    if table is not None:
        return table[key], role != "original_price"
    floor = _ROLE_FLOOR[key] + (2 if key == "headline" and aspect_class(size) is AspectClass.LEADERBOARD else 0)
    return max(floor, round(_ROLE_SHARE[key] * math.sqrt(size[0] * size[1]))), False
