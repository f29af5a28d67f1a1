"""Build the small designer asset library that ships with adcraft, with adcraft's own code.

Usage::

    python -m adcraft.background.make_library [OUT_DIR]   # default: the package's library folder

Every asset is drawn procedurally (NumPy noise, OpenCV primitives) from a fixed seed, so the
library is reproducible and free of third-party artwork: textures are periodic (made in the
Fourier domain, so they tile without seams), backgrounds are 1024x1024 JPEG surfaces,
decorations RGBA PNGs and masks single-channel PNGs tinted at composition.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

SEED = 20261121


def _periodic_noise(rng: np.random.Generator, n: int, beta: float, aniso: tuple[float, float] = (1.0, 1.0)) -> np.ndarray:
    """Tileable 1/f^beta noise, ``float32`` ``(n, n)`` in ``[0, 1]`` (spectral synthesis)."""
    fx = np.fft.fftfreq(n)[None, :] * aniso[0]
    fy = np.fft.fftfreq(n)[:, None] * aniso[1]
    f = np.sqrt(fx * fx + fy * fy)
    f[0, 0] = 1.0
    spec = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))) / f**beta
    spec[0, 0] = 0
    img = np.real(np.fft.ifft2(spec)).astype(np.float32)
    img -= img.min()
    return img / max(1e-6, float(img.max()))


def _textures(rng):
    n = 256
    paper = 0.5 + 0.5 * (_periodic_noise(rng, n, 1.2) - 0.5) + 0.25 * (_periodic_noise(rng, n, 0.3, (1, 6)) - 0.5)
    yield "paper_grain", np.clip(paper, 0, 1), dict(kind="texture", blend="soft_light", opacity=0.55, mood=["natural"], description="uncoated paper grain")
    x = np.arange(n, dtype=np.float32)
    weave = 0.5 + 0.22 * np.sin(x[None, :] * 2 * np.pi / 4) * 0.5 + 0.22 * np.sin(x[:, None] * 2 * np.pi / 4) * 0.5
    linen = weave + 0.3 * (_periodic_noise(rng, n, 0.6, (1, 12)) - 0.5) + 0.2 * (_periodic_noise(rng, n, 0.6, (12, 1)) - 0.5)
    yield "linen_weave", np.clip(linen, 0, 1), dict(kind="texture", blend="multiply", opacity=0.22, tone="light", mood=["natural"], category=["apparel", "furniture_home", "cosmetics", "food_drink"], description="linen cloth weave")
    concrete = 0.6 * _periodic_noise(rng, n, 1.6) + 0.4 * _periodic_noise(rng, n, 0.2)
    yield "concrete", concrete, dict(kind="texture", blend="soft_light", opacity=0.5, mood=["industrial"], description="poured concrete speckle")
    lines = np.sin((x[None, :] / n * 2 * np.pi * 3) + 5.0 * _periodic_noise(rng, n, 1.8))
    yield "brushed_metal", np.clip(0.5 + 0.15 * lines + 0.35 * (_periodic_noise(rng, n, 0.5, (0.2, 20)) - 0.5), 0, 1), dict(kind="texture", blend="soft_light", opacity=0.4, mood=["industrial"], category=["electronics", "furniture_home"], description="brushed aluminium")


def _backgrounds(rng):
    n = 1024
    turb = _periodic_noise(rng, n, 1.9)
    veins = np.abs(np.sin((np.linspace(0, 7, n)[None, :] + np.linspace(0, 3, n)[:, None] + 6.0 * turb) * np.pi))
    v = np.clip(veins**0.25, 0, 1)
    marble = np.stack([238 - 40 * (1 - v), 236 - 42 * (1 - v), 233 - 40 * (1 - v)], -1) + 6 * (_periodic_noise(rng, n, 1.0)[..., None] - 0.5)
    yield "marble_slab", marble, dict(kind="background", tone="light", mood=["luxury"], category=["cosmetics", "furniture_home", "food_drink"], description="white Carrara-style marble")
    fib = _periodic_noise(rng, n, 0.7, (1, 3))
    kraft = np.stack([196 + 30 * fib, 158 + 26 * fib, 112 + 20 * fib], -1)
    yield "kraft_paper", kraft, dict(kind="background", tone="light", mood=["natural"], category=["food_drink", "furniture_home", "apparel", "toys"], description="brown kraft paper")
    rings = np.sin((np.linspace(0, 40, n)[:, None] + 8 * _periodic_noise(rng, n, 1.5, (0.3, 1))) * np.pi)
    g = 0.5 + 0.25 * rings + 0.25 * (_periodic_noise(rng, n, 0.5, (0.1, 8)) - 0.5)
    wood = np.stack([150 + 60 * g, 104 + 46 * g, 66 + 30 * g], -1)
    yield "oak_tabletop", wood, dict(kind="background", tone="dark", mood=["natural"], category=["food_drink", "furniture_home"], description="oiled oak boards, seen from above")
    slate = 38 + 22 * _periodic_noise(rng, n, 1.4)[..., None] + 8 * (_periodic_noise(rng, n, 0.2)[..., None] - 0.5)
    slate = np.repeat(slate, 3, -1) * np.array([0.95, 1.0, 1.08])
    yield "dark_slate", slate, dict(kind="background", tone="dark", mood=["luxury", "industrial"], category=["electronics", "cosmetics", "shoes"], description="dark slate stone")


def _rgba(n: int) -> np.ndarray:
    return np.zeros((n, n, 4), np.uint8)


def _leaf(img, base, tip, width, colour):
    base, tip = np.array(base, float), np.array(tip, float)
    d = tip - base
    nrm = np.array([-d[1], d[0]]) / max(1e-6, np.hypot(*d))
    ts = np.linspace(0, 1, 24)
    half = np.sin(ts * np.pi) * width
    left = base + ts[:, None] * d + half[:, None] * nrm
    right = base + ts[::-1, None] * d - half[::-1, None] * nrm
    pts = np.concatenate([left, right]).astype(np.int32)
    cv2.fillPoly(img, [pts], colour, cv2.LINE_AA)
    cv2.line(img, tuple(base.astype(int)), tuple(tip.astype(int)), (colour[0] * 0.7, colour[1] * 0.7, colour[2] * 0.7, 255), 2, cv2.LINE_AA)


def _decorations(rng):
    n = 512
    img = _rgba(n)
    stem = [(40, 500), (200, 330), (330, 200), (470, 40)]
    for a, b in zip(stem, stem[1:], strict=False):
        cv2.line(img, a, b, (70, 110, 60, 255), 6, cv2.LINE_AA)
    for i, t in enumerate(np.linspace(0.12, 0.92, 8)):
        p = np.array(stem[0]) + t * (np.array(stem[-1]) - np.array(stem[0]))
        side = 1 if i % 2 else -1
        tip = p + np.array([side * 95 + 50, side * 95 - 50]) * (1.1 - 0.5 * t)
        _leaf(img, p, tip, 26 * (1.1 - 0.5 * t), (86 + 20 * (i % 3), 140, 72, 255))
    yield "leaf_sprig", img, dict(kind="decoration", usage=["daily"], mood=["natural"], category=["food_drink", "furniture_home", "cosmetics"], anchors=["top-left", "top-right", "bottom-left", "bottom-right"], scale=0.34, description="eucalyptus-like sprig")

    img = np.zeros((n, n), np.uint8)
    for _ in range(9):
        c = rng.uniform(60, n - 60, 2)
        r = rng.uniform(18, 70)
        pts = []
        for k in range(8):
            rad = r if k % 2 == 0 else r * 0.18
            a = k * np.pi / 4
            pts.append(c + rad * np.array([np.cos(a), np.sin(a)]))
        cv2.fillPoly(img, [np.array(pts, np.int32)], 255, cv2.LINE_AA)
    yield "sparkles", img, dict(kind="mask", usage=["daily", "promotion", "festival"], mood=["luxury"], category=["cosmetics", "apparel", "shoes", "electronics"], scale=0.26, description="four-point sparkle stars")

    img = _rgba(n)
    band = np.array([[0, 150], [150, 0], [260, 0], [0, 260]], np.int32)
    cv2.fillPoly(img, [band], (214, 32, 40, 255), cv2.LINE_AA)
    cv2.line(img, (0, 168), (168, 0), (255, 214, 0, 255), 5, cv2.LINE_AA)
    cv2.line(img, (0, 242), (242, 0), (255, 214, 0, 255), 5, cv2.LINE_AA)
    yield "ribbon_corner", img, dict(kind="decoration", usage=["promotion"], occasion=["sale", "singles_day"], mood=["playful"], anchors=["top-left"], scale=0.32, description="red sale ribbon across the corner")

    img = np.zeros((n, n), np.uint8)
    c = np.array([n / 2, n / 2])
    pts = [c + (240 if k % 2 == 0 else 190) * np.array([np.cos(k * np.pi / 16), np.sin(k * np.pi / 16)]) for k in range(32)]
    cv2.fillPoly(img, [np.array(pts, np.int32)], 255, cv2.LINE_AA)
    yield "starburst", img, dict(kind="mask", usage=["promotion"], occasion=["sale", "singles_day"], mood=["playful"], anchors=["top-right", "top-left"], scale=0.22, description="price-flash starburst")

    img = _rgba(n)
    for _ in range(26):
        p = rng.uniform(20, n - 20, 2)
        s = rng.uniform(8, 34)
        for k in range(6):
            a = k * np.pi / 3
            e = p + s * np.array([np.cos(a), np.sin(a)])
            cv2.line(img, tuple(p.astype(int)), tuple(e.astype(int)), (255, 255, 255, 235), 3, cv2.LINE_AA)
    yield "snow_cluster", img, dict(kind="decoration", usage=["festival"], occasion=["christmas"], mood=["festive"], tone="dark", scale=0.3, description="cluster of white snowflakes")

    img = _rgba(n)
    red, dark = (200, 24, 36, 255), (140, 10, 22, 255)
    cv2.ellipse(img, (170, 230), (120, 70), 20, 0, 360, red, -1, cv2.LINE_AA)
    cv2.ellipse(img, (342, 230), (120, 70), -20, 0, 360, red, -1, cv2.LINE_AA)
    cv2.ellipse(img, (170, 230), (60, 30), 20, 0, 360, dark, -1, cv2.LINE_AA)
    cv2.ellipse(img, (342, 230), (60, 30), -20, 0, 360, dark, -1, cv2.LINE_AA)
    cv2.fillPoly(img, [np.array([[236, 250], [180, 460], [230, 430], [256, 470], [256, 250]], np.int32)], red, cv2.LINE_AA)
    cv2.fillPoly(img, [np.array([[276, 250], [332, 460], [282, 430], [256, 470], [256, 250]], np.int32)], red, cv2.LINE_AA)
    cv2.circle(img, (256, 235), 42, dark, -1, cv2.LINE_AA)
    yield "gift_bow", img, dict(kind="decoration", usage=["festival"], occasion=["christmas"], mood=["festive"], anchors=["top-left", "top-right"], scale=0.2, description="red gift bow")

    img = _rgba(n)
    branch = [(0, 420), (140, 360), (260, 250), (380, 200), (510, 120)]
    for a, b in zip(branch, branch[1:], strict=False):
        cv2.line(img, a, b, (70, 40, 30, 255), 9, cv2.LINE_AA)
    for _ in range(11):
        i = rng.integers(0, len(branch) - 1)
        t = rng.uniform(0, 1)
        p = np.array(branch[i]) * (1 - t) + np.array(branch[i + 1]) * t + rng.uniform(-20, 20, 2)
        for k in range(5):
            a = k * 2 * np.pi / 5 + rng.uniform(0, 1)
            cv2.circle(img, tuple((p + 16 * np.array([np.cos(a), np.sin(a)])).astype(int)), 14, (246, 178, 196, 255), -1, cv2.LINE_AA)
        cv2.circle(img, tuple(p.astype(int)), 6, (240, 200, 80, 255), -1, cv2.LINE_AA)
    yield "plum_blossom", img, dict(kind="decoration", usage=["festival"], occasion=["spring_festival"], mood=["festive"], anchors=["top-left", "top-right", "bottom-left", "bottom-right"], scale=0.36, description="plum blossom branch (Spring Festival)")

    img = np.zeros((n, n), np.uint8)
    for k in range(3):
        cv2.circle(img, (n // 2, n // 2), 200 - 40 * k, 255, 10 - 3 * k, cv2.LINE_AA)
    yield "neon_rings", img, dict(kind="mask", usage=["promotion", "festival"], occasion=["singles_day"], mood=["playful"], tone="dark", scale=0.3, description="neon rings (Singles' Day)")

    img = np.zeros((n, n), np.uint8)
    for yy in range(24, n, 48):
        for xx in range(24, n, 48):
            if xx + yy < n * 1.1:
                cv2.circle(img, (xx, yy), 9, 255, -1, cv2.LINE_AA)
    yield "dot_grid", img, dict(kind="mask", usage=["daily", "promotion"], mood=["playful"], anchors=["top-left", "bottom-right"], scale=0.22, description="triangle of dots")

    img = np.zeros((n, n), np.uint8)
    for k in range(4):
        cv2.ellipse(img, (n, n), (n - 60 * k - 40, n - 60 * k - 40), 0, 180, 270, 255, 8, cv2.LINE_AA)
    yield "arc_lines", img, dict(kind="mask", usage=["daily"], mood=["luxury"], anchors=["top-left"], scale=0.3, description="concentric corner arcs")


RULES = {
    "rules": [
        {"when": {"category": "food_drink"}, "forbid": {"mood": "industrial"}, "why": "industrial surfaces make food look cold"},
        {"when": {"category": "electronics"}, "forbid": {"mood": "natural"}, "why": "leaves and paper fight a tech product"},
        {"when": {"usage": "promotion"}, "forbid": {"mood": "luxury"}, "why": "luxury bases dilute a price-led promotion"},
        {"when": {"usage": "festival"}, "forbid": {"mood": "industrial"}, "why": "industrial surfaces feel cold for a festival"},
        {"when": {"tone": "dark"}, "forbid": {"blend": "multiply", "kind": "texture"}, "why": "a multiply texture vanishes on a dark background"},
        {"pair": {"kind": ["decoration", "mask"]}, "same": "mood", "why": "two decorations of one motif family repeat each other"},
    ]
}


def build(out: Path) -> list[str]:
    """Write every asset and ``rules.json`` into ``out``; returns the asset ids."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    ids = []
    for name, arr, tags in (*_textures(rng), *_backgrounds(rng), *_decorations(rng)):
        if tags["kind"] == "background":
            Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").save(out / f"{name}.jpg", quality=86, optimize=True)
        elif tags["kind"] == "texture":
            Image.fromarray((np.clip(arr, 0, 1) * 255).astype(np.uint8), "L").save(out / f"{name}.png", optimize=True)
        elif tags["kind"] == "mask":
            Image.fromarray(arr, "L").save(out / f"{name}.png", optimize=True)
        else:
            Image.fromarray(arr, "RGBA").save(out / f"{name}.png", optimize=True)
        (out / f"{name}.json").write_text(json.dumps(tags, indent=1) + "\n", encoding="utf-8")
        ids.append(name)
    (out / "rules.json").write_text(json.dumps(RULES, indent=1) + "\n", encoding="utf-8")
    return ids


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("library")
    print("\n".join(build(target)))
