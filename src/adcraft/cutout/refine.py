"""Edge refinement of a coarse saliency map into an alpha matte.

Steps, each a published, standard technique:

1. Binarise at 0.5, keep the connected components that carry the product (drop specks under
   10 % of the largest), fill small holes.
2. On plain backgrounds, a colour key (CIE76 distance to the border colour) sharpens the
   silhouette where the product differs from the backdrop.
3. A trimap: definite foreground (eroded mask), definite background (outside the dilated mask)
   and an unknown band between, in which alpha comes from the guided filter (He, Sun and Tang,
   "Guided Image Filtering", IEEE TPAMI 35(6), 2013) of the mask, with the image as guide.
4. Foreground colour decontamination in the band: edge pixels take the colour of nearby
   definite-foreground pixels (normalised convolution, Knutsson and Westin, CVPR 1993), so that
   the old background does not show as a halo on a new one.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.color import deltaE_cie76, rgb2lab
from skimage.morphology import remove_small_holes


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """Grey-guide guided filter (He et al., TPAMI 2013, Algorithm 1).

    Parameters
    ----------
    guide:
        ``float32`` ``(H, W)`` in ``[0, 1]``.
    src:
        ``float32`` ``(H, W)``, the image to filter.
    radius:
        Box radius in pixels (window ``2r+1``).
    eps:
        Regularisation (in guide-intensity² units); larger is smoother.

    Returns
    -------
    numpy.ndarray
        ``float32`` ``(H, W)``.
    """
    k = (2 * radius + 1, 2 * radius + 1)

    def box(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, cv2.CV_32F, k, borderType=cv2.BORDER_REFLECT)

    mean_i = box(guide)
    mean_p = box(src)
    cov_ip = box(guide * src) - mean_i * mean_p
    var_i = box(guide * guide) - mean_i * mean_i
    a = cov_ip / (var_i + eps)
    b = mean_p - a * mean_i
    return box(a) * guide + box(b)


def _keep_product_components(mask: np.ndarray, min_share: float = 0.1) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 1:
        return mask
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= min_share * areas.max()) + 1
    return np.isin(labels, keep)


def colour_key(rgb: np.ndarray, background: tuple[int, int, int], delta_e: float = 10.0) -> np.ndarray:
    """Pixels whose CIE76 colour difference (Euclidean in CIELAB) to ``background`` exceeds
    ``delta_e`` (bool ``(H, W)``)."""
    lab = rgb2lab(rgb)
    ref = rgb2lab(np.array(background, dtype=np.uint8)[None, None])[0, 0]
    return deltaE_cie76(lab, np.broadcast_to(ref, lab.shape)) > delta_e


def refine_alpha(
    rgb: np.ndarray,
    saliency: np.ndarray,
    *,
    plain_background: tuple[int, int, int] | None = None,
    band_frac: float = 0.006,
) -> np.ndarray:
    """Turn a coarse saliency map into a refined alpha matte.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` photo.
    saliency:
        ``float32`` ``(H, W)`` in ``[0, 1]`` from a segmenter.
    plain_background:
        sRGB backdrop colour when the photo is a packshot on a plain background, else ``None``.
    band_frac:
        Half-width of the trimap's unknown band as a fraction of the long side (min 2 px).

    Returns
    -------
    numpy.ndarray
        Alpha, ``float32`` ``(H, W)`` in ``[0, 1]``; all zeros when nothing salient was found.
    """
    h, w = saliency.shape
    mask = saliency > 0.5
    if not mask.any():
        return np.zeros((h, w), np.float32)
    mask = _keep_product_components(mask)
    r = max(2, round(max(h, w) * band_frac))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    if plain_background is not None:
        # Work at a reduced size for the colour key, then upsample.
        scale = min(1.0, 512.0 / max(h, w))
        small = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        key = colour_key(small, plain_background).astype(np.uint8)
        key = cv2.resize(key, (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
        near = cv2.dilate(mask.astype(np.uint8), kernel, iterations=3).astype(bool)
        core = cv2.erode(mask.astype(np.uint8), kernel, iterations=2).astype(bool)
        mask = (near & key) | core
        mask = _keep_product_components(mask)
    mask = remove_small_holes(mask, max_size=max(16, int(0.002 * mask.sum())))

    m8 = mask.astype(np.uint8)
    sure_fg = cv2.erode(m8, kernel).astype(bool)
    sure_bg = ~cv2.dilate(m8, kernel).astype(bool)
    guide = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    soft = guided_filter(guide, m8.astype(np.float32), radius=r, eps=1e-3)
    alpha = np.clip(soft, 0.0, 1.0)
    alpha[sure_fg] = 1.0
    alpha[sure_bg] = 0.0
    return alpha.astype(np.float32)


def decontaminate(rgb: np.ndarray, alpha: np.ndarray, radius: int = 6) -> np.ndarray:
    """Replace the colour of partly transparent pixels by nearby opaque foreground colour.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)``.
    alpha:
        ``float32`` ``(H, W)`` in ``[0, 1]``.
    radius:
        Radius in pixels of the normalised-convolution window.

    Returns
    -------
    numpy.ndarray
        ``uint8`` ``(H, W, 3)``: unchanged where ``alpha >= 0.98``; elsewhere the mean colour of
        the opaque pixels nearby (Knutsson and Westin's normalised convolution).
    """
    conf = (alpha >= 0.98).astype(np.float32)
    k = 2 * radius + 1
    num = cv2.GaussianBlur(rgb.astype(np.float32) * conf[..., None], (k, k), 0)
    den = cv2.GaussianBlur(conf, (k, k), 0)[..., None]
    est = np.where(den > 1e-3, num / np.maximum(den, 1e-3), rgb.astype(np.float32))
    edge = (alpha < 0.98)[..., None]
    return np.where(edge, est, rgb).clip(0, 255).astype(np.uint8)
