"""Seasonal and promotional background styles: sale sunburst, Christmas, Spring Festival,
Singles' Day.

The motifs are drawn in the colours passed in (a theme such as ``christmas`` supplies the
festival palette, see :mod:`adcraft.palette.themes`), so the same style also works in a brand's
colours. Motifs avoid the product and text boxes given in ``params`` (see
:func:`adcraft.background.styles.keepout`). Each style stays under 50 ms at 1080x1080.
"""

from __future__ import annotations

import cv2
import numpy as np

from adcraft.background.styles import (
    BackgroundStyle,
    StyleFrame,
    _full,
    _grid,
    _ramp,
    cv_colour,
    is_free,
    mix,
    product_centre,
)

_WHITE = np.array([255.0, 255.0, 255.0], np.float32)


def sale_burst(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Promotional sunburst: ``params['rays']`` (default 18) alternating wedges radiating from
    behind the product (``cx``, ``cy``), fading towards the edges."""
    pl, pt, pr, pb = frame.product_fractions((0.3, 0.3, 0.7, 0.7))
    cx, cy = params.get("cx", (pl + pr) / 2), params.get("cy", (pt + pb) / 2)
    sw, sh = max(8, w // 2), max(8, h // 2)  # the field is smooth at half resolution
    x, y = _grid(sw, sh)
    dx, dy = (x - cx) * sw, (y - cy) * sh
    theta = np.arctan2(dy, dx)
    r = np.sqrt(dx * dx + dy * dy) / max(sw, sh)
    rays = params.get("rays", 18.0)
    wedge = np.sin(theta * rays) * (max(sw, sh) * 0.02) * np.maximum(r, 0.02) * rays  # distance-like, AA'd
    stripe = np.clip(wedge + 0.5, 0, 1)
    t = 0.15 + 0.5 * np.clip(r / 0.8, 0, 1) + 0.25 * stripe * np.clip(r * 3, 0, 1)
    t = cv2.resize(np.clip(t, 0, 1).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    return _ramp(t, colours[:2], rng)


def _snowflake(img: np.ndarray, cx: float, cy: float, s: float, colour, thick: int) -> None:
    for k in range(6):
        a = k * np.pi / 3
        ex, ey = cx + s * np.cos(a), cy + s * np.sin(a)
        cv2.line(img, (int(cx * 16), int(cy * 16)), (int(ex * 16), int(ey * 16)), colour, thick, cv2.LINE_AA, 4)
        for f in (0.55,):
            bx, by = cx + s * f * np.cos(a), cy + s * f * np.sin(a)
            for da in (-0.6, 0.6):
                tx, ty = bx + s * 0.3 * np.cos(a + da), by + s * 0.3 * np.sin(a + da)
                cv2.line(img, (int(bx * 16), int(by * 16)), (int(tx * 16), int(ty * 16)), colour, thick, cv2.LINE_AA, 4)


def christmas(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Winter night: a deep gradient, a snow drift along the bottom, snowflakes and a few
    accent baubles, all clear of the product and text."""
    x, y = _grid(w, h)
    out = _ramp(np.clip(0.9 - 0.8 * y + 0.2 * np.abs(x - 0.5), 0, 1), colours[:2][::-1], rng)
    m = max(w, h)
    # snow drift: a wavy band of near-white below the product's foot
    base = max(frame.product_fractions((0.3, 0.3, 0.7, 0.85))[3], 0.86) * h
    xs = np.arange(0, w + 8, 8, dtype=np.float32)
    crest = base + 0.025 * h * np.sin(xs / w * np.pi * 2.2 + rng.uniform(0, 6))
    pts = np.concatenate([np.stack([xs, crest], 1), [[w, h], [0, h]]]).astype(np.int32)
    snow = mix(_WHITE, colours[1], 0.08)
    cv2.fillPoly(out, [pts], cv_colour(snow), cv2.LINE_AA)
    boxes = frame.keepout(w, h)
    flake = cv_colour(mix(_WHITE, colours[0], 0.15))
    thick = max(1, round(m / 700))
    for _ in range(70):
        cx, cy, s = rng.uniform(0, w), rng.uniform(0, base), rng.uniform(0.006, 0.022) * m
        if is_free(cx, cy, s, boxes):
            _snowflake(out, cx, cy, s, flake, thick)
    for _ in range(6):
        cx, cy, s = rng.uniform(0, w), rng.uniform(0, 0.35) * h, rng.uniform(0.015, 0.03) * m
        if is_free(cx, cy, s, boxes):
            cv2.line(out, (int(cx), 0), (int(cx), int(cy - s)), cv_colour(mix(colours[2], _WHITE, 0.5)), thick, cv2.LINE_AA)
            cv2.circle(out, (int(cx * 16), int(cy * 16)), int(s * 16), cv_colour(colours[2]), -1, cv2.LINE_AA, 4)
            cv2.circle(out, (int((cx - s * 0.35) * 16), int((cy - s * 0.35) * 16)), int(s * 0.25 * 16), cv_colour(mix(colours[2], _WHITE, 0.6)), -1, cv2.LINE_AA, 4)
    return out


def spring_festival(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Spring Festival (Chinese New Year): a radial red glow with a tone-on-tone wave (seigaiha)
    pattern, a gold inner frame with corner brackets, and lanterns in the free top corners."""
    x, y = _grid(w, h)
    m = max(w, h)
    r = np.sqrt(((x - 0.5) * w / m) ** 2 + ((y - 0.45) * h / m) ** 2)
    # scallop waves: concentric rings on a staggered grid, a classic auspicious textile pattern
    p = 0.06 * m
    xx = np.arange(w, dtype=np.float32)[None, :] / p
    yy = np.arange(h, dtype=np.float32)[:, None] / (p * 0.5)
    row = np.floor(yy)
    cxo = xx - 0.5 * (row % 2)
    fx = cxo - np.round(cxo)
    fy = (yy - row) * 0.5
    ring = np.sin(np.sqrt(fx * fx + fy * fy) * np.pi * 8) > 0.6
    t = np.clip(r / 0.75, 0, 1) * 0.85 + ring * 0.08
    out = _ramp(np.clip(t, 0, 1), colours[:2], rng)
    gold = cv_colour(colours[2])
    inset, thick = round(0.03 * min(w, h)), max(1, round(m / 500))
    cv2.rectangle(out, (inset, inset), (w - inset, h - inset), gold, thick, cv2.LINE_AA)
    arm = round(0.06 * min(w, h))
    for (px, py, sx, sy) in ((inset, inset, 1, 1), (w - inset, inset, -1, 1), (inset, h - inset, 1, -1), (w - inset, h - inset, -1, -1)):
        q = round(inset * 0.5)
        cv2.line(out, (px + sx * q, py + sy * q), (px + sx * (q + arm), py + sy * q), gold, thick * 2, cv2.LINE_AA)
        cv2.line(out, (px + sx * q, py + sy * q), (px + sx * q, py + sy * (q + arm)), gold, thick * 2, cv2.LINE_AA)
    boxes = frame.keepout(w, h)
    s = 0.045 * m
    for cx in (0.12 * w, 0.88 * w):
        cy = inset + s * 2.2
        if is_free(cx, cy, s * 1.4, boxes) and cy + s * 1.6 < h:
            lantern = cv_colour(mix(colours[0], np.array([255.0, 40, 30]), 0.4))
            cv2.line(out, (int(cx), inset), (int(cx), int(cy - s)), gold, thick, cv2.LINE_AA)
            cv2.ellipse(out, (int(cx), int(cy)), (int(s * 1.15), int(s)), 0, 0, 360, lantern, -1, cv2.LINE_AA)
            cv2.ellipse(out, (int(cx), int(cy)), (int(s * 0.55), int(s)), 0, 0, 360, gold, thick, cv2.LINE_AA)
            cv2.rectangle(out, (int(cx - s * 0.35), int(cy - s * 1.1)), (int(cx + s * 0.35), int(cy - s * 0.85)), gold, -1)
            cv2.rectangle(out, (int(cx - s * 0.35), int(cy + s * 0.85)), (int(cx + s * 0.35), int(cy + s * 1.1)), gold, -1)
            cv2.line(out, (int(cx), int(cy + s * 1.1)), (int(cx), int(cy + s * 1.6)), gold, thick * 2, cv2.LINE_AA)
    return out


def singles_day(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Singles' Day (11.11) night-market neon: a dark gradient, a perspective grid floor in the
    accent colour with a glow, and a horizon line behind the product's foot."""
    out = _ramp(_full(np.clip(_grid(w, h)[1] * 1.1, 0, 1), w, h), colours[:2][::-1], rng).astype(np.float32)
    sw, sh = max(8, w // 2), max(8, h // 2)  # the light field is computed at half resolution
    x, y = _grid(sw, sh)
    horizon = min(0.92, max(0.55, frame.product_fractions((0.3, 0.3, 0.7, 0.7))[3] - 0.05))
    below = y > horizon
    depth = np.where(below, (y - horizon) / max(1e-3, 1 - horizon), 0.0)  # 0 at horizon, 1 at bottom
    d = np.maximum(depth, 0.03)
    # Anti-aliased grid lines: distance to the nearest line in pixels = phase distance divided
    # by the phase's derivative per pixel (rows at 3/depth = integer, columns at 8x/depth).
    k = 3.0
    phase = k / d
    hor_px = np.abs(phase - np.round(phase)) / (k / (d * d * max(1e-3, 1 - horizon) * sh))
    hor = np.clip(1.2 - hor_px, 0, 1) * below
    cols = (x - 0.5) * 8 / d
    ver_px = np.abs(cols - np.round(cols)) / (8 / (d * sw))
    ver = np.clip(1.2 - ver_px, 0, 1) * below
    grid = np.maximum(hor, ver) * np.clip(depth * 4, 0, 1)
    glow = np.exp(-(((y - horizon) / 0.018) ** 2)) * 0.7
    light = cv2.resize(np.clip(grid * 0.9 + glow * 0.8, 0, 1).astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)[..., None]
    out += light * (colours[2][None, None, :] - out) * 0.85
    return np.clip(out, 0, 255).astype(np.uint8)


FESTIVE_STYLES: tuple[BackgroundStyle, ...] = (
    BackgroundStyle("sale_burst", sale_burst, product_centre),
    BackgroundStyle("christmas", christmas),
    BackgroundStyle("spring_festival", spring_festival),
    BackgroundStyle("singles_day", singles_day),
)
