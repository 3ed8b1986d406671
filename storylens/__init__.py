"""storylens: cross-source news story dossiers with every claim cited.

The curated public API. Everything listed in ``__all__`` is stable; other
modules are internal and may change. Names are imported when first used, so
``import storylens`` (and the command line's start) stays quick.
"""

import importlib as _importlib
from typing import Any as _Any

from ._version import __version__

_WHERE = {
    # one call per command
    "analyze": "api", "find_dates": "api", "find_quotes": "api", "find_statements": "api", "find_stories": "api",
    "list_articles": "api", "open_store": "api", "show_article": "api",
    # building blocks
    "ingest": "ingest", "IngestOptions": "ingest", "extract": "extract", "analyze_documents": "pipeline",
    "process_document": "pipeline", "RunReport": "pipeline", "build_dossier": "present",
    "write_dossier": "present", "Store": "store", "Settings": "settings", "load_settings": "settings",
    "Stage": "stage", "check_order": "stage",
    # data model
    "Article": "models", "CopyLink": "models", "Quote": "models", "RawDocument": "models", "Rejection": "models",
    "Removed": "models", "Segment": "models", "Span": "models", "Statement": "models", "Timex": "annotate.dates",
    # errors
    "StorylensError": "errors", "ConfigError": "errors", "InputError": "errors", "RejectedDocument": "errors",
    "FetchError": "errors", "UnsafeURLError": "errors", "ExtractionError": "errors", "AnnotationError": "errors",
    "LinkError": "errors", "PipelineError": "errors", "StoreError": "errors", "ModelUnavailableError": "errors",
}

__all__ = ["__version__", *_WHERE]


def __getattr__(name: str) -> _Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'storylens' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # imported once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

