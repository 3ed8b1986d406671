"""Who "he" or "she" is: the person a pronoun speaker mention stands for.

A mixin of :class:`~.finder.QuoteFinder`. News prose keeps its topic in the
subject: "But Judge Ilse Marrow was not persuaded. “I’m being pulled
both ways,” she told …" — the *he* is the person the sentence before opens with,
not the last speaker quoted. :meth:`AntecedentPasses._antecedent` walks back
from the pronoun, sentence by sentence (its own sentence first, three before
it at most, within two paragraphs), and takes

1. the person a sentence opens with (after a conjunction, an adverb or a
   title; ``Mr. Trump’s desire …`` opens with Mr. Trump), gender permitting;
2. if the sentence opens with another *he*/*she*, the sentence before
   (a chain of pronouns keeps one topic);
3. else the last person the sentence names outside quotation marks.

Persons are the article's (:class:`~.names.NameIndex`); a mention inside a
quotation, and a person of the other gender, is never the antecedent. When
nothing is found the finder falls back on the speakers quoted before.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .cues import PRONOUN_GENDER

if TYPE_CHECKING:
    from .found import Para
    from .names import NameIndex

__all__ = ["AntecedentPasses"]

_OPENERS = {"but", "and", "yet", "so", "still", "however", "meanwhile", "instead", "then", "later", "earlier", "back",
            "now", "also", "even", "indeed", "today", "the", "a", "an"}
_SENTENCES_BACK = 3
# an inverted attribution right before a name (", said Rick Tyler")
_CLAUSE_END = re.compile(r"\s*(?:[.,;]|$)")
_SAID_BEFORE = re.compile(r"[,—–]\s*(?:said|says|added|adds|wrote|writes|argued|argues|noted|notes)\s+$")
LAST_NAMED = True  # without an opening subject, the last person a sentence names
# (the shortest role before a verb: "The president addressed a packed crowd" is "The president")
_ROLE_OPENING = re.compile(r"((?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s+(?:[a-z]+ed|[a-z]+s|said|told|was|has|had|is|will|would)\b")


class AntecedentPasses:
    """Pronoun antecedents of :class:`~.finder.QuoteFinder` (which sets the attributes below)."""

    text: str
    paras: list[Para]

    if TYPE_CHECKING:
        @property
        def names(self) -> NameIndex: ...
        def _para_index(self, pos: int) -> int: ...

    def _sentence_spans(self, pos: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Sentences (start, end, quotation spans) up to ``pos``, latest first:
        the part of ``pos``'s own sentence before it, then the ones before."""
        pi = self._para_index(pos)
        out: list[tuple[int, int, list[tuple[int, int]]]] = []
        for k in range(pi, max(-1, pi - 2), -1):
            p = self.paras[k]
            # the sentences starting before ``pos`` (found by bisection: a paragraph
            # of thousands of quoted sentences must not be walked for each pronoun)
            toks, end = p.toks, p.end
            last = bisect.bisect_left(p.sents, pos, key=lambda r: toks[r[0]].start if r[0] < len(toks) else end)
            for j in range(last - 1, -1, -1):
                lo, hi = p.sents[j]
                if hi <= lo:
                    continue
                s, e = p.toks[lo].start, p.toks[hi - 1].end
                quotes = [(t.quote.start, t.quote.end) for t in p.toks[lo:hi] if t.quote is not None]
                out.append((s, min(e, pos), quotes))
                if len(out) > _SENTENCES_BACK:
                    return out
        return out

    def _antecedent(self, pos: int, gender: str | None) -> str | None:
        """The person a *he*/*she* at ``pos`` stands for (see the module doc), or ``None``."""
        names = self.names

        def fits(name: str) -> bool:
            g = names.gender(name)
            return gender not in ("m", "f") or g in (None, gender)
        for s, e, quotes in self._sentence_spans(pos):
            within = names.mentions[bisect.bisect_left(names.mention_starts, s):
                                    bisect.bisect_right(names.mention_starts, e)]
            people = [(ms, me, n) for ms, me, n in within if me <= e
                      and not any(a <= ms < b for a, b in quotes) and names.real_person(n)]
            # "Rubio, Bush, even Cruz would have stayed in the deal, said Rick Tyler, a consultant.": the
            # speaker of a sentence-closing attribution is who the sentence is about
            # (not "…, said Steele needs to apologize": there the name opens what was said)
            speaker = next((n for ms, me, n in reversed(people)
                            if _SAID_BEFORE.search(self.text, max(s, ms - 16), ms) and _CLAUSE_END.match(self.text, me)),
                           None)
            if speaker and fits(speaker):
                return speaker
            opener, word = self._opening_word(s, e, quotes)
            subject = self._subject_person(people, opener) if opener is not None else None
            if subject and fits(subject):
                return subject
            if PRONOUN_GENDER.get(word) == gender and opener is not None:
                # "After Fenn lost the vote, he said …": the person of the opening phrase, not
                # its agent ("Asked by Vass about the levy, he said …"); else the topic runs on
                # from the sentence before ("He said …")
                lead = next((n for ms, _me, n in people if ms < opener and fits(n)
                             and not self._governed(s, ms)), None)
                if lead:
                    return lead
                continue
            role = self._opening_role(opener, e) if opener is not None else None
            if role and fits(role):
                return role  # "The president opted …": the article's president
            if LAST_NAMED:
                # the last person the sentence names, but not an owner after a verb or preposition
                # ("critical of Obama's policy", "condemned Mr. Trump's approach"; "…, Beck's stood out" is)
                for ms, me, n in reversed(people):
                    if e == pos and self._governed(s, ms):
                        continue  # "Of Obama, he said": in the pronoun's own opening phrase, its topic
                    if fits(n) and not (_POSSESSIVE.search(self.text, ms, min(me + 2, e))
                                        and _GOVERNED.search(self.text, max(s, ms - 30), ms)):
                        return n
        return None

    def _governed(self, s: int, ms: int) -> bool:
        """Whether the person named at ``ms`` (in a sentence from ``s``) is the
        agent of a phrase ("Asked by Vass about the levy,") or the topic of the
        preposition the sentence opens with ("Of Obama, he said"); not one in
        an opening clause ("When the draft was sent to Mr. Petraeus, he …")."""
        return bool(_BY_BEFORE.search(self.text, max(s, ms - 4), ms)
                    or _TOPIC_OPENING.fullmatch(self.text, s, ms)
                    or ms == s and _TOPIC_OPENING.match(self.text, ms))

    def _subject_person(self, people: list[tuple[int, int, str]], opener: int) -> str | None:
        """The person named where a sentence's subject starts: the mention at
        the opener, or one after capitalised words that lead to it ("Fox
        News’ Bret Baier noticed"); not a person of an opening phrase the
        subject follows ("Asked by Mr. Vass about the levy, Fenn said")."""
        for ms, me, n in people:
            if ms <= opener < me:
                return n
            if ms > opener:
                # (not a name set off by commas: "Asked by the moderator, ABC News’ Ana Tovar,
                # about the levy, Fenn said" opens with a phrase the subject follows)
                between = self.text[opener:ms]
                if "," not in between and all(w[:1].isupper() for w in between.split()) \
                        and self.text[me:me + 1] != ",":
                    return n
                return None
        return None

    def _opening_role(self, k: int, e: int) -> str | None:
        """The person a role phrase opening a sentence names ("The president
        opted …", "The senator said …"), when the article licenses it."""
        m = _ROLE_OPENING.match(self.text, max(0, k - 4), e)
        if m is None or m.end(1) < k:
            return None
        words = m.group(1).split()
        while len(words) > 2 and words[-1] in _VERB_ADVERBS:
            words.pop()  # "The chief justice also asked …"
        return self.names.role(" ".join(words), k)

    def _past_apposition(self, k: int, e: int) -> int:
        """After an opening phrase ending at ``k``: past a capitalised name set
        off by commas and the asides after it (a participle, a preposition, a
        relative clause), when a capitalised subject follows them; else ``k``."""
        end = self.text.find(",", k, min(e, k + 60))
        words = self.text[k:end].split() if end > 0 else []
        if not words or len(words) > 5 or not all(w[:1].isupper() for w in words):
            return k
        j = end + 1
        for n in range(3):  # the asides: "opening the debate with …, which happened …,"
            m = re.match(r"\s*([a-z]+)", self.text[j:e])
            # (the first a participle or a preposition: after "Fenn, who …," Fenn is the subject)
            relative = n > 0 and m is not None and m.group(1) in ("which", "who", "whose", "where")
            if m is None or not (m.group(1).endswith(("ing", "ed")) or m.group(1) in _PREPOSITIONS or relative):
                break
            nxt = self.text.find(",", j, min(e, j + 160))
            if nxt < 0:
                return k
            j = nxt + 1
        if j == end + 1 or not re.match(r"\s*[A-Z]", self.text[j:e]):
            return k  # no aside, or no subject after them: the name was the subject ("…, Fenn, who …, said")
        return j

    def _opening_word(self, s: int, e: int, quotes: list[tuple[int, int]]) -> tuple[int | None, str]:
        """Offset and lower-case text of the word where a sentence's subject
        starts: past conjunctions, adverbs, articles and title words, past a
        quotation opening it ("“…,” Rutte said"), past an opening phrase set
        off by a comma ("Speaking to reporters on Friday, Rutte …")."""
        k, words, skipped_phrase = s, 0, False
        while k < e and words < 6:
            while k < e and not self.text[k].isalnum():
                k += 1
            inside = next((b for a, b in quotes if a <= k < b), None)
            if inside is not None:
                k = inside + 1  # a quotation opening the sentence: its speaker follows
                continue
            if k >= e:
                return None, ""
            j = k
            while j < e and (self.text[j].isalnum() or self.text[j] in "’'-."):
                j += 1
            word = self.text[k:j].lower().rstrip(".")
            if word in _OPENERS or (self.text[k].isupper() and word in _TITLES):
                k, words = j, words + 1
                continue
            comma = self.text.find(",", j, min(e, j + 80))
            if not skipped_phrase and words <= 1 and comma > 0 and (word.endswith(("ing", "ed")) or word in _PREPOSITIONS):
                # "Speaking to Kestrow Radio on Monday, Fenn …"; past a name in apposition inside the
                # phrase too ("Asked by the moderator, ABC News’ Ana Tovar, about the levy, Fenn said")
                k, skipped_phrase = self._past_apposition(comma + 1, e), True
                continue
            return k, word
        return None, ""


_POSSESSIVE = re.compile(r"\w['’]s?(?!\w)")  # "Obama's", "Jesus'"
_BY_BEFORE = re.compile(r"\bby\s+$")
# a sentence opening with a preposition and a name: the name is its topic ("Of Obama, he said"); a
# name's mention may hold the preposition ("Of Obama" read as one capitalised run)
_TOPIC_OPENING = re.compile(r"\s*(?:Of|About|On|Regarding|Concerning|As for|Asked about)\s+")
# a lower-case word (a verb or preposition) right before a name, titles aside: "of Mr. Obama's"
_GOVERNED = re.compile(r"\b(?!and\b|but\b|while\b|as\b|when\b)[a-z]+\s+(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+)?$")

# adverbs between a subject and its verb ("The senator also said", "The judge then asked")
_VERB_ADVERBS = {"also", "then", "later", "again", "further", "still", "never", "often", "first", "previously",
                 "once", "repeatedly", "subsequently", "quickly", "immediately", "earlier"}
_PREPOSITIONS = {"in", "on", "at", "after", "before", "during", "from", "with", "without", "despite", "for",
                 "since", "until", "as", "by", "over", "amid", "following", "when", "while", "asked", "although",
                 "though", "if", "because", "once", "of", "about", "regarding", "concerning"}
_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "senator", "representative",
           "justice", "chief", "judge", "speaker", "secretary", "governor", "former", "vice", "house", "senate",
           "majority", "minority", "leader", "attorney", "general", "mayor", "rev", "father", "prime", "minister"}
