"""Photo checks, best-photo choice, overlay text removal and the contact shadow."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from conftest import packshot
from PIL import Image, ImageDraw

from adcraft.assess import assess_image
from adcraft.assess.quality import best_photo, check_photo, collage_seams
from adcraft.assess.text import TextDetector
from adcraft.cutout import make_cutout
from adcraft.cutout.overlay import remove_overlays
from adcraft.cutout.shadow import contact_shadow
from adcraft.typography.fonts import FontLibrary


@pytest.fixture(scope="module")
def detector():
    return TextDetector()


def codes(report) -> set[str]:
    return {i.code for i in report.issues}


def test_clean_packshot_passes(segmenter, detector):
    img, _ = packshot(800)
    a = assess_image(img)
    cut = make_cutout(img, a, segmenter)
    report = check_photo(img, a, cut.alpha, detector.detect(img))
    assert report.usable and "blur" not in codes(report) and "cut_off" not in codes(report)


def test_blurred_small_and_cut_off_products_are_flagged(segmenter, detector):
    img, _ = packshot(800)
    blurred = cv2.GaussianBlur(img, (0, 0), 6)
    a = assess_image(blurred)
    rep = check_photo(blurred, a, make_cutout(blurred, a, segmenter).alpha, [])
    assert "blur" in codes(rep) and not rep.usable

    tiny = np.full((800, 800, 3), 255, np.uint8)
    cv2.circle(tiny, (400, 400), 70, (200, 30, 40), -1)
    a = assess_image(tiny)
    rep = check_photo(tiny, a, make_cutout(tiny, a, segmenter).alpha, [])
    assert "product_small" in codes(rep)

    cut_off = np.full((800, 800, 3), 255, np.uint8)
    cv2.rectangle(cut_off, (250, 300), (550, 799), (200, 30, 40), -1)
    a = assess_image(cut_off)
    rep = check_photo(cut_off, a, make_cutout(cut_off, a, segmenter).alpha, [])
    assert "cut_off" in codes(rep) and "bottom" in next(i.message for i in rep.issues if i.code == "cut_off")


def test_collage_seams_found_and_absent():
    img, _ = packshot(600)
    assert collage_seams(img) == []
    panels = np.concatenate([img[:, :300], np.full((600, 300, 3), (40, 90, 160), np.uint8)], axis=1)
    seams = collage_seams(panels)
    assert seams and seams[0][0] == "v" and abs(seams[0][1] - 300) <= 6


def test_best_photo_prefers_the_usable_sharp_one(segmenter):
    good, _ = packshot(800)
    soft = cv2.GaussianBlur(good, (0, 0), 6)
    reports = []
    for img in (soft, good):
        a = assess_image(img)
        reports.append(check_photo(img, a, make_cutout(img, a, segmenter).alpha, []))
    best, why = best_photo(reports)
    assert best == 1 and "blur" in why
    with pytest.raises(ValueError):
        best_photo([])


def test_overlay_text_is_removed_and_product_text_kept(segmenter, detector):
    img, mask = packshot(800)
    fonts = FontLibrary()
    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    font = fonts.font(fonts.chain("sans")[0], 56, 700)
    draw.text((30, 30), "HOT SALE 50%", fill=(230, 20, 20), font=font)  # overlay, on the backdrop
    draw.text((300, 420), "BRAND", fill=(255, 255, 255), font=fonts.font(fonts.chain("sans")[0], 40, 700))  # on the product
    photo = np.asarray(pil)
    texts = detector.detect(photo)
    assert len(texts) >= 2
    a = assess_image(photo)
    cut = make_cutout(photo, a, segmenter)
    res = remove_overlays(photo, cut.alpha, texts)
    assert len(res.removed) >= 1 and len(res.kept) >= 1
    overlay_area = res.pixels[30:100, 30:250].astype(int)
    assert np.abs(overlay_area - 255).mean() < 12  # back to a near-white backdrop
    assert (res.pixels[420:470, 300:460] == photo[420:470, 300:460]).all()  # label untouched
    assert detector.detect(res.pixels) == [] or all(tb.box[1] > 200 for tb in detector.detect(res.pixels))


def test_contact_shadow_sits_under_the_product():
    alpha = np.zeros((200, 100), np.uint8)
    alpha[20:200, 30:70] = 255
    sh = contact_shadow(alpha, 0.8)
    assert sh is not None and sh.rgba.shape[2] == 4 and sh.rgba[..., :3].max() == 0
    l, t, r, b = sh.box_for((0, 0, 100, 200))
    assert t < 200 < b and l < 30 and r > 70  # straddles the base, wider than the footprint
    ys, xs = np.nonzero(sh.rgba[..., 3] > 0.5 * sh.rgba[..., 3].max())
    assert abs(xs.mean() - sh.rgba.shape[1] / 2) < 3
    weak = contact_shadow(alpha, 0.2)
    assert weak.rgba[..., 3].max() < sh.rgba[..., 3].max()
    assert contact_shadow(alpha, 0.0) is None
    with pytest.raises(ValueError, match="0..1"):
        contact_shadow(alpha, 1.5)
