"""Placements: the ad slots decisions are made for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from adcraft.layout import parse_sizes
from adcraft.serve.db import Placement
from adcraft.serve.deps import KEYED, Key, errors, service
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import PlacementRequest

router = APIRouter(tags=["serving"], route_class=StrictJSONRoute)


@router.post("/v1/placements", status_code=201, dependencies=[Key], responses=errors(*KEYED))
def put_placement(request: Request, body: PlacementRequest) -> dict:
    """Create or update an ad slot: ``name``, ``size`` (``WxH``), optional product ids."""
    svc = service(request)
    parse_sizes(body.size)
    with svc.sessions() as s:
        p = s.get(Placement, body.name) or Placement(name=body.name)
        p.size, p.products = body.size, list(body.products)
        s.add(p)
        s.commit()
    svc.invalidate()
    return {"name": body.name, "size": body.size, "products": body.products}


@router.get("/v1/placements", dependencies=[Key], responses=errors(*KEYED))
def list_placements(request: Request) -> list[dict]:
    """Every placement."""
    with service(request).sessions() as s:
        return [{"name": p.name, "size": p.size, "products": p.products} for p in s.scalars(select(Placement).order_by(Placement.name))]
