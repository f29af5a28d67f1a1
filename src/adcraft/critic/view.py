"""What every measuring module reads: the document's elements by role, the product's mask, and
a recorder that keeps each measure and turns failed ones into findings."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from adcraft.document import ImageLayer, ShapeLayer, TextLayer
from adcraft.geometry import Box
from adcraft.sizes import AspectClass, aspect_class

from .model import Code, CriticInput, Finding, Measure, Severity, Source

#: Roles of copy (text) layers, in reading order.
TEXT_ROLES = ("headline", "subline", "price", "original_price", "cta")


def clip_box(b: Box, size: tuple[int, int]) -> Box | None:
    """``b`` clipped to a ``(width, height)`` canvas; ``None`` when nothing is left."""
    l, t, r, bt = max(0, b[0]), max(0, b[1]), min(size[0], b[2]), min(size[1], b[3])
    return (l, t, r, bt) if r > l and bt > t else None


def box_area(b: Box | None) -> float:
    """Area of a box in px² (0 for ``None``)."""
    return 0.0 if b is None else float(max(0, b[2] - b[0]) * max(0, b[3] - b[1]))


def intersect(a: Box, b: Box) -> Box | None:
    """Intersection of two boxes, ``None`` when they do not overlap."""
    l, t, r, bt = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (l, t, r, bt) if r > l and bt > t else None


def union(boxes: list[Box]) -> Box | None:
    """Bounding box of several boxes (``None`` for none)."""
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass(frozen=True)
class CreativeView:
    """The parts of a :class:`CriticInput` the measures use, derived once.

    Attributes
    ----------
    inp:
        The input.
    size:
        Canvas ``(width, height)``.
    aspect:
        :class:`~adcraft.sizes.AspectClass` of the canvas.
    texts:
        Text layers by role (the first of each role).
    buttons, underlays, decorations, logos:
        Layers of those roles.
    product_mask:
        ``bool`` ``(H, W)``: where the product is (alpha > 0.5, or its box).
    product_box:
        Tight box of :attr:`product_mask` on the canvas, ``None`` when there is no product.
    photo_background:
        The background is the photo itself (a scene layout): the product is not cut out.
    """

    inp: CriticInput
    size: tuple[int, int]
    aspect: AspectClass
    texts: dict[str, TextLayer]
    buttons: tuple[ShapeLayer, ...]
    underlays: tuple[ShapeLayer, ...]
    decorations: tuple[ImageLayer, ...]
    logos: tuple[ImageLayer, ...]
    product_mask: np.ndarray
    product_box: Box | None
    photo_background: bool

    @property
    def short(self) -> int:
        """Short side of the canvas in px."""
        return min(self.size)

    def copy_boxes(self) -> list[tuple[str, Box]]:
        """``(role, box)`` of every text, button, underlay and logo, clipped to the canvas."""
        out: list[tuple[str, Box]] = []
        layers: list = [*self.texts.values(), *self.buttons, *self.underlays, *self.logos]
        for layer in layers:
            b = clip_box(layer.box, self.size)
            if b is not None:
                out.append((layer.role, b))
        return out


def mask_box(mask: np.ndarray) -> Box | None:
    """Tight box ``(left, top, right, bottom)`` of the ``True`` pixels of a ``bool`` ``(H, W)``
    mask (right/bottom exclusive), ``None`` when there are none."""
    rows = np.flatnonzero(mask.any(axis=1))
    if not len(rows):
        return None
    cols = np.flatnonzero(mask[rows[0] : rows[-1] + 1].any(axis=0))
    return (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)


def make_view(inp: CriticInput) -> CreativeView:
    """Build the :class:`CreativeView` of an input."""
    doc = inp.document
    w, h = doc.size
    texts: dict[str, TextLayer] = {}
    buttons, underlays, decorations, logos = [], [], [], []
    for layer in doc.layers:
        if isinstance(layer, TextLayer):
            texts.setdefault(layer.role, layer)
        elif isinstance(layer, ShapeLayer) and layer.role == "button":
            buttons.append(layer)
        elif isinstance(layer, ShapeLayer) and layer.role == "underlay":
            underlays.append(layer)
        elif isinstance(layer, ImageLayer) and layer.role == "decoration":
            decorations.append(layer)
        elif isinstance(layer, ImageLayer) and layer.role == "logo":
            logos.append(layer)
    mask = np.zeros((h, w), bool)
    if inp.product_alpha is not None:
        mask = inp.product_alpha > 0.5
    elif doc.product is not None:
        b = clip_box(doc.product.box, (w, h))
        if b is not None:
            mask[b[1] : b[3], b[0] : b[2]] = True
    pbox = mask_box(mask)
    return CreativeView(
        inp=inp,
        size=(w, h),
        aspect=aspect_class((w, h)),
        texts=texts,
        buttons=tuple(buttons),
        underlays=tuple(underlays),
        decorations=tuple(decorations),
        logos=tuple(logos),
        product_mask=mask,
        product_box=pbox,
        photo_background=doc.background.style == "photo" or any(layer.role == "photo" for layer in doc.layers),
    )


@dataclass
class Recorder:
    """Collects measures; a failed one becomes a finding with the given code and severity."""

    measures: list[Measure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def check(
        self,
        name: str,
        value: float,
        threshold: float,
        op: str,
        unit: str,
        source: Source,
        code: Code,
        severity: Severity,
        message: str,
    ) -> bool:
        """Record ``value`` against ``threshold``; on failure add a :class:`Finding`.

        ``message`` may contain ``{value}`` and ``{threshold}``, replaced by the formatted numbers.
        Returns whether the measure passed.
        """
        m = Measure(name=name, value=float(value), threshold=float(threshold), op=op, unit=unit, source=source)
        self.measures.append(m)
        if not m.passed:
            text = message.replace("{value}", _fmt(value, unit)).replace("{threshold}", _fmt(threshold, unit))
            self.findings.append(Finding(code, severity, name, float(value), float(threshold), source, text))
        return m.passed

    def note(self, name: str, value: float, threshold: float, op: str, unit: str, source: Source) -> None:
        """Record a measure that makes no finding by itself (used in a combined rule)."""
        self.measures.append(Measure(name, float(value), float(threshold), op, unit, source))


def _fmt(v: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * float(v):.0f} %"
    if unit == "px":
        return f"{float(v):.0f} px"
    if unit == "ratio":
        return f"{float(v):.2f}"
    return f"{float(v):.3g}"
