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

    def __init__(self, root: str | Path | None = None, parent: AssetStore | None = None) -> None:
        self.root = Path(root) if root is not None else None
        self.parent = parent
        self._images: dict[str, np.ndarray] = {}

    def layer(self) -> AssetStore:
        """A new store on top of this one: it reads through to this store and keeps what is
        added to it apart (:meth:`own`), so work on one candidate never changes the product's
        store."""
        return AssetStore(parent=self)

    def own(self) -> dict[str, np.ndarray]:
        """The images added to this store itself (not those of its parent), by name."""
        return dict(self._images)

    def merge(self, images: dict[str, np.ndarray]) -> None:
        """Hold ``images`` (name → pixels, e.g. another store's :meth:`own`) too."""
        for name, px in images.items():
            self._images.setdefault(name, px)

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
        if self.parent is not None and self.parent.has(name):
            return self.parent.get(name)
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

    def has(self, name: str) -> bool:
        """True when :meth:`get` would find ``name`` in memory (here or in a parent) or on disk."""
        if name in self._images or (self.parent is not None and self.parent.has(name)):
            return True
        return self.root is not None and (self.root / name).is_file()

    def names(self) -> list[str]:
        """Names held in memory, here and in the parent stores."""
        inherited = self.parent.names() if self.parent is not None else []
        return [*inherited, *(n for n in self._images if n not in inherited)]

    def save(self, folder: str | Path, names: set[str] | None = None) -> None:
        """Write the assets (all, or ``names``) as PNG files into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name in sorted(names if names is not None else self.names()):
            target = folder / name
            if not target.exists():
                Image.fromarray(self.get(name)).save(target, compress_level=3)
