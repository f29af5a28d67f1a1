"""adcraft: product photos and facts in, ranked advertising creatives in every ad size out.

Quick start::

    import adcraft
    brief = adcraft.Brief(photo="mug.jpg", title="Ceramic mug", price=12.5)
    result = adcraft.generate(brief, sizes=[(1200, 628), (1080, 1080)], count=8, seed=0)
    best = result.for_size((1200, 628))[0]
"""

from adcraft import stages
from adcraft.brief import Brief
from adcraft.errors import AdcraftError, InputError, InternalError
from adcraft.pipeline import Creative, Engine, GenerationResult, Rejection, generate

__version__ = "0.1.0"

__all__ = [
    "AdcraftError",
    "Brief",
    "Creative",
    "Engine",
    "GenerationResult",
    "InputError",
    "InternalError",
    "Rejection",
    "__version__",
    "generate",
    "stages",
]
