"""Type: text size per role and size class, and the size hierarchy between headline, price,
original price, sub-line and CTA.

Sizes are em sizes in canvas pixels (``TextLayer.size``), as the reviewers measured them from the
design documents.

Minimum sizes
-------------
:func:`adcraft.sizes.role_min_px`: the reviews README's table for the six reviewed sizes, and
the rule that reproduces it by size class elsewhere (1200x628, 1080x1080 and 1080x1920 give
38/48/63, 30/37/49, 20/25/33 px by the rule against the table's 40/50/60, 30/40/48, 20/28/32).
"""

from __future__ import annotations

from adcraft.sizes import AspectClass, role_min_px

from .model import Code, Severity, Source
from .view import CreativeView, Recorder

#: Smallest step of a type scale the critic accepts between two levels (the guide's 1.25-1.6,
#: less a rounding tolerance of whole-pixel sizes).
SCALE_STEP = 1.2
#: Sizes within this ratio count as "the same size".
SAME_SIZE = 1.1


def minimum_size(role: str, size: tuple[int, int], aspect: AspectClass | None = None) -> tuple[int, bool]:
    """Minimum em size in px of a text role on a canvas, and whether it is the README's table
    value (:func:`adcraft.sizes.role_min_px`, which the layout also sets type by)."""
    return role_min_px(role, size)


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
