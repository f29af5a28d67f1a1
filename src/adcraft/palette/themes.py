"""Themes: named looks that fix which background styles, colours and copy occasion a
creative may use (registry ``THEMES``).

A theme with ``colours`` replaces the product-derived scheme by a fixed festival palette
(Christmas green and red, Spring Festival red and gold…); one without derives colours from the
product by its harmony rules. ``occasion`` selects seasonal copy lines in
:mod:`adcraft.copy.variants`, ``usage`` the designer-library assets (see
:mod:`adcraft.background.library`).
"""

from __future__ import annotations

from dataclasses import dataclass

from adcraft.palette.colour import Colour, contrast_ratio, from_hex
from adcraft.palette.harmony import ColourScheme, Tone
from adcraft.registry import Registry


@dataclass(frozen=True)
class Theme:
    """One theme.

    Attributes
    ----------
    name:
        Registry name.
    styles:
        Background styles (names in :data:`adcraft.background.STYLES`) the theme draws from.
    harmonies:
        Harmony rules to derive colours with (ignored when ``colours`` is set).
    tones:
        Background tones allowed: ``("light",)``, ``("dark",)`` or both.
    colours:
        Fixed ``(background, background_alt, accent)`` as ``#rrggbb``, or ``None``.
    occasion:
        Copy occasion (``"sale"``, ``"christmas"``, ``"spring_festival"``, ``"singles_day"``) or
        ``None`` for everyday copy.
    usage:
        Designer-library usage tag the theme asks for (``"daily"``, ``"promotion"``, ``"festival"``).
    decorations:
        Most designer-library decorations on one candidate (0: none). Ad designers read
        sparkles, leaf sprigs, confetti, dot grids and arcs on an everyday product as clip-art
        (../shared/data/reviews); only festive and promotional themes use one, on every other
        candidate, so clean variants are always among them.
    """

    name: str
    styles: tuple[str, ...]
    harmonies: tuple[str, ...] = ("complementary", "analogous", "monochrome", "split_complementary", "triadic")
    tones: tuple[Tone, ...] = ("light", "light", "dark")
    colours: tuple[str, str, str] | None = None
    occasion: str | None = None
    usage: str = "daily"
    decorations: int = 0

    def fixed_scheme(self) -> ColourScheme | None:
        """The theme's own :class:`ColourScheme` when it fixes colours, else ``None``."""
        if self.colours is None:
            return None
        bg, alt, accent = (from_hex(c)[:3] for c in self.colours)
        return scheme_from_colours(bg, alt, accent, harmony=f"theme:{self.name}")


def scheme_from_colours(background: Colour, background_alt: Colour, accent: Colour, harmony: str) -> ColourScheme:
    """A :class:`ColourScheme` from given colours; tone and text colour follow the background.

    The text colour is near-white or near-black, whichever has the higher WCAG 2.x contrast
    ratio against ``background``.
    """
    white, ink = (255, 255, 255), (20, 20, 24)
    dark = float(contrast_ratio(white, background)) >= float(contrast_ratio(ink, background))
    return ColourScheme(
        background=tuple(background),  # type: ignore[arg-type]
        background_alt=tuple(background_alt),  # type: ignore[arg-type]
        accent=tuple(accent),  # type: ignore[arg-type]
        text=white if dark else ink,
        harmony=harmony,
        tone="dark" if dark else "light",
    )


#: Calm grounds for everyday products: gradients, a studio light, a sweep, soft shapes, paper,
#: a two-tone block, a flat colour. Motif styles (confetti, halftone dots, bokeh discs, stripes,
#: podiums) read as clip-art on an everyday product (../shared/data/reviews) and are left to the
#: themes that ask for them.
_EVERYDAY = (
    "linear_gradient", "radial_gradient", "spotlight", "soft_shapes", "split_block", "studio_sweep",
    "paper_texture", "solid",
)
THEMES: Registry[Theme] = Registry.of("theme", (
    Theme("everyday", _EVERYDAY),
    Theme("minimal", ("studio_sweep", "linear_gradient", "paper_texture", "spotlight"), harmonies=("monochrome", "analogous"), tones=("light",)),
    Theme("bold", ("split_block", "diagonal_split", "halftone", "confetti"), harmonies=("complementary", "triadic", "split_complementary")),
    Theme("premium", ("spotlight", "podium", "studio_sweep", "radial_gradient"), harmonies=("monochrome", "analogous"), tones=("dark",)),
    Theme("sale", ("sale_burst", "confetti", "diagonal_split", "halftone"), colours=("#c8001f", "#8f0016", "#ffd400"), occasion="sale", usage="promotion", decorations=1),
    Theme("christmas", ("christmas", "bokeh", "podium"), colours=("#14532d", "#0a2e19", "#d4202c"), occasion="christmas", usage="festival", decorations=1),
    Theme("spring_festival", ("spring_festival", "sale_burst", "podium"), colours=("#c8161d", "#7a0a0e", "#f2c14e"), occasion="spring_festival", usage="festival", decorations=1),
    Theme("singles_day", ("singles_day", "bokeh", "confetti"), colours=("#3b0f5c", "#12041f", "#ff2d95"), occasion="singles_day", usage="promotion", decorations=1),
))
"""Themes by name (``--theme``)."""
