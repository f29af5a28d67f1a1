"""Decoration: clip-art kind and density, and collisions of decorations, stripes and podiums
with the product, the copy or the CTA.

Decoration layers (role ``decoration``) take their kind from ``meta["decorations"]`` (one name
per layer, in layer order). Two background styles draw motifs whose geometry follows from their
parameters: ``diagonal_split`` (an accent stripe along the cut) and ``podium`` (a cylinder under
the product); ``confetti`` scatters clip-art over the whole canvas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from adcraft.geometry import Box

from .model import Code, Severity, Source
from .view import CreativeView, Recorder, clip_box

#: Pictorial clip-art: both reviewers coded it.
PICTORIAL = frozenset({"sparkles", "leaf_sprig", "confetti", "stars", "snowflakes", "hearts", "lanterns"})
#: Geometric accents (dot grids, arcs): the README lists them as clip-art; rater B left small
#: ones in the accent colour uncoded (see :class:`CriticConfig`).
GEOMETRIC = frozenset({"dot_grid", "arc_lines"})
#: A decoration "collides" when this share of its box lies on the product or the copy.
COLLISION_SHARE = 0.02


@dataclass(frozen=True)
class Decoration:
    """One decoration on the canvas: its kind and the mask it may cover."""

    kind: str
    mask: np.ndarray  # bool (H, W)


def _box_mask(b: Box, size: tuple[int, int]) -> np.ndarray:
    m = np.zeros((size[1], size[0]), bool)
    c = clip_box(b, size)
    if c is not None:
        m[c[1] : c[3], c[0] : c[2]] = True
    return m


def stripe_mask(size: tuple[int, int], params: dict[str, float]) -> np.ndarray:
    """Pixels of ``diagonal_split``'s accent stripe (same geometry as the style: a band of half
    width 0.004 of the long side at signed distance 0.012 from the cut), grown by 1 % of the
    long side so that a near miss counts."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    x, y = (x + 0.5) / w, (y + 0.5) / h
    ang = np.deg2rad(params.get("angle", 62.0))
    m = max(w, h)
    d = ((x - params.get("split", 0.55)) * w * np.sin(ang) - (y - 0.5) * h * np.cos(ang)) / m
    if params.get("flip", 0.0) >= 0.5:
        d = -d
    return np.abs(d - 0.012) < 0.004 + 0.01


def podium_box(size: tuple[int, int], params: dict[str, float]) -> Box:
    """Bounding box of ``podium``'s cylinder (same geometry as the style)."""
    w, h = size
    pl, pr, pb = params.get("pl", 0.3), params.get("pr", 0.7), params.get("pb", 0.75)
    cx = (pl + pr) / 2 * w
    rx = max(0.12 * w, (pr - pl) * 0.75 * w)
    ry = max(6.0, rx * 0.16)
    top = pb * h - ry * 0.35
    body = max(ry * 1.6, min(h - top, 0.18 * h))
    return (int(cx - rx), int(top - ry), int(cx + rx), int(top + body + ry))


def decorations(view: CreativeView) -> list[Decoration]:
    """Every decoration of the creative with its kind and canvas mask."""
    doc = view.inp.document
    kinds = list(doc.meta.get("decorations") or [])
    out = []
    for i, layer in enumerate(view.decorations):
        kind = kinds[i] if len(kinds) == len(view.decorations) else "clip-art"
        out.append(Decoration(kind, _box_mask(layer.box, view.size)))
    style, params = doc.background.style, doc.background.params
    if style == "diagonal_split":
        out.append(Decoration("stripe", stripe_mask(view.size, params)))
    elif style == "podium":
        out.append(Decoration("podium", _box_mask(podium_box(view.size, params), view.size)))
    elif style == "confetti":
        out.append(Decoration("confetti", np.zeros((view.size[1], view.size[0]), bool)))
    return out


def _copy_mask(view: CreativeView) -> np.ndarray:
    m = np.zeros((view.size[1], view.size[0]), bool)
    for _, b in view.copy_boxes():
        m[b[1] : b[3], b[0] : b[2]] = True
    return m


def measure_decoration(view: CreativeView, rec: Recorder, geometric_is_clipart: bool) -> None:
    """DECOR: clip-art present (moderate: delete it; geometric accents minor unless
    ``geometric_is_clipart``), and any decoration, stripe or podium colliding with the product or
    the copy (major: the composition must change)."""
    decos = decorations(view)
    copy = _copy_mask(view)
    src = Source.REVIEW_DECOR
    pictorial = [d.kind for d in decos if d.kind in PICTORIAL or d.kind == "clip-art"]
    geometric = [d.kind for d in decos if d.kind in GEOMETRIC]
    rec.check(
        "decoration.pictorial_clipart", len(pictorial), 0, "<=", "count", src, Code.DECOR, Severity.MODERATE,
        f"clip-art decoration ({', '.join(pictorial)}) competes with the product",
    )
    rec.check(
        "decoration.geometric_clipart", len(geometric), 0, "<=", "count", src, Code.DECOR,
        Severity.MODERATE if geometric_is_clipart else Severity.MINOR,
        f"geometric clip-art ({', '.join(geometric)}) unrelated to the product",
    )
    for d in decos:
        area = max(1.0, float(d.mask.sum()))
        on_product = float((d.mask & view.product_mask).sum()) / area
        on_copy = float((d.mask & copy).sum()) / area
        if d.kind == "podium":  # a podium belongs under the product; only copy on it collides
            on_product = 0.0
        rec.check(
            f"decoration.collision.{d.kind}", max(on_product, on_copy), COLLISION_SHARE, "<=", "share", src, Code.DECOR,
            Severity.MAJOR,
            f"{d.kind} runs into the {'product' if on_product >= on_copy else 'copy'} ({{value}} of it overlaps)",
        )

