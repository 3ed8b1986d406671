"""Sources an article names as where its information came from.

:func:`find_sources` returns :class:`SourceCite` records (source offsets)
for what an article cites apart from quoting a participant:

* **outlet**: another news organisation or programme ("told Bloomberg TV",
  "first reported by The Ostvik Gazette", "said on Kestrow Radio’s
  “Morning Desk”", "The Harbour Review reported");
* **wire**: an agency (the Associated Press, Reuters, AFP);
* **document**: a statement, letter, filing, report, book, transcript
  ("said in a written statement", "the letter states", "according to court
  filings");
* **official**: an official body or unnamed officials ("the Justice
  Department said", "according to two officials briefed on the
  talks", "a senior administration official told");
* **other**: unnamed sources, aides, advisers, polls, posts on social media.

Regular expressions and a list of outlets only. ``source`` is the cited
source's name as written, normalised for comparing articles ("Bloomberg
TV", "The Washington Post").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ..models import Article

__all__ = ["SourceCite", "find_sources", "source_key"]

_WIRES = ["Associated Press", "AP", "Reuters", "AFP", "Agence France-Presse", "Agence France Presse", "UPI",
          "United Press International", "Bloomberg News", "Dow Jones", "dpa", "Deutsche Presse-Agentur", "ANSA",
          "EFE", "Kyodo", "Yonhap", "Xinhua", "TASS", "Interfax", "RIA Novosti", "Press Association", "PA Media",
          "Canadian Press", "AAP"]
_OUTLETS = ["Bloomberg TV", "Bloomberg Television", "Bloomberg", "CNN", "MSNBC", "CNBC", "Fox News", "Fox Business",
            "NBC News", "NBC", "ABC News", "ABC", "CBS News", "CBS", "PBS", "NPR", "BBC", "C-SPAN",
            "New York Times", "Washington Post", "Wall Street Journal", "USA Today", "Los Angeles Times",
            "Chicago Tribune", "Boston Globe", "Politico", "The Hill", "Axios", "The Atlantic", "New Yorker",
            "Newsweek", "Time magazine", "The Guardian", "Guardian", "Financial Times", "The Economist",
            "BuzzFeed News", "BuzzFeed", "HuffPost", "Huffington Post", "Vox", "Slate", "Salon", "Breitbart News",
            "Breitbart", "Daily Beast", "Daily Mail", "Mother Jones", "National Review", "Daily Caller",
            "Washington Times", "Washington Examiner", "Roll Call", "National Journal", "Talking Points Memo", "TPM",
            "ProPublica", "The Intercept", "Yahoo News", "Business Insider", "Forbes", "Fortune", "Al Jazeera",
            "Der Spiegel", "Le Monde", "Haaretz", "Christian Broadcasting Network", "CBN", "Fusion", "Univision",
            "Telemundo", "Newsmax", "The Blaze", "Rothenberg Political Report", "Cook Political Report",
            "St. Louis Post-Dispatch", "Des Moines Register", "New York Post", "Daily News", "Deadline",
            "Variety", "The Telegraph", "The Times", "The Independent", "Sky News", "RT", "Sputnik", "Kyiv Independent",
            "Moscow Times", "Times of Israel", "Jerusalem Post", "Rolling Stone", "The Daily Show", "60 Minutes",
            "TIME", "Face the Nation", "Meet the Press", "This Week", "Fox News Sunday", "State of the Union", "Morning Joe",
            "Fox & Friends", "Fox and Friends", "Hannity", "Tucker Carlson Tonight", "America’s Newsroom",
            "America's Newsroom", "Good Morning America", "Today show", "American Morning", "Andrea Mitchell Reports"]
_OUTLET_WORDS = r"(?:News|Times|Post|Journal|Herald|Tribune|Gazette|Register|Chronicle|Globe|Observer|Report|Radio|" \
                r"TV|Television|Network|Magazine|Daily|Press|Review|Examiner|Star|Sun|Dispatch|Inquirer|Bulletin)"
_CAPW = r"[A-Z][\w’'&.\-]*"
_KNOWN = "|".join(re.escape(x) for x in sorted(_WIRES + _OUTLETS, key=len, reverse=True))
# an outlet: a known name, a programme title in quotation marks, a station's call sign, or a name ending in an
# outlet word ("The Des Moines Register", "KTRS radio"), with "the", a possessive or the network before a programme
_OUTLET = (rf"(?:(?:the|The)\s)?(?:(?:newspaper|magazine|network|website|news site|site)\s)?(?:(?:{_KNOWN})(?:[’']s?)?(?:\s[“\"][^”\"]{{2,40}}[”\"])?"
           rf"|(?:{_CAPW}\s){{0,3}}{_OUTLET_WORDS}\b|[KW][A-Z]{{2,3}}(?:-TV|-FM|-AM)?(?:\s(?:radio|TV))?"
           rf"|[“\"][A-Z][^”\"]{{2,40}}[”\"])")
_OUTLET_RE = re.compile(rf"^(?:{_KNOWN})\b|{_OUTLET_WORDS}\b|^[KW][A-Z]{{2,3}}\b|^[“\"]")
_WIRE_RE = re.compile(r"\b(?:" + "|".join(re.escape(x) for x in _WIRES) + r")\b")

_OFFICIAL_PEOPLE = (r"(?:(?:(?i:some|several|two|three|four|five|six|many|other|senior|current|and|former|top|U\.S\.|"
                    r"American|federal|state|local|administration|White House|Pentagon|Defense Department|"
                    r"State Department|Justice Department|congressional|intelligence|military|law enforcement|"
                    r"government|Trump|Obama|Republican|Democratic|party|campaign|Israeli|European|Western|"
                    r"Russian|Chinese|Ukrainian|legal|outside|independent|Senate|House|Clinton|trade)|[A-Z][a-z]+’s|"
                    r"[A-Z][a-z]+'s)\s){0,4}(?i:officials?|aides?|advisers?|advisors?|sources?|diplomats?|experts?|"
                    r"economists?|analysts?|people familiar with (?:the\s)?\w+|a person familiar with (?:the\s)?\w+|"
                    r"those familiar with (?:the\s)?\w+)(?:\sand\s(?:\w+\s)?(?:experts|economists|analysts|aides))?"
                    r"(?:\s(?:familiar with|with knowledge of|close to)\s(?:the\s)?\w+)?")
_SAY = r"(?:also\s|have\s|had\s|has\s)?(?:said|say|says|told|tell|believe|believes|believed|confirmed|confirm|added|" \
       r"described|disputed|called|noted|acknowledged|cautioned|warned|insisted|estimated|explained|cited|" \
       r"pushed back|expressed|predicted)"
_DOC = r"(?:statements?|letters?|memo|memorandum|e-?mail|e-?mails|filing|filings|report|op-ed|column|" \
       r"opinion article|transcript|summary|book|complaint|indictment|lawsuit|documents?|records|release|" \
       r"releases|affidavit|testimony|speech excerpts|excerpts|prepared (?:text|remarks)|slides|video|footage|recording|" \
       r"study|survey)"
_BODY = (r"(?:(?:the\s|The\s)(?:White House|Pentagon|Kremlin|Senate historian|police|FBI|CIA|NSA|"
         r"(?:[A-Z][\w.]*\s){0,4}(?:Department|Ministry|Agency|Commission|Committee|Office|Service|Bureau|"
         r"Administration|Council|Court|Conference|Institute|Police|Party)(?:\s(?:of|for)\s(?:the\s)?"
         r"[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3})?|(?:Obama|Trump|Bush|Biden|Clinton)\sadministration|department|"
         r"agency|ministry|committee|conference|commission|campaign|government|administration|"
         r"National Republican Senatorial Committee|Democratic National Committee|Republican National Committee|"
         r"[A-Z]{2,6}(?:\s(?:media\s)?office)?)|(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s(?:campaign|office|department|"
         r"agency|ministry|government|administration)|\b[Pp]olice|[A-Z][\w.]+[’']s\s(?:[A-Z][\w.]*\s){0,3}"
         r"(?:Institute|Department|Ministry|Agency|Commission|Committee|Office|Council|Conference|Service|Bureau))")
_BODY_VERB = r"(?:has\s|had\s|have\s|also\s)?(?:said|says|say|announced|claimed|repeated|revealed|confirmed|reported|" \
             r"denied|responded that|estimated|stated|noted|released|issued|disclosed|circulated|alerted|cited|disagrees|" \
             r"wrote)\b"

_CLAUSE_START_RE = re.compile(r"(?:^|[.!?:;,”\"]\s*|\n|\b(?:But|And|and|but)\s)$")
# words that end a document's description: "the records that he says", "an interview that those letters"
_NOT_BETWEEN = r"(?:that|those|these|which|who|whom|he|she|they|it|we|the|this|his|her)\b"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("according", re.compile(r"\b[Aa]ccording to (?P<src>(?:[^,.;:“”\"()]|\.(?=\S)|,\s(?=[a-z]+\s[A-Z])){3,90})")),
    ("told", re.compile(rf"\b(?:told|telling|[Ss]peaking to|spoke to|spoke with|said on|says on|appeared on|"
                        rf"appearing on|wrote in|writing in|interview(?:ed)? (?:with|by|on|for)|[Ii]n an interview "
                        rf"(?:with|on|for|published by|aired by)|an interview (?:\w+\s)?on|in an interview \w+ on|"
                        rf"said to|confirmed to|noted to)\s(?P<src>{_OUTLET})")),
    ("reported", re.compile(rf"(?P<src>{_OUTLET})(?:,\s[^,]{{3,60}},)?(?:\s\w+){{0,2}}?\s(?:first\s)?(?:reported|reports|is reporting|"
                            rf"has reported|had reported|has confirmed|confirmed|revealed|notes|noted|referred|"
                            rf"found|published|obtained|projected|estimated)\b")),
    ("by", re.compile(rf"\b(?:reported|published|obtained|revealed|broadcast|aired|posted online|posted)\s(?:first\s)?"
                      rf"by\s(?P<src>{_OUTLET})")),
    ("report", re.compile(rf"\b(?:an?|the|another|[Aa] new|[Aa] recent)\s(?P<src>{_OUTLET})\s(?:newspaper\s)?"
                          r"(?:report|article|story|investigation|analysis|poll|survey|interview)\b")),
    ("outlet_in", re.compile(rf"\b(?:[Ii]n\s|[Oo]n\s)?(?:an?\s|the\s)?(?:\w+\s)?(?:report|article|story|op-ed|opinion article|"
                             rf"column|interview|piece)s?\s(?:in|on|with|by|for)\s(?P<src>{_OUTLET})")),
    ("outlet_at", re.compile(rf"\b(?:at|on)\s(?:an?\s|the\s)?(?P<src>{_OUTLET})\s(?:[Tt]own [Hh]all|program|show|broadcast|"
                             rf"debate|forum)\b|\b(?:town hall|program|show|interview|debate)\s(?:hosted|aired|broadcast)\sby\s"
                             rf"(?P<src2>{_OUTLET})|\bon\s(?P<src3>(?:the\s)?(?:{_KNOWN}))\b")),
    ("station", re.compile(r"\b(?:told|to|on)\s(?P<src>an?\s(?:[A-Z][\w.]+\s)?(?:local\s)?(?:television|TV|radio)\s"
                           r"(?:station|network|show|program|host))\b")),
    ("interviewer", re.compile(r"\b(?:told|to|noted to|said to)\s(?P<src>(?:an?|another)\s(?:interviewer|reporter|"
                               r"journalist))\b|\b(?:during|in)\san\sinterview\swith\s(?P<src2>[A-Z][a-z]+\s[A-Z][a-z]+)\b")),
    ("citing", re.compile(r"\b(?P<src>[Cc]iting\s(?:an?|the)\s(?:\w+\s)?(?:article|report|story|study|poll|survey))\b")),
    ("floor", re.compile(r"\b(?P<src>(?:said|announced|argued|declared|spoke|warned|told colleagues)\s(?:\w+\s)?"
                         r"on the (?:Senate|House) floor|through a spokes(?:man|woman|person)|"
                         r"testified (?:before|to) (?:the\s)?(?:Senate|House|Congress|[A-Z]\w+ Committee))\b")),
    ("doc_verb", re.compile(r"\b(?:issued|released|sent|put out|signed|cited|published)\s(?P<src>(?:an?|the|several|"
                            r"another|two|three)\s(?:[\w’'\-]+\s){0,2}(?:letters?|summary|report|memo|memorandum|"
                            r"document|study))\b|\bcirculated\s(?P<src2>an?\s(?:series of\s)?e-?mails?)\b")),
    ("embed", re.compile(rf"[—–-]\s(?P<src>{_KNOWN})\s\(@\w+\)\s[A-Z][a-z]+\s\d{{1,2}},\s\d{{4}}")),
    ("officials", re.compile(rf"(?P<src>\b(?:[Aa]n?\s|[Tt]he\s)?{_OFFICIAL_PEOPLE})(?:\s(?:of|from|at|in|to|for)\s"
                             rf"(?:the\s|Ms\.\s|Mr\.\s)?[\w’'.]+(?:\s[A-Z][\w.]*){{0,3}})?,?\s(?:who\s[^,]{{3,60}},\s|however,\s)?{_SAY}\b")),
    ("doc_said", re.compile(r"\b(?:said|wrote|stated|noted|declared|says|added|argued|announced|explained|"
                            r"indicated)\s(?:in|on)\s(?P<src>(?:an?|the|his|her|their|its)\s(?:[\w’'\-]+\s){0,2}"
                            r"(?:letter|memo|filing|report|op-ed|column|testimony|affidavit|complaint)|"
                            r"(?:an?|the|his|her|their|its)\s(?:\w+\s)?statement(?=\sthat\b)|an?\swritten\sstatement)\b")),
    ("doc_says", re.compile(rf"(?P<src>\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Aa]n?|(?:[A-Z][\w.]*\s)?[A-Z][\w\-]+[’'](?:s\b)?)"
                            rf"\s(?:[\w’'\-]+\s){{0,3}}{_DOC})(?:,\s[^,]{{3,60}},|(?:\s(?!{_NOT_BETWEEN})[\w\-’']+){{1,3}}?)?\s(?:also\s)?"
                            r"(?:says|said|states|stated|reads|read|shows|showed|notes|noted|indicates|indicated|found|finds|"
                            r"quotes|quoted|did not|does not|begins)\b")),
    ("doc_in", re.compile(rf"\b(?:[Ii]n|[Rr]eading from|[Rr]eads?)\s(?P<src>(?:an?|the|his|her|their|its|separate)\s"
                          rf"(?:(?!{_NOT_BETWEEN})[\w’'\-,]+\s){{0,4}}(?:statements?|letters?|memo|filing|report|op-ed))\b")),
    ("doc_of", re.compile(r"\b(?P<src>(?:excerpts?|slides|the prepared text|prepared remarks|releases and statements|"
                          r"a number of releases)\s(?:from|of|provided by)\s[^,.;]{3,60})")),
    ("body", re.compile(rf"(?P<src>\b{_BODY})(?:,\s[^,]{{3,60}},)?\s{_BODY_VERB}")),
    ("agencies", re.compile(r"\b(?P<src>(?:[A-Z][a-z]+\s)?[Ii]ntelligence (?:agencies|officials|community))\s"
                            r"(?:have\s|had\s)?(?:believe|believed|concluded|assessed|say|said)\b")),
    ("body_told", re.compile(r"\b(?:[Aa]|[Tt]he)\s(?P<src>(?:\w+\s){0,3}spokes(?:man|woman|person)\sfor\s"
                             r"[A-Z][\w.’'&-]*(?:\s(?:of\s|the\s|and\s|for\s)*[A-Z][\w.’'&-]*){0,7})")),
    ("poll", re.compile(r"(?P<src>\b(?:[Pp]ublic opinion |[Rr]ecent |[Nn]ew |[Ll]atest )?[Pp]olls?|"
                        r"\b(?:[A-Z][\w/]*\s){1,5}poll|[Ee]ntrance polls|[Ee]xit polls)\s(?:last week\s|this week\s)?"
                        r"(?:show|shows|showed|suggest|suggests|suggested|found|finds|released|conducted|indicate)\b")),
    ("paper", re.compile(r"\b(?P<src>(?:the|The)\s(?:paper|newspaper|network|magazine|outlet|site|news site|"
                         r"broadcaster)|[Mm]edia reports|(?:other\s)?media outlets|various media (?:stories|reports))"
                         r"\s(?:\w+\s)?(?:reported|reports|said|says|notes|noted|pointed out|found)\b")),
]
_KIND_OF_PATTERN = {"told": "outlet", "reported": "outlet", "by": "outlet", "report": "outlet", "outlet_in": "outlet",
                    "officials": "official", "doc_said": "document", "doc_says": "document", "doc_in": "document",
                    "doc_of": "document", "body": "official", "body_told": "official", "poll": "other", "paper": "outlet",
                    "outlet_at": "outlet", "station": "outlet", "interviewer": "other", "citing": "outlet",
                    "floor": "official", "doc_verb": "document", "embed": "outlet", "agencies": "official"}
_NOT_OUTLET = re.compile(r"^(?:the\s)?(?:New|Daily|Morning|Sunday|Press|News|Report|Review|Star|Sun|TV|Radio|Television|"
                         r"Cable)$", re.IGNORECASE)
_IN_ACCORDANCE = re.compile(r"\b(?:calculated|determined|set|adjusted|ranked|sorted|arranged|measured|varies|vary|"
                            r"varying|weighted|graded|scaled|divided|allocated|distributed|priced|paid|taxed)\s+"
                            r"(?:\w+\s+)?according to\b", re.IGNORECASE)
_BAD_OUTLET = re.compile(r"\b(?:President|Secretary|Senator|Representative|Governor|Speaker|Minister)\b")


@dataclass
class SourceCite:
    """A source an article cites: its name, kind and source offsets."""

    source: str
    kind: str  # outlet | wire | document | official | other
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _clean(src: str) -> str:
    s = " ".join(src.split()).strip(" ,.;:“”\"’'")
    s = re.sub(r"[’']s?$", "", s)
    s = re.sub(r"[’']s?\s[“\"]", " ", s).replace("“", "").replace("”", "").replace('"', "")
    return " ".join(s.split())


def source_key(name: str) -> str:
    """A source's name for comparing articles: without "the", case, punctuation
    or a possessive ("The Washington Post's" -> "washington post")."""
    s = re.sub(r"[’']s\b", "", name.lower())
    s = re.sub(r"^the\s", "", s)
    return " ".join(re.findall(r"[a-z0-9&]+", s))


def _kind(pattern: str, src: str) -> str:
    if _WIRE_RE.search(src):
        return "wire"
    if pattern == "according":
        low = src.lower()
        if _OUTLET_RE.search(src) or re.search(r"\b(?:reports?|newspaper)\b", low) and re.search(r"[A-Z]", src):
            return "outlet"
        if re.search(rf"\b{_DOC}\b|\bfilings?\b|\breturns?\b|\btext\b|\bdata\b", low):
            return "document"
        if re.search(r"\b(?:officials?|department|ministry|agency|committee|white house|police|government|"
                     r"administration|office|spokes\w+|service|bureau|commission|senator|sen\.|rep\.)", low):
            return "official"
        return "other"
    if pattern == "officials" and not re.search(r"\b(?:officials?|diplomats?)\b", src, re.IGNORECASE):
        return "other"  # aides, advisers, experts, unnamed sources
    return _KIND_OF_PATTERN[pattern]


def _accept(pattern: str, src: str) -> bool:
    """Whether a matched outlet is one: a known name or an outlet's form, not a person with a title;
    a post on social media is the poster's own words, not a source."""
    if pattern == "according" and re.match(r"(?:the|a|an|his|her|their|its)\s(?:\w+\s)?(?:tweet|post)\b", src, re.I):
        return False
    if pattern in ("told", "reported", "by", "report", "outlet_in") and (_NOT_OUTLET.match(src) or _BAD_OUTLET.search(src)):
        return False
    return len(src) >= 2


def _context_ok(pattern: str, text: str, m: re.Match[str]) -> bool:
    """A body that someone is "of" is that person's affiliation ("Lea Brandt of the Kestrow
    Institute said"); "in a statement" only where a clause opens with it."""
    before = text[max(0, m.start() - 12):m.start()]
    if pattern == "body" and re.search(r"\b(?:of|at|for|from|with)\s$", before):
        return False
    if pattern == "according" and _IN_ACCORDANCE.search(text[max(0, m.start() - 30):m.start() + 13]):
        return False  # "calculated according to a rider's distance": by a rule, not from a source
    return pattern != "doc_in" or bool(_CLAUSE_START_RE.search(before))


# words a pattern's match must contain: the pattern runs only around them (the slow patterns, which could
# otherwise start at every capitalised word)
_TRIGGERS = {
    "reported": re.compile(r"\b(?:reported|reports|reporting|confirmed|revealed|notes|noted|referred|found|published|"
                           r"obtained|projected|estimated)\b"),
    "officials": re.compile(r"\b(?i:officials?|aides?|advisers?|advisors?|sources?|diplomats?|experts?|economists?|"
                            r"analysts?|familiar)\b"),
    "poll": re.compile(r"\b(?i:polls?)\b"),
    "outlet_in": re.compile(r"\b(?:report|article|story|op-ed|column|interview|piece)s?\s(?:in|on|with|by|for)\b"),
    "doc_says": re.compile(r"\b(?:says|said|states|stated|reads|read|shows|showed|notes|noted|indicates|indicated|"
                           r"found|finds|quotes|quoted|did not|does not|begins)\b"),
    "body": re.compile(r"\b(?:said|says|say|announced|claimed|repeated|revealed|confirmed|reported|denied|responded|"
                       r"estimated|stated|noted|released|issued|disclosed|circulated|alerted|cited|disagrees|wrote)\b"),
}
_REACH = 220  # the longest stretch of a match before or after its trigger word


def _windows(name: str, text: str) -> list[tuple[int, int]]:
    trigger = _TRIGGERS.get(name)
    if trigger is None:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        a, b = max(0, m.start() - _REACH), min(len(text), m.end() + _REACH)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def cites_in(text: str) -> list[tuple[str, SourceCite]]:
    """Every find in ``text`` with the name of the pattern that found it, overlaps included."""
    found: list[tuple[str, SourceCite]] = []
    for name, rx in _PATTERNS:
        for m in (m for a, b in _windows(name, text) for m in rx.finditer(text, a, b)):
            if not _context_ok(name, text, m):
                continue
            key = next(k for k, g in m.groupdict().items() if k.startswith("src") and g)
            raw, (g0, g1) = m.group(key), m.span(key)
            end = m.end()
            if g1 == end < len(text) and text[end - 1].isalnum() and text[end].isalnum() and " " in raw.strip():
                # a pattern's length limit ended it inside a word ("... for Tax Administrati"): back to a word's end
                raw = raw[:raw.rstrip().rfind(" ")]
            if g1 == m.end():
                raw = raw.rstrip()  # the span ends where the name does, not on a space after it
                end = g0 + len(raw)
            src = _clean(raw)
            if _accept(name, src):
                found.append((name, SourceCite(src, _kind(name, src), m.start(), end)))
    return found


_PEOPLE_CLASS = {"official": "official", "aide": "aide", "adviser": "adviser", "advisor": "adviser", "source": "source",
                 "diplomat": "official", "expert": "expert", "economist": "expert", "analyst": "expert",
                 "familiar": "source", "people": "source", "person": "source"}
_DOC_HEADS = re.compile(r"\b(statement|letter|memo|memorandum|e-?mail|filing|report|op-ed|column|transcript|summary|"
                        r"book|complaint|indictment|lawsuit|document|record|release|affidavit|testimony|excerpt|text|"
                        r"remarks|slide|video|footage|recording|study|survey|poll)s?\b", re.IGNORECASE)
_DEFINITE_RE = re.compile(r"^(?:(?:one|two|three|four|some|several|many|most|all|each|both|none)\sof\s)?(?:the|The|"
                          r"another|Another|a second|A second|a third|that|those|these|this|an official who|"
                          r"an official with|officials who)\b")
_NOT_CAPS = frozenset("The A An One Two Three Four Some Several Many Another According Senior Top Former Current "
                      "Outside Other".split())
_KNOWN_IN = re.compile(rf"\b(?:{_KNOWN})\b")


def _identity(pattern: str, c: SourceCite) -> tuple[str, bool]:
    """What makes two cites one source, and whether the cite may refer back
    to an earlier one ("the officials", "the letter", "the paper"): an
    outlet's name, the names that set a group of officials apart ("Defense
    Department officials"), a document's owner and kind."""
    known = _KNOWN_IN.search(c.source)
    definite = bool(_DEFINITE_RE.match(c.source))
    if known and c.kind in ("outlet", "wire", "other", "document") and not re.search(r"\b(?:poll|survey)s?\b", c.source):
        return f"outlet:{source_key(known.group(0))}", False
    low = c.source.lower()
    people = [v for k, v in _PEOPLE_CLASS.items() if re.search(rf"\b{k}s?\b", low)]
    caps = " ".join(w for w in re.findall(r"\b[A-Z][\w.]*", c.source)
                    if w.lower().rstrip("s") not in _PEOPLE_CLASS and w not in _NOT_CAPS)
    if people and c.kind in ("official", "other"):
        return f"people:{people[0]}:{source_key(caps)}", definite
    head = _DOC_HEADS.search(c.source)
    if head and c.kind in ("document", "other"):
        return f"doc:{head.group(1).lower().replace('-', '')}:{source_key(caps)}", definite or not caps
    if pattern == "paper":
        return "outlet:", True
    words = [w for w in source_key(c.source).split() if w not in ("a", "an", "the")]
    return f"{c.kind}:{' '.join(words)}", False


def _same(key: str, definite: bool, earlier: list[str]) -> bool:
    if key in earlier:
        return True
    kind, _, name = key.partition(":")
    if definite:  # "the officials" after "two officials briefed on the talks"
        cls = name.split(":")[0]
        return any(e.startswith(f"{kind}:{cls}") for e in earlier) or (kind == "outlet" and any(
            e.startswith("outlet:") for e in earlier))
    # "The Times" after "The New York Times": a name ending another outlet's name
    return kind == "outlet" and bool(name) and any(
        e.startswith("outlet:") and e.partition(":")[2].endswith(" " + name) for e in earlier)


def find_sources(article: Article) -> list[SourceCite]:
    """The sources ``article`` cites (see the module doc), each once, where it
    is first cited; where two finds overlap the longer is kept, and a
    reference back ("the officials", "the letter", "the paper") to a source
    of that kind cited earlier is not a new source."""
    found = sorted(cites_in(article.source), key=lambda x: (x[1].start, -(x[1].end - x[1].start)))
    kept: list[tuple[str, SourceCite]] = []
    for name, c in found:
        if kept and c.start < kept[-1][1].end:
            if c.end - c.start > kept[-1][1].end - kept[-1][1].start:
                kept[-1] = (name, c)
            continue
        kept.append((name, c))
    out: list[SourceCite] = []
    seen: list[str] = []
    for name, c in kept:
        key, definite = _identity(name, c)
        head = _DOC_HEADS.search(c.source)
        if _same(key, definite, seen) or (definite and head and any(e.startswith("outlet:") for e in seen)
                                          and head.group(1).lower() in ("report", "poll", "survey", "story")):
            continue  # "the report" / "the poll" after the outlet that published it
        seen.append(key)
        if head:
            seen.append(f"doc:{head.group(1).lower().replace('-', '')}:")
        out.append(c)
    return out
