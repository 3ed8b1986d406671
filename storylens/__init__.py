"""storylens: cross-source news story dossiers with every claim cited.

The curated public API. Everything listed in ``__all__`` is stable; other
modules are internal and may change.
"""

from ._version import __version__
from .api import (  # noqa: E402
    analyze,
    find_quotes,
    find_statements,
    find_stories,
    list_articles,
    open_store,
    show_article,
)
from .errors import (  # noqa: E402
    AnnotationError,
    ConfigError,
    ExtractionError,
    FetchError,
    InputError,
    LinkError,
    ModelUnavailableError,
    PipelineError,
    RejectedDocument,
    StoreError,
    StorylensError,
    UnsafeURLError,
)
from .extract import extract  # noqa: E402
from .ingest import IngestOptions, ingest  # noqa: E402
from .models import (  # noqa: E402
    Article,
    CopyLink,
    Quote,
    RawDocument,
    Rejection,
    Removed,
    Segment,
    Span,
    Statement,
)
from .pipeline import RunReport, analyze_documents, process_document  # noqa: E402
from .present import build_dossier, write_dossier  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402
from .stage import Stage, check_order  # noqa: E402
from .store import Store  # noqa: E402

__all__ = [
    "__version__",
    # one call per command
    "analyze", "find_quotes", "find_statements", "find_stories", "list_articles", "open_store", "show_article",
    # building blocks
    "ingest", "IngestOptions", "extract", "analyze_documents", "process_document", "RunReport",
    "build_dossier", "write_dossier", "Store", "Settings", "load_settings", "Stage", "check_order",
    # data model
    "Article", "CopyLink", "Quote", "RawDocument", "Rejection", "Removed", "Segment", "Span", "Statement",
    # errors
    "StorylensError", "ConfigError", "InputError", "RejectedDocument", "FetchError", "UnsafeURLError",
    "ExtractionError", "AnnotationError", "LinkError", "PipelineError", "StoreError", "ModelUnavailableError",
]
