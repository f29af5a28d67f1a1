"""Motion and delivery figures: video encode time against the clip's length and against the
encoder's own cost, and every delivered file's size against its platform budget.

The creatives are made in the same run from scikit-image's coffee photo (the demo brief,
``count=1``; a scene photo, laid out as a photo panel) in the video sizes and every IAB size,
and a 1080x1920 story from a white-background packshot of the evaluation set (a cut-out
product with its contact shadow; ``--product``, skipped when absent). For each video:

* ``export`` — wall time of :func:`adcraft.motion.export_video` (sprites, timeline, frame
  composition, colour conversion and H.264 encoding, as a user runs it);
* ``baseline`` — wall time of PyAV encoding the *same* frames, already rendered and held in
  memory, with the same encoder settings (:func:`adcraft.motion.encode_mp4`): the encoder's own
  cost, measured in the same run so that a busy machine shows in both;
* ``compose`` — the frame composition alone (ms per frame, single thread);
* ratios ``export / baseline`` and ``export / clip length`` (≤ 1 is real time).

Then for every IAB size: GIF (Google Display rules: 5 fps, and the 20 fps default), animated
WebP, HTML5 zip and JPEG bytes against 150 KB (or the IAB initial load), with the setting the
budget search settled on; and the SVG/HTML5 fidelity against the PNG.

Usage::

    python benchmarks/motion.py [--repeat 2] [--json out.json] [--sheets DIR]

``--sheets`` writes a contact sheet of 15 frames of each video (what the README describes).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from adcraft import Brief, Engine
from adcraft.cli import DEMO_BRIEF
from adcraft.export.deliver import DeliveryRequest, deliver
from adcraft.export.platforms import PLATFORMS
from adcraft.export.svg import export_svg, rasterise_svg
from adcraft.motion import (
    FrameRenderer,
    VideoSettings,
    build_sprites,
    build_timeline,
    encode_mp4,
    export_video,
)
from adcraft.sizes import IAB_SIZES

VIDEOS = (((1080, 1920), 6), ((1080, 1080), 6), ((1920, 1080), 6), ((1080, 1920), 15))


def make_creatives(engine: Engine, workdir: Path):
    """The best creative of each video and IAB size, from the demo brief."""
    from skimage import data

    photo = workdir / "coffee.png"
    Image.fromarray(np.asarray(data.coffee())).save(photo)
    brief = Brief.parse({**DEMO_BRIEF, "photo": str(photo)})
    sizes = list(dict.fromkeys([s for s, _ in VIDEOS] + list(IAB_SIZES)))
    result = engine.generate(brief, sizes=sizes, count=1, seed=0)
    return {c.size: c for c in result.creatives if c.rank == 1}, result.assets


def product_story(engine: Engine, photo: Path):
    """The best 1080x1920 creative of a packshot (a cut-out product), and its asset store."""
    brief = Brief.parse({"photo": str(photo), "title": "Canvas tote, natural", "brand": "Solidus", "price": 24.0,
                         "original_price": 32.0})
    result = engine.generate(brief, sizes=[(1080, 1920)], count=1, seed=0)
    return result.creatives[0].document, result.assets


def time_video(engine: Engine, doc, assets, duration: int, repeat: int) -> tuple[dict, bytes]:
    settings = VideoSettings(duration_s=duration)
    renderer = engine.renderer
    sprites = build_sprites(doc, assets, renderer)
    timeline = build_timeline(doc, duration, settings.fps)
    t = time.perf_counter()
    frames = list(FrameRenderer(sprites, timeline))
    compose_s = time.perf_counter() - t
    exports, baselines, size = [], [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        data = export_video(doc, assets, settings, renderer)
        exports.append(time.perf_counter() - t)
        t = time.perf_counter()
        encode_mp4(frames, doc.size, settings.fps, crf=settings.crf, preset=settings.preset)
        baselines.append(time.perf_counter() - t)
        size = len(data)
    composed = sum(1 for f in frames if f is not sprites.static)
    export_s, baseline_s = min(exports), min(baselines)
    return {
        "size": f"{doc.size[0]}x{doc.size[1]}", "duration_s": duration, "frames": len(frames),
        "export_s": round(export_s, 2), "baseline_s": round(baseline_s, 2),
        "export_per_baseline": round(export_s / baseline_s, 2), "export_per_clip_s": round(export_s / duration, 2),
        "compose_ms_per_frame": round(1000 * compose_s / max(1, composed), 1), "mb": round(size / 1e6, 2),
    }, data


def contact_sheet(mp4: bytes, path: Path, count: int = 15) -> None:
    """``count`` evenly spaced frames of the encoded clip (decoded back with PyAV), labelled
    with their time: what a viewer sees."""
    import io

    import av

    with av.open(io.BytesIO(mp4)) as container:
        decoded = [(float(f.time), f.to_image()) for f in container.decode(video=0)]
    picks = np.linspace(0, len(decoded) - 1, count).round().astype(int)
    w, h = decoded[0][1].size
    scale = 270 / max(w, h)
    tw, th = round(w * scale), round(h * scale)
    cols = 5
    sheet = Image.new("RGB", (cols * (tw + 8) + 8, (count + cols - 1) // cols * (th + 26) + 8), "white")
    draw = ImageDraw.Draw(sheet)
    for k, i in enumerate(picks):
        x, y = 8 + (k % cols) * (tw + 8), 8 + (k // cols) * (th + 26)
        t, frame = decoded[int(i)]
        sheet.paste(frame.resize((tw, th), Image.Resampling.LANCZOS), (x, y))
        draw.text((x, y + th + 4), f"{t:.2f} s", fill="black")
    sheet.save(path)


def banner_rows(engine: Engine, creatives, assets) -> list[dict]:
    rows = []
    for size in IAB_SIZES:
        c = creatives.get(size)
        if c is None:
            continue
        platform = "gdn" if size in PLATFORMS.get("gdn").sizes else "iab"
        ruled = deliver(c.document, assets, DeliveryRequest(("jpeg", "gif", "html5"), platform, "https://shop.example/espresso"), c.id, engine.renderer)
        free = deliver(c.document, assets, DeliveryRequest(("gif", "awebp")), c.id, engine.renderer)
        for label, f in [(platform, f) for f in ruled] + [("none", f) for f in free]:
            rows.append({"size": f"{size[0]}x{size[1]}", "platform": label, "format": f.format,
                         "kb": round(len(f.data) / 1000, 1), "budget_kb": f.budget_bytes and f.budget_bytes / 1000,
                         "fits": f.fits, "setting": f.setting})
    return rows


def svg_fidelity(engine: Engine, creatives, assets) -> list[dict]:
    import cv2

    rows = []
    for size, c in sorted(creatives.items()):
        svg = export_svg(c.document, assets, engine.renderer)
        raster = rasterise_svg(svg).astype(np.float32)
        png = c.image.astype(np.float32)
        blurred = np.abs(cv2.GaussianBlur(raster, (0, 0), 1.0) - cv2.GaussianBlur(png, (0, 0), 1.0)).mean()
        rows.append({"size": f"{size[0]}x{size[1]}", "svg_kb": round(len(svg) / 1000, 1),
                     "mean_abs": round(float(np.abs(raster - png).mean()), 2), "mean_abs_blur1": round(float(blurred), 2)})
    return rows


def _table(rows: list[dict]) -> str:
    if not rows:
        return ""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "|".join("---" for _ in keys) + "|"]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per video (the fastest counts)")
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--sheets", help="folder for the videos' contact sheets")
    parser.add_argument("--workdir", default="/tmp/adcraft-motion-bench")
    parser.add_argument("--videos-only", action="store_true", help="only the video timings")
    parser.add_argument("--product", default=str(Path(__file__).resolve().parents[2] / "shared/data/products/apparel__solidus__canvas_tote.jpg"),
                        help="a white-background packshot for the cut-out story row")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    engine = Engine()
    creatives, assets = make_creatives(engine, workdir)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    timed = [time_video(engine, creatives[s].document, assets, d, args.repeat) for s, d in VIDEOS]
    if Path(args.product).is_file():
        doc, product_assets = product_story(engine, Path(args.product))
        row, mp4 = time_video(engine, doc, product_assets, 6, args.repeat)
        timed.append(({**row, "size": row["size"] + " cut-out"}, mp4))
    videos = [row for row, _ in timed]
    if args.sheets:
        Path(args.sheets).mkdir(parents=True, exist_ok=True)
        for row, mp4 in timed:
            name = f"{row['size'].replace(' ', '-')}-{row['duration_s']}s"
            contact_sheet(mp4, Path(args.sheets) / f"{name}.png")
            (Path(args.sheets) / f"{name}.mp4").write_bytes(mp4)
    print("\n## Video (H.264, 30 fps, CRF 21, x264 superfast)\n\n" + _table(videos))
    if args.videos_only:
        return
    banners = banner_rows(engine, creatives, assets)
    print("\n## Banners against their budgets\n\n" + _table(banners))
    fidelity = svg_fidelity(engine, creatives, assets)
    print("\n## SVG (resvg) against the PNG\n\n" + _table(fidelity))
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"videos": videos, "banners": banners, "svg": fidelity}, indent=1))


if __name__ == "__main__":
    main()
