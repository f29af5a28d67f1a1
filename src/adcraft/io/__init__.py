"""Image input/output at the edges of the pipeline (Pillow ↔ numpy)."""

from adcraft.io.load import LoadedImage, LoadLimits, load_image

__all__ = ["LoadLimits", "LoadedImage", "load_image"]
