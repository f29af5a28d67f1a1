"""Catalogue batch benchmark: products per hour on 1 worker, 2 local workers and Ray with 2
workers, against a plain loop of ``adcraft generate`` calls in the same run.

Usage::

    python benchmarks/batch.py [--data ../shared/data/products] [--count 4] [--limit 0]
                               [--baseline-limit 8] [--no-ray] [--json benchmarks/results/batch.json]

The feed is a Merchant Center TSV built from the photo files (title as ``benchmarks/e2e.py``
makes it, price 69.00 USD on sale at 49.00 USD, product type from the file-name prefix), made
at the default six sizes × ``--count`` candidates, seed 1. Each back-end makes the whole feed
into a fresh folder. Rates count every product processed, made or failed (a product whose
every candidate the design critic rejected costs as much as one made); *wall* counts everything from the command's start (reading the feed,
starting the workers and loading their engines) to the last product's folder; *steady* is the
rate between the first and the last product's completion, the rate a long catalogue runs at.
The baseline is what a user would script without ``adcraft batch``: one ``adcraft generate``
process per product (each loading the engine), on the first ``--baseline-limit`` products.
Peak memory is each worker process's ``ru_maxrss``. Targets (issue 18, 2-core machine): 2 workers
≥ 2,500 products per hour, ≥ 1.7× one worker; Ray within 10 % of local workers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from adcraft.batch import BackendChoice, BatchProgress, BatchSpec, run_batch
from adcraft.layout import DEFAULT_SIZES

HEADER = "id\ttitle\timage_link\tprice\tsale_price\tproduct_type\n"


def build_feed(photos: list[Path], folder: Path) -> Path:
    """A Merchant Center TSV over the photos (absolute local paths)."""
    rows = []
    for photo in photos:
        title = photo.stem.split("__")[-1].replace("_", " ").capitalize()
        rows.append(f"{photo.stem}\t{title}\t{photo.resolve()}\t69.00 USD\t49.00 USD\t{photo.stem.split('__')[0]}\n")
    feed = folder / "feed.tsv"
    feed.write_text(HEADER + "".join(rows), encoding="utf-8")
    return feed


def _driver_cpu() -> float:
    """CPU seconds (user + system) of this process, the driver: reading photos, writing folders,
    the manifest."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_backend(name: str, feed: Path, out: Path, spec: BatchSpec, backend: BackendChoice) -> dict:
    """One back-end over the whole feed: wall and steady rates, workers' peak memory."""
    stamps: list[float] = []

    def on_progress(p: BatchProgress) -> None:
        if p.made + p.failed > len(stamps):
            stamps.append(time.perf_counter())

    cpu0 = _driver_cpu()
    t0 = time.perf_counter()
    report = run_batch(feed, out, spec, backend, on_progress=on_progress)
    wall = time.perf_counter() - t0
    driver_cpu = _driver_cpu() - cpu0
    n = report.made + report.failed  # a product whose every candidate the critic rejected cost as much
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) * 3600 if len(stamps) > 1 and stamps[-1] > stamps[0] else float("nan")
    peaks = [w["peak_rss_mb"] for w in report.workers.values()]
    size = sum(p.stat().st_size for p in (out / "products").rglob("*") if p.is_file())
    row = {
        "backend": name, "made": report.made, "failed": report.failed, "wall_s": round(wall, 1),
        "products_per_hour_wall": round(n / wall * 3600, 1), "products_per_hour_steady": round(steady, 1),
        "made_per_hour_wall": round(report.made / wall * 3600, 1),
        "first_product_s": round(stamps[0] - t0, 1) if stamps else None,
        "worker_peak_rss_mb": peaks, "worker_seconds_per_product": round(sum(w["seconds"] for w in report.workers.values()) / max(n, 1), 2),
        "worker_cpu_s_per_product": round(sum(w["cpu_seconds"] for w in report.workers.values()) / max(n, 1), 2),
        "mb_per_made_product": round(size / 2**20 / max(report.made, 1), 2),
        "driver_cpu_ms_per_product": round(driver_cpu / max(n, 1) * 1000, 1),
    }
    print(f"{name:<12} {report.made:>3} made {report.failed:>2} failed  wall {wall:7.1f} s  {row['products_per_hour_wall']:8.0f}/h wall  "
          f"{steady:8.0f}/h steady  first after {row['first_product_s']} s  peak RSS/worker {', '.join(f'{p:.0f}' for p in peaks)} MiB  "
          f"{row['worker_cpu_s_per_product']} CPU s/product in workers, {row['mb_per_made_product']} MB/product  driver {row['driver_cpu_ms_per_product']} ms CPU/product", flush=True)
    return row


# `adcraft generate` exactly as the command runs it, reporting its own peak memory on stderr
_GENERATE = ("import resource, sys; from adcraft.cli import main; rc = main(sys.argv[1:]); "
             "print('MAXRSS_KIB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)")


def run_baseline(photos: list[Path], out: Path, count: int) -> dict:
    """A plain loop of `adcraft generate` processes, one per product."""
    sizes = ",".join(f"{w}x{h}" for w, h in DEFAULT_SIZES)
    t0 = time.perf_counter()
    made, peak = 0, 0.0
    for photo in photos:
        title = photo.stem.split("__")[-1].replace("_", " ").capitalize()
        cmd = [sys.executable, "-c", _GENERATE, "generate", str(photo), "--title", title, "--price", "49",
               "--original-price", "69", "--category", photo.stem.split("__")[0], "--sizes", sizes, "--count", str(count),
               "--seed", "1", "--min-side", "150", "--quiet", "--out", str(out / photo.stem)]
        run = subprocess.run(cmd, capture_output=True, text=True)
        made += run.returncode == 0
        for line in run.stderr.splitlines():
            if line.startswith("MAXRSS_KIB"):
                peak = max(peak, int(line.split()[1]) / 1024)
    wall = time.perf_counter() - t0
    row = {"backend": "generate-loop", "made": made, "wall_s": round(wall, 1), "products_per_hour_wall": round(made / wall * 3600, 1),
           "products_per_hour_steady": round(made / wall * 3600, 1), "worker_peak_rss_mb": [round(peak, 1)]}
    print(f"{'generate-loop':<12} {made:>3} made     wall {wall:7.1f} s  {row['products_per_hour_wall']:8.0f}/h  "
          f"(one `adcraft generate` process per product)  peak RSS {peak:.0f} MiB", flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data" / "products"))
    ap.add_argument("--count", type=int, default=4, help="candidates per size")
    ap.add_argument("--limit", type=int, default=0, help="only the first N photos")
    ap.add_argument("--baseline-limit", type=int, default=8, help="products in the `adcraft generate` loop (0: none)")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated back-ends to run: w1, w2, ray, loop")
    ap.add_argument("--json", default="benchmarks/results/batch.json")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        raise SystemExit(f"no photos at {data}; pass --data DIR (the shared evaluation data lives at ../shared/data)")
    photos = sorted(p for p in data.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    photos = photos[: args.limit] if args.limit else photos
    only = set(filter(None, args.only.split(","))) or {"w1", "w2", "ray", "loop"}
    spec = BatchSpec(sizes=tuple(DEFAULT_SIZES), count=args.count, seed=1, min_side=150)
    rows = []
    with tempfile.TemporaryDirectory(prefix="adcraft-batch-bench-") as tmp:
        folder = Path(tmp)
        feed = build_feed(photos, folder)
        print(f"{len(photos)} products, {len(spec.sizes)} sizes x {spec.count} candidates; machine: {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} at start", flush=True)
        if "w1" in only:
            rows.append(run_backend("1 worker", feed, folder / "w1", spec, BackendChoice("local", 1)))
        if "w2" in only:
            rows.append(run_backend("2 workers", feed, folder / "w2", spec, BackendChoice("local", 2)))
        if "ray" in only and not args.no_ray:
            os.environ.setdefault("RAY_AUTH_MODE", "disabled")
            rows.append(run_backend("ray 2", feed, folder / "ray", spec, BackendChoice("ray", 2)))
        if "loop" in only and args.baseline_limit:
            rows.append(run_baseline(photos[: args.baseline_limit], folder / "loop", args.count))
        load_end = os.getloadavg()[0]
    by = {r["backend"]: r for r in rows}
    ratios = {}
    for key in ("products_per_hour_wall", "products_per_hour_steady"):
        if "1 worker" in by and "2 workers" in by:
            ratios[f"2w/1w {key}"] = round(by["2 workers"][key] / by["1 worker"][key], 2)
        if "ray 2" in by and "2 workers" in by:
            ratios[f"ray/2w {key}"] = round(by["ray 2"][key] / by["2 workers"][key], 2)
        if "generate-loop" in by and "2 workers" in by:
            ratios[f"2w/loop {key}"] = round(by["2 workers"][key] / by["generate-loop"]["products_per_hour_wall"], 2)
    print("\nratios (same run):", ", ".join(f"{k} = {v}" for k, v in ratios.items()))
    if "2 workers" in by:
        rate = by["2 workers"]["products_per_hour_steady"]
        print(f"target >= 2,500/h with 2 workers: {'met' if rate >= 2500 else 'NOT met'} ({rate:.0f}/h steady)")
    print(f"load average at the end {load_end:.1f} (other work on the machine slows every figure alike)")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "ratios": ratios, "products": len(photos), "sizes": len(spec.sizes), "count": spec.count,
                               "machine": {"cpu_count": os.cpu_count(), "python": platform.python_version(), "load_end": load_end}}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
