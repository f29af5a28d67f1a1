"""Generation jobs: queued (at most ``max_queued_jobs``), run by one server's runner, polled."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from adcraft.layout import parse_sizes
from adcraft.serve import leases
from adcraft.serve.db import Job, Product
from adcraft.serve.deps import KEYED, Key, errors, get_or_404, service
from adcraft.serve.errors import QueueFull
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import JobRequest, control_to_json
from adcraft.serve.service import Service
from adcraft.serve.views import job_out

router = APIRouter(tags=["generation"], route_class=StrictJSONRoute)


def new_job(svc: Service, product_id: str, opts: dict) -> dict:
    """Queue a job for ``product_id`` with ``opts`` (sizes, count, seed, theme, force, control).

    Raises
    ------
    NotFound
        Unknown product.
    QueueFull
        ``settings.max_queued_jobs`` jobs wait already.
    """
    sizes = parse_sizes(",".join(opts["sizes"]))
    with svc.sessions() as s:
        get_or_404(s, Product, product_id, "product")
        waiting = leases.queued(s)
        if waiting >= svc.settings.max_queued_jobs:
            raise QueueFull(
                f"{waiting} generation jobs are queued (the limit is {svc.settings.max_queued_jobs}); retry later",
                retry_after_s=max(5, round(svc.settings.job_lease_s)),
            )
        job = Job(id=uuid.uuid4().hex[:16], product_id=product_id, options=opts, total=len(sizes) * int(opts["count"]), warnings=[])
        s.add(job)
        s.commit()
        out = job_out(job)
    svc.jobs.wake()
    return out


@router.post("/v1/products/{product_id}/jobs", status_code=202, dependencies=[Key], responses=errors(*KEYED, 404, 429))
def start_job(request: Request, product_id: str, body: JobRequest | None = None) -> dict:
    """Start generating creatives in the background; poll ``GET /v1/jobs/{id}`` for progress."""
    svc = service(request)
    body = body or JobRequest()
    sizes = parse_sizes(",".join(body.sizes)) if body.sizes else list(svc.settings.default_sizes)
    opts: dict = {"sizes": [f"{w}x{h}" for w, h in sizes], "count": body.count, "seed": body.seed, "theme": body.theme, "force": body.force}
    if body.control is not None:
        control = body.control.to_control()
        if control.active:
            opts["control"] = control_to_json(control)
    return new_job(svc, product_id, opts)


@router.get("/v1/jobs/{job_id}", dependencies=[Key], responses=errors(*KEYED, 404))
def get_job(request: Request, job_id: str) -> dict:
    """Status and progress of a job (``done`` of ``total`` creatives)."""
    with service(request).sessions() as s:
        return job_out(get_or_404(s, Job, job_id, "job"))
