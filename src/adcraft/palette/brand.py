"""Brand kit: the colours, fonts and logo that every creative of a brand must use.

A brand kit is a JSON file (or dict) validated by :class:`BrandKit`::

    {"name": "Pikolo", "primary": "#7a3e1d", "secondary": "#f3e7dc", "accent": "#d9480f",
     "fonts": ["fonts/BrandSans.ttf"], "logo": "logo.png"}

Generation respects it: backgrounds are drawn from the kit's colours (no harmony rule),
the CTA button takes the accent, text is set in the kit's fonts (falling back per glyph to the
built-in chain for characters they lack), and the logo is placed when the brief has none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from adcraft.errors import InputError
from adcraft.io.jsonfile import describe, read_json_object
from adcraft.palette.colour import Colour, contrast_ratio, from_hex, lch_to_rgb, rgb_to_lch
from adcraft.palette.harmony import ColourScheme, Tone
from adcraft.palette.themes import scheme_from_colours


def _relative_to(kit: Path, value: object) -> object:
    """A path string of the kit resolved against the kit's folder; anything else unchanged."""
    if isinstance(value, str) and value and not Path(value).is_absolute():
        return str((kit.parent / value).resolve())
    return value


class BrandKit(BaseModel):
    """A brand's colours (``#rrggbb``), fonts (TrueType/OpenType paths) and logo path.

    Attributes
    ----------
    name:
        Brand name (used as the font chain name ``brand:<name>``).
    primary:
        Main brand colour; backgrounds are tints or shades of it.
    secondary:
        Second colour; ``None``: a lighter/darker variant of ``primary``.
    accent:
        CTA colour; ``None``: ``primary``.
    fonts:
        Font files, first preferred; empty: the built-in chain.
    logo:
        Logo image path; used when the brief gives none.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=60, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")
    primary: str
    secondary: str | None = None
    accent: str | None = None
    fonts: tuple[Annotated[str, Field(min_length=1, max_length=4096)], ...] = Field((), max_length=8)
    logo: str | None = None

    @field_validator("primary", "secondary", "accent")
    @classmethod
    def _colour(cls, v: str | None) -> str | None:
        if v is not None:
            from_hex(v)
        return v

    @field_validator("fonts")
    @classmethod
    def _fonts(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for f in v:
            if Path(f).suffix.lower() not in (".ttf", ".otf", ".ttc"):
                raise ValueError(f"brand font {f!r} is not a .ttf/.otf/.ttc file")
        return v

    @classmethod
    def load(cls, path: str | Path) -> BrandKit:
        """Read a kit from JSON; relative ``fonts``/``logo`` paths are relative to the file.

        Raises
        ------
        InputError
            If the file cannot be read, is not JSON, or does not validate (fields listed), or a
            font or logo file does not exist.
        """
        path = Path(path)
        data = read_json_object(path, "brand kit")
        if isinstance(data.get("fonts"), list):  # only strings are paths; pydantic names the rest
            data["fonts"] = [_relative_to(path, f) for f in data["fonts"]]
        data["logo"] = _relative_to(path, data.get("logo"))
        if data["logo"] is None:
            data.pop("logo")
        try:
            kit = cls.model_validate(data)
        except ValidationError as exc:
            raise InputError(f"invalid brand kit {str(path)!r}: {describe(exc)}") from None
        for f in (*kit.fonts, *([kit.logo] if kit.logo else [])):
            if not Path(f).is_file():
                raise InputError(f"brand kit {str(path)!r} names {f!r}, which does not exist")
        return kit

    def scheme(self, tone: Tone) -> ColourScheme:
        """The brand's :class:`ColourScheme` for a light or dark background.

        Light: a 94-L tint of the primary hue as background, the primary (or secondary) as the
        secondary background colour. Dark: the primary itself when it is dark (L < 40), else a
        20-L shade of its hue. The accent is kept as the brand gives it; the CTA label colour is
        then chosen for WCAG contrast at composition.
        """
        primary: Colour = from_hex(self.primary)[:3]  # type: ignore[assignment]
        accent: Colour = from_hex(self.accent)[:3] if self.accent else primary  # type: ignore[assignment]
        L, C, h = rgb_to_lch(primary)
        if tone == "light":
            bg = lch_to_rgb(95.0, min(C, 10.0), h)
            alt = from_hex(self.secondary)[:3] if self.secondary else lch_to_rgb(86.0, min(C, 22.0), h)
        else:
            bg = primary if L < 40 else lch_to_rgb(20.0, min(C, 30.0), h)
            alt = lch_to_rgb(max(8.0, rgb_to_lch(bg)[0] - 10), min(C, 30.0), h)
        if float(contrast_ratio(accent, bg)) < 1.6:  # an accent equal to the background gets a shade
            accent = lch_to_rgb(L - 25 if tone == "dark" else max(30.0, L - 15), C, h)
        return scheme_from_colours(bg, alt, accent, harmony=f"brand:{self.name}")  # type: ignore[arg-type]
