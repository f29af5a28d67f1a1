"""Photo checks with reasons a user can act on, and the choice of the best photo for a banner.

Each check measures one thing and, when it fails, says what it measured and what to do:

* ``resolution`` — short side under ``min_good_side`` px: banners up to 1080 px will be soft.
* ``blur`` — variance of the Laplacian (Pech-Pacheco et al., ICPR 2000) under a threshold.
* ``overexposed`` / ``underexposed`` — share of clipped pixels (luma ≥ 250 or ≤ 5) over the
  product, or a product whose mean luma is extreme.
* ``product_small`` — the product covers under ``min_product_share`` of the frame.
* ``cut_off`` — the product's matte runs into the frame's edge (a packshot's product should
  be whole; a warning only for scenes and packshots cropped tight on purpose,
  :attr:`~adcraft.assess.Assessment.crossed`); the edges are named.
* ``collage`` — straight seams that cross (almost) the whole frame away from its border
  (Hough transform of Canny edges), splitting the photo into panels.
* ``text_heavy`` — detected text covers more than ``max_text_share`` of the frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from adcraft.assess.assessment import Assessment, BackgroundKind
from adcraft.assess.text import TextBox, text_mask


@dataclass(frozen=True)
class Issue:
    """One failed check.

    Attributes
    ----------
    code:
        ``resolution``, ``blur``, ``overexposed``, ``underexposed``, ``product_small``,
        ``cut_off``, ``collage`` or ``text_heavy``.
    severity:
        ``"reject"`` (the photo should not be used for a banner) or ``"warn"``.
    message:
        What was measured and what to do.
    """

    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class PhotoReport:
    """Checks of one photo and its suitability score.

    Attributes
    ----------
    issues:
        Failed checks.
    measures:
        The raw measurements (name → value) behind the checks.
    score:
        Suitability for a banner in ``[0, 1]``: 1 minus penalties (0.5 per reject, 0.15 per
        warning), plus a small bonus for plain backgrounds and sharpness.
    """

    issues: tuple[Issue, ...]
    measures: dict[str, float] = field(default_factory=dict)
    score: float = 1.0

    @property
    def usable(self) -> bool:
        """``True`` when no check rejects the photo."""
        return not any(i.severity == "reject" for i in self.issues)


@dataclass(frozen=True)
class QualityThresholds:
    """Thresholds of :func:`check_photo` (defaults are the values documented in the module)."""

    min_good_side: int = 600
    blur_reject: float = 15.0
    blur_warn: float = 50.0
    clipped_share: float = 0.25
    min_product_share: float = 0.04
    cut_off_share: float = 0.12
    max_text_share: float = 0.08
    seam_length: float = 0.9


def _luma(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def collage_seams(rgb: np.ndarray, seam_length: float = 0.9) -> list[tuple[str, int]]:
    """Straight seams across the frame: ``[("h", y) | ("v", x), …]`` in photo pixels.

    A seam is a Hough line segment (``cv2.HoughLinesP`` on per-channel Canny edges at a 512 px long side)
    that is horizontal or vertical, spans at least ``seam_length`` of the frame, and lies
    between 8 % and 92 % of the other dimension (borders and frames are not seams).
    """
    h, w = rgb.shape[:2]
    s = min(1.0, 512.0 / max(h, w))
    small = cv2.resize(rgb, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    # Edges of each colour channel: a seam between panels of equal brightness still shows.
    edges = np.max([cv2.Canny(np.ascontiguousarray(small[..., c]), 60, 160) for c in range(3)], axis=0)
    lines = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=int(0.5 * min(sh, sw)), minLineLength=int(seam_length * min(sh, sw)), maxLineGap=3)
    seams: list[tuple[str, int]] = []
    for x1, y1, x2, y2 in (lines[:, 0] if lines is not None else []):
        if abs(y1 - y2) <= 1 and abs(x2 - x1) >= seam_length * sw and 0.08 * sh < y1 < 0.92 * sh:
            seams.append(("h", round(y1 / s)))
        elif abs(x1 - x2) <= 1 and abs(y2 - y1) >= seam_length * sh and 0.08 * sw < x1 < 0.92 * sw:
            seams.append(("v", round(x1 / s)))
    # Merge near-duplicates (both sides of one seam).
    merged: list[tuple[str, int]] = []
    for kind, pos in sorted(seams):
        if not merged or merged[-1][0] != kind or abs(merged[-1][1] - pos) > 0.03 * (h if kind == "h" else w):
            merged.append((kind, pos))
    return merged


def check_photo(
    rgb: np.ndarray,
    assessment: Assessment,
    alpha: np.ndarray,
    texts: list[TextBox],
    thresholds: QualityThresholds | None = None,
) -> PhotoReport:
    """Run every check on a photo whose product was cut out.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)``.
    assessment:
        From :func:`adcraft.assess.assess_image`.
    alpha:
        ``float32`` ``(H, W)`` product matte in ``[0, 1]`` (from the cut-out).
    texts:
        Text lines from :class:`adcraft.assess.text.TextDetector`.
    thresholds:
        :class:`QualityThresholds`; defaults when ``None``.

    Returns
    -------
    PhotoReport
    """
    th = thresholds or QualityThresholds()
    h, w = rgb.shape[:2]
    issues: list[Issue] = []
    m: dict[str, float] = {}
    short = min(h, w)
    m["short_side_px"] = short
    if short < th.min_good_side:
        issues.append(Issue("resolution", "warn", f"short side is {short} px (< {th.min_good_side}); 1080 px creatives will be upscaled and look soft — use a larger photo"))

    m["sharpness"] = assessment.sharpness
    if assessment.sharpness < th.blur_reject:
        issues.append(Issue("blur", "reject", f"photo is blurred (Laplacian variance {assessment.sharpness:.0f} < {th.blur_reject:.0f}); use a sharp photo"))
    elif assessment.sharpness < th.blur_warn:
        issues.append(Issue("blur", "warn", f"photo looks soft (Laplacian variance {assessment.sharpness:.0f} < {th.blur_warn:.0f}); a sharper photo gives a crisper banner"))

    fg = alpha > 0.5
    product_share = float(fg.mean())
    m["product_share"] = product_share
    luma = _luma(rgb)
    if fg.any():
        prod = luma[fg]
        over, under = float((prod >= 250).mean()), float((prod <= 5).mean())
        m["product_clipped_high"], m["product_clipped_low"], m["product_mean_luma"] = over, under, float(prod.mean())
        if over > th.clipped_share:
            issues.append(Issue("overexposed", "warn", f"{over:.0%} of the product is clipped white (> {th.clipped_share:.0%}); lower the exposure or use another photo"))
        if under > th.clipped_share or prod.mean() < 25:
            issues.append(Issue("underexposed", "warn", f"the product is too dark (mean luma {prod.mean():.0f}/255, {under:.0%} clipped black); brighten it or use another photo"))
    if product_share < th.min_product_share:
        issues.append(Issue("product_small", "reject", f"the product covers {product_share:.1%} of the photo (< {th.min_product_share:.0%}); crop closer to the product or use a closer shot"))

    if fg.any():
        edges = {"top": fg[0], "bottom": fg[-1], "left": fg[:, 0], "right": fg[:, -1]}
        touched = {k: float(v.mean()) for k, v in edges.items()}
        m.update({f"touch_{k}": v for k, v in touched.items()})
        cut = [k for k, v in touched.items() if v > th.cut_off_share]
        if cut and assessment.background is not BackgroundKind.SCENE and not assessment.crossed:
            issues.append(Issue("cut_off", "reject", f"the product runs off the frame at the {', '.join(cut)}; use a photo that shows the whole product"))
        elif cut:
            issues.append(Issue("cut_off", "warn", f"the product touches the frame at the {', '.join(cut)}; layouts will crop it there"))

    seams = collage_seams(rgb, th.seam_length)
    m["collage_seams"] = len(seams)
    if seams:
        where = ", ".join(f"{'y' if k == 'h' else 'x'}={p}" for k, p in seams[:4])
        issues.append(Issue("collage", "reject", f"the photo looks like a collage (straight seams across the frame at {where}); use a single-product photo"))

    text_share = float(text_mask((h, w), texts).mean()) if texts else 0.0
    m["text_share"] = text_share
    if text_share > th.max_text_share:
        issues.append(Issue("text_heavy", "warn", f"text covers {text_share:.0%} of the photo (> {th.max_text_share:.0%}); overlays will be removed, but a clean photo works better"))

    score = 1.0 - sum(0.5 if i.severity == "reject" else 0.15 for i in issues)
    score += 0.05 * (assessment.background is not BackgroundKind.SCENE)
    score += 0.05 * min(1.0, assessment.sharpness / 500.0)
    score += 0.05 * min(1.0, product_share / 0.3)
    return PhotoReport(issues=tuple(issues), measures=m, score=float(np.clip(score, 0.0, 1.0)))


def best_photo(reports: list[PhotoReport], numbers: list[int] | None = None) -> tuple[int, str]:
    """Index of the photo best suited for a banner, and why.

    Parameters
    ----------
    reports:
        One :class:`PhotoReport` per candidate photo (at least one).
    numbers:
        How the sentence numbers each report's photo (default 1, 2, …); give the photos'
        numbers among everything the user passed when some were refused before assessment.

    Returns
    -------
    tuple[int, str]
        The index into ``reports``, and a sentence naming its score and the others' problems.

    Raises
    ------
    ValueError
        If ``reports`` is empty, or ``numbers`` does not have one number per report.
    """
    if not reports:
        raise ValueError("best_photo needs at least one photo report")
    numbers = list(numbers) if numbers is not None else list(range(1, len(reports) + 1))
    if len(numbers) != len(reports):
        raise ValueError(f"best_photo got {len(numbers)} numbers for {len(reports)} reports")
    order = sorted(range(len(reports)), key=lambda i: (reports[i].usable, reports[i].score), reverse=True)
    best = order[0]
    r = reports[best]
    why = [f"photo {numbers[best]} scores {r.score:.2f}" + (" with no issues" if not r.issues else f" ({', '.join(i.code for i in r.issues)})")]
    for i in order[1:]:
        o = reports[i]
        why.append(f"photo {numbers[i]} scores {o.score:.2f}" + (f": {', '.join(x.code for x in o.issues)}" if o.issues else ""))
    return best, "; ".join(why)
