"""Before/after cut-outs on a dark and a light background, for looking at.

Usage::

    python benchmarks/cutout_sheet.py [--data ../shared/data/products] [--out benchmarks/results/cutouts] [--per-sheet 10]

For every photo: rembg's raw U²-Netp cut-out (the baseline of ``benchmarks/cutout.py``: the
photo's own colours under the upsampled mask) and adcraft's cut-out (``default_segmenter()``:
U²-Netp, U²-Net where U²-Netp is unsure) with its contact shadow, each composited on a dark
(#1c1c1e) and a light (#f2f2f2) background; the label gives the models that ran and the
cut-out confidence (``LOW`` = under the threshold: the pipeline uses the photo whole). Halos
show on the background that differs from the photo's own; ragged edges and lost parts on both.
``--only`` keeps photos whose name contains one of the given words.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from adcraft.assess import assess_image
from adcraft.cutout import default_segmenter, make_cutout
from adcraft.cutout.shadow import contact_shadow
from adcraft.errors import InputError
from adcraft.io import LoadLimits, load_image
from adcraft.typography.fonts import FontLibrary

DARK, LIGHT = (28, 28, 30), (242, 242, 242)
TILE = 300


def on_background(rgba: np.ndarray, colour: tuple[int, int, int], with_shadow: bool = False) -> Image.Image:
    """``rgba`` (uint8, straight alpha) scaled into a TILE x TILE tile over ``colour``."""
    h, w = rgba.shape[:2]
    s = 0.8 * TILE / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    tile = Image.new("RGBA", (TILE, TILE), colour + (255,))
    x, y = (TILE - size[0]) // 2, (TILE - size[1]) // 2
    if with_shadow:
        sh = contact_shadow(rgba[..., 3], 0.6)
        if sh is not None:
            l, t, r, b = sh.box_for((x, y, x + size[0], y + size[1]))
            layer = Image.new("RGBA", (TILE, TILE), (0, 0, 0, 0))
            layer.paste(Image.fromarray(sh.rgba).resize((r - l, b - t), Image.Resampling.BILINEAR), (l, t))
            tile.alpha_composite(layer)
    tile.alpha_composite(Image.fromarray(rgba).resize(size, Image.Resampling.LANCZOS), (x, y))
    return tile.convert("RGB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "products"))
    ap.add_argument("--out", default="benchmarks/results/cutouts")
    ap.add_argument("--per-sheet", type=int, default=10)
    ap.add_argument("--only", nargs="*", default=[], help="words; keep photos whose name contains one")
    args = ap.parse_args()
    photos = sorted(p for p in Path(args.data).iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")
                    and (not args.only or any(w in p.name for w in args.only)))
    if not photos:
        raise SystemExit(f"no photos in {args.data}; pass --data DIR")
    seg = default_segmenter()
    fonts = FontLibrary()
    font = fonts.font(fonts.chain("sans")[0], 14)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for photo in photos:
        try:
            im = load_image(photo, LoadLimits(min_short_side=150))
        except InputError as exc:
            print(f"skip {photo.name}: {exc}")
            continue
        px = im.pixels
        rgb = np.ascontiguousarray(px[..., :3])
        h, w = rgb.shape[:2]
        raw = np.asarray(Image.fromarray((seg.fast.predict_raw(rgb) * 255).astype(np.uint8)).resize((w, h), Image.Resampling.LANCZOS))
        base = np.dstack([rgb, raw]) if px.shape[2] == 3 else px
        cut = make_cutout(px, assess_image(px), seg)
        l, t, r, b = cut.box
        base = base[t:b, l:r]
        row = Image.new("RGB", (4 * TILE, TILE + 22), (255, 255, 255))
        for i, (rgba, colour, with_shadow) in enumerate(
            [(base, DARK, False), (cut.rgba, DARK, True), (base, LIGHT, False), (cut.rgba, LIGHT, True)]
        ):
            row.paste(on_background(rgba, colour, with_shadow), (i * TILE, 22))
        conf = f"conf {cut.confidence.value:.2f}{' LOW' if cut.confidence.low else ''}"
        ImageDraw.Draw(row).text((4, 3), f"{photo.name[:48]}  [{cut.method}] {conf}  rembg dark | adcraft dark | rembg light | adcraft light", fill=(0, 0, 0), font=font)
        rows.append(row)
        print(photo.name, cut.method, conf)
    for k in range(0, len(rows), args.per_sheet):
        chunk = rows[k : k + args.per_sheet]
        sheet = Image.new("RGB", (4 * TILE, sum(r.height for r in chunk)), (255, 255, 255))
        y = 0
        for r in chunk:
            sheet.paste(r, (0, y))
            y += r.height
        path = out / f"cutouts_{k // args.per_sheet + 1}.png"
        sheet.save(path)
        print("wrote", path)


if __name__ == "__main__":
    main()
