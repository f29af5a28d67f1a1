"""Headline and sub-line line breaks of every product at the six default sizes, before and after.

Usage::

    python benchmarks/headline_breaks.py [--baseline-src /work/main/src] [--data ../shared/data/products]
        [--all] [--json OUT.json]

For every product (the photos of ``--data`` when present, each with its marketer's brief from
``benchmarks/product_briefs.py``; else the briefs of ``benchmarks/catalogue.jsonl``), every
default size, every headline variant (``adcraft.copy.variants.write_variants``) and every
sub-line variant, the text is laid out by every layout family that designs for the size (with
no scene, and the photo families with a stand-in scene: the product in the middle 60 % of the
photo), and the distinct ways its lines broke are collected. With ``--baseline-src`` the same
runs in a subprocess on that source tree (e.g. main) and the script prints, per product and
size, each text whose breaks changed (``before → after``), a text only one side has, and the
counts; ``--all`` prints unchanged ones too. No model is loaded; nothing is rendered.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _products(data: Path) -> list[tuple[str, dict]]:
    from product_briefs import _own_briefs, brief_for

    if data.is_dir():
        photos = sorted(p for p in data.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
        return [(p.stem.split("__")[-1], brief_for(p)) for p in photos]
    return [(stem.split("__")[-1], {**b, "photo": f"{stem}.jpg"}) for stem, b in sorted(_own_briefs().items())]


def _scene(photo: Path):
    import numpy as np

    from adcraft.layout import SceneInfo

    try:
        from PIL import Image

        with Image.open(photo) as im:
            w, h = im.size
    except OSError:
        w, h = 900, 900
    sal = np.zeros((max(1, h // 4), max(1, w // 4)), np.float32)
    box = (int(0.2 * w), int(0.2 * h), int(0.8 * w), int(0.8 * h))
    sal[box[1] // 4 : box[3] // 4, box[0] // 4 : box[2] // 4] = 1.0
    return SceneInfo(photo_size=(w, h), product_box=box, saliency=sal), w / h


def _breaks(brief: dict) -> dict[str, dict[str, list[str]]]:
    """Size → ``"headline: TEXT"`` / ``"subline: TEXT"`` → sorted distinct breaks."""
    from adcraft import Brief
    from adcraft.copy import CopyText
    from adcraft.copy.variants import write_variants
    from adcraft.elements import Role
    from adcraft.layout import (
        DEFAULT_SIZES,
        LayoutInfeasible,
        LayoutInput,
        LayoutParams,
        families_for,
    )
    from adcraft.layout.catalogue import layout_families
    from adcraft.typography import FontLibrary

    fonts, fams = FontLibrary(), layout_families()
    b = Brief(**{k: v for k, v in brief.items()})
    v = write_variants(b)
    price = v.prices[0]
    scene, aspect = _scene(Path(brief["photo"]))
    out: dict[str, dict[str, list[str]]] = {}
    for size in DEFAULT_SIZES:
        got: dict[str, set[str]] = {}
        texts = [(h, next((s for s in v.sublines if s.lower() != h.lower()), None)) for h in v.headlines]
        texts += [(v.headlines[0], s) for s in v.sublines if s.lower() != v.headlines[0].lower()]
        for head, sub in texts:
            copy = CopyText(head, sub, v.ctas[0], price.price, price.original_price, price.discount, v.lang)
            families = [(f, None) for f in families_for(size, None, fams)]
            families += [(f, scene) for f in families_for(size, scene, fams) if f.uses_photo]
            for fam, sc in families:
                inp = LayoutInput(size=size, copy=copy, chain="sans-zh" if v.lang == "zh" else "sans", product_aspect=aspect, scene=sc)
                try:
                    plan = fam.fn(inp, LayoutParams(fam.name), fonts)
                except LayoutInfeasible:
                    continue
                for t in plan.texts:
                    if t.role in (Role.HEADLINE, Role.SUBLINE) and len(t.fitted.lines) > 1:
                        got.setdefault(f"{t.role.value}: {t.fitted.text}", set()).add(" / ".join(t.fitted.lines))
                    elif t.role in (Role.HEADLINE, Role.SUBLINE):
                        got.setdefault(f"{t.role.value}: {t.fitted.text}", set()).add(t.fitted.lines[0])
        out[f"{size[0]}x{size[1]}"] = {k: sorted(s) for k, s in sorted(got.items())}
    return out


def collect(data: Path) -> dict[str, dict]:
    """Product → size → text → its distinct breaks, with this interpreter's ``adcraft``."""
    return {name: _breaks(brief) for name, brief in _products(data)}


def _fmt(breaks: list[str] | None) -> str:
    return " ; ".join(breaks) if breaks else "(not set)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data" / "products")
    ap.add_argument("--baseline-src", type=Path, help="a src folder to compare with (e.g. main's)")
    ap.add_argument("--json", type=Path, help="write this run's breaks as JSON here")
    ap.add_argument("--all", action="store_true", help="print unchanged texts too")
    args = ap.parse_args()
    after = collect(args.data)
    if args.json:
        args.json.write_text(json.dumps(after, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.baseline_src is None:
        for name, sizes in after.items():
            for size, texts in sizes.items():
                for text, breaks in texts.items():
                    print(f"{name:32} {size:9} {text}  ->  {_fmt(breaks)}")
        return
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "headline_breaks_baseline.json"
    env = dict(os.environ, PYTHONPATH=str(args.baseline_src))
    subprocess.run([sys.executable, __file__, "--data", str(args.data), "--json", str(tmp)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    before = json.loads(tmp.read_text(encoding="utf-8"))
    changed = same = 0
    for name in sorted(set(before) | set(after)):
        for size in sorted(set(before.get(name, {})) | set(after.get(name, {}))):
            b, a = before.get(name, {}).get(size, {}), after.get(name, {}).get(size, {})
            for text in sorted(set(b) | set(a)):
                if b.get(text) == a.get(text):
                    same += 1
                    if not args.all:
                        continue
                else:
                    changed += 1
                print(f"{name:30} {size:9} {text}\n{'':41}before: {_fmt(b.get(text))}\n{'':41}after:  {_fmt(a.get(text))}")
    print(f"\n{changed} texts broke differently (or appear on one side only), {same} unchanged")


if __name__ == "__main__":
    main()
