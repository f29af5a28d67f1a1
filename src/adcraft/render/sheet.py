"""Contact sheets: many creatives on one PNG, labelled, for review."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

from adcraft.typography import FontLibrary


def contact_sheet(
    items: Sequence[tuple[str, np.ndarray]], fonts: FontLibrary, *, cell: int = 360, columns: int = 4, title: str = ""
) -> Image.Image:
    """Lay out ``(label, uint8 (H, W, 3) image)`` pairs in a grid of ``cell``-px cells.

    Each image is scaled to fit its cell (never enlarged) and labelled underneath.
    """
    label_h = 22
    top = 36 if title else 0
    rows = max(1, (len(items) + columns - 1) // columns)
    sheet = Image.new("RGB", (columns * cell, top + rows * (cell + label_h)), (236, 236, 236))
    draw = ImageDraw.Draw(sheet)
    if title:
        _text(draw, (10, 8), title, fonts, 18, 700)
    for i, (label, pixels) in enumerate(items):
        im = Image.fromarray(pixels)
        im.thumbnail((cell - 12, cell - 12), Image.Resampling.LANCZOS)
        x = (i % columns) * cell + (cell - im.width) // 2
        y = top + (i // columns) * (cell + label_h) + (cell - im.height) // 2
        sheet.paste(im, (x, y))
        draw.rectangle((x - 1, y - 1, x + im.width, y + im.height), outline=(190, 190, 190))
        lx = (i % columns) * cell + 8
        ly = top + (i // columns) * (cell + label_h) + cell - 2
        _text(draw, (lx, ly), label, fonts, 13, 500, (40, 40, 40))
    return sheet


def _text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, fonts: FontLibrary, size: int, weight: int,
          fill: tuple[int, int, int] = (20, 20, 20)) -> None:
    """Draw ``text`` with per-glyph fallback (the ``sans`` chain: Latin, then CJK)."""
    x, y = xy
    for family, run in fonts.runs(text, "sans"):
        font = fonts.font(family, size, weight)
        draw.text((x, y + size), run, font=font, fill=fill, anchor="ls")
        x += font.getlength(run)
