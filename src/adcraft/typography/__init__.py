"""Typography: fonts with per-glyph fallback, line breaking and fitting text into boxes."""

from adcraft.typography.fonts import FontLibrary
from adcraft.typography.text import FittedText, TextStyle, break_lines, fit_text, measure_lines

__all__ = ["FittedText", "FontLibrary", "TextStyle", "break_lines", "fit_text", "measure_lines"]
