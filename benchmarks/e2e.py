"""End-to-end benchmark: time per stage over ../shared/data/products, cold and warm.

Usage::

    python benchmarks/e2e.py [--data ../shared/data/products] [--count 8] [--json out.json]

*Cold* is the first product after a new :class:`adcraft.Engine` (model load, font load,
first-call costs included, engine construction timed separately); *warm* is every product
after that, with the engine reused. The baseline in the same run is the bare cut-out (the
U²-Netp forward pass plus refinement, no layout or rendering), reported as a ratio so the
figures compare across machines. Target (issue 2): warm end-to-end ≤ 3 s per product for
6 sizes × 8 candidates on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from adcraft import Brief, Engine
from adcraft.errors import ImageTooSmallError
from adcraft.io import LoadLimits
from adcraft.layout import DEFAULT_SIZES

STAGES = ("load_assess", "cutout", "checks", "overlays", "palette_copy", "layout", "compose_render", "score", "total")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "products"))
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--limit", type=int, default=0, help="only the first N photos")
    ap.add_argument("--json", default="benchmarks/results/e2e.json")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        raise SystemExit(f"no photos at {data}; pass --data DIR (the shared evaluation data lives at ../shared/data)")
    photos = sorted(p for p in data.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    if args.limit:
        photos = photos[: args.limit]

    t = time.perf_counter()
    engine = Engine(limits=LoadLimits(min_short_side=150))
    engine_s = time.perf_counter() - t
    rows = []
    for i, photo in enumerate(photos):
        brief = Brief(photo=str(photo), title=photo.stem.split("__")[-1].replace("_", " ").capitalize(), price=49, original_price=69)
        try:
            t = time.perf_counter()
            res = engine.generate(brief, sizes=DEFAULT_SIZES, count=args.count, seed=1)
            wall = time.perf_counter() - t
        except ImageTooSmallError as exc:
            print(f"skip {photo.name}: {exc}")
            continue
        # Baseline in the same run: the cut-out stage alone on the same photo.
        from adcraft.assess import assess_image
        from adcraft.cutout import make_cutout
        from adcraft.io import load_image

        t = time.perf_counter()
        im = load_image(str(photo), engine.limits)
        make_cutout(im.pixels, assess_image(im.pixels), engine.segmenter)
        base = time.perf_counter() - t
        rows.append({"photo": photo.name, "cold": i == 0, "wall_s": wall, "baseline_cutout_s": base, **res.timings, "creatives": len(res.creatives)})

    warm = [r for r in rows if not r["cold"]]
    print(f"\nmachine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}; engine load {engine_s:.2f} s")
    print(f"{'stage':<16}{'cold s':>9}{'warm mean s':>13}{'warm p90 s':>12}")
    summary = {}
    for st in STAGES:
        cold = rows[0][st] if rows else float("nan")
        vals = sorted(r[st] for r in warm)
        mean = statistics.fmean(vals) if vals else float("nan")
        p90 = vals[int(0.9 * (len(vals) - 1))] if vals else float("nan")
        summary[st] = {"cold_s": cold, "warm_mean_s": mean, "warm_p90_s": p90}
        print(f"{st:<16}{cold:>9.3f}{mean:>13.3f}{p90:>12.3f}")
    base = statistics.fmean(r["baseline_cutout_s"] for r in warm) if warm else float("nan")
    total = summary["total"]["warm_mean_s"]
    print(f"\nwarm end-to-end {total:.2f} s per product ({len(DEFAULT_SIZES)} sizes x {args.count} candidates, "
          f"{len(warm)} photos); baseline cut-out alone {base:.2f} s; ratio end-to-end / cut-out = {total / base:.1f}x")
    print(f"target <= 3 s: {'met' if total <= 3.0 else 'NOT met'}")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"engine_load_s": engine_s, "summary": summary, "baseline_cutout_s": base, "rows": rows,
                               "machine": {"cpu_count": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version()}}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
