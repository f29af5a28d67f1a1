"""Type: text size per role and size class, and the size hierarchy between headline, price,
original price, sub-line and CTA.

Sizes are em sizes in canvas pixels (``TextLayer.size``), as the reviewers measured them from the
design documents.

Minimum sizes
-------------
For the six reviewed sizes the minimums are the reviews README's table. Any other size uses the
rule that reproduces that table by size class: ``max(floor, share * sqrt(W * H))``, where the
pixel floor is the IAB rows' value (headline 16 px, 18 px on leaderboards; price 14; sub-line
10; CTA 11: what reads on a phone) and the share is the mean of the social rows' minimum over
``sqrt(W * H)`` (headline 4.4 %, price 3.4 %, sub-line and CTA 2.3 %: 1200x628, 1080x1080 and
1080x1920 give 38/48/63, 30/37/49, 20/25/33 px against the table's 40/50/60, 30/40/48, 20/28/32).
The struck original price has no row: it uses the sub-line's minimum.
"""

from __future__ import annotations

import math

from adcraft.sizes import AspectClass

from .model import Code, Severity, Source
from .view import CreativeView, Recorder

#: Reviews README, "Minimum text sizes the reviews used": headline, price, sub-line, CTA label.
REVIEW_MINIMUMS: dict[tuple[int, int], dict[str, int]] = {
    (300, 250): {"headline": 16, "price": 14, "subline": 10, "cta": 11},
    (160, 600): {"headline": 16, "price": 14, "subline": 10, "cta": 11},
    (728, 90): {"headline": 18, "price": 14, "subline": 10, "cta": 11},
    (1200, 628): {"headline": 40, "price": 30, "subline": 20, "cta": 20},
    (1080, 1080): {"headline": 50, "price": 40, "subline": 28, "cta": 28},
    (1080, 1920): {"headline": 60, "price": 48, "subline": 32, "cta": 32},
}
_FLOOR = {"headline": 16, "price": 14, "subline": 10, "cta": 11}
_SHARE = {"headline": 0.044, "price": 0.034, "subline": 0.023, "cta": 0.023}
#: Smallest step of a type scale the critic accepts between two levels (the guide's 1.25-1.6,
#: less a rounding tolerance of whole-pixel sizes).
SCALE_STEP = 1.2
#: Sizes within this ratio count as "the same size".
SAME_SIZE = 1.1


def minimum_size(role: str, size: tuple[int, int], aspect: AspectClass) -> tuple[int, bool]:
    """Minimum em size in px of a text role on a canvas, and whether it is the README's table value.

    Parameters
    ----------
    role:
        ``headline``, ``price``, ``subline``, ``cta`` or ``original_price`` (as ``subline``).
    size:
        Canvas ``(width, height)`` in px.
    aspect:
        The canvas's aspect class (leaderboards get an 18 px headline floor).

    Returns
    -------
    (int, bool)
        The minimum in px; ``True`` when it comes from the table, ``False`` from the rule.
    """
    key = "subline" if role == "original_price" else role
    table = REVIEW_MINIMUMS.get((int(size[0]), int(size[1])))
    if table is not None and key in table:
        return table[key], role != "original_price"
    floor = _FLOOR[key] + (2 if key == "headline" and aspect is AspectClass.LEADERBOARD else 0)
    return max(floor, round(_SHARE[key] * math.sqrt(size[0] * size[1]))), False


def measure_type(view: CreativeView, rec: Recorder) -> None:
    """Text size per role against its minimum (TEXT_SMALL, major)."""
    for role in ("headline", "price", "subline", "cta", "original_price"):
        layer = view.texts.get(role)
        if layer is None:
            continue
        need, from_table = minimum_size(role, view.size, view.aspect)
        source = Source.REVIEW_MIN_SIZES if from_table else Source.REVIEW_SIZE_RULE
        w, h = view.size
        rec.check(
            f"type.size.{role}", layer.size, need, ">=", "px", source, Code.TEXT_SMALL, Severity.MAJOR,
            f"{role.replace('_', ' ')} is {{value}}, under the {{threshold}} a {w}x{h} needs to read on a phone",
        )


def measure_hierarchy(view: CreativeView, rec: Recorder) -> None:
    """Size hierarchy (HIERARCHY, major): price above sub-line, sale price above the struck
    original price, headline above sub-line, and headline/price/CTA not all one size."""
    t = view.texts
    src = Source.REVIEW_HIERARCHY
    if "price" in t and "subline" in t:
        rec.check(
            "hierarchy.price_over_subline", t["price"].size / t["subline"].size, SCALE_STEP, ">=", "ratio", src,
            Code.HIERARCHY, Severity.MAJOR,
            f"price ({t['price'].size} px) is not set apart from the sub-line ({t['subline'].size} px): ratio {{value}} < {{threshold}}",
        )
    if "price" in t and "original_price" in t:
        rec.check(
            "hierarchy.price_over_original", t["price"].size / t["original_price"].size, SCALE_STEP, ">=", "ratio",
            src, Code.HIERARCHY, Severity.MAJOR,
            f"sale price ({t['price'].size} px) and original price ({t['original_price'].size} px) are not distinguished",
        )
        rec.check(
            "hierarchy.original_struck", float(t["original_price"].strikethrough), 1.0, ">=", "count", src,
            Code.HIERARCHY, Severity.MAJOR, "the original price is not struck through",
        )
    if "headline" in t and "subline" in t:
        rec.check(
            "hierarchy.headline_over_subline", t["headline"].size / t["subline"].size, SCALE_STEP, ">=", "ratio", src,
            Code.HIERARCHY, Severity.MAJOR,
            f"headline ({t['headline'].size} px) does not lead the sub-line ({t['subline'].size} px)",
        )
    levels = [t[r].size for r in ("headline", "price", "cta") if r in t]
    if len(levels) == 3:
        rec.check(
            "hierarchy.headline_price_cta_spread", max(levels) / min(levels), SAME_SIZE, ">=", "ratio", src,
            Code.HIERARCHY, Severity.MAJOR,
            f"headline, price and CTA are all about one size ({', '.join(str(v) for v in levels)} px): no hierarchy",
        )
