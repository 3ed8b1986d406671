"""One name per speaker across the articles of a story.

Each article resolves its own speaker mentions (:mod:`storylens.annotate.attribution`):
``Mr. Mattis`` becomes the ``Jim Mattis`` that article names, ``Fox`` the
``Vicente Fox`` it introduces. Outlets name people differently, though:
``Jim Mattis`` / ``James Mattis``, ``Hillary Clinton`` / ``Hillary Rodham
Clinton``, ``Felipe Calderon`` / ``Felipe Calderón``, and an article may give
only a surname. :func:`resolve_story_speakers` gathers the person names of all
the story's articles, joins the forms that can name one person
(:func:`~storylens.annotate.attribution.name_forms.same_person`; two forms
one article keeps apart, such as ``Donald Trump`` and ``Donald Trump Jr.``,
stay apart), and rewrites every quote's speaker to the fullest form of its
person (:func:`~storylens.annotate.attribution.name_forms.fullest`). A bare
surname takes the one person of the story with that surname. Organisations,
roles and unnamed sources are left as they are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from ..annotate.attribution.name_forms import fullest, near_spelling, non_speaker_name, parts, same_person, surname
from ..annotate.attribution.names import NameIndex, looks_person
from ..models import Article, Quote

__all__ = ["resolve_story_speakers", "speaker_names"]


def _person_forms(articles: list[Article], quotes: dict[str, list[Quote]]
                  ) -> tuple[Counter[str], Counter[str], set[tuple[str, str]]]:
    """Person name forms of the story with their counts and the number of
    articles using each, and the (first name, surname) pairs that one article
    gives to two people a suffix apart ("Donald Trump" and "Donald Trump Jr.")."""
    counts: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    apart: set[tuple[str, str]] = set()
    for art in articles:
        idx = NameIndex(art.source)
        suffixes: dict[tuple[str, str], set[str]] = defaultdict(set)
        for p in idx.persons.values():
            if len(p.name.split()) >= 2:
                counts[p.name] += max(1, p.count)
                pp = parts(p.name)
                if pp:
                    suffixes[(pp.first, pp.last)].add(pp.suffix)
                    if pp.suffix and (idx.generation_apart(p.name) or not pp.first):
                        # "President Trump" beside an untitled "Donald Trump Jr.", or "Trump Jr." written
                        # alone: the article tells a son from his father
                        apart.add((pp.first, pp.last))
        apart.update(k for k, v in suffixes.items() if len(v) > 1)
    for qs in quotes.values():
        for q in qs:
            if q.speaker and len(q.speaker.split()) >= 2 and looks_person(q.speaker):
                counts[q.speaker] += 1
    for form in counts:  # how many articles print each form
        uses[form] = sum(form in art.source for art in articles)
    return counts, uses, apart


def _kept_apart(a: str, b: str, apart: set[tuple[str, str]]) -> bool:
    pa, pb = parts(a), parts(b)
    return bool(pa and pb and pa.suffix != pb.suffix and (
        (pa.first, pa.last) in apart or (pb.first, pb.last) in apart
        or ("", pa.last) in apart or ("", pb.last) in apart))


def _clusters(counts: Counter[str], apart: set[tuple[str, str]]) -> list[list[str]]:
    """Forms joined into people: every two forms of a person can name one
    person and no article keeps them apart (most frequent forms first)."""
    clusters: list[list[str]] = []
    for form in sorted(counts, key=lambda f: (-counts[f], f)):
        home = None
        for c in clusters:
            if all(same_person(form, x) and not _kept_apart(form, x, apart) for x in c):
                home = c
                break
        if home is None:
            clusters.append([form])
        else:
            home.append(form)
    return clusters


def speaker_names(articles: list[Article], quotes: dict[str, list[Quote]]) -> dict[str, str]:
    """Speaker name -> the story's name for that person (only names that change)."""
    counts, uses, apart = _person_forms(articles, quotes)
    clusters = _clusters(counts, apart)
    canon: dict[str, str] = {}
    by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for c in clusters:
        best = fullest(c, uses)
        for f in c:
            canon[f] = best
        by_surname[surname(best)].append((sum(counts[f] for f in c), best))
    out: dict[str, str] = {}
    for qs in quotes.values():
        for q in qs:
            name = q.speaker
            if not name or name in out:
                continue
            if name in canon:
                if canon[name] != name:
                    out[name] = canon[name]
                continue
            found = _by_surname(name, by_surname)
            if found:
                out[name] = found
    return out


def _by_surname(name: str, by_surname: dict[str, list[tuple[int, str]]]) -> str | None:
    """The one person of the story a bare surname (``Mattis``, ``Trump Jr.``)
    names: the surname as written, else one letter apart (``Cowen`` for
    ``Cowan``) or the end of a prefixed surname (``Rourke`` of ``O’Rourke``)."""
    p = parts(name)
    if p is None or p.first or not name[:1].isupper() or non_speaker_name(name):
        return None
    cands = [(n, best) for n, best in by_surname.get(p.last, []) if (parts(best) or p).suffix == p.suffix]
    if not cands:
        cands = [(n, best) for last, xs in by_surname.items() for n, best in xs
                 if (near_spelling(last, p.last) or last.endswith(("’" + p.last, "'" + p.last)))
                 and (parts(best) or p).suffix == p.suffix]
    cands.sort(reverse=True)
    if len(cands) == 1 or (len(cands) > 1 and cands[0][0] >= 3 * cands[1][0]):
        return cands[0][1]
    return None


def resolve_story_speakers(articles: list[Article], quotes: dict[str, list[Quote]]) -> dict[str, list[Quote]]:
    """The story's quotes with each speaker named as the story names that
    person (new :class:`Quote` objects; see the module doc)."""
    mapping = speaker_names(articles, quotes)
    if not mapping:
        return quotes
    return {doc: [replace(q, speaker=mapping.get(q.speaker, q.speaker)) if q.speaker else q for q in qs]
            for doc, qs in quotes.items()}
