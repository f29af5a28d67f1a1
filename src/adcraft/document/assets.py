"""Named raster assets (cut-outs, logos, photos) that documents reference."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from PIL import Image

from adcraft.errors import InputError


class AssetStore:
    """Images by name, kept in memory and optionally backed by a folder.

    Parameters
    ----------
    root:
        Folder that :meth:`get` reads ``root / name`` from when a name is not in memory.

    Notes
    -----
    Images are ``uint8`` ``(H, W, 3|4)`` arrays. Names are content hashes (``<kind>-<sha1>.png``)
    so the same image is stored once.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else None
        self._images: dict[str, np.ndarray] = {}

    def add(self, kind: str, pixels: np.ndarray) -> str:
        """Store ``pixels`` under a content-hash name and return the name."""
        digest = hashlib.sha1(pixels.tobytes() + str(pixels.shape).encode()).hexdigest()[:16]
        name = f"{kind}-{digest}.png"
        self._images.setdefault(name, np.ascontiguousarray(pixels))
        return name

    def get(self, name: str) -> np.ndarray:
        """Return the image called ``name``.

        Raises
        ------
        InputError
            If the name is unknown here and not found under :attr:`root`, or names a path
            outside :attr:`root`.
        """
        if name in self._images:
            return self._images[name]
        if self.root is not None:
            path = (self.root / name).resolve()
            if self.root.resolve() not in path.parents:
                raise InputError(f"asset name {name!r} points outside the asset folder {self.root}")
            if path.is_file():
                with Image.open(path) as im:
                    arr = np.asarray(im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB"))
                self._images[name] = arr
                return arr
        raise InputError(f"asset {name!r} not found (asset folder: {self.root}); save the document with its assets")

    def names(self) -> list[str]:
        """Names held in memory."""
        return list(self._images)

    def save(self, folder: str | Path, names: set[str] | None = None) -> None:
        """Write the assets (all, or ``names``) as PNG files into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in sorted(names if names is not None else self._images):
            target = folder / name
            if not target.exists():
                Image.fromarray(self.get(name)).save(target, compress_level=3)
