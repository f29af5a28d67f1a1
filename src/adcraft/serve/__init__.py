"""``adcraft serve``: creative store, studio, ad decisions and event tracking over HTTP.

Modules: :mod:`settings` (configuration), :mod:`db` (SQLAlchemy tables, Alembic migrations),
:mod:`leases` (one server per job), :mod:`jobs` (generation in a worker process),
:mod:`workers` (upload checks and renders in a process pool), :mod:`files` (stored photos,
assets and renders), :mod:`editing` (document edits and re-measuring), :mod:`bandit`
(Thompson sampling, Vowpal Wabbit contextual bandit, expiring decision tokens), :mod:`events`
(beacons one client cannot inflate, reports with Wilson intervals), :mod:`service` (state and
the ad decision), :mod:`schemas` (strict request bodies), :mod:`http` (bounded JSON, limits,
security headers, error table), :mod:`routes` (one router per resource), :mod:`api` (the
app), :mod:`server` (bind first, uvicorn limits), :mod:`live` (a server in a thread).
"""

from adcraft.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]


def create_app(settings: ServeSettings | None = None):
    """The FastAPI app (see :func:`adcraft.serve.api.create_app`)."""
    from adcraft.serve.api import create_app as _create

    return _create(settings)
