"""Assessment: is a photo usable for a banner, and what kind of photo is it."""

from adcraft.assess.assessment import Assessment, BackgroundKind, assess_image
from adcraft.assess.refusal import refusal

__all__ = ["Assessment", "BackgroundKind", "assess_image", "refusal"]
