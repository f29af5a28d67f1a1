"""A design document as one self-contained SVG file.

Text is exported **as paths**, not as ``<text>`` with an embedded font subset. Reasons:

* The SVG must look like the PNG wherever it is opened. ``@font-face`` web fonts are read by
  browsers only; resvg, librsvg/CairoSVG, Inkscape's importers and many ad and print pipelines
  ignore them and substitute a system font, which changes line widths and breaks the layout
  adcraft fitted. Outlines render identically everywhere.
* adcraft draws each glyph from a per-glyph fallback chain (Inter, Noto Sans, Noto Sans SC) at a
  variable-font location it picks (weight and optical size); a subset per family and location
  would be several fonts, and most renderers cannot set variation axes from CSS.
* The text is already laid out (lines and sizes are fixed in the document), so little
  editability is lost; the words stay in the file as each group's ``aria-label`` (screen
  readers, search) and the design document remains the editable source.

Text in scripts set with HarfBuzz shaping (Thai, Arabic, Hebrew, emoji) is embedded as an image
of the renderer's glyphs in the layer's colour (still labelled), since its glyph positions come
from the shaper (see :mod:`adcraft.export.textpath`).

Raster parts stay raster: the background (procedural, photo or library image; one JPEG),
image layers (cut-out, logo; PNG at up to 2x their box from the original asset). Shapes are
``<rect>``/``<ellipse>`` with a ``feGaussianBlur`` (σ = the layer's blur, as Pillow's
``GaussianBlur`` radius) where blurred. Coordinates are canvas px (``viewBox`` = the canvas).
"""

from __future__ import annotations

import base64
import io
from html import escape

import numpy as np
from PIL import Image

from adcraft.document import AssetStore, DesignDocument, ImageLayer, ShapeLayer, TextLayer
from adcraft.export.textpath import TextOutliner
from adcraft.palette.colour import from_hex
from adcraft.render import Renderer


def _data_uri(image: Image.Image, fmt: str, quality: int = 90) -> str:
    buf = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(buf, "JPEG", quality=quality, optimize=True, subsampling=0)
    else:
        image.save(buf, "PNG", optimize=True)
    return f"data:image/{fmt};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def _paint(colour: str) -> str:
    r, g, b, a = from_hex(colour)
    alpha = f' fill-opacity="{a / 255:.3f}"' if a < 255 else ""
    return f'fill="#{r:02x}{g:02x}{b:02x}"{alpha}'


def _image(layer: ImageLayer, assets: AssetStore) -> str:
    l, t, r, b = layer.box
    src = Image.fromarray(assets.get(layer.src)).convert("RGBA")
    if layer.crop is not None:
        src = src.crop(tuple(layer.crop))
    k = min(2.0, max(1.0, src.width / (r - l)))
    size = (max(1, round((r - l) * k)), max(1, round((b - t) * k)))
    im = src.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    opacity = f' opacity="{layer.opacity:.3f}"' if layer.opacity < 1 else ""
    return (f'<image data-role="{layer.role.value}" x="{l}" y="{t}" width="{r - l}" height="{b - t}" '
            f'preserveAspectRatio="none"{opacity} href="{_data_uri(im, "png")}"/>')


def _shape(layer: ShapeLayer, index: int) -> tuple[str, str]:
    """``(definition, element)`` of a shape layer; the definition is its blur filter."""
    l, t, r, b = layer.box
    paint = _paint(layer.fill)
    defs, attr = "", ""
    if layer.blur > 0:
        defs = (f'<filter id="blur{index}" x="-50%" y="-50%" width="200%" height="200%" '
                f'color-interpolation-filters="sRGB"><feGaussianBlur stdDeviation="{layer.blur:.2f}"/></filter>')
        attr = f' filter="url(#blur{index})"'
    role = f'data-role="{layer.role.value}"'
    if layer.shape == "ellipse":
        return defs, f'<ellipse {role} cx="{(l + r) / 2}" cy="{(t + b) / 2}" rx="{(r - l) / 2}" ry="{(b - t) / 2}" {paint}{attr}/>'
    radius = min(layer.radius, (r - l) / 2, (b - t) / 2) if layer.shape == "rounded_rect" else 0
    rounded = f' rx="{radius:.2f}" ry="{radius:.2f}"' if radius else ""
    return defs, f'<rect {role} x="{l}" y="{t}" width="{r - l}" height="{b - t}"{rounded} {paint}{attr}/>'


def _text(layer: TextLayer, outliner: TextOutliner, renderer: Renderer) -> str:
    label = escape(" ".join(layer.lines), quote=True)
    head = f'<g data-role="{layer.role.value}" role="img" aria-label="{label}">'
    if outliner.outlinable(layer):
        return head + f'<path d="{outliner.path_data(layer)}" {_paint(layer.colour)}/></g>'
    mask, (x, y) = renderer.text_mask(layer)  # shaped scripts: the renderer's own glyphs
    r, g, b, a = from_hex(layer.colour)
    glyphs = Image.new("RGBA", mask.size, (r, g, b, 255))
    glyphs.putalpha(mask.point(lambda v: v * a // 255) if a < 255 else mask)
    return head + (f'<image x="{x}" y="{y}" width="{mask.width}" height="{mask.height}" '
                   f'href="{_data_uri(glyphs, "png")}"/></g>')


def export_svg(doc: DesignDocument, assets: AssetStore, renderer: Renderer | None = None) -> str:
    """The SVG (UTF-8 text) of ``doc``: background, then every layer in order.

    Parameters
    ----------
    doc, assets:
        The design document and the store its asset names resolve in.
    renderer:
        Its background drawing and font library are used (a new one when ``None``).

    Returns
    -------
    str
        A standalone SVG 1.1/2 document of ``width × height`` px with every image embedded as a
        data URI and text as outlines (see the module docstring).

    Raises
    ------
    InputError
        If an asset is missing or the background spec is incomplete.
    """
    renderer = renderer or Renderer()
    outliner = TextOutliner(renderer.fonts)
    w, h = doc.size
    background = renderer.background(doc.background, doc.size, assets)
    defs: list[str] = []
    body = [f'<image data-role="background" x="0" y="0" width="{w}" height="{h}" preserveAspectRatio="none" '
            f'href="{_data_uri(background, "jpeg", 92)}"/>']
    for i, layer in enumerate(doc.layers):
        if isinstance(layer, ImageLayer):
            body.append(_image(layer, assets))
        elif isinstance(layer, ShapeLayer):
            d, element = _shape(layer, i)
            defs.append(d)
            body.append(element)
        else:
            body.append(_text(layer, outliner, renderer))
    title = escape(str(doc.meta.get("title") or next((x.text for x in doc.layers if isinstance(x, TextLayer)), "adcraft creative")))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
            f"<title>{title}</title>")
    defs_block = f"<defs>{''.join(d for d in defs if d)}</defs>" if any(defs) else ""
    return head + defs_block + "".join(body) + "</svg>\n"


def rasterise_svg(svg: str) -> np.ndarray:
    """Render an SVG with resvg (``resvg-py``) to ``uint8`` ``(H, W, 3)`` RGB over white.

    Raises
    ------
    InternalError
        If ``resvg-py`` is not installed (``pip install "adcraft[export]"``).
    """
    try:
        import resvg_py
    except ImportError as exc:
        from adcraft.errors import InternalError

        raise InternalError('SVG rasterising needs resvg-py: pip install "adcraft[export]"') from exc
    png = resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", skip_system_fonts=True)
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"))
