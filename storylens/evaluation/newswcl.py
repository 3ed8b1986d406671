"""Naming measured on NewsWCL50 (``../shared/eval/newswcl50``).

NewsWCL50 codes, for 10 events reported by 5 outlets each, the mentions of
each event's concepts: actors, groups and countries (``ACTOR``,
``ACTOR-I``, ``GROUP``, ``COUNTRY`` chains of the CoNLL file). The texts are
rebuilt from the tokens (tokens joined by spaces, sentences by line breaks),
each event's five documents are one story, and :func:`~storylens.compare.naming.resolve`
names their actors. Each coded mention that one of ours overlaps takes our
entity; B-cubed precision, recall and F1 are computed over those mentions,
per event, and averaged over all of them. Mention recall is the share of
coded mentions that one of ours overlaps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Article, Segment

__all__ = ["load_newswcl", "score_naming"]

TYPES = ("ACTOR", "ACTOR-I", "GROUP", "COUNTRY")


@dataclass
class CodedDoc:
    name: str
    event: str
    text: str
    mentions: list[tuple[str, int, int]]  # (chain, start, end) character offsets


def _parse(path: Path) -> dict[str, tuple[list[tuple[int, str]], list[tuple[str, int, int]]]]:
    docs: dict[str, tuple[list[tuple[int, str]], list[tuple[str, int, int]]]] = {}
    cur = ""
    opened: dict[str, list[int]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#begin"):
            cur = line.split()[2].rstrip(";")
            docs[cur] = ([], [])
            continue
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        toks, ments = docs[cur]
        idx = len(toks)
        toks.append((int(parts[1]), parts[3]))
        for r in (x.strip() for x in parts[4].split("|")):
            if not r or r == "-":
                continue
            if r.startswith("(") and r.endswith(")"):
                ments.append((r[1:-1], idx, idx + 1))
            elif r.startswith("("):
                opened[cur + r[1:]].append(idx)
            elif r.endswith(")") and opened[cur + r[:-1]]:
                ments.append((r[:-1], opened[cur + r[:-1]].pop(), idx + 1))
    return docs


def load_newswcl(root: Path) -> list[CodedDoc]:
    """The 50 documents with their coded actor, group and country mentions."""
    out = []
    for name, (toks, ments) in _parse(root / "NewsWCL50-prep" / "output_data" / "NewsWCL50.conll").items():
        starts, pieces, pos, last = [], [], 0, None
        for sent, w in toks:
            sep = "" if last is None else ("\n" if sent != last else " ")
            pos += len(sep)
            pieces.append(sep + w)
            starts.append(pos)
            pos += len(w)
            last = sent
        text = "".join(pieces)
        spans = [(c, starts[s], starts[e - 1] + len(toks[e - 1][1])) for c, s, e in ments
                 if c.rsplit("_", 1)[-1] in TYPES]
        out.append(CodedDoc(name.split("/")[-1], name.split("/")[0], text, spans))
    return out


def _bcubed(pairs: list[tuple[str, str]]) -> tuple[float, float, int]:
    """Summed B-cubed precision and recall over (gold, ours) labels, and the count."""
    gold: dict[str, list[int]] = defaultdict(list)
    ours: dict[str, list[int]] = defaultdict(list)
    for i, (g, o) in enumerate(pairs):
        gold[g].append(i)
        ours[o].append(i)
    p = r = 0.0
    for g, o in pairs:
        both = len(set(gold[g]) & set(ours[o]))
        p += both / len(ours[o])
        r += both / len(gold[g])
    return p, r, len(pairs)


def score_naming(root: Path) -> dict[str, Any]:
    """B-cubed of our entities over the coded mentions we overlap, and mention recall."""
    from ..compare.naming import resolve

    docs = load_newswcl(root)
    events: dict[str, list[CodedDoc]] = defaultdict(list)
    for d in docs:
        events[d.event].append(d)
    p_sum = r_sum = 0.0
    matched = total = 0
    per_event = {}
    for ev, group in sorted(events.items()):
        arts = [Article(id=d.name, name=d.name, source=d.text, body=d.text, segments=[Segment(0, 0, len(d.text))],
                        outlet=d.name.split("_")[-1]) for d in group]
        ours = defaultdict(list)
        for m, key in resolve(arts):
            ours[m.doc].append((m.start, m.end, key))
        pairs = []
        for d in group:
            for chain, s, e in d.mentions:
                total += 1
                # the mention of ours whose span matches the coded one best (Jaccard of the spans):
                # in "the Trump campaign", "Trump" takes our person and the phrase our campaign
                best = max((((min(e, b) - max(s, a)) / (max(e, b) - min(s, a)), key)
                            for a, b, key in ours[d.name] if a < e and s < b), default=None)
                if best is not None:
                    pairs.append((chain, best[1]))
        p, r, n = _bcubed(pairs)
        p_sum, r_sum, matched = p_sum + p, r_sum + r, matched + n
        per_event[ev] = {"mentions": n, "precision": round(p / n, 3) if n else None,
                         "recall": round(r / n, 3) if n else None}
    prec = p_sum / matched if matched else 0.0
    rec = r_sum / matched if matched else 0.0
    return {"coded_mentions": total, "overlapped": matched, "mention_recall": round(matched / total, 3) if total else 0,
            "bcubed_precision": round(prec, 3), "bcubed_recall": round(rec, 3),
            "bcubed_f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0, "events": per_event}
