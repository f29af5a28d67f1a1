"""Decode a product photo into the pipeline's pixel convention.

Every image inside adcraft is a ``numpy.ndarray`` of ``uint8``, shape ``(H, W, 3)`` (RGB) or
``(H, W, 4)`` (RGBA, straight alpha), in sRGB. This module is the one place where files become
such arrays: it applies EXIF orientation, converts embedded ICC profiles to sRGB (LittleCMS via
``PIL.ImageCms``), and maps CMYK, 16-bit, palette, grey and other modes to RGB(A) ``uint8``.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from adcraft.errors import ImageDecodeError, ImageTooLargeError, ImageTooSmallError, strip_reprs

#: Formats adcraft accepts, as Pillow names them.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")


@dataclass(frozen=True)
class LoadLimits:
    """Size guards applied while loading.

    Attributes
    ----------
    min_short_side:
        Minimum short side in pixels (default 200); smaller images are refused because they
        cannot fill a banner without visible upscaling.
    max_pixels:
        Maximum ``width * height`` (default 64 megapixels); larger files are refused before
        decoding, which also guards against decompression bombs.
    max_work_side:
        Long side, in pixels, to which larger images are downscaled (Lanczos) after decoding;
        banners never need more. Default 1600.
    """

    min_short_side: int = 200
    max_pixels: int = 64_000_000
    max_work_side: int = 1600


@dataclass(frozen=True)
class LoadedImage:
    """A decoded image in adcraft's pixel convention.

    Attributes
    ----------
    pixels:
        ``uint8`` array, shape ``(H, W, 3)`` or ``(H, W, 4)``; sRGB, straight alpha.
    source:
        Where it came from (a path or ``"<bytes>"``).
    original_mode:
        Pillow mode of the file before conversion (e.g. ``"CMYK"``, ``"I;16"``, ``"P"``).
    original_size:
        ``(width, height)`` of the file after EXIF orientation, before any downscaling.
    notes:
        What the loader changed (orientation, colour conversion, downscaling).
    """

    pixels: np.ndarray
    source: str
    original_mode: str
    original_size: tuple[int, int]
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_alpha(self) -> bool:
        """True when the image has an alpha channel with any pixel below 250."""
        return self.pixels.shape[2] == 4 and bool((self.pixels[..., 3] < 250).any())

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels of :attr:`pixels`."""
        return (self.pixels.shape[1], self.pixels.shape[0])


def _to_rgb_or_rgba(im: Image.Image, notes: list[str]) -> Image.Image:
    """Convert any Pillow mode to ``RGB`` or ``RGBA`` with 8 bits per channel."""
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            dst = ImageCms.createProfile("sRGB")
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            im = ImageCms.profileToProfile(im, src, dst, outputMode=out_mode)
            notes.append("converted embedded ICC profile to sRGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            notes.append("embedded ICC profile unreadable; assumed sRGB")
    mode = im.mode
    if mode in ("RGB", "RGBA"):
        return im
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(im, dtype=np.float64)
        hi = 65535.0 if mode.startswith("I;16") or arr.max(initial=0) > 255 else 255.0
        arr8 = np.clip(np.round(arr / hi * 255.0), 0, 255).astype(np.uint8)
        notes.append(f"reduced {mode} to 8-bit grey")
        return Image.fromarray(arr8, "L").convert("RGB")
    if mode == "F":
        arr = np.asarray(im, dtype=np.float64)
        lo, hi = float(arr.min(initial=0.0)), float(arr.max(initial=1.0))
        scale = hi if lo >= 0 and hi <= 1.0 else max(hi - lo, 1e-9)
        base = 0.0 if lo >= 0 and hi <= 1.0 else lo
        arr8 = np.clip(np.round((arr - base) / scale * 255.0), 0, 255).astype(np.uint8)
        notes.append("scaled floating-point image to 8-bit grey")
        return Image.fromarray(arr8, "L").convert("RGB")
    if mode == "P":
        has_t = "transparency" in im.info or im.palette.mode == "RGBA"
        return im.convert("RGBA" if has_t else "RGB")
    if mode in ("LA", "La", "PA", "RGBa"):
        return im.convert("RGBA")
    # CMYK (without profile), YCbCr, LAB, HSV, L, 1 and others: Pillow's converters.
    notes.append(f"converted {mode} to RGB")
    return im.convert("RGB")


def _decode(fp, limits: LoadLimits, name: str) -> tuple[Image.Image, tuple[int, int]]:
    """Open and decode ``fp`` (JPEG/PNG/WebP only, pixel limit checked from the header, JPEG
    draft-mode decoding of large photos); the image and its size before any draft scaling.

    Raises
    ------
    ImageDecodeError, ImageTooLargeError
        As :func:`load_image` describes.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(fp)
            fmt = im.format
            if fmt not in ACCEPTED_FORMATS:
                raise ImageDecodeError(
                    f"{name!r} is a {fmt} image; adcraft reads JPEG, PNG and WebP — "
                    "convert it to one of those"
                )
            w, h = orig_w, orig_h = im.size
            if w * h > limits.max_pixels:
                raise ImageTooLargeError(
                    f"{name!r} is {w}x{h} = {w * h / 1e6:.1f} megapixels, over the limit of "
                    f"{limits.max_pixels / 1e6:.1f}; downscale it first or raise max_pixels"
                )
            if fmt == "JPEG" and max(w, h) > 2 * limits.max_work_side and min(w, h) // 2 >= limits.min_short_side:
                # Decode at 1/2, 1/4 or 1/8 scale in the DCT domain (libjpeg), still at
                # least max_work_side on the long side: far faster than full decode + resize.
                k = limits.max_work_side / max(w, h)
                im.draft(None, (int(w * k) + 1, int(h * k) + 1))
            im.load()
    except (ImageDecodeError, ImageTooLargeError):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(
            f"{name!r} is too large to decode safely (over {limits.max_pixels / 1e6:.1f} megapixels or "
            f"Pillow's decompression-bomb limit: {exc}); downscale it first"
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageDecodeError(
            f"{name!r} is not a JPEG, PNG or WebP image (Pillow cannot identify it); "
            "send a JPEG, PNG or WebP file"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageDecodeError(
            f"cannot decode {name!r} as an image ({type(exc).__name__}: {strip_reprs(str(exc))}); "
            "the file is corrupt, truncated or not an image"
        ) from exc
    return im, (orig_w, orig_h)


def load_image(
    source: str | Path | bytes,
    limits: LoadLimits | None = None,
    name: str | None = None,
) -> LoadedImage:
    """Read a JPEG/PNG/WebP file into an RGB(A) ``uint8`` array.

    Parameters
    ----------
    source:
        A file path or the file's bytes.
    limits:
        Size guards; :class:`LoadLimits` defaults when ``None``.
    name:
        What to call the image in messages (default: the path, or ``"the image"`` for bytes).

    Returns
    -------
    LoadedImage
        Pixels of shape ``(H, W, 3|4)``, ``uint8``, sRGB, EXIF orientation applied, long side at
        most ``limits.max_work_side``.

    Raises
    ------
    ImageDecodeError
        Missing file, unreadable or truncated data, or a format other than JPEG/PNG/WebP.
    ImageTooLargeError
        More than ``limits.max_pixels`` pixels (checked from the header, before decoding).
    ImageTooSmallError
        Short side under ``limits.min_short_side`` pixels.
    """
    limits = limits or LoadLimits()
    name = name or ("the image" if isinstance(source, bytes) else str(source))
    try:
        fp = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ImageDecodeError(f"cannot open image {name!r}: {exc.strerror or exc}") from exc
    with fp:
        im, (orig_w, orig_h) = _decode(fp, limits, name)
        notes: list[str] = []
        original_mode = im.mode
        if im.getexif().get(0x0112, 1) not in (0, 1):
            notes.append("applied EXIF orientation")
        im = ImageOps.exif_transpose(im)
        im = _to_rgb_or_rgba(im, notes)

    w, h = im.size
    if im.size != (orig_w, orig_h) and im.size != (orig_h, orig_w):
        scale_back = max(orig_w, orig_h) / max(w, h)
        notes.append(f"decoded at 1/{scale_back:.0f} scale (JPEG draft mode)")
        w, h = (orig_w, orig_h) if (w >= h) == (orig_w >= orig_h) else (orig_h, orig_w)
    if min(w, h) < limits.min_short_side:
        raise ImageTooSmallError(
            f"{name!r} is {w}x{h}; its short side ({min(w, h)} px) is under the minimum of "
            f"{limits.min_short_side} px for a banner. Use a larger photo, or lower the limit "
            f"(CLI --min-side, LoadLimits.min_short_side) to accept visible upscaling"
        )
    original_size = (w, h)
    if max(im.size) > limits.max_work_side:
        scale = limits.max_work_side / max(im.size)
        iw, ih = im.size
        im = im.resize((max(1, round(iw * scale)), max(1, round(ih * scale))), Image.Resampling.LANCZOS)
        notes.append(f"downscaled {w}x{h} to {im.size[0]}x{im.size[1]} for processing")
    pixels = np.asarray(im, dtype=np.uint8).copy()
    if pixels.shape[2] == 4 and bool((pixels[..., 3] >= 250).all()):
        pixels = np.ascontiguousarray(pixels[..., :3])
    return LoadedImage(
        pixels=pixels,
        source=name,
        original_mode=original_mode,
        original_size=original_size,
        notes=tuple(notes),
    )
