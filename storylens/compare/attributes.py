"""Attribute conflicts: outlets disagreeing on who someone is.

Titles in front of a name ("US President Donald Trump", "former transport
minister Aurel Fenn") and in apposition ("Aurel Fenn, the former transport
minister,") are collected per article. A person is keyed by surname
(case-insensitive, so "Donald trump" is Donald Trump). Kinds of conflict:

* **title**: the same office given as current by some outlets and as
  former by others (the office words are compared without nationality
  prefixes: "US President" ~ "President"). A current title that is the
  title at the time of a past event ("criticized President Tom Arlen
  for calling ...", in an article whose current president is someone else:
  one article, one office, two "current" holders) is not counted;
* **age**: different ages in apposition ("Bogdan Rell, 44,");
* **family relations** and **spouses' names** (:mod:`.relations`): "older"
  vs "younger sister", "wife Stacy" vs "wife, Stacey";
* **names, party and state** (:mod:`.affiliations`): "Loretta Sanchez" vs
  "Linda T. Sánchez" for one winner; "(R-Ky.)" vs "(D-Ky.)".

Different but compatible descriptions ("the senator", "Mr. Cruz") are not
conflicts. Every conflict has ``evidence`` spans (doc, start, end, value).
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Article
from ..text import STOPWORDS, scan_text
from .affiliations import name_conflicts, party_conflicts
from .relations import relation_conflicts

__all__ = ["find_attributes", "attribute_conflicts"]

_ROLE = (r"(?i:(?:Vice |Deputy |Acting |Interim |Prime |Foreign |Finance |Defen[cs]e |Transport |Interior |"
         r"Economy |Infrastructure |Health |Justice )?(?:President|Minister|Prime Minister|Chancellor|Premier|"
         r"Secretary[- ]General|Secretary|Governor|Mayor|Senator|Speaker|Ambassador|Chairman|Chairwoman|Chair|"
         r"Director|Chief Executive|Commissioner|Leader|King|Queen|Pope|General|Judge|CEO))")
_NAT = r"(?i:(?:US|U\.S\.|American|Russian|Ukrainian|French|German|British|Dutch|Chinese|EU|NATO|Valdorian|Istravan)\s)"
_MOD = r"(?P<mod>(?:[Ff]ormer|[Ee]x-|[Oo]utgoing|[Ll]ate|[Cc]urrent|[Ii]ncoming|[Tt]hen-)\s?)?"
_NAME = r"(?P<name>[A-Z][\w’'\-]+(?:\s[A-Z][\w’'\-]+){0,2}(?:\s(?P<low>[a-z][a-z’'\-]{2,}))?)"
_FAR_MOD = re.compile(r"\b(former|ex-|late|then-?|resigned|retired|ousted|fired|departed)\s*"
                      r"(?:[a-z][a-z’'-]+\s+){1,2}$", re.IGNORECASE)
_GONE = {"resigned", "retired", "ousted", "fired", "departed"}  # an office left
_PRE_RE = re.compile(rf"\b{_MOD}(?P<nat>{_NAT})?(?P<role>{_ROLE})\s{_NAME}")
_APPOS_RE = re.compile(rf"{_NAME},\s(?:the\s|a\s)?{_MOD}(?P<nat>{_NAT})?(?P<role>{_ROLE})\b")
_AGE_RE = re.compile(r"(?P<name>[A-Z][\w’'\-]+(?:\s[A-Z][\w’'\-]+)?\s(?P<surname>[A-Z][\w’'\-]+)),\s(?P<age>[1-9]\d),")
_VERBS = frozenset("""said says told has have had was is will would met urged warned added noted stated asked
signaled signalled announced called wrote""".split())
_STOP_NAMES = frozenset({"the", "a", "an", "of", "and", "on", "in"})


def _clean_role(role: str) -> str:
    return " ".join(w.capitalize() if w.lower() not in ("of",) else w for w in role.replace("-", " ").split())


def find_attributes(article: Article) -> list[dict[str, Any]]:
    """Title and age mentions in an article body (source offsets)."""
    src = scan_text(article.source)
    out: list[dict[str, Any]] = []
    for seg in article.segments or []:
        a, b = seg.source_start, seg.source_start + seg.length
        _scan(src, a, b, article.name, out)
    if not article.segments:
        _scan(src, 0, len(src), article.name, out)
    return out


def _scan(src: str, a: int, b: int, doc: str, out: list[dict[str, Any]]) -> None:
    for rx in (_PRE_RE, _APPOS_RE):
        for m in rx.finditer(src, a, b):
            parts = m.group("name").split()
            if m.group("low") and (len(parts) > 2 or parts[-1] in STOPWORDS or parts[-1] in _VERBS
                                   or parts[-1].endswith(("ed", "ing"))):
                parts = parts[:-1]  # "Mark Rutte said": the lower-case word is not part of the name
            if not parts or parts[0].lower() in _STOP_NAMES or parts[0].lower() in STOPWORDS:
                continue
            short = len(parts) < 2  # "President Trump": counts who holds the office, compared only in full
            name = " ".join(parts)
            mod = (m.group("mod") or "").strip().lower().rstrip("-")
            if not mod:
                # "his former campaign chairman Paul Manafort": the modifier before a word that qualifies the office
                far = _FAR_MOD.search(src, max(a, m.start() - 40), m.start())
                mod = far.group(1).lower().rstrip("-") if far else ""
                mod = "former" if mod in _GONE else mod
            if mod == "then":
                continue  # "then-President Bill Clinton": the title at the time, true either way
            former = mod in ("former", "ex", "late")
            role = _clean_role(m.group("role"))
            surface = " ".join(x for x in ((m.group("mod") or "").strip(), (m.group("nat") or "").strip(),
                                          m.group("role")) if x)
            nat = (m.group("nat") or "").strip().lower().replace(".", "")
            out.append({"doc": doc, "kind": "title", "name": " ".join(name.split()), "nat": nat, "short": short,
                        "key": parts[-1].lower(), "role": role.lower(), "former": former,
                        "value": " ".join(surface.split()), "start": m.start(), "end": m.end()})
    for m in _AGE_RE.finditer(src, a, b):
        out.append({"doc": doc, "kind": "age", "name": m.group("name"), "key": m.group("surname").lower(),
                    "role": "age", "former": False, "value": m.group("age"), "start": m.start(), "end": m.end()})


def attribute_conflicts(articles: list[Article]) -> list[dict[str, Any]]:
    """Conflicting titles (current vs former office), ages, family relations,
    spouses' names, names, parties and states across articles."""
    found = (_title_age_conflicts(articles) + relation_conflicts(articles) + name_conflicts(articles)
             + party_conflicts(articles))
    texts = {a.name: a.source for a in articles}
    for c in found:  # each piece of evidence shows its own words
        for e in c.get("evidence", []):
            e.setdefault("text", texts.get(e["doc"], "")[e["start"]:e["end"]])
    return found


def _historical(mentions: list[dict[str, Any]]) -> set[int]:
    """Current-title mentions that name a past holder: the story calls
    someone else the current holder of that office more often ("President
    Marrow" throughout, and once "criticized President Tom Arlen for ...")."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for m in mentions:
        if m["kind"] == "title" and not m["former"]:
            per = counts.setdefault((m["role"], m.get("nat", "")), {})
            per[m["key"]] = per.get(m["key"], 0) + 1
    out = set()
    for i, m in enumerate(mentions):
        if m["kind"] != "title" or m["former"]:
            continue
        per = counts.get((m["role"], m.get("nat", "")), {})
        if max(per.values()) > per[m["key"]]:
            out.add(i)
    return out


def _title_age_conflicts(articles: list[Article]) -> list[dict[str, Any]]:
    mentions = [m for a in articles for m in find_attributes(a)]
    past = _historical(mentions)
    mentions = [m for i, m in enumerate(mentions) if i not in past and not m.get("short")]
    by_person: dict[str, list[dict[str, Any]]] = {}
    for m in mentions:
        by_person.setdefault(m["key"], []).append(m)
    out: list[dict[str, Any]] = []
    for _key, ms in sorted(by_person.items()):
        name = max((m["name"] for m in ms), key=lambda n: (len(n.split()), n[:1].isupper(), n))
        name = " ".join(w if w[:1].isupper() else w.capitalize() for w in name.split())
        # titles: same office, current in some articles, former in others
        roles: dict[str, list[dict[str, Any]]] = {}
        for m in ms:
            if m["kind"] == "title":
                roles.setdefault(m["role"], []).append(m)
        for office, rms in sorted(roles.items()):
            cur = [m for m in rms if not m["former"]]
            old = [m for m in rms if m["former"]]
            cur_docs = {m["doc"] for m in cur}
            old_docs = {m["doc"] for m in old}
            if not cur or not old or cur_docs == old_docs or not (cur_docs - old_docs and old_docs - cur_docs):
                continue
            values: dict[str, list[str]] = {}
            evidence = []
            for group in (cur, old):
                label = _label(group)
                docs = sorted({m["doc"] for m in group})
                values[label] = docs
                evidence += [{"doc": m["doc"], "start": m["start"], "end": m["end"], "value": m["value"]}
                             for m in group]
            out.append({"entity": name, "attribute": f"title ({office}: current or former)", "values": values,
                        "evidence": evidence})
        ages = [m for m in ms if m["kind"] == "age"]
        if len({m["value"] for m in ages}) > 1 and len({m["doc"] for m in ages}) > 1:
            values = {}
            for m in ages:
                values.setdefault(m["value"], [])
                if m["doc"] not in values[m["value"]]:
                    values[m["value"]].append(m["doc"])
            out.append({"entity": name, "attribute": "age", "values": values,
                        "evidence": [{"doc": m["doc"], "start": m["start"], "end": m["end"], "value": m["value"]}
                                     for m in ages]})
    return out


def _label(group: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for m in group:
        v = m["value"]
        v = v[:1].upper() + v[1:]
        counts[v] = counts.get(v, 0) + 1
    return max(sorted(counts), key=lambda k: (counts[k], len(k)))
