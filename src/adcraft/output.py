"""Writing a generation result to a folder: images, documents, assets, ranking, contact sheet."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PIL import Image

from adcraft.document import AssetStore, DesignDocument
from adcraft.errors import InputError
from adcraft.pipeline import GenerationResult
from adcraft.render.raster import encode_image
from adcraft.render.sheet import contact_sheet
from adcraft.stages.record import CreativeRecord
from adcraft.typography import FontLibrary

ImageFormat = Literal["png", "jpeg", "webp"]
_EXT = {"png": "png", "jpeg": "jpg", "webp": "webp"}
MOTION_FORMATS = ("mp4", "gif", "awebp", "html5", "svg")
"""Formats made by :func:`adcraft.export.deliver.deliver` (video, animated banners, HTML5, SVG)."""


def write_result(
    result: GenerationResult, out: str | Path, fonts: FontLibrary, formats: Sequence[str] = ("png",),
    click_url: str | None = None,
) -> Path:
    """Write every creative of ``result`` under ``out`` and return the ranking file's path.

    Layout of ``out``::

        assets/                    cut-out, photo and logo PNGs the documents reference
        <W>x<H>/<id>.png|.jpg      rendered creatives (the formats asked for)
        <W>x<H>/<id>.mp4|.gif|.anim.webp|.zip|.svg   video, animated banners, HTML5 ad, SVG
        <W>x<H>/<id>.json          design documents (re-render with `adcraft render`)
        ranking.json               every creative: id, size, rank, score, terms, contrasts,
                                   the copy it shows, notes, files
        contact_sheet.png          the top creatives of each size
    """
    out = Path(out)
    for f in formats:
        if f not in _EXT and f not in MOTION_FORMATS:
            raise InputError(f"unknown format {f!r}; use png, jpeg, webp, {', '.join(MOTION_FORMATS)}")
    motion = [f for f in formats if f in MOTION_FORMATS]
    out.mkdir(parents=True, exist_ok=True)
    result.assets.save(out / "assets")
    entries = []
    for c in result.creatives:
        folder = out / f"{c.size[0]}x{c.size[1]}"
        folder.mkdir(exist_ok=True)
        files: dict[str, str] = {}
        im = Image.fromarray(c.image)
        for f in formats:
            if f in _EXT:
                path = folder / f"{c.id}.{_EXT[f]}"
                path.write_bytes(encode_image(im, f))  # type: ignore[arg-type]
                files[f] = str(path.relative_to(out))
        if motion:
            files.update(_write_motion(c.document, result.assets, motion, click_url, folder, c.id, out))
        doc_path = folder / f"{c.id}.json"
        doc_path.write_text(c.document.model_dump_json(indent=1), encoding="utf-8")
        files["document"] = str(doc_path.relative_to(out))
        entries.append(CreativeRecord.of(c, files).to_json())
    ranking = {
        "brief": json.loads(result.brief.model_dump_json()),
        "assessment": {
            "background": str(result.assessment.background),
            "sharpness": round(result.assessment.sharpness, 1),
            "warnings": list(result.warnings),
            "issues": [i.__dict__ for i in result.photo_report.issues] if result.photo_report else [],
            "suitability": round(result.photo_report.score, 3) if result.photo_report else None,
            "overlays_removed": result.overlays_removed,
        },
        "cutout": result.cutout_method,
        "photo_facts": result.facts.to_dict() if result.facts is not None else None,
        "copy": result.copy.__dict__,
        "creatives": entries,
        "rejected": [{"size": f"{r.size[0]}x{r.size[1]}", "family": r.family, "reason": r.reason} for r in result.rejected],
        "timings_s": {k: round(v, 3) for k, v in result.timings.items()},
    }
    ranking_path = out / "ranking.json"
    ranking_path.write_text(json.dumps(ranking, indent=1, ensure_ascii=False), encoding="utf-8")
    top = [c for c in result.creatives if c.rank <= 2]
    sheet = contact_sheet(
        [(f"{c.size[0]}x{c.size[1]} #{c.rank} {c.critique.verdict.value} {c.score:.3f} {c.family}", c.image) for c in top],
        fonts,
        columns=4,
        title=f"adcraft — {result.brief.title}",
    )
    sheet.save(out / "contact_sheet.png", optimize=False, compress_level=3)
    return ranking_path


def _write_motion(doc: DesignDocument, assets: AssetStore, formats: Sequence[str], click_url: str | None,
                  folder: Path, stem: str, out: Path) -> dict[str, str]:
    """Video, animated banners, HTML5 and SVG of one creative (:mod:`adcraft.export.deliver`)."""
    from adcraft.export.deliver import DeliveryRequest, deliver, write_delivery

    made = deliver(doc, assets, DeliveryRequest(tuple(formats), click_url=click_url), stem)
    return {f.format: str(p.relative_to(out)) for f, p in zip(made, write_delivery(made, folder), strict=True)}


def load_document_file(path: str | Path) -> tuple[DesignDocument, AssetStore]:
    """A saved design document and the asset store it reads from (``<doc dir>/../assets``).

    Raises
    ------
    InputError
        If the file cannot be read or is not a valid design document.
    """
    from pydantic import ValidationError

    path = Path(path)
    try:
        doc = DesignDocument.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read document {str(path)!r}: {exc.strerror or exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "document"
        raise InputError(f"{str(path)!r} is not a valid adcraft design document: {where}: {first['msg']}") from None
    return doc, AssetStore(root=path.parent.parent / "assets")


def render_document_file(path: str | Path, fonts: FontLibrary | None = None) -> Image.Image:
    """Re-render a saved design document; assets resolve from ``<doc dir>/../assets``.

    Raises
    ------
    InputError
        If the file is not a valid design document or an asset is missing.
    """
    from adcraft.render import Renderer

    doc, assets = load_document_file(path)
    return Renderer(fonts).render(doc, assets)
