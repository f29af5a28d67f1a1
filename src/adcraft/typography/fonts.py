"""Fonts: OFL families installed from PyPI, font chains and per-glyph fallback.

Families (all SIL Open Font License, variable weight):

* ``Inter`` — ``fontpkg-inter`` (Rasmus Andersson).
* ``Noto Sans`` — ``fontpkg-noto-sans`` (Google).
* ``Noto Sans SC`` — ``justmytype-intl-cjk`` (Google/Adobe, Simplified Chinese).

A *font chain* is an ordered list of families: each character is drawn with the first family
whose character map (``cmap``) contains it, so Latin, CJK and symbols mix in one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

from adcraft.errors import InternalError, UnknownOptionError


@dataclass(frozen=True)
class FontFamily:
    """One installed variable font file."""

    name: str
    package: str
    relpath: str

    @property
    def path(self) -> Path:
        """Path of the font file inside its installed package."""
        try:
            p = resources.files(self.package).joinpath(self.relpath)
        except ModuleNotFoundError as exc:
            raise InternalError(f"font package {self.package!r} is not installed; reinstall adcraft") from exc
        return Path(str(p))


FAMILIES: dict[str, FontFamily] = {
    f.name: f
    for f in (
        FontFamily("Inter", "fontpkg_inter", "files/Inter[opsz,wght].ttf"),
        FontFamily("Noto Sans", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf"),
        FontFamily("Noto Sans SC", "justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"),
    )
}

#: Font chains by name: the first family for the text's language, then fallbacks.
CHAINS: dict[str, tuple[str, ...]] = {
    "sans": ("Inter", "Noto Sans", "Noto Sans SC"),
    "sans-zh": ("Noto Sans SC", "Inter", "Noto Sans"),
}


class FontLibrary:
    """Loads fonts once and caches sized, weighted instances and glyph coverage.

    One instance is created per pipeline (no module-level state) and shared by layout and
    rendering, so the same chain, size and weight always give the same glyphs.
    """

    def __init__(self) -> None:
        self._fonts: dict[tuple[str, int, int], ImageFont.FreeTypeFont] = {}
        self._cmaps: dict[str, frozenset[int]] = {}
        self._runs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._widths: dict[tuple[str, str, int, int], float] = {}
        self._extra_paths: dict[str, Path] = {}
        self._extra_chains: dict[str, tuple[str, ...]] = {}

    def add_chain(self, name: str, font_files: tuple[str, ...] | list[str], fallback: str = "sans") -> str:
        """Register a chain of font files (a brand's fonts) in front of the chain ``fallback``.

        Parameters
        ----------
        name:
            Chain name to register (e.g. ``"brand:Acme"``); registering it again replaces it.
        font_files:
            TrueType/OpenType files, first preferred.
        fallback:
            Built-in chain whose families follow, for glyphs the files lack (e.g. CJK).

        Returns
        -------
        str
            ``name``.

        Raises
        ------
        InputError
            If a file does not exist or FreeType cannot open it.
        """
        from adcraft.errors import InputError

        families = []
        for f in font_files:
            path = Path(f)
            try:
                ImageFont.truetype(str(path), size=12)
            except OSError as exc:
                raise InputError(f"cannot open font {str(path)!r}: {exc}; give a .ttf or .otf file") from exc
            fam = f"{name}/{path.name}"
            self._extra_paths[fam] = path
            self._cmaps.pop(fam, None)
            families.append(fam)
        self._extra_chains[name] = (*families, *self.chain(fallback))
        self._runs.clear()
        self._widths.clear()
        return name

    def ensure_chain(self, name: str, font_files: tuple[str, ...], fallback: str = "sans") -> str:
        """:meth:`add_chain` unless a chain ``name`` of these files is already registered
        (so caches survive when every candidate of a brand asks for its chain)."""
        if name in self._extra_chains and tuple(self._extra_chains[name][: len(font_files)]) == tuple(
            f"{name}/{Path(f).name}" for f in font_files
        ):
            return name
        return self.add_chain(name, font_files, fallback)

    def _path(self, family: str) -> Path:
        return self._extra_paths[family] if family in self._extra_paths else FAMILIES[family].path

    def path(self, family: str) -> Path:
        """The font file of ``family`` (for tools that read outlines, e.g. SVG export)."""
        return self._path(family)

    def chain(self, name: str) -> tuple[str, ...]:
        """Families of the chain ``name``.

        Raises
        ------
        UnknownOptionError
            If ``name`` is not a known chain; the message lists them.
        """
        if name in self._extra_chains:
            return self._extra_chains[name]
        try:
            return CHAINS[name]
        except KeyError:
            valid = ", ".join([*CHAINS, *self._extra_chains])
            raise UnknownOptionError(f"unknown font chain {name!r}; valid: {valid} (a brand kit's chain exists once the kit is loaded)") from None

    def coverage(self, family: str) -> frozenset[int]:
        """Code points that ``family`` has glyphs for."""
        if family not in self._cmaps:
            tt = TTFont(str(self._path(family)), lazy=True, fontNumber=0)
            self._cmaps[family] = frozenset(tt.getBestCmap() or {})
            tt.close()
        return self._cmaps[family]

    def font(self, family: str, size: int, weight: int = 400) -> ImageFont.FreeTypeFont:
        """A Pillow font of ``family`` at ``size`` px and CSS ``weight`` (variable axes set)."""
        key = (family, int(size), int(weight))
        font = self._fonts.get(key)
        if font is None:
            font = ImageFont.truetype(str(self._path(family)), size=int(size), layout_engine=ImageFont.Layout.BASIC)
            axes = []
            try:
                variation_axes = font.get_variation_axes()
            except OSError:  # a static (non-variable) font: one weight as designed
                variation_axes = []
            for axis in variation_axes:
                name = axis["name"]
                name = name.decode() if isinstance(name, bytes) else name
                lo, hi = axis["minimum"], axis["maximum"]
                if name.lower().startswith("weight"):
                    axes.append(max(lo, min(hi, weight)))
                elif name.lower().startswith("optical"):
                    axes.append(max(lo, min(hi, size * 0.75)))
                else:  # width and other axes keep their defaults
                    axes.append(axis["default"])
            if axes:
                font.set_variation_by_axes(axes)
            self._fonts[key] = font
        return font

    def runs(self, text: str, chain: str) -> list[tuple[str, str]]:
        """Split ``text`` into ``(family, substring)`` runs by per-glyph fallback.

        Characters no family covers are drawn with the chain's first family (as a box).
        """
        cached = self._runs.get((text, chain))
        if cached is not None:
            return cached
        families = self.chain(chain)
        out: list[tuple[str, str]] = []
        for ch in text:
            cp = ord(ch)
            fam = families[0]
            if not ch.isspace():
                for f in families:
                    if cp in self.coverage(f):
                        fam = f
                        break
            elif out:
                fam = out[-1][0]  # spaces stay with the run they are in
            if out and out[-1][0] == fam:
                out[-1] = (fam, out[-1][1] + ch)
            else:
                out.append((fam, ch))
        if len(self._runs) > 50_000:
            self._runs.clear()
        self._runs[(text, chain)] = out
        return out

    def advance(self, text: str, chain: str, size: int, weight: int) -> float:
        """Advance width in pixels of ``text`` set in ``chain`` (memoised)."""
        key = (text, chain, int(size), int(weight))
        width = self._widths.get(key)
        if width is None:
            width = sum(self.font(f, size, weight).getlength(run) for f, run in self.runs(text, chain))
            if len(self._widths) > 200_000:
                self._widths.clear()
            self._widths[key] = width
        return width
