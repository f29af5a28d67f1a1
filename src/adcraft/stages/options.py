"""What a generation run may be asked for besides the brief: :class:`GenerationOptions`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from adcraft.background.extend import EXTENDERS
from adcraft.background.library import AssetLibrary
from adcraft.background.reference import ReferenceStyle
from adcraft.brief import Brief
from adcraft.copy.variants import CopyVariants
from adcraft.errors import InputError
from adcraft.geometry import Box, Size
from adcraft.palette.brand import BrandKit
from adcraft.palette.themes import THEMES


@runtime_checkable
class CopyBackend(Protocol):
    """More copy variants from another writer (e.g. :class:`adcraft.copy.llm.LLMConfig`)."""

    def variants(self, brief: Brief, base: CopyVariants, occasion: str | None) -> tuple[CopyVariants, str | None]:
        """``base`` with more variants, and a warning (or ``None``) when the back-end failed."""
        ...


@runtime_checkable
class BackdropBackend(Protocol):
    """Generated backgrounds around the product (e.g.
    :class:`adcraft.background.diffusion.DiffusionBackdrop`)."""

    def generate(
        self, size: Size, product_rgba: np.ndarray, product_box: Box, category: str | None = None,
        theme: str | None = None, reference: np.ndarray | None = None, seed: int = 0,
    ) -> np.ndarray:
        """``uint8`` ``(H, W, 3)`` background for a canvas of ``size`` with the product at ``product_box``."""
        ...


@dataclass(frozen=True)
class GenerationOptions:
    """Look-and-feel options of a generation run (all optional).

    Attributes
    ----------
    theme:
        A name in :data:`adcraft.palette.themes.THEMES` (``everyday``, ``minimal``, ``bold``,
        ``premium``, ``sale``, ``christmas``, ``spring_festival``, ``singles_day``).
    brand:
        A :class:`~adcraft.palette.brand.BrandKit`: its colours replace derived ones, its fonts
        set the copy, its logo is used when the brief has none.
    library:
        A designer :class:`~adcraft.background.library.AssetLibrary`; ``None`` uses the one
        shipped with adcraft.
    use_library:
        ``False``: procedural backgrounds only, no library elements.
    reference:
        A :class:`~adcraft.background.reference.ReferenceStyle` (see
        :meth:`adcraft.Engine.read_reference`): half of the candidates of each size take its
        palette, background treatment and composition.
    llm:
        A :class:`CopyBackend`; more copy variants from it.
    backdrop:
        A :class:`BackdropBackend`; the best-planned candidate of each size gets a generated
        background. Candidates realised in another process need a picklable back-end.
    extension:
        Scene extension method (:data:`adcraft.background.extend.EXTENDERS`).
    force:
        Generate even from a photo that the assessment rejects (otherwise
        :class:`~adcraft.errors.PhotoRejectedError` says why).

    Raises
    ------
    UnknownOptionError
        For an unknown theme or extension method (the message lists the valid ones).
    InputError
        For a back-end that does not have the methods its protocol needs.
    """

    theme: str = "everyday"
    brand: BrandKit | None = None
    library: AssetLibrary | None = None
    use_library: bool = True
    reference: ReferenceStyle | None = None
    llm: CopyBackend | None = None
    backdrop: BackdropBackend | None = None
    extension: str = "mirror_blur"
    force: bool = False

    def __post_init__(self) -> None:
        THEMES.get(self.theme)
        EXTENDERS.get(self.extension)
        for name, value, proto in (("llm", self.llm, CopyBackend), ("backdrop", self.backdrop, BackdropBackend)):
            if value is not None and not isinstance(value, proto):
                raise InputError(f"option {name!r} must be a {proto.__name__} (an object with the methods it lists), got {type(value).__name__}")
