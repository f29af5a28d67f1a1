"""Cut-out: salient-object segmentation of the product, edge refinement and a confidence."""

from adcraft.cutout.confidence import CUTOUT_CONFIDENCE_THRESHOLD, CutoutConfidence
from adcraft.cutout.cutout import Cutout, make_cutout
from adcraft.cutout.ensemble import TwoModelSegmenter, default_segmenter
from adcraft.cutout.segmenters import SEGMENTERS, Segmenter, U2Net, U2NetP, new_segmenter

__all__ = [
    "CUTOUT_CONFIDENCE_THRESHOLD",
    "SEGMENTERS",
    "Cutout",
    "CutoutConfidence",
    "Segmenter",
    "TwoModelSegmenter",
    "U2Net",
    "U2NetP",
    "default_segmenter",
    "make_cutout",
    "new_segmenter",
]
