"""Canvas mode, control (locks, hiding, edits, relations), diversity and every ad size."""

from __future__ import annotations

import numpy as np
import pytest

from adcraft.copy import CopyText
from adcraft.errors import InputError
from adcraft.layout import (
    IAB_SIZES,
    SOCIAL_SIZES,
    LayoutInfeasible,
    LayoutInput,
    LayoutParams,
    SceneInfo,
    families_for,
    layout_families,
    parse_sizes,
)
from adcraft.layout.canvas import canvas_layout, poster_layout
from adcraft.layout.control import LayoutControl, Relation
from adcraft.layout.diversity import farthest_first, layout_distance, mean_pairwise_distance
from adcraft.layout.metrics import LOGO, TEXT, UNDERLAY
from adcraft.typography import FontLibrary

FONTS = FontLibrary()
COPY = CopyText(headline="Stoneware mug set of four", subline="Hand-glazed, dishwasher safe", cta="Shop now", price="$34", original_price="$45", discount=None, lang="en")


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _scene(size=(513, 750), salient=(0.3, 0.45, 0.95, 0.95), busy_level=0.0) -> SceneInfo:
    W, H = size
    sal = np.zeros((H // 4, W // 4), np.float32)
    h, w = sal.shape
    l, t, r, b = salient
    sal[int(t * h) : int(b * h), int(l * w) : int(r * w)] = 1.0
    box = (int(l * W), int(t * H), int(r * W), int(b * H))
    return SceneInfo(photo_size=size, product_box=box, saliency=sal, busyness=np.full_like(sal, busy_level))


def _all_boxes(plan):
    return [t.box for t in plan.texts] + [b for b in (plan.button, plan.logo_box) if b is not None]


def test_canvas_mode_keeps_copy_off_the_product():
    scene = _scene()
    inp = LayoutInput((513, 750), COPY, "sans", 1.0, logo_aspect=3.0, scene=scene)
    plan = canvas_layout(inp, LayoutParams("canvas", align="left"), FONTS)
    assert plan.photo_crop == (0, 0, 513, 750)
    for box in _all_boxes(plan):
        assert not _overlap(box, scene.product_box)
    assert plan.underlay is None  # a flat background needs no panel
    poster = poster_layout(plan)
    assert set(poster.labels.tolist()) == {TEXT, LOGO, UNDERLAY}  # the CTA button is an underlay
    assert np.all((poster.boxes >= 0) & (poster.boxes <= 1))


def test_canvas_mode_puts_busy_backgrounds_under_a_panel_and_refuses_other_aspects():
    inp = LayoutInput((513, 750), COPY, "sans", 1.0, scene=_scene(busy_level=0.5))
    plan = canvas_layout(inp, LayoutParams("canvas"), FONTS)
    assert plan.underlay is not None
    for box in _all_boxes(plan):
        assert plan.underlay[0] <= box[0] and plan.underlay[2] >= box[2]
    with pytest.raises(LayoutInfeasible, match="aspect"):
        canvas_layout(LayoutInput((1200, 628), COPY, "sans", 1.0, scene=_scene()), LayoutParams("canvas"), FONTS)


def test_canvas_mode_falls_back_to_a_panel_when_everything_is_salient():
    inp = LayoutInput((513, 750), COPY, "sans", 1.0, scene=_scene(salient=(0.0, 0.0, 1.0, 1.0)))
    plan = canvas_layout(inp, LayoutParams("canvas"), FONTS)
    assert plan.underlay is not None and any("no free space" in n for n in plan.notes)


@pytest.mark.parametrize("size", IAB_SIZES + SOCIAL_SIZES)
def test_every_iab_and_social_size_gets_a_layout(size):
    inp = LayoutInput(size, COPY, "sans", 0.8, logo_aspect=3.0)
    plans = []
    for fam in families_for(size, None, layout_families()):
        try:
            plans.append(fam.fn(inp, LayoutParams(fam.name), FONTS))
        except LayoutInfeasible:
            pass
    assert plans, f"no family lays out {size}"
    for plan in plans:
        W, H = size
        head = next(t for t in plan.texts if t.role == "headline")
        price = next((t for t in plan.texts if t.role == "price"), None)
        assert price is not None  # the price survives every size
        assert head.fitted.size >= price.fitted.size  # hierarchy: headline > price > CTA
        cta = next((t for t in plan.texts if t.role == "cta"), None)
        if cta is not None:
            assert price.fitted.size >= cta.fitted.size
        for box in _all_boxes(plan):
            assert 0 <= box[0] < box[2] <= W and 0 <= box[1] < box[3] <= H
            assert plan.product_box is None or not _overlap(box, plan.product_box)


def test_small_mobile_banner_sheds_content_in_order():
    inp = LayoutInput((320, 50), COPY, "sans", 1.0)
    plan = families_for((320, 50), None, layout_families())[0].fn(inp, LayoutParams("product_left"), FONTS)
    roles = {t.role for t in plan.texts}
    assert {"headline", "price"} <= roles and "subline" not in roles
    assert plan.notes and "dropped" in plan.notes[0]


def test_parse_sizes_sets_and_errors():
    assert parse_sizes("iab,1200x628")[:2] == [(300, 250), (336, 280)]
    assert (1200, 628) in parse_sizes("iab,1200x628")
    assert len(parse_sizes("all")) == 13
    with pytest.raises(InputError, match="size sets"):
        parse_sizes("huge")


def _plan(size=(1200, 628), family="product_left", control: LayoutControl | None = None, logo=3.0):
    inp = LayoutInput(size, COPY, "sans", 0.8, logo_aspect=logo)
    if control is not None:
        inp = control.apply(inp)
    fam = next(f for f in families_for(size, None, layout_families()) if f.name == family)
    plan = fam.fn(inp, LayoutParams(family), FONTS)
    return control.solve(plan) if control is not None else plan


def _role(plan, role):
    return next(t for t in plan.texts if t.role == role).box


def test_lock_moves_the_others_around_it():
    free = _plan()
    locked_box = (700, 40, 1150, 600)  # move the product to the right over the text column
    plan = _plan(control=LayoutControl(locked={"product": locked_box}))
    assert plan.product_box[0] >= 700 and plan.product_box[2] <= 1150
    assert plan.product_box != free.product_box
    for box in _all_boxes(plan):
        assert not _overlap(box, plan.product_box)


def test_relations_logo_top_left_and_cta_under_price():
    c = LayoutControl(relations=(Relation.parse("logo top-left"), Relation.parse("cta under price")))
    plan = _plan(control=c)
    l, t, *_ = plan.logo_box
    assert (l, t) == (plan.size and (round(min(plan.size) * 0.06), round(min(plan.size) * 0.06)))
    price = _role(plan, "price")
    assert plan.button[1] >= price[3]
    boxes = _all_boxes(plan) + [plan.product_box]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a is not plan.button and b is not plan.button:
                assert not _overlap(a, b) or a == b


def test_hide_and_edit_reflow_the_copy():
    c = LayoutControl(hidden=frozenset({"subline", "logo"}), texts={"headline": "New: mugs"})
    plan = _plan(control=c)
    roles = {t.role for t in plan.texts}
    assert "subline" not in roles and plan.logo_box is None
    assert next(t for t in plan.texts if t.role == "headline").fitted.text == "New: mugs"
    assert next(t for t in plan.texts if t.role == "headline").fitted.size > next(t for t in _plan().texts if t.role == "headline").fitted.size


def test_bad_controls_are_refused():
    with pytest.raises(InputError, match="not 'ELEMENT"):
        Relation.parse("logo somewhere")
    with pytest.raises(InputError, match="unknown element"):
        LayoutControl(hidden=frozenset({"banner"}))
    with pytest.raises(InputError, match="right > left"):
        LayoutControl(locked={"logo": (10, 10, 5, 20)})
    c = LayoutControl(relations=(Relation.parse("logo top-left"), Relation.parse("logo bottom-right")))
    with pytest.raises(LayoutInfeasible, match="conflicts"):
        _plan(control=c)


def test_diversity_distance_and_farthest_first():
    a = {"headline": (0, 0, 100, 50), "product": (100, 0, 200, 100)}
    b = {"headline": (100, 50, 200, 100), "product": (0, 0, 100, 100)}
    size = (200, 100)
    assert layout_distance(a, a, size) == 0.0
    assert layout_distance(a, {"logo": (0, 0, 1, 1)}, size) == 1.0
    assert 0 < layout_distance(a, b, size) < 1
    picked = farthest_first([a, dict(a), b], size, 2)
    assert picked == [0, 2]
    assert mean_pairwise_distance([a, b], size) == layout_distance(a, b, size)


def test_shipped_templates_fill_their_slots_and_bad_templates_are_refused(tmp_path):
    from adcraft.layout.template import fill_template, load_template, shipped_templates, slot_px

    tpls = shipped_templates()
    assert len(tpls) >= 4
    sizes = {"hero_left": (1200, 628), "poster_stack": (1080, 1920), "square_corner": (1080, 1080), "billboard_row": (970, 250)}
    for tpl in tpls:
        size = sizes[tpl.name]
        plan = fill_template(tpl, LayoutInput(size, COPY, "sans", 0.8, logo_aspect=3.0), LayoutParams(f"template:{tpl.name}"), FONTS)
        slots = {r: slot_px(tpl.slots[r].box, size) for r in tpl.slots}
        for t in plan.texts:
            role = "price" if t.role == "original_price" else t.role
            l, tp, r, b = slots[role]
            assert l <= t.box[0] and t.box[2] <= r + 1 and tp <= t.box[1] and t.box[3] <= b + 1, (tpl.name, t.role)
        for box in _all_boxes(plan):
            assert not _overlap(box, plan.product_box)
        assert f"template:{tpl.name}" in [f.name for f in families_for(size, None, layout_families())]
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "aspect": [1, 2], "slots": {"banner": {"box": [0, 0, 1, 1]}}}')
    with pytest.raises(InputError, match="unknown slot"):
        load_template(bad)
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_template(bad)
    bad.write_text('{"name": "x", "aspect": [1, 2], "slots": {"headline": {"box": [0, 0, 0.6, 0.5]}, "product": {"box": [0.5, 0.4, 1, 1]}}}')
    with pytest.raises(InputError, match="overlaps the product"):
        load_template(bad)
