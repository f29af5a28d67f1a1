"""Briefs for the shared product photos, as a marketer would write them.

For each photo of ``../shared/data/products``: the design reviews' brief when the reviews
have one (``../shared/data/reviews/briefs/<stem>.json``, read where it lies, never copied),
else the English brief of ``benchmarks/briefs.json``, else this project's own catalogue
``benchmarks/catalogue.jsonl`` (JSON lines of adcraft briefs, also a sample feed), else a
title made from the file name. Used by ``benchmarks/shippable.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "data"
_KEYS = ("title", "subtitle", "headline", "brand", "category", "price", "original_price", "currency", "selling_points", "cta", "lang")


def _own_briefs() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for entry in json.loads((HERE / "briefs.json").read_text(encoding="utf-8")):
        en = entry.get("en", {})
        brief = {k: v for k, v in entry.items() if k in _KEYS}
        brief.update({k: v for k, v in en.items() if k in _KEYS})
        out[Path(entry["photo"]).stem] = brief
    for line in (HERE / "catalogue.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            out.setdefault(Path(entry["photo"]).stem, {k: v for k, v in entry.items() if k in _KEYS})
    return out


def brief_for(photo: Path, reviews: Path = SHARED / "reviews") -> dict:
    """The brief (a dict of :class:`adcraft.Brief` fields, ``photo`` set) for ``photo``."""
    review = reviews / "briefs" / f"{photo.stem}.json"
    if review.is_file():
        data = json.loads(review.read_text(encoding="utf-8"))
        brief = {k: v for k, v in data.items() if k in _KEYS}
    else:
        brief = _own_briefs().get(photo.stem) or {"title": photo.stem.split("__")[-1].replace("_", " ").capitalize(), "price": 49, "original_price": 69}
    return {**brief, "photo": str(photo)}
