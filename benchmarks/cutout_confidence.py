"""Cut-out confidence and edge halo of every product photo, and which fall under the threshold.

Usage::

    python benchmarks/cutout_confidence.py [--data ../shared/data/products] [--json PATH]

For each photo: :attr:`adcraft.cutout.Cutout.confidence` (value, parts, reason) of the cut-out
made with :func:`adcraft.cutout.default_segmenter`, the models that ran, and the edge halo
(:func:`adcraft.cutout.metrics.edge_halo`, excess L* in the edge band) of adcraft's cut-out and
of rembg's raw U²-Netp cut-out on a black and a white backdrop. Photos whose confidence is
under :data:`adcraft.cutout.CUTOUT_CONFIDENCE_THRESHOLD` are the ones the pipeline uses whole.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from PIL import Image

from adcraft.assess import assess_image
from adcraft.cutout import CUTOUT_CONFIDENCE_THRESHOLD, default_segmenter, make_cutout
from adcraft.cutout.metrics import edge_halo
from adcraft.errors import InputError
from adcraft.io import LoadLimits, load_image

BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "products"))
    ap.add_argument("--json", default="benchmarks/results/cutout_confidence.json")
    args = ap.parse_args()
    photos = sorted(p for p in Path(args.data).iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    if not photos:
        raise SystemExit(f"no photos in {args.data}; pass --data DIR")
    seg = default_segmenter()
    if seg.notice:
        print(f"note: {seg.notice}")
    rows = []
    print(f"{'photo':44s} {'conf':>5s}  {'agree frag frame surf hands unsure':35s} {'halo k/w raw':>13s} {'adcraft':>11s}  models")
    for photo in photos:
        try:
            px = load_image(photo, LoadLimits(min_short_side=150)).pixels
        except InputError as exc:
            print(f"skip {photo.name}: {exc}")
            continue
        rgb = np.ascontiguousarray(px[..., :3])
        cut = make_cutout(px, assess_image(px), seg)
        h, w = rgb.shape[:2]
        raw = np.asarray(Image.fromarray((seg.fast.predict_raw(rgb) * 255).astype(np.uint8))
                         .resize((w, h), Image.Resampling.LANCZOS)).astype(np.float32) / 255.0
        ours = rgb.copy()
        l, t, r, b = cut.box
        ours[t:b, l:r] = cut.rgba[..., :3]
        halo = {"raw": (edge_halo(rgb, raw, BLACK), edge_halo(rgb, raw, WHITE)),
                "adcraft": (edge_halo(ours, cut.alpha, BLACK), edge_halo(ours, cut.alpha, WHITE))}
        c = cut.confidence
        rows.append({"photo": photo.name, "confidence": c.value, "parts": dict(c.parts), "reason": c.reason,
                     "low": c.low, "method": cut.method, "decision": cut.decision, "halo": halo})
        parts = " ".join(f"{v:.2f}" for _, v in c.parts)
        print(f"{photo.stem[:44]:44s} {c.value:5.2f}{'*' if c.low else ' '} {parts:35s} "
              f"{halo['raw'][0]:5.2f}/{halo['raw'][1]:5.2f}  {halo['adcraft'][0]:5.2f}/{halo['adcraft'][1]:5.2f}  {cut.method}")
    low = [r for r in rows if r["low"]]
    print(f"\nthreshold {CUTOUT_CONFIDENCE_THRESHOLD}: {len(low)} of {len(rows)} photos under it (* above), used whole:")
    for r in low:
        print(f"  {r['photo']}: {r['reason']}")
    for k in ("raw", "adcraft"):
        print(f"mean halo {k}: black {np.mean([r['halo'][k][0] for r in rows]):.2f}, white {np.mean([r['halo'][k][1] for r in rows]):.2f} (L*)")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"threshold": CUTOUT_CONFIDENCE_THRESHOLD, "rows": rows}, indent=2))
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
