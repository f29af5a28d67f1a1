"""Edge refinement of a coarse saliency map into an alpha matte.

Steps, each a published, standard technique:

1. Binarise at 0.5, keep the connected components that carry the product (drop specks under
   10 % of the largest).
2. Scene photos: fill enclosed holes that are small or that the segmenter saw as partly
   salient (:func:`fill_enclosed_holes`).
3. Packshots on a plain backdrop: a colour key (CIE76 ΔE*ab ≥ 5 to the backdrop colour)
   decides near the silhouette: unlike-backdrop pixels with some saliency join, backdrop-coloured
   pixels connected to the outside backdrop or forming low-saliency pockets leave; soft shadows
   (low saliency) stay out.
4. A trimap: definite foreground (eroded mask), definite background (outside the dilated mask)
   and an unknown band between, in which alpha comes from the colour guided filter (He, Sun and
   Tang, "Guided Image Filtering", IEEE TPAMI 35(6), 2013; fast variant, He and Sun,
   arXiv:1505.00996) of the mask, with the photo as guide: anti-aliased edges that follow the
   photo's own edges.
5. Foreground colour decontamination in the band: edge pixels take the colour of nearby
   definite-foreground pixels (normalised convolution, Knutsson and Westin, CVPR 1993), so that
   the old background does not show as a halo on a new one.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage.morphology import remove_small_holes


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float, subsample: int = 1) -> np.ndarray:
    """Guided filter with a grey or colour guide (He, Sun and Tang, TPAMI 2013, Algorithm 1 and
    its colour form, eq. 19), optionally the *fast guided filter* (He and Sun, arXiv:1505.00996):
    the linear coefficients are computed at ``1/subsample`` resolution and upsampled.

    Parameters
    ----------
    guide:
        ``float32`` ``(H, W)`` or ``(H, W, 3)`` in ``[0, 1]``.
    src:
        ``float32`` ``(H, W)``, the image to filter.
    radius:
        Box radius in full-resolution pixels (window ``2r+1``), ≥ 1.
    eps:
        Regularisation (in guide-intensity² units); larger is smoother.
    subsample:
        Integer factor ≥ 1 for the fast variant.

    Returns
    -------
    numpy.ndarray
        ``float32`` ``(H, W)``.
    """
    h, w = src.shape
    s = max(1, int(subsample))
    if s > 1:
        size = (max(1, w // s), max(1, h // s))
        g = cv2.resize(guide, size, interpolation=cv2.INTER_AREA)
        p = cv2.resize(src, size, interpolation=cv2.INTER_AREA)
    else:
        g, p = guide, src
    r = max(1, round(radius / s))
    k = (2 * r + 1, 2 * r + 1)

    def box(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, cv2.CV_32F, k, borderType=cv2.BORDER_REFLECT)

    mean_p = box(p)
    if g.ndim == 2:
        mean_i = box(g)
        a = (box(g * p) - mean_i * mean_p) / (box(g * g) - mean_i * mean_i + eps)
        b = mean_p - a * mean_i
    else:
        mean_i = box(g)
        cov_ip = box(g * p[..., None]) - mean_i * mean_p[..., None]
        var = np.empty(g.shape[:2] + (3, 3), np.float32)
        for i in range(3):
            for j in range(i, 3):
                v = box(g[..., i] * g[..., j]) - mean_i[..., i] * mean_i[..., j]
                var[..., i, j] = v
                var[..., j, i] = v
        var += np.float32(eps) * np.eye(3, dtype=np.float32)
        # Batched 3x3 solve by the adjugate (much faster than numpy.linalg.solve here).
        c00 = var[..., 1, 1] * var[..., 2, 2] - var[..., 1, 2] ** 2
        c01 = var[..., 0, 2] * var[..., 1, 2] - var[..., 0, 1] * var[..., 2, 2]
        c02 = var[..., 0, 1] * var[..., 1, 2] - var[..., 0, 2] * var[..., 1, 1]
        c11 = var[..., 0, 0] * var[..., 2, 2] - var[..., 0, 2] ** 2
        c12 = var[..., 0, 2] * var[..., 0, 1] - var[..., 0, 0] * var[..., 1, 2]
        c22 = var[..., 0, 0] * var[..., 1, 1] - var[..., 0, 1] ** 2
        det = var[..., 0, 0] * c00 + var[..., 0, 1] * c01 + var[..., 0, 2] * c02
        x, y, z = cov_ip[..., 0], cov_ip[..., 1], cov_ip[..., 2]
        a = np.stack([c00 * x + c01 * y + c02 * z, c01 * x + c11 * y + c12 * z, c02 * x + c12 * y + c22 * z], -1)
        a /= det[..., None]
        b = mean_p - (a * mean_i).sum(-1)
    mean_a, mean_b = box(a), box(b)
    if s > 1:
        mean_a = cv2.resize(mean_a, (w, h), interpolation=cv2.INTER_LINEAR)
        mean_b = cv2.resize(mean_b, (w, h), interpolation=cv2.INTER_LINEAR)
    if guide.ndim == 2:
        return mean_a * guide + mean_b
    return (mean_a * guide).sum(-1) + mean_b


def _keep_product_components(mask: np.ndarray, min_share: float = 0.1) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 1:
        return mask
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= min_share * areas.max()) + 1
    return np.isin(labels, keep)


def colour_key(rgb: np.ndarray, background: tuple[int, int, int], delta_e: float = 10.0) -> np.ndarray:
    """Pixels whose CIE76 colour difference (Euclidean distance in CIELAB, D65) to
    ``background`` exceeds ``delta_e``.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)`` sRGB.
    background:
        sRGB backdrop colour, 0..255 each.
    delta_e:
        Threshold in ΔE*ab units (about 2.3 is a just-noticeable difference).

    Returns
    -------
    numpy.ndarray
        ``bool`` ``(H, W)``.
    """
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)
    ref = cv2.cvtColor(np.array(background, np.float32).reshape(1, 1, 3) / 255.0, cv2.COLOR_RGB2Lab)[0, 0]
    return np.sqrt(((lab - ref) ** 2).sum(-1)) > delta_e


def fill_enclosed_holes(mask: np.ndarray, saliency: np.ndarray, *, min_saliency: float = 0.15, small_share: float = 0.002) -> np.ndarray:
    """Fill holes of a mask that belong to the object.

    A hole (background region enclosed by the mask) is filled when it is small (under
    ``small_share`` of the mask's area) or when its mean saliency exceeds ``min_saliency`` —
    the segmenter saw *something* there (a dark shutter, a label), as opposed to the
    near-zero saliency of background seen through a handle or between a sleeve and a body.

    Parameters
    ----------
    mask:
        ``bool`` ``(H, W)``.
    saliency:
        ``float32`` ``(H, W)`` in ``[0, 1]``.

    Returns
    -------
    numpy.ndarray
        ``bool`` ``(H, W)``.
    """
    n, labels, stats, _ = cv2.connectedComponentsWithStats((~mask).astype(np.uint8), connectivity=4)
    if n <= 1:
        return mask
    h, w = mask.shape
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    enclosed = (x > 0) & (y > 0) & (x + bw < w) & (y + bh < h)
    enclosed[0] = False
    sal_sum = np.bincount(labels.ravel(), weights=saliency.ravel(), minlength=n)
    mean = sal_sum / np.maximum(area, 1)
    fill = np.flatnonzero(enclosed & ((area < small_share * mask.sum()) | (mean > min_saliency)))
    if fill.size == 0:
        return mask
    return mask | np.isin(labels, fill)


def refine_alpha(
    rgb: np.ndarray,
    saliency: np.ndarray,
    *,
    plain_background: tuple[int, int, int] | None = None,
    band_frac: float = 0.006,
    radius_frac: float = 0.006,
    eps: float = 1e-3,
    thin_parts: bool = True,
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
    radius_frac:
        Guided-filter radius as a fraction of the long side (min 2 px); the same as the band, so the soft edge stays inside it.
    eps:
        Guided-filter regularisation (colour guide in ``[0, 1]``).
    thin_parts:
        Give parts thinner than the band their own small-radius filter (see
        :func:`_keep_thin_parts`) instead of letting the band-wide filter fade them.

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
    long_side = max(h, w)
    r = max(2, round(long_side * band_frac))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    if plain_background is None:
        mask = fill_enclosed_holes(mask, saliency)
    else:
        # Packshot: the colour key decides near the silhouette. Pixels unlike the backdrop
        # join the mask only where the segmenter saw some saliency (soft shadows stay out).
        # Backdrop-coloured pixels leave it where they connect to the backdrop outside (only
        # in the edge band, so a white product on white keeps its body), or where they form an
        # enclosed pocket of low saliency (the gap between fingers, a handle's hole).
        near = cv2.dilate(mask.astype(np.uint8), kernel, iterations=3).astype(bool)
        core = cv2.erode(mask.astype(np.uint8), kernel, iterations=2).astype(bool)
        ys, xs = np.nonzero(near)
        t, b, l, rr = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        key = np.zeros_like(mask)
        key[t:b, l:rr] = colour_key(rgb[t:b, l:rr], plain_background, 5)
        backdrop = ~key | ~near
        n, labels = cv2.connectedComponents(backdrop.astype(np.uint8), connectivity=4)
        outside_ids = np.unique(labels[~near])
        area = np.bincount(labels.ravel(), minlength=n)
        mean_sal = np.bincount(labels.ravel(), weights=saliency.ravel(), minlength=n) / np.maximum(area, 1)
        pocket = np.ones(n, bool)
        pocket[outside_ids] = False
        pocket[0] = False
        low_pocket = np.flatnonzero(pocket & (mean_sal < 0.5))
        exterior = np.isin(labels, outside_ids[outside_ids > 0]) & ~core & (saliency < 0.9)
        mask = (mask | (near & key & (saliency > 0.25))) & ~exterior & ~np.isin(labels, low_pocket)
        mask = _keep_product_components(mask)
        mask = remove_small_holes(mask, max_size=max(16, int(0.0005 * mask.sum())))

    m8 = mask.astype(np.uint8)
    sure_fg = cv2.erode(m8, kernel).astype(bool)
    sure_bg = ~cv2.dilate(m8, kernel).astype(bool)
    guide = rgb.astype(np.float32) / 255.0
    gf_radius = max(2, round(long_side * radius_frac))
    soft = guided_filter(guide, m8.astype(np.float32), radius=gf_radius, eps=eps, subsample=max(1, round(long_side / 400)))
    alpha = np.clip(soft, 0.0, 1.0)
    if thin_parts:
        alpha = _keep_thin_parts(alpha, m8, guide, kernel, r, eps)
    alpha[sure_fg] = 1.0
    alpha[sure_bg] = 0.0
    return alpha.astype(np.float32)


def _keep_thin_parts(alpha: np.ndarray, m8: np.ndarray, guide: np.ndarray, kernel: np.ndarray, r: int, eps: float) -> np.ndarray:
    """Parts of the mask thinner than the trimap band (chair legs, pipettes, handles, straps)
    vanish under the band-wide guided filter: a structure ``2r`` px wide averages to about half
    opacity. Where the mask's morphological opening by the band's disk removes pixels, the
    alpha comes from a guided filter of radius ``r/4`` (grey guide) where that is more opaque,
    which follows the thin part's own edges (the same filter at a scale the part can support)."""
    thin = (m8 > 0) & ~cv2.morphologyEx(m8, cv2.MORPH_OPEN, kernel).astype(bool)
    if not thin.any():
        return alpha
    small_r = max(1, r // 4)
    zone = cv2.dilate(thin.astype(np.uint8), np.ones((2 * small_r + 3, 2 * small_r + 3), np.uint8)).astype(bool)
    ys, xs = np.nonzero(zone)
    t, b, l, rr = max(0, ys.min() - 2 * r), ys.max() + 1 + 2 * r, max(0, xs.min() - 2 * r), xs.max() + 1 + 2 * r
    grey = cv2.cvtColor(np.ascontiguousarray(guide[t:b, l:rr]), cv2.COLOR_RGB2GRAY)  # grey guide: 5x cheaper
    local = np.clip(guided_filter(grey, m8[t:b, l:rr].astype(np.float32), radius=small_r, eps=eps), 0.0, 1.0)
    out = alpha.copy()
    z = zone[t:b, l:rr]
    out[t:b, l:rr][z] = np.maximum(alpha[t:b, l:rr][z], local[z])
    return out


def decontaminate(rgb: np.ndarray, alpha: np.ndarray, radius: int | None = None) -> np.ndarray:
    """Replace the colour of partly transparent pixels by nearby opaque foreground colour.

    Parameters
    ----------
    rgb:
        ``uint8`` ``(H, W, 3)``.
    alpha:
        ``float32`` ``(H, W)`` in ``[0, 1]``.
    radius:
        Radius in pixels of the normalised-convolution window; ``None`` = 1.5 % of the long
        side (min 6 px), wide enough to reach opaque pixels across the whole trimap band (each
        side of the edge is 0.6 % of the long side), so no background colour survives in it.

    Returns
    -------
    numpy.ndarray
        ``uint8`` ``(H, W, 3)``: unchanged where ``alpha >= 0.98``; elsewhere the mean colour of
        the opaque pixels nearby (Knutsson and Westin's normalised convolution).
    """
    if radius is None:
        radius = max(6, round(0.015 * max(alpha.shape)))
    out = rgb.copy()
    edge = (alpha > 0.0) & (alpha < 0.98)
    if not edge.any():
        return out
    ys, xs = np.nonzero(edge)
    pad = 3 * radius
    h, w = alpha.shape
    t, b = max(0, ys.min() - pad), min(h, ys.max() + 1 + pad)
    l, r = max(0, xs.min() - pad), min(w, xs.max() + 1 + pad)
    a, c = alpha[t:b, l:r], rgb[t:b, l:r]
    conf = (a >= 0.98).astype(np.float32)
    k = 2 * radius + 1
    num = cv2.GaussianBlur(c.astype(np.float32) * conf[..., None], (k, k), 0)
    den = cv2.GaussianBlur(conf, (k, k), 0)[..., None]
    est = np.where(den > 1e-3, num / np.maximum(den, 1e-3), c.astype(np.float32))
    out[t:b, l:r] = np.where(edge[t:b, l:r, None], est, c).clip(0, 255).astype(np.uint8)
    return out
