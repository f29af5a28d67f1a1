"""The critic's vocabulary: verdicts, defect codes, severities, sources, and its frozen
input/output data classes.

The defect codes are those of the design reviews (``../shared/data/reviews/README.md``); the
verdicts follow the same README: SHIP (publish as is), FIX (one or two small manual fixes),
REJECT (the treatment is wrong, or three or more substantive defects).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

import numpy as np

from adcraft.assess import BackgroundKind
from adcraft.document import DesignDocument
from adcraft.errors import InputError
from adcraft.geometry import Box
from adcraft.palette.colour import Colour


class Verdict(StrEnum):
    """A designer's decision on a creative (reviews README, "Verdicts")."""

    SHIP = "SHIP"  #: a brand's designer would publish it as it is
    FIX = "FIX"  #: publishable after one or two small manual fixes
    REJECT = "REJECT"  #: wrong treatment, or three or more substantive defects


class Code(StrEnum):
    """Defect codes of the reviews README (several may apply to one creative)."""

    CUTOUT = "CUTOUT"
    PHOTO_MISUSE = "PHOTO_MISUSE"
    TEXT_SMALL = "TEXT_SMALL"
    EMPTY = "EMPTY"
    ALIGN = "ALIGN"
    HIERARCHY = "HIERARCHY"
    LOGO = "LOGO"
    DECOR = "DECOR"
    COLOUR = "COLOUR"
    BREAK = "BREAK"
    CROP = "CROP"
    SCALE = "SCALE"
    MARGIN = "MARGIN"
    OTHER = "OTHER"


class Severity(StrEnum):
    """How much a finding weighs in the verdict.

    ``MINOR`` is noted but a creative with only minor findings still ships; ``MODERATE`` needs
    a quick fix (delete a clip-art, add the struck price): FIX, but it is not one of the
    "substantive defects" that add up to a REJECT; ``MAJOR`` is a substantive defect (FIX; three
    of different kinds make a REJECT, as the reviews README defines it); ``CRITICAL`` is a wrong
    treatment (REJECT on its own).
    """

    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    CRITICAL = "critical"


class Source(StrEnum):
    """Where a threshold comes from (quoted in every measure and finding)."""

    REVIEW_MIN_SIZES = "reviews README, 'Minimum text sizes the reviews used' (canvas px)"
    REVIEW_SIZE_RULE = (
        "reviews README minimum sizes, extended to other sizes by size class "
        "(max of the IAB rows' pixel floor and the social rows' share of sqrt(W*H))"
    )
    REVIEW_EMPTY = "reviews README, EMPTY: a band >= ~24 % of a 160x600's height"
    REVIEW_MARGIN = "reviews README, MARGIN: closer than about 4 % of the short side to the edge"
    REVIEW_HIERARCHY = (
        "reviews README, HIERARCHY: headline, price and CTA the same size; sale and original "
        "price not distinguished; DESIGN_GUIDE.md Hierarchy: type scale ratio about 1.25-1.6"
    )
    REVIEW_BREAK = "reviews README, BREAK: widow/orphan ('Vitamin / E / softgels'), a word split"
    REVIEW_OTHER = "reviews README, OTHER: extension seams, a 1 px source border, a sale without its original price"
    REVIEW_EXTENSION = "reviews README, Verdicts: 'a smeared extension over half the canvas' is a REJECT"
    REVIEW_DECOR = (
        "reviews README, DECOR: clip-art (sparkles, leaf sprigs, confetti, dot grids, arcs) or "
        "stripes/podiums colliding with product, text or CTA; DESIGN_GUIDE.md Composition"
    )
    REVIEW_PHOTO = "reviews README, PHOTO_MISUSE / CUTOUT; DESIGN_GUIDE.md Composition"
    GUIDE_STORY = (
        "DESIGN_GUIDE.md Space: stories keep the top and bottom ~14 % free of platform UI "
        "(Meta Stories ads safe zone)"
    )
    GUIDE_ALIGN = "DESIGN_GUIDE.md Space: align everything to a few shared edges (a column's edge, the product's centre line)"
    GUIDE_PRODUCT = (
        "DESIGN_GUIDE.md Space: the product takes about 35-60 % of a square or portrait canvas; "
        "on a leaderboard it fills most of the height"
    )
    GUIDE_COLOUR = (
        "DESIGN_GUIDE.md Colour: colours from the product and its harmonies; reviews README "
        "COLOUR: background and CTA hues both foreign to the product"
    )
    GUIDE_SEPARATION = (
        "DESIGN_GUIDE.md Colour: keep the background calmer than the product so it pops; "
        "CIEDE2000 (Sharma, Wu & Dalal, Color Res. Appl. 30(1), 2005)"
    )
    MUDDY = (
        "Palmer & Schloss, 'An ecological valence theory of human color preference', PNAS "
        "107(19), 2010: dark yellows/olives/browns are the least preferred colours"
    )
    WCAG_TEXT = "WCAG 2.1 SC 1.4.3 contrast (minimum): 4.5:1 for text"
    WCAG_NON_TEXT = "WCAG 2.1 SC 1.4.11 non-text contrast: 3:1 for graphical objects (logos)"
    JIEBA = "jieba Chinese word segmentation (dictionary + HMM), word boundaries"
    CUTOUT_CONFIDENCE = "cut-out confidence of adcraft.cutout.confidence (two-model agreement, fragments, frame, surface, hands, unsure band)"
    SEAM = "adcraft.background.extend.seam_ratio: gradient across the seam over gradient beside it"


@dataclass(frozen=True)
class Measure:
    """One measured value against its threshold.

    Attributes
    ----------
    name:
        Dotted measure name, e.g. ``"type.size.headline"``.
    value:
        The measured value (unit in ``unit``).
    threshold:
        The limit it is compared with.
    op:
        ``">="`` (value must be at least the threshold) or ``"<="`` (at most).
    unit:
        ``"px"``, ``"ratio"``, ``"share"`` (0..1), ``"deg"``, ``"dE00"``, ``"count"`` …
    source:
        Where the threshold comes from.
    """

    name: str
    value: float
    threshold: float
    op: str
    unit: str
    source: Source

    @property
    def passed(self) -> bool:
        """Whether the value is on the right side of the threshold."""
        return self.value >= self.threshold if self.op == ">=" else self.value <= self.threshold

    def excess(self) -> float:
        """How far past the threshold the value is, relative to the threshold (0 when passed)."""
        if self.passed:
            return 0.0
        scale = max(abs(self.threshold), 1e-6)
        return float(abs(self.value - self.threshold) / scale)


@dataclass(frozen=True)
class Finding:
    """A defect: a failed measure with its code and severity.

    Attributes
    ----------
    code:
        :class:`Code` of the reviews README.
    severity:
        :class:`Severity`.
    measure:
        Name of the failed :class:`Measure`.
    value, threshold:
        The measured value and the limit it failed.
    source:
        Where the threshold comes from.
    message:
        One sentence a designer would write, naming the element and the numbers.
    """

    code: Code
    severity: Severity
    measure: str
    value: float
    threshold: float
    source: Source
    message: str


@dataclass(frozen=True)
class Critique:
    """The critic's answer.

    Attributes
    ----------
    verdict:
        :class:`Verdict`.
    codes:
        Distinct codes of the findings, in :class:`Code` order.
    findings:
        Every defect found, most severe first.
    measures:
        Every measured value with its threshold and source (passed or not).
    score:
        Final score in ``[0, 1]``: SHIP in ``[2/3, 1]``, FIX in ``[1/3, 2/3)``, REJECT in
        ``[0, 1/3)``; within a verdict, fewer and smaller excesses score higher.
    """

    verdict: Verdict
    codes: tuple[Code, ...]
    findings: tuple[Finding, ...]
    measures: tuple[Measure, ...]
    score: float

    def to_dict(self) -> dict:
        """JSON-ready form (for ``ranking.json`` and the API)."""
        return {
            "verdict": self.verdict.value,
            "codes": [c.value for c in self.codes],
            "score": round(self.score, 4),
            "findings": [
                {
                    "code": f.code.value,
                    "severity": f.severity.value,
                    "measure": f.measure,
                    "value": round(f.value, 4),
                    "threshold": round(f.threshold, 4),
                    "source": f.source.value,
                    "message": f.message,
                }
                for f in self.findings
            ],
        }


def _frozen_mapping(m: Mapping[str, float] | None) -> Mapping[str, float]:
    return MappingProxyType(dict(m or {}))


@dataclass(frozen=True)
class PhotoFacts:
    """What the critic knows about a product's photo, the same for every creative of it.

    Attributes
    ----------
    photo_kind:
        The photo's :class:`~adcraft.assess.BackgroundKind`.
    cutout_confidence, cutout_parts, cut_sides:
        The cut-out's confidence in ``[0, 1]`` (``None`` unknown), its parts, and the sides
        where the photo's frame cuts the product (see :class:`CriticInput`).
    product_colours, product_weights:
        The product's palette and its shares.
    sale:
        The brief is a sale (an original price above the price).
    shows_person:
        The photo shows a person (:func:`adcraft.assess.people.person_score`).
    coverage:
        Share of the photo the product covers (mean matte), ``None`` unknown.
    """

    photo_kind: BackgroundKind = BackgroundKind.PLAIN
    cutout_confidence: float | None = None
    cutout_parts: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    cut_sides: frozenset[str] = frozenset()
    product_colours: tuple[Colour, ...] = ()
    product_weights: tuple[float, ...] = ()
    sale: bool = False
    shows_person: bool = False
    coverage: float | None = None

    def to_dict(self) -> dict:
        """JSON-ready form (``ranking.json``, the creative store); :meth:`from_dict` reads it."""
        return {
            "photo_kind": BackgroundKind(self.photo_kind).value,
            "cutout_confidence": None if self.cutout_confidence is None else round(float(self.cutout_confidence), 4),
            "cutout_parts": {k: round(float(v), 4) for k, v in self.cutout_parts.items()},
            "cut_sides": sorted(self.cut_sides),
            "product_colours": [list(c) for c in self.product_colours],
            "product_weights": [round(float(w), 4) for w in self.product_weights],
            "sale": self.sale,
            "shows_person": self.shows_person,
            "coverage": None if self.coverage is None else round(float(self.coverage), 4),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> PhotoFacts:
        """Read :meth:`to_dict`'s form.

        Raises
        ------
        InputError
            If a field has the wrong type or value.
        """
        try:
            return cls(
                photo_kind=BackgroundKind(data.get("photo_kind", "plain")),
                cutout_confidence=None if data.get("cutout_confidence") is None else float(data["cutout_confidence"]),
                cutout_parts={str(k): float(v) for k, v in (data.get("cutout_parts") or {}).items()},
                cut_sides=frozenset(str(s) for s in data.get("cut_sides") or ()),
                product_colours=tuple(tuple(int(v) for v in c) for c in data.get("product_colours") or ()),
                product_weights=tuple(float(w) for w in data.get("product_weights") or ()),
                sale=bool(data.get("sale", False)),
                shows_person=bool(data.get("shows_person", False)),
                coverage=None if data.get("coverage") is None else float(data["coverage"]),
            )
        except (TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"photo facts are malformed ({exc}); expected the form PhotoFacts.to_dict() writes") from None


@dataclass(frozen=True)
class CriticInput:
    """What the critic looks at: a realised creative and what is known about its photo.

    Attributes
    ----------
    document:
        The creative's :class:`~adcraft.document.DesignDocument` (roles, boxes, sizes, lines,
        meta: family, background style, decorations).
    image:
        The rendered creative, ``uint8`` ``(H, W, 3)`` sRGB, ``(W, H)`` = ``document.size``.
    photo_kind:
        The photo's :class:`~adcraft.assess.BackgroundKind` from the assessment (``scene``,
        ``plain`` or ``transparent``).
    product_alpha:
        The product's rendered alpha on the canvas, ``float32`` ``(H, W)`` in ``[0, 1]``, or
        ``None`` (then the product box stands in for it).
    cutout_confidence:
        Confidence in ``[0, 1]`` that the cut-out is clean (from the cut-out stage), or ``None``
        when unknown (the photo-misuse and cut-out checks then rest on the pixels only).
    cutout_parts:
        The parts of that confidence by name (e.g. ``frame_contact``, ``fragmentation``,
        ``agreement``, ``unsure_band``), each in ``[0, 1]``, 1 = clean; read-only.
    cut_sides:
        Sides of the product (``"left"``, ``"top"``, ``"right"``, ``"bottom"``) where the
        source photo's frame cuts it (a flat cut edge).
    product_colours, product_weights:
        The product's palette (sRGB colours, most frequent first) and their shares; empty
        when unknown (then it is read from ``image`` under ``product_alpha``).
    sale:
        ``True`` when the brief is a sale (an original price was given), so the creative
        must show the original price.
    photo_box:
        When the background is the photo, the canvas box covered by the photo's own pixels
        (the rest was extended); ``None`` otherwise or when not extended.
    photo_panel:
        When the photo is a panel beside the copy (not the whole background), the panel's
        canvas box; extension and seams are measured inside it.

    Raises
    ------
    InputError
        If the image is not ``uint8`` ``(H, W, 3)`` of the document's size, or an alpha or a
        confidence is out of shape or range.
    """

    document: DesignDocument
    image: np.ndarray
    photo_kind: BackgroundKind = BackgroundKind.PLAIN
    product_alpha: np.ndarray | None = None
    cutout_confidence: float | None = None
    cutout_parts: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    cut_sides: frozenset[str] = frozenset()
    product_colours: tuple[Colour, ...] = ()
    product_weights: tuple[float, ...] = ()
    sale: bool = False
    photo_box: Box | None = None
    photo_panel: Box | None = None

    @classmethod
    def of(
        cls, document: DesignDocument, image: np.ndarray, facts: PhotoFacts,
        product_alpha: np.ndarray | None = None, photo_box: Box | None = None, photo_panel: Box | None = None,
    ) -> CriticInput:
        """The input for one creative of a product whose photo is described by ``facts``.

        ``photo_panel`` defaults to the box of the document's photo layer (role ``photo``), so
        generation, the studio's editor and ``adcraft review`` measure a photo panel alike."""
        if photo_panel is None:
            photo_panel = next((layer.box for layer in document.layers if layer.role == "photo"), None)
        return cls(
            document=document, image=image, photo_kind=facts.photo_kind, product_alpha=product_alpha,
            cutout_confidence=facts.cutout_confidence, cutout_parts=facts.cutout_parts, cut_sides=facts.cut_sides,
            product_colours=facts.product_colours, product_weights=facts.product_weights, sale=facts.sale,
            photo_box=photo_box, photo_panel=photo_panel,
        )

    def __post_init__(self) -> None:
        w, h = self.document.size
        img = self.image
        if not isinstance(img, np.ndarray) or img.dtype != np.uint8 or img.shape != (h, w, 3):
            got = f"{img.dtype} {img.shape}" if isinstance(img, np.ndarray) else type(img).__name__
            raise InputError(f"critic image must be uint8 ({h}, {w}, 3) for a {w}x{h} document, got {got}")
        a = self.product_alpha
        if a is not None and (a.dtype != np.float32 or a.shape != (h, w)):
            raise InputError(f"product_alpha must be float32 ({h}, {w}), got {a.dtype} {a.shape}")
        c = self.cutout_confidence
        if c is not None and not (0.0 <= float(c) <= 1.0):
            raise InputError(f"cutout_confidence must be in [0, 1] or None, got {c}")
        bad = self.cut_sides - {"left", "top", "right", "bottom"}
        if bad:
            raise InputError(f"cut_sides must name left/top/right/bottom, got {sorted(bad)}")
        if len(self.product_weights) not in (0, len(self.product_colours)):
            raise InputError("product_weights must be empty or one weight per product colour")
        object.__setattr__(self, "cutout_parts", _frozen_mapping(self.cutout_parts))
        object.__setattr__(self, "photo_kind", BackgroundKind(self.photo_kind))
