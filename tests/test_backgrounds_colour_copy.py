"""Issue 5: background styles, designer library, scene extension, reference style, themes,
brand kit, copy variants and claim filter, LLM and diffusion back-ends."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from adcraft.background import STYLES, StyleFrame, draw_background
from adcraft.background.extend import extend_scene, seam_ratio
from adcraft.background.library import AssetLibrary, BaseRequest, place_decorations
from adcraft.background.make_library import build
from adcraft.brief import Brief
from adcraft.copy.claims import find_claims
from adcraft.copy.variants import KEEP_SCALE, copy_budget, pick_copy, width_em, write_variants
from adcraft.errors import InputError, UnknownOptionError
from adcraft.palette.brand import BrandKit
from adcraft.palette.colour import contrast_ratio, rgb_to_lch
from adcraft.palette.harmony import HARMONIES
from adcraft.palette.themes import THEMES

COLOURS = np.array([[240, 236, 230], [200, 190, 180], [200, 30, 40]], np.float32)


def test_at_least_twelve_styles_with_the_seasonal_ones():
    names = set(STYLES.names())
    assert len(names) >= 12
    assert {"studio_sweep", "podium", "spotlight", "bokeh", "confetti", "diagonal_split", "paper_texture", "sale_burst", "christmas", "spring_festival", "singles_day"} <= names


@pytest.mark.parametrize("style", ["confetti", "christmas", "halftone", "bokeh"])
def test_decorative_styles_keep_motifs_off_the_text_block(style):
    frame = StyleFrame((600, 600), product=(330, 240, 570, 540), text=(30, 30, 300, 180))
    img = draw_background(style, (600, 600), COLOURS, 4, {}, frame).astype(np.float32)
    block = img[45:170, 45:290]
    # the block holds only the smooth ramp: no pixel far from its local mean
    from scipy.ndimage import uniform_filter

    local = uniform_filter(block, size=(9, 9, 1))
    assert np.abs(block - local).max() < 40, style
    # and the motif exists elsewhere
    whole_local = uniform_filter(img, size=(9, 9, 1))
    assert np.abs(img - whole_local).max() > 40 or style == "bokeh"


def test_harmonies_include_triadic_in_lch():
    assert {"complementary", "analogous", "triadic", "monochrome", "split_complementary"} <= set(HARMONIES.names())
    bg, accent = HARMONIES.get("triadic")(30.0)
    assert (bg, accent) == (150.0, 270.0)


def test_fixed_theme_colours_give_legible_text():
    for name in THEMES.names():
        scheme = THEMES.get(name).fixed_scheme()
        if scheme is not None:
            assert float(contrast_ratio(scheme.text, scheme.background)) >= 4.5, name
    with pytest.raises(UnknownOptionError, match="valid names"):
        THEMES.get("halloween")


def test_brand_kit_loads_validates_and_sets_the_scheme(tmp_path):
    import fontpkg_noto_sans

    font = next((Path(fontpkg_noto_sans.__file__).parent / "files").glob("NotoSans*.ttf"))
    kit_file = tmp_path / "kit.json"
    kit_file.write_text(json.dumps({"name": "Acme", "primary": "#1d4e89", "accent": "#f08a24", "fonts": [str(font)]}))
    kit = BrandKit.load(kit_file)
    light, dark = kit.scheme("light"), kit.scheme("dark")
    assert light.accent == (0xF0, 0x8A, 0x24) and dark.accent == (0xF0, 0x8A, 0x24)
    assert abs(rgb_to_lch(light.background)[2] - rgb_to_lch((0x1D, 0x4E, 0x89))[2]) < 25  # a tint of the primary hue
    assert float(contrast_ratio(dark.text, dark.background)) >= 4.5
    kit_file.write_text(json.dumps({"name": "Acme", "primary": "blue"}))
    with pytest.raises(InputError, match="primary"):
        BrandKit.load(kit_file)
    kit_file.write_text(json.dumps({"name": "Acme", "primary": "#123456", "fonts": ["missing.ttf"]}))
    with pytest.raises(InputError, match="does not exist"):
        BrandKit.load(kit_file)


def test_shipped_library_rules_and_rebuild(tmp_path):
    lib = AssetLibrary()
    kinds = {a.tags.kind for a in lib.assets.values()}
    assert kinds == {"background", "texture", "decoration", "mask"} and len(lib.assets) >= 12
    food = BaseRequest(category="food_drink", usage="daily", tone="light")
    assert "industrial surfaces make food look cold" in lib.violations(lib.assets["concrete"], food)
    assert lib.violations(lib.assets["gift_bow"], food)  # a Christmas element on an everyday creative
    xmas = BaseRequest(category="apparel", usage="festival", occasion="christmas", tone="dark")
    assert not lib.violations(lib.assets["gift_bow"], xmas)
    pair = lib.violations(lib.assets["snow_cluster"], xmas, [lib.assets["gift_bow"]])
    assert any("repeat each other" in v for v in pair)
    # the shipped library is what the builder makes
    ids = build(tmp_path / "lib")
    assert sorted(ids) == sorted(lib.assets)
    rebuilt = AssetLibrary(tmp_path / "lib")
    assert rebuilt.assets["leaf_sprig"].tags == lib.assets["leaf_sprig"].tags
    (tmp_path / "lib" / "leaf_sprig.json").write_text('{"kind": "sticker"}')
    with pytest.raises(InputError, match="leaf_sprig.json"):
        AssetLibrary(tmp_path / "lib")


def test_decorations_avoid_product_and_text():
    lib = AssetLibrary()
    keep = [(0, 0, 400, 200), (300, 250, 800, 800)]
    rng = np.random.default_rng(0)
    placed = place_decorations((lib.assets["dot_grid"], lib.assets["leaf_sprig"]), (800, 800), keep, rng)
    assert placed
    for _, box in placed:
        for k in keep:
            assert min(box[2], k[2]) <= max(box[0], k[0]) or min(box[3], k[3]) <= max(box[1], k[1])


def _textured_photo(h=240, w=320, seed=0):
    rng = np.random.default_rng(seed)
    base = np.linspace(60, 200, w)[None, :, None] * np.ones((h, 1, 3))
    return np.clip(base + rng.normal(0, 6, (h, w, 3)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("method", ["mirror_blur", "inpaint"])
def test_scene_extension_keeps_the_photo_and_hides_the_seam(method):
    photo = _textured_photo()
    pads = (0, 60, 200, 0)
    out = extend_scene(photo, pads, method)
    assert out.shape == (300, 520, 3)
    assert np.array_equal(out[60:300, 0:320], photo)  # original pixels untouched
    assert seam_ratio(out, pads) < 2.0
    if method == "mirror_blur":
        assert seam_ratio(out, pads) < 1.5
    with pytest.raises(InputError, match="pads"):
        extend_scene(photo, (-1, 0, 0, 0))


def test_scene_extended_layout_keeps_the_product_whole():
    from adcraft.copy import CopyText
    from adcraft.layout import LayoutInput, LayoutParams
    from adcraft.layout.families import scene_extended
    from adcraft.layout.plan import SceneInfo
    from adcraft.typography import FontLibrary

    scene = SceneInfo(photo_size=(1100, 700), product_box=(400, 250, 700, 650), saliency=np.zeros((70, 110), np.float32))
    copy = CopyText("Butterfly chair", "Hand-stitched leather", "Shop now", "$189", None, None, "en")
    inp = LayoutInput(size=(1200, 628), copy=copy, chain="sans", product_aspect=0.75, logo_aspect=None, scene=scene)
    plan = scene_extended(inp, LayoutParams(family="scene_extended"), FontLibrary())
    assert plan.photo_pads is not None and max(plan.photo_pads) > 0
    l, t, r, b = plan.product_box
    assert 0 <= l < r <= 1200 and 0 <= t < b <= 628  # whole product on the canvas
    for text in plan.texts:
        assert min(text.box[2], r) <= max(text.box[0], l) or min(text.box[3], b) <= max(text.box[1], t)


@pytest.mark.parametrize(
    ("photo_size", "product_box", "cut", "why"),
    [
        ((800, 800), (250, 300, 550, 700), None, "smeared"),  # 48 % of a 1200x628 canvas invented
        ((1000, 700), (350, 250, 650, 650), None, "smeared"),  # 25 %: over the planner's fifth
        ((1100, 700), (0, 250, 300, 650), (True, False, False, False), "cuts the product at the left"),
    ],
)
def test_scene_extended_refuses_smeared_or_cut_extensions(photo_size, product_box, cut, why):
    """More than 40 % invented scene (the critic's REJECT) or scene invented beside a side where
    the frame cuts the product (its flat cut edge would float) is refused at planning."""
    from adcraft.copy import CopyText
    from adcraft.layout import LayoutInfeasible, LayoutInput, LayoutParams
    from adcraft.layout.families import scene_extended
    from adcraft.layout.plan import SceneInfo
    from adcraft.typography import FontLibrary

    scene = SceneInfo(photo_size=photo_size, product_box=product_box, saliency=np.zeros((70, 80), np.float32), cut=cut)
    copy = CopyText("Butterfly chair", "Hand-stitched leather", "Shop now", "$189", None, None, "en")
    inp = LayoutInput(size=(1200, 628), copy=copy, chain="sans", product_aspect=0.75, logo_aspect=None, scene=scene)
    with pytest.raises(LayoutInfeasible, match=why):
        scene_extended(inp, LayoutParams(family="scene_extended", side="end" if cut else "auto"), FontLibrary())


def test_reference_style_is_read_back_from_a_known_ad():
    from adcraft.assess.text import TextDetector
    from adcraft.background.reference import analyse_reference
    from adcraft.cutout import new_segmenter
    from adcraft.typography import FontLibrary

    W, H = 900, 600
    bg = draw_background("linear_gradient", (W, H), np.array([[250, 228, 200], [196, 120, 60]], np.float32), 0, {"angle": 90.0})
    im = Image.fromarray(bg)
    d = ImageDraw.Draw(im)
    d.ellipse((520, 150, 820, 450), fill=(30, 90, 200))  # the "product", right
    font = FontLibrary().font("Inter", 64, 800)
    d.text((60, 200), "Summer sale", font=font, fill=(30, 30, 30))
    d.text((60, 300), "Only $19", font=font, fill=(200, 30, 40))
    ref = analyse_reference(np.asarray(im), new_segmenter("u2netp"), TextDetector())
    assert ref.treatment == "linear" and ref.style == "linear_gradient"
    assert ref.product is not None and ref.product[0] > 0.5  # product on the right
    assert ref.text_region is not None and ref.text_region[2] < 0.55  # copy on the left
    top, bottom = (tuple(int(ref.colours[i][j : j + 2], 16) for j in (1, 3, 5)) for i in (0, 1))
    assert rgb_to_lch(top)[0] > rgb_to_lch(bottom)[0] + 15  # light at the top, darker below
    tpl = ref.template()
    assert tpl is not None and tpl.slots["product"].box[0] > 0.5


def test_claim_filter_en_and_zh():
    assert find_claims("The best mug ever", "en") and find_claims("No. 1 in Asia", "en")
    assert not find_claims("Bestow a gift", "en")
    assert find_claims("最好用的杯子", "zh") and find_claims("第一品牌", "zh") and find_claims("百分之百防水", "zh")
    assert not find_claims("可洗碗机清洗", "zh")


def test_copy_variants_fit_budgets_and_drop_claims():
    b = Brief(photo="x.jpg", title="Stoneware mug set with bamboo lids, 4 pieces", brand="Kiln", price=24, original_price=32,
              selling_points=("Dishwasher safe", "Best mugs ever", "350 ml each"))
    v = write_variants(b, "sale")
    assert len(v.headlines) >= 3 and len(v.ctas) >= 3 and len(v.prices) >= 3
    assert all(not find_claims(t, "en") for t in (*v.headlines, *v.sublines, *v.bullets))
    assert any("Best" in t for t, _ in v.rejected)
    assert v.headlines[0].startswith("25% off")
    for size in [(728, 90), (320, 50), (1080, 1080), (160, 600)]:
        for seed in range(5):
            c = pick_copy(v, size, np.random.default_rng(seed))
            assert width_em(c.headline) <= copy_budget(size).headline / KEEP_SCALE or c.headline == min(v.headlines, key=width_em)
            assert c.subline is None or c.headline.lower() not in c.subline.lower()
    zh = write_variants(Brief(photo="x.jpg", title="粗陶马克杯 四只装", price=99, original_price=139, lang="zh", selling_points=("最好用的杯子", "可洗碗机清洗")), "spring_festival")
    assert zh.headlines[0].startswith("新春好礼") and "抢年货" in zh.ctas
    assert any(p.discount and p.discount.endswith("折") for p in zh.prices)
    fixed = write_variants(Brief(photo="x.jpg", title="Mug", headline="Our mug", cta="Go"), None)
    assert fixed.headlines == ("Our mug",) and fixed.ctas == ("Go",)
    with pytest.raises(UnknownOptionError):
        write_variants(b, "easter")


def test_llm_backend_against_a_local_openai_compatible_server():
    pytest.importorskip("openai")
    from adcraft.copy.llm import LLMConfig, llm_variants

    answer = {"headlines": ["Mugs for slow mornings", "The best mug"], "sublines": ["Stoneware, made to last"], "bullets": [], "ctas": ["Pick yours"]}
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen["body"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            payload = {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                       "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": json.dumps(answer)}}]}
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        b = Brief(photo="x.jpg", title="Stoneware mug set", price=24)
        base = write_variants(b)
        merged, why = llm_variants(b, base, LLMConfig(base_url=f"http://127.0.0.1:{server.server_port}/v1", model="m"))
        assert why is None
        assert "Mugs for slow mornings" in merged.headlines and "The best mug" not in merged.headlines
        assert "Pick yours" in merged.ctas
        assert seen["body"]["model"] == "m" and "Stoneware mug set" in seen["body"]["messages"][1]["content"]
        down, why = llm_variants(b, base, LLMConfig(base_url="http://127.0.0.1:9/v1", model="m", timeout_s=2))
        assert down == base and "failed" in why
    finally:
        server.shutdown()


def _tiny_inpaint_pipeline(folder: Path) -> Path:
    import torch
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionInpaintPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(32, 64), layers_per_block=1, sample_size=32, in_channels=9, out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=32,
    )
    vae = AutoencoderKL(
        block_out_channels=[32, 64], in_channels=3, out_channels=3, down_block_types=["DownEncoderBlock2D"] * 2,
        up_block_types=["UpDecoderBlock2D"] * 2, latent_channels=4,
    )
    encoder = CLIPTextModel(CLIPTextConfig(bos_token_id=0, eos_token_id=2, hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2, pad_token_id=1, vocab_size=100))
    vocab = {"<|startoftext|>": 0, "!": 1, "<|endoftext|>": 2}
    for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz,"):
        vocab[ch] = 3 + i
        vocab[ch + "</w>"] = 40 + i
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"), model_max_length=77)
    pipe = StableDiffusionInpaintPipeline(vae=vae, text_encoder=encoder, tokenizer=tokenizer, unet=unet, scheduler=DDIMScheduler(), safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(folder / "pipe")
    return folder / "pipe"


def test_diffusion_backdrop_with_a_tiny_random_pipeline_from_a_local_path(tmp_path):
    pytest.importorskip("diffusers")
    pytest.importorskip("torch")
    from adcraft.background.diffusion import DiffusionBackdrop, DiffusionSettings, prompt_for

    with pytest.raises(InputError, match="model_index.json"):
        DiffusionBackdrop(tmp_path / "nothing", device="cpu")
    path = _tiny_inpaint_pipeline(tmp_path)
    backdrop = DiffusionBackdrop(path, device="cpu", settings=DiffusionSettings(steps=2, resolution=64))
    product = np.zeros((40, 30, 4), np.uint8)
    product[..., 0] = 200
    product[5:35, 5:25, 3] = 255
    out = backdrop.generate((120, 80), product, (40, 20, 70, 60), category="food_drink", seed=1)
    assert out.shape == (80, 120, 3) and out.dtype == np.uint8
    assert (out[26:54, 46:64] == [200, 0, 0]).all()  # the product's own pixels, unchanged
    assert out[:, :30].std() > 0  # something was generated around it
    assert "kitchen" in prompt_for("food_drink") and "christmas" in prompt_for("toys", "christmas")
    with pytest.raises(InputError, match="out of range"):
        DiffusionSettings(steps=0)
