"""The JSON shapes the API answers with (products, jobs, creatives)."""

from __future__ import annotations

from adcraft.document import DesignDocument
from adcraft.serve.db import CreativeRow, Job, Product
from adcraft.serve.deps import iso
from adcraft.serve.editing import elements_of


def product_out(p: Product) -> dict:
    """A product: id, title, brief, photo URL, landing URL, creation time."""
    return {"id": p.id, "title": p.title, "brief": p.brief, "photo_url": f"/v1/products/{p.id}/photo", "landing_url": p.landing_url, "created": iso(p.created)}


def job_out(j: Job) -> dict:
    """A job: status, stage, progress (``done`` of ``total``), options, error, warnings."""
    return {
        "id": j.id, "product_id": j.product_id, "status": j.status, "stage": j.stage, "done": j.done, "total": j.total,
        "progress": round(j.done / j.total, 3) if j.total else (1.0 if j.status == "done" else 0.0),
        "options": j.options, "error": j.error, "warnings": j.warnings or [], "created": iso(j.created),
        "finished": iso(j.finished),
    }


def creative_out(c: CreativeRow, document: bool = False) -> dict:
    """A creative with its score; with ``document`` also its design document, element boxes,
    texts and colours (what the studio's editor shows)."""
    meta = c.document.get("meta", {})
    out = {
        "id": c.id, "product_id": c.product_id, "job_id": c.job_id, "size": c.size, "rank": c.rank, "score": c.score,
        "terms": c.terms, "status": c.status, "version": c.version, "family": meta.get("family"),
        "locked": meta.get("locked", []), "contrasts": meta.get("contrasts"), "notes": meta.get("notes", []),
        "image_url": f"/v1/creatives/{c.id}/image?v={c.version}", "updated": iso(c.updated),
        "verdict": (meta.get("critic") or {}).get("verdict"), "codes": (meta.get("critic") or {}).get("codes", []),
        "findings": (meta.get("critic") or {}).get("findings", []),
    }
    if document:
        doc = DesignDocument.model_validate(c.document)
        out["document"] = c.document
        out["elements"] = {k: list(v) for k, v in elements_of(doc).items()}
        out["texts"] = {layer.role: layer.text for layer in doc.layers if layer.type == "text"}
        out["colours"] = {layer.role: (layer.colour if layer.type == "text" else layer.fill) for layer in doc.layers if layer.type in ("text", "shape") and layer.role != "underlay"}
        out["background"] = {"style": doc.background.style, "colours": list(doc.background.colours)}
    return out
