"""Salient-object segmenters: one registry (``SEGMENTERS``) and a factory.

``"u2netp"`` (:class:`~adcraft.cutout.u2net.U2NetP`) and ``"u2net"``
(:class:`~adcraft.cutout.u2net.U2Net`) are the two models of the U²-Net family;
``"u2net+u2netp"`` (:class:`~adcraft.cutout.ensemble.TwoModelSegmenter`) combines them per
photo. :func:`adcraft.cutout.default_segmenter` picks the combination when U²-Net's weights are
installed and U²-Netp otherwise.
"""

from __future__ import annotations

from adcraft.cutout.ensemble import TwoModelSegmenter
from adcraft.cutout.u2net import Segmenter, U2Net, U2NetP
from adcraft.registry import Registry

__all__ = ["SEGMENTERS", "Segmenter", "TwoModelSegmenter", "U2Net", "U2NetP", "new_segmenter"]


def new_segmenter(name: str = "u2netp", **options: object) -> Segmenter:
    """Create the segmenter registered as ``name`` (factory; models load once here).

    Raises
    ------
    UnknownOptionError
        If ``name`` is not registered; the message lists the valid names.
    """
    return SEGMENTERS.get(name)(**options)


SEGMENTERS: Registry[type] = Registry(
    "segmenter",
    [
        ("u2netp", U2NetP),
        ("u2net", U2Net),
        ("u2net+u2netp", TwoModelSegmenter),
    ],
)
