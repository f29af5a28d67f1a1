"""Palette: the product's theme colours and a harmonious colour scheme for the creative."""

from adcraft.palette.colour import Colour, contrast_ratio, relative_luminance
from adcraft.palette.harmony import HARMONIES, ColourScheme, make_scheme
from adcraft.palette.palette import Palette, extract_palette

__all__ = [
    "HARMONIES",
    "Colour",
    "ColourScheme",
    "Palette",
    "contrast_ratio",
    "extract_palette",
    "make_scheme",
    "relative_luminance",
]
