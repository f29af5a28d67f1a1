"""The design critic inside generation: what it is told about a creative and its photo.

:func:`judge` builds the :class:`~adcraft.critic.CriticInput` of a realised creative from the
prepared product (photo kind, cut-out confidence and cut sides, the product's palette, whether
the brief is a sale) and the candidate's plan (where the photo's own pixels sit on an extended
scene), and returns the :class:`~adcraft.critic.Critique`.
"""

from __future__ import annotations

import numpy as np

from adcraft.critic import CriticInput, Critique, critique
from adcraft.document import DesignDocument
from adcraft.geometry import Box
from adcraft.layout import LayoutPlan
from adcraft.stages.prepare import ProductAssets


def photo_box(plan: LayoutPlan, photo_size: tuple[int, int]) -> Box | None:
    """Canvas box of the photo's own pixels on a scene extended beyond its frame, or ``None``
    when the plan shows no extended scene.

    The plan's crop is in the extended photo's pixels, where the photo sits at ``(pads[0],
    pads[1])``; the crop is resized to the canvas, or to the photo panel.
    """
    if plan.photo_crop is None or plan.photo_pads is None:
        return None
    ox, oy, ow, oh = (0, 0, *plan.size) if plan.photo_panel is None else (
        plan.photo_panel[0], plan.photo_panel[1], plan.photo_panel[2] - plan.photo_panel[0], plan.photo_panel[3] - plan.photo_panel[1])
    cl, ct, cr, cb = plan.photo_crop
    sx, sy = ow / (cr - cl), oh / (cb - ct)
    pl, pt = plan.photo_pads[0], plan.photo_pads[1]
    pw, ph = photo_size
    box = (ox + (pl - cl) * sx, oy + (pt - ct) * sy, ox + (pl + pw - cl) * sx, oy + (pt + ph - ct) * sy)
    return (int(round(box[0])), int(round(box[1])), int(round(box[2])), int(round(box[3])))


def judge(assets: ProductAssets, plan: LayoutPlan, document: DesignDocument, image: np.ndarray, product_alpha: np.ndarray) -> Critique:
    """The design critic's verdict on one realised creative (see the module docstring)."""
    return critique(CriticInput.of(document, image, assets.facts, product_alpha, photo_box(plan, assets.photo_size), plan.photo_panel))
