"""One measurement of a creative: design document + assets + pixels → the score input.

Generation (:func:`adcraft.stages.realise.realise`) and the studio's editor
(:mod:`adcraft.serve.editing`) both measure a creative with :func:`measure_creative`, so a
score means the same wherever it was computed.
"""

from __future__ import annotations

import numpy as np

from adcraft.document import AssetStore, DesignDocument, TextLayer
from adcraft.elements import Role
from adcraft.palette.colour import from_hex
from adcraft.render import Renderer
from adcraft.render.raster import pixels_under_text
from adcraft.score.terms import ScoreInput, text_contrast

BOXED = (Role.BUTTON, Role.LOGO)
"""Non-text layers whose boxes the layout terms measure besides the texts."""


def below_text(document: DesignDocument, assets: AssetStore, renderer: Renderer) -> np.ndarray:
    """``uint8`` ``(H, W, 3)``: ``document`` rendered with every layer but its texts."""
    plain = document.model_copy(update={"layers": tuple(layer for layer in document.layers if not isinstance(layer, TextLayer))})
    return renderer.render_rgb(plain, assets)


def measure_creative(
    document: DesignDocument, assets: AssetStore, renderer: Renderer, below: np.ndarray | None = None
) -> ScoreInput:
    """Measure a creative for :func:`~adcraft.score.terms.score_creative`.

    Parameters
    ----------
    document:
        The design document.
    assets:
        The assets it names.
    renderer:
        The renderer (its fonts give the glyph masks).
    below:
        ``uint8`` ``(H, W, 3)`` canvas with every layer but the texts, when the caller has it
        (composition does); rendered here otherwise.

    Returns
    -------
    ScoreInput
        The product's alpha on the canvas, its box, the boxes of every text, the CTA button and
        the logo, and each text's WCAG 2.x contrast ratio against the pixels under its glyphs
        (1st percentile, :func:`~adcraft.score.terms.text_contrast`; 21 when a text has no
        pixel on the canvas).

    Raises
    ------
    InputError
        If an asset of the document is missing.
    """
    under = below if below is not None else below_text(document, assets, renderer)
    texts = [layer for layer in document.layers if isinstance(layer, TextLayer)]
    contrasts = tuple(
        (layer.role.value, text_contrast(from_hex(layer.colour)[:3], pixels_under_text(renderer, under, layer))) for layer in texts
    )
    boxes = tuple((layer.role.value, tuple(layer.box)) for layer in texts)
    boxes += tuple((layer.role.value, tuple(layer.box)) for layer in document.layers if layer.role in BOXED)
    return ScoreInput(
        size=document.size,
        product_alpha=renderer.product_alpha(document, assets),
        product_box=tuple(document.product.box) if document.product else None,
        boxes=boxes,
        contrasts=contrasts,
    )
