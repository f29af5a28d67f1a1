"""Text layers as vector outlines: glyphs placed exactly where the raster renderer draws them.

:class:`TextOutliner` reproduces :meth:`adcraft.render.Renderer.text_mask`'s layout — the same
line pitch, baseline, alignment, per-glyph font fallback runs and pen advances (Pillow's own
``getlength`` of each prefix, so kerning and hinted advances match) — and draws each glyph's
outline from the font file with fontTools at the variable-font location the renderer sets
(``wght`` = the layer's weight, ``opsz`` = 0.75 × the em size in px, other axes at their
defaults; OpenType ``fvar``/``gvar``). Outlines are unhinted, so stems can differ from the
hinted raster by a fraction of a pixel.

Runs set with HarfBuzz shaping (Thai, Arabic, Hebrew, emoji: ``FontLibrary.layout(family) ==
"raqm"``) place glyphs that no per-character advance reproduces; :meth:`TextOutliner.outlinable`
says so, and the SVG exporter embeds such a layer as an image of the renderer's own glyphs.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from adcraft.document import TextLayer
from adcraft.typography import FontLibrary, TextStyle
from adcraft.typography.text import line_width


def _number(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class TextOutliner:
    """SVG path data of text layers; holds the opened font files.

    Parameters
    ----------
    fonts:
        The font library the documents were laid out and rendered with.
    """

    def __init__(self, fonts: FontLibrary) -> None:
        self.fonts = fonts
        self._ttfonts: dict[Path, TTFont] = {}
        self._glyphsets: dict[tuple[str, int, int], object] = {}

    def _glyphset(self, family: str, size: int, weight: int):  # noqa: ANN202 - fontTools glyph set
        key = (family, size, weight)
        if key not in self._glyphsets:
            path = self.fonts.path(family)
            tt = self._ttfonts.get(path) or TTFont(str(path), lazy=True)
            self._ttfonts[path] = tt
            location = {}
            if "fvar" in tt:
                for axis in tt["fvar"].axes:
                    if axis.axisTag == "wght":
                        location["wght"] = min(axis.maxValue, max(axis.minValue, weight))
                    elif axis.axisTag == "opsz":
                        location["opsz"] = min(axis.maxValue, max(axis.minValue, size * 0.75))
            glyphs = tt.getGlyphSet(location=location or None)
            self._glyphsets[key] = (glyphs, tt.getBestCmap() or {}, tt["head"].unitsPerEm)
        return self._glyphsets[key]

    def outlinable(self, layer: TextLayer) -> bool:
        """True when every run of ``layer`` is set without shaping (its glyphs can be placed
        from advances alone)."""
        return all(self.fonts.layout(family) == "basic" for line in layer.lines for family, _ in self.fonts.visual_runs(line, layer.font))

    def _run(self, pen: SVGPathPen, family: str, run: str, x: float, baseline: float, layer: TextLayer) -> float:
        """Draw ``run`` from pen position ``x`` into ``pen``; return the pen position after it
        (as the renderer advances it)."""
        glyphs, cmap, upem = self._glyphset(family, layer.size, layer.weight)
        font = self.fonts.font(family, layer.size, layer.weight)
        k = layer.size / upem
        for i, ch in enumerate(run):
            if layer.tracking:
                gx = x
                x += font.getlength(ch) + layer.tracking * layer.size
            else:
                gx = x + font.getlength(run[:i])
            name = cmap.get(ord(ch), ".notdef")
            if not ch.isspace() and name in glyphs:
                outline = DecomposingRecordingPen(glyphs)  # composite glyphs (accents) flattened
                glyphs[name].draw(outline)
                outline.replay(TransformPen(pen, (k, 0, 0, -k, gx, baseline)))
        return x if layer.tracking else x + font.getlength(run)

    def path_data(self, layer: TextLayer) -> str:
        """SVG path data (canvas px) of ``layer``'s glyphs, and its strikethrough bar if any
        (for a layer that is :meth:`outlinable`).

        Raises
        ------
        UnknownOptionError
            If the layer's font chain is unknown.
        """
        style = TextStyle(chain=layer.font, weight=layer.weight, line_height=layer.line_height, tracking=layer.tracking)
        primary = self.fonts.font(self.fonts.chain(layer.font)[0], layer.size, layer.weight)
        ascent, descent = primary.getmetrics()
        pitch = layer.size * layer.line_height
        left, top, right, _ = layer.box
        pen = SVGPathPen(None, ntos=_number)
        bars = []
        for i, line in enumerate(layer.lines):
            width = line_width(self.fonts, line, layer.size, style)
            slack = (right - left) - width
            x = left + {"center": slack / 2, "right": slack}.get(layer.align, 0.0)
            baseline = top + i * pitch + (pitch - (ascent + descent)) / 2 + ascent
            x0 = x
            for family, run in self.fonts.visual_runs(line, layer.font):
                x = self._run(pen, family, run, x, baseline, layer)
            if layer.strikethrough:
                thick = max(1, round(layer.size * 0.07))
                y = baseline - layer.size * 0.3 - thick / 2
                l, r = x0 - layer.size * 0.05, x0 + width + layer.size * 0.05
                bars.append(f"M{_number(l)} {_number(y)}H{_number(r)}V{_number(y + thick)}H{_number(l)}Z")
        return pen.getCommands() + "".join(bars)
