"""Contact sheet of every IAB and social size for a few products: the best candidate per size.

    python benchmarks/layout_sheet.py [--products DIR] [--names a.jpg b.jpg …] [--out DIR]

Writes one PNG per product to ``benchmarks/results/sizes/`` and prints the layout family, score
and notes of each size, so a reviewer can see that sizes are redesigned, not squeezed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from adcraft import Brief, Engine
from adcraft.layout import IAB_SIZES, SOCIAL_SIZES
from adcraft.render.sheet import contact_sheet

ROOT = Path(__file__).resolve().parents[1]
PRODUCTS = {
    "furniture_home__solidus__mug_set.jpg": dict(title="Stoneware mug set of four", brand="Solidus", category="furniture_home", price=34.0, original_price=45.0, selling_points=["Dishwasher safe", "Hand-glazed finish"]),
    "cosmetics__abo__vitamin_e_capsules.jpg": dict(title="Vitamin E softgels, 400 IU", brand="ABO", category="cosmetics", price=12.5, selling_points=["Skin and hair support", "90 capsules"]),
    "furniture_home__woo__chair_by_window.jpg": dict(title="Oak lounge chair", brand="Woo", category="furniture_home", price=329.0, original_price=399.0, selling_points=["Solid oak frame", "Wool cushion"]),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=Path, default=ROOT.parent / "shared" / "data" / "products")
    ap.add_argument("--names", nargs="*", default=list(PRODUCTS))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sizes")
    ap.add_argument("--count", type=int, default=4)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    engine = Engine()
    sizes = list(IAB_SIZES) + list(SOCIAL_SIZES)
    for name in args.names:
        facts = PRODUCTS.get(name, {"title": Path(name).stem.split("__")[-1].replace("_", " ").capitalize()})
        res = engine.generate(Brief(photo=str(args.products / name), **facts), sizes=sizes, count=args.count)
        items = []
        for size in sizes:
            best = res.for_size(size)
            if not best:
                print(f"{name} {size}: no creative ({[r.reason for r in res.rejected if r.size == size][:1]})")
                continue
            c = best[0]
            print(f"{name} {size[0]}x{size[1]}: {c.document.meta.get('family')} score {c.score:.3f} {'; '.join(c.notes)}")
            items.append((f"{size[0]}x{size[1]} {c.document.meta.get('family')}", c.image))
        sheet = contact_sheet(items, engine.fonts, cell=420, columns=5, title=f"{name}: best candidate per size")
        path = args.out / (Path(name).stem + ".png")
        sheet.save(path)
        print(f"sheet: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
