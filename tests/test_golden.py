"""Golden creatives: fixed briefs and seeds on synthetic photos, compared with committed PNGs.

The photos are drawn here (no ../shared needed): a packshot on white, a transparent cut-out
PNG, and a synthetic room scene (so the scene, scene-extended and canvas families run). For
each brief the rank-1 creative of every golden size is compared with
``tests/golden/<brief>/<WxH>.png`` in the style of Pillow's ``assert_image_similar``: the mean
absolute difference over all pixels and channels must be at most :data:`EPSILON` (in 0..255
levels), and no more than :data:`MAX_CHANGED` of the pixels may differ by more than 32 levels.
The ranking of each size (family and score of every rank) is compared with
``tests/golden/<brief>/ranking.json``.

On a mismatch the actual image, the expected one and an amplified difference image are saved
under ``$ADCRAFT_GOLDEN_OUT`` (default ``golden-failures/`` in the working folder).

Regenerate after an intended change of the pixels with::

    python -m pytest tests/test_golden.py --update-goldens
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from adcraft import Brief

GOLDEN = Path(__file__).parent / "golden"
SIZES = [(600, 314), (540, 540), (300, 250), (728, 90), (160, 600), (540, 960)]
COUNT = 3
EPSILON = 1.0
"""Mean absolute difference allowed, in 0..255 levels (Pillow's ``assert_image_similar`` epsilon)."""
MAX_CHANGED = 0.002
"""Share of pixels allowed to differ by more than 32 levels in some channel."""


def _packshot(path: Path) -> None:
    img = np.full((480, 480, 3), 255, np.uint8)
    mask = np.zeros((480, 480), np.uint8)
    cv2.rectangle(mask, (170, 150), (310, 420), 255, -1)
    cv2.circle(mask, (240, 150), 70, 255, -1)
    cv2.rectangle(mask, (215, 50), (265, 100), 255, -1)
    shade = np.linspace(0.7, 1.0, 480, dtype=np.float32)[None, :, None]
    body = (np.array([30, 90, 200], np.float32)[None, None, :] * shade).astype(np.uint8)
    img = np.where(mask[..., None] > 0, np.broadcast_to(body, img.shape), img)
    cv2.rectangle(img, (185, 250), (295, 330), (245, 235, 210), -1)
    Image.fromarray(img).save(path)


def _cutout_png(path: Path) -> None:
    rgba = np.zeros((400, 520, 4), np.uint8)
    cv2.ellipse(rgba, (260, 220), (220, 150), 0, 0, 360, (200, 60, 40, 255), -1, cv2.LINE_AA)
    cv2.ellipse(rgba, (260, 180), (150, 70), 0, 0, 360, (240, 150, 90, 255), -1, cv2.LINE_AA)
    cv2.rectangle(rgba, (120, 300), (400, 380), (90, 40, 30, 255), -1, cv2.LINE_AA)
    Image.fromarray(rgba, "RGBA").save(path)


def _scene(path: Path) -> None:
    rng = np.random.default_rng(3)
    h, w = 600, 900
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    wall = (np.array([214, 200, 178], np.float32) * (1.0 - 0.15 * y)).astype(np.float32)
    img = np.broadcast_to(wall, (h, w, 3)).copy()
    floor = np.array([120, 84, 52], np.float32)
    grain = rng.normal(0, 14, (h - 420, w, 1)).astype(np.float32)
    grain = cv2.GaussianBlur(grain, (31, 3), 0)[..., None] if grain.ndim == 3 else grain
    img[420:] = np.clip(floor + grain, 0, 255)
    cv2.rectangle(img, (60, 60), (230, 260), (90, 120, 150), -1)  # a picture on the wall
    cv2.rectangle(img, (75, 75), (215, 245), (170, 190, 205), -1)
    cv2.rectangle(img, (560, 250), (860, 430), (40, 110, 70), -1)  # a green armchair
    cv2.rectangle(img, (560, 200), (600, 430), (30, 95, 60), -1)
    cv2.rectangle(img, (820, 200), (860, 430), (30, 95, 60), -1)
    cv2.rectangle(img, (580, 430), (600, 470), (50, 40, 30), -1)
    cv2.rectangle(img, (820, 430), (840, 470), (50, 40, 30), -1)
    img = np.clip(img + rng.normal(0, 3, img.shape), 0, 255).astype(np.uint8)
    Image.fromarray(img).save(path, quality=95)


BRIEFS = {
    "packshot_en": (_packshot, "bottle.png", {
        "title": "Blue bottle of cold-pressed juice, 500 ml", "brand": "Acme", "price": 9.5,
        "original_price": 12.0, "selling_points": ["Cold pressed every morning"], "logo": "LOGO"}),
    "cutout_zh": (_cutout_png, "bag.png", {
        "title": "真皮手提包 经典款", "price": 399, "original_price": 599, "lang": "zh",
        "selling_points": ["头层牛皮 手工缝制"]}),
    "scene_sale": (_scene, "room.jpg", {
        "title": "Green lounge chair", "subtitle": "Solid oak legs, wool upholstery", "price": 249.0}),
}


def _generate(engine, name: str, tmp: Path):
    draw, file, facts = BRIEFS[name]
    photo = tmp / file
    draw(photo)
    facts = dict(facts)
    if facts.get("logo") == "LOGO":
        facts["logo"] = str(resources.files("adcraft") / "samples" / "logo_pikolo.png")
    brief = Brief(photo=str(photo), **facts)
    from adcraft.pipeline import GenerationOptions

    options = GenerationOptions(theme="sale" if name == "scene_sale" else "everyday")
    return engine.generate(brief, sizes=SIZES, count=COUNT, seed=11, options=options)


def _ranking(result) -> dict:
    out: dict[str, list] = {}
    for c in result.creatives:
        out.setdefault(f"{c.size[0]}x{c.size[1]}", []).append([c.rank, c.document.meta.get("family"), round(c.score, 3)])
    return out


def _compare(actual: np.ndarray, expected: np.ndarray) -> tuple[float, float]:
    if actual.shape != expected.shape:
        return float("inf"), 1.0
    diff = np.abs(actual.astype(np.int16) - expected.astype(np.int16))
    return float(diff.mean()), float((diff.max(axis=2) > 32).mean())


def _save_failure(name: str, size: str, actual: np.ndarray, expected: np.ndarray | None) -> Path:
    out = Path(os.environ.get("ADCRAFT_GOLDEN_OUT", "golden-failures")) / name
    out.mkdir(parents=True, exist_ok=True)
    Image.fromarray(actual).save(out / f"{size}-actual.png")
    if expected is not None:
        Image.fromarray(expected).save(out / f"{size}-expected.png")
        if expected.shape == actual.shape:
            diff = np.abs(actual.astype(np.int16) - expected.astype(np.int16)).max(axis=2)
            Image.fromarray(np.clip(diff * 8, 0, 255).astype(np.uint8)).save(out / f"{size}-diff.png")
    return out


@pytest.mark.parametrize("name", sorted(BRIEFS))
def test_golden_creatives(engine, name, tmp_path, request):
    update = request.config.getoption("--update-goldens")
    result = _generate(engine, name, tmp_path)
    folder = GOLDEN / name
    ranking = _ranking(result)
    if update:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "ranking.json").write_text(json.dumps(ranking, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    failures = []
    for size in SIZES:
        key = f"{size[0]}x{size[1]}"
        best = result.for_size(size)
        assert best, f"{name}: no creative at {key}: {[r.reason for r in result.rejected if r.size == size]}"
        actual = best[0].image
        path = folder / f"{key}.png"
        if update:
            Image.fromarray(actual).save(path, optimize=True)
            continue
        if not path.is_file():
            failures.append(f"{key}: no golden image at {path} (run pytest with --update-goldens)")
            continue
        expected = np.asarray(Image.open(path).convert("RGB"))
        mean, changed = _compare(actual, expected)
        if mean > EPSILON or changed > MAX_CHANGED:
            where = _save_failure(name, key, actual, expected)
            failures.append(f"{key}: mean difference {mean:.3f} (limit {EPSILON}), {changed:.2%} of pixels changed (limit {MAX_CHANGED:.1%}); see {where}")
    if update:
        pytest.skip(f"golden images of {name} regenerated in {folder}")
    expected_ranking = json.loads((folder / "ranking.json").read_text(encoding="utf-8"))
    for key, ranks in expected_ranking.items():
        got = ranking.get(key, [])
        if [r[1] for r in got] != [r[1] for r in ranks] or any(abs(a[2] - b[2]) > 0.01 for a, b in zip(got, ranks, strict=False)):
            failures.append(f"{key}: ranking {got} differs from the golden {ranks}")
    assert not failures, f"{name}: " + "; ".join(failures)
