"""What every product of a batch is made with: :class:`BatchSpec` (picklable, sent to workers).

Files the run needs besides the photos (a brand kit's fonts and logo, a reference ad) travel
as bytes inside the spec, so a worker on another machine (a Ray cluster node) needs nothing
but adcraft installed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from adcraft.errors import InputError
from adcraft.palette.brand import BrandKit
from adcraft.palette.themes import THEMES

STILL_FORMATS = ("png", "jpeg", "webp")
FORMATS = (*STILL_FORMATS, "mp4", "gif", "awebp", "html5", "svg")


@dataclass(frozen=True)
class PackedFile:
    """A file sent to workers: its name and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class PackedBrand:
    """A brand kit with its font and logo files packed as bytes.

    Attributes
    ----------
    kit:
        The kit's fields (JSON), file paths replaced by the packed files' names.
    files:
        The fonts and the logo.
    """

    kit: dict[str, Any]
    files: tuple[PackedFile, ...]

    @classmethod
    def load(cls, path: str | Path) -> PackedBrand:
        """Read and check a brand kit JSON (:meth:`BrandKit.load`) and pack its files.

        Raises
        ------
        InputError
            If the kit is invalid or names a file that does not exist.
        """
        kit = BrandKit.load(path)
        files: list[PackedFile] = []

        def pack(p: str) -> str:
            name = f"{len(files)}-{Path(p).name}"
            files.append(PackedFile(name, Path(p).read_bytes()))
            return name

        data = kit.model_dump()
        data["fonts"] = [pack(f) for f in kit.fonts]
        data["logo"] = pack(kit.logo) if kit.logo else None
        return cls(kit=data, files=tuple(files))

    def unpack(self, folder: Path) -> BrandKit:
        """Write the files into ``folder`` and return the kit that names them there."""
        for f in self.files:
            (folder / f.name).write_bytes(f.data)
        data = dict(self.kit)
        data["fonts"] = [str(folder / name) for name in data["fonts"]]
        data["logo"] = str(folder / data["logo"]) if data["logo"] else None
        return BrandKit.model_validate(data)


@dataclass(frozen=True)
class BatchSpec:
    """The settings every product of a batch is made with.

    Attributes
    ----------
    sizes:
        ``(width, height)`` of each size, in order.
    count:
        Candidates per size, ``1..32``.
    seed:
        The seed of every product (the same seed and feed give the same creatives).
    theme:
        A name in :data:`adcraft.palette.themes.THEMES`.
    force:
        Make creatives even from photos the assessment rejects (CLI ``--force``).
    formats:
        Formats written: ``png``, ``jpeg``, ``webp`` (at least one) and the motion formats of
        :data:`adcraft.output.MOTION_FORMATS` (``mp4``, ``gif``, ``awebp``, ``html5`` with the
        product's ``link`` as its clickTag, ``svg``).
    use_library:
        ``False``: procedural backgrounds only.
    min_side:
        Photos with a shorter short side are refused (pixels).
    shadow:
        Contact-shadow strength, ``0..1``.
    remove_overlays:
        Inpaint text a seller overlaid on the photo.
    brand:
        A brand kit with its files, or ``None``.
    reference:
        A reference ad image's bytes, or ``None``.
    max_photos:
        Photos of a product considered by :func:`adcraft.assess.quality.best_photo`
        (``image_link`` and the first ``additional_image_link`` s).

    Raises
    ------
    InputError
        On a count outside ``1..32``, no sizes, an unknown format or theme.
    """

    sizes: tuple[tuple[int, int], ...]
    count: int = 8
    seed: int = 0
    theme: str = "everyday"
    formats: tuple[str, ...] = ("png",)
    use_library: bool = True
    min_side: int = 200
    shadow: float = 0.6
    remove_overlays: bool = True
    brand: PackedBrand | None = None
    reference: PackedFile | None = None
    max_photos: int = 5
    force: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.count <= 32:
            raise InputError(f"count must be within 1..32, got {self.count}")
        if not self.sizes:
            raise InputError("no sizes requested; give at least one, e.g. 1200x628")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not set(self.formats) & set(STILL_FORMATS):
            raise InputError(f"unknown or missing format {', '.join(bad) or '(no png, jpeg or webp)'}; use {', '.join(FORMATS)} "
                             "with at least one of png, jpeg, webp")
        THEMES.get(self.theme)  # an unknown theme fails here, listing the valid ones
        if self.max_photos < 1:
            raise InputError(f"max_photos must be at least 1, got {self.max_photos}")

    def describe(self) -> dict[str, Any]:
        """The settings as JSON-ready data (files by name and SHA-1, not their bytes)."""
        data = asdict(self)
        data["sizes"] = [f"{w}x{h}" for w, h in self.sizes]
        data["brand"] = None if self.brand is None else {
            "kit": self.brand.kit, "files": {f.name: hashlib.sha1(f.data).hexdigest() for f in self.brand.files}}
        data["reference"] = None if self.reference is None else {
            "name": self.reference.name, "sha1": hashlib.sha1(self.reference.data).hexdigest()}
        return data

    def fingerprint(self) -> str:
        """SHA-1 (hex) of :meth:`describe`: an output folder holds one batch's settings."""
        return hashlib.sha1(json.dumps(self.describe(), sort_keys=True).encode()).hexdigest()
