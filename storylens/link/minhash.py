"""MinHash LSH over word shingles, backed by rensa (Rust).

rensa's ``RMinHashLSH`` is used with explicit bands (default 32 bands x 4
rows of a 128-permutation signature: a pair with Jaccard 0.5 becomes a
candidate with probability 0.87, one with 0.8 with probability 1.0). The
signatures are kept in a numpy matrix so that the index can be serialised and
rebuilt without re-reading any text.
"""

from __future__ import annotations

import numpy as np

from ..errors import LinkError

__all__ = ["MinHashIndex", "minhash_of", "NUM_PERM", "NUM_BANDS", "SEED"]

NUM_PERM = 128
NUM_BANDS = 32
SEED = 1729


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


class MinHashIndex:
    """Incremental MinHash LSH: ``add`` returns the keys of likely near
    duplicates already indexed, with their estimated Jaccard similarity."""

    def __init__(self, num_perm: int = NUM_PERM, num_bands: int = NUM_BANDS, seed: int = SEED,
                 threshold: float = 0.5) -> None:
        if num_perm % num_bands:
            raise LinkError(f"num_perm {num_perm} is not a multiple of num_bands {num_bands}")
        import rensa

        self.num_perm, self.num_bands, self.seed, self.threshold = num_perm, num_bands, seed, threshold
        self._lsh = rensa.RMinHashLSH(threshold, num_perm, num_bands)
        self._sig = np.zeros((0, num_perm), dtype=np.uint32)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def _grow(self) -> None:
        if self._n >= len(self._sig):
            new = np.zeros((max(64, 2 * len(self._sig)), self.num_perm), dtype=np.uint32)
            new[: self._n] = self._sig[: self._n]
            self._sig = new

    def query_add(self, shingles: np.ndarray) -> tuple[int, list[tuple[int, float]]]:
        """Index a shingle set under the next key; return the key and the
        ``(key, estimated Jaccard)`` of indexed candidates."""
        m = minhash_of(shingles, self.num_perm, self.seed)
        sig = np.asarray(m.digest(), dtype=np.uint32)
        found: list[tuple[int, float]] = []
        if len(shingles):
            keys = self._lsh.query(m)
            for k in keys:
                found.append((int(k), float(np.mean(self._sig[k] == sig))))
        key = self._n
        self._grow()
        self._sig[key] = sig
        self._n += 1
        if len(shingles):
            self._lsh.insert(key, m)
        return key, found

    def jaccard(self, a: int, b: int) -> float:
        return float(np.mean(self._sig[a] == self._sig[b]))

    # -- state ---------------------------------------------------------------
    def state(self) -> tuple[bytes, bytes]:
        """(signature matrix bytes, rensa LSH state bytes)."""
        return self._sig[: self._n].tobytes(), bytes(self._lsh.__getstate__())

    @classmethod
    def from_state(cls, sig: bytes, lsh: bytes, **kw) -> "MinHashIndex":
        idx = cls(**kw)
        arr = np.frombuffer(sig, dtype=np.uint32)
        if len(arr) % idx.num_perm:
            raise LinkError("corrupt MinHash state: signature size mismatch")
        idx._sig = arr.reshape(-1, idx.num_perm).copy()
        idx._n = len(idx._sig)
        try:
            idx._lsh.__setstate__(lsh)
        except Exception as exc:  # rensa raises its own errors on bad bytes
            raise LinkError(f"corrupt MinHash LSH state: {exc}") from exc
        return idx
