"""Rendering a design document to pixels, and contact sheets."""

from adcraft.render.raster import Renderer, encode_image

__all__ = ["Renderer", "encode_image"]
