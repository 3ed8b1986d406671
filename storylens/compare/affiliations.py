"""Who someone is, compared across outlets: their name itself, their party
and their state.

* **name**: one outlet's "Rep. Mara Quill won the vote for deputy
  whip" and another's "Representative Ines T. Quill ... beat ... to
  become deputy whip": the same surname with two first names that no
  article uses together, in sentences that tell the same thing (three
  content words shared besides the names and titles). Two people of one
  family that an outlet names side by side (Liz and Mary Cheney) are two
  people, not a conflict.
* **party** and **state**: "(R-Ky.)", "(D)", "D-Ill.", "Republican of
  Arkansas" after a full name; a person given two parties or two states by
  different outlets is a conflict.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Article
from ..text import article_sentences, content_stems, scan_text
from .people import TITLE_WORDS, PersonName, first_key, fold, person_key, person_names

__all__ = ["name_conflicts", "party_conflicts"]

_STATES = {
    "ala": "alabama", "alaska": "alaska", "ariz": "arizona", "ark": "arkansas", "calif": "california",
    "colo": "colorado", "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia",
    "hawaii": "hawaii", "idaho": "idaho", "ill": "illinois", "ind": "indiana", "iowa": "iowa", "kan": "kansas",
    "kans": "kansas", "ky": "kentucky", "la": "louisiana", "maine": "maine", "md": "maryland", "mass": "massachusetts",
    "mich": "michigan", "minn": "minnesota", "miss": "mississippi", "mo": "missouri", "mont": "montana",
    "neb": "nebraska", "nev": "nevada", "n.h": "new hampshire", "n.j": "new jersey", "n.m": "new mexico",
    "n.y": "new york", "n.c": "north carolina", "n.d": "north dakota", "ohio": "ohio", "okla": "oklahoma",
    "ore": "oregon", "pa": "pennsylvania", "r.i": "rhode island", "s.c": "south carolina", "s.d": "south dakota",
    "tenn": "tennessee", "texas": "texas", "tex": "texas", "utah": "utah", "vt": "vermont", "va": "virginia",
    "wash": "washington", "w.va": "west virginia", "wis": "wisconsin", "wyo": "wyoming",
    "ak": "alaska", "al": "alabama", "ar": "arkansas", "az": "arizona", "ca": "california", "co": "colorado",
    "ct": "connecticut", "fl": "florida", "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana",
    "ia": "iowa", "ks": "kansas", "ma": "massachusetts", "me": "maine", "mi": "michigan", "mn": "minnesota",
    "ms": "mississippi", "mt": "montana", "ne": "nebraska", "nv": "nevada", "nh": "new hampshire",
    "nj": "new jersey", "nm": "new mexico", "ny": "new york", "nc": "north carolina", "nd": "north dakota",
    "oh": "ohio", "ok": "oklahoma", "or": "oregon", "ri": "rhode island", "sc": "south carolina",
    "sd": "south dakota", "tn": "tennessee", "tx": "texas", "ut": "utah", "wa": "washington", "wi": "wisconsin",
    "wv": "west virginia", "wy": "wyoming",
}
_STATE_NAMES = frozenset(_STATES.values())
_PARTY = {"r": "Republican", "d": "Democrat", "i": "Independent", "republican": "Republican",
          "democrat": "Democrat", "democratic": "Democrat", "independent": "Independent"}
_NAME = r"(?P<first>[A-Z][\w’'\-]+)(?:\s[A-Z]\.)?\s(?P<last>[A-Z][\w’'\-]+)"
_PAREN_RE = re.compile(rf"{_NAME}\s\((?P<p>[RDI])(?:[-–]\s?(?P<st>[A-Z][A-Za-z.]{{1,5}}(?:\s?[A-Z][a-z.]+)?))?\)")
_COMMA_RE = re.compile(rf"{_NAME},\s(?P<p>[RDI])[-–](?P<st>[A-Z][A-Za-z.]{{1,5}}(?:\s?[A-Z][a-z.]+)?)[,.)]")
_OF_RE = re.compile(rf"{_NAME},\s(?:a\s)?(?P<p>Republican|Democrat)\sof\s(?P<st>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_GENERIC = frozenset(content_stems("said says told would will also new former first last year week people "
                                   "percent time group"))


def _state(s: str | None) -> str | None:
    if not s:
        return None
    k = s.lower().strip().rstrip(".").replace(" ", "")
    if k in _STATES:
        return _STATES[k]
    full = " ".join(s.lower().split())
    return full if full in _STATE_NAMES else None


def party_conflicts(articles: list[Article]) -> list[dict[str, Any]]:
    """A person given two parties, or two states, by different outlets."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    names: dict[tuple[str, str], str] = {}
    for a in articles:
        for rx in (_PAREN_RE, _COMMA_RE, _OF_RE):
            for m in rx.finditer(scan_text(a.source)):
                key = person_key(m.group("first"), m.group("last"))
                if key[0] in TITLE_WORDS:
                    continue
                names.setdefault(key, f"{m.group('first')} {m.group('last')}")
                found.setdefault(key, []).append({"doc": a.name, "start": m.start(), "end": m.end(),
                                                  "party": _PARTY[m.group("p").lower()], "state": _state(m.group("st"))})
    out = []
    for key, ms in sorted(found.items()):
        for attr in ("party", "state"):
            vals: dict[str, list[str]] = {}
            for x in ms:
                if x[attr]:
                    vals.setdefault(x[attr].title(), [])
                    if x["doc"] not in vals[x[attr].title()]:
                        vals[x[attr].title()].append(x["doc"])
            if len(vals) > 1 and len({d for ds in vals.values() for d in ds}) > 1:
                out.append({"entity": names[key], "attribute": attr, "values": vals,
                            "evidence": [{"doc": x["doc"], "start": x["start"], "end": x["end"],
                                          "value": x[attr].title()} for x in ms if x[attr]]})
    return out


def _sentence_stems(a: Article, spans: list[tuple[int, int]], p: PersonName, drop: set[str]) -> set[str]:
    for s, e in spans:
        if s <= p.start < e:
            return {w for w in content_stems(a.source[s:e]) if w not in drop and w not in _GENERIC}
    return set()


_PERSON_TITLE = (r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Rev|Reps|Sens)\.?|Senator|Representative|Congressman|"
                 r"Congresswoman|Governor|President|Secretary|Speaker|Leader|Judge|Justice|Mayor|Minister")


def _is_person(src: str, p: PersonName) -> bool:
    """A name a title or a speech verb marks as a person's ("Rep. Loretta Sanchez", "Ms. Sanchez said")."""
    if re.search(rf"(?:{_PERSON_TITLE})\s$", src[max(0, p.start - 16):p.start]):
        return True
    last = re.escape(p.last)
    return bool(re.search(rf"(?:{_PERSON_TITLE})\s{last}\b|\b{last},?\s(?:said|says|told|who)\b", src))


def name_conflicts(articles: list[Article]) -> list[dict[str, Any]]:
    """The same surname with two first names, one per outlet, in sentences
    that tell the same thing (see the module doc)."""
    by_doc: dict[str, dict[str, dict[str, list[PersonName]]]] = {}
    for a in articles:
        for p in person_names(a.source):
            by_doc.setdefault(a.name, {}).setdefault(fold(p.last), {}).setdefault(first_key(p.first), []).append(p)
    arts = {a.name: a for a in articles}
    spans = {a.name: article_sentences(a) for a in articles}
    surnames = {s for d in by_doc.values() for s in d}
    out = []
    for last in sorted(surnames):
        firsts = {d: set(v[last]) for d, v in by_doc.items() if last in v}
        if any(len(f) > 1 for f in firsts.values()) or len({f for fs in firsts.values() for f in fs}) < 2:
            continue  # an outlet names two people of that surname: two people
        best = None
        docs = sorted(firsts)
        for i, d1 in enumerate(docs):
            for d2 in docs[i + 1:]:
                (f1,), (f2,) = firsts[d1], firsts[d2]
                if f1 == f2 or f1[:1] == f2[:1] and (len(f1) <= 2 or len(f2) <= 2):
                    continue
                for p in by_doc[d1][last][f1]:
                    for q in by_doc[d2][last][f2]:
                        if not (_is_person(arts[d1].source, p) and _is_person(arts[d2].source, q)):
                            continue
                        drop = set(content_stems(f"{p.first} {q.first} {p.last} {q.last} " + " ".join(TITLE_WORDS)))
                        shared = len(_sentence_stems(arts[d1], spans[d1], p, drop) &
                                     _sentence_stems(arts[d2], spans[d2], q, drop))
                        if shared >= 3 and (best is None or shared > best[0]):
                            best = (shared, d1, p, d2, q)
        if best:
            _, d1, p, d2, q = best
            out.append({"entity": q.text if len(q.text) >= len(p.text) else p.text, "attribute": "name",
                        "values": {p.text: [d1], q.text: [d2]},
                        "evidence": [{"doc": d1, "start": p.start, "end": p.end, "value": p.text},
                                     {"doc": d2, "start": q.start, "end": q.end, "value": q.text}]})
    return out
