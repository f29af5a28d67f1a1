"""Cut-out benchmark: adcraft against raw U²-Netp (rembg's way), measured in the same run.

Usage::

    python benchmarks/cutout.py [--data ../shared/data/seg] [--tolerance 3] [--json PATH]

``--data`` is any folder of ``x.jpg`` (or ``.jpeg``/``.webp``/``.png`` photo) and ``x.png``
ground-truth mask pairs (0/255, same size as the photo). For each pair it reports IoU (masks at
0.5), alpha MAE, the boundary F-measure of Perazzi et al. (CVPR 2016) with a tolerance band of
``--tolerance`` pixels, and the time, for:

* **baseline** — raw U²-Netp as rembg runs it: the photo resized to 320x320, ImageNet
  normalisation, one forward pass, the output min-max normalised and resized back to the
  photo's size with Lanczos (``PIL``) as an 8-bit mask;
* **adcraft** — :func:`adcraft.assess.assess_image` plus :func:`adcraft.cutout.make_cutout`
  (second look where unsure, hole filling, colour key on packshots, colour guided filter,
  colour decontamination), the whole cut-out stage as the pipeline runs it.

Both use the same onnxruntime session; each image is run once to warm up, then timed. The
summary prints means and the ratio adcraft / baseline of each figure. Targets (issue 3):
IoU +3 points, boundary F +5 points, time ≤ 2x.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
from PIL import Image

from adcraft.assess import assess_image
from adcraft.cutout import make_cutout, new_segmenter
from adcraft.cutout.metrics import score_matte
from adcraft.cutout.segmenters import U2NetP

PHOTO_EXTS = (".jpg", ".jpeg", ".webp", ".png")


def find_pairs(data: Path) -> list[tuple[Path, Path]]:
    """``(photo, mask)`` pairs: every ``x.png`` mask with a same-stem photo beside it."""
    pairs = []
    for mask in sorted(data.glob("*.png")):
        for ext in PHOTO_EXTS[:-1]:
            photo = mask.with_suffix(ext)
            if photo.exists():
                pairs.append((photo, mask))
                break
    return pairs


def baseline_alpha(seg: U2NetP, rgb: np.ndarray) -> np.ndarray:
    """rembg's ``naive_cutout`` mask: U²-Netp at 320 px, min-max, Lanczos back to size."""
    h, w = rgb.shape[:2]
    small = seg.predict_raw(rgb)
    mask = Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.Resampling.LANCZOS)
    return np.asarray(mask)


def adcraft_alpha(seg: U2NetP, rgb: np.ndarray) -> np.ndarray:
    """adcraft's cut-out stage (assessment + cut-out), alpha over the whole photo."""
    return make_cutout(rgb, assess_image(rgb), seg).alpha


def timed(fn, *args) -> tuple[np.ndarray, float]:
    fn(*args)  # warm-up: first-call allocations are not what we measure
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seg"))
    ap.add_argument("--tolerance", type=int, default=3, help="boundary tolerance band in pixels")
    ap.add_argument("--json", default="benchmarks/results/cutout.json")
    args = ap.parse_args()
    data = Path(args.data)
    pairs = find_pairs(data) if data.is_dir() else []
    if not pairs:
        raise SystemExit(f"no photo/mask pairs (x.jpg + x.png) in {data}; pass --data DIR")

    seg = new_segmenter("u2netp")
    methods = {"baseline": lambda rgb: baseline_alpha(seg, rgb), "adcraft": lambda rgb: adcraft_alpha(seg, rgb)}
    rows = []
    print(f"{'image':34s} {'method':9s} {'IoU':>6s} {'MAE':>6s} {'BF':>6s} {'ms':>6s}")
    for photo, mask in pairs:
        rgb = np.asarray(Image.open(photo).convert("RGB"))
        gt = np.asarray(Image.open(mask).convert("L"))
        if gt.shape != rgb.shape[:2]:
            raise SystemExit(f"{mask.name} is {gt.shape[::-1]} but {photo.name} is {rgb.shape[1::-1]}; masks must match their photos")
        for name, fn in methods.items():
            alpha, dt = timed(fn, rgb)
            s = score_matte(alpha, gt, args.tolerance)
            rows.append({"image": photo.stem, "method": name, "iou": s.iou, "mae": s.mae, "boundary_f": s.boundary_f,
                         "boundary_precision": s.boundary_precision, "boundary_recall": s.boundary_recall, "seconds": dt})
            print(f"{photo.stem:34s} {name:9s} {s.iou:6.3f} {s.mae:6.3f} {s.boundary_f:6.3f} {dt * 1000:6.0f}")

    summary = {}
    for name in methods:
        sel = [r for r in rows if r["method"] == name]
        summary[name] = {k: float(np.mean([r[k] for r in sel])) for k in ("iou", "mae", "boundary_f", "seconds")}
    base, ours = summary["baseline"], summary["adcraft"]
    ratio = {k: ours[k] / base[k] for k in base}
    print()
    print(f"{'mean':9s} {'IoU':>7s} {'MAE':>7s} {'BF':>7s} {'ms':>7s}")
    for name, m in summary.items():
        print(f"{name:9s} {m['iou']:7.4f} {m['mae']:7.4f} {m['boundary_f']:7.4f} {m['seconds'] * 1000:7.0f}")
    print(f"{'ratio':9s} {ratio['iou']:7.3f} {ratio['mae']:7.3f} {ratio['boundary_f']:7.3f} {ratio['seconds']:7.2f}")
    d_iou = 100 * (ours["iou"] - base["iou"])
    d_bf = 100 * (ours["boundary_f"] - base["boundary_f"])
    print(f"adcraft - baseline: IoU {d_iou:+.1f} points, boundary F {d_bf:+.1f} points, time x{ratio['seconds']:.2f}")
    print(f"targets: IoU +3 {'met' if d_iou >= 3 else 'MISSED'}, BF +5 {'met' if d_bf >= 5 else 'MISSED'}, "
          f"time <= 2x {'met' if ratio['seconds'] <= 2 else 'MISSED'}")
    out = {
        "data": str(data), "pairs": len(pairs), "tolerance_px": args.tolerance,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
        "summary": summary, "ratio": ratio, "delta_points": {"iou": d_iou, "boundary_f": d_bf}, "rows": rows,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(out, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
