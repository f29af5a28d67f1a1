from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared evaluation data not found at {SHARED} (it lives beside the checkout as ../shared)")
    return SHARED


@pytest.fixture(scope="session")
def segmenter():
    from adcraft.cutout import new_segmenter

    return new_segmenter("u2netp")


@pytest.fixture(scope="session")
def engine():
    from adcraft import Engine

    return Engine()


def packshot(size: int = 400, colour=(200, 30, 40), bg=(255, 255, 255)) -> tuple[np.ndarray, np.ndarray]:
    """A synthetic packshot: a coloured rounded bottle on a plain background, and its mask."""
    import cv2

    img = np.full((size, size, 3), bg, np.uint8)
    mask = np.zeros((size, size), np.uint8)
    cv2.rectangle(mask, (size * 35 // 100, size * 25 // 100), (size * 65 // 100, size * 85 // 100), 255, -1)
    cv2.circle(mask, (size // 2, size * 25 // 100), size * 15 // 100, 255, -1)
    img[mask > 0] = colour
    shade = np.linspace(0.8, 1.0, size)[None, :, None]
    img = np.where(mask[..., None] > 0, (img * shade).astype(np.uint8), img)
    return img, mask > 0


@pytest.fixture
def packshot_file(tmp_path) -> Path:
    from PIL import Image

    img, _ = packshot()
    path = tmp_path / "bottle.png"
    Image.fromarray(img).save(path)
    return path


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens", action="store_true", default=False,
        help="rewrite tests/golden/* from the current output (after an intended change of the pixels)",
    )


def _creatives(engine, out: Path, photo: np.ndarray, title: str) -> Path:
    from PIL import Image

    from adcraft import Brief
    from adcraft.output import write_result

    path = out / "photo.png"
    Image.fromarray(photo).save(path)
    brief = Brief.parse({"photo": str(path), "title": title, "subtitle": "Roasted every week",
                         "brand": "Pikolo", "price": 19.0, "original_price": 27.0})
    write_result(engine.generate(brief, sizes=[(1080, 1920), (300, 250)], count=1, seed=0), out, engine.fonts)
    return out


@pytest.fixture(scope="session", params=["scene photo", "packshot"])
def creative_folder(request, engine, tmp_path_factory) -> Path:
    """Creatives as `adcraft generate` writes them (OUT/<WxH>/<id>.json|.png, OUT/assets/; a
    1080x1920 story and a 300x250): from a real scene photo (scikit-image's coffee, CC0; laid
    out as a photo panel) and from a packshot (a cut-out product with its contact shadow)."""
    from skimage import data

    out = tmp_path_factory.mktemp("creatives")
    if request.param == "packshot":
        return _creatives(engine, out, packshot()[0], "Cherry cordial, 500 ml")
    return _creatives(engine, out, np.asarray(data.coffee()), "Single-origin espresso")


def creative_doc(folder: Path, size: str) -> Path:
    """The design document of the first creative of ``size`` in a folder written by generate."""
    return sorted((folder / size).glob("*.json"))[0]
