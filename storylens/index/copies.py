"""Copies: exact duplicates, near-duplicates, partial reprints and syndication.

Each added article is compared with the articles already indexed:

* **exact**: same normalised body text (NFKC, lower case, words only);
* candidates for copies come from two indexes: MinHash LSH over word
  5-shingles (near-duplicates, high Jaccard; 32 bands x 4 rows; see
  :mod:`storylens.index.minhash`) and an
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
similarity and the longest shared passage as evidence. Among candidates
that score alike, the first one met wins: sampled-shingle candidates as the
sorted sampled shingles meet them (each posting list oldest first), then LSH
candidates by ascending key, so the result depends on no hash-table order.

A saved index (:meth:`CopyIndex.state`) is flat arrays used as they are
(:meth:`CopyIndex.from_state` decodes nothing: a document is read when it is
first used, see :mod:`storylens.index.copydocs`); what changed since loading
is saved alone by :meth:`CopyIndex.overlay_state`.
"""

from __future__ import annotations

import difflib
import hashlib
import heapq
import re
import zlib

import numpy as np
import numpy.ma  # noqa: F401  (np.unique imports it on first use, ~20 ms: done with the module, not in the first add)

from ..errors import LinkError
from ..models import Article
from .arrays import merge_grown_rows
from .columns import KeyIndex
from .copydocs import CopyDoc, CopyMatch, DocTable, GroupTable
from .features import normalise, parse_day, shingle_hashes, word_hashes, words
from .minhash import MinHashIndex
from .rows import FlatRows

__all__ = ["CopyIndex", "CopyMatch", "SamplePostings", "detect_markers", "shared_passage", "SAMPLE_MOD"]

SAMPLE_MOD = 8
MAX_COMPARED = 64  # earlier texts a new one is compared with, word for word, at most
_RECENT_SHINGLES = 256  # shingle sets of compared texts kept
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
    for declared in article.syndication or []:
        if declared and declared not in found:
            found.append(str(declared))
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


def _text_code(norm: str) -> int:
    """The 64-bit key of a normalised text for the exact-copy index (the
    first 16 hex digits of its SHA-1, as a signed int64)."""
    v = int.from_bytes(hashlib.sha1(norm.encode("utf-8")).digest()[:8], "big")
    return v - (1 << 64) if v >= 1 << 63 else v


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

    def _changes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(hashes, row lengths, keys)`` of the entries added to since loading."""
        rows = [[p] if isinstance(p, int) else p for p in self._new.values()]
        return (np.fromiter(self._new, np.uint64, len(rows)), np.fromiter(map(len, rows), np.int64, len(rows)),
                np.array([k for r in rows for k in r], dtype=np.int32))

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(hashes, keys, offsets)`` of every entry, hashes sorted (the
        entries added to since loading stay in the overlay too)."""
        if not self._new:
            return self._codes, self._vals, self._offs
        codes, lens, keys = self._changes()
        return merge_grown_rows(self._codes, self._vals, self._offs, codes, keys, lens)

    def overlay_arrays(self) -> dict[str, np.ndarray]:
        """The entries added to since loading, whole."""
        codes, lens, keys = self._changes()
        return {"codes": codes, "lens": lens, "vals": keys}

    def load_overlay(self, arrays) -> None:
        """Restore :meth:`overlay_arrays` over the same base."""
        codes, lens, keys = arrays["codes"].tolist(), arrays["lens"].tolist(), arrays["vals"].tolist()
        if len(codes) != len(lens) or sum(lens) != len(keys):
            raise ValueError("sampled-shingle overlay is damaged")
        pos = 0
        for h, n in zip(codes, lens, strict=True):
            self._new[h] = keys[pos] if n == 1 else keys[pos : pos + n]
            pos += n


class CopyIndex:
    """Incremental copy detector. Keys are insertion positions (0, 1, ...)."""

    def __init__(self, near_jaccard: float = 0.6, containment: float = 0.5, min_shared: int = 20,
                 num_perm: int = 128, num_bands: int = 32) -> None:
        self.near_jaccard = near_jaccard
        self.containment = containment
        self.min_shared = min_shared
        self.docs = DocTable()
        self.by_name = KeyIndex("str", key_of=self.docs.name)
        self.exact = KeyIndex("int")  # normalised-text hash (see _text_code) -> first key with it
        self.postings = SamplePostings()  # sampled shingle -> key or list of keys
        self.groups = GroupTable()
        self.mh = MinHashIndex(num_perm=num_perm, num_bands=num_bands)
        self.known = 0  # documents indexed with a known copy status (see add_known)
        self._recent: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # doc key -> shingle sets (bounded)

    # -- adding --------------------------------------------------------------
    def add(self, article: Article) -> int:
        """Index ``article``; return its key. Its copy status (and that of the
        members of any copy group it joins) is then in :meth:`match`."""
        self._compares("add articles")
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
        doc = CopyDoc(
            name=article.name, day=parse_day(article.published), outlet=(article.outlet or None),
            markers=detect_markers(article),
            text=zlib.compress(body.encode("utf-8"), 6), group=key,
        )
        self.docs.append(doc)
        self.by_name[article.name] = key
        nh = _text_code(norm) if norm else None

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
            # (one sampled shingle in common is chance)
            cands = [k for k, shared in counts.items() if shared >= 2 or k in mh_j]
            if len(cands) > MAX_COMPARED:
                # a text printed by thousands of outlets: the texts closest by the sketches are compared,
                # not every earlier copy (which made adding n copies take n² comparisons)
                n_sample = max(1, len(sample))
                cands = heapq.nsmallest(MAX_COMPARED, cands, key=lambda k: (-max(mh_j.get(k, 0.0), counts[k] / n_sample), k))
            for k in cands:
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
            self.groups.new(key)
            return key
        score, k, kind = best
        doc.matched_to, doc.jacc = k, score
        g = self.docs[k].group
        doc.group = g
        self.groups.join(g, key)
        self._settle(g, new=key, exact=(kind == "exact"))
        return key

    def add_known(self, article: Article, copy_of: str | None) -> int:
        """Index ``article`` with a copy status found elsewhere, its text not
        compared: a copy of the indexed article ``copy_of`` (it joins that
        article's group), or an original when None; return its key. For a
        time window of a corpus whose copies a corpus-wide stage found (see
        :mod:`storylens.scale.stories`): the index then knows each article's
        group and whom it copies, not the evidence, similarity or markers;
        it cannot also compare texts (:meth:`add`) or be saved."""
        if self.known < len(self.docs):
            raise LinkError("known copy statuses go into an index that compares no texts")
        key = len(self.docs)
        group, match = key, CopyMatch()
        if copy_of is not None:
            k = self.by_name.get(copy_of)
            if k is None:
                raise LinkError(f"{article.name!r} copies {copy_of!r}, which is not indexed", doc=article.name)
            group, match = self.docs[k].group, CopyMatch("near", copy_of, None, "found by the corpus's copy stage")
        self.docs.append(CopyDoc(name=article.name, day=parse_day(article.published), outlet=(article.outlet or None),
                                 markers=[], text=b"", group=group, match=match))
        self.by_name[article.name] = key
        if group == key:
            self.groups.new(key)
        else:
            self.groups.join(group, key)
        self.known += 1
        return key

    def _compares(self, what: str) -> None:
        """Refuse ``what`` on an index of known copy statuses (see :meth:`add_known`)."""
        if self.known:
            raise LinkError(f"cannot {what}: this copy index holds known copy statuses, not texts")

    def _shingles_of(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Unique shingles of doc ``k``'s body: all, and with quotations left out
        (the texts compared most recently are kept: a group's first members
        are compared with most of the copies that follow)."""
        got = self._recent.get(k)
        if got is None:
            got = _shingle_sets(zlib.decompress(self.docs[k].text).decode("utf-8"))
            self._recent[k] = got
            if len(self._recent) > _RECENT_SHINGLES:
                self._recent.pop(next(iter(self._recent)))
        return got

    def _compare(self, mine: tuple[np.ndarray, np.ndarray], k: int) -> tuple[float, float, int]:
        """(containment over all shingles, containment without quotations,
        shared shingles without quotations) of the smaller text in the larger,
        between shingle sets ``mine`` and doc ``k``."""
        other = self._shingles_of(k)
        out = []
        for a, b in zip(mine, other, strict=True):
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
            if m == root:
                self.docs.set_match(m, CopyMatch())
                continue
            if not changed and m != new:
                continue
            self.docs.set_match(m, self._relation(m, root, exact=exact and m == new))

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

    def _describe(self, d: CopyDoc, r: CopyDoc, sim: float, text_d: str, text_r: str) -> CopyMatch:
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
    def _options(self) -> list:
        return [self.near_jaccard, self.containment, self.min_shared, self.mh.num_perm, self.mh.num_bands]

    def state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """(small JSON-able meta, flat numpy arrays): the document columns
        (see :class:`~storylens.index.copydocs.DocTable`), the name, exact-text
        and sampled-shingle indexes, the copy groups and the MinHash index."""
        self._compares("save the state")
        arrays = dict(self.docs.arrays())
        arrays.update(self.by_name.arrays("byname"))
        arrays.update(self.exact.arrays("exact"))
        for prefix, table in (("post", self.postings), ("groups", self.groups)):
            codes, vals, offs = table.csr()
            arrays.update({prefix + "_codes": codes, prefix + "_offs": offs, prefix + "_vals": vals})
        arrays.update({"mh_" + k: v for k, v in self.mh.state().items()})
        return {"options": self._options(), "docs": len(self.docs)}, arrays

    @classmethod
    def from_state(cls, meta: dict, z) -> CopyIndex:
        """An index over what :meth:`state` returned (``z``: a mapping of
        arrays, used as they are: nothing is decoded until it is read). A
        state of another layout or a damaged one raises :class:`LinkError`."""
        try:
            nj, ct, ms, nperm, nbands = meta["options"]
            cp = cls(near_jaccard=nj, containment=ct, min_shared=ms, num_perm=nperm, num_bands=nbands)
            cp.docs = DocTable(z)
            cp.by_name = KeyIndex.from_arrays(z, "byname", "str", key_of=cp.docs.name)
            cp.exact = KeyIndex.from_arrays(z, "exact", "int")
            cp.postings = SamplePostings(z["post_codes"], z["post_vals"], z["post_offs"])
            cp.groups = GroupTable(z["groups_codes"], z["groups_vals"], z["groups_offs"])
            cp.mh = MinHashIndex.from_state({k[3:]: v for k, v in z.items() if k.startswith("mh_")},
                                            num_perm=nperm, num_bands=nbands)
        except LinkError:
            raise
        except (KeyError, ValueError, TypeError) as exc:
            raise LinkError(f"unreadable copy index state: {exc!r}") from exc
        n = len(cp.docs)
        if meta.get("docs") != n or len(cp.mh) != n:
            raise LinkError("copy index state: documents and signatures differ in number")
        return cp

    def overlay_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What changed since :meth:`from_state` (or since creation), alone:
        documents added, copy status of loaded documents changed, index
        entries added; :meth:`load_overlay` restores it over the same base."""
        self._compares("save the state")
        arrays = {"doc_" + k: v for k, v in self.docs.overlay_arrays().items()}
        arrays.update(self.by_name.overlay_arrays("byname"))
        arrays.update(self.exact.overlay_arrays("exact"))
        arrays.update({"post_" + k: v for k, v in self.postings.overlay_arrays().items()})
        arrays.update({"groups_" + k: v for k, v in self.groups.overlay_arrays().items()})
        mh_meta, mh_arrays = self.mh.overlay_state()
        arrays.update({"mh_" + k: v for k, v in mh_arrays.items()})
        meta = {"options": self._options(), "base": self.docs.nbase, "docs": len(self.docs), "mh": mh_meta}
        return meta, arrays

    def load_overlay(self, meta: dict, z) -> None:
        """Restore :meth:`overlay_state` over the same base state, right after
        :meth:`from_state`; one that does not fit raises :class:`LinkError`."""
        if meta.get("options") != self._options() or meta.get("base") != len(self.docs):
            raise LinkError("copy index overlay does not fit this base state")
        try:
            self.docs.load_overlay({k[4:]: v for k, v in z.items() if k.startswith("doc_")})
            self.by_name.load_overlay(z, "byname")
            self.exact.load_overlay(z, "exact")
            self.postings.load_overlay({k[5:]: v for k, v in z.items() if k.startswith("post_")})
            self.groups.load_overlay({k[7:]: v for k, v in z.items() if k.startswith("groups_")})
            self.mh.load_overlay(meta["mh"], {k[3:]: v for k, v in z.items() if k.startswith("mh_")})
        except LinkError:
            raise
        except (KeyError, ValueError, TypeError) as exc:
            raise LinkError(f"unreadable copy index overlay: {exc!r}") from exc
        if len(self.docs) != meta.get("docs") or len(self.mh) != len(self.docs):
            raise LinkError("copy index overlay: documents and signatures differ in number")

    # -- reading ---------------------------------------------------------------
    def match(self, key: int) -> CopyMatch:
        return self.docs[key].match

    def root(self, key: int) -> int:
        """Key of the original of ``key``'s copy group."""
        return min(self.groups[self.docs.group(key)], key=self._root_order)

    def __len__(self) -> int:
        return len(self.docs)
