"""Backgrounds ("bases"): procedural styles drawn from a colour scheme, a seed and the layout."""

from adcraft.background.catalogue import STYLES, draw_background
from adcraft.background.styles import BackgroundStyle, StyleFrame

__all__ = ["STYLES", "BackgroundStyle", "StyleFrame", "draw_background"]
