"""Content-aware poster layout metrics, two published families, named apart.

* :mod:`~adcraft.layout.metrics.pku` — the original PKU PosterLayout evaluator (Hsu et al.,
  CVPR 2023, ``eval.py``): Val, Ove, Ali, Und_l, Und_s, Uti, Occ, Rea at 513x750, quirks
  included.
* :mod:`~adcraft.layout.metrics.ralf` — the RALF evaluator (Horita et al., CVPR 2024,
  ``image2layout/train/helpers/metric.py``): validity, overlay, alignment and overlap as in
  LayoutGAN++, underlay effectiveness loose/strict, utilization, occlusion, unreadability at
  240x350.

Numbers of the two families are not comparable (Rea differs by ~10x, Ove is another formula);
reports always say which one they use.
"""

from adcraft.layout.metrics.pku import (
    PKUCanvas,
    PKUScores,
    load_pku_canvases,
    pku_saliency,
    pku_scores,
)
from adcraft.layout.metrics.ralf import RALFScores, ralf_scores
from adcraft.layout.metrics.types import LOGO, TEXT, UNDERLAY, PosterLayout

__all__ = [
    "LOGO",
    "TEXT",
    "UNDERLAY",
    "PKUCanvas",
    "PKUScores",
    "PosterLayout",
    "RALFScores",
    "load_pku_canvases",
    "pku_saliency",
    "pku_scores",
    "ralf_scores",
]
