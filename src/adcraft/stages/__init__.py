"""The declared stages of generation: prepare → plan → realise (then rank).

* :func:`~adcraft.stages.prepare.prepare` — brief in, :class:`ProductAssets` out (load, assess,
  cut-out, overlay removal, palette, copy variants, assets, scene information);
* :func:`~adcraft.stages.plan.plan` — a product and a size in, :class:`Candidate` s out (layout
  families, sampled parameters, the most different layouts kept);
* :func:`~adcraft.stages.realise.realise` — a product and a candidate in, a :class:`Creative`
  out (look, compose, render, measure, score);
* :func:`~adcraft.stages.rank.rank` — the creatives of a size in order;
  :func:`~adcraft.stages.rank.campaign` — one concept (:mod:`adcraft.stages.concept`) leads
  every size.

Every stage takes the loaded models as an explicit :class:`Components`; what passes between
stages is frozen, typed and picklable, so a product prepared in one process can be realised in
another. :class:`adcraft.Engine` runs them in a short loop.
"""

from adcraft.stages.components import Components
from adcraft.stages.concept import Concept, concepts
from adcraft.stages.options import BackdropBackend, CopyBackend, GenerationOptions
from adcraft.stages.plan import Candidate, Rejection, SizePlan, plan
from adcraft.stages.prepare import PhotoInspection, ProductAssets, inspect_photo, prepare
from adcraft.stages.rank import campaign, rank
from adcraft.stages.realise import Creative, realise

__all__ = [
    "BackdropBackend",
    "Candidate",
    "Components",
    "Concept",
    "CopyBackend",
    "Creative",
    "GenerationOptions",
    "PhotoInspection",
    "ProductAssets",
    "Rejection",
    "SizePlan",
    "campaign",
    "concepts",
    "inspect_photo",
    "plan",
    "prepare",
    "rank",
    "realise",
]
