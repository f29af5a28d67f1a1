"""Dominant colours of the product by k-means clustering in CIELAB."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from skimage.color import lab2rgb, rgb2lab
from sklearn.cluster import KMeans

from adcraft.palette.colour import Colour


@dataclass(frozen=True)
class Palette:
    """The product's colours.

    Attributes
    ----------
    colours:
        Cluster centres as sRGB ``(r, g, b)``, most frequent first.
    weights:
        Share (0..1) of product pixels in each cluster; sums to 1.
    lch:
        ``(L, C, h°)`` of each colour (CIELAB D65).
    theme:
        The product's theme colour: the most frequent colour with a chroma of at least 20, or
        the most frequent colour when the product is achromatic.
    """

    colours: tuple[Colour, ...]
    weights: tuple[float, ...]
    lch: tuple[tuple[float, float, float], ...]
    theme: Colour

    @property
    def is_achromatic(self) -> bool:
        """True when no colour covering ≥ 5 % of the product has chroma ≥ 20."""
        return not any(c >= 20 and w >= 0.05 for (_, c, _), w in zip(self.lch, self.weights, strict=True))


def extract_palette(rgba: np.ndarray, k: int = 5, seed: int = 0, max_samples: int = 6000) -> Palette:
    """Dominant colours of the opaque pixels of a cut-out.

    Parameters
    ----------
    rgba:
        ``uint8`` ``(H, W, 4)`` cut-out (or ``(H, W, 3)``: every pixel counts).
    k:
        Number of clusters (fewer when the product has fewer distinct pixels).
    seed:
        Seed of the pixel subsampling and of k-means++ initialisation.
    max_samples:
        Pixels sampled for clustering.

    Returns
    -------
    Palette

    Notes
    -----
    k-means (Lloyd, 1982; k-means++ seeding, Arthur and Vassilvitskii, 2007) in CIELAB, where
    Euclidean distance approximates perceived difference (CIE76 ΔE).
    """
    if rgba.shape[2] == 4:
        px = rgba[..., :3][rgba[..., 3] > 128]
    else:
        px = rgba.reshape(-1, 3)
    if len(px) == 0:
        px = rgba[..., :3].reshape(-1, 3)
    rng = np.random.default_rng(seed)
    if len(px) > max_samples:
        px = px[rng.choice(len(px), max_samples, replace=False)]
    lab = rgb2lab(px[None].astype(np.uint8))[0]
    n_distinct = len(np.unique(px, axis=0))
    k = max(1, min(k, n_distinct))
    km = KMeans(n_clusters=k, n_init=2, random_state=seed, max_iter=100).fit(lab)
    counts = np.bincount(km.labels_, minlength=k).astype(np.float64)
    order = np.argsort(-counts)
    centres = km.cluster_centers_[order]
    weights = counts[order] / counts.sum()
    rgb = np.clip(lab2rgb(centres[None])[0], 0, 1) * 255
    colours = tuple(tuple(int(round(v)) for v in c) for c in rgb)
    lch = tuple(
        (float(c[0]), float(np.hypot(c[1], c[2])), float(np.degrees(np.arctan2(c[2], c[1])) % 360))
        for c in centres
    )
    theme = colours[0]
    for col, (_, chroma, _), w in zip(colours, lch, weights, strict=True):
        if chroma >= 20 and w >= 0.05:
            theme = col
            break
    return Palette(colours=colours, weights=tuple(float(w) for w in weights), lch=lch, theme=theme)  # type: ignore[arg-type]
