"""A least-recently-used memo of Pillow images derived from assets, bounded by memory.

The candidates of one product draw the same cut-out, photo, logo and library images again and
again, often into the same boxes: :class:`ImageMemo` keeps the decoded source (converted to the
mode Pillow resamples in) and each resized copy, so each is computed once. Entries are keyed by
the asset's name *and* the identity of its pixel array, and hold a reference to that array, so
an entry can only be hit by the very array it was made from (never by another store's image of
the same name). Everything returned is shared: callers must not modify it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
from PIL import Image


def image_bytes(image: Image.Image) -> int:
    """Approximate memory of a Pillow image in bytes (Pillow keeps 1 or 4 bytes per pixel)."""
    per_pixel = 1 if image.mode in ("1", "L", "P") else 4
    return image.width * image.height * per_pixel


class ImageMemo:
    """Images by key, the least recently used dropped first once over ``budget`` bytes.

    Parameters
    ----------
    budget:
        Bytes of images kept (default 96 MiB: a product's sources and a size's resized layers).
    """

    def __init__(self, budget: int = 96 << 20) -> None:
        self.budget = budget
        self._items: OrderedDict[Hashable, tuple[np.ndarray, Image.Image, int]] = OrderedDict()
        self._bytes = 0

    def get(self, pixels: np.ndarray, key: Hashable, make: Callable[[], Image.Image]) -> Image.Image:
        """The image for (``pixels``, ``key``), made by ``make()`` on a miss.

        ``pixels`` is the asset array the image derives from; ``key`` says how (name, mode,
        size, crop…).
        """
        full = (id(pixels), key)
        hit = self._items.get(full)
        if hit is not None and hit[0] is pixels:
            self._items.move_to_end(full)
            return hit[1]
        image = make()
        size = image_bytes(image)
        if size > self.budget // 4:  # too big to be worth keeping
            return image
        if hit is not None:
            self._bytes -= hit[2]
        self._items[full] = (pixels, image, size)
        self._bytes += size
        while self._bytes > self.budget and self._items:
            _, (_, _, freed) = self._items.popitem(last=False)
            self._bytes -= freed
        return image

    def clear(self) -> None:
        """Forget every image."""
        self._items.clear()
        self._bytes = 0
