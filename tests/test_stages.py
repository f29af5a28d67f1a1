"""Unit tests of the assessment, cut-out, palette and copy stages on synthetic inputs."""

import numpy as np
import pytest
from conftest import packshot

from adcraft.assess import BackgroundKind, assess_image
from adcraft.brief import Brief
from adcraft.copy import format_price, write_copy
from adcraft.cutout import make_cutout, new_segmenter
from adcraft.errors import InputError, UnknownOptionError
from adcraft.palette import contrast_ratio, extract_palette, make_scheme


def test_plain_and_scene_backgrounds_are_told_apart():
    img, _ = packshot()
    assert assess_image(img).background is BackgroundKind.PLAIN
    rng = np.random.default_rng(0)
    scene = (rng.random((300, 300, 3)) * 255).astype(np.uint8)
    assert assess_image(scene).background is BackgroundKind.SCENE


def test_blurry_photo_gets_a_warning():
    import cv2

    img, _ = packshot()
    soft = cv2.GaussianBlur(img, (0, 0), 8)
    a = assess_image(soft)
    assert a.sharpness < 50 and any("soft" in w for w in a.warnings)


def test_cutout_of_a_packshot_matches_the_truth(segmenter):
    img, truth = packshot()
    cut = make_cutout(img, assess_image(img), segmenter)
    pred = cut.alpha > 0.5
    iou = (pred & truth).sum() / (pred | truth).sum()
    assert iou > 0.9, iou
    assert cut.rgba.shape[2] == 4
    l, t, r, b = cut.box
    assert cut.rgba.shape[:2] == (b - t, r - l)


def test_existing_alpha_is_used_as_is(segmenter):
    img, truth = packshot()
    rgba = np.dstack([img, (truth * 255).astype(np.uint8)])
    cut = make_cutout(rgba, assess_image(rgba), segmenter)
    assert cut.method == "file alpha"
    assert np.array_equal(cut.alpha > 0.5, truth)


def test_empty_photo_raises_input_error(segmenter):
    img = np.full((300, 300, 3), 255, np.uint8)
    with pytest.raises(InputError, match="no product found"):
        make_cutout(img, assess_image(img), segmenter)


def test_unknown_segmenter_lists_valid_names():
    with pytest.raises(UnknownOptionError, match="u2netp"):
        new_segmenter("u3net")


def test_palette_finds_the_product_colours():
    rgba = np.zeros((100, 100, 4), np.uint8)
    rgba[:, :70] = (200, 20, 20, 255)
    rgba[:, 70:] = (20, 20, 200, 255)
    pal = extract_palette(rgba, k=3, seed=0)
    assert pal.colours[0][0] > 150 and pal.weights[0] == pytest.approx(0.7, abs=0.02)
    assert pal.theme[0] > 150


@pytest.mark.parametrize("harmony", ["complementary", "analogous", "monochrome"])
@pytest.mark.parametrize("tone", ["light", "dark"])
def test_schemes_have_legible_text(harmony, tone):
    rgba = np.zeros((10, 10, 4), np.uint8)
    rgba[...] = (30, 140, 60, 255)
    s = make_scheme(extract_palette(rgba), harmony, tone)
    assert float(contrast_ratio(s.text, s.background)) >= 7.0


def test_wcag_contrast_reference_values():
    # Reference values from the WCAG 2.x definition.
    assert float(contrast_ratio((255, 255, 255), (0, 0, 0))) == pytest.approx(21.0)
    assert float(contrast_ratio((119, 119, 119), (255, 255, 255))) == pytest.approx(4.48, abs=0.01)
    assert float(contrast_ratio((10, 10, 10), (10, 10, 10))) == pytest.approx(1.0)


def test_copy_is_derived_from_facts():
    b = Brief(photo="x.jpg", title="Ceramic mug - 350 ml, dishwasher safe", price=12, original_price=20)
    c = write_copy(b)
    assert c.headline == "Ceramic mug"
    assert c.price == "$12" and c.original_price == "$20" and c.discount == "-40%"
    assert "40%" in (c.subline or "")
    z = write_copy(Brief(photo="x.jpg", title="陶瓷马克杯，350毫升", price=59.9, lang="zh"))
    assert z.headline == "陶瓷马克杯" and z.price == "¥59.90" and z.cta == "立即购买"


def test_price_format():
    assert format_price(1299.5, "EUR") == "€1,299.50"
    assert format_price(3, "XYZ") == "3 XYZ"


def test_brief_errors_list_the_fields():
    with pytest.raises(InputError, match="price"):
        Brief.parse({"photo": "x.jpg", "title": "t", "price": -1})
    with pytest.raises(InputError, match="colour"):
        Brief.parse({"photo": "x.jpg", "title": "t", "colour": "red"})


def test_concept_starts_spread_over_the_families():
    """Every concept gets a first candidate, and the concepts take turns over the families that
    designed for the size: four concepts never fill four slots with one family (a scene photo
    whose first family is always refused by the critic would otherwise get no creative)."""
    from types import SimpleNamespace

    from adcraft.stages.plan import _concept_starts

    planned = [(SimpleNamespace(family=f), SimpleNamespace(index=k)) for k in range(4) for f in ("scene_extended", "photo_panel")]
    starts = _concept_starts(planned)
    assert len(starts) == 4 and sorted({planned[i][1].index for i in starts}) == [0, 1, 2, 3]
    assert sorted(planned[i][0].family for i in starts) == ["photo_panel"] * 2 + ["scene_extended"] * 2
