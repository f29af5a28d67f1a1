"""Issue 17, no silent tofu: Thai, Korean, Arabic, Hebrew and emoji are set in fonts that have
their glyphs (checked in each font's cmap with fontTools), Arabic and Hebrew right to left
and shaped; text no font covers is refused with the characters named."""

from __future__ import annotations

import numpy as np
import pytest
from fontTools.ttLib import TTFont

from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import InputError
from adcraft.render import Renderer
from adcraft.typography import FontLibrary
from adcraft.typography.fonts import FAMILIES, MissingGlyphError, is_ignorable

SCRIPTS = {
    "thai": ("สวัสดีครับ ราคาพิเศษ", "Noto Sans Thai"),
    "korean": ("안녕하세요 특가 세일", "Noto Sans KR"),
    "arabic": ("مرحبا بالعالم", "Noto Sans Arabic"),
    "hebrew": ("שלום עולם מבצע", "Noto Sans Hebrew"),
    "emoji": ("🔥🎉👍🏽☕", "Noto Emoji"),
}


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(FontLibrary())


def _glyph_ids(family: str, text: str) -> list[int]:
    font = TTFont(str(FAMILIES[family].path), lazy=True)
    cmap, order = font.getBestCmap(), font.getGlyphOrder()
    return [order.index(cmap[ord(ch)]) if ord(ch) in cmap else 0 for ch in text]


def _render(renderer: Renderer, text: str, size=(600, 120)) -> np.ndarray:
    layer = {"type": "text", "role": "headline", "text": text, "lines": [text], "box": [10, 10, size[0] - 10, size[1] - 10], "font": "sans", "size": 48, "colour": "#000000"}
    doc = DesignDocument.model_validate({"size": list(size), "background": {"style": "linear_gradient", "colours": ["#ffffff", "#ffffff"]}, "layers": [layer]})
    return renderer.render_rgb(doc, AssetStore())


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_each_script_is_set_without_notdef(renderer, script):
    text, family = SCRIPTS[script]
    runs = renderer.fonts.runs(text, "sans")
    assert family in {f for f, _ in runs}, runs
    for fam, run in runs:
        ids = _glyph_ids(fam, "".join(ch for ch in run if not is_ignorable(ch)))
        assert 0 not in ids, (fam, run, ids)  # glyph 0 is .notdef, the "tofu" box
    ink = _render(renderer, text) < 128
    assert ink.any(axis=2).sum() > 500  # something was drawn


def test_right_to_left_text_is_shaped_and_reordered(renderer):
    fonts = renderer.fonts
    arabic = "مرحبا"
    from PIL import ImageFont

    plain = ImageFont.truetype(str(FAMILIES["Noto Sans Arabic"].path), 48, layout_engine=ImageFont.Layout.BASIC)
    shaped = fonts.font("Noto Sans Arabic", 48)
    assert fonts.layout("Noto Sans Arabic") == "raqm" and shaped.getlength(arabic) < 0.9 * plain.getlength(arabic)  # joined forms
    # a right-to-left line puts its first word on the right
    line = "مرحبا 50%"
    visual = fonts.visual_runs(line, "sans")
    assert visual[0] == ("Inter", "50%") and visual[-1] == ("Noto Sans Arabic", "مرحبا")
    img = _render(renderer, "שלום") < 128
    cols = np.where(img.any(axis=(0, 2)))[0]
    assert cols.min() >= 10  # drawn inside its box


def test_text_no_font_covers_is_refused_with_the_characters_named():
    fonts = FontLibrary()
    with pytest.raises(MissingGlyphError) as exc:
        fonts.runs("Sale \U000f0001 \u1230\u120b\u121d", "sans")  # supplementary private use, Ethiopic
    msg = str(exc.value)
    assert "U+F0001" in msg and "U+1230 ETHIOPIC SYLLABLE SA" in msg and isinstance(exc.value, InputError)
    assert fonts.runs("a\u200db\ufe0f", "sans") == [("Inter", "ab")]  # ignorables need no glyph


def test_generate_refuses_uncovered_text_with_exit_2(capsys, packshot_file, tmp_path):
    from adcraft.cli import main

    code = main(["generate", str(packshot_file), "--title", "Bottle ሰላም", "--sizes", "300x250", "--count", "1", "--out", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "U+1230" in err and "no font covers" in err


@pytest.mark.parametrize("title", ["ขวดน้ำ", "물병 특가", "زجاجة ماء", "בקבוק מים", "Bottle 💧"])
def test_generate_sets_titles_in_every_script(engine, packshot_file, title):
    from adcraft import Brief

    result = engine.generate(Brief(photo=str(packshot_file), title=title, price=9.5), sizes=[(1080, 1080)], count=1, seed=0)
    assert result.creatives, result.rejected
    doc = result.creatives[0].document
    headline = next(layer for layer in doc.layers if layer.type == "text" and layer.role == "headline")
    fonts = FontLibrary()
    for fam, run in fonts.runs("".join(headline.lines), headline.font):
        assert 0 not in _glyph_ids(fam, "".join(ch for ch in run if not is_ignorable(ch) and not ch.isspace()))
