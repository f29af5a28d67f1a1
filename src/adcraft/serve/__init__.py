"""``adcraft serve``: creative store, studio, ad decisions and event tracking over HTTP.

Modules: :mod:`settings` (configuration), :mod:`db` (SQLAlchemy tables, Alembic migrations),
:mod:`files` (stored photos, assets and renders), :mod:`jobs` (generation in the background),
:mod:`editing` (document edits and re-measuring), :mod:`bandit` (Thompson sampling, Vowpal
Wabbit contextual bandit, decision tokens), :mod:`events` (beacons, reports with Wilson
intervals), :mod:`service` (state and the ad decision), :mod:`api` (FastAPI routes, studio).
"""

from adcraft.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]


def create_app(settings: ServeSettings | None = None):
    """The FastAPI app (see :func:`adcraft.serve.api.create_app`)."""
    from adcraft.serve.api import create_app as _create

    return _create(settings)
