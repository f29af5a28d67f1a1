"""Design critic: judges a realised creative as a senior ad designer would.

For a creative (design document + rendered pixels + what is known about its photo) the critic
returns a :class:`Verdict` (SHIP / FIX / REJECT), the defect :class:`Code` s of the design
reviews (``../shared/data/reviews/README.md``), every measured value with its threshold and its
source, and a score in ``[0, 1]``.

Entry points (for the pipeline, ``ranking.json``, the studio and ``adcraft review``)::

    from adcraft.critic import CriticInput, critique, rank_key

    crit = critique(CriticInput(document=doc, image=pixels, photo_kind=assessment.background,
                                product_alpha=alpha, cutout_confidence=conf, cutout_parts=parts,
                                cut_sides=sides, product_colours=palette.colours,
                                product_weights=palette.weights, sale=brief.original_price is not None))
    crit.verdict, crit.codes, crit.findings, crit.score, crit.to_dict()
    ranked = sorted(creatives, key=lambda c: rank_key(c.critique, c.score))  # SHIP, then FIX, then REJECT

A REJECT should never be rank 1 (list it under ``rejected`` with ``crit.findings``); FIX ranks
below SHIP; :func:`rank_key` orders by verdict, then the critic's score, then the design score.

Measures by concern (one module each): :mod:`.typesize` (text size per role and size class,
hierarchy), :mod:`.space` (empty bands, margins, alignment, story safe zones),
:mod:`.decoration` (clip-art, collisions of decorations/stripes/podiums), :mod:`.colour` (hues
against the product's palette, muddiness, separation, text and logo legibility), :mod:`.breaks`
(widows, orphans, split words, Chinese words split, by jieba), :mod:`.product` (photo misuse,
cut-out confidence and halos, crop, scale, extension seams, source borders, sale price).

Verdict rule (reviews README): any critical finding (wrong treatment: a scene photo cut out with
a low confidence, an extension over 40 % of the canvas) is a REJECT; three or more substantive
(major) defects of different kinds are a REJECT, TEXT_SMALL and HIERARCHY counting as one kind
(one type-scale fix), as do CUTOUT, PHOTO_MISUSE and CROP (one new cut-out or crop); one or two
are a FIX, and so are quick fixes (moderate: a clip-art to delete, a struck price to add) however
many; minor findings are noted and still SHIP.

The cut-out confidence comes from the cut-out stage (issue 14); until it lands,
:func:`adcraft.critic.standin.provisional_cutout_confidence` stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .breaks import measure_breaks
from .colour import measure_colour, measure_legibility
from .decoration import measure_decoration
from .model import (
    Code,
    CriticInput,
    Critique,
    Finding,
    Measure,
    PhotoFacts,
    Severity,
    Source,
    Verdict,
)
from .product import (
    measure_borders_and_sale,
    measure_crop_scale,
    measure_extension,
    measure_photo_use,
)
from .space import measure_alignment, measure_empty, measure_margins
from .typesize import measure_hierarchy, measure_type
from .view import Recorder, make_view

__all__ = [
    "Code",
    "CriticConfig",
    "CriticInput",
    "Critique",
    "Finding",
    "Measure",
    "PhotoFacts",
    "Severity",
    "Source",
    "Verdict",
    "critique",
    "rank_key",
    "verdict_of",
]

_VERDICT_ORDER = {Verdict.SHIP: 0, Verdict.FIX: 1, Verdict.REJECT: 2}
_SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MODERATE: 2, Severity.MINOR: 3}
#: Codes fixed by the same manual fix count as one defect in the REJECT rule.
_SAME_FIX = {Code.HIERARCHY: Code.TEXT_SMALL, Code.PHOTO_MISUSE: Code.CUTOUT, Code.CROP: Code.CUTOUT}


@dataclass(frozen=True)
class CriticConfig:
    """Conventions the reviewers differ on (reviews README, "Two raters, two conventions").

    Attributes
    ----------
    geometric_is_clipart:
        Dot grids and arcs count as clip-art (rater A and the README's code table; default).
        ``False`` follows rater B, who left them uncoded (they become minor notes).
    reject_defects:
        Number of substantive defects of different kinds that make a REJECT (README: three).
    """

    geometric_is_clipart: bool = True
    reject_defects: int = 3


def verdict_of(findings: list[Finding] | tuple[Finding, ...], reject_defects: int = 3) -> Verdict:
    """The verdict of a set of findings (see the module docstring)."""
    if any(f.severity is Severity.CRITICAL for f in findings):
        return Verdict.REJECT
    kinds = {_SAME_FIX.get(f.code, f.code) for f in findings if f.severity is Severity.MAJOR}
    if len(kinds) >= reject_defects:
        return Verdict.REJECT
    quick = any(f.severity is Severity.MODERATE for f in findings)
    return Verdict.FIX if kinds or quick else Verdict.SHIP


def _score(verdict: Verdict, findings: list[Finding], measures: list[Measure]) -> float:
    """Score in the verdict's third of ``[0, 1]``: ``(base + 1 / (1 + penalty)) / 3`` with base 2
    (SHIP), 1 (FIX), 0 (REJECT); each finding adds to the penalty its weight (critical 0.5,
    major 0.25, moderate 0.15, minor 0.05) times one plus its excess past the threshold (≤ 1)."""
    weight = {Severity.CRITICAL: 0.5, Severity.MAJOR: 0.25, Severity.MODERATE: 0.15, Severity.MINOR: 0.05}
    excess = {m.name: min(1.0, m.excess()) for m in measures}
    penalty = sum(weight[f.severity] * (1.0 + excess.get(f.measure, 0.0)) for f in findings)
    inner = 1.0 / (1.0 + penalty)
    base = {Verdict.SHIP: 2.0, Verdict.FIX: 1.0, Verdict.REJECT: 0.0}[verdict]
    return float((base + inner) / 3.0)


def critique(inp: CriticInput, config: CriticConfig | None = None) -> Critique:
    """Judge one realised creative.

    Parameters
    ----------
    inp:
        :class:`CriticInput` (document, pixels, photo facts).
    config:
        :class:`CriticConfig`; defaults follow the reviews README.

    Returns
    -------
    Critique
        Verdict, codes (of major and critical findings), findings most severe first, every
        measure, and the score in ``[0, 1]``.
    """
    cfg = config or CriticConfig()
    view = make_view(inp)
    rec = Recorder()
    measure_type(view, rec)
    measure_hierarchy(view, rec)
    measure_breaks(view, rec)
    measure_empty(view, rec)
    measure_margins(view, rec)
    measure_alignment(view, rec)
    measure_decoration(view, rec, cfg.geometric_is_clipart)
    measure_colour(view, rec)
    measure_legibility(view, rec)
    measure_photo_use(view, rec)
    measure_crop_scale(view, rec)
    measure_extension(view, rec)
    measure_borders_and_sale(view, rec)
    findings = sorted(rec.findings, key=lambda f: (_SEVERITY_ORDER[f.severity], f.code.value))
    verdict = verdict_of(findings, cfg.reject_defects)
    substantive = {f.code for f in findings if f.severity is not Severity.MINOR}
    codes = tuple(c for c in Code if c in substantive)
    return Critique(
        verdict=verdict, codes=codes, findings=tuple(findings), measures=tuple(rec.measures),
        score=_score(verdict, findings, rec.measures),
    )


def rank_key(crit: Critique, score: float) -> tuple[int, float, float]:
    """Sort key for ranking creatives of one size (ascending = better first): verdict (SHIP,
    FIX, REJECT), then the critic's score, then the design score (both descending)."""
    return (_VERDICT_ORDER[crit.verdict], -crit.score, -float(score))
