"""Cut-out: salient-object segmentation of the product and edge refinement."""

from adcraft.cutout.cutout import Cutout, make_cutout
from adcraft.cutout.segmenters import SEGMENTERS, Segmenter, U2NetP, new_segmenter

__all__ = ["SEGMENTERS", "Cutout", "Segmenter", "U2NetP", "make_cutout", "new_segmenter"]
