"""The design critic: each defect code triggered by a synthetic creative made for it, clean
creatives left alone, and the agreement with the designers' reviews (needs ../shared)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from adcraft.assess import BackgroundKind
from adcraft.critic import Code, CriticInput, Severity, Verdict, critique, rank_key, verdict_of
from adcraft.critic.breaks import chinese_split, line_defects
from adcraft.critic.standin import cut_sides, provisional_cutout_confidence
from adcraft.document import DesignDocument
from adcraft.errors import InputError

RED = (200, 40, 40)


def _text(role, text, lines, box, size, colour="#2b2b2b", align="center", strike=False):
    return {"type": "text", "role": role, "text": text, "lines": list(lines), "box": list(box), "font": "sans",
            "size": size, "weight": 700, "colour": colour, "align": align, "strikethrough": strike}


def square_doc(**change) -> dict:
    """A clean 1080x1080: product centred on top, a centred copy column under it."""
    doc = {
        "size": [1080, 1080],
        "background": {"style": "linear_gradient", "colours": ["#f3ece0", "#eadfcc", "#c23b2e"]},
        "layers": [
            {"type": "image", "role": "product", "src": "cutout-x.png", "box": [340, 90, 740, 530]},
            _text("headline", "Canvas tote bag", ["Canvas tote bag"], (190, 580, 890, 660), 64),
            _text("subline", "Heavy cotton, inside pocket", ["Heavy cotton, inside pocket"], (240, 680, 840, 722), 32),
            _text("price", "$24", ["$24"], (440, 760, 640, 830), 56),
            {"type": "shape", "role": "button", "shape": "rounded_rect", "box": [390, 880, 690, 960], "fill": "#b8322a", "radius": 40},
            _text("cta", "Shop now", ["Shop now"], (430, 896, 650, 944), 32, colour="#ffffff"),
        ],
        "product": {"mask_src": "cutout-x.png", "box": [340, 90, 740, 530]},
        "meta": {"family": "product_top"},
    }
    doc.update(change)
    return doc


def render(doc: dict, bg=(243, 236, 224), product=RED) -> tuple[DesignDocument, np.ndarray, np.ndarray]:
    """Pixels of a synthetic document: flat background, an elliptical product, filled buttons
    and text boxes striped with their ink (like lines of glyphs)."""
    d = DesignDocument.model_validate(doc)
    w, h = d.size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = bg
    alpha = np.zeros((h, w), np.float32)
    if d.product is not None:
        l, t, r, b = d.product.box
        yy, xx = np.mgrid[0:h, 0:w]
        inside = ((xx - (l + r) / 2) / ((r - l) / 2)) ** 2 + ((yy - (t + b) / 2) / ((b - t) / 2)) ** 2 <= 1
        alpha[inside] = 1.0
        img[inside] = product
    for layer in d.layers:
        l, t, r, b = (max(0, v) for v in layer.box)
        if layer.type == "shape":
            img[t:b, l:r] = [int(layer.fill[i : i + 2], 16) for i in (1, 3, 5)]
        elif layer.type == "text":
            ink = [int(layer.colour[i : i + 2], 16) for i in (1, 3, 5)]
            for y in range(t + 2, b - 2, 6):
                img[y : y + 3, l + 4 : r - 4] = ink
    return d, img, alpha


def crit(doc: dict, **kw):
    bg = kw.pop("bg", (243, 236, 224))
    d, img, alpha = render(doc, bg=bg)
    kw.setdefault("product_colours", (RED,))
    kw.setdefault("product_weights", (1.0,))
    return critique(CriticInput(document=d, image=img, product_alpha=alpha, **kw))


def replace(doc: dict, role: str, **fields) -> dict:
    doc = dict(doc)
    doc["layers"] = [dict(layer, **fields) if layer["role"] == role else layer for layer in doc["layers"]]
    return doc


def test_clean_square_ships():
    c = crit(square_doc())
    assert c.verdict is Verdict.SHIP, c.findings
    assert c.codes == ()
    assert c.score >= 2 / 3
    assert {m.name for m in c.measures} >= {"type.size.headline", "hierarchy.price_over_subline", "space.margin"}
    assert all(m.source.value for m in c.measures)


def test_tiny_text_is_text_small_with_the_readme_minimum():
    c = crit(replace(square_doc(), "headline", size=40))
    f = next(f for f in c.findings if f.measure == "type.size.headline")
    assert f.code is Code.TEXT_SMALL and f.threshold == 50 and f.value == 40
    assert c.verdict is Verdict.FIX


def test_price_the_size_of_the_subline_is_hierarchy():
    c = crit(replace(square_doc(), "price", size=32))
    assert Code.HIERARCHY in c.codes


def test_sale_price_not_distinguished_from_original():
    doc = square_doc()
    doc["layers"].append(_text("original_price", "$30", ["$30"], (660, 775, 760, 830), 52, strike=True))
    assert Code.HIERARCHY in crit(doc).codes
    doc["layers"][-1]["size"] = 32
    assert Code.HIERARCHY not in crit(doc).codes


def test_orphan_fragment_and_split_compound_break():
    c = crit(replace(square_doc(), "headline", text="Vitamin E softgels", lines=["Vitamin", "E", "softgels"],
                     box=[190, 540, 890, 760], size=60))
    assert Code.BREAK in c.codes
    assert any("'E'" in f.message for f in c.findings if f.code is Code.BREAK)


def test_breaks_by_rule():
    def layer(text, lines):
        return DesignDocument.model_validate(square_doc()).layers[3].model_copy(update={"text": text, "lines": tuple(lines)})

    assert line_defects(layer("Two-pack, 20-hour battery", ["Two-pack, 20-", "hour battery"]))
    assert not line_defects(layer("Pretend-play pantry", ["Pretend-", "play pantry"]))
    assert not line_defects(layer("Merino knit sweater", ["Merino knit", "sweater"]))
    assert line_defects(layer("Canon EOS 5D", ["Canon", "EOS", "5D"]))
    assert line_defects(layer("Stoneware mug", ["Stonew", "are mug"]))


def test_chinese_word_split_uses_word_boundaries():
    assert chinese_split("精华原液套装", 3)  # 精华原 / 液套装 splits 原液
    assert not chinese_split("精华原液套装", 4)  # 精华原液 / 套装
    assert chinese_split("三人位布艺沙发", 4)  # 三人位布 / 艺沙发 splits 布艺
    assert not chinese_split("三人位布艺沙发", 3)
    c = crit(replace(square_doc(), "headline", text="精华原液套装", lines=["精华原", "液套装"], box=[190, 540, 890, 760], size=60))
    assert Code.BREAK in c.codes
    c = crit(replace(square_doc(), "headline", text="精华原液套装", lines=["精华原液", "套装"], box=[190, 540, 890, 760], size=60))
    assert Code.BREAK not in c.codes


def test_widow_is_only_a_minor_note():
    c = crit(replace(square_doc(), "headline", text="Merino knit sweater", lines=["Merino knit", "sweater"], box=[190, 540, 890, 700]))
    widow = [f for f in c.findings if f.measure == "breaks.widow.headline"]
    assert widow and widow[0].severity is Severity.MINOR and Code.BREAK not in c.codes


def test_stripe_crossing_the_product_and_clipart_are_decor():
    doc = square_doc(background={"style": "diagonal_split", "colours": ["#f3ece0", "#eadfcc", "#c23b2e"],
                                 "params": {"split": 0.5, "angle": 62.0}})
    c = crit(doc)
    assert any(f.measure == "decoration.collision.stripe" and f.severity is Severity.MAJOR for f in c.findings)
    doc = square_doc(meta={"family": "product_top", "decorations": ["sparkles"]})
    doc["layers"].insert(0, {"type": "image", "role": "decoration", "src": "decoration-s.png", "box": [-40, -40, 120, 120]})
    c = crit(doc)
    assert Code.DECOR in c.codes and c.verdict is Verdict.FIX
    assert not any(f.measure.startswith("decoration.collision") for f in c.findings)


def test_empty_bands_on_a_skyscraper():
    doc = {
        "size": [160, 600],
        "background": {"style": "linear_gradient", "colours": ["#f3ece0", "#eadfcc", "#c23b2e"]},
        "layers": [
            {"type": "image", "role": "product", "src": "c.png", "box": [30, 170, 130, 270]},
            _text("headline", "Tote bag", ["Tote bag"], (15, 280, 145, 306), 20),
            _text("price", "$24", ["$24"], (50, 320, 110, 344), 18),
            {"type": "shape", "role": "button", "shape": "rounded_rect", "box": [35, 360, 125, 390], "fill": "#b8322a"},
            _text("cta", "Shop", ["Shop"], (50, 364, 110, 386), 12, colour="#ffffff"),
        ],
        "product": {"mask_src": "c.png", "box": [30, 170, 130, 270]},
    }
    c = crit(doc)
    f = next(f for f in c.findings if f.code is Code.EMPTY)
    assert f.value > 0.24
    doc["layers"][0]["box"] = doc["product"]["box"] = [20, 40, 140, 260]
    for layer, top in zip(doc["layers"][1:], (300, 400, 480, 484), strict=True):
        height = layer["box"][3] - layer["box"][1]
        layer["box"] = [layer["box"][0], top, layer["box"][2], top + height]
    assert Code.EMPTY not in crit(doc).codes


def test_scene_photo_cut_out_is_photo_misuse():
    c = crit(square_doc(), photo_kind=BackgroundKind.SCENE, cutout_confidence=0.05,
             cutout_parts={"frame_contact": 0.1, "unsure_band": 0.4})
    assert Code.PHOTO_MISUSE in c.codes and Code.CUTOUT in c.codes and c.verdict is Verdict.REJECT
    assert c.score < 1 / 3
    assert crit(square_doc(), photo_kind=BackgroundKind.SCENE, cutout_confidence=0.8).verdict is Verdict.SHIP
    assert Code.PHOTO_MISUSE not in crit(square_doc(), photo_kind=BackgroundKind.PLAIN, cutout_confidence=0.05).codes
    assert crit(square_doc(), photo_kind=BackgroundKind.SCENE, cutout_confidence=None).verdict is Verdict.SHIP


def test_flat_cut_edge_floating_is_crop():
    c = crit(square_doc(), cut_sides=frozenset({"bottom"}))
    assert Code.CROP in c.codes


def test_margin_and_sale_without_original_price():
    c = crit(replace(square_doc(), "headline", box=[2, 580, 700, 660]))
    assert Code.MARGIN in c.codes
    c = crit(square_doc(), sale=True)
    f = next(f for f in c.findings if f.code is Code.OTHER)
    assert f.severity is Severity.MODERATE and c.verdict is Verdict.FIX


def test_foreign_and_muddy_colours():
    c = crit(replace(square_doc(), "button", fill="#1f7fd6"), bg=(40, 110, 60))  # green ground, azure CTA, red product
    assert Code.COLOUR in c.codes
    c = crit(square_doc(), bg=(70, 66, 30))  # dark olive
    assert any(f.measure == "colour.muddy_background" for f in c.findings)


def test_ghosted_logo():
    doc = square_doc()
    doc["layers"].append({"type": "image", "role": "logo", "src": "logo.png", "box": [440, 20, 640, 70]})
    d, img, alpha = render(doc)
    img[20:70, 440:640] = (60, 60, 62)
    img[35:55, 470:610] = (72, 72, 74)  # a dark logo on a dark pill
    c = critique(CriticInput(document=d, image=img, product_alpha=alpha, product_colours=(RED,)))
    assert Code.LOGO in c.codes
    img[35:55, 470:610] = (245, 245, 245)
    c = critique(CriticInput(document=d, image=img, product_alpha=alpha, product_colours=(RED,)))
    assert Code.LOGO not in c.codes


def test_bad_input_is_refused_with_what_was_received():
    d, img, _ = render(square_doc())
    with pytest.raises(InputError, match="uint8"):
        CriticInput(document=d, image=img[:100])
    with pytest.raises(InputError, match="cutout_confidence"):
        CriticInput(document=d, image=img, cutout_confidence=1.5)
    with pytest.raises(InputError, match="cut_sides"):
        CriticInput(document=d, image=img, cut_sides=frozenset({"middle"}))


def test_verdict_rule_and_rank_key():
    ship, fix, reject = crit(square_doc()), crit(replace(square_doc(), "price", size=32)), crit(
        square_doc(), photo_kind=BackgroundKind.SCENE, cutout_confidence=0.0)
    ranked = sorted([(reject, 0.99), (fix, 0.95), (ship, 0.5)], key=lambda cs: rank_key(*cs))
    assert [c.verdict for c, _ in ranked] == [Verdict.SHIP, Verdict.FIX, Verdict.REJECT]
    three = [f for f in (fix.findings + reject.findings) if f.severity is Severity.MAJOR][:1]
    assert verdict_of(three) is Verdict.FIX
    assert verdict_of(()) is Verdict.SHIP
    d = ship.to_dict()
    assert d["verdict"] == "SHIP" and isinstance(d["findings"], list)


def test_provisional_confidence_separates_a_packshot_from_a_chopped_scene():
    h, w = 200, 300
    photo = np.full((h, w, 3), 250, np.uint8)
    alpha = np.zeros((h, w), np.float32)
    alpha[50:150, 100:200] = 1
    photo[50:150, 100:200] = RED
    clean, parts = provisional_cutout_confidence(photo, alpha, alpha.copy())
    assert clean > 0.8 and set(parts) == {"unsure_band", "frame_contact", "background_clutter", "fragmentation"}
    rng = np.random.default_rng(0)
    busy = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
    chopped = np.zeros((h, w), np.float32)
    chopped[100:, 40:260] = 1  # runs off the bottom of the frame
    for x in range(10, 290, 45):
        chopped[10:30, x : x + 12] = 1  # fragments
    sal = np.clip(chopped * 0.6 + 0.2, 0, 1).astype(np.float32)
    low, _ = provisional_cutout_confidence(busy, chopped, sal)
    assert low < 0.15
    assert "bottom" in cut_sides(chopped) and not cut_sides(alpha)


# ---------------------------------------------------------------- the designers' reviews
def _benchmark():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "critic.py"
    spec = importlib.util.spec_from_file_location("critic_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["critic_benchmark"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_agreement_with_the_design_reviews(shared_data):
    reviews = shared_data / "reviews"
    if not (reviews / "labels.csv").is_file():
        pytest.skip(f"no design reviews at {reviews}")
    bench = _benchmark()
    fig = bench.figures(bench.run_reviews(reviews))
    assert fig["n"] == 180
    assert fig["ship_agreement"] >= 0.85
    assert fig["reject_recall"] >= 0.90 and fig["reject_precision"] >= 0.80
    assert fig["auc_ship"] >= 0.85
    for code in bench.TARGET_CODES:
        assert fig["codes"][code]["recall"] >= 0.75, (code, fig["codes"][code])


def test_cli_review_prints_the_critique_of_an_output_folder(tmp_path, packshot_file, capsys):
    from adcraft.cli import main

    out = tmp_path / "out"
    assert main(["generate", str(packshot_file), "--title", "Red bottle", "--price", "12", "--sizes", "300x250",
                 "--count", "2", "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["review", str(out), "--json", str(tmp_path / "review.json")]) == 0
    printed = capsys.readouterr().out
    assert "300x250" in printed and any(v in printed for v in ("SHIP", "FIX", "REJECT"))
    import json

    rows = json.loads((tmp_path / "review.json").read_text(encoding="utf-8"))
    ranking = json.loads((out / "ranking.json").read_text(encoding="utf-8"))
    assert len(rows) == len(ranking["creatives"]) >= 1
    # the folder is judged exactly as generation judged it (same photo facts, same pixels)
    assert [(r["id"], r["verdict"], r["codes"]) for r in rows] == [(c["id"], c["verdict"], c["codes"]) for c in ranking["creatives"]]
    assert main(["review", str(tmp_path / "nothing")]) == 2
    assert "ranking.json" in capsys.readouterr().err
