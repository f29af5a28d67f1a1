"""Product folders under ``OUT/products/``, each written whole or not at all.

A product's files are written into a hidden temporary folder beside its final place and then
renamed into place (:func:`os.replace` of a folder is atomic on POSIX file systems), so a
batch killed mid-write leaves either the old folder, the new one, or a hidden leftover that the
next run removes, never half a folder under the product's name.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

_PARTIAL = ".partial-"
_OLD = ".old-"


def folder_name(product_id: str) -> str:
    """A folder name for a product id: ``[A-Za-z0-9._-]`` kept, anything else ``_``, and a
    short hash of the id added when it had to change (so two ids never share a folder)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", product_id).strip("._")[:80]
    if safe == product_id and safe:
        return safe
    return f"{safe or 'product'}-{hashlib.sha1(product_id.encode()).hexdigest()[:8]}"


class ProductStore:
    """The ``products/`` folder of a batch.

    Parameters
    ----------
    root:
        ``OUT/products``; created when missing.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def clean(self) -> int:
        """Remove what an interrupted run left half-written; returns how many folders."""
        left = [p for p in self.root.iterdir() if p.name.startswith((_PARTIAL, _OLD))]
        for p in left:
            shutil.rmtree(p, ignore_errors=True)
        return len(left)

    def write(self, product_id: str, files: Iterable[tuple[str, bytes]]) -> str:
        """Write one product's files and put the folder in place; returns its path relative
        to the batch's output folder (``products/<name>``).

        Raises
        ------
        ValueError
            If a file path would leave the product's folder.
        """
        name = folder_name(product_id)
        final = self.root / name
        tmp = self.root / f"{_PARTIAL}{name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        for rel, data in files:
            path = (tmp / rel).resolve()
            if not path.is_relative_to(tmp.resolve()):
                raise ValueError(f"file {rel!r} would be written outside the product folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        tmp.mkdir(exist_ok=True)
        if final.exists():
            old = self.root / f"{_OLD}{name}-{os.getpid()}"
            os.replace(final, old)
            os.replace(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, final)
        return f"{self.root.name}/{name}"
