"""Raster renderer: :class:`~adcraft.document.DesignDocument` → RGB pixels (Pillow).

Deterministic: the same document and assets give the same pixels. Text is drawn with
FreeType through Pillow, run by run with per-glyph font fallback (complex scripts shaped by
HarfBuzz through Raqm, right-to-left lines drawn in visual order); shapes are anti-aliased by
4x supersampling of their masks, drawn only where they can reach the canvas.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from functools import lru_cache
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from adcraft.background import StyleFrame, draw_background
from adcraft.document import (
    AssetStore,
    BackgroundSpec,
    DesignDocument,
    ImageLayer,
    ShapeLayer,
    TextLayer,
)
from adcraft.errors import InputError
from adcraft.palette.colour import from_hex
from adcraft.render.memo import ImageMemo
from adcraft.typography import FontLibrary, TextStyle
from adcraft.typography.text import line_width

_SS = 4  # supersampling factor for shape masks


class Renderer:
    """Renders documents; holds the :class:`FontLibrary` so fonts load once.

    Parameters
    ----------
    fonts:
        Shared font library (a new one when ``None``).
    text_cache:
        Text masks kept (see :meth:`text_mask`).
    image_budget:
        Bytes of decoded and resized asset images kept (:class:`~adcraft.render.memo.ImageMemo`):
        the candidates of a product resize the same sources, often into the same boxes.
    """

    def __init__(self, fonts: FontLibrary | None = None, text_cache: int = 512, image_budget: int = 96 << 20) -> None:
        self.fonts = fonts or FontLibrary()
        self._text_masks: OrderedDict[tuple, Image.Image] = OrderedDict()
        self._text_cache = text_cache
        self._images = ImageMemo(image_budget)

    # -- asset images ---------------------------------------------------------------------
    def _source(self, name: str, assets: AssetStore, mode: str) -> Image.Image:
        """The asset ``name`` as a Pillow image in ``mode`` (``"RGB"``, ``"RGBA"``, or ``"RGBa"``:
        premultiplied, what Pillow resamples RGBA images in), decoded once (shared: never modify)."""
        px = assets.get(name)

        def make() -> Image.Image:
            im = Image.fromarray(px)
            return im.convert("RGBA").convert("RGBa") if mode == "RGBa" else im.convert(mode)

        return self._images.get(px, ("source", name, mode), make)

    def layer_image(self, layer: ImageLayer, assets: AssetStore) -> Image.Image:
        """The RGBA tile an image layer composites: its asset's ``crop`` resized into its box
        (Lanczos) at its opacity. Pixel for pixel what ``Image.resize`` of the RGBA asset gives
        (resampled premultiplied, as Pillow does); kept, so candidates that draw the same asset
        into the same box size share it (never modify the returned image).

        Raises
        ------
        InputError
            If the asset is missing or the crop does not lie inside it.
        """
        px = assets.get(layer.src)
        h, w = px.shape[:2]
        left, top, right, bottom = layer.box
        crop = layer.crop or (0, 0, w, h)
        if not (0 <= crop[0] < crop[2] <= w and 0 <= crop[1] < crop[3] <= h):
            raise InputError(f"image layer crop {tuple(crop)} does not lie inside its {w}x{h} asset {layer.src!r}")
        size = (right - left, bottom - top)

        def make() -> Image.Image:
            if size == (w, h) and crop == (0, 0, w, h):  # Image.resize returns a copy then
                im = self._source(layer.src, assets, "RGBA").copy()
            elif px.ndim == 3 and px.shape[2] == 3:
                # opaque: premultiplying by 255 changes nothing and Lanczos keeps a constant 255
                # alpha (its fixed-point weights sum to 1), so resampling the three colour bands
                # gives the same pixels with a quarter less work and no conversions
                im = self._source(layer.src, assets, "RGB").resize(size, Image.Resampling.LANCZOS, crop).convert("RGBA")
            else:  # Image.resize of an RGBA image: premultiply, resample, un-premultiply
                im = self._source(layer.src, assets, "RGBa").resize(size, Image.Resampling.LANCZOS, crop).convert("RGBA")
            if layer.opacity < 1.0:
                im.putalpha(im.getchannel("A").point(lambda v: round(v * layer.opacity)))
            return im

        return self._images.get(px, ("layer", layer.src, size, crop, layer.opacity), make)

    # -- background -----------------------------------------------------------------------
    def background(self, spec: BackgroundSpec, size: tuple[int, int], assets: AssetStore) -> Image.Image:
        """Draw the background as an RGBA image of ``size`` (texture blended in, if any)."""
        image = self._base(spec, size, assets)
        if spec.texture and spec.texture_opacity > 0:
            image = blend_texture(image, assets.get(spec.texture), spec.texture_blend, spec.texture_opacity)
        return image

    def _base(self, spec: BackgroundSpec, size: tuple[int, int], assets: AssetStore) -> Image.Image:
        if spec.style == "image":
            if spec.src is None:
                raise InputError("an 'image' background needs 'src' (an asset name)")
            return ImageOps.fit(self._source(spec.src, assets, "RGB"), size, Image.Resampling.LANCZOS).convert("RGBA")
        if spec.style == "photo":
            if spec.src is None:
                raise InputError("a 'photo' background needs 'src' (an asset name)")
            photo = self._source(spec.src, assets, "RGB")
            crop = spec.crop or (0, 0, photo.width, photo.height)
            l, t, r, b = crop
            if not (0 <= l < r <= photo.width and 0 <= t < b <= photo.height):
                raise InputError(
                    f"background crop {tuple(crop)} does not lie inside its photo "
                    f"({photo.width}x{photo.height} px); give a (left, top, right, bottom) box within it"
                )
            return photo.resize(size, Image.Resampling.LANCZOS, box=crop, reducing_gap=3.0).convert("RGBA")
        colours = np.array([from_hex(c)[:3] for c in spec.colours], np.float32)
        if len(colours) < 2:
            raise InputError(f"background style {spec.style!r} needs at least 2 colours, got {len(colours)}")
        frame = StyleFrame(size, product=spec.product_box, text=spec.text_box)
        arr = draw_background(spec.style, size, colours, spec.seed, spec.params, frame)
        return Image.fromarray(arr, "RGB").convert("RGBA")

    # -- layers ---------------------------------------------------------------------------
    def text_mask(self, layer: TextLayer) -> tuple[Image.Image, tuple[int, int]]:
        """Glyph coverage of a text layer as an ``L`` image and its canvas offset ``(x, y)``.

        The mask covers ``layer.box`` grown by a margin of 0.5 em for descenders and overhangs.
        Masks depend on the layer's type and box size, not its colour or position: the last
        few hundred are kept, since composition, drawing and measurement ask for the same ones
        and candidates often set the same text in boxes of the same size (never modify the
        returned image).
        """
        left, top, right, bottom = layer.box
        pad = int(layer.size * 0.5) + 2
        key = (layer.lines, layer.font, layer.size, layer.weight, layer.line_height, layer.tracking, layer.align,
               right - left, bottom - top, layer.strikethrough)
        mask = self._text_masks.get(key)
        if mask is not None:
            self._text_masks.move_to_end(key)
        else:
            mask = self._draw_text_mask(layer)
            self._text_masks[key] = mask
            if len(self._text_masks) > self._text_cache:
                self._text_masks.popitem(last=False)
        return mask, (left - pad, top - pad)

    def _draw_text_mask(self, layer: TextLayer) -> Image.Image:
        style = TextStyle(chain=layer.font, weight=layer.weight, line_height=layer.line_height, tracking=layer.tracking)
        size = layer.size
        pad = int(size * 0.5) + 2
        left, top, right, bottom = layer.box
        mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
        draw = ImageDraw.Draw(mask)
        primary = self.fonts.font(self.fonts.chain(layer.font)[0], size, layer.weight)
        ascent, descent = primary.getmetrics()
        pitch = size * layer.line_height
        box_w = right - left
        for i, line in enumerate(layer.lines):
            width = line_width(self.fonts, line, size, style)
            if layer.align == "center":
                x = (box_w - width) / 2
            elif layer.align == "right":
                x = box_w - width
            else:
                x = 0.0
            x += pad
            baseline = pad + i * pitch + (pitch - (ascent + descent)) / 2 + ascent
            x0 = x
            for family, run in self.fonts.visual_runs(line, layer.font):
                font = self.fonts.font(family, size, layer.weight)
                if layer.tracking and self.fonts.layout(family) == "basic":
                    for ch in run:
                        draw.text((x, baseline), ch, font=font, fill=255, anchor="ls")
                        x += font.getlength(ch) + layer.tracking * size
                else:  # shaped scripts are drawn whole (letters join); tracking goes after the run
                    draw.text((x, baseline), run, font=font, fill=255, anchor="ls")
                    x += font.getlength(run) + layer.tracking * size * len(run)
            if layer.strikethrough:
                thick = max(1, round(size * 0.07))
                y = baseline - size * 0.3
                draw.rectangle((x0 - size * 0.05, y - thick / 2, x0 + width + size * 0.05, y + thick / 2), fill=255)
        return mask

    def shape_mask(self, layer: ShapeLayer, clip: tuple[int, int] | None = None) -> tuple[Image.Image, tuple[int, int]]:
        """Anti-aliased (and blurred) coverage of a shape as ``L`` and its canvas offset.

        With ``clip`` (the canvas ``(width, height)``), only the part that can reach the canvas
        is drawn, so the 4x supersampled mask never outgrows the canvas (plus the blur's reach).
        """
        left, top, right, bottom = layer.box
        pad = int(np.ceil(layer.blur * 3)) + 1
        x0, y0, x1, y1 = left - pad, top - pad, right + pad, bottom + pad
        if clip is not None:
            x0, y0, x1, y1 = max(x0, -pad), max(y0, -pad), min(x1, clip[0] + pad), min(y1, clip[1] + pad)
            if x1 <= x0 or y1 <= y0:
                return Image.new("L", (1, 1), 0), (-1, -1)
        w, h = x1 - x0, y1 - y0
        big = Image.new("L", (w * _SS, h * _SS), 0)
        draw = ImageDraw.Draw(big)
        rect = ((left - x0) * _SS, (top - y0) * _SS, (right - x0) * _SS - 1, (bottom - y0) * _SS - 1)
        if layer.shape == "ellipse":
            draw.ellipse(rect, fill=255)
        elif layer.shape == "rounded_rect":
            draw.rounded_rectangle(rect, radius=layer.radius * _SS, fill=255)
        else:
            draw.rectangle(rect, fill=255)
        mask = big.resize((w, h), Image.Resampling.BOX)
        if layer.blur > 0:
            mask = mask.filter(ImageFilter.GaussianBlur(layer.blur))
        return mask, (x0, y0)

    @staticmethod
    def _fill(canvas: Image.Image, mask: Image.Image, offset: tuple[int, int], colour: str) -> None:
        r, g, b, a = from_hex(colour)
        if a < 255:
            mask = mask.point(lambda v, a=a: v * a // 255)
        tile = Image.new("RGBA", mask.size, (r, g, b, 255))
        tile.putalpha(mask)
        _composite_at(canvas, tile, offset)

    def draw_layer(self, canvas: Image.Image, layer: ImageLayer | ShapeLayer | TextLayer, assets: AssetStore) -> None:
        """Composite one layer onto ``canvas`` (RGBA, modified in place)."""
        if isinstance(layer, ImageLayer):
            _composite_at(canvas, self.layer_image(layer, assets), (layer.box[0], layer.box[1]))
        elif isinstance(layer, ShapeLayer):
            mask, offset = self.shape_mask(layer, clip=canvas.size)
            self._fill(canvas, mask, offset, layer.fill)
        else:
            mask, offset = self.text_mask(layer)
            self._fill(canvas, mask, offset, layer.colour)

    # -- documents ------------------------------------------------------------------------
    def render(
        self,
        doc: DesignDocument,
        assets: AssetStore,
        *,
        upto: int | None = None,
        base: Image.Image | None = None,
        start: int = 0,
    ) -> Image.Image:
        """Render ``doc`` to an RGBA image of ``doc.size``.

        Parameters
        ----------
        doc, assets:
            The document and the store its asset names resolve in.
        upto:
            Draw only layers ``[start, upto)`` (all when ``None``).
        base:
            An already rendered image of layers ``[0, start)`` to continue from (copied).
        start:
            Index of the first layer to draw over ``base``.

        Raises
        ------
        InputError
            If an asset is missing or a background spec is incomplete.
        UnknownOptionError
            If the background style or a font chain is unknown.
        """
        canvas = base.copy() if base is not None else self.background(doc.background, doc.size, assets)
        layers = doc.layers[start:upto]
        for layer in layers:
            self.draw_layer(canvas, layer, assets)
        return canvas

    def render_rgb(self, doc: DesignDocument, assets: AssetStore) -> np.ndarray:
        """Render ``doc`` fully and return ``uint8`` ``(H, W, 3)`` sRGB pixels."""
        return np.asarray(self.render(doc, assets).convert("RGB"))

    def product_alpha(self, doc: DesignDocument, assets: AssetStore) -> np.ndarray:
        """The product's alpha on the canvas, ``float32`` ``(H, W)`` in ``[0, 1]`` (zeros if none)."""
        w, h = doc.size
        out = np.zeros((h, w), np.float32)
        if doc.product is None:
            return out
        src = assets.get(doc.product.mask_src)
        left, top, right, bottom = doc.product.box
        size = (right - left, bottom - top)

        def make() -> Image.Image:
            a = src[..., 3] if src.ndim == 3 and src.shape[2] == 4 else (src if src.ndim == 2 else src[..., 0])
            return Image.fromarray(np.ascontiguousarray(a)).resize(size, Image.Resampling.BILINEAR)

        im = self._images.get(src, ("alpha", doc.product.mask_src, size), make)
        arr = np.asarray(im, np.float32) / 255.0
        x0, y0 = max(0, left), max(0, top)
        x1, y1 = min(w, right), min(h, bottom)
        if x1 > x0 and y1 > y0:
            out[y0:y1, x0:x1] = arr[y0 - top : y1 - top, x0 - left : x1 - left]
        return out


@lru_cache(maxsize=32)
def _blend_lut(mode: str, opacity: float) -> np.ndarray:
    """``uint8`` ``(256 * 256,)`` table of the blend result for every (base, source) byte pair."""
    b = (np.arange(256, dtype=np.float32) / 255.0)[:, None]
    s = (np.arange(256, dtype=np.float32) / 255.0)[None, :]
    if mode == "multiply":
        out = b * s
    elif mode == "screen":
        out = b + s - b * s
    else:
        d = np.where(b <= 0.25, ((16 * b - 12) * b + 4) * b, np.sqrt(b))
        out = np.where(s <= 0.5, b - (1 - 2 * s) * b * (1 - b), b + (2 * s - 1) * (d - b))
    out = b + (out - b) * opacity
    table = (np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8).ravel()
    table.setflags(write=False)  # shared by every call with these arguments
    return table


def blend_texture(image: Image.Image, tile: np.ndarray, mode: str, opacity: float) -> Image.Image:
    """Repeat a grey ``tile`` (``uint8`` ``(h, w)`` or ``(h, w, c)``) over ``image`` and blend.

    ``multiply`` (B·S), ``screen`` (B + S − B·S) and ``soft_light`` (the W3C Compositing and
    Blending Level 1 formula) with the tile as the source layer, then mixed with the original
    at ``opacity`` (0..1). Evaluated through a 256x256 lookup table of byte pairs (one gather
    per channel instead of float arithmetic over the canvas). Returns a new RGBA image.
    """
    base = np.asarray(image.convert("RGB"))
    t = tile if tile.ndim == 2 else tile[..., 0]
    h, w = base.shape[:2]
    reps = (-(-h // t.shape[0]), -(-w // t.shape[1]))
    index = np.left_shift(base, 8, dtype=np.uint16)  # base * 256 + source byte
    index |= np.tile(t, reps)[:h, :w, None]
    out = _blend_lut(mode, opacity)[index]
    return Image.fromarray(out, "RGB").convert("RGBA")


def _composite_at(canvas: Image.Image, tile: Image.Image, offset: tuple[int, int]) -> None:
    """``alpha_composite`` that accepts tiles reaching past the canvas edges."""
    x, y = offset
    sx, sy = max(0, -x), max(0, -y)
    dx, dy = max(0, x), max(0, y)
    w = min(tile.width - sx, canvas.width - dx)
    h = min(tile.height - sy, canvas.height - dy)
    if w <= 0 or h <= 0:
        return
    canvas.alpha_composite(tile, dest=(dx, dy), source=(sx, sy, sx + w, sy + h))


def encode_image(image: Image.Image, fmt: Literal["png", "jpeg", "webp"], quality: int = 88) -> bytes:
    """Encode an RGB(A) image as PNG, JPEG (baseline, 4:2:0) or WebP bytes."""
    buf = io.BytesIO()
    rgb = image.convert("RGB")
    if fmt == "png":
        rgb.save(buf, "PNG", compress_level=3)
    elif fmt == "jpeg":
        rgb.save(buf, "JPEG", quality=quality, optimize=True)
    elif fmt == "webp":
        rgb.save(buf, "WEBP", quality=quality, method=4)
    else:
        raise InputError(f"unknown image format {fmt!r}; use png, jpeg or webp")
    return buf.getvalue()


def _glyph_window(renderer: Renderer, size: tuple[int, int], layer: TextLayer) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """The canvas window ``(x0, y0, x1, y1)`` of ``layer``'s glyph mask (clipped to a ``size``
    canvas) and the mask's ink (coverage > 96 of 255) there; ``None`` when off the canvas."""
    mask, (ox, oy) = renderer.text_mask(layer)
    W, H = size
    x0, y0, x1, y1 = max(0, ox), max(0, oy), min(W, ox + mask.width), min(H, oy + mask.height)
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1), np.asarray(mask)[y0 - oy : y1 - oy, x0 - ox : x1 - ox] > 96


def pixels_under_text(renderer: Renderer, arr: np.ndarray, layer: TextLayer) -> np.ndarray:
    """Pixels of ``arr`` (``(H, W, 3|4)`` uint8 canvas) under ``layer``'s glyphs, ``(N, 3)``
    in row-major order (glyph coverage over 96 of 255, inside the canvas)."""
    found = _glyph_window(renderer, (arr.shape[1], arr.shape[0]), layer)
    if found is None:
        return arr[:0, 0, :3]
    (x0, y0, x1, y1), ink = found
    return arr[y0:y1, x0:x1][ink][:, :3]


def glyph_pixels(renderer: Renderer, canvas: Image.Image, layer: TextLayer) -> np.ndarray:
    """:func:`pixels_under_text` of a Pillow canvas, reading only the text's window of it."""
    found = _glyph_window(renderer, canvas.size, layer)
    if found is None:
        return np.zeros((0, 3), np.uint8)
    box, ink = found
    return np.asarray(canvas.crop(box))[ink][:, :3]
