"""Quotations with speakers: who said what.

Pipeline, rule-based and linear in the text, with a dependency parse of the
few sentences the rules cannot settle:

1. :mod:`.marks` pairs quotation marks into regions, paragraph by
   paragraph (every mark style, nesting, quotes left open across paragraphs);
2. :mod:`.tokens` splits each paragraph into words with each quotation as one
   token, and into sentences;
3. :mod:`.rules` finds the cue and the speaker mention (:mod:`.phrases`) in
   the sentence (``X said``, ``said X``, ``X, a senator, said``, ``according
   to X``, ``as X put it``, ``X: …``, participle cues); a quoted transcript
   paragraph opening with a label in capitals (``"PENCE: …``) is the
   label's (:mod:`.context`);
4. quotes without a cue of their own continue the previous speaker's quote
   (same paragraph, or a paragraph that opens with the quote), take the
   speaker of a paragraph ending in ``said:``, the attribution line under
   their block (a line holding only a name) or the ``― Name`` byline closing
   their paragraph, or else the named subject of the sentence before
   (:mod:`.context`);
5. each quote is classified ``direct``, ``partial``, ``scare`` or ``title``;
6. speech quotes whose speaker is still missing, or rests on a doubtful cue
   (a coordinated ``… and said``, a participle, a non-speech verb, a cue word
   used as a noun), are settled on a spaCy parse of that one sentence
   (:mod:`.parse_rules`, run by :mod:`.parse_rerank`): the subject of the cue
   verb, or of the verb governing the quotation; ``use_parser=False`` keeps
   the rules alone;
7. a tiny learned reranker (:mod:`.reranker`, logistic weights fit on PolNeAR
   train; run by :mod:`.parse_rerank`) lets another candidate mention of the
   sentence (a cue's subject or inverted object, a pronoun, a relative
   pronoun's antecedent, the previous speaker) replace the rules' pick when
   it scores clearly higher, except where the text names the source outright
   (``EXPLICIT_ROUTES``); ``rerank=False`` keeps the rules' pick;
8. mentions are resolved to canonical names (:mod:`.names`): surnames and
   titles to full names, pronouns to the nearest compatible speaker.

Public entry points: :func:`extract_quotes` (an :class:`Article`) and
:func:`find_quotes` (plain text).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ...errors import AnnotationError
from ...models import Article, Quote
from ..language import not_english
from .antecedents import AntecedentPasses
from .context import ContextPasses
from .cues import BROAD_CUES, CUE_FORMS, PARTICIPLE_CUES, PRONOUN_GENDER, PRONOUNS
from .found import Cover, Found, Para, text_words
from .headlines import headline_subject, is_title_case
from .marks import paragraphs, scan_paragraph
from .name_forms import headline_run, non_speaker_name
from .names import SENTENCE_END, NameIndex
from .parse_rerank import ParseRerankPasses
from .parse_rules import DependencySpeakers
from .phrases import BE_FORMS, Mention, first_np, np_left, np_right
from .roles import STATE_NAMES, THING_NOUNS, role_head
from .rules import (
    Attribution,
    absolute_subject,
    find_in_after,
    find_in_before,
    is_broad_cue,
    is_cue,
    is_passive,
    possessed_remark,
    sentence_subject,
)
from .tokens import sentence_ranges, tokenize_paragraph

__all__ = ["extract_quotes", "finder_for", "find_quotes", "QuoteFinder"]

_SMALL = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "&", "with", "from", "or",
          "by", "is", "it", "as", "vs", "vs.", "de", "la", "le", "du", "y", "o", "n"}
_TITLE_PREV = {"on", "in", "of", "titled", "entitled", "film", "movie", "book", "show", "song",
               "album", "series", "program", "programme", "column", "novel", "play", "episode",
               "musical", "documentary", "magazine", "newspaper", "op-ed", "essay", "hit", "stars",
               "starred", "starring", "sang", "sing", "read", "reading", "watch", "watching",
               "hosted", "host", "anchor", "podcast", "channel", "network", "named", "aboard"}
_SCARE_PREV = {"so-called", "dubbed", "termed", "term", "word", "words", "phrase", "label",
               "labeled", "labelled", "nicknamed", "branded", "known", "coined", "quote-unquote",
               "slogan", "hashtag", "motto", "moniker", "nickname"}
# "called" naming a thing rather than reporting words (see ``_naming``; "dubbed" and the like
# make a scare quotation already, "titled" and "named" a title)
_NAMING_VERBS = {"called"}
_AUXILIARIES = {"has", "have", "had", "having", "did", "does", "do", "will", "would", "could", "should", "may",
                "might", "must", "can", "also", "once", "then", "reportedly", "publicly", "repeatedly"}
# verbs that reject what follows ("denied taking “horse dewormer”"): the term is someone else's
_DENIALS = {"denied", "denies", "deny", "denying", "rejected", "rejects", "reject", "rejecting", "disputed",
            "disputes", "refuted", "refutes", "disavowed"}
_DENIAL_FILLERS = {"being", "taking", "having", "took", "that", "claims", "claim", "reports", "report",
                   "allegations", "allegation", "accusations", "suggestions", "charges", "the", "any", "of", "he",
                   "she", "they", "was", "were", "is", "it", "a", "an", "ever", "had", "used", "using"}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")  # quotations, blanked where only the narration counts
_FULL_STOP = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\b[A-Z])[.!?][\"”’)]?(?:\s|$)")
_REPORTED = {"reported", "reports", "report", "reporting"}  # a news report's verb: "…,” the agency reported
# speakers looked back at for a pronoun or a role (a bound for pages of quotes in one paragraph)
_PRONOUN_LOOKBACK = 200
_WENT_ON = re.compile(r"\s+(?:also\s+)?(?:continued|continues|added|adds|went on|goes on)\b")
_TAG = re.compile(r"<[a-zA-Z/][^<>\n]{0,400}>")


_ROLE_BEFORE_NAME = re.compile(r"\b(spokes(?:man|woman|person)|official|aide|adviser|advisor|representative)\s+"
                               r"(?:for|of|at|to)\s+(?:the\s+)?$", re.IGNORECASE)


# an unnamed source who speaks for the person named after it ("a spokesman for", "an aide to")
_SPOKEN_FOR = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[a-z]+\s+){0,2}?(spokes(?:man|woman|person)|aide|adviser|advisor)"
                         r"\s+(for|to)\s+$")


def _role_key(low: str) -> str | None:
    """The head noun of a lower-case role mention ("a spokesperson for google"
    -> "spokesperson"), ``None`` for a name or a pronoun."""
    words = re.split(r"\s+(?:for|of|at|with)\s+", low)[0].split()
    if len(words) < 2 or words[0] not in ("a", "an", "the", "one", "another"):
        return None
    return words[-1]


# what an epithet calls a person it describes ("the Mexican-born journalist", "the presidential hopeful");
# titles are left to the article's holders of them, unnamed sources stay unnamed
_EPITHET_NOUNS = {
    "journalist", "reporter", "anchor", "host", "commentator", "columnist", "hopeful", "candidate",
    "contender", "front-runner", "frontrunner", "nominee", "lawmaker", "legislator", "congressman",
    "congresswoman", "politician", "businessman", "businesswoman", "billionaire", "mogul", "tycoon",
    "actor", "actress", "singer", "rapper", "star", "comedian", "author", "writer", "activist",
    "economist", "historian", "filmmaker", "athlete", "coach", "entrepreneur", "developer", "veteran",
    # titles, when the article names no holder of them ("the Texas governor continues", "the four-term congressman")
    "governor", "senator", "chairman", "chairwoman", "mayor", "pro",
}


# a definite description closed by a comma right before a relative "who"
_DESCRIPTION_BEFORE = re.compile(r"\b([Tt]he\s+(?:[\w’'-]+\s+){0,4}[a-z][\w’'-]*)\s*,\s*$")
_EPITHET_GENDER = {"congressman": "m", "businessman": "m", "actor": "m", "congresswoman": "f",
                   "businesswoman": "f", "actress": "f"}
_PARTY_OF_WORD = {"republican": "r", "gop": "r", "democratic": "d", "democrat": "d"}


def _epithet(text: str) -> bool:
    """``the Mexican-born journalist``: "the", one to three describing words,
    then a noun that describes a person; a bare "the journalist" may be
    someone new, so a describing word is required."""
    words = text.split()
    return (2 < len(words) <= 5 and words[0].lower() == "the" and words[-1] in _EPITHET_NOUNS
            and not any(w[:1].isupper() and not re.search(r"-[a-z]|an$|ic$|ish$|ese$", w) and w.lower() not in _PARTY_OF_WORD
                        and w.lower() not in STATE_NAMES for w in words[1:-1]))


_WORK_PREV = frozenset({"film", "movie", "book", "show", "song", "album", "series", "program", "programme", "column",
                        "novel", "play", "episode", "musical", "documentary", "podcast", "memoir"})
_WORK_AFTER = _WORK_PREV | {"sketch", "segment", "interview", "broadcast", "appearance", "special", "host",
                             "character"}
# a name given, not words said: "used the handle “Guccifer 2.0”"
_NAME_PREV = frozenset({"handle", "nickname", "moniker", "codename", "username", "alias", "hashtag"})
_ON_AIR = frozenset({"said", "says", "say", "saying", "appeared", "appearing", "appears", "spoke", "speaking",
                     "interview", "told", "remarks"})


def _is_title_case(words: Sequence[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


# small words a title-case headline capitalises and no name holds ("Man Who …", "A Free-For-All")
_HEADLINE_SMALL_WORDS = {"a", "an", "the", "who", "what", "how", "why", "over", "for", "to", "of", "in", "on",
                         "with", "and", "or", "but", "is", "are", "was", "after", "before", "as", "at", "by",
                         "from", "into", "not", "no"}


# "quoted X as saying" (X up to eight words, no clause break)
# (not a passive: "Varga was quoted in The Harbour Post as saying" is Varga's)
_QUOTED_AS = re.compile(r"(?<!was )(?<!were )(?<!been )(?<!being )\b(?:quoted|quotes|quoting|cited|cites|citing)\s+"
                        r"(?!(?:in|by|on|at|from)\s)((?:[^\s,;:.“”\"]+\s+){0,7}?[^\s,;:.“”\"]+)\s+as\s+$")
_PLACE_TAIL = re.compile(r"\s+(?:in|at|from)\s+[A-Z].*$")


class QuoteFinder(ContextPasses, ParseRerankPasses, AntecedentPasses):
    """Finds quotations in one text. Construct, then call :meth:`run`.

    The passes on context (:mod:`.context`) and the parse and rerank passes
    (:mod:`.parse_rerank`) are mixed in."""

    def __init__(self, text: str, doc: str = "", *, skip: Iterable[tuple[int, int]] = (),
                 attribution_lines: Iterable[tuple[int, int]] = (),
                 headline: tuple[int, int] | None = None, first_line_headline: bool = True,
                 use_parser: bool = True, rerank: bool = True, name_speakers: bool = True):
        self.text = text
        self.doc = doc
        self.skip = sorted(skip)
        self.attribution_lines = sorted(attribution_lines)
        self._skip_cover, self._lines_cover = Cover(self.skip), Cover(self.attribution_lines)
        self._skip_starts = [a for a, _ in self.skip]
        self.headline = headline
        self.first_line_headline = first_line_headline
        self.paras: list[Para] = []
        self._names: NameIndex | None = None
        self._history: list[tuple[int, str]] = []
        self._para_starts: list[int] | None = None
        self._counts: list[tuple[int, str]] | None = None  # persons by mentions (epithets)
        self.last_hows: list[str] = []
        self.last_found: list[Found] = []  # internal records of the last run (diagnostics, training)
        self.use_parser = use_parser
        self.rerank = rerank
        # False for a text in another language: its quotations are found, no speaker is named
        self.name_speakers = name_speakers
        self.deps = DependencySpeakers(text)  # attribution route per quote of the last run (diagnostics)

    # -- helpers -----------------------------------------------------------
    def _skipped(self, s: int, e: int) -> bool:
        return self._skip_cover.covers(s, e)

    @property
    def names(self) -> NameIndex:
        if self._names is None:
            ranges = [(p.start, p.end) for p in self.paras]
            self._names = NameIndex(self.text, ranges)
        return self._names

    def _pieces(self, ps: int, pe: int) -> list[tuple[int, int]]:
        """The line ``ps..pe`` without the removed spans inside it (a
        paywall notice ending it, "Article continues below" between two of
        its sentences): each piece is read as a paragraph of its own."""
        k = bisect.bisect_left(self._skip_starts, ps)
        inside = []
        while k < len(self.skip) and self.skip[k][0] < pe:
            inside.append(self.skip[k])
            k += 1
        if not inside:
            return [(ps, pe)]
        out, pos = [], ps
        for a, b in inside + [(pe, pe)]:
            piece = self.text[pos:a]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((pos + lead, pos + len(piece.rstrip())))
            pos = max(pos, b)
        return out

    def _scan(self) -> None:
        carried = False
        text = self.text
        for ps, pe in (piece for line in paragraphs(text) for piece in self._pieces(*line)):
            if self._skipped(ps, pe):
                continue
            if self._lines_cover.covers(ps, pe):
                self.paras.append(Para(ps, pe))
                carried = False
                continue
            regions, carried = scan_paragraph(text, ps, pe, carried)
            if regions and "<" in text[ps:pe]:
                tags = [m.span() for m in _TAG.finditer(text, ps, pe)]
                regions = [r for r in regions if not any(a <= r.start < b for a, b in tags)]
            para = Para(ps, pe, regions)
            para.toks = tokenize_paragraph(text, ps, pe, regions)
            para.sents = sentence_ranges(para.toks)
            self.paras.append(para)

    def _is_headline(self, pi: int) -> bool:
        p = self.paras[pi]
        if self.headline is not None:
            return self.headline[0] <= p.start and p.end <= self.headline[1] + 1
        return self.first_line_headline and pi == 0 and len(self.paras) > 1

    # -- main --------------------------------------------------------------
    def run(self) -> list[Quote]:
        """Find, attribute, classify and resolve every quotation."""
        self._scan()
        found: list[Found] = []
        for pi, para in enumerate(self.paras):
            starts = [a for a, _ in para.sents]
            for qi, tok in enumerate(para.toks):
                if tok.quote is None:
                    continue
                k = bisect.bisect_right(starts, qi) - 1  # the sentences tile the paragraph's tokens
                lo, hi = para.sents[k] if k >= 0 and qi < para.sents[k][1] else (0, len(para.toks))
                f = Found(tok.quote, pi, para.toks, qi, lo, hi, self._is_headline(pi))
                self._attribute(f)
                found.append(f)
        self._continuations(found)
        self._attribution_lines(found)
        for f in found:
            self._classify(f)
        self._parse_doubtful(found)
        self._nearby(found)
        if self.rerank:
            self._rerank(found)
        self._resolve(found)
        self.last_hows = [f.how for f in found]
        self.last_found = found
        return [self._to_quote(f) for f in found]

    def _attribute(self, f: Found) -> None:
        toks, q, lo, hi = f.toks, f.q, f.lo, f.hi
        owned = possessed_remark(toks, q, lo, hi)
        if owned is not None:  # "Tlaib’s “…” comment": the owner's word, headline or not
            f.att, f.how = owned, owned.how
            return
        at_start = all(t.quote is None and not t.is_word for t in toks[lo:q])
        after = find_in_after(toks, q, hi)
        before = find_in_before(toks, q, lo)
        if at_start:
            f.att = after or before
        else:
            # "X said: “…”" / "X said Trump was “right”": the cue before governs;
            # but "…, “quote,” X said" (the quote ends its clause) takes the cue after
            ends_clause = f.region.close_mark is not None and self.text[f.region.close_mark - 1 : f.region.close_mark] == ","
            if after is not None and (before is None or (ends_clause and after.how in ("after", "inverted", "put-it"))):
                f.att = after
            else:
                f.att = before or after
        if at_start and f.q == 0:
            label = self._transcript_label(f)
            if label is not None:
                f.att = label
        if f.att is None:
            f.att = self._broad(f)
        elif f.att.cue_start is not None and f.att.cue_start < f.region.start and role_head(f.att.mention.text) in THING_NOUNS:
            # "The press conference underscored …, even as Varga called the talks “useful”":
            # a thing underscores nothing it is quoted saying; the nearer attributing verb's subject speaks
            near = self._broad(f, after=False)
            if near is not None and (near.cue_start or 0) > f.att.cue_start \
                    and self.names.canonical(near.mention.text, near.mention.start, near.mention.end) in self.names.persons:
                f.att = replace(f.att, voice=near.mention)  # (the sentence's subject stays the mention)
        elif f.att.voice is None and (f.att.how == "according" or f.att.how == "after" and f.att.cue in _REPORTED):
            # "Clinton criticized its “secrecy,” according to The Hill" / "…, and said the files were
            # “fake,” the news agency reported": the report is the mention, Clinton (the subject of the
            # verb before the quotation) the voice
            voice = self._broad(f, after=False) or (before if f.att.how == "after" else None)
            if voice is not None and voice.mention.start < f.att.mention.start:
                f.att = replace(f.att, voice=voice.mention)
        if f.headline and is_title_case(toks[lo:hi]):
            # "Obama Says Museum Will Tell of ‘…’": the headline's opening
            # subject, before the cues of its clauses
            sub = headline_subject(toks, lo, q, self._is_common_word)
            if sub is not None and (f.att is None or sub.cue is not None
                                    or f.att.how == "colon" and f.att.mention.start == sub.mention.start):
                f.att = sub
        if f.att is not None and f.att.cue == "saying" and f.att.cue_start is not None:
            quoted = _QUOTED_AS.search(self.text, f.att.mention.end, f.att.cue_start)
            if quoted is not None:
                # "ABC quoted an Iraqi official as saying ...": the one quoted speaks, through the report
                who = _PLACE_TAIL.sub("", quoted.group(1))  # "an Iraqi official in Baghdad"
                f.att = replace(f.att, voice=Mention(quoted.start(1), quoted.start(1) + len(who), who))
        if f.att is not None:
            f.how = f.att.how

    def _broad(self, f: Found, after: bool = True) -> Attribution | None:
        """A non-speech attributing verb in the sentence ("called them “fools”");
        ``after=False``: only one before the quotation."""
        toks = f.toks
        for k in list(range(f.q - 1, f.lo - 1, -1)) + (list(range(f.q + 1, f.hi)) if after else []):
            t = toks[k]
            if not is_broad_cue(toks, k):
                continue
            if k + 1 == f.q and self._naming(f, k):
                return None  # "what’s called “farmer’s lung”", "a script called “Wild Rose”": a name, no one's words
            if is_passive(toks, k, f.lo) and 0 < f.q - k <= 4:
                # "The plan was called “reckless” by Fenn" (the quotation the verb's complement,
                # a few words after it at most): the agent after "by", if named; the subject is
                # what the words were said of
                by = next((x for x in range(k + 1, f.hi) if toks[x].lower == "by" and toks[x].quote is None), None)
                agent = np_right(toks, by, f.hi) if by is not None else None
                if agent is not None:
                    return Attribution(agent, t.lower, t.start, "broad")
                continue
            if t.lower in PARTICIPLE_CUES:
                m = absolute_subject(toks, k, f.lo)
                if m is not None:
                    return Attribution(m, t.lower, t.start, "absolute")
                sub = sentence_subject(toks, f.lo, k)
                if sub is not None:
                    return Attribution(sub.mention, t.lower, t.start, "broad")
            m = np_left(toks, k, f.lo)
            if m is None and k > f.lo:
                m = first_np(toks, f.lo, k)
            if m is not None:
                return Attribution(m, t.lower, t.start, "broad")
        return None

    def _naming(self, f: Found, k: int) -> bool:
        """Whether the naming verb at token ``k``, right before the quotation,
        names a thing rather than reports words: in the passive with no agent
        ("what’s called “farmer’s lung”", "is dubbed “the Beast”"), or after a
        lower-case noun it describes, the quotation in title case ("an
        electric script called “Wild Rose”"; not "the president called “fake
        news” …", whose quotation is in lower case)."""
        toks = f.toks
        if toks[k].lower not in _NAMING_VERBS or k <= f.lo:
            return False
        prev = toks[k - 1]
        if prev.lower in BE_FORMS or prev.lower.endswith(("’s", "'s")) and prev.lower[:-2] in ("what", "that", "it", "there"):
            return not any(x.lower == "by" for x in toks[k + 2:min(f.hi, k + 8)])
        if not prev.is_word or prev.text[:1].isupper() or prev.lower in _AUXILIARIES or prev.lower in PRONOUNS:
            return False
        words = text_words(self.text[f.region.start:f.region.end])
        content = [w for w in words if w.lower() not in _SMALL]
        return bool(content) and len(words) <= 6 and all(w[:1].isupper() for w in content)

    def _rejected_term(self, f: Found, words: list[str]) -> bool:
        """A short quoted term right after a denial ("denied taking “horse
        dewormer”", "rejected claims of “a cover-up”", "denied being “in
        cahoots”"): someone else's word, which the subject rejects, not the
        subject's speech. Only function words and report nouns may stand
        between the denial and the term."""
        if len(words) > 4 or f.q == f.lo:
            return False
        for k in range(f.q - 1, max(f.lo, f.q - 6) - 1, -1):
            t = f.toks[k]
            if t.lower in _DENIALS:
                return True
            if t.quote is not None or t.lower not in _DENIAL_FILLERS:
                return False
        return False

    def _is_common_word(self, word: str) -> bool:
        """Whether the text also writes ``word`` in lower case (so it is no name)."""
        return self.names.common_word(word)

    def _classify(self, f: Found) -> None:
        body = self.text[f.region.start:f.region.end]
        words = text_words(body)
        prev = f.toks[f.q - 1].lower if f.q > 0 else ""
        prev2 = f.toks[f.q - 2].lower if f.q > 1 else ""
        embedded = f.q > f.lo and not all(t.quote is None and not t.is_word for t in f.toks[f.lo:f.q])
        intro = embedded and f.toks[f.q - 1].text in (",", ":") and f.how in ("before", "inverted-before", "colon", "according", "put-it")
        prev_tok = f.toks[f.q - 1] if f.q > 0 else None
        title_ctx = prev in _TITLE_PREV or prev.endswith(("’s", "'s")) or bool(prev_tok and prev_tok.is_cap)
        # a work or a programme named right before: "on KVRT's “State of the Port.”", "said on “Fox & Friends.”"
        nxt = f.toks[f.q + 1].lower if f.q + 1 < len(f.toks) else ""
        k = f.q - 1
        while k > f.lo and f.toks[k].is_cap and f.q - k < 5:
            k -= 1  # past a network's name: "on Fox News' “On the Record …”"
        prev3 = f.toks[f.q - 3].lower if f.q > 2 else ""
        work = (prev in _WORK_PREV or prev.endswith(("’s", "'s", "s’", "s'")) or (prev == "on" and prev2 in _ON_AIR)
                or (k < f.q - 1 and f.toks[k].lower == "on")
                or (prev == "with" and prev2 in ("interview", "appearance")) or nxt in _WORK_AFTER
                or (prev == "," and prev2 in _WORK_PREV)  # "His book, “Quit Digging Your Grave …,” became"
                or (prev == "the" and prev2 == "on" and (prev3 in _ON_AIR or prev3 in _WORK_AFTER))  # "an
                # appearance on the “Late Show Starring Ivo Marten”"
                or prev in _NAME_PREV)
        # (also "an interview with “Axios on HBO”", a “Daily Show” sketch)
        # a paragraph that is nothing but a short title-case quotation: a section heading
        heading = f.how in ("", "continuation") and all(t.quote is None and not t.is_word for t in f.toks if t is not f.toks[f.q])
        if (not f.headline and len(words) <= (12 if work else 8) and _is_title_case(words)
                and (heading or work or not (len(words) >= 4 and body.rstrip()[-1:] in ".!?"))
                and (f.att is None or title_ctx or heading or work)):
            f.kind, f.confidence, f.att = "title", 0.6, None
            return
        if prev in _SCARE_PREV or prev2 in ("as", "so") and prev in ("called", "known") or self._rejected_term(f, words):
            f.kind, f.confidence, f.att = "scare", 0.7, None
            return
        if f.att is None:
            if len(words) >= 4 or self._sentence_like(f):
                f.kind = "partial" if embedded else "direct"
                f.confidence = 0.4
            else:
                f.kind, f.confidence = "scare", 0.5
            return
        if embedded and (not intro or not self._sentence_like(f)):
            f.kind = "partial"
        else:
            f.kind = "direct"
        f.confidence = {"after": 0.95, "inverted": 0.95, "before": 0.9, "inverted-before": 0.85,
                        "colon": 0.8, "according": 0.85, "put-it": 0.9, "participle": 0.8, "label": 0.9,
                        "continuation": 0.75, "colon-intro": 0.75,
                        "attribution line": 0.85, "broad": 0.6}.get(f.how, 0.7)

    # -- names -------------------------------------------------------------
    def cue_subjects(self, broad: bool = True) -> list[tuple[Attribution, int, int, int]]:
        """Every speech cue outside quotations with its subject:
        ``(attribution, paragraph index, cue token index, sentence end token)``."""
        out = []
        for pi, p in enumerate(self.paras):
            for lo, hi in p.sents:
                for k in range(lo, hi):
                    t = p.toks[k]
                    if t.quote is not None or not (is_cue(t) or (broad and t.lower in BROAD_CUES)):
                        continue
                    if t.lower in PARTICIPLE_CUES:
                        continue
                    m = np_left(p.toks, k, lo)
                    if m is not None:
                        out.append((Attribution(m, t.lower, t.start, "subject"), pi, k, hi))
        return out

    def _resolve(self, found: list[Found]) -> None:
        history: list[tuple[int, str]] = []  # (position, canonical)
        roles: list[tuple[int, str, str]] = []  # (position, role head, the speaker that mention named)
        subjects: list[tuple[int, str | None]] = []  # every cue subject: (position, its organisation or None)
        for att, _, _, _ in self.cue_subjects():
            m = att.mention
            if m.text.lower() not in PRONOUN_GENDER and m.text.lower() not in ("i", "we", "it", "you", "who", "which"):
                name = self.names.canonical(m.text, m.start, m.end)
                if name and name in self.names.persons:
                    history.append((m.start, name))
                says = att.cue in CUE_FORMS and any(w[:1].isupper() for w in m.text.split()[1:] or [m.text]) \
                    and m.text[:1].isupper()  # "The Harbour Board said", not "the group charged with"
                subjects.append((m.start, name if says and name and self.names.kind(name) == "org" else None))
                self._note_role(roles, m, self._spoken_for(m, name))
            else:
                subjects.append((m.start, None))
        history.sort()
        subjects.sort(key=lambda x: x[0])
        self._history = history
        self._subjects = subjects
        last_with: dict[int, Found] = {}  # id of a mention -> the last quote attributed to it so far
        last_speech: Found | None = None  # the last speech quotation attributed so far
        for f in found:
            if f.att is None:
                continue
            m = f.att.voice or f.att.mention
            low = m.text.lower()
            if f.how == "continuation" and id(m) in last_with:
                f.speaker = last_with[id(m)].speaker
            elif f.how == "continuation" and low not in PRONOUN_GENDER and \
                    (named := self.names.canonical(m.text, m.start, m.end)) in self.names.persons:
                f.speaker = named  # its opening quotation turned out a title ("on the “Charlie Rose” show")
            elif f.how == "continuation" and last_speech is not None and last_speech.para == f.para:
                # its opening quotation was attributed through another mention ("“…?” said the legislator,
                # Representative Carl Seel. “…”"): the speaker of the paragraph's quotation before it
                f.speaker = last_speech.speaker
            elif low in PRONOUN_GENDER or low in ("i", "who", "you", "it", "which"):
                f.speaker = self._pronoun(m, history)
            else:
                f.speaker = self._spoken_for(m, self.names.canonical(m.text, m.start, m.end))
                head = _role_key(low)
                if head and low.split()[0] == "the" and f.speaker in (m.text, None):
                    # "A Google spokesperson said … “…,” the spokesperson said": the one named before
                    f.speaker = self._role_named_before(roles, head, m.start) or f.speaker
                if f.speaker in (m.text, None) and _epithet(m.text):
                    f.speaker = self._epithet_person(m, f.toks[f.lo].start, history) or f.speaker
                self._note_role(roles, m, f.speaker)
            if f.headline and f.speaker and f.speaker not in self.names.persons \
                    and any(w.lower() in _HEADLINE_SMALL_WORDS or self.names.common_word(w) for w in f.speaker.split()) \
                    and self.names.headline_words(f.speaker, m.start):
                # "Man Who Defeated Cantor Calls His Win “A Miracle”": headline words, among them a small
                # word or one the article writes in lower case, and nowhere outside a headline: no name
                f.speaker = None
            last_with[id(f.att.mention)] = f
            if f.kind in ("direct", "partial"):
                last_speech = f
            if f.speaker:
                bisect.insort(history, (m.start, f.speaker))
        self._headline_speakers(found)

    def _who(self, m: Mention) -> str | None:
        """A relative "who" right after a description set off by a comma
        ("The GOP front-runner, who has called them “criminals”"): the
        person that description names, when it names one."""
        d = _DESCRIPTION_BEFORE.search(self.text, max(0, m.start - 80), m.start)
        if d is None:
            return None
        text, start, end = d.group(1), d.start(1), d.end(1)
        who = self.names.canonical(text, start, end)
        if who in (text, None) and _epithet(text):
            sentence = self.text.rfind(".", max(0, start - 2000), start) + 1  # (bounded: no rescan of a long text)
            who = self._epithet_person(Mention(start, end, text), sentence)
        return who if who and who in self.names.persons and self.names.real_person(who) else None

    def _epithet_person(self, m: Mention, sentence_start: int,
                        history: Sequence[tuple[int, str]] = ()) -> str | None:
        """Whom an epithet ("the presidential hopeful said") describes: the
        person the sentences before are about (not its own sentence's
        subject: "Trump took on Clinton after the Democratic front-runner
        said" is not Trump), when that person is also the one the article
        names most (an epithet refers back to the story's subject, not to
        someone met in passing) and nothing in the epithet contradicts them
        (gender, party). When the sentences before are quotations, the
        person is the last speaker (``history``: "“…,” says Perry. “…,” the
        Texas governor continues")."""
        words = [w.lower() for w in m.text.split()]
        gender = _EPITHET_GENDER.get(words[-1])
        names = self.names
        who = self._antecedent(sentence_start, gender)
        if who is None and history:
            k = bisect.bisect_left(history, (sentence_start, ""))
            who = history[k - 1][1] if k else None
            if who and gender and names.gender(who) not in (None, gender):
                return None
        if not who or not names.real_person(who):
            return None
        lo, hi = bisect.bisect_left(names.mention_starts, sentence_start), bisect.bisect_left(names.mention_starts, m.start)
        if any(n == who for _s, _e, n in names.mentions[lo:hi]):
            return None  # named in its own sentence before the epithet: the epithet is someone else
        counts = self._mention_counts()
        if not counts or counts[0][1] != who or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return None
        titles = names.persons[who].titles if who in names.persons else set()
        parties = {_PARTY_OF_WORD[w] for w in words if w in _PARTY_OF_WORD}
        known = {_PARTY_OF_WORD[t] for t in titles if t in _PARTY_OF_WORD}
        if parties and known and not parties & known:
            return None  # "the Democratic front-runner" is not the Republican named before
        return who

    def _mention_counts(self) -> list[tuple[int, str]]:
        """The article's real persons by how often it names them, most first (computed once)."""
        if self._counts is None:
            names = self.names
            self._counts = sorted(((len(v), n) for n, v in names.mentions_of.items() if names.real_person(n)),
                                  reverse=True)
        return self._counts

    def _spoken_for(self, m: Mention, name: str | None) -> str | None:
        """"a spokesman for Mayor Aurel Fenn said": the mention is the name,
        the speaker the spokesman ("spokesman for Aurel Fenn", as a "Fenn
        spokesman" reads), not the mayor."""
        if not name or name not in self.names.persons or self.names.kind(name) != "person":
            return name
        before = _SPOKEN_FOR.search(self.text, max(0, m.start - 40), m.start)
        if before is None:
            return name
        app = self.names.apposition(m.end)  # "A spokesman for Mr. Fenn, Piet Hol, said": Hol
        who = self.names.resolve(app) if app and not non_speaker_name(app) else None
        if who and who != name and who in self.names.persons and self.names.kind(who) == "person":
            return who
        return f"{before.group(1).lower()} {before.group(2).lower()} {name}"

    def _note_role(self, roles: list[tuple[int, str, str]], m: Mention, name: str | None) -> None:
        """Remember whom a role mention named ("A Google spokesperson" -> Google;
        "A spokesperson for Graffa says", mention "Graffa" -> Graffa)."""
        if not name or name == m.text and m.text.lower().startswith("the "):
            return
        head = _role_key(m.text.lower())
        if head is None:
            before = _ROLE_BEFORE_NAME.search(self.text, max(0, m.start - 40), m.start)
            head = before.group(1).lower() if before else None
        if head:
            bisect.insort(roles, (m.start, head, name))

    @staticmethod
    def _role_named_before(roles: list[tuple[int, str, str]], head: str, pos: int) -> str | None:
        """The speaker the last ``head`` role mention before ``pos`` named (``roles`` in order)."""
        top = bisect.bisect_left(roles, (pos,))
        for k in range(top - 1, max(-1, top - 1 - _PRONOUN_LOOKBACK), -1):
            if roles[k][1] == head:
                return roles[k][2]
        return None

    def resolve_mention(self, m: Mention) -> str | None:
        """Canonical name of a mention (pronouns from the speaker history)."""
        low = m.text.lower()
        if low in PRONOUN_GENDER or low in ("i", "who", "you", "it", "which"):
            return self._pronoun(m, self._history)
        return self.names.canonical(m.text, m.start, m.end)

    def _pronoun(self, m: Mention, history: list[tuple[int, str]]) -> str | None:
        low = m.text.lower()
        if low == "they":
            return self._joint_before(m, history)
        if low == "which":  # "the Log Cabin Republicans, which said": an organisation, not a thing
            return self.names.org_right_before(m.start)
        if low == "it":
            return self._it(m)
        if low in ("i", "you", "we"):
            return None
        if low == "who":
            return self._who(m) or self.names.person_before(m.start)
        gender = PRONOUN_GENDER.get(low)
        if gender in ("m", "f"):
            found = self._went_on(m, history, gender) or self._antecedent(m.start, gender)
            if found:
                return found
        para_of = self._para_index(m.start)
        top = bisect.bisect_right(history, m.start, key=lambda h: h[0])  # entries at or before the pronoun
        for k in range(top - 1, max(-1, top - 1 - _PRONOUN_LOOKBACK), -1):
            pos, name = history[k]
            if para_of - self._para_index(pos) > 3:
                break
            g = self.names.gender(name)
            if gender in ("m", "f") and (g not in (None, gender) or not self.names.personal(name)):
                continue  # "he" is no party, company, document or place
            return name
        return self.names.person_before(m.start, gender)

    def _it(self, m: Mention) -> str | None:
        """"“…,” it said": the organisation that was the subject of the
        speech cue just before, in the sentence before or this one, in this
        paragraph or the one before ("The European Commission said the
        delay … ¶ “…,” it said in a statement"); nobody when another
        subject or name came between."""
        k = bisect.bisect_left(self._subjects, m.start, key=lambda x: x[0])
        if k == 0:
            return None
        pos, org = self._subjects[k - 1]
        if org is None or self._para_index(m.start) - self._para_index(pos) > 1:
            return None
        names = self.names
        lo = bisect.bisect_right(names.mention_starts, pos)
        hi = bisect.bisect_left(names.mention_starts, m.start)
        if any(n != org for _s, _e, n in names.mentions[lo:hi]):
            return None  # "The Weekly reported … when a national outlet, Slate magazine, …, it said": Slate's
        between = _QUOTED.sub(" ", self.text[pos:m.start])
        if len(_FULL_STOP.findall(between)) > 1:
            return None  # "The Board said … The study found … “…,” it said": the sentence before only
        return org

    def _went_on(self, m: Mention, history: list[tuple[int, str]], gender: str) -> str | None:
        """"“…,” he continued" ("added", "went on"): the speaker of the
        quotation just before, in the same paragraph or the one before, when
        a person of that gender (not whoever the sentence before names last:
        "Reyk said in an interview with Harbour Radio's Ivo Fenn. “…,” he
        continued")."""
        before = self.text[max(0, m.start - 3):m.start].rstrip()
        if not _WENT_ON.match(self.text, m.end) or not (before == "" or before[-1] in "”\"'’.!?:"):
            return None  # only "“…,” he added" or "He added": not "…, when she added the words"
        top = bisect.bisect_right(history, m.start, key=lambda h: h[0])
        if top == 0:
            return None
        pos, name = history[top - 1]
        if self._para_index(m.start) - self._para_index(pos) > 1 or not (
                self.names.real_person(name) or self.names.personal(name) and not name.lower().startswith("the ")):
            return None  # a person or an unnamed source ("Strzok’s attorney"); an epithet left unresolved
            # ("The retired neurosurgeon") gives way to the antecedent
        # nobody named in a later sentence between them ("Ms. LaBelle sang …, when she added")
        end = SENTENCE_END.search(self.text, pos, m.start)
        if end is not None:
            lo = bisect.bisect_left(self.names.mention_starts, end.end())
            hi = bisect.bisect_left(self.names.mention_starts, m.start)
            if any(n != name for _s, _e, n in self.names.mentions[lo:hi]):
                return None
        return name if self.names.gender(name) in (None, gender) else None

    def _joint_before(self, m: Mention, history: list[tuple[int, str]]) -> str | None:
        """"They" right after two people spoke as one ("Ana Tovar and Rui
        Vass said …¶They vowed …"): that pair, if they are the last speakers
        quoted, in the same paragraph or the one before, and no other sentence
        comes between."""
        top = bisect.bisect_right(history, m.start, key=lambda h: h[0])
        if top == 0:
            return None
        pos, name = history[top - 1]
        if " and " not in name or m.start - pos > 2000 or self._para_index(m.start) - self._para_index(pos) > 1:
            return None  # (a bound: a paragraph of megabytes must not be read again for each "they")
        # nothing but quotations and the pair's own clause between them and "they"
        # (not "Protesters gathered outside. “…,” they said")
        between = _QUOTED.sub(" ", self.text[pos:m.start])
        ends = [x for x in SENTENCE_END.finditer(between) if not re.match(r"\s*(?:They\b|$)", between[x.end():])]
        return None if ends else name

    def _para_index(self, pos: int) -> int:
        if self._para_starts is None or len(self._para_starts) != len(self.paras):
            self._para_starts = [p.start for p in self.paras]
        i = bisect.bisect_right(self._para_starts, pos) - 1
        return i if i >= 0 and pos <= self.paras[i].end else 0

    def _to_quote(self, f: Found) -> Quote:
        r = f.region
        lo_tok, hi_tok = f.toks[f.lo], f.toks[max(f.lo, f.hi - 1)]
        att = f.att if f.kind in ("direct", "partial") and self.name_speakers else None
        if att is not None and headline_run(f.speaker):
            att = None  # a headline glued to the text named no one ("Trump Gets Trolled After GOP Sen")
        end = r.end
        if end - r.start > 1 and self.text[end - 1] == ",":
            end -= 1  # “We will not budge,” she said: the comma is the sentence's, not the speaker's
        return Quote(
            doc=self.doc,
            start=r.start,
            end=end,
            text=self.text[r.start:end],
            kind=f.kind,
            speaker=f.speaker if att else None,
            speaker_start=att.mention.start if att else None,
            speaker_end=att.mention.end if att else None,
            cue=(att.cue if att and att.cue not in (":",) else None),
            confidence=f.confidence,
            sentence_start=lo_tok.start,
            sentence_end=hi_tok.end,
        )


def find_quotes(text: str, doc: str = "", *, skip: Iterable[tuple[int, int]] = (),
                attribution_lines: Iterable[tuple[int, int]] = (),
                headline: tuple[int, int] | None = None,
                first_line_headline: bool = True) -> list[Quote]:
    """Quotations in plain ``text`` (offsets into ``text``)."""
    if not isinstance(text, str):
        raise AnnotationError("quote extraction needs text (str)", doc=doc or None, stage="quotes")
    return QuoteFinder(text, doc, skip=skip, attribution_lines=attribution_lines, headline=headline,
                       first_line_headline=first_line_headline).run()


def finder_for(article: Article) -> QuoteFinder:
    """A :class:`QuoteFinder` over an article's source text: removed page
    furniture is skipped, except that a removed ``attribution line`` names
    the speaker of the quote block above it, and the title is a headline."""
    if not isinstance(article, Article):
        raise AnnotationError("quote extraction needs an Article", stage="quotes")
    skip: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    for r in article.removed:
        (lines if r.reason == "attribution line" else skip).append((r.start, r.end))
    headline = (article.title_span.start, article.title_span.end) if article.title_span else None
    # the rules read English: in another language's text (a Korean page, a Portuguese blog) they would
    # make names of whatever stands near a quotation
    return QuoteFinder(article.source, article.name, skip=skip, attribution_lines=lines,
                       headline=headline, first_line_headline=False,
                       name_speakers=not not_english(article.body or article.source))


def extract_quotes(article: Article) -> list[Quote]:
    """Quotations of an :class:`Article`, in source offsets (see :func:`finder_for`)."""
    return finder_for(article).run()
