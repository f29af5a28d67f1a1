"""Canvas-mode layouts on PKU PosterLayout canvases: adcraft vs DS-GAN, both metric families.

For every canvas of ``--data`` (default ``../shared/data/pku10``) adcraft computes its own
saliency (U²-Netp with the second look) and busyness, lays out a fixed Chinese brief (logo,
headline, sub-line, price, CTA) with :func:`adcraft.layout.canvas.canvas_layout`, and exports
the boxes as PKU elements. The shipped PFPN/BASNet saliency maps are used for *scoring only*.
DS-GAN's released layouts for the same canvases (``dsgan_layouts.json``) are scored in the same
run by the same code, with the original PKU evaluator and with RALF's metrics.

    python benchmarks/layout_pku.py [--data DIR] [--json OUT] [--sheet OUT.png]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from adcraft.copy import CopyText
from adcraft.cutout import new_segmenter
from adcraft.layout import LayoutInput, LayoutParams
from adcraft.layout.canvas import canvas_layout, poster_layout, scene_info
from adcraft.layout.metrics import PosterLayout, load_pku_canvases, pku_scores, ralf_scores
from adcraft.typography import FontLibrary

ROOT = Path(__file__).resolve().parents[1]
COPY = CopyText(
    headline="夏日焕新 好物限时特惠",
    subline="全场满299减50 · 顺丰包邮",
    cta="立即抢购",
    price="¥199",
    original_price="¥259",
    discount=None,
    lang="zh",
)
TARGETS = {"val": (">=", 1.0), "ove": ("<=", 0.01), "und_l": (">=", 0.95), "und_s": (">=", 0.9), "occ": ("<=", 0.12)}


def adcraft_layouts(canvases, logo_aspect: float = 3.0) -> tuple[list[PosterLayout], list, list[float]]:
    """adcraft's canvas-mode layout of each canvas; returns PKU layouts, plans and seconds each."""
    seg = new_segmenter("u2netp")
    fonts = FontLibrary()
    layouts, plans, secs = [], [], []
    for c in canvases:
        t = time.perf_counter()
        rgb = np.asarray(c.image.convert("RGB"))
        h, w = rgb.shape[:2]
        scene = scene_info(rgb, seg)
        inp = LayoutInput(size=(w, h), copy=COPY, chain="sans-zh", product_aspect=1.0, logo_aspect=logo_aspect, scene=scene)
        plan = canvas_layout(inp, LayoutParams(family="canvas", align="center"), fonts)
        secs.append(time.perf_counter() - t)
        plans.append(plan)
        layouts.append(poster_layout(plan))
    return layouts, plans, secs


def dsgan_layouts(data: dict) -> dict[str, PosterLayout]:
    return {
        d["image"]: PosterLayout(np.array([e["cls"] for e in d["elements"]]), np.array([e["box_ltrb_norm"] for e in d["elements"]]))
        for d in data["layouts"]
    }


def draw(canvas: Image.Image, layout: PosterLayout, title: str) -> Image.Image:
    colours = {1: (0, 170, 0), 2: (220, 0, 0), 3: (255, 150, 0)}
    im = canvas.convert("RGB").resize((257, 375))
    d = ImageDraw.Draw(im)
    for c, b in zip(layout.labels, layout.boxes, strict=True):
        if c:
            d.rectangle([b[0] * 257, b[1] * 375, b[2] * 257, b[3] * 375], outline=colours[int(c)], width=2)
    d.rectangle([0, 0, 257, 16], fill=(255, 255, 255))
    d.text((4, 2), title, fill=(0, 0, 0))
    return im


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "pku10")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--sheet", type=Path, default=ROOT / "benchmarks" / "results" / "layout_pku.png", help="contact sheet of both methods' boxes")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no PKU canvases at {args.data}; pass --data", file=sys.stderr)
        return 2
    data = json.loads((args.data / "dsgan_layouts.json").read_text())
    names = [d["image"] for d in data["layouts"]]
    canvases = load_pku_canvases(args.data, names)
    images = [c.image for c in canvases]
    maps = [c.saliency for c in canvases]
    ds = dsgan_layouts(data)
    ds_list = [ds[n] for n in names]
    ours, plans, secs = adcraft_layouts(canvases)

    rows = {
        "DS-GAN": (pku_scores(ds_list, images, maps), ralf_scores(ds_list, images, maps)),
        "adcraft": (pku_scores(ours, images, maps), ralf_scores(ours, images, maps)),
    }
    pku_keys = ["val", "ove", "ali", "und_l", "und_s", "uti", "occ", "rea"]
    lower = set(rows["adcraft"][0].LOWER_IS_BETTER)
    print(f"PKU PosterLayout original evaluator (513x750), {len(names)} canvases of {args.data.name}")
    print(f"{'method':10s}" + "".join(f"{k:>9s}" for k in pku_keys))
    for name, (p, _) in rows.items():
        print(f"{name:10s}" + "".join(f"{getattr(p, k):9.4f}" for k in pku_keys))
    better = {k: (getattr(rows["adcraft"][0], k) < getattr(rows["DS-GAN"][0], k)) if k in lower else (getattr(rows["adcraft"][0], k) > getattr(rows["DS-GAN"][0], k)) for k in pku_keys}
    print(f"{'better?':10s}" + "".join(f"{('yes' if better[k] else 'NO'):>9s}" for k in pku_keys))
    ralf_keys = ["validity", "overlay", "alignment", "overlap", "underlay_loose", "underlay_strict", "utilization", "occlusion", "unreadability"]
    print("\nRALF metrics (240x350, same PFPN+BASNet maps)")
    print(f"{'method':10s}" + "".join(f"{k[:9]:>10s}" for k in ralf_keys))
    for name, (_, r) in rows.items():
        print(f"{name:10s}" + "".join(f"{getattr(r, k):10.4f}" for k in ralf_keys))
    p = rows["adcraft"][0]
    met = {k: (getattr(p, k) >= v if op == ">=" else getattr(p, k) <= v) for k, (op, v) in TARGETS.items()}
    print("\ntargets: " + ", ".join(f"{k} {op} {v}: {'met' if met[k] else 'MISSED'}" for k, (op, v) in TARGETS.items()))
    print(f"adcraft canvas mode: {np.mean(secs) * 1000:.0f} ms per canvas (saliency + layout), "
          f"{sum('underlay panel' in ' '.join(pl.notes) for pl in plans)} of {len(plans)} with an underlay panel")

    if args.sheet:
        args.sheet.parent.mkdir(parents=True, exist_ok=True)
        tiles = [(draw(im, ds[n], f"DS-GAN {n}"), draw(im, o, f"adcraft {n}")) for n, im, o in zip(names, images, ours, strict=True)]
        sheet = Image.new("RGB", (257 * len(tiles), 375 * 2), "white")
        for i, (a, b) in enumerate(tiles):
            sheet.paste(a, (257 * i, 0))
            sheet.paste(b, (257 * i, 375))
        sheet.save(args.sheet)
        print(f"sheet: {args.sheet}")
    if args.json:
        args.json.write_text(json.dumps({k: {"pku": asdict(p), "ralf": asdict(r)} for k, (p, r) in rows.items()} | {"ms_per_canvas": float(np.mean(secs) * 1000)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
