"""Control: locked boxes, edited or hidden elements and relations, re-solved around the user.

A :class:`LayoutControl` is applied in two steps:

1. :meth:`LayoutControl.apply` edits the content *before* layout: changed texts replace the
   copy; hidden elements leave it (a hidden sub-line lets the headline grow; a hidden logo
   frees its row), so the family lays out what is really shown.
2. :meth:`LayoutControl.solve` moves elements of the family's plan *after* layout so that
   locked boxes and relations hold. Each element is a rectangle of fixed size with variables
   for its left and top edge; constraints go to the Cassowary solver (Badros, Borning and
   Stuckey, TOCHI 2001; ``kiwisolver``):

   * required: locked elements sit at their boxes; relations hold; an unlocked product may
     shrink to half its size (aspect kept, strongly preferred at full size); every element stays on
     the canvas (inside the safe area unless locked); no two elements overlap — for each
     pair, the sides that would separate them are tried least movement first, and the first
     the solver can satisfy with everything before it becomes a linear constraint;
   * weak: every element stays where the family put it.

   Relations that cannot all hold raise :class:`~adcraft.layout.LayoutInfeasible` naming them.

Element names: ``product``, ``logo``, ``headline``, ``subline``, ``price`` (the price row, struck
price included) and ``cta`` (the button with its label).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import kiwisolver as kiwi

from adcraft.copy import CopyText
from adcraft.document import Box
from adcraft.elements import TEXT_ELEMENTS, Element, spec
from adcraft.errors import InputError
from adcraft.geometry import bbox_of
from adcraft.layout.plan import LayoutInfeasible, LayoutInput, LayoutPlan, PlacedText
from adcraft.sizes import safe_area

ELEMENTS = tuple(e.value for e in Element)
"""Element names (:class:`~adcraft.elements.Element`)."""
_PLACES = ("top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "left", "right", "centre")
_PAIRS = ("under", "above", "left-of", "right-of", "align-left", "align-right", "align-centre")
RelationKind = Literal[
    "top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "left", "right", "centre",
    "under", "above", "left-of", "right-of", "align-left", "align-right", "align-centre",
]


@dataclass(frozen=True)
class Relation:
    """``subject kind [target]``: a placement on the canvas or relative to another element.

    Placements (no target): ``top-left``, ``top-right``, ``bottom-left``, ``bottom-right``,
    ``top``, ``bottom``, ``left``, ``right``, ``centre`` — edges of the safe area.
    Pairs: ``under``/``above`` (stacked, at least a gap apart; preferably right after the
    target with left edges aligned), ``left-of``/``right-of`` (side by side, preferably with
    tops aligned), ``align-left``/``align-right``/``align-centre`` (same edge or centre line).
    """

    subject: str
    kind: RelationKind
    target: str | None = None

    @classmethod
    def parse(cls, text: str) -> Relation:
        """``"logo top-left"``, ``"cta under price"``, ``"headline align-left price"``.

        Raises
        ------
        InputError
            If the words are not ``ELEMENT PLACEMENT`` or ``ELEMENT RELATION ELEMENT``.
        """
        words = text.lower().replace("center", "centre").replace("below", "under").split()
        if len(words) == 2 and words[0] in ELEMENTS and words[1] in _PLACES:
            return cls(words[0], words[1])  # type: ignore[arg-type]
        if len(words) == 3 and words[0] in ELEMENTS and words[1] in _PAIRS and words[2] in ELEMENTS and words[0] != words[2]:
            return cls(words[0], words[1], words[2])  # type: ignore[arg-type]
        raise InputError(
            f"relation {text!r} is not 'ELEMENT PLACEMENT' ({', '.join(_PLACES)}) or 'ELEMENT RELATION ELEMENT' "
            f"({', '.join(_PAIRS)}); elements: {', '.join(ELEMENTS)}"
        )


@dataclass(frozen=True)
class LayoutControl:
    """What the user fixed. Element names are :data:`ELEMENTS`.

    Attributes
    ----------
    locked:
        Element → box ``(left, top, right, bottom)`` in canvas pixels; the element keeps its
        size from the layout and its top-left corner from the box, except the product, which
        is fitted into the box.
    hidden:
        Elements not shown.
    texts:
        Element → replacement text (``headline``, ``subline``, ``price``, ``cta``).
    relations:
        :class:`Relation` s that must hold.
    """

    locked: Mapping[str, Box] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    texts: Mapping[str, str] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()

    def __post_init__(self) -> None:
        for name in [*self.locked, *self.hidden, *self.texts]:
            if name not in ELEMENTS:
                raise InputError(f"unknown element {name!r}; elements are {', '.join(ELEMENTS)}")
        for name in self.texts:
            if name not in TEXT_ELEMENTS:
                raise InputError(f"element {name!r} has no text to edit; texts are {', '.join(TEXT_ELEMENTS)}")
        for name, box in self.locked.items():
            if box[2] <= box[0] or box[3] <= box[1]:
                raise InputError(f"locked box of {name!r} must have right > left and bottom > top, got {box}")

    @property
    def active(self) -> bool:
        """True when anything is locked, hidden, edited or related."""
        return bool(self.locked or self.hidden or self.texts or self.relations)

    def apply(self, inp: LayoutInput) -> LayoutInput:
        """The layout input with edited texts and without hidden elements."""
        c = self.texts
        copy: CopyText = replace(
            inp.copy,
            headline=c.get("headline", inp.copy.headline),
            subline=None if "subline" in self.hidden else c.get("subline", inp.copy.subline),
            price=None if "price" in self.hidden else c.get("price", inp.copy.price),
            original_price=None if "price" in self.hidden or "price" in c else inp.copy.original_price,
            cta="" if "cta" in self.hidden else c.get("cta", inp.copy.cta),
        )
        return replace(inp, copy=copy, logo_aspect=None if "logo" in self.hidden else inp.logo_aspect)

    def solve(self, plan: LayoutPlan, product_aspect: float | None = None) -> LayoutPlan:
        """Move the plan's elements so that locks and relations hold (see the module docstring).

        ``product_aspect`` (width / height of the product image) fits a locked product into its
        box exactly; without it the plan's rounded product box gives the aspect.

        Raises
        ------
        LayoutInfeasible
            If the locks and relations cannot all hold on this canvas.
        """
        boxes = _element_boxes(plan)
        if "product" in self.hidden:
            boxes.pop("product", None)
        for rel in self.relations:
            for name in (rel.subject, rel.target):
                if name is not None and name not in boxes:
                    raise LayoutInfeasible(f"relation '{rel.subject} {rel.kind} {rel.target or ''}' names {name!r}, which this layout does not show")
        if "product" in self.locked and "product" in boxes:
            aspect = product_aspect if product_aspect and plan.photo_panel is None else None
            boxes["product"] = _fit_into(boxes["product"], self.locked["product"], aspect)
        W, H = plan.size
        sl, st, sr, sb = safe_area(plan.size)
        gap = max(4, round(0.02 * min(W, H)))
        cons: list = []  # every constraint so far; kiwi's solver is unusable after a failed add,
        # so each trial builds a fresh one from this list.

        def build(extra: list) -> kiwi.Solver | None:
            solver = kiwi.Solver()
            try:
                for c in cons + extra:
                    solver.addConstraint(c)
            except kiwi.UnsatisfiableConstraint:
                return None
            solver.updateVariables()
            return solver

        xs = {n: kiwi.Variable(f"{n}.x") for n in boxes}
        ys = {n: kiwi.Variable(f"{n}.y") for n in boxes}
        size = {n: (b[2] - b[0], b[3] - b[1]) for n, b in boxes.items()}
        start = {n: (b[0], b[1]) for n, b in boxes.items()}
        # Texts keep their size; an unlocked product may shrink (aspect kept) to make room.
        ext: dict[str, tuple] = dict(size)
        scale = kiwi.Variable("product.scale")
        if "product" in boxes and "product" not in self.locked:
            w0, h0 = size["product"]
            ext["product"] = (scale * w0, scale * h0)
            cons += [scale <= 1.0, scale >= 0.5, (scale == 1.0) | "strong"]
        for n in boxes:
            if n in self.locked:
                lx, ly = self.locked[n][0], self.locked[n][1]
                start[n] = (lx, ly)
                cons += [xs[n] == lx, ys[n] == ly]
            else:
                w, h = ext[n]
                lo_x, lo_y, hi_x, hi_y = (0, 0, W, H) if n == "product" and plan.photo_panel is not None else (sl, st, sr, sb)
                cons += [xs[n] >= lo_x, xs[n] + w <= hi_x, ys[n] >= lo_y, ys[n] + h <= hi_y]  # a photo panel may bleed
                cons += [(xs[n] == start[n][0]) | "weak", (ys[n] == start[n][1]) | "weak"]
        if build([]) is None:
            raise LayoutInfeasible("the locked boxes leave no room on this canvas")
        for rel in self.relations:
            extra = _relation(rel, xs, ys, ext, (sl, st, sr, sb), gap)
            if build(extra) is None:
                raise LayoutInfeasible(f"relation '{rel.subject} {rel.kind} {rel.target or ''}' conflicts with the locked boxes or other relations")
            cons += extra
        # Desired positions after relations, then a separating side for every pair.
        solver = build([])
        assert solver is not None
        want = {n: (xs[n].value(), ys[n].value()) for n in boxes}
        names = list(boxes)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                for c in _separations(a, b, want, size, ext, xs, ys, gap):
                    if build([c]) is not None:
                        cons.append(c)
                        break
                else:
                    raise LayoutInfeasible(f"{a} and {b} cannot both keep their locked boxes or relations without overlapping")
        solver = build([])
        assert solver is not None
        moved = {n: (round(xs[n].value()), round(ys[n].value())) for n in boxes}
        if "product" in boxes and "product" not in self.locked:
            k = scale.value()
            x, y = moved["product"]
            boxes["product"] = (x, y, x + round(size["product"][0] * k), y + round(size["product"][1] * k))
            moved["product"] = (x, y)
        return _moved_plan(plan, boxes, moved, drop_product="product" in self.hidden)


def _map_box(box: Box, old: Box, new: Box) -> Box:
    """``box`` carried from frame ``old`` to frame ``new`` (translated and scaled with it)."""
    kx, ky = (new[2] - new[0]) / max(1, old[2] - old[0]), (new[3] - new[1]) / max(1, old[3] - old[1])
    return (round(new[0] + (box[0] - old[0]) * kx), round(new[1] + (box[1] - old[1]) * ky),
            round(new[0] + (box[2] - old[0]) * kx), round(new[1] + (box[3] - old[1]) * ky))


def _fit_into(product: Box, region: Box, aspect: float | None = None) -> Box:
    w, h = product[2] - product[0], product[3] - product[1]
    if aspect:
        w, h = aspect, 1.0
    k = min((region[2] - region[0]) / w, (region[3] - region[1]) / h)
    nw, nh = round(w * k), round(h * k)
    x = region[0] + (region[2] - region[0] - nw) // 2
    y = region[1] + (region[3] - region[1] - nh) // 2
    return (x, y, x + nw, y + nh)


def _element_boxes(plan: LayoutPlan) -> dict[str, Box]:
    out: dict[str, Box] = {}
    if plan.photo_panel is not None:  # a photo panel is the product element: it moves as one
        out["product"] = plan.photo_panel
    elif plan.product_box is not None and plan.photo_crop is None:
        out["product"] = plan.product_box
    if plan.logo_box is not None:
        out["logo"] = plan.logo_box
    for element in (Element.HEADLINE, Element.SUBLINE, Element.PRICE):
        box = bbox_of([t.box for t in plan.texts if spec(t.role).element is element])
        if box is not None:
            out[element.value] = box
    if plan.button is not None:
        out[Element.CTA.value] = plan.button
    return out


def _relation(rel: Relation, xs, ys, size, safe, gap) -> list:
    s, t = rel.subject, rel.target
    sl, st, sr, sb = safe
    w, h = size[s]
    x, y = xs[s], ys[s]
    k = rel.kind
    if t is None:
        cons = []
        if "left" in k:
            cons.append(x == sl)
        if "right" in k:
            cons.append(x + w == sr)
        if "top" in k:
            cons.append(y == st)
        if "bottom" in k:
            cons.append(y + h == sb)
        if k == "centre":
            cons += [x + w / 2 == (sl + sr) / 2, y + h / 2 == (st + sb) / 2]
        return cons
    tw, th = size[t]
    tx, ty = xs[t], ys[t]
    return {
        "under": [y >= ty + th + gap, (x == tx) | "strong", (y == ty + th + gap) | "strong"],
        "above": [y + h + gap <= ty, (x == tx) | "strong", (y + h + gap == ty) | "strong"],
        "left-of": [x + w + gap <= tx, (y == ty) | "strong", (x + w + gap == tx) | "strong"],
        "right-of": [x >= tx + tw + gap, (y == ty) | "strong", (x == tx + tw + gap) | "strong"],
        "align-left": [x == tx],
        "align-right": [x + w == tx + tw],
        "align-centre": [x + w / 2 == tx + tw / 2],
    }[k]


def _separations(a: str, b: str, want, size, ext, xs, ys, gap) -> list:
    """The four linear constraints that keep ``a`` and ``b`` apart, least movement first."""
    (ax, ay), (bx, by) = want[a], want[b]
    (aw, ah), (bw, bh) = size[a], size[b]
    (ew_a, eh_a), (ew_b, eh_b) = ext[a], ext[b]
    options = [
        (max(0.0, ax + aw + gap - bx), xs[a] + ew_a + gap <= xs[b]),  # a left of b
        (max(0.0, bx + bw + gap - ax), xs[b] + ew_b + gap <= xs[a]),  # b left of a
        (max(0.0, ay + ah + gap - by), ys[a] + eh_a + gap <= ys[b]),  # a above b
        (max(0.0, by + bh + gap - ay), ys[b] + eh_b + gap <= ys[a]),  # b above a
    ]
    return [c for _, c in sorted(options, key=lambda o: o[0])]


def _moved_plan(plan: LayoutPlan, boxes: dict[str, Box], moved: dict[str, tuple[int, int]], drop_product: bool) -> LayoutPlan:
    def shift(box: Box, name: str) -> Box:
        dx = moved[name][0] - boxes[name][0]
        dy = moved[name][1] - boxes[name][1]
        return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)

    def owner(role: str) -> str:
        element = spec(role).element
        return element.value if element is not None else ""

    texts = tuple(
        PlacedText(t.role, t.fitted, shift(t.box, owner(t.role)), t.align, t.strikethrough) if owner(t.role) in moved else t
        for t in plan.texts
    )
    product = None if drop_product else (shift(boxes["product"], "product") if "product" in moved else plan.product_box)
    panel = plan.photo_panel
    if panel is not None and product is not None and "product" in moved:  # the product rides in its panel
        panel, product = product, _map_box(plan.product_box, plan.photo_panel, product) if plan.product_box else None
    button = shift(plan.button, "cta") if plan.button is not None and "cta" in moved else plan.button
    logo = shift(plan.logo_box, "logo") if plan.logo_box is not None and "logo" in moved else plan.logo_box
    moved_plan = replace(plan, product_box=product, photo_panel=panel, texts=texts, button=button, logo_box=logo)
    if plan.underlay is None or plan.text_region is None or moved_plan.text_region is None:
        return moved_plan
    # The panel keeps its padding around the moved copy.
    (ul, ut, ur, ub), (ol, ot, orr, ob), (nl, nt, nr, nb) = plan.underlay, plan.text_region, moved_plan.text_region
    return replace(moved_plan, underlay=(nl - (ol - ul), nt - (ot - ut), nr + (ur - orr), nb + (ub - ob)))
