"""Typed results of the layout stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from adcraft.copy import CopyText
from adcraft.elements import Role
from adcraft.geometry import Box, bbox_of
from adcraft.typography import FittedText

Align = Literal["left", "center", "right"]
Side = Literal["auto", "start", "end"]


@dataclass(frozen=True)
class SceneInfo:
    """The photo as a possible background.

    Attributes
    ----------
    photo_size:
        ``(width, height)`` of the photo in pixels.
    product_box:
        Product bounding box in photo pixels.
    saliency:
        ``float32`` ``(h, w)`` saliency of the photo at reduced size, ``[0, 1]``.
    busyness:
        ``float32`` ``(h, w)`` local gradient energy of the photo at the same reduced size,
        ``[0, 1]`` (see :func:`adcraft.layout.canvas.busyness`); ``None`` if not measured.
    keep_box:
        A generous box around the product in photo pixels (its soft saliency: thin or
        transparent parts a matte misses, a glass's base, a carton's corner) that crops keep
        when they can; ``None``: :attr:`product_box`.
    backdrop:
        True for a plain studio backdrop (a packshot): crops may extend it freely, as the
        extension of a flat backdrop is the backdrop.
    cut:
        Sides ``(left, top, right, bottom)`` where the photo's frame cuts the product (its
        matte runs along the frame, :func:`adcraft.cutout.confidence.cut_sides`); ``None``:
        judged from :attr:`product_box` touching the frame.
    memo:
        Results derived from the maps, kept by the layout stage so that every candidate of a
        size shares one search (e.g. canvas mode's free regions); not part of equality.
    """

    photo_size: tuple[int, int]
    product_box: Box
    saliency: np.ndarray
    busyness: np.ndarray | None = None
    keep_box: Box | None = None
    backdrop: bool = False
    cut: tuple[bool, bool, bool, bool] | None = None
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def touches(self, slack: float = 0.005) -> tuple[bool, bool, bool, bool]:
        """Which sides ``(left, top, right, bottom)`` of the photo's frame cut the product:
        :attr:`cut`, or where the product box comes within ``slack`` of the side."""
        if self.cut is not None:
            return self.cut
        iw, ih = self.photo_size
        l, t, r, b = self.product_box
        return (l <= slack * iw, t <= slack * ih, r >= (1 - slack) * iw, b >= (1 - slack) * ih)


@dataclass(frozen=True)
class LayoutInput:
    """Everything the layout needs about the content."""

    size: tuple[int, int]
    copy: CopyText
    chain: str
    product_aspect: float
    logo_aspect: float | None = None
    scene: SceneInfo | None = None


@dataclass(frozen=True)
class LayoutParams:
    """One candidate's layout choices.

    Attributes
    ----------
    family:
        Name in :data:`adcraft.layout.FAMILIES`.
    align:
        Text alignment for families that allow a choice.
    split:
        Share (0..1) of the safe width (or height) given to the product in split layouts.
    product_scale:
        Product size inside its region (0.5..1).
    side:
        For ``scene``: where the text band goes (``"auto"`` picks the less salient side).
    """

    family: str
    align: Align = "left"
    split: float = 0.5
    product_scale: float = 0.92
    side: Side = "auto"


@dataclass(frozen=True)
class PlacedText:
    """A fitted text at its canvas box."""

    role: Role
    fitted: FittedText
    box: Box
    align: Align
    strikethrough: bool = False


@dataclass(frozen=True)
class LayoutPlan:
    """Geometry of one candidate, before colours are chosen.

    Attributes
    ----------
    family, params:
        What produced it.
    size:
        Canvas ``(width, height)``.
    product_box:
        Where the product image goes (canvas pixels), ``None`` if dropped.
    texts:
        Placed texts (headline, subline, price, original_price, cta).
    button:
        The CTA button box around the ``cta`` text.
    logo_box:
        Where the logo goes, or ``None``.
    photo_crop:
        For layouts that use the photo whole, the crop of the photo (photo pixels): the
        background (scene layouts), or the content of :attr:`photo_panel`.
    photo_panel:
        Where the photo crop goes when it is a panel beside the copy (canvas pixels, it may
        bleed to the canvas edges); ``None``: the crop fills the canvas.
    photo_pads:
        ``(left, top, right, bottom)`` pixels by which the photo is extended beyond its frame
        (:func:`adcraft.background.extend.extend_scene`) before ``photo_crop``, which is then in
        the extended photo's pixels; ``None``: no extension.
    underlay:
        A panel the layout puts behind the text block (canvas mode on a busy area); ``None``
        leaves the choice to composition, which adds one where contrast needs it.
    notes:
        Choices made (dropped sub-line…), for the ranking report.
    """

    family: str
    params: LayoutParams
    size: tuple[int, int]
    product_box: Box | None
    texts: tuple[PlacedText, ...]
    button: Box | None
    logo_box: Box | None
    photo_crop: Box | None = None
    photo_panel: Box | None = None
    photo_pads: Box | None = None
    underlay: Box | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def uses_photo(self) -> bool:
        """True when the photo is shown whole (as background or panel), not cut out."""
        return self.photo_crop is not None

    @property
    def full_bleed(self) -> bool:
        """True when the photo is the background of the whole canvas."""
        return self.photo_crop is not None and self.photo_panel is None

    @property
    def text_region(self) -> Box | None:
        """Canvas box containing every text, the button and the logo (for underlays)."""
        return bbox_of([t.box for t in self.texts] + [b for b in (self.button, self.logo_box) if b is not None])


class LayoutInfeasible(Exception):
    """A family cannot lay out this content at this size; ``str(exc)`` says why."""
