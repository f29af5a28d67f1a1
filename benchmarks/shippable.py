"""Shippable rank-1: the design critic's verdicts on the rank-1 creative of every size.

Usage::

    python benchmarks/shippable.py [--data ../shared/data/products] [--count 8] [--limit N]
        [--baseline-ref REF] [--out benchmarks/results/shippable] [--work DIR [--judge-only]]

Runs ``adcraft generate`` (6 default sizes × ``--count`` candidates, seed 1) over every product
photo, on the brief a marketer would write for it (``benchmarks/product_briefs.py``: the design
reviews' briefs, ``benchmarks/briefs.json`` and ``benchmarks/catalogue.jsonl``), with this checkout and — in the same run, when ``--baseline-ref`` names a git
commit — with that commit checked out into a temporary worktree (the baseline, e.g. the main
this work started from). Both outputs are judged by *this* checkout's critic
(``adcraft.critic.folder.critique_folder``: the photo facts each run recorded, the same pixels).
A size without any creative (every candidate rejected) counts as a REJECT.

Prints the verdict counts of rank-1 creatives per size and overall, the defect codes, and the
share of SHIP; writes ``summary.json`` and one contact sheet of rank-1 per size per product
(``<product>.jpg``) under ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw

from adcraft.critic.folder import critique_folder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from product_briefs import brief_for  # noqa: E402

from adcraft.layout import DEFAULT_SIZES

ROOT = Path(__file__).resolve().parents[1]
SIZES = [f"{w}x{h}" for w, h in DEFAULT_SIZES]


def run_generate(src: Path, photo: Path, out: Path, count: int) -> float:
    """``adcraft generate`` with the code under ``src`` (a ``src`` folder), in a subprocess, on
    the product's brief (:func:`product_briefs.brief_for`)."""
    out.mkdir(parents=True, exist_ok=True)
    brief = out.parent / f"{photo.stem}.brief.json"
    brief.write_text(json.dumps(brief_for(photo)), encoding="utf-8")
    cmd = [sys.executable, "-m", "adcraft.cli", "generate", "--brief", str(brief), "--count", str(count), "--seed", "1",
           "--min-side", "150", "--quiet", "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(src))
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode not in (0, 1):
        print(f"  {photo.name}: exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return time.perf_counter() - t


def judge_rank1(out: Path) -> dict[str, dict]:
    """Size → {verdict, codes, id} of the rank-1 creative judged by this checkout's critic."""
    got: dict[str, dict] = {s: {"verdict": "REJECT", "codes": ["NONE"], "id": None} for s in SIZES}
    if not (out / "ranking.json").is_file():
        return got
    for row in critique_folder(out):
        if row.rank == 1 and row.size in got:
            got[row.size] = {"verdict": row.critique.verdict.value, "codes": [c.value for c in row.critique.codes], "id": row.id,
                             "findings": [f.message for f in row.critique.findings if f.severity.value in ("critical", "major", "moderate")]}
    return got


def sheet(out: Path, judged: dict[str, dict], dest: Path) -> None:
    """Rank-1 of every size side by side (each scaled to 360 px tall), verdict under each."""
    tiles = []
    for size in SIZES:
        cid = judged[size]["id"]
        path = out / size / f"{cid}.png" if cid else None
        im = Image.open(path).convert("RGB") if path and path.is_file() else Image.new("RGB", (200, 200), (90, 0, 0))
        k = 360 / im.height
        im = im.resize((max(1, round(im.width * k)), 360), Image.Resampling.LANCZOS)
        cap = Image.new("RGB", (im.width, 28), (255, 255, 255))
        ImageDraw.Draw(cap).text((4, 6), f"{size} {judged[size]['verdict']} {' '.join(judged[size]['codes'])}"[:80], fill=(0, 0, 0))
        tile = Image.new("RGB", (im.width, 388), (255, 255, 255))
        tile.paste(im, (0, 0))
        tile.paste(cap, (0, 360))
        tiles.append(tile)
    canvas = Image.new("RGB", (sum(t.width for t in tiles) + 8 * len(tiles), 388), (230, 230, 230))
    x = 0
    for t in tiles:
        canvas.paste(t, (x, 0))
        x += t.width + 8
    canvas.save(dest, quality=85)


def summarise(name: str, judged: dict[str, dict[str, dict]]) -> dict:
    verdicts = Counter(v["verdict"] for sizes in judged.values() for v in sizes.values())
    codes = Counter(c for sizes in judged.values() for v in sizes.values() for c in v["codes"])
    per_size = {s: Counter(judged[p][s]["verdict"] for p in judged) for s in SIZES}
    n = sum(verdicts.values())
    print(f"\n{name}: {n} rank-1 creatives ({len(judged)} products × {len(SIZES)} sizes)")
    print(f"  SHIP {verdicts['SHIP']} ({verdicts['SHIP'] / n:.0%})  FIX {verdicts['FIX']} ({verdicts['FIX'] / n:.0%})  "
          f"REJECT {verdicts['REJECT']} ({verdicts['REJECT'] / n:.0%})")
    for s in SIZES:
        c = per_size[s]
        print(f"  {s:>10}: SHIP {c['SHIP']:2d}  FIX {c['FIX']:2d}  REJECT {c['REJECT']:2d}")
    print("  codes: " + ", ".join(f"{k} {v}" for k, v in codes.most_common()))
    return {"verdicts": dict(verdicts), "codes": dict(codes), "per_size": {s: dict(c) for s, c in per_size.items()}, "n": n}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "products"))
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--baseline-ref", help="git commit to compare with (checked out into a temporary worktree)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "shippable"))
    ap.add_argument("--work", help="folder for the generated outputs (default: a temporary one)")
    ap.add_argument("--judge-only", action="store_true",
                    help="judge the outputs already in --work again (after a critic change) without generating")
    args = ap.parse_args()
    if args.judge_only and not args.work:
        raise SystemExit("--judge-only needs --work DIR, the folder of an earlier run's outputs")
    data = Path(args.data)
    if not data.is_dir():
        raise SystemExit(f"no photos at {data}; pass --data DIR (the shared evaluation data lives at ../shared/data)")
    photos = sorted(p for p in data.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))[: args.limit or None]
    work = Path(args.work or tempfile.mkdtemp(prefix="adcraft-shippable-"))
    trees = {"current": ROOT / "src"}
    tmp_tree = None
    if args.baseline_ref:
        tmp_tree = Path(tempfile.mkdtemp(prefix="adcraft-baseline-"))
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tmp_tree / "tree"), args.baseline_ref], check=True, capture_output=True)
        trees = {"baseline": tmp_tree / "tree" / "src", **trees}
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {}
    try:
        for name, src in trees.items():
            judged, seconds = {}, 0.0
            for photo in photos:
                folder = work / name / photo.stem
                if not args.judge_only:
                    if folder.exists():
                        shutil.rmtree(folder)
                    seconds += run_generate(src, photo, folder, args.count)
                judged[photo.stem] = judge_rank1(folder)
                if name == "current":
                    sheet(folder, judged[photo.stem], out_dir / f"{photo.stem}.jpg")
            summary[name] = {**summarise(name, judged), "seconds": seconds, "rank1": judged}
    finally:
        if tmp_tree is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp_tree / "tree")], capture_output=True)
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    ship = summary["current"]["verdicts"].get("SHIP", 0) / summary["current"]["n"]
    rej = summary["current"]["verdicts"].get("REJECT", 0)
    print(f"\ntarget: no REJECT at rank 1 ({'met' if rej == 0 else f'NOT met: {rej}'}), >= 70 % SHIP ({'met' if ship >= 0.7 else f'NOT met: {ship:.0%}'})")
    print(f"wrote {out_dir / 'summary.json'} and contact sheets; outputs in {work}")


if __name__ == "__main__":
    main()
