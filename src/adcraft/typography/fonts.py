"""Fonts: OFL families installed from PyPI, font chains and per-glyph fallback.

Families (all SIL Open Font License 1.1, variable weight):

* ``Inter`` — ``fontpkg-inter`` (Rasmus Andersson).
* ``Noto Sans`` — ``fontpkg-noto-sans`` (Google).
* ``Noto Sans SC`` and ``Noto Sans KR`` — ``justmytype-intl-cjk`` (Google/Adobe; Simplified
  Chinese, Korean Hangul).
* ``Noto Sans Thai``, ``Noto Sans Arabic``, ``Noto Sans Hebrew``, ``Noto Sans Symbols`` and
  ``Noto Emoji`` (monochrome emoji) — ``manimgx-fonts`` (Google's Noto, as published).

A *font chain* is an ordered list of families: each character is drawn with the first family
whose character map (``cmap``) contains it, so Latin, CJK, Thai, Arabic, Hebrew, symbols and
emoji mix in one line. Families of complex scripts (Thai, Arabic, Hebrew, emoji sequences) are
shaped with HarfBuzz and reordered with FriBiDi through Pillow's Raqm layout (contextual
Arabic forms, right-to-left runs, Thai mark placement); the others use Pillow's basic layout.
Text with a character that no family of its chain covers is refused
(:class:`MissingGlyphError`, naming the characters) instead of being drawn as empty boxes.
Default-ignorable characters (joiners, variation selectors) never need a glyph of their own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

from fontTools.ttLib import TTFont
from PIL import ImageFont

from adcraft.errors import InputError, InternalError, UnknownOptionError

T = TypeVar("T")


class MissingGlyphError(InputError):
    """Text holds characters that no font of its chain covers; the message names them."""


@dataclass(frozen=True)
class FontFamily:
    """One installed variable font file.

    Attributes
    ----------
    name, package, relpath:
        Family name, the Python package that ships the file, the file's path inside it.
    layout:
        ``"basic"`` (Pillow's own layout) or ``"raqm"`` (HarfBuzz shaping and FriBiDi
        reordering, for complex scripts).
    rtl:
        The script is written right to left (Arabic, Hebrew).
    joins_spaces:
        Spaces after a run of this family stay in the run (text scripts); ``False`` for emoji,
        whose font's space is as wide as an emoji.
    """

    name: str
    package: str
    relpath: str
    layout: Literal["basic", "raqm"] = "basic"
    rtl: bool = False
    joins_spaces: bool = True

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
        FontFamily("Noto Sans KR", "justmytype_intl_cjk", "fonts/ofl/notosanskr/NotoSansKR[wght].ttf"),
        FontFamily("Noto Sans Thai", "manimgx_fonts", "NotoSansThai[wght].ttf", layout="raqm"),
        FontFamily("Noto Sans Arabic", "manimgx_fonts", "NotoSansArabic[wght].ttf", layout="raqm", rtl=True),
        FontFamily("Noto Sans Hebrew", "manimgx_fonts", "NotoSansHebrew[wght].ttf", layout="raqm", rtl=True),
        FontFamily("Noto Sans Symbols", "manimgx_fonts", "NotoSansSymbols[wght].ttf"),
        FontFamily("Noto Emoji", "manimgx_fonts", "NotoEmoji[wght].ttf", layout="raqm", joins_spaces=False),
    )
}

#: Families every chain falls back to, after its own, for scripts and symbols Latin faces lack.
_WORLD = ("Noto Sans KR", "Noto Sans Thai", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Symbols", "Noto Emoji")

#: Font chains by name: the first family for the text's language, then fallbacks.
CHAINS: dict[str, tuple[str, ...]] = {
    "sans": ("Inter", "Noto Sans", "Noto Sans SC", *_WORLD),
    "sans-zh": ("Noto Sans SC", "Inter", "Noto Sans", *_WORLD),
}


def is_ignorable(ch: str) -> bool:
    """``True`` for default-ignorable characters that need no glyph (Unicode format characters
    such as ZWJ and ZWNJ, variation selectors, Hangul fillers; UAX #44 Default_Ignorable_Code_Point,
    approximated by category Cf plus the selector and filler ranges)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x180B <= cp <= 0x180F
        or cp in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0)
    )


def is_rtl(text: str) -> bool:
    """``True`` when the first strong character of ``text`` is right-to-left (UAX #9 rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


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
        self._measures: dict[tuple, object] = {}
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
        self._measures.clear()
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

    @staticmethod
    def _joins_spaces(family: str) -> bool:
        spec = FAMILIES.get(family)
        return spec is None or spec.joins_spaces

    def layout(self, family: str) -> Literal["basic", "raqm"]:
        """The layout engine ``family`` is set with (``"raqm"`` for complex scripts)."""
        spec = FAMILIES.get(family)
        return spec.layout if spec is not None else "basic"

    def font(self, family: str, size: int, weight: int = 400) -> ImageFont.FreeTypeFont:
        """A Pillow font of ``family`` at ``size`` px and CSS ``weight`` (variable axes set)."""
        key = (family, int(size), int(weight))
        font = self._fonts.get(key)
        if font is None:
            engine = ImageFont.Layout.RAQM if self.layout(family) == "raqm" else ImageFont.Layout.BASIC
            font = ImageFont.truetype(str(self._path(family)), size=int(size), layout_engine=engine)
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
        """Split ``text`` into ``(family, substring)`` runs by per-glyph fallback, in logical
        order (:meth:`visual_runs` gives drawing order).

        Spaces and default-ignorable characters stay in the run they are in; an ignorable
        character that the run's family lacks is dropped (it has no glyph to draw).

        Raises
        ------
        MissingGlyphError
            If a character is covered by no family of the chain; every such character is named.
        """
        cached = self._runs.get((text, chain))
        if cached is not None:
            return cached
        families = self.chain(chain)
        out: list[tuple[str, str]] = []
        missing: list[str] = []
        for ch in text:
            cp = ord(ch)
            if ch.isspace() or is_ignorable(ch):
                fam = out[-1][0] if out else families[0]  # stays with the run it is in
                if ch.isspace() and not self._joins_spaces(fam):
                    fam = families[0]
                if is_ignorable(ch) and cp not in self.coverage(fam):
                    continue
            else:
                fam = next((f for f in families if cp in self.coverage(f)), "")
                if not fam:
                    if ch not in missing:
                        missing.append(ch)
                    continue
            if out and out[-1][0] == fam:
                out[-1] = (fam, out[-1][1] + ch)
            else:
                out.append((fam, ch))
        if missing:
            named = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            raise MissingGlyphError(
                f"no font covers {named}{more} in {text[:60]!r}; adcraft sets Latin, Greek, Cyrillic, Chinese, "
                "Korean, Thai, Arabic, Hebrew, symbols and emoji: replace these characters, or add a font "
                "that has them (a brand kit's fonts)"
            )
        if len(self._runs) > 50_000:
            self._runs.clear()
        self._runs[(text, chain)] = out
        return out

    def visual_runs(self, text: str, chain: str) -> list[tuple[str, str]]:
        """:meth:`runs` in drawing order, left to right: a line whose first strong character is
        right-to-left (Arabic, Hebrew) has its runs reversed (each run is reordered inside by
        Raqm/FriBiDi)."""
        runs: list[tuple[str, str]] = []
        for family, run in self.runs(text, chain):
            spec = FAMILIES.get(family)
            core = run.strip()
            if spec is None or not spec.rtl or not core or core == run:
                runs.append((family, run))
                continue
            # spaces around a right-to-left run belong to the line, not to the run's own order
            head, tail = run[: len(run) - len(run.lstrip())], run[len(run.rstrip()) :]
            runs += [(family, part) for part in (head, core, tail) if part]
        return runs[::-1] if len(runs) > 1 and is_rtl(text) else runs

    def measured(self, key: tuple, make: Callable[[], T]) -> T:
        """A measurement of text set in this library's fonts (line breaks, fitted sizes), made by
        ``make()`` the first time ``key`` is asked for. ``key`` must name everything the result
        depends on besides the fonts (text, chain, size, style, box…); results must be
        immutable. Forgotten when a chain is (re)registered."""
        try:
            return self._measures[key]  # type: ignore[return-value]
        except KeyError:
            pass
        value = make()
        if len(self._measures) > 100_000:
            self._measures.clear()
        self._measures[key] = value
        return value

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
