"""Naming: a story's key actors and how each outlet names them.

Mentions come from :mod:`.mentions`. They are resolved to entities by a
light rule-based coreference, first within each article, then across the
story's articles (the same entity across outlets):

* full names (two or more name words) are one person when one's words hold
  the other's ("Robert Mueller", "Robert S. Mueller III") or when first and
  last words agree; titles are not part of a name ("Mr. Trump" is "Trump");
  a "Jr." is the plain name's person ("James R. Clapper Jr.") unless the
  story tells them apart ("Trump Jr.", a son or father next to it, or an
  article that titles "President Trump" and never "Donald Trump Jr."), and
  then a surname alone is the titled one;
* a one-word name ("Kim", "Trump", "Donald") is the person of the article
  whose full name holds it (the most mentioned one), else of the story;
* a role phrase is the person the story names with that role: "the
  president" is whoever appears most as "President X"; "the former FBI
  director" whoever is titled "FBI Director"; "the North Korean dictator" or
  "the NATO chief" is the person titled with that country or body ("North
  Korean leader Kim Jong Un"), any role, and never one the story titles
  with another country ("the Ukrainian president" is not the US
  president); a bare "the dictator" or "the leader"
  is the leader named last before it in the article; unresolved roles are left
  out;
* "the Russian government", "the Kremlin", "the White House", "the Trump
  administration" name their country (news metonymy; a leader's country is
  the one the story titles them with); "his government" is the country of the
  person named just before it (a role the story resolves, "the president",
  counts), "its government" that of the country named just before it; "the
  administration" is the country the story names with that word, else its
  most mentioned country when it is named three times or more. A leader's
  administration whose country the story never says ("the Trump
  administration", or a bare "the administration" of a story whose
  president is Mr. Trump, in a story about Zimbabwe) is not the story's
  main country: it is the leader's own people (a ``team:`` entity, below);
* a name in quotation marks that a verb of naming gives someone ("referred
  to Kim as “Rocket Man”", "nicknamed him “Little Rocket Man”") is a label
  of that person (``kind="label"``, the whole quoted name);
* "the Trump campaign", "Mr. Mueller's office", "Trump's lawyers" are the
  people around a person (``team:`` entities), while the name inside them
  stays a mention of the person;
* countries, blocs, parties and the shipped collectives (migrants,
  protesters: "asylum-seekers", "illegal aliens" and "the caravan" are one
  group) are one entity each (the gazetteer).

:func:`naming` gives the story's actors, most mentioned first, each with the
forms each outlet uses for it ("Kim Jong Un", "the North Korean dictator"),
their counts and a cited span per form; ``labels`` are the descriptive forms
(not the name itself) that only some outlets use.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from typing import Any

from ..annotate.attribution.name_forms import SUFFIXES
from ..annotate.attribution.names import GENERATIONS
from ..models import Article
from .actor_filters import labels, short_papers, without_common_phrases, without_non_persons, without_places
from .mentions import PERSON_ROLES, STATE_ROLES, Mention, find_mentions, gazetteer

__all__ = ["resolve", "naming"]

# a name keeps its "Jr." or "Sr." (GENERATIONS: "Donald Trump Jr." may be another person) and drops its
# "III" ("Robert S. Mueller III" is "Robert Mueller")
_SUFFIX = SUFFIXES - GENERATIONS
_KIN = re.compile(r"\b(?:sons?|father|namesake|eldest|elder|younger)\b", re.IGNORECASE)


def _tokens(name: str) -> list[str]:
    toks = [t.lower().strip(",’'").replace(".", "")
            for t in re.split(r"[\s\-]+", name.replace("’s", "").replace("'s", "").replace("&", "and"))]
    return [t for t in toks if t and t not in _SUFFIX]


def _core(toks: list[str]) -> list[str]:
    return [t for t in toks if t not in GENERATIONS]


def _same_person(a: list[str], b: list[str], distinct: frozenset[str] = frozenset()) -> bool:
    """Whether two full names (their words) are one person. A generation
    ("Jr.") is no part of the comparison, except for a name in ``distinct``
    (the core words of a "Jr." the story tells apart from the plain name)."""
    ca, cb = _core(a), _core(b)
    ga, gb = set(a) - set(ca), set(b) - set(cb)
    if ga != gb and " ".join(ca if ga else cb) in distinct:
        return False
    if ga and ga == gb and (len(ca) == 1 or len(cb) == 1):  # "Trump Jr." and "Donald Trump Jr."
        return set(ca) <= set(cb) or set(cb) <= set(ca)
    if len(ca) < 2 or len(cb) < 2:
        return False
    sa, sb = set(ca), set(cb)
    return sa <= sb or sb <= sa or (ca[0] == cb[0] and ca[-1] == cb[-1])


def _generations(mentions: list[Mention], texts: dict[str, str]) -> tuple[frozenset[str], frozenset[str]]:
    """The "Jr." and "Sr." names the story tells apart from the same name
    without it, as their core words, and those of them whose plain name the
    story titles while it never titles the suffixed one. A story tells them
    apart when it writes the generation after one word of the name ("Trump
    Jr.", "Donald Jr."), a word of kin next to it ("Mr. Trump’s two elder
    sons ... Donald Trump Jr."; ``texts``: each article's source), or when
    one of its articles titles the plain name and never the suffixed one
    ("President Trump" beside "Donald Trump Jr."). Else "James R. Clapper
    Jr." is "Director James Clapper", as newspapers of record print the one
    name in full. One pass over the mentions; the rest is per name."""
    suffixed: dict[frozenset[str], list[Mention]] = defaultdict(list)  # core words -> its mentions
    titled: dict[str, list[tuple[frozenset[str], bool]]] = defaultdict(list)  # doc -> (core, suffixed) titled
    for m in mentions:
        if m.kind != "person" or not m.name:
            continue
        toks = _tokens(m.name)
        core = frozenset(_core(toks))
        if not core:
            continue
        gen = len(core) < len(set(toks))
        if gen:
            suffixed[core].append(m)
        if m.role:
            titled[m.doc].append((core, gen))
    everywhere = [t for ts in titled.values() for t in ts]
    by_word: dict[tuple[str, str], list[tuple[frozenset[str], bool]]] = defaultdict(list)  # (doc, word) -> titled
    for d, ts in titled.items():
        for c, g in set(ts):
            for w in c:
                by_word[(d, w)].append((c, g))
    out: set[str] = set()
    plain_first: set[str] = set()
    for core, ms in suffixed.items():
        whole = max((c for c in suffixed if core <= c), key=len)  # "donald trump" of "trump"
        family = [c for c in suffixed if c <= whole]
        docs = {m.doc for c in family for m in suffixed[c]}
        near = {d: [(c, g) for w in whole for c, g in by_word.get((d, w), ()) if c <= whole] for d in docs}
        apart = any(not any(g for _, g in near[d]) and any(not g for _, g in near[d]) for d in docs)
        if apart or any(len(c) == 1 for c in family) or any(
                _KIN.search(texts.get(m.doc, ""), max(0, m.start - 80), m.end + 80)
                for c in family for m in suffixed[c][:20]):
            words = " ".join(_core(_tokens(ms[0].name or "")))
            out.add(words)
            if any(not g and c <= whole for c, g in everywhere) and not any(g and c <= whole for c, g in everywhere):
                plain_first.add(words)  # (once per "Jr." name the story tells apart: few)
    return frozenset(out), frozenset(plain_first)


class _People:
    """Full names of the story merged into persons (union of agreeing names)."""

    def __init__(self, mentions: list[Mention], texts: dict[str, str]):
        fulls = Counter(" ".join(_tokens(m.name or "")) for m in mentions
                        if m.kind == "person" and len(_tokens(m.name or "")) >= 2)
        self.names = [n for n, _ in fulls.most_common()]
        self.of: dict[str, str] = {}
        distinct, self.plain_first = _generations(mentions, texts)
        for n in self.names:  # most mentioned first: it names the person
            toks = n.split()
            self.of[n] = next((self.of[o] for o in self.of if _same_person(toks, o.split(), distinct)), n)
        self.count = fulls
        self.total: Counter[str] = Counter()
        for n, k in fulls.items():
            self.total[self.of[n]] += k
        self.roles: dict[str, Counter[str]] = defaultdict(Counter)  # person -> roles named with the full name
        for m in mentions:
            key = " ".join(_tokens(m.name or ""))
            if m.kind == "person" and m.role and key in self.of:
                self.roles[self.of[key]][m.role] += 1

    def full(self, name: str, local: Counter[str], role: str | None = None) -> str:
        """The person a name refers to: itself when full, else the most
        mentioned full name holding it (in the article first, then the story)."""
        toks = _tokens(name)
        key = " ".join(toks)
        if len(toks) >= 2:
            return self.of.get(key, key)
        hits = {self.of.get(n, n) for n in self.count if toks and toks[0] in n.split()}
        if len(hits) == 1:
            return hits.pop()
        if hits:  # "Trump" with Donald and Melania Trump: who bears the role, else who has roles most
            near = Counter({self.of.get(n, n): k for n, k in local.items()})
            # a "Jr." and the plain name are weighed as one family, then the one of them it means is chosen
            family = {n: " ".join(_core(n.split())) for n in hits}
            pooled = {f: [n for n in hits if family[n] == f] for f in set(family.values())}

            def weight(f: str) -> tuple[int, bool, int, int, str]:
                ns = pooled[f]
                return (sum(self.roles[n][role] for n in ns) if role else 0,
                        sum(sum(self.roles[n].values()) for n in ns) > 0,
                        sum(near[n] for n in ns), sum(self.total[n] for n in ns), f)
            ns = pooled[max(pooled, key=weight)]
            # (a surname alone is the plain name's person, not the "Jr.", where the story titles the plain
            # name and never the "Jr.": "President Trump" beside "Donald Trump Jr.")
            if len(ns) > 1 and family[ns[0]] in self.plain_first:
                return family[ns[0]] if family[ns[0]] in ns else min(ns, key=len)
            return max(ns, key=lambda n: (self.roles[n][role] if role else 0, sum(self.roles[n].values()) > 0,
                                          near[n], self.total[n], n == family[n], n))
        return key


def _display(person_key: str, mentions: list[Mention]) -> str:
    """The entity's most used written name, without a possessive ("Valdoria", not "Valdoria's")."""
    forms = Counter(_POSSESSIVE.sub("", m.name) for m in mentions
                    if m.name and " ".join(_tokens(m.name)) == person_key)
    return forms.most_common(1)[0][0] if forms else person_key.title()


_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def resolve(articles: list[Article]) -> list[tuple[Mention, str]]:
    """Every actor mention of the story with its entity key (``person:…``,
    ``country:…``, ``group:…``, ``org:…``, ``team:…``, ``name:…`` for a one-word
    name of no known person); unresolved role phrases are left out."""
    mentions = [m for a in articles for m in find_mentions(a)]
    people = _People(mentions, {a.name: a.source for a in articles})
    by_role: dict[tuple[str | None, str], Counter[str]] = defaultdict(Counter)
    by_country: dict[str, Counter[str]] = defaultdict(Counter)
    by_org: dict[str, Counter[str]] = defaultdict(Counter)  # "FBI" -> the persons titled with it
    local: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.kind == "person" and len(_tokens(m.name or "")) >= 2:
            local[m.doc][" ".join(_tokens(m.name or ""))] += 1
    keyed: list[tuple[Mention, str]] = []
    for m in mentions:
        if m.kind == "org":
            keyed.append((m, "org:" + " ".join(_tokens(m.name or ""))))
        elif m.kind == "person":
            p = people.full(m.name or "", local[m.doc], m.role)
            if len(p.split()) < 2:  # one word that names no person of the story
                keyed.append((m, "name:" + p))
                continue
            keyed.append((m, "person:" + p))
            if m.role:
                by_role[(m.country, m.role)][p] += 1
                by_role[(None, m.role)][p] += 1
            if m.country:
                by_country[m.country][p] += 1
            if m.org:
                by_org[_body(m.org)][p] += 1
                by_role[(_body(m.org), m.role or "")][p] += 1
        elif m.kind == "team":
            keyed.append((m, f"team:{people.full(m.name or '', local[m.doc])}:{m.role}"))
        elif m.kind in ("country", "group"):
            keyed.append((m, f"{m.kind}:{m.name}"))
    keyed = without_places(articles, labels(articles, keyed))
    keyed = short_papers(articles, without_non_persons(articles, without_common_phrases(articles, keyed)))
    out = list(keyed)
    main_country = _main(Counter(key[8:] for _, key in keyed if key.startswith("country:")))  # may be None
    person_at = {(m.doc, m.start): key for m, key in keyed if key.startswith("person:")}
    for m in mentions:  # "Valdorian leader Aurel Fenn": the role names the person after it
        if m.kind == "role" and m.role in PERSON_ROLES:
            nxt = m.end + (1 if m.doc in local else 1)
            key = person_at.get((m.doc, nxt))
            if key:
                by_role[(m.country, m.role)][key[7:]] += 1
                if m.country:
                    by_country[m.country][key[7:]] += 1
                if m.org:
                    by_org[_body(m.org)][key[7:]] += 1
                    by_role[(_body(m.org), m.role)][key[7:]] += 1
    home: dict[str, Counter[str]] = defaultdict(Counter)  # person -> the countries named with them
    for c, named in by_country.items():
        for p, k in named.items():
            home[p][c] += k
    antecedents = _Antecedents(keyed, home)
    # the leader a state role names ("the Trump administration": donald trump), and the country it names
    leaders = {id(m): people.full(m.name, local[m.doc]) for m in mentions
               if m.kind == "role" and m.role in STATE_ROLES and m.name}
    named_state: dict[str, Counter[str]] = defaultdict(Counter)  # "administration" -> countries named with it
    for m in mentions:
        if m.kind == "role" and m.role in STATE_ROLES:
            state = m.country or (_top(home.get(leaders[id(m)])) if m.name else None)
            if state:
                named_state[m.role][state] += 1
    orgs_of: dict[str, set[str]] = defaultdict(set)  # person -> the bodies the story titles them with
    for org, holders in by_org.items():
        for p in holders:
            orgs_of[p].add(org)
    for m in mentions:
        if m.kind != "role" or not m.role or m.role in STATE_ROLES:
            continue
        key = _role_person(m, by_role, by_org, orgs_of, by_country, home, main_country, antecedents)
        if key:
            out.append((m, "person:" + key))
    # "his government": the persons just resolved ("The president ... his administration") are antecedents too
    antecedents = _Antecedents(out, home)
    for m in mentions:
        if m.kind != "role" or m.role not in STATE_ROLES:
            continue
        # the country named with it ("the Russian government", "the Trump administration"), else that of
        # the person or country just before a possessive ("his government"), else the country the story
        # names with that word ("the administration"), else the story's most mentioned country
        if m.name:  # "the Trump administration": the country of that leader; a word that names no
            # person of the story ("the Veltish government") is left unresolved
            head = leaders[id(m)]
            person = len(head.split()) >= 2 and head.split()[-1] == (_tokens(m.name) or [""])[-1]
            leader: str | None = head
            country = m.country or _top(home.get(head)) or (
                _top(named_state.get(m.role)) or main_country if person else None)
        else:
            leader, country = antecedents.country(m)
            if not country and not leader and m.role == "administration":
                # "the administration" with no owner: the story's president's, when the country it
                # would name is titled with another leader (a story about Russia and Mr. Putin)
                leader = _top(by_role.get((None, "president")))
            country = m.country or country or _top(named_state.get(m.role)) or main_country
        if leader and len(leader.split()) >= 2 and not m.country and not home.get(leader):
            # "the Trump administration", or "the administration" of a story whose president is Mr. Trump,
            # where the story never says Mr. Trump's country: not the story's main country (Zimbabwe, North
            # Korea), but the leader's own people, as "the Trump campaign" is
            out.append((m, f"team:{leader}:{m.role}"))
        elif country:
            out.append((m, "country:" + country))
    out.sort(key=lambda x: (x[0].doc, x[0].start))
    return out


def _role_person(m: Mention, by_role: dict[tuple[str | None, str], Counter[str]], by_org: dict[str, Counter[str]],
                 orgs_of: dict[str, set[str]], by_country: dict[str, Counter[str]], home: dict[str, Counter[str]],
                 main_country: str | None, antecedents: _Antecedents) -> str | None:
    """The person a role phrase names ("the president", "the former FBI
    director", "the North Korean dictator"), or None."""
    if m.org:  # "the former FBI director", "the NATO chief": who holds that title of that body
        org = _body(m.org)
        pool = by_role.get((org, m.role or "")) or (by_org.get(org) if m.role in GENERIC_LEADERS else None)
        if pool:
            return pool.most_common(1)[0][0]
        # else a holder of that title named with no body ("the House speaker": "Speaker Nancy Pelosi"),
        # never one named with another body ("the F.B.I. director" is not "CIA Director Mike Pompeo")
        pool = Counter({p: k for p, k in (by_role.get((None, m.role or "")) or {}).items()
                        if not orgs_of.get(p, set()) - {org}})
        return pool.most_common(1)[0][0] if pool else None
    pool = by_role.get((m.country, m.role or "")) or _of_country(by_role.get((None, m.role or "")), m.country, home,
                                                                  main_country)
    if pool:
        return pool.most_common(1)[0][0]
    if m.role not in LEADER_ROLES + GENERIC_LEADERS:
        return None
    # "the North Korean dictator", "the leader": no one holds that title, so the leader of that
    # country, else the leader named last before it
    pool = by_country.get(m.country) if m.country else \
        _pooled(by_role, LEADER_ROLES, None) if m.role in ANY_LEADER else None
    if pool:
        return antecedents.person(m, pool) or pool.most_common(1)[0][0]
    return None


def _body(org: str) -> str:
    """One key for a body however it is written ("F.B.I." and "FBI")."""
    return re.sub(r"[.\s]", "", org).lower()


def _of_country(pool: Counter[str] | None, country: str | None,
                home: dict[str, Counter[str]], main: str | None = None) -> Counter[str] | None:
    """The persons of ``pool`` who may be of ``country``: all of them when no
    country is asked, else those the story names with it, and those it names
    with none when it is the story's main country ("the Ukrainian president"
    is not the US president the story names, nor "the Russian leader" the
    Senate's leader; "a U.S. senator" may be the senator of a US story)."""
    if not pool or country is None:
        return pool
    return Counter({p: k for p, k in pool.items()
                    if country in home.get(p, ()) or (not home.get(p) and country == main)}) or None


MAIN_COUNTRY_MENTIONS = 3  # a story's main country is named this often at least


def _main(countries: Counter[str]) -> str | None:
    """The story's most mentioned country, when it is named often enough to
    be the one a bare "the government" means (a story about a country the
    gazetteer does not know names others only in passing: "in English")."""
    top = countries.most_common(1)
    return top[0][0] if top and top[0][1] >= MAIN_COUNTRY_MENTIONS else None


def _top(counts: Counter[str] | None) -> str | None:
    return counts.most_common(1)[0][0] if counts else None


class _Antecedents:
    """What a role phrase points back to in its article: the country of the
    nearest person or country before a possessive state role ("his
    government"), the nearest fitting person before a bare "the leader"."""

    WINDOW = 400  # characters looked back

    def __init__(self, keyed: list[tuple[Mention, str]], home: dict[str, Counter[str]]):
        self.home = home
        self.countries: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.people: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for m, key in sorted(keyed, key=lambda x: (x[0].doc, x[0].start)):
            kind, _, ident = key.partition(":")
            if kind == "person":
                self.people[m.doc].append((m.start, ident))
            country = ident if kind == "country" else _top(home.get(ident)) if kind == "person" else None
            if country:
                self.countries[m.doc].append((m.start, country))

    def _before(self, items: list[tuple[int, str]], m: Mention) -> list[str]:
        """The idents mentioned within the window before ``m``, nearest last."""
        lo = bisect.bisect_left(items, (m.start - self.WINDOW, ""))
        hi = bisect.bisect_left(items, (m.start, ""))
        return [ident for _, ident in items[lo:hi]]

    def person(self, m: Mention, pool: Counter[str]) -> str | None:
        """The person of ``pool`` mentioned last before ``m`` in its article, if near."""
        return next((p for p in reversed(self._before(self.people.get(m.doc, []), m)) if p in pool), None)

    def country(self, m: Mention) -> tuple[str | None, str | None]:
        """(person, country) a possessive state role points back to: "its
        government", the country named last before it; "his government", the
        person named last before it and their country (not a country named
        nearer: "Abe is looking for more U.S. support of his government's
        efforts"), which is None when the story gives that person none."""
        if re.match(r"(?i)(?:his|her)\b", m.text):
            people = self._before(self.people.get(m.doc, []), m)
            return (people[-1], _top(self.home.get(people[-1]))) if people else (None, None)
        if not re.match(r"(?i)(?:its|their)\b", m.text):
            return None, None
        before = self._before(self.countries.get(m.doc, []), m)
        return None, (before[-1] if before else None)


LEADER_ROLES = ("leader", "dictator", "strongman", "president", "premier", "prime minister", "chancellor", "king",
                "queen", "monarch")


# words for a head of state that fit any country's ("the dictator"), and with "chief" the head of whatever
# body is named with them ("the NATO chief")
ANY_LEADER = ("leader", "dictator", "strongman")
GENERIC_LEADERS = (*ANY_LEADER, "chief")


def _pooled(by_role: dict[tuple[str | None, str], Counter[str]], roles: tuple[str, ...],
            country: str | None) -> Counter[str]:
    """The persons named with any of ``roles`` (of ``country`` when given)."""
    out: Counter[str] = Counter()
    for (c, r), people in by_role.items():
        if r in roles and (country is None or c == country):
            out.update(people)
    return out


def _form(m: Mention) -> str:
    t = re.sub(r"\s+", " ", m.text).strip()
    t = re.sub(r"^(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts)\s+", "the ", t)
    return t


def naming(articles: list[Article], *, top: int = 10, min_mentions: int = 3,
           resolved: list[tuple[Mention, str]] | None = None) -> dict[str, Any]:
    """The story's actors and how each outlet names them (see the module doc);
    ``resolved`` is :func:`resolve` of the articles, when already done."""
    outlet_of = {a.name: a.outlet or a.name for a in articles}
    resolved = resolve(articles) if resolved is None else resolved
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for m, key in resolved:
        by_entity[key].append(m)
    countries = gazetteer()["countries"]
    actors: list[dict[str, Any]] = []
    for key, ms in by_entity.items():
        if len(ms) < min_mentions:
            continue
        kind, _, ident = key.partition(":")
        name = (countries[ident]["name"] if kind == "country" and ident in countries
                else _display(ident, ms) if kind in ("person", "org", "name")
                else _team_name(ident, ms) if kind == "team" else ident)
        outlets: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for m in ms:
            f = outlets[outlet_of[m.doc]].setdefault(_form(m), {"form": _form(m), "count": 0,
                                                                 "cite": {"doc": m.doc, "start": m.start,
                                                                          "end": m.end}})
            f["count"] += 1
        # a label is a descriptive form only some outlets use; "the president", "President" and
        # "President's" are one label, shown as its most used written form
        users: dict[str, set[str]] = defaultdict(set)
        shown: dict[str, Counter[str]] = defaultdict(Counter)
        quoted = {_form(m) for m in ms if m.kind == "label"}  # "Rocket Man": a nickname is a label
        for o, forms in outlets.items():
            for fm, f in forms.items():
                if _descriptive(fm, name) or fm in quoted:
                    users[_label_key(fm)].add(o)
                    shown[_label_key(fm)][_POSSESSIVE.sub("", fm)] += f["count"]
        labels = sorted(c.most_common(1)[0][0] for k, c in shown.items() if len(users[k]) < len(outlets)) \
            if len(outlets) > 1 else []
        actors.append({"entity": name, "kind": kind, "mentions": len(ms),
                       "outlets": {o: sorted(f.values(), key=lambda x: (-x["count"], x["form"]))
                                   for o, f in sorted(outlets.items())},
                       "labels": labels})
    actors.sort(key=lambda a: (-len(a["outlets"]), -int(a["mentions"]), str(a["entity"])))
    return {"actors": actors[:top]}


def _label_key(form: str) -> str:
    """One key for the forms of one label: "the President's", "President" -> "president"."""
    return re.sub(r"^the\s+", "", _POSSESSIVE.sub("", form.lower()))


def _team_name(ident: str, mentions: list[Mention]) -> str:
    """"Donald Trump's campaign" for ``donald trump:campaign``."""
    person, _, noun = ident.rpartition(":")
    forms = Counter(_POSSESSIVE.sub("", m.name) for m in mentions if m.name and len(_tokens(m.name)) >= 2)
    shown = forms.most_common(1)[0][0] if forms else person.title()
    return f"{shown}’s {noun}"


def _descriptive(form: str, name: str) -> bool:
    """Whether a form describes rather than names ("the North Korean dictator")."""
    low = form.lower()
    if any(t in low for t in _tokens(name)):
        return False
    return any(re.search(rf"\b{re.escape(r)}\b", low) for r in PERSON_ROLES + STATE_ROLES) or low.startswith("the ")
