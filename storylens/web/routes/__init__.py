"""The web app's routes, one module per page family. Each module's
``routes(state)`` returns an ``APIRouter`` whose handlers share ``state`` (a
:class:`~storylens.web.state.WebState`); :data:`FAMILIES` is the order the app
includes them in.

- :mod:`.overview`: ``/``, ``/index``, ``/index.json``
- :mod:`.stories`: ``/stories``, ``/story/{id}`` (and ``.json``)
- :mod:`.articles`: ``/article/{name}`` (and ``.json``)
- :mod:`.people`: ``/people``, ``/person/{name}`` (and ``.json``)
- :mod:`.search`: ``/search`` (and ``.json``)
- :mod:`.api`: ``/api`` (and ``.json``), the static files under ``/static/``
- :mod:`.add`: adding articles (``/add``, ``POST /add``) and job progress (``/jobs/{id}``)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter

from . import add, api, articles, overview, people, search, stories

if TYPE_CHECKING:  # pragma: no cover
    from ..state import WebState

FAMILIES: list[Callable[[WebState], APIRouter]] = [
    overview.routes, stories.routes, articles.routes, people.routes, search.routes, api.routes, add.routes]

__all__ = ["FAMILIES"]
