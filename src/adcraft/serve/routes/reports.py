"""Reports: CTR and conversion rate with Wilson intervals."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request

from adcraft.serve import events
from adcraft.serve.deps import KEYED, Key, errors, service
from adcraft.serve.http import StrictJSONRoute
from adcraft.serve.schemas import ID_PATTERN, NAME_PATTERN

router = APIRouter(tags=["reports"], route_class=StrictJSONRoute)


@router.get("/v1/reports", dependencies=[Key], responses=errors(*KEYED))
def reports(
    request: Request,
    by: Literal["creative", "segment", "placement"] = "creative",
    product_id: str | None = Query(None, pattern=ID_PATTERN),
    placement: str | None = Query(None, pattern=NAME_PATTERN),
) -> dict:
    """CTR (clicks / impressions) and conversion rate (conversions / clicks) per creative,
    segment or placement, with 95 % Wilson score intervals."""
    with service(request).sessions() as s:
        rows = events.report(s, by, product_id, placement)
    return {"by": by, "rows": [r.__dict__ for r in rows]}
