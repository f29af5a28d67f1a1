"""Warm end-to-end time of this checkout against another commit, in one run.

Usage::

    python benchmarks/ab_e2e.py --baseline-ref REF [--data ../shared/data/products] [--limit N]

Checks ``REF`` out into a temporary git worktree and starts two worker processes, one importing
adcraft from that worktree (*before*), one from this checkout (*after*); each loads its engine
once. The photos are fed to both alternately (before/after, then after/before) so both see the
same machine load. Each product is generated with ``benchmarks/e2e.py``'s brief (6 default
sizes × 8 candidates, seed 1) and then, in the same worker, the bare cut-out stage is timed as
the baseline. Prints, per side, the warm mean of the end-to-end time, of each stage and of the
cut-out baseline, their ratio, and the speed-up after/before. The first photo is the warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("cutout", "layout", "compose_render", "score")

WORKER = """
import json, sys, time
from adcraft import Brief, Engine
from adcraft.assess import assess_image
from adcraft.cutout import make_cutout
from adcraft.io import LoadLimits, load_image
from adcraft.layout import DEFAULT_SIZES
engine = Engine(limits=LoadLimits(min_short_side=150))
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    photo = line.strip()
    title = photo.rsplit("/", 1)[-1].rsplit(".", 1)[0].split("__")[-1].replace("_", " ").capitalize()
    t = time.perf_counter()
    res = engine.generate(Brief(photo=photo, title=title, price=49, original_price=69), sizes=DEFAULT_SIZES, count=8, seed=1)
    wall = time.perf_counter() - t
    t = time.perf_counter()
    image = load_image(photo, engine.limits)
    make_cutout(image.pixels, assess_image(image.pixels), engine.segmenter)
    print(json.dumps({"wall": wall, "base": time.perf_counter() - t, "n": len(res.creatives), **res.timings}), flush=True)
"""


def _worker(src: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(src))
    proc = subprocess.Popen([sys.executable, "-c", WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    json.loads(proc.stdout.readline())
    return proc


def _ask(proc: subprocess.Popen, photo: str) -> dict:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(photo + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline-ref", required=True, help="git commit to compare with")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "products"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N photos")
    args = ap.parse_args()
    photos = sorted(str(p) for p in Path(args.data).iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"})
    photos = photos[: args.limit] if args.limit else photos
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.baseline_ref], check=True, capture_output=True)
        try:
            procs = {"before": _worker(tree / "src"), "after": _worker(ROOT / "src")}
            rows: dict[str, list[dict]] = {k: [] for k in procs}
            for i, photo in enumerate(photos):
                for side in ("before", "after") if i % 2 == 0 else ("after", "before"):
                    rows[side].append(_ask(procs[side], photo))
            for proc in procs.values():
                assert proc.stdin is not None
                proc.stdin.close()
                proc.wait()
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False, capture_output=True)
    summary = {}
    for side, got in rows.items():
        warm = got[1:]
        wall, base = statistics.fmean(r["wall"] for r in warm), statistics.fmean(r["base"] for r in warm)
        summary[side] = {"wall": wall, "cutout_baseline": base, "ratio": wall / base, "creatives": sum(r["n"] for r in got),
                         **{s: statistics.fmean(r.get(s, 0.0) for r in warm) for s in STAGES}}
        print(side, json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in summary[side].items()}))
    b, a = summary["before"], summary["after"]
    print(f"speed-up after/before: end to end {b['wall'] / a['wall']:.2f}x, "
          f"layout + compose + critic {(b['layout'] + b['compose_render'] + b['score']) / (a['layout'] + a['compose_render'] + a['score']):.2f}x")


if __name__ == "__main__":
    main()
