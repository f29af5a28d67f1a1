"""Easing curves: progress ``u`` in ``[0, 1]`` → eased progress.

The curves are Robert Penner's easing equations (*Programming Macromedia Flash MX*, 2002,
ch. 7; the same set as CSS ``ease-*`` presets and easings.net): cubic ease-out for
entrances, sine ease-in-out for slow camera moves, back ease-out (overshoot constant
``s = 1.70158``) for a pop. Each has a CSS ``cubic-bezier`` equivalent so that an HTML5 ad
played by the browser follows the same curve as the rendered video.
"""

from __future__ import annotations

import math
from enum import StrEnum


class Easing(StrEnum):
    """An easing curve (Penner 2002)."""

    LINEAR = "linear"
    EASE_OUT_CUBIC = "ease_out_cubic"
    EASE_IN_OUT_SINE = "ease_in_out_sine"
    EASE_OUT_BACK = "ease_out_back"

    def __call__(self, u: float) -> float:
        """Eased progress for ``u`` (clamped to ``[0, 1]``); ``f(0) = 0`` and ``f(1) = 1``.

        ``EASE_OUT_BACK`` overshoots above 1 before settling (a pop).
        """
        u = min(1.0, max(0.0, float(u)))
        if self is Easing.EASE_OUT_CUBIC:
            return 1.0 - (1.0 - u) ** 3
        if self is Easing.EASE_IN_OUT_SINE:
            return -(math.cos(math.pi * u) - 1.0) / 2.0
        if self is Easing.EASE_OUT_BACK:
            s = 1.70158
            v = u - 1.0
            return 1.0 + (s + 1.0) * v**3 + s * v**2
        return u

    @property
    def css(self) -> str:
        """The CSS ``animation-timing-function`` with the same curve (easings.net's values)."""
        return {
            Easing.LINEAR: "linear",
            Easing.EASE_OUT_CUBIC: "cubic-bezier(0.33, 1, 0.68, 1)",
            Easing.EASE_IN_OUT_SINE: "cubic-bezier(0.37, 0, 0.63, 1)",
            Easing.EASE_OUT_BACK: "cubic-bezier(0.34, 1.56, 0.64, 1)",
        }[self]
