"""The JSON shapes the API answers with (products, jobs, creatives, feeds and their items)."""

from __future__ import annotations

from adcraft.document import DesignDocument
from adcraft.serve.db import CreativeRow, FeedItemRow, FeedRow, Job, Product
from adcraft.serve.deps import iso
from adcraft.serve.editing import elements_of
from adcraft.serve.feedstore import item_state


def product_out(p: Product) -> dict:
    """A product: id, title, brief, photo URL, landing URL, creation time, and why its photo was
    chosen among several (``null`` when it came with one)."""
    return {"id": p.id, "title": p.title, "brief": p.brief, "photo_url": f"/v1/products/{p.id}/photo", "landing_url": p.landing_url,
            "created": iso(p.created), "photo_choice": p.photo_choice}


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


def feed_out(f: FeedRow, counts: dict[str, int], failures: list[dict] | None = None) -> dict:
    """A feed and its progress: item counts (``total``, ``imported``, and ``pending``,
    ``importing``, ``waiting`` (imported, waiting for a generation slot), ``queued``,
    ``generating``, ``done``, ``failed``), ``status`` (``importing``, ``generating`` or
    ``done``), ``progress`` (share of items finished, done or failed), the rows refused when
    reading it, its warnings, and with ``failures`` the failed items with reasons."""
    busy_import = counts["pending"] + counts["importing"]
    busy_generate = counts["waiting"] + counts["queued"] + counts["generating"]
    finished = counts["done"] + counts["failed"]
    out = {
        "id": f.id, "source": f.source, "format": f.format, "options": f.options,
        "status": "importing" if busy_import else "generating" if busy_generate else "done",
        "progress": round(finished / counts["total"], 3) if counts["total"] else 1.0,
        "items": counts, "refused": len(f.problems), "problems": f.problems[:200], "warnings": f.warnings,
        "imports": f.imports, "created": iso(f.created), "updated": iso(f.updated),
    }
    if failures is not None:
        out["failures"] = failures
    return out


def item_out(i: FeedItemRow, product: Product | None, job: Job | None, top: dict[str, CreativeRow]) -> dict:
    """A feed item as the review grid shows it: its state and reason, its product (title,
    photo, why that photo), its job's progress and the top creative of each size."""
    return {
        "item": i.item_id, "row": i.row, "state": item_state(i.state, job.status if job else None),
        "error": i.error or (job.error if job is not None and job.status == "failed" else None), "notes": i.notes,
        "product_id": i.product_id if product is not None else None, "title": product.title if product else i.data["fields"].get("title"),
        "photo_url": f"/v1/products/{product.id}/photo" if product else None, "photo_choice": product.photo_choice if product else None,
        "landing_url": product.landing_url if product else None, "job": job_out(job) if job is not None else None,
        "top": [creative_out(c) for _, c in sorted(top.items())],
    }
