"""Designer templates: JSON files with named slots, rendered by the same engine.

Smart-creative systems (e.g. Alibaba's Luban, JD's and Suning's banner engines) let designers
draw a layout once as named slots and fill it per product. A template here is a JSON file::

    {"name": "hero_left", "description": "…", "aspect": [1.25, 3.0],
     "slots": {"headline": {"box": [0.06, 0.22, 0.50, 0.55], "align": "left"},
               "subline":  {"box": […], "optional": true},
               "price": {…}, "cta": {…}, "logo": {…}, "product": {"box": […]}}}

``aspect`` is the range of width/height the template designs for; slot boxes are ``(left,
top, right, bottom)`` as fractions of the canvas's safe area; ``align`` is ``left``, ``center`` or
``right``. Text slots (``headline``, ``subline``, ``price``, ``cta``) are set on one type scale
(:data:`~adcraft.elements.ROLE_SPECS`): the largest headline size at which every text fits
its slot, so the hierarchy headline > price > CTA holds in every template. A missing or
``optional`` slot whose text does not fit is left out; the product is fitted into its slot.

Every ``*.json`` in ``adcraft/layout/templates`` is registered as layout family
``template:<name>`` by :func:`adcraft.layout.layout_families`, which also takes a user's
templates (``Engine(templates=[load_template(path)])``).
"""

from __future__ import annotations

import json
from functools import partial
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from adcraft.elements import LAYOUT_TEXTS, Element
from adcraft.errors import InputError
from adcraft.geometry import fit_box, overlaps
from adcraft.layout.families import Family
from adcraft.layout.plan import LayoutInfeasible, LayoutInput, LayoutParams, LayoutPlan
from adcraft.layout.stack import TypeFloor, build_block, largest_scale, place_block
from adcraft.sizes import AspectClass, safe_area
from adcraft.typography import FontLibrary

SLOTS = tuple(e.value for e in Element)
"""Slot names: the :class:`~adcraft.elements.Element` s."""


class Slot(BaseModel):
    """One named slot: a box in canvas fractions, an alignment, optional or not."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    box: tuple[float, float, float, float]
    align: str = Field("left", pattern="^(left|center|right)$")
    optional: bool = False

    @field_validator("box")
    @classmethod
    def _box(cls, v):
        l, t, r, b = v
        if not (0 <= l < r <= 1 and 0 <= t < b <= 1):
            raise ValueError(f"slot box must satisfy 0 <= left < right <= 1 and 0 <= top < bottom <= 1, got {v}")
        return v


class Template(BaseModel):
    """A designer template (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    description: str = ""
    aspect: tuple[float, float]
    slots: dict[str, Slot]

    @field_validator("slots")
    @classmethod
    def _slots(cls, v):
        unknown = set(v) - set(SLOTS)
        if unknown:
            raise ValueError(f"unknown slot names {sorted(unknown)}; slots are {', '.join(SLOTS)}")
        if "headline" not in v:
            raise ValueError("a template needs a headline slot")
        if "product" in v:
            p = v["product"].box
            for name, slot in v.items():
                b = slot.box
                if name != "product" and overlaps(p, b):
                    raise ValueError(f"slot {name!r} overlaps the product slot; copy must never cover the product")
        return v

    def accepts(self, size: tuple[int, int]) -> bool:
        """True when ``size``'s width/height is inside :attr:`aspect`."""
        return self.aspect[0] <= size[0] / size[1] < self.aspect[1]


def load_template(path: str | Path) -> Template:
    """Read and validate a template file.

    Raises
    ------
    InputError
        If the file is missing, not JSON, or not a valid template; the message says what.
    """
    p = Path(path)
    try:
        return Template.model_validate(json.loads(p.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputError(f"template {p} does not exist") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"template {p} is not valid JSON: {exc}") from None
    except ValidationError as exc:
        raise InputError(f"template {p} is not a valid template: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}") from None


def slot_px(box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A slot box in canvas pixels: fractions of the safe area
    (:func:`~adcraft.sizes.safe_area`, which keeps margins and the platform UI bands of
    stories free)."""
    sl, st, sr, sb = safe_area(size)
    w, h = sr - sl, sb - st
    return (sl + round(box[0] * w), st + round(box[1] * h), sl + round(box[2] * w), st + round(box[3] * h))


def fill_template(tpl: Template, inp: LayoutInput, params: LayoutParams, fonts: FontLibrary) -> LayoutPlan:
    """Fill ``tpl``'s slots with ``inp``'s content at ``inp.size``.

    Raises
    ------
    LayoutInfeasible
        If the canvas's aspect is outside the template's range or a required text does not
        fit its slot at the canvas's minimum size.
    """
    if not tpl.accepts(inp.size):
        raise LayoutInfeasible(f"template {tpl.name!r} designs for width/height {tpl.aspect[0]}–{tpl.aspect[1]}")
    floor = TypeFloor.for_canvas(inp.size)
    min_px = floor.headline
    present = {"headline": True, "subline": bool(inp.copy.subline), "price": bool(inp.copy.price), "cta": bool(inp.copy.cta)}
    roles = [r.value for r in LAYOUT_TEXTS if r in tpl.slots and present[r]]
    notes: list[str] = []

    def attempt(s: int, use: tuple[str, ...]):
        blocks = {}
        for r in use:
            l, t, rr, b = slot_px(tpl.slots[r].box, inp.size)
            blk = build_block(fonts, inp.copy, (r,), inp.chain, s, floor, rr - l)
            if blk is None or blk.h > b - t:
                return None
            blocks[r] = blk
        return blocks

    max_s = slot_px(tpl.slots["headline"].box, inp.size)
    max_s = max(min_px, max_s[3] - max_s[1])
    use = tuple(roles)
    res = largest_scale(min_px, max_s, lambda s: attempt(s, use))
    for r in [r for r in roles if tpl.slots[r].optional]:
        if res is not None:
            break
        use = tuple(x for x in use if x != r)
        notes.append(f"{r} left out: it does not fit its slot in {tpl.name}")
        res = largest_scale(min_px, max_s, lambda s, u=use: attempt(s, u))
    if res is None:
        raise LayoutInfeasible(f"the copy does not fit the slots of template {tpl.name!r} at {inp.size[0]}x{inp.size[1]}")
    texts, button = [], None
    for r, blk in res.items():
        l, t, rr, b = slot_px(tpl.slots[r].box, inp.size)
        placed, btn = place_block(blk, l, t + (b - t - blk.h) // 2, rr - l, tpl.slots[r].align)  # type: ignore[arg-type]
        texts.extend(placed)
        button = btn or button
    product = fit_box(inp.product_aspect, slot_px(tpl.slots["product"].box, inp.size), params.product_scale) if "product" in tpl.slots else None
    logo = None
    if inp.logo_aspect and "logo" in tpl.slots:
        l, t, rr, b = slot_px(tpl.slots["logo"].box, inp.size)
        w = min(rr - l, round((b - t) * inp.logo_aspect))
        h = round(w / inp.logo_aspect)
        x = {"left": l, "center": l + (rr - l - w) // 2, "right": rr - w}[tpl.slots["logo"].align]
        logo = (x, t + (b - t - h) // 2, x + w, t + (b - t - h) // 2 + h)
    return LayoutPlan(
        family=f"template:{tpl.name}",
        params=params,
        size=inp.size,
        product_box=product,
        texts=tuple(texts),
        button=button,
        logo_box=logo,
        notes=tuple(notes),
    )


def template_family(tpl: Template) -> Family:
    """The layout family ``template:<name>`` that fills ``tpl`` (for
    :func:`adcraft.layout.layout_families` or :meth:`Registry.extended`)."""
    return Family(
        f"template:{tpl.name}", frozenset(AspectClass), partial(fill_template, tpl), fits=partial(_accepts, tpl)
    )


def _accepts(tpl: Template, size: tuple[int, int], scene: object) -> bool:
    return tpl.accepts(size)


def shipped_templates() -> list[Template]:
    """The templates that ship in ``adcraft/layout/templates``, by name."""
    folder = resources.files("adcraft.layout").joinpath("templates")
    return sorted((load_template(Path(str(p))) for p in folder.iterdir() if p.name.endswith(".json")), key=lambda t: t.name)
