"""The one stage contract.

A stage declares the artefacts it ``reads`` and ``writes``, is cheap to
construct, and does its work in :meth:`Stage.run`. :func:`check_order` verifies
that every artefact a stage reads is written by an earlier stage (or is an
initial input), so a mis-ordered pipeline fails before any work is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from .code_version import code_version
from .errors import PipelineError


class Stage:
    """Base class of pipeline stages.

    Subclasses set ``name``, ``reads``, ``writes`` and ``version`` and
    implement :meth:`run`. A stage whose results are stored names in
    ``code`` the package paths its output depends on: its results are
    stamped with :meth:`output_version`, which changes with those files
    (:mod:`storylens.code_version`), so a newer storylens recomputes them.
    Bumping ``version`` does so too, for a stage without ``code``.
    """

    name: ClassVar[str] = "stage"
    layer: ClassVar[str] = "annotate"
    reads: ClassVar[tuple[str, ...]] = ()
    writes: ClassVar[tuple[str, ...]] = ()
    version: ClassVar[int] = 1
    code: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def output_version(cls) -> int:
        """The stamp of this stage's stored results: ``version``, and the
        fingerprint of ``code`` when the stage names any."""
        if not cls.code:
            return cls.version
        return (cls.version * 1_000_003 + code_version(cls.code)) & 0x7FFFFFFF

    def run(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} reads={self.reads} writes={self.writes}>"


LAYERS = ("ingest", "extract", "annotate", "index", "compare", "present")


def check_order(stages: Iterable[Stage], initial: Iterable[str] = ("raw",)) -> None:
    """Raise :class:`PipelineError` unless each stage's inputs exist before it
    runs and layers only move forward."""
    available = set(initial)
    last_layer = 0
    for st in stages:
        layer = LAYERS.index(st.layer) if st.layer in LAYERS else -1
        if layer < 0:
            raise PipelineError(f"stage {st.name!r} has unknown layer {st.layer!r}", stage=st.name)
        if layer < last_layer:
            raise PipelineError(
                f"stage {st.name!r} (layer {st.layer}) runs after a later layer", stage=st.name
            )
        last_layer = layer
        missing = [r for r in st.reads if r not in available]
        if missing:
            raise PipelineError(
                f"stage {st.name!r} reads {', '.join(missing)} which no earlier stage writes",
                stage=st.name,
            )
        available.update(st.writes)
