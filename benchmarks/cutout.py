"""Cut-out benchmark: adcraft against raw U²-Netp (rembg's way), measured in the same run.

Usage::

    python benchmarks/cutout.py [--data ../shared/data/seg] [--tolerance 3] [--compare] [--json PATH]

``--data`` is any folder of ``x.jpg`` (or ``.jpeg``/``.webp``/``.png`` photo) and ``x.png``
ground-truth mask pairs (0/255, same size as the photo). For each pair it reports IoU (masks at
0.5), alpha MAE, the boundary F-measure of Perazzi et al. (CVPR 2016) with a tolerance band of
``--tolerance`` pixels, the edge halo on a black and on a white backdrop
(:func:`adcraft.cutout.metrics.edge_halo`, excess L* in the edge band), and the time, for:

* **baseline** — raw U²-Netp as rembg runs it: the photo resized to 320x320, ImageNet
  normalisation, one forward pass, the output min-max normalised and resized back to the
  photo's size with Lanczos (``PIL``) as an 8-bit mask, over the photo's own colours;
* **adcraft** — :func:`adcraft.assess.assess_image` plus :func:`adcraft.cutout.make_cutout`
  with :func:`adcraft.cutout.default_segmenter` (U²-Netp, U²-Net where U²-Netp is unsure,
  certainty fusion, refinement, decontamination), the whole cut-out stage as the pipeline runs it.

``--compare`` adds, for the per-photo error analysis: raw U²-Net, adcraft's refinement on
U²-Netp alone (with its zoomed second look; adcraft before the two-model rule) and on U²-Net
alone, and the *oracle*: per photo the better (by IoU) of those two refined results.

Every method is run once per image to warm up, then timed. The summary prints means, the ratio
of each figure to the baseline's, and the targets of issue 14: (1 − IoU) and (1 − boundary F)
each at least 25 % lower than the baseline's, MAE ≤ 0.7x, time ≤ 3x.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from adcraft.assess import assess_image
from adcraft.cutout import Cutout, default_segmenter, make_cutout, new_segmenter
from adcraft.cutout.metrics import edge_halo, score_matte
from adcraft.cutout.segmenters import U2NetP

PHOTO_EXTS = (".jpg", ".jpeg", ".webp", ".png")
BLACK, WHITE = (0, 0, 0), (255, 255, 255)
Result = tuple[np.ndarray, np.ndarray, str]  # alpha (H, W), colours (H, W, 3), how


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


def raw_alpha(seg, rgb: np.ndarray) -> Result:
    """rembg's ``naive_cutout`` mask: the model at 320 px, min-max, Lanczos back to size."""
    h, w = rgb.shape[:2]
    small = seg.predict_raw(rgb)
    mask = Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.Resampling.LANCZOS)
    return np.asarray(mask).astype(np.float32) / 255.0, rgb, "raw"


def full_frame(cut: Cutout, rgb: np.ndarray) -> np.ndarray:
    """The cut-out's (decontaminated) colours put back into the whole photo frame."""
    out = rgb.copy()
    l, t, r, b = cut.box
    out[t:b, l:r] = cut.rgba[..., :3]
    return out


def adcraft_alpha(seg, rgb: np.ndarray) -> Result:
    """adcraft's cut-out stage (assessment + cut-out), alpha over the whole photo."""
    cut = make_cutout(rgb, assess_image(rgb), seg)
    return cut.alpha, full_frame(cut, rgb), cut.method


def timed(fn: Callable[[np.ndarray], Result], rgb: np.ndarray) -> tuple[Result, float]:
    fn(rgb)  # warm-up: first-call allocations are not what we measure
    t = time.perf_counter()
    out = fn(rgb)
    return out, time.perf_counter() - t


def methods_for(compare: bool) -> dict[str, Callable[[np.ndarray], Result]]:
    """The methods to run, by name; models load once here."""
    fast = U2NetP()
    combined = default_segmenter()
    if combined.notice:
        print(f"note: {combined.notice}")
    methods = {"baseline": lambda rgb: raw_alpha(fast, rgb), "adcraft": lambda rgb: adcraft_alpha(combined, rgb)}
    if compare and combined.strong is not None:
        strong = new_segmenter("u2net")
        methods.update({
            "raw-u2net": lambda rgb: raw_alpha(strong, rgb),
            "adcraft-p": lambda rgb: adcraft_alpha(fast, rgb),
            "adcraft-n": lambda rgb: adcraft_alpha(strong, rgb),
        })
    return methods


def score_row(image: str, name: str, result: Result, gt: np.ndarray, tolerance: int, seconds: float) -> dict:
    alpha, colours, how = result
    s = score_matte(alpha, gt, tolerance)
    return {"image": image, "method": name, "how": how, "iou": s.iou, "mae": s.mae, "boundary_f": s.boundary_f,
            "boundary_precision": s.boundary_precision, "boundary_recall": s.boundary_recall,
            "halo_black": edge_halo(colours, alpha, BLACK), "halo_white": edge_halo(colours, alpha, WHITE),
            "seconds": seconds}


KEYS = ("iou", "mae", "boundary_f", "halo_black", "halo_white", "seconds")


def summarise(rows: list[dict], names: list[str]) -> dict[str, dict[str, float]]:
    summary = {}
    for name in names:
        sel = [r for r in rows if r["method"] == name]
        if sel:
            summary[name] = {k: float(np.mean([r[k] for r in sel])) for k in KEYS}
    images = sorted({r["image"] for r in rows})
    by = {(r["image"], r["method"]): r for r in rows}
    if all((i, "adcraft-p") in by for i in images):
        picks = [max(by[(i, "adcraft-p")], by[(i, "adcraft-n")], key=lambda r: r["iou"]) for i in images]
        summary["oracle"] = {k: float(np.mean([r[k] for r in picks])) for k in KEYS if k != "seconds"}
        summary["oracle"]["seconds"] = float("nan")
    return summary


def report(summary: dict[str, dict[str, float]]) -> dict[str, float]:
    """Print the summary table and the targets; return the adcraft/baseline comparison."""
    base, ours = summary["baseline"], summary["adcraft"]
    print()
    print(f"{'mean':10s} {'IoU':>7s} {'MAE':>7s} {'BF':>7s} {'halo-k':>7s} {'halo-w':>7s} {'ms':>7s} {'x time':>7s}")
    for name, m in summary.items():
        print(f"{name:10s} {m['iou']:7.4f} {m['mae']:7.4f} {m['boundary_f']:7.4f} {m['halo_black']:7.2f} "
              f"{m['halo_white']:7.2f} {m['seconds'] * 1000:7.0f} {m['seconds'] / base['seconds']:7.2f}")
    cmp = {
        "iou_error_reduction": 1 - (1 - ours["iou"]) / max(1 - base["iou"], 1e-9),
        "bf_error_reduction": 1 - (1 - ours["boundary_f"]) / max(1 - base["boundary_f"], 1e-9),
        "mae_ratio": ours["mae"] / max(base["mae"], 1e-9),
        "time_ratio": ours["seconds"] / base["seconds"],
    }
    ok = {
        "(1-IoU) >= 25 % lower": cmp["iou_error_reduction"] >= 0.25,
        "(1-BF) >= 25 % lower": cmp["bf_error_reduction"] >= 0.25,
        "MAE <= 0.7x": cmp["mae_ratio"] <= 0.7,
        "time <= 3x": cmp["time_ratio"] <= 3.0,
    }
    print(f"adcraft vs baseline: (1-IoU) {100 * cmp['iou_error_reduction']:+.1f} % lower, "
          f"(1-BF) {100 * cmp['bf_error_reduction']:+.1f} % lower, MAE x{cmp['mae_ratio']:.2f}, time x{cmp['time_ratio']:.2f}")
    print("targets: " + ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in ok.items()))
    return cmp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seg"))
    ap.add_argument("--tolerance", type=int, default=3, help="boundary tolerance band in pixels")
    ap.add_argument("--compare", action="store_true", help="also raw U²-Net, refinement on each model alone, and the oracle")
    ap.add_argument("--json", default="benchmarks/results/cutout.json")
    args = ap.parse_args()
    data = Path(args.data)
    pairs = find_pairs(data) if data.is_dir() else []
    if not pairs:
        raise SystemExit(f"no photo/mask pairs (x.jpg + x.png) in {data}; pass --data DIR")

    methods = methods_for(args.compare)
    rows = []
    print(f"{'image':32s} {'method':10s} {'IoU':>6s} {'MAE':>6s} {'BF':>6s} {'halo-k':>6s} {'halo-w':>6s} {'ms':>6s}  how")
    for photo, mask in pairs:
        rgb = np.asarray(Image.open(photo).convert("RGB"))
        gt = np.asarray(Image.open(mask).convert("L"))
        if gt.shape != rgb.shape[:2]:
            raise SystemExit(f"{mask.name} is {gt.shape[::-1]} but {photo.name} is {rgb.shape[1::-1]}; masks must match their photos")
        for name, fn in methods.items():
            result, dt = timed(fn, rgb)
            r = score_row(photo.stem, name, result, gt, args.tolerance, dt)
            rows.append(r)
            print(f"{photo.stem[:32]:32s} {name:10s} {r['iou']:6.3f} {r['mae']:6.3f} {r['boundary_f']:6.3f} "
                  f"{r['halo_black']:6.2f} {r['halo_white']:6.2f} {dt * 1000:6.0f}  {r['how']}")

    summary = summarise(rows, list(methods))
    cmp = report(summary)
    out = {
        "data": str(data), "pairs": len(pairs), "tolerance_px": args.tolerance,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
        "summary": summary, "adcraft_vs_baseline": cmp, "rows": rows,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(out, indent=2, default=float))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
