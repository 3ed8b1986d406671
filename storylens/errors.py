"""One exception tree for storylens.

Every error raised by the library derives from :class:`StorylensError`. Errors
about a single document carry its id and the stage that failed, so that the
pipeline can record the document as rejected and go on.
"""

from __future__ import annotations


class StorylensError(Exception):
    """Root of every storylens error."""

    def __init__(self, message: str, *, doc: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.doc = doc
        self.stage = stage

    def __str__(self) -> str:  # plain, user-facing
        where = []
        if self.doc:
            where.append(self.doc)
        if self.stage:
            where.append(self.stage)
        return f"{self.message} [{': '.join(where)}]" if where else self.message


class ConfigError(StorylensError):
    """Bad settings, a bad config file or a bad command-line value."""


class InputError(StorylensError):
    """An input path, file or URL cannot be read or understood."""


class RejectedDocument(InputError):
    """A document is unusable (empty, binary, too large, corrupt).

    The pipeline records it as rejected with :attr:`message` as the reason.
    """


class FetchError(InputError):
    """A URL could not be fetched (unreachable, too large, timed out)."""


class UnsafeURLError(FetchError):
    """A URL points at a loopback, private or link-local address."""


class UnauthorizedError(InputError):
    """A request to change the store did not carry the server's token."""


class ExtractionError(StorylensError):
    """Main text could not be extracted from a document."""


class AnnotationError(StorylensError):
    """A per-article NLP stage failed."""


class LinkError(StorylensError):
    """A cross-article stage failed."""


class PipelineError(StorylensError):
    """Stages are declared in an order that cannot run."""


class StoreError(StorylensError):
    """The store is unreadable, from a newer version, or inconsistent."""


class StoreConflict(StoreError):
    """Another process changed the store between a read and a dependent write."""


class ModelUnavailableError(StorylensError):
    """A required NLP model package is not installed."""
