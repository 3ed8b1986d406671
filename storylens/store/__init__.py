"""Persistence: one SQLite file, versioned schema, atomic per-document writes."""

from .schema import SCHEMA_VERSION
from .sqlite import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Store"]
