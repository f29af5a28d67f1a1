"""Typography and layout rules, with property-based tests (Hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adcraft.copy import CopyText
from adcraft.layout import (
    DEFAULT_SIZES,
    LayoutInfeasible,
    LayoutInput,
    LayoutParams,
    families_for,
    layout_families,
    safe_area,
)
from adcraft.typography import FontLibrary, TextStyle, fit_text
from adcraft.typography.text import line_width

FONTS = FontLibrary()


def test_font_fallback_by_glyph():
    runs = FONTS.runs("新品 Coffee ¥19", "sans")
    assert runs[0][0] == "Noto Sans SC" and runs[1][0] == "Inter"


def test_fit_text_never_overflows():
    style = TextStyle(weight=700)
    f = fit_text(FONTS, "Freshly roasted espresso for slow mornings", style, 300, 200, min_size=12, max_size=120, max_lines=3)
    assert f is not None and f.width <= 300 and f.height <= 200
    assert all(line_width(FONTS, ln, f.size, style) <= 300 for ln in f.lines)
    bigger = fit_text(FONTS, f.text, style, 300, 200, min_size=f.size + 1, max_size=120, max_lines=3)
    assert bigger is None  # the fitted size is the largest that fits


def test_text_that_cannot_fit_returns_none():
    assert fit_text(FONTS, "Supercalifragilistic", TextStyle(), 40, 40, min_size=20, max_size=40, max_lines=2) is None


def test_cjk_breaks_between_ideographs():
    f = fit_text(FONTS, "手工烘焙意式浓缩咖啡豆限时特惠", TextStyle("sans-zh", 700), 200, 300, min_size=30, max_size=30, max_lines=5)
    assert f is not None and len(f.lines) > 1 and "".join(f.lines) == "手工烘焙意式浓缩咖啡豆限时特惠"


def test_balanced_lines_avoid_a_widow():
    f = fit_text(FONTS, "Fresh single origin espresso beans now", TextStyle(weight=800), 420, 400, min_size=40, max_size=40, max_lines=3)
    assert f is not None and len(f.lines) >= 2
    assert len(f.lines[-1].split()) >= 2


def _inter(a, b):
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


words = st.lists(st.sampled_from(["Fresh", "espresso", "roast", "Mug", "ultra-light", "Everyday", "wireless", "Pro"]), min_size=1, max_size=7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=words,
    sub=st.one_of(st.none(), words),
    size=st.sampled_from(list(DEFAULT_SIZES) + [(336, 280), (970, 250), (320, 50), (300, 600), (1080, 1350)]),
    aspect=st.floats(0.3, 3.0),
    align=st.sampled_from(["left", "center"]),
    split=st.sampled_from([0.44, 0.5, 0.56]),
    price=st.booleans(),
)
def test_layouts_keep_boxes_on_canvas_and_off_the_product(head, sub, size, aspect, align, split, price):
    copy = CopyText(" ".join(head), " ".join(sub) if sub else None, "Shop now", "$19" if price else None, "$29" if price else None, None, "en")
    inp = LayoutInput(size=size, copy=copy, chain="sans", product_aspect=aspect)
    W, H = size
    sl, st_, sr, sb = safe_area(size)
    for fam in families_for(size, None, layout_families()):
        try:
            plan = fam.fn(inp, LayoutParams(fam.name, align=align, split=split), FONTS)
        except LayoutInfeasible:
            continue
        boxes = [t.box for t in plan.texts] + ([plan.button] if plan.button else [])
        for b in boxes + [plan.product_box]:
            assert 0 <= b[0] < b[2] <= W and 0 <= b[1] < b[3] <= H, (fam.name, b)
            assert b[0] >= sl - 1 and b[1] >= st_ - 1 and b[2] <= sr + 1 and b[3] <= sb + 1, (fam.name, b, size)
        for b in boxes:
            assert _inter(b, plan.product_box) == 0, (fam.name, b, plan.product_box)
        sizes = {t.role: t.fitted.size for t in plan.texts}
        if "price" in sizes:
            assert sizes["headline"] >= sizes["price"] >= sizes.get("cta", 0) or sizes["price"] == sizes["cta"]


def test_leaderboard_is_a_row_and_skyscraper_a_column():
    copy = CopyText("Single-origin espresso", "Roasted weekly", "Shop now", "$19", None, None, "en")
    plan = families_for((728, 90), None, layout_families())[0].fn(LayoutInput((728, 90), copy, "sans", 1.0), LayoutParams("product_left"), FONTS)
    xs = [t.box[0] for t in plan.texts if t.role in ("headline", "price", "cta")]
    assert xs == sorted(xs)
    plan = families_for((160, 600), None, layout_families())[0].fn(LayoutInput((160, 600), copy, "sans", 1.0), LayoutParams("product_centre"), FONTS)
    head = next(t for t in plan.texts if t.role == "headline")
    assert head.box[3] <= plan.product_box[1] <= plan.button[1]


def test_text_too_long_for_any_layout_is_infeasible_with_a_reason():
    copy = CopyText("x" * 80, None, "Shop now", None, None, None, "en")
    fam = families_for((300, 250), None, layout_families())[0]
    with pytest.raises(LayoutInfeasible, match="minimum size"):
        fam.fn(LayoutInput((300, 250), copy, "sans", 1.0), LayoutParams(fam.name), FONTS)
