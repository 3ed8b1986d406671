"""Which way in time a clause points: the tense around a date expression.

A light rule, no parser: the words of the expression's clause are read
outwards from it, and the nearest verb cue decides (left side first, as in
"said Thursday" and "will meet Thursday"; then the right side, as in
"Thursday's vote will"). Future: ``will``, ``'ll``, ``shall``, ``going to``,
``due to``, ``expected to``, ``scheduled``, ``upcoming``, ``ahead``, a
modal (``would``, not ``could not``), calling off ("cancel Monday's
meeting")...;
past: ``was``, ``had``, ``said``, ``ago``, irregular past forms and ``-ed``
verbs.
"""

from __future__ import annotations

import re

__all__ = ["tense_at"]

_FUTURE = frozenset("""will 'll ’ll shall wo won't won’t upcoming forthcoming coming scheduled slated
planned planning plans plan intends intend due expected expects hope hopes tomorrow next later
""".split())
_FUTURE_TO = frozenset("expected scheduled due set plans plan planned planning going intends intend hopes hope "
                       "aims aim slated poised ready prepared agreed agree agrees promised promise promises "
                       "vowed vow vows pledged pledge pledges".split())
_COMMITTED = frozenset("agreed promised vowed pledged".split())
_PAST = frozenset("""was were had did said told ago earlier previously yesterday last past former became
began came went took made got gave saw rose fell met left won lost held sold bought paid led brought
thought found ran spoke wrote died broke struck fought grew sank shot hit quit cut put spent sent built
knew meant felt kept stood understood withdrew drew chose froze sought taught caught fled flew threw
wore woke forgot forgave overcame undertook oversaw dealt bid rang sang swam shook stole
""".split())
# past participles that end in neither -ed nor -en ("to be shown on Tuesday")
_PARTICIPLES = frozenset("""shown known grown thrown drawn flown sworn torn worn done gone begun sung rung swung
hung stuck struck spun sent spent built lent bent dealt felt kept swept left lost paid laid sold told held heard
read fed set let put cut hit shut cast cost hurt spread won""".split())
_PAST_TIME = frozenset("ago earlier previously yesterday last past former".split())
_MODALS = frozenset("to will would shall could can may might must should 'll ’ll".split())
_SCHEDULE = frozenset("scheduled slated due set expected planned forecast forecasts".split())
_LINKING = frozenset("stay stays remain remains get gets become becomes is are am being".split())
_SUBORDINATE = frozenset("that which who whom whose whether".split())
_TIME_NOUNS = frozenset("year day week month morning night evening afternoon time weekend".split())
_CALL_OFF = frozenset("cancel cancels postpone postpones scrap scraps".split())
_PRESENT = frozenset("is are am says say tells tell does do has have".split())
# verbs of a scheduled event, in the present ("Lowe's reports earnings Wednesday", "The show opens to the
# public on Friday"): the nearer such day, which a day or two ahead usually is
_SCHEDULED_PRESENT = frozenset("""reports hosts opens begins starts kicks plays faces meets visits travels heads
returns resumes closes ends holds debuts launches airs premieres arrives departs testifies votes convenes
hears sentences""".split())
_NOT_VERB_ED = frozenset("""red bed shed fed led need indeed hundred speed seed feed breed creed greed weed
deed bred shred sled wed embed united limited based related detailed advanced biased alleged
so-called supposed armed aged""".split())
# an -ed word after a determiner ("an unspecified date"), a degree word ("very
# crowded"), or a determiner and an adverb ("a still unspecified date",
# "the recently renamed hall") is an adjective, not a verb in the past
_DETERMINERS = frozenset("a an the this these those its their his her our your my".split())
_DEGREE = frozenset("very too so more most less least newly".split())
_ADVERBS = frozenset("still yet already as".split())
_TOKEN = re.compile(r"[A-Za-z’']+(?:-[A-Za-z]+)*")
_CLAUSE_END = re.compile(r"(?<!\d)\.|\.(?!\d)|[;:!?\"“”()\n]|\s[-–—]\s|,\s+(?:but|and|while|although|though|because|as|which|who)\b")


def _clause(text: str, start: int, end: int, reach: int = 160) -> tuple[str, str]:
    left = text[max(0, start - reach):start]
    cuts = list(_CLAUSE_END.finditer(left))
    if cuts:
        left = left[cuts[-1].end():]
    right = text[end:end + reach]
    cut = _CLAUSE_END.search(right)
    if cut:
        right = right[:cut.start()]
    return left, right


def _cue(words: list[str], i: int, after: bool = False) -> str | None:
    w = words[i].lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    prev = words[i - 1].lower() if i else ""
    if w == "set" and nxt in ("on", "in") and prev not in _LINKING and prev not in ("be", "been", "was", "were"):
        return "past"  # "its record high set on Aug. 6" (but "set for June 28" is a schedule)
    if w in _SCHEDULE:
        if prev == "been" and i > 1 and words[i - 2].lower() in ("has", "have", "’s", "'s"):
            return "future"  # "The regatta has been set for June 27": scheduled now, for later
        return "past" if prev in ("had", "been") else "future"
    if prev in ("be", "been") and (w in _PAST or w in _PARTICIPLES or w.endswith(("ed", "en"))):
        # "to be held", "to be shown", "had been set"
        before = words[i - 2].lower() if i > 1 else ""
        if before in _MODALS:
            return "future"
        return "past" if before in ("had", "have", "has", "was", "were") else None
    if w in _FUTURE_TO and nxt == "to" and (words[i + 2].lower() if i + 2 < len(words) else "") not in _DETERMINERS:
        # "agreed to meet", not "agreed to the deal"; a commitment made before ("had agreed to meet him
        # on Thursday") still looks ahead, a schedule that had been set ("had been due to expire Friday")
        # was overtaken
        if i and words[i - 1].lower() in ("had", "been") and w not in _COMMITTED:
            return "past"
        return "future"
    if w in ("is", "are") and nxt == "to" and i + 2 < len(words) and words[i + 2].lower() not in _DETERMINERS \
            and words[i + 2][:1].islower():
        return "future"  # "is to resume trading in Paris Tuesday"
    if w in ("will", "shall", "'ll", "’ll", "wo", "won't", "won’t", "upcoming", "forthcoming"):
        return "future"
    if w in _FUTURE and w not in _FUTURE_TO and w not in ("next", "later", "coming", "tomorrow"):
        return "future"
    if w in ("would", "could", "might") or (w == "may" and words[i] == "may"):  # (not the month "May")
        if w == "could" and nxt in ("not", "never"):
            return None  # "he could not attend Monday's meeting": a past inability as often as a future one
        return "future" if nxt not in ("have",) else "past"
    if w in _CALL_OFF and not after:
        # "urged him to cancel Monday's meeting": what is called off has not happened (a call-off after
        # the date is another clause's: "a note sent on Aug. 6 urging her to postpone the vote")
        return "future"
    if w in _PAST:
        if prev in _MODALS and prev != "to" and words[i - 1] != "May":
            return "future"  # "they may hit the links again on Wednesday": a base form after a modal
        # a past form after a determiner is a noun ("his bid", "the cut"), not a verb; the time
        # words ("the past", "the last") keep their sense
        return None if prev in _DETERMINERS and w not in _PAST_TIME else "past"
    if w in _SCHEDULED_PRESENT and prev not in _DETERMINERS and words[i][:1].islower():
        return "present"  # (not "the reports", "its votes": nouns)
    if w in _PRESENT:
        if w in ("is", "are") and (nxt in _SCHEDULE or nxt in _FUTURE_TO):
            return None  # "is expected to announce", "are due to": the next word says it
        return "present"
    if w == "ahead" and prev not in ("went", "go", "goes", "going", "gone", "pressed", "press", "pushed", "push",
                                      "moved", "move", "forged", "forge"):
        return "future"  # "in the week ahead", "ahead of Friday's vote" (not "went ahead on Monday")
    if len(w) > 4 and w.endswith("ed") and w not in _NOT_VERB_ED and words[i][0].islower():
        before = words[i - 2].lower() if i > 1 else ""
        adjective = (prev in _DETERMINERS or prev in _DEGREE
                     or (before in _DETERMINERS and (prev in _ADVERBS or prev.endswith("ly"))))
        return None if prev in _LINKING or adjective else "past"  # "will stay closed": the participle is no tense
    return None


_WHEN = re.compile(r",?\s+when\s")
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_DEADLINE = re.compile(r"(?:\b(?:by|until|till|through|before|effective|payable|from)\s+)$", re.IGNORECASE)


def tense_at(text: str, start: int, end: int) -> str | None:
    """``"future"``, ``"past"``, ``"present"``, ``"deadline"`` or ``None``
    for the clause around ``text[start:end]``. A date after "since" is
    past ("has risen since November"). A deadline ("by Dec. 15",
    "payable Dec. 15", "until Friday") has no tense of its own, unless it
    opens a clause in the past ("By Saturday, the president clarified") or
    its clause looks ahead ("will double its flights by August"). A
    "when" clause about the date gives its tense first ("from Friday, when
    Calder told reporters")."""
    left, right = _clause(text, start, end)
    when = _WHEN.match(text, end)
    if when:  # "from Friday, when Mr. Calder told reporters …": the clause about that day has the tense
        ww = _TOKEN.findall(text[when.end():when.end() + 160])[:12]  # its verb comes within a few words
        tense = _first_cue(ww)
        if tense in ("past", "future"):
            return tense
    if _SINCE.search(left):
        return "past"  # "since January", "has risen since March": a time already gone
    dl = _DEADLINE.search(left)
    if dl and not left[:dl.start()].strip() and _first_cue(_TOKEN.findall(right)) == "past":
        return "past"  # fronted: "By Saturday, the president clarified …"
    if dl and re.search(r"\bhad\s+(?:been\s+|already\s+)?[a-z]+(?:ed|en)\b[^,]*$", left[:dl.start()]):
        return "past"  # "had filed compliance reports by Wednesday": done by a day gone
    lw = _TOKEN.findall(left)
    if dl:
        # a limit set in a future clause lies ahead ("will double its flights by August"); one set in
        # the past may lie on either side ("gave him until mid-November", "extended loans through January")
        before = lw[:-1]  # the clause's words before the deadline's own word
        at, cue = next(((i, c) for i in range(len(before) - 1, -1, -1) if (c := _cue(before, i))), (0, None))
        ahead = cue == "future" and (at == 0 or before[at - 1].lower() not in ("was", "were"))
        return "future" if ahead else "deadline"  # ("were due to file by March 15": a limit of the past)
    for i in range(len(lw) - 1, -1, -1):
        c = _cue(lw, i)
        if c:
            return c
    return _first_cue(_TOKEN.findall(right), after=True)


def _first_cue(words: list[str], after: bool = False) -> str | None:
    """The tense of the first verb cue in ``words``, read left to right
    (``after``: the words follow the date, and a clause that a "that" or
    "which" opens is another's: "his statement on Tuesday that he would
    …" is no future)."""
    for k in range(len(words)):
        if after and words[k].lower() in _SUBORDINATE and k + 1 < len(words) \
                and words[k + 1].lower() not in _TIME_NOUNS and not _cue(words, k + 1, after):
            return None  # "that the United States would …": a clause with its own subject ("a speech on
            # Monday that would address …" describes the speech, and "that year" is no clause at all)
        c = _cue(words, k, after)
        if c:
            return c
    return None
