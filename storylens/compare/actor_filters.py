"""Which of a story's actor mentions name no actor, and which are labels.

Story-level readings that :func:`~.naming.resolve` applies to the keyed
mentions before it resolves roles:

* :func:`labels`: a name in quotation marks that a verb of naming gives
  someone ("Trump referred to Kim as “Rocket Man”") is a label of that
  person (``kind="label"``, the whole quoted name);
* :func:`without_places`: a name the story writes after "in" or "near" in
  half of its mentions or more, never titled, is a place ("in San Diego");
* :func:`without_common_phrases`: a capitalised phrase made of words the
  story also writes in lower case, never titled and with no known first
  name, is no person ("Inaugural Address", "Witch Hunt");
* :func:`without_non_persons`: a name of two words or more, never titled,
  with no known first name and no surname written alone, that spaCy's
  entity recogniser reads as a body, a law, a place or the like wherever it
  is asked and never as a person, is no person: a body when read as one
  ("WorldHarbor Terminals", "Goldman Sachs"), else no actor ("Social
  Security", "Hurricane Sandy");
* :func:`short_papers`: "the Times" is the one paper of the story whose
  name ends so ("The New York Times").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import cache
from typing import Any

from ..annotate.attribution.first_names import first_name_gender
from ..errors import ModelUnavailableError
from ..models import Article
from .mentions import PAPER_WORDS, Mention

__all__ = ["labels", "without_places", "without_common_phrases", "without_non_persons", "short_papers"]


# a name given in quotation marks after a verb of naming and whom it names ("referred to Kim as “Rocket
# Man”", "nicknamed him “Little Rocket Man”", "calls Mr. Fenn “the toll king”")
_LABELLED = re.compile(r"\b(?:call(?:s|ed|ing)?|referr(?:ed|ing)\s+to|refers?\s+to|nicknam(?:ed|es|ing)|dubb(?:ed|ing)|"
                       r"dubs|label+(?:ed|ing|s)|brand(?:ed|ing|s)|derid(?:ed|es|ing))\s+"
                       r"(?P<obj>him|her|(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})"
                       r"\s+(?:as\s+)?(?:an?\s+|the\s+)?[“\"]\s*$")
_SUBJECT_GAP = re.compile(r"\s+(?:(?:has|have|had|also|previously|repeatedly|once|often|then|later|again|even|"
                          r"publicly|long|since)\s+)*")
_LABEL_END = re.compile(r"[^“”\"\n]{1,60}?(?=,?\s*[”\"])")


def labels(articles: list[Article], keyed: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """A name in quotation marks that a verb of naming gives someone ("Trump
    referred to Kim as “Rocket Man”") is a label of that person: its mention
    (widened to the whole quoted label, "Little Rocket Man") takes their key."""
    src = {a.name: a.source for a in articles}
    at = {(m.doc, m.start): key for m, key in keyed}
    people: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for m, key in keyed:
        if key.startswith("person:"):
            people[m.doc].append((m.start, m.end, key))
    for v in people.values():
        v.sort()
    out = []
    for m, key in keyed:
        if m.kind != "person":  # a nickname reads as a name ("Rocket Man"), not a role ("the congresswoman")
            out.append((m, key))
            continue
        text = src.get(m.doc, "")
        open_at = max(text.rfind("“", max(0, m.start - 30), m.start), text.rfind('"', max(0, m.start - 30), m.start))
        hit = _LABELLED.search(text, max(0, open_at - 80), open_at + 1) if open_at >= 0 else None
        end = _LABEL_END.match(text, open_at + 1) if hit else None
        if hit is None or end is None or end.end() < m.end:
            out.append((m, key))
            continue
        obj = hit.group("obj")
        if obj in ("him", "her"):
            # the person named last before, not the verb's subject ("Dorner nicknamed him …" is not Dorner)
            before = [(e0, k) for s0, e0, k in people.get(m.doc, []) if e0 <= hit.start() and hit.start() - s0 < 400]
            subject = next((k for e0, k in reversed(before) if _SUBJECT_GAP.fullmatch(text, e0, hit.start())), None)
            owner = next((k for _e0, k in reversed(before) if k != subject), None)
        else:
            owner = at.get((m.doc, hit.start("obj")))
            if owner is None and obj.split()[0] in ("Mr.", "Mrs.", "Ms.", "Dr."):
                owner = at.get((m.doc, hit.start("obj") + len(obj.split()[0]) + 1))
        if owner is None or owner == key or not owner.startswith(("person:", "country:", "org:", "group:")):
            out.append((m, key))
            continue
        said = text[open_at + 1:end.end()]
        if not all(w[:1].isupper() for w in said.split() if w.lower() not in ("of", "the", "a", "and", "in")):
            out.append((m, key))  # a name in title case ("Little Rocket Man"), not a description
            continue
        lo = open_at + 1 + len(said) - len(said.lstrip())
        hi = end.end() - (len(said) - len(said.rstrip(" .,!?;:")))
        label = Mention(m.doc, lo, hi, text[lo:hi], "label")
        out.append((label, owner))
    return out


# a word that puts what follows in a place ("in San Diego", "near Tel Aviv"); not "at", "to" or "from",
# which people follow as often ("aimed at Trump", "spoke to Fenn")
_LOCATIVE = re.compile(r"\b(?:in|near|outside|inside|across|throughout|into|toward|towards|around)\s+(?:the\s+)?$",
                       re.IGNORECASE)


# a lower-case word after a name that the name modifies ("the Bush administration", "the Obama years",
# "Bush v. Gore"), unless it is one that follows a place ("in Tijuana on Monday", "in Lincoln where")
_MODIFIES = re.compile(r"\s+(?!(?:on|in|at|and|or|for|to|from|with|where|when|while|last|this|that|since|during|after|"
                       r"before|until|by|as|but|is|was|are|were|has|had|will|would|said|says|which|who|because|"
                       r"earlier|later|today|yesterday|tomorrow|over|under|near|about)\b)[a-z]")


def without_places(articles: list[Article], keyed: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """Without the "persons" the story writes as places: a name written after
    "in" or "near" in at least half of its mentions (not counting possessives:
    "in Trump's view"), never with a title or role ("in San Diego", "near
    Tel Aviv": a place, no actor)."""
    src = {a.name: a.source for a in articles}
    seen: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # key -> [mentions, after a locative]
    titled: set[str] = set()
    for m, key in keyed:
        if not key.startswith(("person:", "name:")) or m.kind != "person":
            continue
        if m.role or m.org or m.country:
            titled.add(key)
        text = src.get(m.doc, "")
        if text[m.end:m.end + 2] in ("'s", "’s") or m.text.endswith(("'s", "’s")):
            continue
        seen[key][0] += 1
        seen[key][1] += bool(_LOCATIVE.search(text, max(0, m.start - 16), m.start)) \
            and not _MODIFIES.match(text, m.end)  # "in the Bush administration" is no place
    places = {k for k, (n, loc) in seen.items() if loc and 2 * loc >= n and k not in titled}
    return [(m, key) for m, key in keyed if key not in places]


def without_common_phrases(articles: list[Article],
                            keyed: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """Without the "persons" made of words the story also writes in lower
    case, never titled and with no known first name: a capitalised phrase
    ("Social Security", "Equal Rights Amendment", "Disease Control"), no
    one's name ("Rick Perry": "perry" is never written so; "Mark Brown" has a
    first name)."""
    lower: set[str] = set()
    for a in articles:
        lower.update(re.findall(r"\b[a-z][a-z'’]+\b", a.source))
    titled = _titled(keyed)
    common = set()
    for _m, key in keyed:
        words = key[7:].split() if key.startswith("person:") else []
        if len(words) >= 2 and key not in titled and first_name_gender(words[0]) is None \
                and all(w in lower for w in words):
            common.add(key)
    return [(m, key) for m, key in keyed if key not in common]


_TITLED = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s")


def _titled(keyed: list[tuple[Mention, str]]) -> set[str]:
    """The person keys the story names with a title, a role, a body or a country at least once."""
    return {key for m, key in keyed if key.startswith("person:") and (m.role or m.org or m.country
                                                                       or _TITLED.match(m.text))}


def short_papers(articles: list[Article], keyed: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """A paper called by "the" and its last word ("the Times", "the
    Journal") is the one paper of the story whose name ends with it ("The New
    York Times"); with two such papers, or none, it stays as it is (and
    "defend Post" of a diplomatic post is no paper)."""
    src = {a.name: a.source for a in articles}
    longer: dict[str, set[str]] = defaultdict(set)
    for _m, key in keyed:
        words = key[4:].split() if key.startswith("org:") else []
        if len(words) >= 2 and words[-1] in PAPER_WORDS:
            longer[words[-1]].add(key)
    out = []
    for m, key in keyed:
        short = key[4:] if key.startswith("org:") else ""
        if short in PAPER_WORDS and len(longer.get(short, ())) == 1 \
                and src.get(m.doc, "")[max(0, m.start - 4):m.start].lower() == "the ":
            key = next(iter(longer[short]))
        out.append((m, key))
    return out


def _bare_word(name: str) -> str:
    """"Priebus’s" -> "priebus"."""
    return re.sub(r"['’]s?$", "", name.strip(".,")).lower()


_NOT_PERSON = frozenset("ORG LAW GPE LOC FAC EVENT NORP PRODUCT WORK_OF_ART".split())
MAX_ASKED = 40  # names asked about per story (a bound: a text of thousands of names)
_SENTENCE = re.compile(r"[^.!?\n]*[.!?]?")


@cache
def _recogniser() -> Any:
    from ..annotate.nlp import load_nlp

    try:
        return load_nlp(disable=("parser", "lemmatizer"))
    except ModelUnavailableError:
        return None


def without_non_persons(articles: list[Article], keyed: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """The "persons" that spaCy's entity recogniser reads as something else in
    the sentences of their first two mentions (a body, a law, a place; never
    a person) become that body, or no actor at all, when never titled, with
    no known first name and a last word the story never writes alone
    ("Priebus said" makes Reince Priebus a person whatever the recogniser
    reads). A name it does not read at all stays a person; at most
    ``MAX_ASKED`` names are asked about; without an English pipeline
    nothing changes."""
    src = {a.name: a.source for a in articles}
    titled = _titled(keyed)
    # a surname the story also writes alone is a person's ("Priebus said"): never asked about
    alone = {_bare_word(m.name) for m, _key in keyed if m.kind == "person" and m.name and len(m.name.split()) == 1}
    asked: dict[str, list[Mention]] = {}
    for m, key in keyed:
        words = key[7:].split() if key.startswith("person:") else []
        if len(words) < 2 or key in titled or first_name_gender(words[0]) is not None or m.kind != "person" \
                or words[-1] in alone:
            continue
        if key in asked:
            if len(asked[key]) < 2:
                asked[key].append(m)
        elif len(asked) < MAX_ASKED:
            asked[key] = [m]
    if not asked or (nlp := _recogniser()) is None:
        return keyed
    windows: list[tuple[str, int, int, str]] = []  # (key, start, end of the mention in the window, window)
    for key, ms in asked.items():
        for m in ms:
            text = src.get(m.doc, "")
            lo = max(0, m.start - 300)
            a = max(text.rfind(". ", lo, m.start) + 2, text.rfind("\n", lo, m.start) + 1, lo)
            b = min(len(text), m.end + 300)
            cut = re.search(r"[.!?](?:\s|$)|\n", text[m.end:b])
            b = m.end + cut.end() if cut else b
            windows.append((key, m.start - a, m.end - a, text[a:b]))
    labels: dict[str, set[str]] = defaultdict(set)
    try:
        docs = nlp.pipe([w for *_, w in windows], batch_size=64)
        for (key, s0, e0, _w), doc in zip(windows, docs, strict=True):
            labels[key] |= {e.label_ for e in doc.ents if e.start_char < e0 and s0 < e.end_char}
    except (UnicodeError, ValueError):  # a lone surrogate the recogniser cannot encode: no answer for any
        return keyed
    other: dict[str, str | None] = {}  # key -> the body's key, or None: no actor
    for key, found in labels.items():
        if found and found <= _NOT_PERSON:
            # a body stays an actor under its name ("WorldHarbor Terminals"); a law, a place, an event goes
            other[key] = "org:" + key[7:] if "ORG" in found else None
    out = []
    for m, key in keyed:
        if key not in other:
            out.append((m, key))
        elif other[key] is not None:
            out.append((replace(m, kind="org"), str(other[key])))
    return out
