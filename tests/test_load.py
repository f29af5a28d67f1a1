import io

import numpy as np
import pytest
from PIL import Image

from adcraft.errors import ImageDecodeError, ImageTooLargeError, ImageTooSmallError
from adcraft.io import LoadLimits, load_image


def _bytes(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def test_exif_orientation_is_applied():
    im = Image.new("RGB", (400, 300), (255, 0, 0))
    im.paste((0, 0, 255), (0, 0, 200, 300))  # left half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    out = load_image(_bytes(im, "JPEG", exif=exif.tobytes(), quality=95))
    assert out.pixels.shape == (400, 300, 3)
    assert out.pixels[5, 150, 2] > 200  # blue now on top
    assert "applied EXIF orientation" in out.notes


@pytest.mark.parametrize(
    "make",
    [
        lambda: Image.new("CMYK", (300, 300), (0, 255, 255, 0)),
        lambda: Image.new("L", (300, 300), 128),
        lambda: Image.new("RGB", (300, 300), (10, 200, 30)).convert("P"),
    ],
    ids=["cmyk", "grey", "palette"],
)
def test_odd_modes_become_rgb_uint8(make):
    im = make()
    fmt = "JPEG" if im.mode == "CMYK" else "PNG"
    out = load_image(_bytes(im, fmt))
    assert out.pixels.dtype == np.uint8 and out.pixels.shape == (300, 300, 3)


def test_sixteen_bit_grey_is_scaled():
    arr = np.full((300, 300), 65535 // 2, np.uint16)
    out = load_image(_bytes(Image.fromarray(arr), "PNG"))
    assert out.pixels.shape == (300, 300, 3)
    assert abs(int(out.pixels[0, 0, 0]) - 127) <= 1


def test_alpha_is_kept():
    im = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    im.paste((255, 0, 0, 255), (100, 100, 200, 200))
    out = load_image(_bytes(im, "PNG"))
    assert out.pixels.shape[2] == 4 and out.has_alpha


def test_corrupt_file_is_refused_with_a_clear_error():
    data = _bytes(Image.new("RGB", (300, 300)), "JPEG")[:200]
    with pytest.raises(ImageDecodeError, match="corrupt, truncated or not an image"):
        load_image(data)


def test_not_an_image():
    with pytest.raises(ImageDecodeError):
        load_image(b"hello, I am text")


def test_unsupported_format():
    with pytest.raises(ImageDecodeError, match="GIF"):
        load_image(_bytes(Image.new("RGB", (300, 300)), "GIF"))


def test_missing_file(tmp_path):
    with pytest.raises(ImageDecodeError, match="cannot open"):
        load_image(tmp_path / "nope.jpg")


def test_too_small_is_refused_and_says_what_to_do():
    with pytest.raises(ImageTooSmallError, match="--min-side"):
        load_image(_bytes(Image.new("RGB", (199, 400)), "PNG"))
    out = load_image(_bytes(Image.new("RGB", (199, 400)), "PNG"), LoadLimits(min_short_side=100))
    assert out.size == (199, 400)


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ImageTooLargeError, match="megapixels"):
        load_image(_bytes(Image.new("1", (12000, 12000)), "PNG"), LoadLimits(max_pixels=50_000_000))


def test_large_images_are_downscaled():
    out = load_image(_bytes(Image.new("RGB", (4000, 1000)), "JPEG"), LoadLimits(max_work_side=1000))
    assert max(out.size) == 1000 and out.original_size == (4000, 1000)
