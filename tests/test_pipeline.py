"""The main job, the CLI and the end-to-end checks on real photos."""

import json

import numpy as np
import pytest

from adcraft import Brief, InputError
from adcraft.cli import main
from adcraft.document import TextLayer
from adcraft.errors import ImageTooSmallError
from adcraft.io import LoadLimits
from adcraft.layout import DEFAULT_SIZES
from adcraft.score.terms import occluded_share, text_contrast


def check_creative(engine, result, creative):
    """The issue's per-creative checks, measured independently from the rendered document."""
    doc = creative.document
    W, H = doc.size
    alpha = engine.renderer.product_alpha(doc, result.assets)
    text_boxes = [layer.box for layer in doc.layers if isinstance(layer, TextLayer)]
    assert text_boxes, "a creative without text"
    for layer in doc.layers:
        l, t, r, b = layer.box
        if layer.role not in ("shadow", "decoration"):  # these may bleed off the canvas
            assert 0 <= l < r <= W and 0 <= t < b <= H, (creative.id, layer.role, layer.box)
    for box in text_boxes:
        assert occluded_share(alpha, [box]) <= 0.02, (creative.id, box)
    first_text = next(i for i, layer in enumerate(doc.layers) if isinstance(layer, TextLayer))
    below = np.asarray(engine.renderer.render(doc, result.assets, upto=first_text).convert("RGB"))
    for layer in doc.layers[first_text:]:
        mask, (ox, oy) = engine.renderer.text_mask(layer)
        ys, xs = np.nonzero(np.asarray(mask) > 96)
        ys, xs = ys + oy, xs + ox
        ok = (ys >= 0) & (ys < H) & (xs >= 0) & (xs < W)
        rgb = tuple(int(layer.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert text_contrast(rgb, below[ys[ok], xs[ok]]) >= 4.5, (creative.id, layer.role)
    # The stored image is the document's rendering.
    assert np.array_equal(engine.renderer.render_rgb(doc, result.assets), creative.image)


def test_generate_on_a_synthetic_packshot(engine, packshot_file):
    brief = Brief(photo=str(packshot_file), title="Red bottle, 500 ml", price=9.5, original_price=12)
    res = engine.generate(brief, sizes=[(1200, 628), (728, 90), (160, 600)], count=3, seed=7)
    assert {c.size for c in res.creatives} == {(1200, 628), (728, 90), (160, 600)}
    for size in ((1200, 628), (728, 90), (160, 600)):
        ranked = res.for_size(size)
        assert [c.rank for c in ranked] == list(range(1, len(ranked) + 1))
        assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))
    for c in res.creatives:
        check_creative(engine, res, c)
        assert set(c.terms) == {"occlusion", "overlap", "alignment", "contrast", "margins", "balance", "product_scale"}
    again = engine.generate(brief, sizes=[(1200, 628), (728, 90), (160, 600)], count=3, seed=7)
    assert np.array_equal(again.for_size((728, 90))[0].image, res.for_size((728, 90))[0].image)  # same brief and seed: same pixels


def test_generate_rejects_bad_counts(engine, packshot_file):
    with pytest.raises(InputError, match="count"):
        engine.generate(Brief(photo=str(packshot_file), title="x"), count=0)


def test_cli_generate_writes_ranking_documents_and_sheet(tmp_path, packshot_file):
    out = tmp_path / "out"
    code = main([
        "generate", str(packshot_file), "--title", "Red bottle", "--price", "9.5", "--sizes", "300x250,728x90",
        "--count", "2", "--formats", "png,jpeg", "--out", str(out), "--quiet",
    ])
    assert code == 0
    ranking = json.loads((out / "ranking.json").read_text())
    refused = [r for r in ranking["rejected"] if r["reason"].startswith("design critic: REJECT")]
    assert ranking["creatives"] and len(ranking["creatives"]) + len(refused) == 4
    assert ranking["photo_facts"]["photo_kind"] == "plain"
    for entry in ranking["creatives"]:
        assert {"id", "size", "rank", "score", "verdict", "codes", "findings", "design_score", "terms", "copy", "files"} <= set(entry)
        assert entry["verdict"] in ("SHIP", "FIX") and entry["copy"]["headline"]
        for path in entry["files"].values():
            assert (out / path).is_file()
    assert (out / "contact_sheet.png").is_file()
    doc = out / ranking["creatives"][0]["files"]["document"]
    assert main(["render", str(doc), "--out", str(tmp_path / "again.png")]) == 0
    from PIL import Image

    a = np.asarray(Image.open(out / ranking["creatives"][0]["files"]["png"]))
    b = np.asarray(Image.open(tmp_path / "again.png"))
    assert np.array_equal(a, b)


def test_cli_bad_input_exits_2_with_a_message(tmp_path, capsys):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert main(["generate", str(bad), "--title", "x", "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert "cannot decode" in capsys.readouterr().err
    assert main(["generate", str(bad), "--title", "x", "--sizes", "12x", "--out", str(tmp_path / "o")]) == 2


def test_demo_zh(tmp_path):
    assert main(["demo", "--lang", "zh", "--sizes", "1080x1080", "--count", "1", "--out", str(tmp_path), "--quiet"]) == 0
    ranking = json.loads((tmp_path / "ranking.json").read_text())
    assert ranking["copy"]["cta"] == "立即抢购" and ranking["copy"]["price"].startswith("¥")


@pytest.mark.shared
def test_every_shared_product_photo(engine, shared_data):
    """The issue's end-to-end check over ../shared/data/products, all six default sizes."""
    photos = sorted((shared_data / "products").iterdir())
    assert len(photos) >= 30
    too_small = []
    for photo in photos:
        brief = Brief(photo=str(photo), title=photo.stem.split("__")[-1].replace("_", " ").capitalize(), price=49, original_price=69)
        try:
            res = engine.generate(brief, sizes=DEFAULT_SIZES, count=2, seed=1)
        except ImageTooSmallError:
            too_small.append(photo.name)
            from adcraft import Engine

            res = Engine(segmenter=engine.segmenter, limits=LoadLimits(min_short_side=150)).generate(
                brief, sizes=DEFAULT_SIZES, count=2, seed=1
            )
        assert {c.size for c in res.creatives} == set(DEFAULT_SIZES), photo.name
        for c in res.creatives:
            check_creative(engine, res, c)
    # Only photos whose short side really is under 200 px may be refused.
    from PIL import Image

    for name in too_small:
        with Image.open(shared_data / "products" / name) as im:
            assert min(im.size) < 200, name
