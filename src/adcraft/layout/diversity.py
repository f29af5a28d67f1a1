"""Layout diversity: how different K candidates of one size are.

The distance of two layouts compares each element's box in normalised canvas coordinates:
``mean |Δl| + |Δt| + |Δr| + |Δb|`` over 4 for elements both show, 1 for an element only one
shows, averaged over the union of elements — 0 for identical layouts, 1 for layouts sharing
nothing. This is the box-set distance used to report diversity of generated layouts (cf. the
"DocSim"-style matching of Patil et al., READ, CVPR-W 2020), without the Hungarian matching
because adcraft's elements carry unique roles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

from adcraft.elements import Role
from adcraft.geometry import Box
from adcraft.layout.plan import LayoutPlan


def plan_elements(plan: LayoutPlan) -> dict[str, Box]:
    """Role → box of everything a plan shows (product, logo, texts, CTA button)."""
    out: dict[str, Box] = {t.role: t.box for t in plan.texts}
    if plan.product_box is not None:
        out[Role.PRODUCT] = plan.product_box
    if plan.logo_box is not None:
        out[Role.LOGO] = plan.logo_box
    if plan.button is not None:
        out[Role.BUTTON] = plan.button
    return out


def layout_distance(a: Mapping[str, Box], b: Mapping[str, Box], size: tuple[int, int]) -> float:
    """Distance in ``[0, 1]`` of two role → box layouts on a ``size`` = ``(w, h)`` canvas."""
    roles = set(a) | set(b)
    if not roles:
        return 0.0
    W, H = size
    total = 0.0
    for r in roles:
        if r in a and r in b:
            p, q = a[r], b[r]
            total += (abs(p[0] - q[0]) / W + abs(p[1] - q[1]) / H + abs(p[2] - q[2]) / W + abs(p[3] - q[3]) / H) / 4
        else:
            total += 1.0
    return min(1.0, total / len(roles))


def mean_pairwise_distance(layouts: Sequence[Mapping[str, Box]], size: tuple[int, int]) -> float:
    """Mean :func:`layout_distance` over all pairs (0 for fewer than two layouts)."""
    pairs = list(combinations(layouts, 2))
    return sum(layout_distance(a, b, size) for a, b in pairs) / len(pairs) if pairs else 0.0


def farthest_first(layouts: Sequence[Mapping[str, Box]], size: tuple[int, int], k: int, start: Sequence[int] = (0,)) -> list[int]:
    """Indices of ``k`` layouts chosen greedily, each the farthest from those already chosen.

    Starts with the layouts ``start`` (default the first; Gonzalez, TCS 1985: the
    2-approximation of max-min dispersion). Returns all indices when ``k >= len(layouts)``.
    """
    if k >= len(layouts):
        return list(range(len(layouts)))
    chosen = list(dict.fromkeys(start))[:k] or [0]
    best = [min(layout_distance(layouts[c], lay, size) for c in chosen) for lay in layouts]
    while len(chosen) < k:
        i = max((j for j in range(len(layouts)) if j not in chosen), key=lambda j: best[j])
        chosen.append(i)
        best = [min(best[j], layout_distance(layouts[i], layouts[j], size)) for j in range(len(layouts))]
    return chosen
