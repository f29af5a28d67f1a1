"""The layered, JSON-serialisable design document and its asset store."""

from adcraft.document.assets import AssetStore
from adcraft.document.model import (
    BackgroundSpec,
    Box,
    DesignDocument,
    ImageLayer,
    Layer,
    ProductRef,
    ShapeLayer,
    TextLayer,
)

__all__ = [
    "AssetStore",
    "BackgroundSpec",
    "Box",
    "DesignDocument",
    "ImageLayer",
    "Layer",
    "ProductRef",
    "ShapeLayer",
    "TextLayer",
]
