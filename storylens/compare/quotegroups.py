"""The same quote across outlets: grouping, fidelity classes, word diffs.

Quotes of one story are grouped by *utterance*: two quotations join when
:func:`~.quote_links.link` finds them rendering the same words (a cut, a cut
with small edits, a rewording) and their speakers agree (or one is
unnamed, or the shared passage is long and close enough to be no
coincidence). A group member is the stretch of a quotation that renders
the utterance, in whole sentences: a quotation that prints two sentences of
a speech belongs to the group of each sentence that other outlets print
separately, with the span of that sentence. A short fragment (under four
words) that is a cut of two remarks one outlet prints apart joins neither
group: which one it renders is a guess.

Each group gets a *reference* wording (the rendering printed most often,
then a full quote, then the longest, then the earliest) and every member is
classified against it (:func:`~.quote_fidelity.classify`): ``verbatim``,
``trimmed``, ``reworded`` or ``altered`` (the reference member itself is
``reference``). The group's ``fidelity`` is the strongest change among its
members; ``fidelity_warning`` says whether it is ``reworded`` or
``altered``.

Quotes by the same speaker in *other* stories that carry the same message are
linked as **echoes** (:mod:`.quote_echoes`), never merged into a group.
Alignment is bounded (:mod:`.quote_align`): two 50 KB quotations compare in
well under a second.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter, defaultdict
from dataclasses import replace
from itertools import count
from typing import Any

from ..annotate.attribution.cues import cue_lemma
from ..models import Quote
from .quote_align import Alignment, align, contiguous, matching_blocks, near_containment, opcodes, ratio
from .quote_echoes import find_echoes
from .quote_fidelity import RELATIONS, classify, meaning_change, word_diff
from .quote_links import REWORDING, Link, link, similarity
from .quote_words import QuoteItem, clean_quote, make_item, part, same_word

__all__ = ["QuoteItem", "Alignment", "RELATIONS", "align", "group_quotes", "classify", "similarity",
           "word_diff", "find_echoes", "clean_quote", "make_item", "meaning_change", "near_containment", "ratio"]

MAX_PARTNERS = 100  # later quotations each one is compared with, at most (see _partners)
LOOSE = 0.7  # a rewording below REWORDING links when this close (or sharing a phrase, or beside a match)
_SEVERITY = {"verbatim": 0, "reference": 0, "trimmed": 1, "reworded": 2, "altered": 3}
Node = tuple[int, int, int]  # item index, first word, end word


def _weak_speaker(name: str | None) -> bool:
    """No speaker, or one that does not look like a person's full name."""
    if not name:
        return True
    parts = name.split()
    return len(parts) < 2 or not all(p[:1].isupper() for p in parts)


def _named_inside(it: QuoteItem) -> bool:
    """The speaker's surname stands in the quotation itself ("I feel sorry for
    Captain Fenn" credited to Fenn): a doubtful attribution."""
    last = (it.speaker or "").split()[-1:] or [""]
    return len(last[0]) > 2 and last[0].lower() in it.text.lower()


def _speaker_ok(a: QuoteItem, b: QuoteItem, lk: Link) -> bool:
    """Same speaker, or one unnamed (or named inside the quotation); two named
    speakers only for a long shared passage printed nearly alike (one
    utterance attributed differently)."""
    if min(len(a.words), len(b.words)) < 3 and a.doc != b.doc:
        return a.speaker == b.speaker and a.speaker is not None  # a word or two: only from one named speaker
    if a.speaker == b.speaker or any(_weak_speaker(x.speaker) or _named_inside(x) for x in (a, b)):
        return True
    return lk.score >= 0.9 and min(lk.a[1] - lk.a[0], lk.b[1] - lk.b[0]) >= 8 and \
        ratio(a.words[lk.a[0]:lk.a[1]], b.words[lk.b[0]:lk.b[1]]) >= 0.9


def _need(a: QuoteItem, b: QuoteItem, threshold: float) -> float:
    need = threshold if a.speaker == b.speaker else max(threshold, 0.7)
    if len(a.stems) < 4 and len(b.stems) < 4:
        need = max(need, 0.99)  # two short fragments alone do not make a group
    if a.doc == b.doc and a.words != b.words:
        need = max(need, 0.9)  # one article quotes one utterance twice only as a cut of it
    return need


def _partners(items: list[QuoteItem]) -> list[list[int]]:
    """For each item ``i``, the later items it may link with: those sharing a
    content word (its first four letters, as :func:`~.quote_links.soft_shared`
    matches stems), those of its speaker, and any item without a content word
    (:func:`~.quote_links.link` finds no other link). Past ``MAX_PARTNERS``,
    the ones sharing most words: a quotation printed by thousands of articles
    is linked to its closest renderings, which keep the group whole, not to
    every other (n² comparisons)."""
    keys = [{c[:4] for c in it.content} for it in items]
    postings: dict[str, list[int]] = defaultdict(list)
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        for k in keys[i]:
            postings[k].append(i)
        if it.speaker:
            by_speaker[it.speaker].append(i)
    plain = [i for i, it in enumerate(items) if not it.content]
    out: list[list[int]] = []

    def after(xs: list[int], i: int) -> list[int]:
        """The first ``MAX_PARTNERS`` of ``xs`` (sorted) past ``i``: of the items
        that share no word with ``i``, no later one could be kept (bounded work)."""
        k = bisect.bisect_right(xs, i)
        return xs[k:k + MAX_PARTNERS]

    for i, it in enumerate(items):
        sp = by_speaker[it.speaker] if it.speaker else []
        if not it.content:
            if len(items) - i - 1 <= MAX_PARTNERS:
                out.append(list(range(i + 1, len(items))))
            else:  # the nearest later items, and the first later ones without a word or of its speaker
                near = range(i + 1, i + 1 + MAX_PARTNERS)
                out.append(sorted({*near, *after(plain, i), *after(sp, i)}))
            continue
        shared: Counter[int] = Counter()
        for k in keys[i]:
            p = postings[k]
            shared.update(p[bisect.bisect_right(p, i):])
        for j in after(plain, i):
            shared[j] += 0
        for j in after(sp, i):
            shared[j] += 0
        if len(shared) > MAX_PARTNERS:
            shared = Counter(dict(heapq.nsmallest(MAX_PARTNERS, shared.items(), key=lambda x: (-x[1], x[0]))))
        out.append(sorted(shared))
    return out


def _links(items: list[QuoteItem], threshold: float) -> dict[tuple[int, int], Link]:
    """Accepted links between items ``i < j`` (see :func:`_need`, :func:`_speaker_ok`)."""
    out: dict[tuple[int, int], Link] = {}
    cache: dict[tuple[tuple[str, ...], tuple[str, ...]], Link | None] = {}
    for i, later in enumerate(_partners(items)):
        for j in later:
            a, b = items[i], items[j]
            key = (tuple(a.stems), tuple(b.stems))
            if key not in cache:
                cache[key] = link(a, b)
            lk = cache[key]
            if lk is not None and lk.score >= _need(a, b, threshold) and _speaker_ok(a, b, lk) \
                    and not (a.doc == b.doc and (_substituted(a, b, lk) or not _a_cut(a, b, lk))) \
                    and not _person_swapped(a, b, lk):
                out[(i, j)] = lk
    close = {k for k, lk in out.items() if lk.score >= REWORDING}
    adj: dict[int, set[int]] = defaultdict(set)  # item -> its close partners
    for x, y in close:
        adj[x].add(y)
        adj[y].add(x)
    strong = close | {k for k, lk in out.items() if k not in close and not _dominated(k, adj, items)
                      and (lk.score >= LOOSE or _shared_phrase(items[k[0]], items[k[1]], lk))}
    return {k: lk for k, lk in out.items() if k in strong or _anchored(k, strong, items) and not _dominated(k, adj, items)}


def _a_cut(a: QuoteItem, b: QuoteItem, lk: Link) -> bool:
    """Whether the words the link matches make (nearly) all of one
    quotation's sentences that it touches: a cut of the other. One article
    printing "has the integrity to serve as president" and "realistic enough
    to serve as president" quotes two remarks that share a phrase, not one
    remark twice."""
    same = sum(size for _i, _j, size in matching_blocks(a.stems[lk.a[0]:lk.a[1]], b.stems[lk.b[0]:lk.b[1]]))

    def covered(x: QuoteItem, lo: int, hi: int) -> float:
        s, e = x.sentence_bounds(lo, hi)
        return same / max(1, e - s)
    return max(covered(a, *lk.a), covered(b, *lk.b)) >= 0.8


def _substituted(a: QuoteItem, b: QuoteItem, lk: Link) -> bool:
    """The linked stretches differ by a changed word (another stem), not only
    by words one leaves out: one article printing both ("We have a real
    problem", "We have a big problem") quotes two remarks, where "I feel
    sorry" and "I feel very sorry", or "will not back down" and "not backing
    down", may be one remark cut two ways."""
    wa, wb = a.stems[lk.a[0]:lk.a[1]], b.stems[lk.b[0]:lk.b[1]]
    return any(op == "replace" and not (i2 - i1 == j2 - j1 and all(map(same_word, wa[i1:i2], wb[j1:j2])))
               for op, i1, i2, j1, j2 in opcodes(wa, wb))  # a censored word is the same word


_PERSON = {**dict.fromkeys(("i", "me", "my", "mine", "myself", "we", "us", "our", "ours"), 1),
           **dict.fromkeys(("you", "your", "yours", "yourself"), 2),
           **dict.fromkeys(("he", "him", "his", "himself", "she", "her", "hers", "herself",
                            "they", "them", "their", "theirs"), 3)}


def _person_swapped(a: QuoteItem, b: QuoteItem, lk: Link) -> bool:
    """One pronoun stands for another of a different person ("the values of
    his favorite philosopher" / "of your favorite philosopher"): a remark
    about someone and one addressed to them are two utterances (a letter and
    a signatory's comment on it), where an editor's change is bracketed."""
    wa, wb = a.words[lk.a[0]:lk.a[1]], b.words[lk.b[0]:lk.b[1]]
    persons = {_PERSON[w] for w in wa if w in _PERSON}
    other = {_PERSON[w] for w in wb if w in _PERSON}
    if not persons or not other or len(persons | other) < 2:
        return False  # no pronoun of another person to stand for (most links: no alignment needed)
    for op, i1, i2, j1, j2 in opcodes(wa, wb):
        if op == "replace" and i2 - i1 == 1 and j2 - j1 == 1 and lk.a[0] + i1 not in a.editorial \
                and lk.b[0] + j1 not in b.editorial:
            pa, pb = _PERSON.get(wa[i1]), _PERSON.get(wb[j1])
            if pa and pb and pa != pb:
                return True
    return False


def _dominated(k: tuple[int, int], close: dict[int, set[int]], items: list[QuoteItem]) -> bool:
    """A loose rewording whose quotation already has a close match among the
    other's article's quotations (the speaker said it twice, in other words).
    ``close``: each item's partners by a close link."""
    def partners(a: int, doc: str) -> set[int]:
        return {p for p in close.get(a, ()) if items[p].doc == doc}
    i, j = k
    for a, b in ((i, j), (j, i)):
        rivals = partners(a, items[b].doc) - {b} - partners(b, items[b].doc)
        if any(len(items[r].words) >= 4 for r in rivals):
            return True
    return False


def _shared_phrase(a: QuoteItem, b: QuoteItem, lk: Link) -> bool:
    """The linked stretches share a phrase: three words or more in a row with
    two content words ("restore normal relations with Russia"), not just
    "an invasion of" or "you might think that"."""
    sa, sb = a.stems[lk.a[0]:lk.a[1]], b.stems[lk.b[0]:lk.b[1]]
    common = a.content & b.content
    return any(size >= 3 and sum(1 for w in sa[i:i + size] if w in common) >= 2
               for i, _j, size in matching_blocks(sa, sb))


def _anchored(k: tuple[int, int], strong: set[tuple[int, int]], items: list[QuoteItem]) -> bool:
    """A loose rewording holds only between neighbours of a close match: the
    quotations just before (or just after) each in its own article render
    one utterance too, as when two outlets report one interview in order."""
    i, j = k
    for d in (-1, 1):
        x, y = i + d, j + d
        if 0 <= x < len(items) and 0 <= y < len(items) and items[x].doc == items[i].doc \
                and items[y].doc == items[j].doc and (min(x, y), max(x, y)) in strong:
            return True
    return False


def _nodes(n: int, links: dict[tuple[int, int], Link]) -> dict[int, list[tuple[int, int]]]:
    """Per item, the word ranges its links touch, overlapping ranges merged."""
    ranges: dict[int, list[tuple[int, int]]] = {i: [] for i in range(n)}
    for (i, j), lk in links.items():
        ranges[i].append(lk.a)
        ranges[j].append(lk.b)
    out: dict[int, list[tuple[int, int]]] = {}
    for i, rs in ranges.items():
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(rs):
            if merged and lo < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        out[i] = merged
    return out


def _node_of(nodes: dict[int, list[tuple[int, int]]], i: int, rng: tuple[int, int]) -> Node:
    lo, hi = next(r for r in nodes[i] if r[0] <= rng[0] and rng[1] <= r[1])
    return (i, lo, hi)


def _components(items: list[QuoteItem], links: dict[tuple[int, int], Link]) -> tuple[list[list[Node]], set[tuple[Node, Node]]]:
    """Nodes joined by links, strongest first; two quotations of one article
    join only when they are linked themselves."""
    nodes = _nodes(len(items), links)
    edges = sorted(((lk.score, _node_of(nodes, i, lk.a), _node_of(nodes, j, lk.b)) for (i, j), lk in links.items()),
                   key=lambda e: (-e[0], e[1], e[2]))
    linked = {(x, y) for _, x, y in edges} | {(y, x) for _, x, y in edges}
    group_of: dict[Node, int] = {}
    members: dict[int, list[Node]] = {}
    fresh = count()  # group ids
    version: Counter[int] = Counter()  # bumped when a group's members change
    refused: dict[tuple[int, int], tuple[int, int]] = {}  # groups that could not join, at their versions
    wording = [tuple(it.words) for it in items]
    # group -> article -> wording -> its nodes: a clash is between two wordings of one article, so
    # a group of one wording printed thousands of times is not read pair by pair (bounded work)
    where: dict[int, dict[str, dict[tuple[str, ...], list[Node]]]] = {}

    def enter(g: int, nd: Node) -> None:
        where.setdefault(g, {}).setdefault(items[nd[0]].doc, {}).setdefault(wording[nd[0]], []).append(nd)

    def start(nd: Node) -> None:
        group_of[nd] = next(fresh)
        members[group_of[nd]] = [nd]
        enter(group_of[nd], nd)

    for _, x, y in edges:
        for nd in (x, y):
            if nd not in group_of:
                start(nd)
        gx, gy = group_of[x], group_of[y]
        if gx == gy or refused.get((gx, gy)) == (version[gx], version[gy]):
            continue  # the same two groups refused already: the same clash again
        clash = [(p, q) for q in members[gy]
                 for w, ps in where[gx].get(items[q[0]].doc, {}).items() if w != wording[q[0]]
                 for p in ps if (p, q) not in linked and p[0] != q[0]]
        leave = _evicted(clash, (x, y)) if clash else set()
        if leave is None:
            refused[(gx, gy)] = (version[gx], version[gy])
            continue
        for nd in leave:  # x and y never leave: their groups stay gx and gy
            members[group_of[nd]].remove(nd)
            where[group_of[nd]][items[nd[0]].doc][wording[nd[0]]].remove(nd)
            start(nd)
        for nd in members[gy]:
            group_of[nd] = gx
            enter(gx, nd)
        where.pop(gy)
        members[gx].extend(members.pop(gy))
        version[gx] += 1
        version[gy] += 1  # gone: an id is never reused, but a stale refusal must not match
    return [ms for ms in members.values() if len(ms) >= 2], linked


def _without_ambiguous_fragments(items: list[QuoteItem], comps: list[list[Node]],
                                 linked: set[tuple[Node, Node]]) -> list[list[Node]]:
    """Groups without the short fragments (under four words) that are a cut
    of two remarks: of two quotations of one article that stand in different
    groups ("lied many times" printed alone, when an outlet prints two
    remarks that hold it). Which remark the fragment renders is a guess."""
    groups_of: dict[int, set[int]] = defaultdict(set)  # item -> the groups its nodes are in
    for k, ms in enumerate(comps):
        for nd in ms:
            groups_of[nd[0]].add(k)

    partners: dict[Node, list[Node]] = defaultdict(list)  # read once, not once per fragment
    for p, q in linked:
        partners[p].append(q)

    def ambiguous(nd: Node) -> bool:
        if len(items[nd[0]].stems) >= 4:
            return False
        cut: dict[str, set[int]] = defaultdict(set)  # doc -> its full quotations the fragment cuts
        for q in partners.get(nd, ()):
            if len(items[q[0]].stems) >= 4:
                cut[items[q[0]].doc].add(q[0])
        return any(len({frozenset(groups_of[i]) for i in its}) >= 2 for its in cut.values())

    out = []
    for ms in comps:
        keep = [nd for nd in ms if not ambiguous(nd)]
        if len(keep) >= 2:
            out.append(keep)
    return out


def _evicted(clash: list[tuple[Node, Node]], keep: tuple[Node, Node]) -> set[Node] | None:
    """Two quotations of one article would join one group without being
    linked: when every clash sets a short fragment (under four words) against
    a fuller quotation, the fragments leave their group (a two-word piece of
    the next sentence must not keep the sentence itself out): they are
    returned; else (``None``) no join."""
    def size(nd: Node) -> int:
        return nd[2] - nd[1]
    out = set()
    for p, q in clash:
        small, big = (p, q) if size(p) < size(q) else (q, p)
        if size(small) >= 4 or size(big) < 4 or small in keep:
            return None
        out.add(small)
    return out


def _reference(parts_: list[tuple[Node, QuoteItem]]) -> tuple[Node, QuoteItem, bool]:
    """The most repeated wording, then a full quote, then the fullest, then the earliest;
    and whether its wording is printed more than once."""
    counts = Counter(tuple(it.words) for _, it in parts_)
    full = [p for p in parts_ if p[1].quote.kind == "direct"] or parts_

    def key(p: tuple[Node, QuoteItem]) -> tuple[int, int, str, int]:
        it = p[1]
        return (-counts[tuple(it.words)], -len(it.words), it.published or "9999", it.start)
    nd, it = min(full, key=key)
    return nd, it, counts[tuple(it.words)] >= 2


def _mostly_new(it: QuoteItem, ref: QuoteItem) -> bool:
    """Whether ``it`` has five words or more, most of them absent from ``ref``."""
    have = set(ref.words)
    return len(it.words) >= 5 and 2 * sum(w not in have for w in it.words) > len(it.words)


def _main_speaker(items: list[QuoteItem]) -> str | None:
    counts: dict[str, int] = {}
    for it in items:
        if it.speaker:
            counts[it.speaker] = counts.get(it.speaker, 0) + (3 if not _weak_speaker(it.speaker) else 1)
    return max(sorted(counts), key=lambda k: counts[k]) if counts else None


def _group(items: list[QuoteItem], nodes: list[Node], linked: set[tuple[Node, Node]]) -> dict[str, Any] | None:
    """One group's record, keeping the members that render the reference's utterance themselves."""
    # each member shown (and compared) in the whole sentences its linked words touch
    parts_ = [(nd, part(items[nd[0]], *items[nd[0]].sentence_bounds(nd[1], nd[2]))) for nd in nodes]
    while len(parts_) >= 2:
        ref_nd, ref, _ = _reference(parts_)
        keep = [p for p in parts_ if p[0] == ref_nd or p[1].words == ref.words or (p[0], ref_nd) in linked]
        if len(keep) == len(parts_):
            break
        parts_ = keep
    if len(parts_) < 2:
        return None
    ref_nd, ref, repeated = _reference(parts_)
    speaker = _main_speaker([it for _, it in parts_])
    rows: list[dict[str, Any]] = []
    for nd, it in sorted(parts_, key=lambda p: (p[1].doc, p[1].start)):
        rel, why = ("reference", None) if nd == ref_nd else classify(ref, it, repeated)
        if it.doc == ref.doc and rel in ("reworded", "altered") and _mostly_new(it, ref):
            # a longer wording in the reference's own article, mostly in words the reference lacks, is
            # another remark, not a rendering of it (a short line, and later a longer sentence ending
            # in the same words); a short one
            # ("not going away" for "will not go away") is the outlet's own rendering
            continue
        q = it.quote
        rows.append({"doc": it.doc, "text": _shown(it.text), "speaker": it.speaker or speaker, "relation": rel,
                     "reason": why, "start": it.start, "end": it.end, "kind": q.kind,
                     "quote_start": q.start, "quote_end": q.end,
                     "diff": word_diff(_shown(ref.text), _shown(it.text))})
    if len(rows) < 2:
        return None
    fidelity = max((r["relation"] for r in rows), key=lambda r: _SEVERITY[r])
    return {"speaker": speaker, "reference": {"doc": ref.doc, "text": _shown(ref.text), "start": ref.start,
                                              "end": ref.end},
            "docs": sorted({r["doc"] for r in rows}), "members": rows,
            "fidelity": "verbatim" if fidelity == "reference" else fidelity}


def _without_headline_echoes(items: list[QuoteItem], headlines: dict[str, tuple[int, int]]) -> list[QuoteItem]:
    """Items without the short headline quotations (under four words) that
    their own article quotes in full in its body (the headline's "Nothing
    Happened" above the body's whole sentence): the body quotation stands
    for them."""
    by_doc: dict[str, list[QuoteItem]] = {}
    for it in items:
        by_doc.setdefault(it.doc, []).append(it)

    def echo(it: QuoteItem) -> bool:
        span = headlines.get(it.doc)
        return span is not None and span[0] <= it.start and it.end <= span[1] and len(it.words) < 4 and any(
            len(o.words) > len(it.words) and contiguous(it.words, o.words) for o in by_doc[it.doc])
    return [it for it in items if not echo(it)]


# between the two halves of an interrupted quotation: the closing mark, the
# attribution clause ("he said", "Chief Justice Roberts asked Mr. Sellers")
# and a comma before the opening mark, all on one line
_INTERRUPTION = re.compile(r"[,—–-]?[\"”’']\s*,?\s+[^\"“”\n]{2,100}?,\s*[\"“‘']")


def _interrupted(a: Quote, b: Quote, source: str) -> bool:
    """``b`` finishes the sentence ``a`` began, the attribution set between
    them (“If you tell me how,” he said, “I have no choice.”): ``a`` stops
    at a comma or a dash, ``b`` opens in lower case, one speaker, and a
    speech verb stands between them (not “a,” and, above all, “b”: a list)."""
    stop = (a.text.rstrip()[-1:] or " ") + source[a.end:a.end + 1]
    return a.speaker == b.speaker and any(c in ",—–-" for c in stop) and b.text[:1].islower() \
        and _INTERRUPTION.fullmatch(source, a.end, b.start) is not None \
        and any(cue_lemma(w) for w in re.findall(r"[^\W\d_]+", source[a.end:b.start]))


def _join_interrupted(quotes: list[Quote], source: str | None) -> list[Quote]:
    """One quotation for each interrupted one: a reader takes “Is it true,”
    he asked, “that …?” as one sentence, and another outlet may print it
    whole. The joined quote spans both halves; the attribution between them
    is blanked out of its text (offsets kept)."""
    if not source:
        return quotes
    out: list[Quote] = []
    for q in sorted(quotes, key=lambda x: x.start):
        last = out[-1] if out else None
        if last is not None and last.is_speech and q.is_speech and last.end <= q.start \
                and source[last.start:last.end] == last.text and _interrupted(last, q, source):
            text = last.text + " " * (q.start - last.end) + q.text
            kind = "direct" if "direct" in (last.kind, q.kind) else last.kind
            out[-1] = replace(last, end=q.end, text=text, kind=kind)
        else:
            out.append(q)
    return out


def _shown(text: str) -> str:
    """A member's words as shown: the blanked attribution of an interrupted
    quotation (five spaces or more, "” he said, “" at least) as one space."""
    return re.sub(r" {5,}", " ", text)


def group_quotes(quotes: dict[str, list[Quote]], published: dict[str, str | None] | None = None,
                 *, threshold: float = 0.5, headlines: dict[str, tuple[int, int]] | None = None,
                 texts: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Group the speech quotes of one story by utterance; see the module doc.
    ``headlines`` maps a doc to its title's source offsets; ``texts`` a doc
    to its source text (interrupted quotations are then read whole)."""
    published = published or {}
    texts = texts or {}
    items = [make_item(q, published.get(doc)) for doc in sorted(quotes)
             for q in _join_interrupted(quotes[doc], texts.get(doc))
             if q.kind in ("direct", "partial") and q.text.strip()]
    items = _without_headline_echoes([it for it in items if it.stems], headlines or {})
    links = _links(items, threshold)
    comps, linked = _components(items, links)
    comps = _without_ambiguous_fragments(items, comps, linked)
    groups = [g for g in (_group(items, c, linked) for c in comps) if g is not None]
    groups.sort(key=lambda g: (-len(g["docs"]), -len(g["members"]), g["reference"]["doc"], g["reference"]["start"]))
    out = []
    for k, g in enumerate(groups, 1):
        g["fidelity_warning"] = g["fidelity"] in ("reworded", "altered")
        out.append({"id": f"Q{k}", **g})
    return out
