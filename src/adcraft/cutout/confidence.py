"""How much to trust a cut-out: a number in ``[0, 1]`` with its named parts and a reason.

Each part is a score in ``[0, 1]`` (1 = no sign of that failure) measured without ground truth
on the matte, the photo and the segmenter's maps, at a 320 px working size:

``agreement``
    IoU of the two models' masks when both ran, else the stability score of the one map
    (:func:`~adcraft.cutout.ensemble.stability`); 0.97 and above scores 1, 0.75 and below 0
    (on the shared product photos two sound cut-outs agree at 0.96–1.0).
``fragments``
    The matte or the segmenter's mask falls apart: share of its area in pieces smaller than
    half the largest one, and how many such pieces there are (similar-sized pieces are several
    products and count as one); the worse of the two.
``frame``
    Share of the matte's outline that lies on the photo's frame (the product is cut off, or the
    "object" is a close-up of a scene). On a plain backdrop a tight crop is common and harmless,
    so the score falls from a share of 0.20 (to 0 at 0.60) instead of 0.04 (to 0 at 0.30).
``surface``
    Scenes only (a plain backdrop has no surface): matte area in the bottom third of its box
    that spreads sideways past the part above it, or that runs into the left/right frame
    (table tops, rugs and shelves continue beyond the product).
``hands``
    Skin-coloured regions of the matte that touch the frame: a hand or arm holding the product.
    Skin by the YCrCb rule of Chai and Ngan (IEEE TCSVT 9(4), 1999; 77 ≤ Cb ≤ 127, Cr ≤ 173)
    with the Cr floor raised from 133 to 145, which keeps cream and beige packaging out (hands
    on the shared photos measure Cr ≈ 161, a cream carton 143). Not counted when skin colours
    cover over 60 % of the matte: the product itself is skin-coloured (leather, cardboard).
``unsure``
    The segmenter's grey band: ``#(0.15 < s < 0.85) / #(s > 0.5)`` of the final saliency.

The value is the product of the parts (the chance that no failure applies, treating them as
independent). :data:`CUTOUT_CONFIDENCE_THRESHOLD` is the value under which the pipeline uses
the photo whole instead of cutting the product out.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Cut-outs whose confidence is under this value should not be used; the photo is used whole.
CUTOUT_CONFIDENCE_THRESHOLD = 0.5
#: A cut-out from a *scene* photo (a lifestyle or in-store shot) needs this much: a scene cut
#: out is a strong claim (the product separated from a world it touches), and the failures that
#: the parts miss most often are scene ones (a table top kept in front of a sofa, trouser legs
#: above boots, a floor patch between chair legs: 0.57-0.69 on the shared photos, all rejected
#: by the design reviewers; the scene cut-outs they accepted, a folded sweater, a camera, a
#: typewriter on a sofa, score 1.00).
SCENE_CONFIDENCE_THRESHOLD = 0.8

_WORK = 320
_REASONS = {
    "agreement": "the two segmentation models disagree about the product's outline",
    "stability": "the segmentation map is unstable: the product's outline moves with the threshold",
    "fragments": "the cut-out falls apart into several pieces",
    "frame": "the product runs into the photo's frame (cut off, or a close-up of a scene)",
    "surface": "a surface under the product (table, rug, shelf) seems to be kept in the cut-out",
    "hands": "a hand or arm holding the product is cut off by the frame",
    "unsure": "the segmenter is unsure where the product ends",
}


@dataclass(frozen=True)
class CutoutConfidence:
    """Trust in a cut-out.

    Attributes
    ----------
    value:
        In ``[0, 1]``; the product of :attr:`parts`.
    parts:
        ``(name, score)`` pairs in ``[0, 1]`` (1 = no sign of that failure), names as in the
        module docstring, always in the same order.
    reason:
        A sentence for a user naming the weakest parts when :attr:`value` is under
        :data:`CUTOUT_CONFIDENCE_THRESHOLD` or a part is under 0.6; ``None`` otherwise.
    """

    value: float
    parts: tuple[tuple[str, float], ...]
    reason: str | None

    @property
    def low(self) -> bool:
        """Under :data:`CUTOUT_CONFIDENCE_THRESHOLD`: use the photo whole, not the cut-out."""
        return self.value < CUTOUT_CONFIDENCE_THRESHOLD

    def part(self, name: str) -> float:
        """The score of one part.

        Raises
        ------
        KeyError
            If ``name`` is not a part.
        """
        return dict(self.parts)[name]


def _ramp(x: float, zero: float, one: float) -> float:
    """0 at ``zero``, 1 at ``one``, linear between, clipped (either direction)."""
    return float(np.clip((x - zero) / (one - zero), 0.0, 1.0))


def _work_size(alpha: np.ndarray) -> tuple[int, int]:
    h, w = alpha.shape
    k = _WORK / max(h, w)
    return max(8, round(w * k)), max(8, round(h * k))


def fragment_score(mask: np.ndarray) -> float:
    """``fragments`` part of a ``bool`` mask (see the module docstring)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 2:
        return 1.0
    areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
    areas = areas[areas >= 0.0005 * mask.size]
    if areas.size <= 1:
        return 1.0
    small = areas[areas < 0.5 * areas.max()]
    share = float(small.sum() / areas.sum())
    return float(np.clip(1.0 - 2.5 * share - 0.08 * max(0, small.size - 1), 0.0, 1.0))


def frame_share(mask: np.ndarray) -> float:
    """Share of a ``bool`` mask's outline that lies on the image frame (0..1)."""
    m = mask.astype(np.uint8)
    if not m.any():
        return 0.0
    on_frame = int(m[0].sum() + m[-1].sum() + m[:, 0].sum() + m[:, -1].sum())
    padded = cv2.copyMakeBorder(m, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    contours, _ = cv2.findContours(padded, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(len(c) for c in contours)
    return min(1.0, on_frame / max(perimeter, 1))


def surface_share(mask: np.ndarray) -> float:
    """Share of a ``bool`` mask's area that looks like a kept surface (see the module docstring)."""
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return 0.0
    top, bottom = ys.min(), ys.max() + 1
    h, w = mask.shape
    split = top + int(0.67 * (bottom - top))
    upper, lower = mask[top:split], mask[split:bottom]
    if not upper.any() or not lower.any():
        return 0.0
    cols = np.nonzero(upper.any(axis=0))[0]
    margin = max(2, round(0.04 * w))
    outside = np.ones(w, bool)
    outside[max(0, cols.min() - margin) : cols.max() + 1 + margin] = False
    spread = lower[:, outside]
    # rows of the lower part that run into the left or right frame
    sides = lower[:, 0] | lower[:, -1]
    into_frame = lower[sides].sum() if sides.mean() > 0.3 else 0
    return float(max(spread.sum(), into_frame) / mask.sum())


def plain_backdrop(rgb: np.ndarray, mask: np.ndarray, delta_e: float = 6.0) -> bool:
    """Whether the frame pixels outside the mask are one plain colour (a packshot backdrop).

    Unlike the assessment's border test, pixels of a product that touches the frame are left
    out, so a tightly cropped packshot still counts as plain. Plain = at least 90 % of those
    pixels within CIE76 ΔE*ab ``delta_e`` of their median, and they make up at least a fifth
    of the frame.
    """
    frame = np.zeros(mask.shape, bool)
    frame[:2], frame[-2:], frame[:, :2], frame[:, -2:] = True, True, True, True
    keep = frame & ~mask
    if keep.sum() < 0.2 * frame.sum():
        return False
    lab = cv2.cvtColor(rgb[keep].reshape(-1, 1, 3).astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)[:, 0]
    de = np.sqrt(((lab - np.median(lab, axis=0)) ** 2).sum(-1))
    return bool((de <= delta_e).mean() >= 0.9)


def skin_mask(rgb: np.ndarray) -> np.ndarray:
    """Skin-coloured pixels of an ``uint8`` ``(H, W, 3)`` sRGB image (Chai and Ngan 1999)."""
    ycrcb = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)
    cr, cb = ycrcb[..., 1], ycrcb[..., 2]
    return (cr >= 145) & (cr <= 173) & (cb >= 77) & (cb <= 127)


def hand_share(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Share of a mask's area in skin-coloured regions of it that touch the frame."""
    skin = (skin_mask(rgb) & mask).astype(np.uint8)
    if skin.sum() > 0.6 * mask.sum():
        return 0.0
    skin = cv2.morphologyEx(skin, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, labels = cv2.connectedComponents(skin, connectivity=8)
    if n <= 1:
        return 0.0
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    edge = edge[edge > 0]
    return float(np.isin(labels, edge).sum() / max(mask.sum(), 1))


def cutout_confidence(
    rgb: np.ndarray,
    alpha: np.ndarray,
    *,
    agreement: float,
    unsure: float,
    plain: bool = False,
    saliency: np.ndarray | None = None,
    agreement_kind: str = "models",
) -> CutoutConfidence:
    """Confidence of a cut-out from its matte, photo and segmentation signals.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    alpha:
        ``float32`` ``(H, W)`` matte in ``[0, 1]``.
    agreement:
        Model agreement or stability in ``[0, 1]`` (see the module docstring).
    unsure:
        Uncertainty of the final saliency map (``0`` = crisp; may exceed 1).
    plain:
        The assessment found a plain backdrop; otherwise the frame outside the matte is
        tested with :func:`plain_backdrop` (see the ``frame`` and ``surface`` parts).
    saliency:
        ``float32`` ``(H, W)`` saliency the matte was refined from, for the ``fragments`` part.
    agreement_kind:
        ``"models"`` (two models' IoU) or ``"stability"`` (one map), for the reason's wording.

    Returns
    -------
    CutoutConfidence
    """
    size = _work_size(alpha)
    small_alpha = cv2.resize(alpha.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    small_rgb = cv2.resize(np.ascontiguousarray(rgb[..., :3]), size, interpolation=cv2.INTER_AREA)
    mask = small_alpha > 0.5
    fragments = fragment_score(mask)
    if saliency is not None:
        found = cv2.resize(saliency.astype(np.float32), size, interpolation=cv2.INTER_AREA) > 0.5
        fragments = min(fragments, fragment_score(found))
    frame = frame_share(mask)
    plain = plain or plain_backdrop(small_rgb, mask)
    parts = (
        ("agreement", _ramp(agreement, 0.75, 0.97)),
        ("fragments", fragments),
        ("frame", 1.0 - (_ramp(frame, 0.20, 0.60) if plain else _ramp(frame, 0.04, 0.30))),
        ("surface", 1.0 if plain else 1.0 - _ramp(surface_share(mask), 0.02, 0.15)),
        ("hands", 1.0 - _ramp(hand_share(small_rgb, mask), 0.01, 0.08)),
        ("unsure", 1.0 - _ramp(unsure if np.isfinite(unsure) else 10.0, 0.10, 0.50)),
    )
    value = float(np.prod([p for _, p in parts]))
    weak = sorted((p, name) for name, p in parts if p < 0.6)
    reason = None
    if weak or value < CUTOUT_CONFIDENCE_THRESHOLD:
        named = weak or sorted((p, name) for name, p in parts)[:1]
        words = {**_REASONS, "agreement": _REASONS["stability" if agreement_kind == "stability" else "agreement"]}
        reason = f"cut-out confidence {value:.2f}: " + "; ".join(words[name] for _, name in named)
    return CutoutConfidence(value=value, parts=tuple((n, round(p, 4)) for n, p in parts), reason=reason)


def file_alpha_confidence(rgb: np.ndarray, alpha: np.ndarray) -> CutoutConfidence:
    """Confidence of a matte that came with the file: the designer's own, so agreement and
    certainty are full; fragments, frame, surface and hands are still measured."""
    grey = float(((alpha > 0.15) & (alpha < 0.85)).sum() / max(int((alpha > 0.5).sum()), 1))
    return cutout_confidence(rgb, alpha, agreement=1.0, unsure=min(grey, 0.1), plain=True)
