"""MinHash LSH over word shingles, on flat arrays.

Signatures are rensa's ``RMinHash`` (Rust). The LSH is our own, so that a
saved index is used straight from a memory-mapped state with nothing to
rebuild: a signature of ``num_perm`` values is cut into ``num_bands`` bands
of consecutive rows (default 32 bands x 4 rows of 128 permutations: a pair
with Jaccard 0.5 becomes a candidate with probability 0.87, one with 0.8
with probability 1.0); two documents are candidates when they agree on every
row of at least one band.

A band is looked up by a 64-bit key: a hash of its band index and its rows
(:func:`band_keys`: a multiply-xorshift mix of its rows as 64-bit words,
vectorised over every band at once). Equal bands always get
equal keys, so no true candidate is missed. Two different bands share a key
only by a hash collision (about ``n**2 / 2**65`` pairs per band among ``n``
documents: ~1e-8 at 100,000 documents x 32 bands); such a false candidate
costs one verification, since the copy detector checks every candidate on
its estimated Jaccard (from the signatures, not the keys) or containment.

The index is the sorted band keys with the document keys under each (CSR,
:class:`BandIndex`), plus the signature matrix. After loading, both stay
read-only views of the state: new signatures are kept apart, and keys
inserted since are kept in a dict until they are many, then folded into new
flat arrays (so a bulk build holds its LSH in arrays, not Python objects).
What was inserted since loading is saved alone by :meth:`MinHashIndex.overlay_state`.
"""

from __future__ import annotations

from array import array

import numpy as np

from ..errors import LinkError
from .arrays import flat_gather, merge_pairs
from .rows import FlatRows

__all__ = ["MinHashIndex", "BandIndex", "band_keys", "minhash_of", "NUM_PERM", "NUM_BANDS", "SEED"]

NUM_PERM = 128
NUM_BANDS = 32
SEED = 1729
FOLD_MIN = 1 << 15  # band keys kept in the dict before folding them into the flat arrays

_MUL1 = np.uint64(0x9E3779B97F4A7C15)
_MUL2 = np.uint64(0xBF58476D1CE4E5B9)
_S32, _S29 = np.uint64(32), np.uint64(29)


def _token_bytes(shingles: np.ndarray) -> list[bytes]:
    b = shingles.astype(np.uint64, copy=False).tobytes()
    return [b[i : i + 8] for i in range(0, len(b), 8)]


def minhash_of(shingles: np.ndarray, num_perm: int = NUM_PERM, seed: int = SEED):
    """A rensa ``RMinHash`` of a shingle-hash array."""
    import rensa

    m = rensa.RMinHash(num_perm, seed)
    if len(shingles):
        m.update(_token_bytes(shingles))
    return m


def _band_seeds(num_bands: int) -> np.ndarray:
    return (np.arange(1, num_bands + 1, dtype=np.uint64) * _MUL2) ^ _MUL1


def band_keys(sig: np.ndarray, num_bands: int) -> np.ndarray:
    """The 64-bit keys of the bands of signatures ``sig`` (``(n, num_perm)``
    uint32) as ``(n, num_bands)`` uint64. A band's rows are read as 64-bit
    words (two rows each when the band has an even number of rows); the key
    starts as the first word xor a per-band seed, then each further word is
    mixed in by a multiply-xorshift step (a bijection of the running key)
    followed by an xor, and a last multiply-xorshift spreads the bits. Few
    numpy operations per call: this runs once per added document."""
    sig = np.ascontiguousarray(sig, dtype=np.uint32)
    n, perm = sig.shape
    rows = perm // num_bands
    if rows % 2 == 0:
        words = sig.view(np.uint64).reshape(n, num_bands, rows // 2)
    else:
        words = sig.reshape(n, num_bands, rows).astype(np.uint64)
    h = words[:, :, 0] ^ _band_seeds(num_bands)
    for j in range(1, words.shape[2]):
        h *= _MUL1
        h ^= h >> _S32
        h ^= words[:, :, j]
    h *= _MUL2
    h ^= h >> _S29
    return h


class BandIndex(FlatRows):
    """Band key -> document keys (ascending). Flat sorted keys + CSR (saved
    as they are; read-only after loading), plus a dict of keys inserted
    since the last fold and the ``(band key, doc)`` pairs inserted since
    loading (the overlay)."""

    code_dtype = np.uint64

    def __init__(self, codes: np.ndarray | None = None, values: np.ndarray | None = None,
                 offsets: np.ndarray | None = None) -> None:
        super().__init__(codes, values, offsets)
        self._pend_codes, self._pend_keys = array("Q"), array("i")  # in _new, not folded yet
        self._load_codes, self._load_keys = array("Q"), array("i")  # inserted since loading

    def query(self, codes: np.ndarray) -> list[int]:
        """Sorted keys of the documents sharing at least one band key."""
        parts = []
        c = self._codes
        if len(c):
            pos = np.searchsorted(c, codes)
            rows = pos[c.take(pos, mode="clip") == codes]
            if len(rows):
                parts.append(flat_gather(self._vals, self._offs, rows).tolist())
        new = self._new
        if new:
            for code in codes.tolist():
                p = new.get(code)
                if p is not None:
                    parts.append(p if isinstance(p, list) else [p])
        if not parts:
            return []
        return sorted(set(parts[0]).union(*parts[1:]))

    def insert(self, codes: np.ndarray, key: int) -> None:
        """Post document ``key`` under its band keys ``codes``."""
        self.insert_pairs(codes, np.full(len(codes), key, dtype=np.int32))

    def insert_pairs(self, codes: np.ndarray, keys: np.ndarray) -> None:
        """Post each document ``keys[i]`` under band key ``codes[i]`` (keys
        not below any already posted)."""
        new = self._new
        for code, key in zip(codes.tolist(), keys.tolist(), strict=True):
            p = new.get(code)
            if p is None:
                new[code] = key
            elif isinstance(p, list):
                p.append(key)
            else:
                new[code] = [p, key]
        raw_codes = np.ascontiguousarray(codes, dtype=np.uint64).tobytes()
        raw_keys = np.ascontiguousarray(keys, dtype=np.int32).tobytes()
        self._pend_codes.frombytes(raw_codes)
        self._pend_keys.frombytes(raw_keys)
        self._load_codes.frombytes(raw_codes)
        self._load_keys.frombytes(raw_keys)
        if len(new) >= max(FOLD_MIN, len(self._codes) // 4):
            self._fold()

    def _fold(self) -> None:
        """Move the dict's keys into new flat arrays."""
        if self._pend_keys:
            self._codes, self._vals, self._offs = merge_pairs(
                self._codes, self._vals, self._offs, np.frombuffer(self._pend_codes, dtype=np.uint64),
                np.frombuffer(self._pend_keys, dtype=np.int32))
        self._new = {}
        self._pend_codes, self._pend_keys = array("Q"), array("i")

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(band keys, doc keys, offsets)`` of everything, keys sorted."""
        self._fold()
        return self._codes, self._vals, self._offs

    def since_load(self) -> tuple[np.ndarray, np.ndarray]:
        """``(band keys, doc keys)`` of every pair inserted since loading."""
        return (np.frombuffer(self._load_codes, dtype=np.uint64).copy(),
                np.frombuffer(self._load_keys, dtype=np.int32).copy())


class MinHashIndex:
    """Incremental MinHash LSH: :meth:`query_add` returns the keys of likely
    near duplicates already indexed, with their estimated Jaccard similarity."""

    def __init__(self, num_perm: int = NUM_PERM, num_bands: int = NUM_BANDS, seed: int = SEED) -> None:
        if num_perm % num_bands:
            raise LinkError(f"num_perm {num_perm} is not a multiple of num_bands {num_bands}")
        self.num_perm, self.num_bands, self.seed = num_perm, num_bands, seed
        self._base = np.zeros((0, num_perm), dtype=np.uint32)  # signatures of the loaded state (read-only)
        self._tail = np.zeros((0, num_perm), dtype=np.uint32)  # signatures added since (capacity doubles)
        self._ntail = 0
        self._lsh = BandIndex()

    def __len__(self) -> int:
        return len(self._base) + self._ntail

    def _append(self, sig: np.ndarray) -> int:
        if self._ntail >= len(self._tail):
            grown = np.zeros((max(64, 2 * len(self._tail)), self.num_perm), dtype=np.uint32)
            grown[: self._ntail] = self._tail[: self._ntail]
            self._tail = grown
        self._tail[self._ntail] = sig
        self._ntail += 1
        return len(self) - 1

    def signature(self, key: int) -> np.ndarray:
        nb = len(self._base)
        return self._base[key] if key < nb else self._tail[key - nb]

    def _signatures(self, keys: list[int]) -> np.ndarray:
        """Signatures of ascending ``keys``, as rows of a matrix."""
        ks = np.asarray(keys, dtype=np.int64)
        nb = len(self._base)
        cut = int(np.searchsorted(ks, nb))
        if cut == len(ks):
            return self._base[ks]
        if cut == 0:
            return self._tail[ks - nb]
        return np.concatenate([self._base[ks[:cut]], self._tail[ks[cut:] - nb]])

    def query_add(self, shingles: np.ndarray) -> tuple[int, list[tuple[int, float]]]:
        """Index a shingle set under the next key; return the key and the
        ``(key, estimated Jaccard)`` of indexed candidates, by ascending key
        (a document without shingles is neither queried nor indexed)."""
        m = minhash_of(shingles, self.num_perm, self.seed)
        sig = np.asarray(m.digest(), dtype=np.uint32)
        found: list[tuple[int, float]] = []
        codes = None
        if len(shingles):
            codes = band_keys(sig[None, :], self.num_bands)[0]
            keys = self._lsh.query(codes)
            if keys:
                jac = np.mean(self._signatures(keys) == sig, axis=1)
                found = list(zip(keys, jac.tolist(), strict=True))
        key = self._append(sig)
        if codes is not None:
            self._lsh.insert(codes, key)
        return key, found

    def jaccard(self, a: int, b: int) -> float:
        return float(np.mean(self.signature(a) == self.signature(b)))

    # -- state ---------------------------------------------------------------
    def state(self) -> dict[str, np.ndarray]:
        """Flat arrays: ``sig`` (the signature matrix) and the LSH's sorted
        band keys ``lsh_codes``, offsets ``lsh_offs`` and doc keys ``lsh_keys``."""
        tail = self._tail[: self._ntail]
        sig = np.concatenate([self._base, tail]) if len(self._base) and len(tail) else (
            tail.copy() if len(tail) else self._base)
        codes, keys, offs = self._lsh.csr()
        return {"sig": sig, "lsh_codes": codes, "lsh_offs": offs, "lsh_keys": keys}

    @classmethod
    def from_state(cls, arrays, num_perm: int = NUM_PERM, num_bands: int = NUM_BANDS,
                   seed: int = SEED) -> MinHashIndex:
        """An index over the arrays of :meth:`state` (kept as they are: views
        of a memory-mapped state stay so)."""
        idx = cls(num_perm, num_bands, seed)
        sig = arrays["sig"]
        if sig.dtype != np.uint32 or sig.ndim != 2 or sig.shape[1] != num_perm:
            raise LinkError("corrupt MinHash state: signature matrix of the wrong shape")
        idx._base = sig
        try:
            idx._lsh = BandIndex(arrays["lsh_codes"], arrays["lsh_keys"], arrays["lsh_offs"])
        except ValueError as exc:
            raise LinkError(f"corrupt MinHash LSH state: {exc}") from exc
        return idx

    def overlay_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What was added since loading: the new signatures and the
        ``(band key, doc key)`` pairs inserted."""
        codes, keys = self._lsh.since_load()
        meta = {"base": len(self._base), "added": self._ntail}
        return meta, {"sig": self._tail[: self._ntail].copy(), "lsh_codes": codes, "lsh_keys": keys}

    def load_overlay(self, meta: dict, arrays) -> None:
        """Restore :meth:`overlay_state` over the same base, right after
        :meth:`from_state`."""
        sig, codes, keys = arrays["sig"], arrays["lsh_codes"], arrays["lsh_keys"]
        if (meta.get("base") != len(self._base) or self._ntail or sig.ndim != 2
                or sig.shape != (meta.get("added"), self.num_perm) or len(codes) != len(keys)):
            raise LinkError("MinHash overlay does not fit this base state")
        self._tail = np.array(sig, dtype=np.uint32)
        self._ntail = len(sig)
        self._lsh.insert_pairs(codes, keys)
