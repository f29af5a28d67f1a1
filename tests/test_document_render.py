"""Design document round-trips and deterministic rendering."""

import json

import numpy as np
import pytest
from pydantic import ValidationError

from adcraft.background import STYLES, draw_background
from adcraft.document import (
    AssetStore,
    BackgroundSpec,
    DesignDocument,
    ImageLayer,
    ShapeLayer,
    TextLayer,
)
from adcraft.errors import UnknownOptionError
from adcraft.render import Renderer


def _doc() -> tuple[DesignDocument, AssetStore]:
    assets = AssetStore()
    product = np.zeros((60, 40, 4), np.uint8)
    product[10:50, 5:35] = (200, 40, 40, 255)
    src = assets.add("cutout", product)
    doc = DesignDocument(
        size=(320, 200),
        background=BackgroundSpec(style="radial_gradient", colours=("#fff4ee", "#f0c8b0"), seed=3, params={"cx": 0.3}),
        layers=(
            ShapeLayer(role="shadow", shape="ellipse", box=(20, 170, 100, 180), fill="#00000060", blur=3),
            ImageLayer(role="product", src=src, box=(20, 20, 100, 180)),
            ShapeLayer(role="button", shape="rounded_rect", box=(150, 140, 290, 175), fill="#0a66c2", radius=17),
            TextLayer(role="headline", text="Hello 新品", lines=("Hello 新品",), box=(150, 30, 300, 70), font="sans", size=28, weight=800, colour="#1a1a1a"),
            TextLayer(role="original_price", text="$29", lines=("$29",), box=(150, 90, 200, 110), font="sans", size=16, colour="#333333", strikethrough=True),
        ),
    )
    return doc, assets


def test_document_json_round_trip():
    doc, _ = _doc()
    again = DesignDocument.model_validate_json(doc.model_dump_json())
    assert again == doc


def test_document_rejects_unknown_fields_and_bad_values():
    doc, _ = _doc()
    data = json.loads(doc.model_dump_json())
    data["colour_mode"] = "cmyk"
    with pytest.raises(ValidationError):
        DesignDocument.model_validate(data)
    data = json.loads(doc.model_dump_json())
    data["layers"][3]["colour"] = "red"
    with pytest.raises(ValidationError, match="colour"):
        DesignDocument.model_validate(data)


def test_same_document_same_pixels(tmp_path):
    doc, assets = _doc()
    r = Renderer()
    a = r.render_rgb(doc, assets)
    b = Renderer().render_rgb(doc, assets)
    assert np.array_equal(a, b)
    # Saved with its assets, the document re-renders without the pipeline.
    assets.save(tmp_path / "assets")
    (tmp_path / "doc.json").write_text(doc.model_dump_json())
    again = DesignDocument.model_validate_json((tmp_path / "doc.json").read_text())
    c = Renderer().render_rgb(again, AssetStore(root=tmp_path / "assets"))
    assert np.array_equal(a, c)
    assert a[100, 60, 0] > 150  # the product is there
    assert a[157, 220].tolist() != a[100, 300].tolist()  # the button is drawn


def test_unknown_background_style_lists_valid_names():
    with pytest.raises(UnknownOptionError, match="radial_gradient"):
        draw_background("plasma", (10, 10), np.zeros((2, 3)), 0, {})


@pytest.mark.parametrize("style", STYLES.names())
def test_every_style_draws_deterministically(style):
    cols = np.array([[250, 240, 230], [40, 60, 90]], np.float32)
    a = draw_background(style, (64, 48), cols, 1, {})
    b = draw_background(style, (64, 48), cols, 1, {})
    assert a.shape == (48, 64, 3) and a.dtype == np.uint8 and np.array_equal(a, b)
    assert a.std() > 0.5  # not a flat fill


def test_asset_names_cannot_escape_the_folder(tmp_path):
    from adcraft.errors import InputError

    with pytest.raises(InputError, match="outside"):
        AssetStore(root=tmp_path).get("../../etc/passwd")
