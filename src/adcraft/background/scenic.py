"""Studio and graphic background styles: sweep, podium, bokeh, confetti, diagonal split,
paper texture, halftone.

Entries of :data:`adcraft.background.STYLES` (:data:`SCENIC_STYLES`); every drawing function
has the signature of :data:`~adcraft.background.styles.DrawFn` and returns ``uint8`` ``(H, W, 3)``. Each stays
under 50 ms at 1080x1080 on a 2-core machine (``benchmarks/backgrounds.py``): smooth fields go
through the dithered colour ramp, soft fields are computed at reduced resolution and upsampled,
hard motifs are drawn with OpenCV's anti-aliased primitives.
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
    split_beside_product,
)


def _small(w: int, h: int, side: int = 270) -> tuple[int, int]:
    k = min(1.0, side / max(w, h))
    return max(8, round(w * k)), max(8, round(h * k))


def studio_sweep(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Photographer's cyclorama: a wall that curves into the floor at ``params['floor']``.

    The wall darkens gently towards the top (``colours[1]``), the floor is the lit
    ``colours[0]``; a smoothstep over 12 % of the height hides the bend, and a slight
    horizontal vignette rounds the light.
    """
    floor = params.get("floor", frame.product_fractions((0.3, 0.3, 0.7, 0.78))[3])
    x, y = _grid(w, h)
    s = np.clip((y - (floor - 0.14)) / 0.14, 0, 1)
    wall = 1.0 - (s * s * (3 - 2 * s))  # 1 on the wall, 0 on the floor
    t = 0.25 * wall + 0.55 * wall * (1 - y / max(floor, 0.2)) + 0.35 * (x - 0.5) ** 2
    return _ramp(np.clip(t, 0, 1), colours[:2], rng)


def podium(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """A cylindrical stage under the product over a soft wall.

    The product's bottom edge (``pb``) sits on the podium's top ellipse; the podium is as wide
    as 1.5x the product (``pl``/``pr``), shaded from the accent-tinted ``colours[1]``.
    """
    x, y = _grid(w, h)
    out = _ramp(np.clip(0.2 + 0.6 * y + 0.2 * np.abs(x - 0.5), 0, 1), colours[:2][::-1], rng)
    pl, _, pr, pb = frame.product_fractions((0.3, 0.3, 0.7, 0.75))
    cx = (pl + pr) / 2 * w
    rx = max(0.12 * w, (pr - pl) * 0.75 * w)
    ry = max(6.0, rx * 0.16)
    top = pb * h - ry * 0.35
    body = max(ry * 1.6, min(h - top, 0.18 * h))
    for l, t, r, b in frame.keepout(w, h, parts="t"):  # the stage stays off the copy: narrower, or none
        if t < top + body and b > top - ry:
            room = cx - r if r <= cx else (l - cx if l >= cx else 0.0)
            rx = min(rx, room)
    if rx < max(0.5 * (pr - pl) * w, 8.0):
        return out
    side = mix(colours[1], colours[2], 0.25) * 0.82
    lit = mix(colours[0], colours[2], 0.12)
    cv2.ellipse(out, (int(cx), int(top + body)), (int(rx), int(ry)), 0, 0, 180, cv_colour(side * 0.9), -1, cv2.LINE_AA)
    cv2.rectangle(out, (int(cx - rx), int(top)), (int(cx + rx), int(top + body)), cv_colour(side), -1, cv2.LINE_AA)
    # a soft highlight down the front of the cylinder
    band = np.zeros((1, int(2 * rx) + 1), np.float32)
    xs = np.linspace(-1, 1, band.shape[1])
    band[0] = np.clip(1 - np.abs(xs + 0.25) * 1.6, 0, 1) * 0.25
    x0, y0, y1 = int(cx - rx), int(top), min(h, int(top + body))
    x1 = min(w, x0 + band.shape[1])
    xs0 = max(0, x0)
    if y1 > y0 and x1 > xs0:
        region = out[y0:y1, xs0:x1].astype(np.float32)
        region += band[:, xs0 - x0 : x1 - x0, None] * 255.0 * 0.5
        out[y0:y1, xs0:x1] = np.clip(region, 0, 255).astype(np.uint8)
    cv2.ellipse(out, (int(cx), int(top)), (int(rx), int(ry)), 0, 0, 360, cv_colour(lit), -1, cv2.LINE_AA)
    cv2.ellipse(out, (int(cx), int(top)), (int(rx), int(ry)), 0, 0, 360, cv_colour(side * 0.95), max(1, round(h / 500)), cv2.LINE_AA)
    return out


def bokeh(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Soft out-of-focus light discs (``params['count']``, default 26) over a gradient.

    Discs are added in linear light at quarter resolution, blurred, and upsampled; the ones
    that would fall on the text block are dimmed to a fifth so the copy stays readable.
    """
    x, y = _grid(w, h)
    base = _ramp(_full(np.clip(0.15 + 0.7 * y, 0, 1), w, h), colours[:2], rng).astype(np.float32)
    sw, sh = _small(w, h)
    glow = np.zeros((sh, sw, 3), np.float32)
    text_boxes = frame.keepout(sw, sh, pad=0.0, parts="t")
    light = colours[0] if colours[0].mean() > colours[1].mean() else colours[1]
    for _ in range(int(params.get("count", 26))):
        cx, cy = rng.uniform(0, sw), rng.uniform(0, sh)
        rad = rng.uniform(0.02, 0.09) * max(sw, sh)
        colour = mix(light, colours[2], float(rng.uniform(0, 0.8))) / 255.0
        strength = rng.uniform(0.08, 0.3) * (0.2 if not is_free(cx, cy, rad, text_boxes) else 1.0)
        x0, y0 = max(0, int(cx - rad) - 2), max(0, int(cy - rad) - 2)
        x1, y1 = min(sw, int(cx + rad) + 3), min(sh, int(cy + rad) + 3)
        if x1 <= x0 or y1 <= y0:
            continue
        disc = np.zeros((y1 - y0, x1 - x0), np.float32)  # drawn in its own bounding box only
        cv2.circle(disc, (int(cx) - x0, int(cy) - y0), int(rad), 1.0, -1, cv2.LINE_AA)
        glow[y0:y1, x0:x1] += disc[..., None] * (colour * strength)
    glow = cv2.GaussianBlur(glow, (0, 0), max(sw, sh) * 0.006 + 0.6)
    glow = cv2.resize(glow, (w, h), interpolation=cv2.INTER_LINEAR)
    base += glow * 255.0
    return np.clip(base, 0, 255).astype(np.uint8)


def confetti(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Geometric confetti (bars, triangles, dots) in the accent and secondary colours.

    ``params['count']`` pieces (default 60) are scattered, biased towards the edges, and never
    placed on the product or the text block.
    """
    x, y = _grid(w, h)
    out = _ramp(np.clip(0.5 * y + 0.2 * x, 0, 1), colours[:2], rng)
    boxes = frame.keepout(w, h)
    m = max(w, h)
    inks = [colours[2], mix(colours[2], colours[1], 0.5), mix(colours[2], np.array([255.0, 255, 255]), 0.45)]
    placed = 0
    for _ in range(int(params.get("count", 60)) * 4):
        if placed >= int(params.get("count", 60)):
            break
        u, v = rng.beta(0.6, 0.6), rng.beta(0.6, 0.6)
        cx, cy = u * w, v * h
        s = rng.uniform(0.007, 0.02) * m
        if not is_free(cx, cy, s * 1.5, boxes):
            continue
        colour = cv_colour(inks[int(rng.integers(len(inks)))])
        kind = int(rng.integers(3))
        a = rng.uniform(0, np.pi)
        if kind == 0:
            pts = cv2.boxPoints(((cx, cy), (s * 2.4, s * 0.7), np.degrees(a)))
            cv2.fillConvexPoly(out, np.round(pts * 16).astype(np.int32), colour, cv2.LINE_AA, 4)
        elif kind == 1:
            ang = a + np.array([0, 2.09, 4.19])
            pts = np.stack([cx + s * np.cos(ang), cy + s * np.sin(ang)], 1)
            cv2.fillConvexPoly(out, np.round(pts * 16).astype(np.int32), colour, cv2.LINE_AA, 4)
        else:
            cv2.circle(out, (int(cx * 16), int(cy * 16)), int(s * 0.6 * 16), colour, -1, cv2.LINE_AA, 4)
        placed += 1
    return out


def diagonal_split(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Two tones split by a diagonal through ``(params['split'], 0.5)`` at ``params['angle']``
    degrees (default 62), with a thin accent stripe along the cut."""
    x, y = _grid(w, h)
    ang = np.deg2rad(params.get("angle", 62.0))
    split = params.get("split", 0.55)
    m = max(w, h)
    d = ((x - split) * w * np.sin(ang) - (y - 0.5) * h * np.cos(ang)) / m  # signed distance in long-side units
    if params.get("flip", 0.0) >= 0.5:
        d = -d
    t = np.clip(d * m / 1.5 + 0.5, 0, 1)
    stops = np.stack([colours[0], colours[1]])
    out = _ramp(t, stops, rng)
    stripe = np.abs(d - 0.012) < 0.004
    if not any(stripe[max(0, t):max(0, b), max(0, l):max(0, r)].any() for l, t, r, b in frame.keepout(w, h)):
        out[stripe] = np.asarray(colours[2], np.uint8)  # the accent stripe only where it crosses nothing
    return out


def paper_texture(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Uncoated paper: low-frequency cloudiness and fine fibres over ``colours[0]``.

    Two octaves of smoothed Gaussian noise (value noise, Perlin-style octaves) modulate
    lightness by about ±3 %; ``params['grain']`` scales it (default 1).
    """
    grain = params.get("grain", 1.0)
    sw, sh = _small(w, h, 180)
    cloud = cv2.GaussianBlur(rng.standard_normal((sh, sw)).astype(np.float32), (0, 0), 6)
    cloud /= max(1e-6, float(np.abs(cloud).max()))
    cloud = cv2.resize(cloud, (w, h), interpolation=cv2.INTER_LINEAR)
    fw, fh = max(8, w // 2), max(8, h // 2)
    fib = rng.standard_normal((fh, fw)).astype(np.float32)
    fib = cv2.GaussianBlur(fib, (9, 1), 0)  # streaks along the paper's grain
    fib = cv2.resize(fib, (w, h), interpolation=cv2.INTER_LINEAR)
    t = 0.5 + grain * (0.18 * cloud + 0.06 * fib)
    lo = colours[0] * 0.94
    hi = np.minimum(colours[0] * 1.04 + 4, 255)
    return _ramp(np.clip(t, 0, 1), np.stack([lo, colours[0], hi]), rng)


def halftone(w: int, h: int, colours: np.ndarray, rng: np.random.Generator, params: dict[str, float], frame: StyleFrame) -> np.ndarray:
    """Pop-art halftone: a dot screen in ``colours[1]`` whose dots grow towards one corner.

    Dots are computed as an anti-aliased distance field on a 45° screen with a pitch of
    ``params['pitch']`` of the long side (default 0.022); they fade out behind the text block.
    """
    pitch = params.get("pitch", 0.022) * max(w, h)
    x = np.arange(w, dtype=np.float32)[None, :]
    y = np.arange(h, dtype=np.float32)[:, None]
    u, v = (x + y) * 0.7071 / pitch, (x - y) * 0.7071 / pitch
    du, dv = u - np.round(u), v - np.round(v)
    dist = np.sqrt(du * du + dv * dv) * pitch
    corner = params.get("corner", 0.0)
    gx, gy = (x / w, y / h) if corner < 0.5 else (1 - x / w, 1 - y / h)
    grow = np.clip(1.2 - (gx + gy) * 0.9, 0, 1)
    fade = 0.12 * max(w, h)
    for l, t, r, b in frame.keepout(w, h, parts="t"):  # dots shrink to nothing near the text block
        d = np.maximum(np.maximum(l - x, x - r), np.maximum(t - y, y - b))
        grow = grow * np.clip(d / fade, 0, 1)
    rad = grow * pitch * 0.42
    cover = np.clip(rad - dist + 0.5, 0, 1)
    return _ramp(cover, colours[:2], rng)


SCENIC_STYLES: tuple[BackgroundStyle, ...] = (
    BackgroundStyle("studio_sweep", studio_sweep),
    BackgroundStyle("podium", podium),
    BackgroundStyle("bokeh", bokeh),
    BackgroundStyle("confetti", confetti),
    BackgroundStyle("diagonal_split", diagonal_split, split_beside_product),
    BackgroundStyle("paper_texture", paper_texture),
    BackgroundStyle("halftone", halftone),
)
