"""Space: empty bands, margins, shared alignment edges, story safe zones.

Content is the copy (texts, CTA button, underlays, logo) and the product's mask; decorations
and the background are not content. Distances are in canvas pixels.
"""

from __future__ import annotations

import numpy as np

from adcraft.geometry import Box, intersection_area
from adcraft.sizes import AspectClass

from .model import Code, Severity, Source
from .view import CreativeView, Recorder, union

#: Largest empty band (share of the long axis) that does not look unfinished (reviews README:
#: "≥ ~24 % of a 160x600's height at top and bottom").
EMPTY_BAND = 0.24
#: Smallest distance of copy to the canvas edge, as a share of the short side (reviews README).
MARGIN_SHARE = 0.04
#: Story formats keep this share of the height free at top and bottom (design guide, Meta).
STORY_ZONE = 0.14
#: Two copy edges count as shared when they are this close (share of the canvas width).
ALIGN_TOLERANCE = 0.03
#: The product's edge or centre line and the copy column's count as shared within this share
#: of the width: a product's optical edge is not its box (round jars, handles); the reviewers
#: accepted 11 % and flagged 16 % and more.
PRODUCT_ALIGN_TOLERANCE = 0.15


def _occupancy(view: CreativeView, axis: int) -> np.ndarray:
    """``bool`` per row (axis 0) or column (axis 1): does any content reach it?"""
    w, h = view.size
    n = h if axis == 0 else w
    occ = view.product_mask.any(axis=1 - axis).copy() if view.product_mask.shape == (h, w) else np.zeros(n, bool)
    for _, b in view.copy_boxes():
        lo, hi = (b[1], b[3]) if axis == 0 else (b[0], b[2])
        occ[lo:hi] = True
    return occ


def largest_empty_band(occ: np.ndarray) -> tuple[int, int]:
    """Longest run of ``False`` in a 1-D ``bool`` array: ``(start, length)``."""
    best, start = (0, 0), None
    for i, v in enumerate(np.append(occ, True)):
        if not v and start is None:
            start = i
        elif v and start is not None:
            if i - start > best[1]:
                best = (start, i - start)
            start = None
    return best


#: A photo panel covering at least this share of the canvas is the background (a scene is
#: content everywhere); a smaller panel is one element among the copy.
PANEL_AS_BACKGROUND = 0.9


def measure_empty(view: CreativeView, rec: Recorder) -> None:
    """EMPTY (major): the largest band of rows that no content reaches, on square, portrait and
    skyscraper canvases whose background is not the photo (a scene is content everywhere; a
    photo panel under :data:`PANEL_AS_BACKGROUND` of the canvas counts as content where it is).
    Row layouts (landscape, leaderboard) spread copy across on purpose and are not judged."""
    if view.aspect in (AspectClass.LANDSCAPE, AspectClass.LEADERBOARD):
        return
    panel = view.inp.photo_panel
    w, h = view.size
    if panel is None and view.photo_background:
        return
    if panel is not None and intersection_area(panel, (0, 0, w, h)) >= PANEL_AS_BACKGROUND * w * h:
        return
    occ = _occupancy(view, 0)
    if panel is not None:  # the panel is content where it is
        occ[max(0, int(panel[1])) : max(0, int(panel[3]))] = True
    start, length = largest_empty_band(occ)
    n, where = view.size[1], "rows"
    rec.check(
        "space.empty_band", length / n, EMPTY_BAND, "<=", "share", Source.REVIEW_EMPTY, Code.EMPTY, Severity.MAJOR,
        f"{length} px of empty {where} ({start}-{start + length}) is {{value}} of the canvas, over {{threshold}}: looks unfinished",
    )


def _edge_distance(b: Box, size: tuple[int, int]) -> int:
    return min(b[0], b[1], size[0] - b[2], size[1] - b[3])


def measure_margins(view: CreativeView, rec: Recorder) -> None:
    """MARGIN (major): copy closer than 4 % of the short side to an edge; story formats also
    keep text and CTA out of the top and bottom 14 % (minor: platforms differ)."""
    boxes = view.copy_boxes()
    if not boxes:
        return
    role, box = min(boxes, key=lambda rb: _edge_distance(rb[1], view.size))
    d = _edge_distance(box, view.size)
    rec.check(
        "space.margin", d, MARGIN_SHARE * view.short, ">=", "px", Source.REVIEW_MARGIN, Code.MARGIN, Severity.MAJOR,
        f"{role} sits {{value}} from the edge, under {{threshold}} (4 % of the short side)",
    )
    w, h = view.size
    if h >= 1200 and w / h <= 0.6:
        zone = STORY_ZONE * h
        reach = max((max(zone - b[1], b[3] - (h - zone)) for r, b in boxes if r != "underlay"), default=0.0)
        rec.check(
            "space.story_zone_intrusion", max(0.0, reach), 0.0, "<=", "px", Source.GUIDE_STORY, Code.MARGIN,
            Severity.MINOR, "copy reaches {value} into the story's top/bottom 14 % where the platform UI sits",
        )


def _column(view: CreativeView) -> list[Box]:
    """Boxes of the copy column, one per line of reading: headline, sub-line, the price row
    (price and original price together), the CTA button."""
    t = view.texts
    rows: list[Box] = [t[r].box for r in ("headline", "subline") if r in t]
    price = [t[r].box for r in ("price", "original_price") if r in t]
    if price:
        rows.append(union(price))  # type: ignore[arg-type]
    rows.extend(b.box for b in view.buttons)
    return rows


def measure_alignment(view: CreativeView, rec: Recorder) -> None:
    """ALIGN (major): the copy column shares no left, centre or right edge; or, when the product
    stands above or below the column, it shares none of them with the column."""
    if view.aspect is AspectClass.LEADERBOARD:
        return
    rows = _column(view)
    if len(rows) < 2:
        return
    w = view.size[0]
    tol = ALIGN_TOLERANCE * w
    lefts, rights = [b[0] for b in rows], [b[2] for b in rows]
    centres = [(b[0] + b[2]) / 2 for b in rows]
    spread = min(np.ptp(lefts), np.ptp(centres), np.ptp(rights))
    rec.check(
        "space.column_edge_spread", spread, tol, "<=", "px", Source.GUIDE_ALIGN, Code.ALIGN, Severity.MAJOR,
        "copy lines share no left, centre or right edge (closest spread {value}, tolerance {threshold})",
    )
    col = union(rows)
    pb = view.product_box
    if pb is None or col is None or view.photo_background:
        return
    overlap_x = min(pb[2], col[2]) - max(pb[0], col[0])
    stacked = overlap_x > 0.5 * min(pb[2] - pb[0], col[2] - col[0]) and (pb[3] <= col[1] + tol or pb[1] >= col[3] - tol)
    if not stacked:
        return
    align = view.texts["headline"].align if "headline" in view.texts else "center"
    pcx, ccx = (pb[0] + pb[2]) / 2, (col[0] + col[2]) / 2
    if align == "left":
        off = min(abs(pb[0] - col[0]), abs(pcx - min(lefts)))
    elif align == "right":
        off = min(abs(pb[2] - col[2]), abs(pcx - max(rights)))
    else:
        off = abs(pcx - ccx)
    rec.check(
        "space.product_column_offset", off, PRODUCT_ALIGN_TOLERANCE * w, "<=", "px", Source.GUIDE_ALIGN, Code.ALIGN, Severity.MAJOR,
        f"{align}-aligned copy under/over the product shares neither its edge nor its centre line (off by {{value}})",
    )
