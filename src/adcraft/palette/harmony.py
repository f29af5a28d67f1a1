"""Colour schemes derived from the product's theme colour by harmony rules in CIE LCh.

Harmony rules (complementary, split-complementary, analogous, triadic, monochrome) follow
Itten's colour wheel (J. Itten, *The Art of Color*, 1961), applied to hue angles in the
perceptual CIE LCh(ab) space rather than HSV, so that rotated hues keep their lightness. Each
rule gives the theme hue a partner hue; the background takes the partner, kept calmer than the
product (low chroma, very light or dark) so that the product stands out (60-30-10 rule), and the
accent (the CTA) takes the product's own hue, so that CTA and product belong together (a CTA in
a hue foreign to the product was the designers' most frequent colour complaint).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from adcraft.palette.colour import Colour, contrast_ratio, lch_to_rgb, rgb_to_lch
from adcraft.palette.palette import Palette
from adcraft.registry import Registry

Tone = Literal["light", "dark"]


@dataclass(frozen=True)
class ColourScheme:
    """Colours of one creative.

    Attributes
    ----------
    background, background_alt:
        The dominant (60 %) and secondary (30 %) background colours.
    accent:
        The 10 % accent, used for the CTA button.
    text:
        Default text colour for the background tone.
    harmony:
        Name of the harmony rule that produced the scheme.
    tone:
        ``"light"`` or ``"dark"`` background.
    """

    background: Colour
    background_alt: Colour
    accent: Colour
    text: Colour
    harmony: str
    tone: Tone




def _complementary(h: float) -> tuple[float, float]:
    return h, (h + 180.0) % 360.0


def _analogous(h: float) -> tuple[float, float]:
    return (h + 30.0) % 360.0, (h - 30.0) % 360.0


def _split_complementary(h: float) -> tuple[float, float]:
    return h, (h + 150.0) % 360.0


def _triadic(h: float) -> tuple[float, float]:
    return (h + 120.0) % 360.0, (h + 240.0) % 360.0


def _monochrome(h: float) -> tuple[float, float]:
    return h, h


def make_scheme(palette: Palette, harmony: str = "complementary", tone: Tone = "light") -> ColourScheme:
    """Build a :class:`ColourScheme` from a product palette.

    Parameters
    ----------
    palette:
        The product's :class:`~adcraft.palette.Palette`.
    harmony:
        A name in :data:`HARMONIES`.
    tone:
        ``"light"`` (tinted near-white background) or ``"dark"`` (deep background).

    Returns
    -------
    ColourScheme

    Raises
    ------
    UnknownOptionError
        If ``harmony`` is not registered.
    """
    rule = HARMONIES.get(harmony)
    _, chroma, hue = rgb_to_lch(palette.theme)
    _, partner = rule(hue)
    # The ground takes the harmony's partner hue, calm (low chroma), so the product pops; the
    # accent (the CTA) takes the product's own hue, so it never looks foreign to the product.
    bg_hue, accent_hue = partner, hue
    achromatic = palette.is_achromatic
    bg_chroma = 0.0 if achromatic else min(14.0, chroma * 0.35)
    if achromatic:
        # A neutral product: an ink-dark (or, on dark grounds, near-white) neutral accent.
        accent_chroma = 4.0
    else:
        accent_chroma = max(45.0, min(75.0, chroma))
    if tone == "light":
        background = lch_to_rgb(95.0, bg_chroma, bg_hue)
        background_alt = lch_to_rgb(86.0, bg_chroma * 1.6, bg_hue)
        accent = lch_to_rgb(22.0 if achromatic else 45.0, accent_chroma, accent_hue)
        text = lch_to_rgb(18.0, min(12.0, bg_chroma), bg_hue)
    else:
        background = lch_to_rgb(16.0, bg_chroma * 1.2, bg_hue)
        background_alt = lch_to_rgb(28.0, bg_chroma * 1.6, bg_hue)
        accent = lch_to_rgb(92.0 if achromatic else 62.0, accent_chroma, accent_hue)
        text = lch_to_rgb(97.0, min(6.0, bg_chroma), bg_hue)
    # Keep the accent distinguishable from the background it sits on.
    if float(contrast_ratio(accent, background)) < 3.0:
        accent = lch_to_rgb(35.0 if tone == "light" else 75.0, accent_chroma, accent_hue)
    # Yellows darkened to mid lightness turn olive, the muddiest colour there is: nudge such an
    # accent out of the olive band, and keep a dark olive ground nearly neutral.
    background = _not_olive(background, max_chroma=12.0)
    background_alt = _not_olive(background_alt, max_chroma=12.0)
    accent = _not_olive(accent)
    return ColourScheme(
        background=background,
        background_alt=background_alt,
        accent=accent,
        text=text,
        harmony=harmony,
        tone=tone,
    )


OLIVE_HUES = (70.0, 120.0)
"""CIE LCh hue angles (degrees) of yellows that turn olive under L* 58."""


def _not_olive(colour: Colour, max_chroma: float | None = None) -> Colour:
    """``colour`` moved out of the olive band (hue in :data:`OLIVE_HUES`, L* under 58, chroma
    15 or more): its chroma capped at ``max_chroma`` when given (a ground), else its hue turned
    to the nearer edge of the band (an accent keeps its colour family)."""
    L, C, h = rgb_to_lch(colour)
    if not (OLIVE_HUES[0] <= h <= OLIVE_HUES[1] and L < 58.0 and C >= 15.0):
        return colour
    if max_chroma is not None:
        return lch_to_rgb(L, min(C, max_chroma), h)
    edge = OLIVE_HUES[0] - 5.0 if h - OLIVE_HUES[0] < OLIVE_HUES[1] - h else OLIVE_HUES[1] + 5.0
    return lch_to_rgb(L, C, edge)


HARMONIES: Registry[Callable[[float], tuple[float, float]]] = Registry(
    "colour harmony",
    [
        ("complementary", _complementary),
        ("analogous", _analogous),
        ("split_complementary", _split_complementary),
        ("triadic", _triadic),
        ("monochrome", _monochrome),
    ],
)
"""Harmony rules: theme hue (degrees) → (background hue, accent hue)."""
