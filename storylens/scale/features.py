"""What the copy stage needs of one article, computed on the worker that
analyzed it: the same shingles, MinHash signature, LSH band keys and sampled
shingles as :class:`~storylens.index.copies.CopyIndex` (its functions and
parameters, read from a default ``CopyIndex``), a key of the normalised text
for exact copies, and the declared syndication markers.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..index.copies import SAMPLE_MOD, CopyIndex, detect_markers
from ..index.features import parse_day, shingle_hashes, word_hashes, words
from ..index.minhash import band_keys, minhash_of
from ..models import Article

__all__ = ["LinkFeatures", "link_features", "shingle_sets", "copy_params", "order_key"]

# quotations are left out of containment evidence (as in index.copies): outlets
# quoting the same speaker share long passages without copying each other
QUOTED = re.compile(r"[\"“”„«»][^\"“”„«»\n]{1,1000}[\"“”„«»]")
_EMPTY = np.zeros(0, dtype=np.uint64)


@dataclass(frozen=True)
class CopyParams:
    near_jaccard: float
    containment: float
    min_shared: int
    num_perm: int
    num_bands: int
    seed: int


@lru_cache(maxsize=1)
def copy_params() -> CopyParams:
    """The copy detector's thresholds and MinHash shape, as the index uses them."""
    c = CopyIndex()
    return CopyParams(c.near_jaccard, c.containment, c.min_shared, c.mh.num_perm, c.mh.num_bands, c.mh.seed)


@dataclass
class LinkFeatures:
    order: str  # (published or "9999", name) as one string: the order the index adds articles in
    date: str  # publication date (YYYY-MM-DD), "" when unknown
    day: float | None
    exact: int | None  # key of the normalised body (None: no words)
    nsh: int  # unique shingles (0: not in the LSH)
    sig: bytes  # MinHash signature, uint32 x num_perm
    bands: bytes  # LSH band keys, uint64 x num_bands (empty when nsh == 0)
    samples: bytes  # sampled shingles without quotations, sorted uint64
    markers: list[str]


def order_key(published: str | None, name: str) -> str:
    """The index's order of adding, ``(published or "9999", name)``, as one
    string that sorts the same (NUL is below every other character)."""
    return f"{published or '9999'}\x00{name}"


def _date(published: str | None) -> str:
    if not published or len(published) < 10 or parse_day(published) is None:
        return ""
    return published[:10]


def shingle_sets(body: str) -> tuple[np.ndarray, np.ndarray]:
    """Unique shingles of ``body``: all, and with quotations left out."""
    toks = words(body)
    allsh = np.unique(shingle_hashes(word_hashes(toks))) if toks else _EMPTY
    qtoks = words(QUOTED.sub(" ", body))
    nq = np.unique(shingle_hashes(word_hashes(qtoks))) if qtoks else _EMPTY
    return allsh, nq


def link_features(article: Article) -> LinkFeatures:
    p = copy_params()
    body = article.body or ""
    toks = words(body)
    norm = " ".join(toks)
    sh = np.unique(shingle_hashes(word_hashes(toks))) if toks else _EMPTY
    qtoks = words(QUOTED.sub(" ", body))
    qsh = shingle_hashes(word_hashes(qtoks)) if qtoks else _EMPTY
    sample = np.unique(qsh[(qsh % np.uint64(SAMPLE_MOD)) == 0])
    sig = np.asarray(minhash_of(sh, p.num_perm, p.seed).digest(), dtype=np.uint32)
    bands = band_keys(sig[None, :], p.num_bands)[0] if len(sh) else _EMPTY
    exact = None
    if norm:
        exact = int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
    return LinkFeatures(order=order_key(article.published, article.name), date=_date(article.published),
                        day=parse_day(article.published), exact=exact, nsh=len(sh), sig=sig.tobytes(),
                        bands=bands.astype(np.uint64).tobytes(), samples=sample.astype(np.uint64).tobytes(),
                        markers=detect_markers(article))
