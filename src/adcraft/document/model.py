"""Design document: everything needed to render a creative, and nothing else.

A :class:`DesignDocument` is a frozen pydantic model that round-trips through JSON. Pixel
geometry follows the project conventions: boxes are ``(left, top, right, bottom)`` in canvas
pixels (right/bottom exclusive, as Pillow), sizes ``(width, height)``, colours ``#rrggbb`` or
``#rrggbbaa``. Images are referenced by asset name (see :class:`~adcraft.document.AssetStore`).
Layers are drawn in list order over the background.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from adcraft.elements import Role
from adcraft.geometry import Box
from adcraft.palette.colour import from_hex

Blend = Literal["multiply", "screen", "soft_light"]
"""Texture blend modes (W3C Compositing and Blending Level 1)."""

#: Bounds that keep any valid document cheap to render (see :class:`DesignDocument`).
MAX_SIDE = 8192
MAX_CANVAS_PIXELS = 4096 * 4096
#: How far a box may reach past the canvas, as a fraction of the canvas side on each side.
BOX_REACH = 0.5
MAX_TEXT_CHARS = 500
MAX_LINES = 12
MAX_PARAM = 1000.0
#: Parameters of procedural styles that set how much is drawn, and their ranges.
PARAM_RANGES = {"count": (0.0, 500.0), "rays": (0.0, 360.0), "pitch": (0.004, 1.0)}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_colour(v: str) -> str:
    from_hex(v)
    return v


def _check_box(v: Box) -> Box:
    if v[2] <= v[0] or v[3] <= v[1]:
        raise ValueError(f"box must have right > left and bottom > top, got {v}")
    return v


class BackgroundSpec(_Model):
    """The canvas background.

    ``style`` names a registered procedural style (``adcraft.background.STYLES``) drawn from
    ``colours`` and ``seed``; or is ``"photo"``: the asset ``src`` cropped to ``crop`` (in the
    asset's pixels) and resized to the canvas; or ``"image"``: the asset ``src`` scaled to cover
    the canvas and centre-cropped (a designer-library background).

    ``params`` are the style's own scalars; ``product_box`` and ``text_box`` (canvas pixels) are
    the layout the style follows (a glow behind the product, motifs kept off both boxes).

    ``texture`` (optional) names a grey tile asset repeated over the background and blended with
    ``texture_blend`` (``multiply``, ``screen`` or ``soft_light``, W3C Compositing and Blending
    Level 1 formulas) at ``texture_opacity``.
    """

    style: str
    colours: tuple[str, ...] = ()
    seed: int = 0
    params: dict[str, float] = Field(default_factory=dict)
    product_box: Box | None = None
    text_box: Box | None = None
    src: str | None = None
    crop: Box | None = None
    texture: str | None = None
    texture_blend: Blend = "soft_light"
    texture_opacity: float = Field(0.0, ge=0.0, le=1.0, allow_inf_nan=False)

    _colours = field_validator("colours")(lambda v: tuple(_check_colour(c) for c in v))

    @field_validator("params")
    @classmethod
    def _check_params(cls, v: dict[str, float]) -> dict[str, float]:
        for name, value in v.items():
            lo, hi = PARAM_RANGES.get(name, (-MAX_PARAM, MAX_PARAM))
            if not math.isfinite(value) or not lo <= value <= hi:
                raise ValueError(f"background parameter {name!r} must be a finite number within {lo:g}..{hi:g}, got {value}")
        return v


class ImageLayer(_Model):
    """A raster image (RGB or RGBA asset) resized into ``box`` (Lanczos); ``crop`` (asset pixels)
    takes a part of the image first (a photo panel)."""

    type: Literal["image"] = "image"
    role: Role
    src: str
    box: Box
    crop: Box | None = None
    opacity: float = Field(1.0, ge=0.0, le=1.0, allow_inf_nan=False)

    _box = field_validator("box")(_check_box)


class ShapeLayer(_Model):
    """A filled rectangle, rounded rectangle or ellipse; ``blur`` (px) softens it (shadows)."""

    type: Literal["shape"] = "shape"
    role: Role
    shape: Literal["rect", "rounded_rect", "ellipse"]
    box: Box
    fill: str
    radius: float = Field(0.0, ge=0.0, le=4 * MAX_SIDE, allow_inf_nan=False)
    blur: float = Field(0.0, ge=0.0, le=256.0, allow_inf_nan=False)

    _box = field_validator("box")(_check_box)
    _fill = field_validator("fill")(_check_colour)


class TextLayer(_Model):
    """Text already broken into ``lines`` and sized, drawn inside ``box``.

    ``font`` names a font chain of :class:`~adcraft.typography.FontLibrary` (its first family
    first, the rest as per-glyph fallback); ``size`` is the em size in pixels, ``weight`` the
    CSS weight (100–900), ``line_height`` the line pitch in ems, ``tracking`` extra letter
    spacing in ems.
    """

    type: Literal["text"] = "text"
    role: Role
    text: str = Field(max_length=MAX_TEXT_CHARS)
    lines: tuple[Annotated[str, Field(max_length=MAX_TEXT_CHARS)], ...] = Field(max_length=MAX_LINES)
    box: Box
    font: str
    size: int = Field(gt=0, le=2048)
    weight: int = Field(400, ge=100, le=900)
    colour: str
    align: Literal["left", "center", "right"] = "left"
    line_height: float = Field(1.2, gt=0.5, le=3.0, allow_inf_nan=False)
    tracking: float = Field(0.0, ge=-0.5, le=2.0, allow_inf_nan=False)
    strikethrough: bool = False

    _box = field_validator("box")(_check_box)
    _colour = field_validator("colour")(_check_colour)


Layer = Annotated[ImageLayer | ShapeLayer | TextLayer, Field(discriminator="type")]


class ProductRef(_Model):
    """Where the product is on the canvas: the alpha of asset ``mask_src`` placed in ``box``.

    For a cut-out the asset is the cut-out itself (its alpha channel); for a scene photo it is
    the product's matte, cropped like the photo.
    """

    mask_src: str
    box: Box


class DesignDocument(_Model):
    """A complete creative: canvas size, background, ordered layers, product reference.

    Validation bounds every document to a rendering cost that scales with its canvas: at most
    :data:`MAX_SIDE` px a side and :data:`MAX_CANVAS_PIXELS` pixels; boxes within half the
    canvas past each edge; text of at most :data:`MAX_LINES` lines of :data:`MAX_TEXT_CHARS`
    characters, an em size at most the canvas's long side (and 2048 px); blur ≤ 256 px;
    procedural-style parameters finite and within :data:`PARAM_RANGES`.

    Attributes
    ----------
    version:
        Document format version (2). Version 1 documents (geometry as ``pl..pb``/``tl..tb``
        canvas fractions in the background's ``params``) are read and converted.
    size:
        ``(width, height)`` of the canvas in pixels.
    background:
        :class:`BackgroundSpec`.
    layers:
        Drawn in order over the background.
    product:
        Where the product sits, for occlusion checks; ``None`` for product-less documents.
    meta:
        Free-form provenance (layout family, style, seed); not used for rendering.
    """

    version: Literal[2] = 2
    size: tuple[int, int]
    background: BackgroundSpec
    layers: tuple[Layer, ...] = ()
    product: ProductRef | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _read_version_1(cls, data: Any) -> Any:
        return upgrade_v1(data) if isinstance(data, dict) and data.get("version") == 1 else data

    @field_validator("size")
    @classmethod
    def _check_size(cls, v: tuple[int, int]) -> tuple[int, int]:
        if not (1 <= v[0] <= MAX_SIDE and 1 <= v[1] <= MAX_SIDE):
            raise ValueError(f"canvas size must be within 1..{MAX_SIDE} px per side, got {v[0]}x{v[1]}")
        if v[0] * v[1] > MAX_CANVAS_PIXELS:
            raise ValueError(f"canvas {v[0]}x{v[1]} has {v[0] * v[1] / 1e6:.1f} megapixels, over {MAX_CANVAS_PIXELS / 1e6:.1f}")
        return v

    @model_validator(mode="after")
    def _check_bounds(self) -> DesignDocument:
        """Boxes reach at most :data:`BOX_REACH` of the canvas past each edge; a text's em size
        is at most the canvas's long side. So memory and time of rendering scale with the
        canvas, never with what a document claims."""
        w, h = self.size
        lo_x, lo_y = -BOX_REACH * w, -BOX_REACH * h
        hi_x, hi_y = (1 + BOX_REACH) * w, (1 + BOX_REACH) * h
        boxes = [(f"layer {i} ({layer.role})", layer.box) for i, layer in enumerate(self.layers)]
        if self.product is not None:
            boxes.append(("product", self.product.box))
        for what, box in (("background product_box", self.background.product_box), ("background text_box", self.background.text_box)):
            if box is not None:
                boxes.append((what, box))
        for what, (l, t, r, b) in boxes:
            if l < lo_x or t < lo_y or r > hi_x or b > hi_y:
                raise ValueError(
                    f"{what} box {(l, t, r, b)} reaches too far past the {w}x{h} canvas "
                    f"(allowed: {lo_x:g}..{hi_x:g} x {lo_y:g}..{hi_y:g}, half the canvas past each edge)"
                )
        for i, layer in enumerate(self.layers):
            if isinstance(layer, TextLayer) and layer.size > max(w, h):
                raise ValueError(f"layer {i} ({layer.role}) font size {layer.size} px is larger than the {w}x{h} canvas")
        return self

    def asset_names(self) -> set[str]:
        """Names of every asset the document references."""
        names = {layer.src for layer in self.layers if isinstance(layer, ImageLayer)}
        if self.background.src:
            names.add(self.background.src)
        if self.background.texture:
            names.add(self.background.texture)
        if self.product:
            names.add(self.product.mask_src)
        return names


_V1_BOXES = {"product_box": ("pl", "pt", "pr", "pb"), "text_box": ("tl", "tt", "tr", "tb")}


def upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A version 1 document (as a JSON object) in version 2 form.

    Version 1 carried the layout a background follows as canvas fractions in its ``params``
    (``pl, pt, pr, pb`` the product, ``tl, tt, tr, tb`` the text block); version 2 carries
    them as the pixel boxes ``product_box`` and ``text_box``. Nothing else changed.
    """
    out = dict(data)
    background = dict(out.get("background") or {})
    params = dict(background.get("params") or {})
    size = out.get("size") or (1, 1)
    W, H = float(size[0]), float(size[1])
    for field, keys in _V1_BOXES.items():
        if all(k in params for k in keys):
            l, t, r, b = (params.pop(k) for k in keys)
            background[field] = (round(l * W), round(t * H), round(r * W), round(b * H))
    background["params"] = params
    out["background"] = background
    out["version"] = 2
    return out
