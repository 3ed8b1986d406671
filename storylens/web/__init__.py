"""The web UI: ``storylens serve`` browses, searches and compares stories.

``create_app(settings)`` returns the ASGI application (FastAPI routes behind the
cached-page path and the security middleware) over the store
file ``settings.db``; ``serve(settings, host, port)`` runs it with uvicorn.
Every HTML page has a JSON twin at the same URL with ``.json``.
"""

from __future__ import annotations

from typing import Any

from ..settings import Settings

__all__ = ["create_app", "serve"]


def create_app(settings: Settings | None = None, **kwargs: Any) -> Any:
    """The ASGI application (see :func:`storylens.web.app.create_app`)."""
    from .app import create_app as _create

    return _create(settings, **kwargs)


def serve(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 8000,
          watch: list[str] | None = None, watch_interval: float = 5.0, token: str | None = None) -> None:
    """Serve the store with uvicorn until interrupted (127.0.0.1 by default),
    analyzing files that appear in the ``watch`` folders; adding articles
    from the browser needs ``token`` (random and printed when not given)."""
    from .app import serve as _serve

    _serve(settings, host=host, port=port, watch=watch, watch_interval=watch_interval, token=token)
