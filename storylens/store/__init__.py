"""Persistence: one SQLite file, versioned schema, atomic per-document writes."""

from .sqlite import DEFAULT_DB, Store
from .schema import SCHEMA_VERSION

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Store"]
