"""The API's routers, one module per resource; :func:`adcraft.serve.api.create_app` includes them."""

from adcraft.serve.routes import (
    creatives,
    decision,
    exports,
    feeds,
    health,
    jobs,
    placements,
    products,
    reports,
    studio,
)

ROUTERS = (
    health.router, studio.router, products.router, jobs.router, creatives.router, exports.router, feeds.router,
    placements.router, decision.router, reports.router,
)

__all__ = ["ROUTERS", "studio"]
