"""The server's files: photos, design assets and rendered creatives under one folder.

Every stored name is made by the server (a content hash or an id it issued) and checked
against :data:`NAME`, so no name from a request can reach outside the folder.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from adcraft.errors import InputError

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,118}$")
"""Allowed stored file names: letters, digits, ``_ . -``; no separators, no leading dot."""


class FileStore:
    """``root/photos``, ``root/assets`` (design-document assets), ``root/renders``,
    ``root/feeds`` (photos uploaded with a feed, before they are checked) and ``root/exports``
    (delivery files made on demand: video, animated banners, HTML5, SVG).

    Raises
    ------
    InputError
        From :meth:`path` when a name is not a plain stored file name.
    """

    KINDS = ("photos", "assets", "renders", "feeds", "exports")

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        for kind in self.KINDS:
            (self.root / kind).mkdir(parents=True, exist_ok=True)

    def path(self, kind: str, name: str) -> Path:
        """The path of stored file ``name`` of ``kind``; the name is checked, never trusted."""
        if kind not in self.KINDS:
            raise InputError(f"unknown file kind {kind!r}; one of {', '.join(self.KINDS)}")
        if not NAME.match(name) or ".." in name:
            raise InputError(f"file name {name!r} is not a stored file name (letters, digits, '_', '.', '-')")
        path = (self.root / kind / name).resolve()
        if path.parent != self.root / kind:
            raise InputError(f"file name {name!r} points outside the {kind} folder")
        return path

    def put_bytes(self, kind: str, data: bytes, ext: str) -> str:
        """Store ``data`` under its SHA-1 name with extension ``ext``; returns the name."""
        name = f"{hashlib.sha1(data).hexdigest()[:20]}.{ext}"
        path = self.path(kind, name)
        if not path.exists():
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        return name

    def write(self, kind: str, name: str, data: bytes) -> Path:
        """Write ``data`` to stored file ``name`` (atomically, through a temporary file)."""
        path = self.path(kind, name)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"
