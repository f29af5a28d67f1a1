"""Score and rank: measurable design-quality terms of a rendered creative."""

from adcraft.score.terms import WEIGHTS, ScoreInput, score_creative, text_contrast

__all__ = ["WEIGHTS", "ScoreInput", "score_creative", "text_contrast"]
