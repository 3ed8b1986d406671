"""Copies: exact duplicates, near-duplicates, partial reprints and syndication.

Each added article is compared with the articles already indexed:

* **exact**: same normalised body text (NFKC, lower case, words only);
* candidates for copies come from two indexes: rensa MinHash LSH over word
  5-shingles (near-duplicates, high Jaccard; 32 bands x 4 rows) and an
  inverted index of a deterministic 1-in-8 sample of the shingles (hash mod 8
  == 0, quotations left out), which finds *contained* texts (a reprint
  truncated at a paragraph, an original with a paragraph inserted) whose
  Jaccard is low; a candidate needs 2 sampled shingles in common or an LSH hit;
* candidates are verified on their full shingle sets (the other text is kept
  zlib-compressed): a copy when the estimated Jaccard is at least
  ``near_jaccard``, or the containment of the smaller text in the larger,
  quotations left out, is at least ``containment`` with at least
  ``min_shared`` shingles in common (a long shared passage), or a
  quote-heavy text is contained at 0.8 with all its words and shares at least
  10 unquoted shingles. Quotations are left out because outlets quoting the
  same speaker share long passages without copying each other;
* the relation is ``syndicated`` when the two outlets are known and differ,
  or either article carries a declared wire/syndication marker (the
  article's ``syndication`` field, or a dateline/credit line such as
  "(MENAFN)", "(Reuters) -", "This article was originally published by");
  otherwise ``near``. An article with a marker but no original in the corpus
  stays ``original``; its markers are reported by ``StoryIndex.markers`` and
  in its story's ``markers``.

Copies form groups: a new article joins the group of its best match. The
group's *original* is the member published first; ties (or unknown dates) go
to an article without a syndication marker, then to the one added first.
Every other member points at the original (or, when it only copies another
member, e.g. a passage that member inserted, at that member), with the
similarity and the longest shared passage as evidence.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import zlib
from dataclasses import dataclass, field

import numpy as np

from ..models import Article
from .clusters import FlatRows, merge_grown_rows, pack_offsets, unpack_offsets
from .features import normalise, parse_day, shingle_hashes, word_hashes, words
from .minhash import MinHashIndex

__all__ = ["CopyIndex", "CopyMatch", "SamplePostings", "detect_markers", "shared_passage", "SAMPLE_MOD"]

SAMPLE_MOD = 8
_QUOTED = re.compile(r"[\"“”„«»][^\"“”„«»\n]{1,1000}[\"“”„«»]")
MAX_POSTINGS = 64  # a sampled shingle shared by more docs is boilerplate, not evidence

_MARKERS = [
    (re.compile(r"\((MENAFN|AP|AFP|Reuters|UPI|IANS|PTI|ANI|dpa|Xinhua|TASS|Bloomberg|CNN|RIA Novosti|Anadolu)\)"), None),
    (re.compile(r"^\s*(?:[A-Z][A-Za-z .,'-]{1,40})?\((MENAFN|AP|AFP|Reuters|UPI|IANS|PTI|ANI|dpa)\)\s*[-—–]", re.M), None),
    (re.compile(r"\b(MENAFN)\d{6,}"), None),
    (re.compile(r"Legal Disclaimer:\s*(MENAFN)"), None),
    (re.compile(r"(?:[Tt]his (?:article|story) (?:was|is) (?:originally |first )?(?:published|appeared) (?:by|on|in|at))\s+(?:the\s+)?([A-Z][\w.&' ]{1,40}?)(?:[.,]|\s+and\b|\s+on\b|$)", re.M), None),
    (re.compile(r"(?:Republished|Reprinted|Syndicated) (?:with permission )?(?:from|by)\s+(?:the\s+)?([A-Z][\w.&' ]{1,40}?)(?:[.,]|$)", re.M), None),
    (re.compile(r"\b(Associated Press|Agence France-Presse|Press Association)\b(?: contributed| writers?)"), None),
    (re.compile(r"^\s*(?:[Ww]ith|[Rr]eporting by)\s.*\b(Reuters|AP|AFP)\b", re.M), None),
    (re.compile(r"©\s*(?:\d{4}\s*)?(The Associated Press|Reuters|AFP|Agence France-Presse|Bloomberg L\.P\.)"), None),
]


def detect_markers(article: Article) -> list[str]:
    """Declared syndication markers: the article's own ``syndication`` field
    plus credit lines and wire datelines found in its body and source."""
    found: list[str] = []
    for m in article.syndication or []:
        if m and m not in found:
            found.append(str(m))
    # wire datelines open an article and credit lines close it: only the
    # first and last stretches of body and source are scanned
    parts = []
    for t in {article.body or "", article.source or ""}:
        parts.append(t if len(t) <= 2500 else t[:1000] + "\n" + t[-1500:])
    text = "\n".join(parts)
    for rx, _ in _MARKERS:
        for m in rx.finditer(text):
            name = m.group(1).strip()
            if name and name not in found:
                found.append(name)
    return found


def shared_passage(a: str, b: str, max_words: int = 60) -> tuple[str, int]:
    """The longest run of words shared by texts ``a`` and ``b`` (as it reads
    in ``a``, cut to ``max_words``) and its length in words."""
    wa, wb = (a or "").split(), (b or "").split()
    na, nb = [normalise(w) for w in wa], [normalise(w) for w in wb]
    sm = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    m = sm.find_longest_match(0, len(na), 0, len(nb))
    if m.size == 0:
        return "", 0
    run = wa[m.a : m.a + min(m.size, max_words)]
    return " ".join(run) + (" …" if m.size > max_words else ""), m.size


def _shingle_sets(text: str) -> tuple[np.ndarray, np.ndarray]:
    toks = words(text)
    allsh = np.unique(shingle_hashes(word_hashes(toks))) if toks else np.zeros(0, dtype=np.uint64)
    qtoks = words(_QUOTED.sub(" ", text))
    nq = np.unique(shingle_hashes(word_hashes(qtoks))) if qtoks else np.zeros(0, dtype=np.uint64)
    return allsh, nq


class SamplePostings(FlatRows):
    """Inverted index of sampled shingles: hash -> the key of the one doc
    that has it, or the list of keys (oldest first, at most
    ``MAX_POSTINGS``). Saved as sorted uint64 hashes + CSR; after loading, an
    entry is copied out of the flat arrays only when a new doc adds to it."""

    code_dtype = np.uint64

    def _base(self, h: int):
        row = self._row(h)
        if row is None:
            return None
        lst = row.tolist()
        return lst[0] if len(lst) == 1 else lst

    def get(self, h: int):
        p = self._new.get(h)
        return self._base(h) if p is None else p

    def add(self, h: int, key: int) -> None:
        p = self._new.get(h)
        if p is None:
            p = self._base(h)
        if p is None:
            self._new[h] = key
        elif isinstance(p, int):
            self._new[h] = [p, key]
        else:
            if len(p) < MAX_POSTINGS:
                p.append(key)
            self._new[h] = p

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(hashes, offsets, keys)``, hashes sorted; entries added to are
        folded into the flat arrays (same contents)."""
        if self._new:
            rows = [[p] if isinstance(p, int) else p for p in self._new.values()]
            ncodes = np.array(list(self._new.keys()), dtype=np.uint64)
            nlens = np.fromiter((len(r) for r in rows), np.int64, len(rows))
            flat = [k for r in rows for k in r]
            self._codes, self._offs, self._vals = merge_grown_rows(
                self._codes, self._offs, self._vals, ncodes, nlens, np.array(flat, dtype=np.int32))
            self._new = {}
        return self._codes, self._offs, self._vals


@dataclass
class CopyMatch:
    """An article's copy status: which article it copies and why."""

    relation: str = "original"  # original | exact | near | syndicated
    duplicate_of: str | None = None
    similarity: float | None = None
    evidence: str | None = None


@dataclass
class _Doc:
    name: str
    day: float | None
    outlet: str | None
    markers: list[str]
    text: bytes | memoryview  # zlib-compressed body, for evidence
    group: int  # copy group id (key of its first member)
    match: CopyMatch = field(default_factory=CopyMatch)
    matched_to: int | None = None  # key of the doc it matched when added
    jacc: float = 0.0


class CopyIndex:
    """Incremental copy detector. Keys are insertion positions (0, 1, ...)."""

    def __init__(self, near_jaccard: float = 0.6, containment: float = 0.5, min_shared: int = 20,
                 num_perm: int = 128, num_bands: int = 32) -> None:
        self.near_jaccard = near_jaccard
        self.containment = containment
        self.min_shared = min_shared
        self.docs: list[_Doc] = []
        self.by_name: dict[str, int] = {}
        self.exact: dict[str, int] = {}
        self.postings = SamplePostings()  # sampled shingle -> key or list of keys
        self.groups: dict[int, list[int]] = {}
        self.mh = MinHashIndex(num_perm=num_perm, num_bands=num_bands)

    # -- adding --------------------------------------------------------------
    def add(self, article: Article) -> int:
        """Index ``article``; return its key. Its copy status (and that of the
        members of any copy group it joins) is then in :meth:`match`."""
        body = article.body or ""
        toks = words(body)
        norm = " ".join(toks)
        sh = shingle_hashes(word_hashes(toks)) if toks else np.zeros(0, dtype=np.uint64)
        # containment evidence ignores quotations: outlets quoting the same
        # speaker share long passages without copying each other
        qtoks = words(_QUOTED.sub(" ", body))
        qsh = shingle_hashes(word_hashes(qtoks)) if qtoks else np.zeros(0, dtype=np.uint64)
        sample = np.unique(qsh[(qsh % np.uint64(SAMPLE_MOD)) == 0])
        key, mh_cands = self.mh.query_add(np.unique(sh))
        doc = _Doc(
            name=article.name, day=parse_day(article.published), outlet=(article.outlet or None),
            markers=detect_markers(article),
            text=zlib.compress(body.encode("utf-8"), 6), group=key,
        )
        self.docs.append(doc)
        self.by_name[article.name] = key
        nh = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16] if norm else None

        best: tuple[float, int, str] | None = None  # (score, key, kind)
        if nh is not None and nh in self.exact:
            k = self.exact[nh]
            best = (1.0, k, "exact")
        else:
            counts: dict[int, int] = {}
            for h in sample.tolist():
                p = self.postings.get(h)
                if p is None:
                    continue
                if isinstance(p, int):
                    counts[p] = counts.get(p, 0) + 1
                else:
                    for k in p:
                        counts[k] = counts.get(k, 0) + 1
            for k, _j in mh_cands:
                counts.setdefault(k, 0)
            mh_j = dict(mh_cands)
            mine = (np.unique(sh), np.unique(qsh))
            for k, shared in counts.items():
                if shared < 2 and k not in mh_j:
                    continue  # one sampled shingle in common: chance
                jac = mh_j.get(k)
                if jac is None:
                    jac = self.mh.jaccard(key, k)
                cont_all, cont, inter = self._compare(mine, k)
                if not self._is_copy(jac, cont_all, cont, inter):
                    continue
                score = max(jac, cont, cont_all)
                if best is None or score > best[0]:
                    best = (score, k, "copy")
        if nh is not None and nh not in self.exact:
            self.exact[nh] = key
        for h in sample.tolist():
            self.postings.add(h, key)
        if best is None:
            self.groups[key] = [key]
            return key
        score, k, kind = best
        doc.matched_to, doc.jacc = k, score
        g = self.docs[k].group
        doc.group = g
        self.groups[g].append(key)
        self._settle(g, new=key, exact=(kind == "exact"))
        return key

    def _shingles_of(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Unique shingles of doc ``k``'s body: all, and with quotations left out."""
        return _shingle_sets(zlib.decompress(self.docs[k].text).decode("utf-8"))

    def _compare(self, mine: tuple[np.ndarray, np.ndarray], k: int) -> tuple[float, float, int]:
        """(containment over all shingles, containment without quotations,
        shared shingles without quotations) of the smaller text in the larger,
        between shingle sets ``mine`` and doc ``k``."""
        other = self._shingles_of(k)
        out = []
        for a, b in zip(mine, other):
            if not len(a) or not len(b):
                out.append((0.0, 0))
                continue
            inter = int(np.intersect1d(a, b, assume_unique=True).size)
            out.append((inter / min(len(a), len(b)), inter))
        return out[0][0], out[1][0], out[1][1]

    def _is_copy(self, jac: float, cont_all: float, cont: float, inter: int) -> bool:
        """Near-duplicate (Jaccard), or contained: most of the smaller text,
        quotations left out, is in the larger one; a quote-heavy text counts
        when nearly all of it is contained and some unquoted text is shared."""
        return (jac >= self.near_jaccard
                or (cont >= self.containment and inter >= self.min_shared)
                or (cont_all >= 0.8 and inter >= 10))

    def _root_order(self, k: int) -> tuple[float, int, int]:
        d = self.docs[k]
        return (d.day if d.day is not None else float("inf"), 1 if d.markers else 0, k)

    def _settle(self, g: int, new: int, exact: bool) -> None:
        """Choose the group's original; point every member at it."""
        members = self.groups[g]
        root = min(members, key=self._root_order)
        old_root = next((m for m in members if self.docs[m].match.relation == "original" and m != new), None)
        changed = root != old_root
        for m in members:
            d = self.docs[m]
            if m == root:
                d.match = CopyMatch()
                continue
            if not changed and m != new:
                continue
            d.match = self._relation(m, root, exact=exact and m == new)

    def _relation(self, k: int, root: int, exact: bool) -> CopyMatch:
        d, r = self.docs[k], self.docs[root]
        text_d = zlib.decompress(d.text).decode("utf-8")
        text_r = zlib.decompress(r.text).decode("utf-8")
        if exact or normalise(text_d) == normalise(text_r):
            return CopyMatch("exact", r.name, 1.0, "identical text after normalisation")
        mine = self._shingles_of(k)
        cont_all, cont, inter = self._compare(mine, root)
        jac = self.mh.jaccard(k, root)
        sim = max(jac, cont, cont_all)
        if not self._is_copy(jac, cont_all, cont, inter):
            # not a copy of the group's original itself (it copies another member,
            # e.g. a passage that member inserted): point at the one it matched
            parent = d.matched_to
            if parent is not None and parent != root and parent != k:
                return self._relation_to(k, parent, text_d)
        return self._describe(d, r, sim, text_d, text_r)

    def _relation_to(self, k: int, other: int, text_d: str) -> CopyMatch:
        d, r = self.docs[k], self.docs[other]
        text_r = zlib.decompress(r.text).decode("utf-8")
        cont_all, cont, _ = self._compare(self._shingles_of(k), other)
        return self._describe(d, r, max(self.mh.jaccard(k, other), cont, cont_all), text_d, text_r)

    def _describe(self, d: _Doc, r: _Doc, sim: float, text_d: str, text_r: str) -> CopyMatch:
        passage, n = shared_passage(text_d, text_r)
        cross_outlet = bool(d.outlet and r.outlet and d.outlet.lower() != r.outlet.lower())
        markers = d.markers or r.markers
        if cross_outlet or markers:
            why = []
            if markers:
                why.append("marker " + ", ".join(markers))
            if cross_outlet:
                why.append(f"{r.outlet} -> {d.outlet}")
            ev = f"syndicated ({'; '.join(why)}); shared passage of {n} words: “{passage}”"
            return CopyMatch("syndicated", r.name, sim, ev)
        return CopyMatch("near", r.name, sim, f"shared passage of {n} words: “{passage}”")

    # -- state -----------------------------------------------------------------
    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(JSON-able meta as columns, flat numpy arrays): the documents, the
        exact-text and sampled-shingle indexes and the MinHash index. The
        compressed bodies are one byte buffer + offsets."""
        docs = self.docs
        nan = float("nan")
        gkeys = list(self.groups)
        meta = {
            "options": [self.near_jaccard, self.containment, self.min_shared, self.mh.num_perm, self.mh.num_bands],
            "names": [d.name for d in docs],
            "outlets": [d.outlet for d in docs],
            "markers": [d.markers for d in docs],
            "relation": [d.match.relation for d in docs],
            "duplicate_of": [d.match.duplicate_of for d in docs],
            "similarity": [d.match.similarity for d in docs],
            "evidence": [d.match.evidence for d in docs],
            "exact": self.exact,
            "group_keys": gkeys,
            "group_members": [self.groups[g] for g in gkeys],
        }
        sig, lsh = self.mh.state()
        codes, offs, vals = self.postings.csr()
        tlens = np.fromiter((len(d.text) for d in docs), np.int64, len(docs))
        arrays = {
            "days": np.array([nan if d.day is None else d.day for d in docs], dtype=np.float64),
            "group": np.array([d.group for d in docs], dtype=np.int64),
            "matched_to": np.array([-1 if d.matched_to is None else d.matched_to for d in docs], dtype=np.int64),
            "jacc": np.array([d.jacc for d in docs], dtype=np.float64),
            "text_lens": pack_offsets(np.concatenate([[0], np.cumsum(tlens)])),
            "text": np.frombuffer(b"".join(d.text for d in docs), dtype=np.uint8),
            "sig": np.frombuffer(sig, dtype=np.uint8),
            "lsh": np.frombuffer(lsh, dtype=np.uint8),
            "post_codes": codes,
            "post_lens": pack_offsets(offs),
            "post_vals": vals,
        }
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, z) -> "CopyIndex":
        """Rebuild what :meth:`state` returned (``z``: a mapping of arrays)."""
        nj, ct, ms, nperm, nbands = meta["options"]
        cp = cls(near_jaccard=nj, containment=ct, min_shared=ms, num_perm=nperm, num_bands=nbands)
        cp.mh = MinHashIndex.from_state(z["sig"].tobytes(), z["lsh"].tobytes(), num_perm=nperm, num_bands=nbands)
        names = meta["names"]
        n = len(names)
        tb = memoryview(z["text"])  # bodies stay slices of the loaded state (no copy)
        to = unpack_offsets(z["text_lens"]).tolist()
        days = z["days"].tolist()
        matched = z["matched_to"].tolist()
        cols = [meta[k] for k in ("outlets", "markers", "relation", "duplicate_of", "similarity", "evidence")]
        if not (len(to) == n + 1 and len(days) == len(matched) == len(z["group"]) == len(z["jacc"]) == n
                and all(len(c) == n for c in cols) and len(cp.mh) == n and to[-1] == len(tb)):
            raise ValueError("copy index state columns differ in length")
        cp.docs = [
            _Doc(name=name, day=None if day != day else day, outlet=outlet, markers=markers,
                 text=tb[to[i] : to[i + 1]], group=group, match=CopyMatch(rel, dup, sim, ev),
                 matched_to=None if mt < 0 else mt, jacc=jacc)
            for i, (name, day, outlet, markers, group, mt, jacc, rel, dup, sim, ev) in enumerate(zip(
                names, days, *cols[:2], z["group"].tolist(), matched, z["jacc"].tolist(), *cols[2:]))
        ]
        cp.by_name = dict(zip(names, range(n)))
        cp.exact = meta["exact"]
        cp.groups = dict(zip(meta["group_keys"], meta["group_members"]))
        cp.postings = SamplePostings(z["post_codes"], unpack_offsets(z["post_lens"]), z["post_vals"])
        return cp

    # -- reading ---------------------------------------------------------------
    def match(self, key: int) -> CopyMatch:
        return self.docs[key].match

    def root(self, key: int) -> int:
        """Key of the original of ``key``'s copy group."""
        g = self.docs[key].group
        return min(self.groups[g], key=self._root_order)

    def __len__(self) -> int:
        return len(self.docs)
