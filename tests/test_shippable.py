"""Shippable rank-1: photo-first designs and the designers' defects fixed at their cause."""

from __future__ import annotations

from importlib import resources

import cv2
import numpy as np
import pytest
from PIL import Image

from adcraft import Brief
from adcraft.critic import PhotoFacts, Verdict
from adcraft.document import TextLayer
from adcraft.elements import Role
from adcraft.layout import LayoutInput, LayoutParams, SceneInfo
from adcraft.layout.photo import photo_panel, smart_crop
from adcraft.palette.colour import contrast_ratio, rgb_to_lch
from adcraft.sizes import role_min_px, safe_area
from adcraft.typography import FontLibrary, TextStyle, break_lines
from adcraft.typography.breaks import cjk_split

FONTS = FontLibrary()


def _scene(photo=(900, 600), product=(520, 120, 760, 560)) -> SceneInfo:
    w, h = photo
    sal = np.zeros((h // 4, w // 4), np.float32)
    l, t, r, b = (v // 4 for v in product)
    sal[t:b, l:r] = 1.0
    return SceneInfo(photo_size=photo, product_box=product, saliency=sal)


@pytest.mark.parametrize("aspect", [0.5, 0.8, 1.0, 1.6, 2.4])
def test_smart_crop_keeps_the_whole_product_at_the_asked_aspect(aspect):
    from adcraft.layout import LayoutInfeasible

    scene = _scene()
    try:
        (l, t, r, b), pads = smart_crop(scene, aspect, zoom=0.5)
    except LayoutInfeasible as exc:  # only when even 5 % of invented scene would not hold it
        assert aspect * 440 > 900 * 1.05 and "invented scene" in str(exc)
        return
    pl, pt, pr, pb = scene.product_box
    if pads is not None:
        pl, pt, pr, pb = pl + pads[0], pt + pads[1], pr + pads[0], pb + pads[1]
        assert max(pads) <= 0.05 * max(scene.photo_size) + 1
    assert l <= pl and t <= pt and r >= pr and b >= pb
    assert abs((r - l) / (b - t) - aspect) / aspect < 0.02


def test_smart_crop_prefers_keeping_other_salient_things_whole():
    scene = _scene(product=(400, 200, 500, 400))
    scene.saliency[50:100, 30:60] = 1.0  # something salient at the left of the photo
    (l, t, r, b), _ = smart_crop(scene, 1.0, zoom=0.3)
    assert not (120 < l < 240)  # the window's edge does not slice through it


@pytest.mark.parametrize("size", [(1200, 628), (1080, 1080), (1080, 1920), (300, 250), (728, 90), (160, 600)])
def test_photo_panel_keeps_copy_off_the_photo_and_the_product_in_it(size):
    from adcraft.copy import CopyText

    copy = CopyText(headline="Red wrap dress", subline="Light crepe, midi length", cta="Shop now", price="$89", original_price="$120", discount="-26%", lang="en")
    inp = LayoutInput(size, copy, "sans", 0.5, scene=_scene(photo=(600, 900), product=(150, 60, 450, 880)))
    plan = photo_panel(inp, LayoutParams("photo_panel"), FONTS)
    panel = plan.photo_panel
    assert panel is not None and plan.photo_crop is not None
    l, t, r, b = plan.product_box
    assert panel[0] - 2 <= l and panel[1] - 2 <= t and r <= panel[2] + 2 and b <= panel[3] + 2
    for text in plan.texts:
        x0, y0, x1, y1 = text.box
        assert min(x1, panel[2]) <= max(x0, panel[0]) or min(y1, panel[3]) <= max(y0, panel[1]), (size, text.role)


@pytest.mark.parametrize(
    ("text", "width", "bad"),
    [
        ("Vitamin E softgels", 150, ("Vitamin", "E softgels")),
        ("Canon EOS 5D", 110, ("Canon EOS", "5D")),
        ("Red dress on model", 150, ("Red", "dress on model")),
        ("Up to 20-hour battery", 120, ("Up to 20-", "hour battery")),
    ],
)
def test_lines_never_leave_orphans_or_lone_short_words(text, width, bad):
    lines = break_lines(FONTS, text, 24, TextStyle(weight=800), width, 3)
    assert lines != bad
    if lines is not None:
        for line in lines:
            assert len(line.replace(" ", "")) > 2, lines


def test_chinese_breaks_fall_between_words():
    text = "精华原液套装限时特惠"
    for width in (60, 80, 100, 130, 160):
        lines = break_lines(FONTS, text, 24, TextStyle(chain="sans-zh"), width, 4)
        if lines is None:
            continue
        at = 0
        for line in lines[:-1]:
            at += len(line)
            assert not cjk_split(text, at), lines
    assert cjk_split("精华原液套装", 3) and not cjk_split("精华原液套装", 2)


def _packshot(tmp_path, colour=(200, 30, 40)):
    img = np.full((600, 600, 3), 255, np.uint8)
    cv2.rectangle(img, (220, 150), (380, 520), colour, -1)
    cv2.circle(img, (300, 150), 60, colour, -1)
    path = tmp_path / "bottle.png"
    Image.fromarray(img).save(path)
    return path


@pytest.fixture(scope="module")
def sale_result(engine, tmp_path_factory):
    path = _packshot(tmp_path_factory.mktemp("sale"))
    brief = Brief(photo=str(path), title="Sparkling water, 1 L", price=2.5, original_price=3.9, subtitle="Lightly carbonated")
    from adcraft.layout import DEFAULT_SIZES

    return engine.generate(brief, sizes=DEFAULT_SIZES, count=4, seed=3)


def test_sale_shows_its_struck_price_in_one_phrasing_in_every_size(sale_result):
    prices = set()
    for c in sale_result.creatives:
        roles = {layer.role for layer in c.document.layers if isinstance(layer, TextLayer)}
        assert Role.ORIGINAL_PRICE in roles, (c.size, c.family)
        prices |= {layer.text for layer in c.document.layers if isinstance(layer, TextLayer) and layer.role == Role.PRICE}
    assert len(prices) == 1, prices


def test_every_text_meets_the_designers_minimum_size(sale_result):
    for c in sale_result.creatives:
        for layer in c.document.layers:
            if isinstance(layer, TextLayer):
                assert layer.size >= role_min_px(layer.role, c.size)[0], (c.size, layer.role, layer.size)


def test_cta_takes_the_products_hue(sale_result):
    product_hue = rgb_to_lch((200, 30, 40))[2]
    for c in sale_result.creatives:
        button = next((layer for layer in c.document.layers if layer.role == Role.BUTTON), None)
        if button is None or c.document.meta.get("theme") != "everyday":
            continue
        L, C, h = rgb_to_lch(tuple(int(button.fill[i : i + 2], 16) for i in (1, 3, 5)))
        assert C < 10 or min(abs(h - product_hue), 360 - abs(h - product_hue)) <= 30, (c.size, button.fill)


def test_everyday_creatives_carry_no_clip_art_and_leaderboards_breathe(sale_result):
    for c in sale_result.creatives:
        assert not any(layer.role == Role.DECORATION for layer in c.document.layers), c.size
        if c.size == (728, 90):
            for layer in c.document.layers:
                if isinstance(layer, TextLayer) or layer.role == Role.BUTTON:
                    assert layer.box[0] >= round(0.15 * 90) - 1 and layer.box[2] <= 728 - round(0.15 * 90) + 1


def test_tall_canvases_leave_no_empty_band(sale_result):
    from adcraft.critic import CriticInput, critique

    for c in sale_result.for_size((160, 600)) + sale_result.for_size((1080, 1920)):
        crit = critique(CriticInput.of(c.document, c.image, sale_result.facts))
        if c.family in ("product_top", "product_centre") or c.rank == 1:  # the families that stack (templates keep their slots)
            assert "EMPTY" not in {code.value for code in crit.codes}, (c.size, c.family)
        if c.size == (1080, 1920):
            _, top, _, bottom = safe_area(c.size)
            for layer in c.document.layers:
                if isinstance(layer, TextLayer):
                    assert layer.box[1] >= top and layer.box[3] <= bottom  # the story's UI bands stay free


def test_scene_photos_with_a_doubtful_cut_out_run_whole(engine, tmp_path):
    rng = np.random.default_rng(0)
    room = np.clip(rng.normal(140, 40, (600, 900, 3)), 0, 255).astype(np.uint8)
    room = cv2.GaussianBlur(room, (0, 0), 3)
    cv2.rectangle(room, (350, 150), (650, 600), (180, 40, 40), -1)  # a product cut by the photo's bottom edge
    path = tmp_path / "room.jpg"
    Image.fromarray(room).save(path, quality=92)
    assets = engine.prepare(Brief(photo=str(path), title="Armchair"))
    assert assets.photo_first and not assets.facts.cut_sides.isdisjoint({"bottom"})
    families = {c.plan.family for c in engine.plan(assets, (300, 250), count=4).candidates}
    assert families and all(f in ("photo_panel", "scene", "scene_extended", "canvas") for f in families), families


def test_a_ghosted_logo_gets_a_backing_for_its_own_colours():
    from adcraft.compose import _logo_pill, logo_colours
    from adcraft.layout import LayoutPlan
    from adcraft.palette.harmony import ColourScheme

    logo = np.asarray(Image.open(resources.files("adcraft") / "samples" / "logo_pikolo.png").convert("RGBA"))
    dark = (30, 24, 20)
    scheme = ColourScheme(background=dark, background_alt=dark, accent=(200, 80, 40), text=(250, 250, 250), harmony="x", tone="dark")
    plan = LayoutPlan("x", LayoutParams("x"), (300, 250), None, (), None, (20, 20, 120, 42))
    pill = _logo_pill(plan, scheme, logo)
    assert pill is not None
    fill = tuple(int(pill.fill[i : i + 2], 16) for i in (1, 3, 5))
    assert min(float(contrast_ratio(c, fill)) for c in logo_colours(logo)) >= 3.0


def test_facts_round_trip_for_the_editor():
    facts = PhotoFacts(cutout_confidence=0.4, cutout_parts={"agreement": 0.5}, cut_sides=frozenset({"top"}), sale=True,
                       shows_person=True, coverage=0.3, product_colours=((1, 2, 3),), product_weights=(1.0,))
    assert PhotoFacts.from_dict(facts.to_dict()) == facts


def test_contact_sheet_draws_chinese(tmp_path):
    from adcraft.render.sheet import contact_sheet

    sheet = contact_sheet([("300x250 #1 真皮手提包", np.zeros((50, 50, 3), np.uint8))], FONTS, title="真皮手提包")
    assert [family for family, _ in FONTS.runs("真皮手提包", "sans")] == ["Noto Sans SC"]
    assert np.asarray(sheet).std() > 0


def test_rank_one_of_every_size_is_one_campaign(sale_result):
    """The rank-1 creatives share a concept: colours, style, headline and CTA wording."""
    firsts = [sale_result.for_size(s)[0] for s in {c.size for c in sale_result.creatives}]
    ships = [c for c in firsts if c.critique.verdict.value == "SHIP"]
    assert len({c.concept for c in ships}) == 1, [(c.size, c.concept) for c in firsts]
    metas = {(c.document.meta["harmony"], c.document.meta["tone"]) for c in ships}
    assert len(metas) == 1, metas
    ctas = {layer.text for c in ships for layer in c.document.layers if isinstance(layer, TextLayer) and layer.role == Role.CTA}
    assert len(ctas) == 1, ctas


def test_frame_lines_of_an_export_are_trimmed():
    from adcraft.assess.frame import frame_lines, trim_frame

    rng = np.random.default_rng(1)
    photo = cv2.GaussianBlur(rng.integers(60, 120, (200, 300, 3), dtype=np.uint8), (0, 0), 2)
    framed = photo.copy()
    framed[0], framed[-1], framed[:, 0], framed[:, -1] = 230, 230, 230, 230
    assert frame_lines(photo) == (0, 0, 0, 0)
    trimmed, removed = trim_frame(framed)
    assert removed == (1, 1, 1, 1) and trimmed.shape == (198, 298, 3)


def test_a_packshot_cropped_tight_is_a_plain_backdrop_not_a_scene():
    from adcraft.assess import BackgroundKind, assess_image
    from adcraft.assess.quality import check_photo

    img = np.full((600, 800, 3), 255, np.uint8)
    cv2.rectangle(img, (0, 150), (520, 599), (30, 30, 34), -1)  # a camera body running off left and bottom
    a = assess_image(img)
    assert a.background is BackgroundKind.PLAIN and a.crossed
    alpha = np.zeros((600, 800), np.float32)
    alpha[150:, :521] = 1.0
    report = check_photo(img, a, alpha, [])
    assert all(i.severity != "reject" for i in report.issues if i.code == "cut_off")
    shaded = np.full((600, 800, 3), 232, np.uint8)  # a grey table top is not a studio sweep
    cv2.rectangle(shaded, (0, 150), (520, 599), (30, 30, 34), -1)
    assert not assess_image(shaded).crossed


def test_a_crop_never_invents_scene_beside_a_side_the_photo_cuts():
    scene = SceneInfo(photo_size=(900, 600), product_box=(0, 200, 500, 600), saliency=np.zeros((150, 225), np.float32),
                      cut=(True, False, False, True), backdrop=True)
    for aspect in (0.5, 1.0, 2.0):
        (l, t, r, b), pads = smart_crop(scene, aspect)
        if pads is not None:
            assert pads[0] == 0 and pads[3] == 0, pads
        else:
            assert l == 0 and b == 600


def test_a_shrunk_photo_card_sits_next_to_its_copy():
    from adcraft.layout.group import group_card
    from adcraft.layout.plan import PlacedText

    texts = [PlacedText(Role.HEADLINE, None, (100, 1300, 980, 1380), "center")]  # type: ignore[arg-type]  # only boxes move
    card, moved, button, _ = group_card((1080, 1920), (280, 500, 800, 900), texts, (400, 1450, 680, 1520), None)
    assert moved[0].box[1] - card[3] == round(0.04 * 1920)  # one gap apart
    top, bottom = card[1], button[3]
    _, st, _, sb = safe_area((1080, 1920))
    assert abs((top - st) - (sb - bottom)) <= 2  # the pair centred


def test_skyscraper_sets_the_photo_between_headline_and_offer():
    scene = SceneInfo(photo_size=(1200, 900), product_box=(300, 250, 900, 650), saliency=np.zeros((225, 300), np.float32))
    from adcraft.copy import CopyText

    copy = CopyText(headline="City bike", subline="Steel frame", cta="Shop now", price="$449", original_price=None, discount=None, lang="en")
    plan = photo_panel(LayoutInput((160, 600), copy, "sans", 1.5, scene=scene), LayoutParams("photo_panel"), FONTS)
    head = next(t for t in plan.texts if t.role == Role.HEADLINE)
    price = next(t for t in plan.texts if t.role == Role.PRICE)
    assert head.box[3] <= plan.photo_panel[1] and price.box[1] >= plan.photo_panel[3]
    assert plan.photo_panel[0] == 0 and plan.photo_panel[2] == 160  # bleeding off both sides


def test_a_size_whose_candidates_are_all_refused_gets_one_from_the_reserve(engine, tmp_path):
    """The plan keeps a reserve of planned layouts (families the candidates lack first); when
    the design critic refuses every candidate of a size, the reserve is realised one at a time
    until one passes, instead of leaving the size without a creative."""
    from dataclasses import replace

    from adcraft.stages.plan import SizePlan

    rng = np.random.default_rng(0)
    room = np.clip(rng.normal(140, 40, (600, 900, 3)), 0, 255).astype(np.uint8)
    room = cv2.GaussianBlur(room, (0, 0), 3)
    cv2.rectangle(room, (350, 150), (650, 600), (180, 40, 40), -1)
    path = tmp_path / "room.jpg"
    Image.fromarray(room).save(path, quality=92)
    assets = engine.prepare(Brief(photo=str(path), title="Armchair"))
    planned = engine.plan(assets, (300, 250), count=2)
    assert planned.reserve and len(planned.reserve) <= 2
    lacking = {c.plan.family for c in planned.reserve} - {c.plan.family for c in planned.candidates}
    if lacking:  # a family the candidates lack comes first
        assert planned.reserve[0].plan.family in lacking
    # every candidate refused: a plan whose candidates are copies of a creative the critic rejects
    refused = engine.realise(assets, planned.candidates[0])
    calls = []

    def realise(a, c):
        calls.append(c)
        made = engine_realise(a, c)
        return made if c in planned.reserve else replace(made, critique=replace(made.critique, verdict=Verdict.REJECT))

    engine_realise, engine.realise = engine.realise, realise
    try:
        ranked, rejected = engine._realise_size(assets, planned, {"compose_render": 0.0, "score": 0.0, "layout": 0.0}, lambda: None)
    finally:
        engine.realise = engine_realise
    assert isinstance(planned, SizePlan) and refused is not None
    assert len(calls) > len(planned.candidates) and ranked and ranked[0].family == calls[-1].plan.family
