"""Layout: content-aware placement of product, copy, price, CTA and logo for every ad size."""

from adcraft.layout.catalogue import layout_families
from adcraft.layout.families import FAMILIES, Family, families_for
from adcraft.layout.plan import (
    LayoutInfeasible,
    LayoutInput,
    LayoutParams,
    LayoutPlan,
    PlacedText,
    SceneInfo,
)
from adcraft.sizes import (
    DEFAULT_SIZES,
    IAB_SIZES,
    SIZE_SETS,
    SOCIAL_SIZES,
    AspectClass,
    aspect_class,
    min_text_px,
    parse_size,
    parse_sizes,
    safe_area,
)

__all__ = [
    "DEFAULT_SIZES",
    "IAB_SIZES",
    "SIZE_SETS",
    "SOCIAL_SIZES",
    "FAMILIES",
    "AspectClass",
    "Family",
    "LayoutInfeasible",
    "LayoutInput",
    "LayoutParams",
    "LayoutPlan",
    "PlacedText",
    "SceneInfo",
    "aspect_class",
    "families_for",
    "layout_families",
    "min_text_px",
    "parse_size",
    "parse_sizes",
    "safe_area",
]
