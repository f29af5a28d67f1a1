"""Colour values and WCAG 2.x contrast.

Colours in documents are ``#rrggbb`` strings; in computations sRGB ``float`` in ``[0, 1]`` or
CIELAB/LCh (D65) through scikit-image's converters.
"""

from __future__ import annotations

import numpy as np
from skimage.color import lab2rgb, lch2lab, rgb2lab

Colour = tuple[int, int, int]
"""An sRGB colour, each channel an ``int`` in ``0..255``."""


def to_hex(c: Colour) -> str:
    """``(r, g, b)`` → ``"#rrggbb"``."""
    return "#{:02x}{:02x}{:02x}".format(*(int(v) for v in c))


def from_hex(s: str) -> tuple[int, int, int, int]:
    """``"#rrggbb"`` or ``"#rrggbbaa"`` → ``(r, g, b, a)`` with ``a`` in ``0..255``.

    Raises
    ------
    ValueError
        If ``s`` is not a 7- or 9-character hex colour.
    """
    if not (isinstance(s, str) and s.startswith("#") and len(s) in (7, 9)):
        raise ValueError(f"expected a colour like '#1a2b3c' or '#1a2b3cff', got {s!r}")
    try:
        vals = [int(s[i : i + 2], 16) for i in range(1, len(s), 2)]
    except ValueError:
        raise ValueError(f"expected a colour like '#1a2b3c' or '#1a2b3cff', got {s!r}") from None
    return (vals[0], vals[1], vals[2], vals[3] if len(vals) == 4 else 255)


def relative_luminance(rgb: np.ndarray | Colour) -> np.ndarray:
    """WCAG 2.x relative luminance of sRGB colours.

    Parameters
    ----------
    rgb:
        ``(..., 3)`` sRGB values in ``0..255`` (any numeric dtype) or one ``(r, g, b)``.

    Returns
    -------
    numpy.ndarray
        ``float64`` ``(...)`` in ``[0, 1]``. Source: W3C WCAG 2.1, "relative luminance"
        (sRGB linearisation with the 0.03928 threshold as the standard writes it).
    """
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin[..., 0] * 0.2126 + lin[..., 1] * 0.7152 + lin[..., 2] * 0.0722


def contrast_ratio(a: np.ndarray | Colour, b: np.ndarray | Colour) -> np.ndarray:
    """WCAG 2.x contrast ratio ``(L1 + 0.05) / (L2 + 0.05)``, ``L1`` the lighter.

    Inputs broadcast like :func:`relative_luminance`. Returns values in ``[1, 21]``.
    Source: W3C WCAG 2.1, success criterion 1.4.3 and the "contrast ratio" definition.
    """
    la, lb = relative_luminance(a), relative_luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def lch_to_rgb(lightness: float, chroma: float, hue_deg: float) -> Colour:
    """CIE LCh(ab) (D65) → sRGB, reducing chroma until the colour is inside the sRGB gamut."""
    for ch in np.linspace(chroma, 0.0, 12):
        lab = lch2lab(np.array([[[lightness, ch, np.deg2rad(hue_deg)]]]))
        rgb = lab2rgb(lab)[0, 0]
        if np.all(rgb > -1e-3) and np.all(rgb < 1 + 1e-3):
            break
    return tuple(int(round(v)) for v in np.clip(rgb, 0, 1) * 255)  # type: ignore[return-value]


def rgb_to_lch(c: Colour) -> tuple[float, float, float]:
    """sRGB → CIE LCh(ab) as ``(L 0..100, C ≥ 0, h in degrees 0..360)``."""
    lab = rgb2lab(np.array([[c]], dtype=np.uint8))[0, 0]
    h = float(np.degrees(np.arctan2(lab[2], lab[1]))) % 360.0
    return float(lab[0]), float(np.hypot(lab[1], lab[2])), h
