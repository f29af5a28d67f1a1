"""The creative record: what every front-end reports about one creative.

``ranking.json`` (:func:`adcraft.output.write_result`), the server's job runner and its API all
describe a creative with one :class:`CreativeRecord`, so the same creative reads the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from adcraft.document import DesignDocument, TextLayer
from adcraft.stages.realise import Creative


def shown_copy(document: DesignDocument) -> dict[str, str]:
    """Role → the text a creative actually shows (its text layers; the struck price too)."""
    return {layer.role.value: layer.text for layer in document.layers if isinstance(layer, TextLayer)}


@dataclass(frozen=True)
class CreativeRecord:
    """One creative as reported.

    Attributes
    ----------
    id, rank:
        Identity and rank within its size (1 is best).
    size:
        ``"WxH"``.
    score:
        The final score (the design critic's, in its verdict's third of ``[0, 1]``).
    design_score, terms:
        The layout's design-quality score and every term, rounded to 4 decimals.
    verdict, codes, findings:
        The design critic's verdict (``SHIP``/``FIX``), defect codes and findings (each with
        its measure, value, threshold and source).
    contrasts:
        Role → measured WCAG 2.x contrast ratio of its text, rounded to 2 decimals.
    family:
        The layout family.
    notes:
        Decisions worth knowing (dropped sub-line, underlay…).
    copy:
        Role → the text the creative shows (:func:`shown_copy`).
    files:
        Kind (``png``, ``jpeg``, ``webp``, ``document``) → path, where written.
    """

    id: str
    size: str
    rank: int
    score: float
    design_score: float
    terms: Mapping[str, float]
    verdict: str
    codes: tuple[str, ...]
    findings: tuple[Mapping[str, Any], ...]
    contrasts: Mapping[str, float]
    family: str | None
    notes: tuple[str, ...]
    copy: Mapping[str, str]
    files: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, creative: Creative, files: Mapping[str, str] | None = None) -> CreativeRecord:
        """The record of a realised creative (and the files it was written to)."""
        return cls(
            id=creative.id,
            size=f"{creative.size[0]}x{creative.size[1]}",
            rank=creative.rank,
            score=round(creative.score, 4),
            design_score=round(creative.design_score, 4),
            terms={k: round(v, 4) for k, v in creative.terms.items()},
            verdict=creative.critique.verdict.value,
            codes=tuple(c.value for c in creative.critique.codes),
            findings=tuple(creative.critique.to_dict()["findings"]),
            contrasts={role: round(v, 2) for role, v in creative.contrasts},
            family=creative.family,
            notes=tuple(creative.notes),
            copy=shown_copy(creative.document),
            files=dict(files or {}),
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return {
            "id": self.id, "size": self.size, "rank": self.rank, "score": self.score, "verdict": self.verdict,
            "codes": list(self.codes), "design_score": self.design_score, "terms": dict(self.terms),
            "findings": [dict(f) for f in self.findings],
            "text_contrast": dict(self.contrasts), "family": self.family, "notes": list(self.notes),
            "copy": dict(self.copy), "files": dict(self.files),
        }
