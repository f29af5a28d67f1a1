"""The loaded models and resources the stages use, passed in explicitly (never module globals).

An :class:`adcraft.Engine` builds one :class:`Components` and hands it to
:func:`~adcraft.stages.prepare.prepare`, :func:`~adcraft.stages.plan.plan` and
:func:`~adcraft.stages.realise.realise`. A worker process builds its own (models load once per
process); everything that crosses processes (``ProductAssets``, ``Candidate``) is plain data.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from adcraft.assess.text import TextDetector
from adcraft.background.library import AssetLibrary
from adcraft.cutout import Segmenter
from adcraft.io import LoadLimits
from adcraft.layout.families import Family
from adcraft.registry import Registry
from adcraft.render import Renderer
from adcraft.typography import FontLibrary


def fast_segmenter(segmenter: Segmenter) -> Segmenter:
    """The single fast model of a combined segmenter (``segmenter.fast``: U²-Netp), or the
    segmenter itself: saliency passes that only place copy (scene maps, reference reading) do
    not need the two-model rule."""
    return getattr(segmenter, "fast", segmenter)


class LibraryCache:
    """Designer asset libraries loaded once: the shipped one (on first use) and any other."""

    def __init__(self) -> None:
        self._shipped: AssetLibrary | None = None

    def shipped(self) -> AssetLibrary:
        """The library shipped with adcraft (``adcraft/background/library``)."""
        if self._shipped is None:
            self._shipped = AssetLibrary()
        return self._shipped


class PixelCache:
    """A small least-recently-used cache of derived images (e.g. an extended scene), so the
    candidates of one product that need the same image compute it once.

    Parameters
    ----------
    capacity:
        Images kept; the least recently used goes first.
    """

    def __init__(self, capacity: int = 8) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple, np.ndarray] = OrderedDict()

    def get(self, key: tuple, make) -> np.ndarray:
        """The image for ``key``, made by ``make()`` when not cached."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = make()
        self._items[key] = value
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return value


@dataclass(frozen=True)
class Components:
    """Everything the stages need that is loaded once.

    Attributes
    ----------
    segmenter:
        Salient-object :class:`~adcraft.cutout.Segmenter`.
    text_detector:
        PP-OCRv5 text detection (:class:`~adcraft.assess.text.TextDetector`).
    fonts, renderer:
        The font library and the raster renderer that uses it.
    families:
        Layout families to design with (template-free ones and templates).
    limits:
        Photo load limits.
    shadow_strength:
        Opacity of the contact shadow under cut-out products, ``0..1``.
    remove_overlays:
        Inpaint text overlaid on the photo before composing.
    libraries, extensions:
        Caches of designer libraries and of extended scenes.
    """

    segmenter: Segmenter
    text_detector: TextDetector
    fonts: FontLibrary
    renderer: Renderer
    families: Registry[Family]
    limits: LoadLimits
    shadow_strength: float = 0.6
    remove_overlays: bool = True
    libraries: LibraryCache = field(default_factory=LibraryCache)
    extensions: PixelCache = field(default_factory=PixelCache)
