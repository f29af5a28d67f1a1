"""Critique the creatives of an ``adcraft generate`` output folder (``adcraft review OUT_DIR``).

The folder holds ``ranking.json``, ``<W>x<H>/<id>.json`` documents with their rendered
``<id>.png`` and ``assets/`` (cut-outs, photo, logo). ``ranking.json``'s ``photo_facts`` are
what generation told the critic about the photo (:class:`~adcraft.critic.PhotoFacts`), so the
verdicts are those of generation; the product's alpha comes from the document's product asset
placed in its box, and ``photo_box`` from the document's meta. A folder without
``photo_facts`` is read as well as it can be (kind from the assessment, palette from the asset).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from adcraft.assess import BackgroundKind
from adcraft.document import DesignDocument
from adcraft.errors import InputError

from . import critique
from .model import CriticInput, Critique, PhotoFacts


@dataclass(frozen=True)
class ReviewedCreative:
    """One creative of the folder and its critique."""

    id: str
    size: str
    rank: int
    score: float
    critique: Critique


def _asset_rgba(assets: Path, name: str) -> np.ndarray | None:
    path = assets / name
    if not path.is_file():
        return None
    with Image.open(path) as im:
        return np.asarray(im.convert("RGBA"))


def _placed_alpha(doc: DesignDocument, rgba: np.ndarray | None) -> np.ndarray | None:
    if doc.product is None or rgba is None:
        return None
    w, h = doc.size
    l, t, r, b = doc.product.box
    a = np.asarray(Image.fromarray(rgba[..., 3]).resize((r - l, b - t), Image.Resampling.LANCZOS), np.float32) / 255.0
    out = np.zeros((h, w), np.float32)
    cl, ct, cr, cb = max(0, l), max(0, t), min(w, r), min(h, b)
    if cr > cl and cb > ct:
        out[ct:cb, cl:cr] = a[ct - t : cb - t, cl - l : cr - l]
    return out


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}; give the folder `adcraft generate --out` wrote") from None


def _input_for(out: Path, entry: dict, ranking: dict) -> CriticInput:
    from adcraft.palette.palette import extract_palette

    files = entry.get("files", {})
    if "document" not in files or "png" not in files:
        raise InputError(f"creative {entry.get('id')} in {out / 'ranking.json'} lists no document and PNG; re-run generate with --formats png")
    doc = DesignDocument.model_validate(_read_json(out / files["document"]))
    with Image.open(out / files["png"]) as im:
        image = np.asarray(im.convert("RGB"))
    rgba = _asset_rgba(out / "assets", doc.product.mask_src) if doc.product else None
    photo_box = doc.meta.get("photo_box")
    photo_box = tuple(int(v) for v in photo_box) if photo_box else None
    if ranking.get("photo_facts"):  # what generation told the critic: the same verdicts again
        facts = PhotoFacts.from_dict(ranking["photo_facts"])
        return CriticInput.of(doc, image, facts, _placed_alpha(doc, rgba), photo_box)
    palette = extract_palette(rgba) if rgba is not None and (rgba[..., 3] > 128).sum() >= 16 else None
    kind = (ranking.get("assessment") or {}).get("background", "plain")
    return CriticInput(
        document=doc, image=image, photo_kind=BackgroundKind(kind), product_alpha=_placed_alpha(doc, rgba),
        product_colours=palette.colours if palette else (), product_weights=palette.weights if palette else (),
        sale=(ranking.get("brief") or {}).get("original_price") is not None, photo_box=photo_box,
    )


def critique_folder(out: str | Path, size: str | None = None) -> list[ReviewedCreative]:
    """Critique every creative listed in ``out/ranking.json`` (of one ``size`` if given).

    Parameters
    ----------
    out:
        An output folder of ``adcraft generate``.
    size:
        ``"WxH"`` to review one size only.

    Returns
    -------
    list of ReviewedCreative
        In ``ranking.json`` order.

    Raises
    ------
    InputError
        If the folder has no readable ``ranking.json`` or a listed file is missing.
    """
    out = Path(out)
    ranking = _read_json(out / "ranking.json")
    rows = []
    for entry in ranking.get("creatives", []):
        if size and entry.get("size") != size:
            continue
        try:
            inp = _input_for(out, entry, ranking)
        except FileNotFoundError as exc:
            raise InputError(f"{exc.filename} is missing from {out}; the folder must be as `adcraft generate` wrote it") from None
        rows.append(ReviewedCreative(entry["id"], entry["size"], int(entry.get("rank", 0)), float(entry.get("score", 0.0)), critique(inp)))
    return rows
