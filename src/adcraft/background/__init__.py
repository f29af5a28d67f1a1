"""Backgrounds ("bases"): procedural styles drawn from a colour scheme and a seed."""

from adcraft.background import festive, scenic  # noqa: F401  (register their styles)
from adcraft.background.styles import STYLES, BackgroundStyle, draw_background

__all__ = ["STYLES", "BackgroundStyle", "draw_background"]
