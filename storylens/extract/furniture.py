"""Rules that recognise one line of page furniture in isolation.

:func:`classify_line` looks at a single stripped line and says whether it is
page furniture (navigation, share buttons, photo credits, wire credits,
newsletter prompts, legal boilerplate...), and why. Rules that need the lines
around a line (titles, datelines, captions, attribution lines) live in
:mod:`storylens.extract.plaintext`.

Two kinds of rules:

* *specific* rules match furniture phrasing precisely ("Reuters contributed to
  this report", "All rights reserved", "We use cookies ...") and apply to a line
  of any length;
* *short* rules ("Share", "Photo: X", "Read more: X") only apply to short lines,
  so that a body sentence which merely starts with the same word is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import PAYWALL_NOTICE

# Wire services and syndication outlets recognised in "(AFP)"-style markers.
WIRES = (
    "MENAFN", "AFP", "Reuters", "AP", "Associated Press", "dpa", "DPA", "ANI", "IANS",
    "PTI", "Xinhua", "TASS", "Sputnik", "UPI", "Bloomberg", "EFE", "ANSA", "Yonhap",
    "Kyodo", "RIA Novosti", "Anadolu", "AA", "Interfax", "WAM", "SPA", "KUNA",
    "Bernama", "BERNAMA", "NNA", "APA", "PAP", "UNI", "CNA", "KCNA", "IRNA",
    "Ukrinform", "AAP", "CP", "NTB", "TT", "Belga", "APA-OTS", "PA", "PA Media",
    "RTTNews", "Newsfile", "PRNewswire", "GLOBE NEWSWIRE", "Business Wire",
)
_WIRE_ALT = "|".join(sorted((re.escape(w) for w in WIRES), key=len, reverse=True))
# Canonical spelling of a wire name.
_WIRE_CANON = {w.lower(): w for w in WIRES}
_WIRE_CANON.update({"associated press": "AP", "bernama": "Bernama", "dpa": "dpa"})

# "(MENAFN)", "(AFP) -", "KYIV (Reuters) -": a wire marker opening a paragraph.
WIRE_MARKER = re.compile(
    r"^(?:[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Za-z.' ]{2,30})?\s*)?\((" + _WIRE_ALT + r")\)(?:\s*[-–—:]|\s)",
)
# "MENAFN16032025000045015687ID1109319523" and friends.
TRACKING_ID = re.compile(r"^(?:[A-Z]{2,10}\d{8,}(?:ID\d{6,})?|[A-Z0-9]{20,})$")

MAX_SHORT_WORDS = 12


@dataclass(frozen=True)
class LineVerdict:
    """Why a line is furniture, plus what it tells about the article."""

    reason: str
    wire: str | None = None  # a syndication source named by the line
    author: str | None = None  # an author named by a byline


def canonical_wire(name: str) -> str:
    """Canonical spelling of a wire/outlet name ("associated press" -> "AP")."""
    key = name.strip().lower()
    return _WIRE_CANON.get(key, name.strip())


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# (reason, pattern) for lines of any length: the phrasing itself is furniture.
# "Article continues below", "Story continues after this advertisement": a marker between two parts of a page
_CONTINUES = (r"(?:the )?(?:story|article) continues (?:below|after (?:this |the )?(?:advertisement|ad))"
              r"(?: (?:this |the )?(?:advertisement|ad))?")

_SPECIFIC: list[tuple[str, re.Pattern[str]]] = [
    ("legal disclaimer", _rx(r"^legal disclaimer\s*:?")),
    ("legal disclaimer", _rx(r"^\w+ provides the information .{0,10}as is.{0,10} without warranty")),
    ("copyright", _rx(r"^(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}|[A-Z]).{0,150}$")),
    ("copyright", _rx(r"\ball rights reserved\b")),
    ("copyright", _rx(r"^this (?:material|article|content) may not be (?:published|reproduced|copied)")),
    ("cookie notice", _rx(r"^(?:we|this (?:site|website)) uses? cookies\b")),
    ("cookie notice", _rx(r"\b(?:accept|manage|reject) (?:all )?cookies\b|\bcookie (?:policy|settings|preferences)\b")),
    ("newsletter", _rx(r"^(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletter|inbox|e-?mail|updates|briefing)\b")),
    ("newsletter", _rx(r"^get (?:our|the) .{0,60}\b(?:newsletter|briefing)\b.{0,60}$")),
    ("click here", _rx(r"^(?:please )?click (?:here|the link|below) (?:to|for)\b.{0,120}$")),
    ("social follow", _rx(r"^follow (?:us|@\w+|\w+ \w+ on)\b.{0,80}(?:twitter|facebook|instagram|telegram|tiktok|youtube|linkedin|whatsapp|threads|bluesky|\bx\b|@\w+|news|$)")),
    ("wire credit", _rx(r"^(?:\w[\w .&'-]{0,40}) contributed (?:to )?(?:this )?(?:report|story|article)(?:ing)?\b")),
    ("wire credit", _rx(r"^\(?(?:reporting|additional reporting|writing|editing|compiled) by\b.{0,200}\)?$")),
    ("wire credit", _rx(r"^this (?:article|story|piece|post) (?:was )?(?:originally |first )?(?:published|appeared) (?:by|on|in|at)\b")),
    ("wire credit", _rx(r"^this (?:article|story) (?:has been|was) (?:auto-?generated|produced) from (?:an? )?(?:agency|wire) feed")),
    ("wire credit", _rx(r"^this (?:article|story|piece) (?:was|is|has been) (?:provided|supplied|syndicated|distributed) "
                        r"by\b.{0,200}$")),
    ("editor's note", _rx(r"^(?:editor['’]?s note\s*:.{0,300}|this (?:article|story|piece|report|post) (?:has been|was|"
                          r"is being) (?:updated|corrected|amended|revised)\b.{0,200})$")),
    ("wire credit", _rx(r"^\(?with (?:" + _WIRE_ALT + r")(?: and (?:" + _WIRE_ALT + r"))?\)?\.?$")),
    ("photo credit", _rx(r"^\((?:photo|image|picture|video)s? (?:by|credit|courtesy)\b[^)]{0,150}\)\.?$")),
    # a caption with its credit glued on, as scraped from the Times: "... at the Capitol.CreditJoshua Roberts/Reuters"
    ("image caption", re.compile(r"[.!?”\"’)]Credit[A-Z][\w.'’ -]{1,40}(?:/[\w .&'’-]{1,40})?$")),
    ("share", _rx(r"^share (?:this|on|via|the) (?:article|story|page|post)?\b.{0,60}$")),
    # the marker on a line of its own, or opening a line with the advertisement named ("... ad. Share")
    ("advertisement", _rx(rf"^(?:{_CONTINUES}[.:]?$|(?:story|article) continues (?:below|after) (?:this )?"
                          r"(?:advertisement|ad)\b)")),
    ("comments closed", _rx(r"^comments (?:are|have been) (?:closed|disabled|turned off)\.?$")),
    ("copyright", _rx(r"^this copy is for your personal,? non-commercial use only")),
    ("newsletter", _rx(r"(?:^|[.!?] )(?:subscribe to|sign up (?:for|to)) (?:our|the|[\w.]+[’']s) (?:\w+ ){0,4}newsletters?\b.{0,60}$")),
    ("newsletter", _rx(r"^get (?:the latest|our|the best|the day'?s|the top) .{0,60}\b(?:in|to|into) your inbox\b")),
    ("contact", _rx(r"^(?:have|got) a (?:news )?tip\?")),
    ("share", _rx(r"^(?:like|liked|enjoyed) this (?:story|article|post)\? share it\b")),
    ("markup", _rx(r"^\[\w+(?:\s[^\]]*)?\].{0,300}\[/\w+\]$")),
]

# What a paywall or sign-in wall says instead of the article ("You have reached
# the limit for free access ...", "Members, tap here to sign in ...", "TAKE A
# FREE TRIAL Registered users can read up to 5 stories ..."). Each
# opens a sentence; :func:`paywall_start` also finds them inside a line.
_PAYWALL = (
    r"you(?:['’]ve| have) (?:reached|hit|used up|exceeded|used) (?:the|your|all (?:of )?your) (?:\w+ ){0,3}"
    r"(?:(?:limit|maximum|quota|allowance)\b,? (?:of |for |on )?(?:\w+ ){0,4}(?:free|articles?|stories|views?|access)|"
    r"free (?:articles?|stories|views?))\b",
    r"you(?:['’]ve| have) (?:read|viewed) (?:all (?:of )?your |your |\d+ of (?:your )?\d* ?)(?:\w+ ){0,2}"
    r"(?:free |complimentary )(?:articles?|stories)\b",
    r"(?:subscribers?|members?),? (?:please )?(?:click|tap) (?:below|here) to (?:log ?in|sign in|register|subscribe)\b",
    r"already (?:a (?:subscriber|member)|have an account)\??\s*(?:please )?(?:log ?in|sign in|click)\b",
    r"(?:to )?(?:continue|keep) reading,? (?:please )?(?:subscribe|log ?in|sign in|register|create (?:a|an|your) "
    r"(?:free )?account|become a (?:subscriber|member))\b",
    r"(?:subscribe|sign up|register|log ?in|sign in) (?:now |today )?(?:to|for) (?:continue reading|keep reading|"
    r"read (?:the|this) (?:full |whole |rest of the )?(?:article|story)|unlimited (?:digital )?access|full access)\b",
    r"this (?:article|story|content|page|report) is (?:only )?(?:for|available (?:only )?to|reserved for|exclusive to) "
    r"(?:our )?(?:paid |paying |premium |digital )?(?:subscribers|members)\b",
    r"(?:or )?(?:purchase|buy) a subscription for unlimited access\b",
    r"(?:please )?(?:keep supporting .{0,40} by )?turn(?:ing)? off your ad ?blocker\b",
    r"take a free trial\b",
    r"registered users can (?:read|view|access) (?:up to )?\d+ (?:free )?(?:articles?|stories|reports)\b",
)
_PAYWALL_LINE = _rx(r"^(?:" + "|".join(_PAYWALL) + r")")
_SPECIFIC.append((PAYWALL_NOTICE, _PAYWALL_LINE))
# A sign-in form flattened to one line where the article should be ("Are you
# sure you want to log out? X Login ... E-mail or Username: Password REMEMBER
# ME SIGN IN ..."): it opens with a form's words, and its password field is
# followed by the form's next control ("Password: Remember me", "Password
# Forgot your password?"), which a sentence about passwords does not do. Only
# the line goes, and only a short one that ends within 200 characters of the
# password field: a form glued to the article's text stays, with the text.
# Unlike the notices above it is not looked for inside a line.
SIGN_IN_FORM = _rx(
    r"^(?=.{0,600}$)(?=.*\bpassword\s*:?\s*(?:remember me|forg[eo]t|sign ?in|log ?in)\b.{0,200}$)"
    r"(?:are you sure you want to (?:log|sign) ?out\b|(?:member |user )?(?:log ?in|sign ?in)\b|e-?mail\b|user ?name\b)")
_SPECIFIC.append((PAYWALL_NOTICE, SIGN_IN_FORM))
_PAYWALL_AT = _rx(r"(?:" + "|".join(_PAYWALL) + r")")
# where a notice can start inside a line: a sentence start, or capitals after a headline
_NOTICE_STARTS = re.compile(r"(?<=[.!?”\"’)] )(?=\S)|(?<=[^\W_] )(?=[A-Z]{2,} [A-Z])")
# a line can hold a notice only if it holds one of these (each pattern above needs one)
_PAYWALL_NEEDLES = ("limit", "maximum", "quota", "allowance", "free", "complimentary", "click", "tap", "already",
                    "reading", "subscri", "sign up", "regist", "log in", "login", "sign in", "members", "blocker")


# A "continues below" marker run into the text of a flattened page ("... the synagogue. Article
# continues below “We want to ..."): it stands between two sentences and is cut out of the line.
_CONTINUES_AT = re.compile(rf"(?<=[.!?”\"’] )(?i:{_CONTINUES})(?= +[“\"‘'A-Z])")


def inline_markers(text: str) -> list[tuple[int, int]]:
    """Where "Article continues below" and its kind stand inside a line of
    text, between two sentences: (start, end) in ``text``."""
    if "continues" not in text.lower():
        return []
    return [m.span() for m in _CONTINUES_AT.finditer(text)]


def paywall_start(text: str) -> int | None:
    """Where a paywall or sign-in notice begins inside a line of text (a
    scraped page flattened to one line: "Harbour tariffs to rise TAKE A FREE
    TRIAL Registered users can read up to 5 stories ..."), or None."""
    low = text.lower()
    if not any(n in low for n in _PAYWALL_NEEDLES):
        return None
    for m in _NOTICE_STARTS.finditer(text):  # ("... tariffs to rise TAKE A FREE TRIAL")
        if _PAYWALL_AT.match(text, m.start()):
            return m.start()
    return None

# A person's name: 1-4 capitalised words, lower-case particles allowed.
_NAME = r"[A-Z\u00c0-\u00de][\w.'’-]*(?:\s+(?:[A-Z\u00c0-\u00de][\w.'’-]*|van|von|de|der|den|da|di|du|la|le|bin|al|el)){0,3}"

# (reason, pattern) applied only to short lines.
_SHORT: list[tuple[str, re.Pattern[str]]] = [
    ("read also", _rx(r"^(?:read (?:also|more|next|this)|also read|see also|more on this|further reading|recommended reading)\b\s*[:|>»-]?")),
    ("related content", _rx(r"^(?:related (?:content|articles?|stories|news|posts|coverage|topics|links)|more (?:stories|news|from|on|in)\b|you (?:may|might) (?:also )?(?:like|be interested)|recommended(?: for you| stories)?|most (?:read|popular|viewed|shared)|trending(?: now| stories)?|top stories|latest (?:news|stories)|editor'?s picks)\b")),
    ("related content", _rx(r"^(?:watch|listen|video|podcast|gallery|in pictures|live|related|see more|more)\s*:\s*\S")),
    ("related content", _rx(r"^(?:don[’']?t miss|also on [\w-]+\.\w{2,})\b")),
    ("dateline", _rx(r"^(?:updated|posted|published)(?: at)?:? \d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?\.?$")),
    ("comments", _rx(r"^(?:tell us what you think|join the (?:conversation|discussion)|have your say)\b")),
    ("photo credit", _rx(r"^(?:photos?|images?|pictures?|pic|photograph|illustration|video|credits?|source|images? source|photo credit|image credit|picture credit|foto)\s*[:|]\s*.{1,160}$")),
    ("photo credit", _rx(r"(?:\bgetty images\b|\bshutterstock\b|\bdepositphotos\b|\balamy\b|\bimago\b|\bwikimedia commons\b|\bap photo\b|\bafp photo\b|\bepa-efe\b|\breuters/\w+)")),
    ("photo credit", _rx(r"^©\s*\S.{0,100}$")),
    ("byline", re.compile(r"^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Aa]uthor:?)\s+" + _NAME + r"(?:\s*(?:,|and|&|\||/)\s*[A-Z][\w.'’ -]{0,60})?$")),
    ("share", _rx(r"^(?:share|tweet|email|e-mail|print|copy link|copy|whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|messenger|x)(?:\s*[|/·•,]\s*(?:share|tweet|email|e-mail|print|copy link|whatsapp|facebook|twitter|linkedin|telegram|reddit|pinterest|x))*\s*$")),
    ("search", _rx(r"^(?:search|search for:?|search\.\.\.)$")),
    ("navigation", _rx(r"^(?:menu|home|skip to (?:main )?content|skip navigation|back to top|log ?in|sign in|sign up|subscribe(?: now)?|register|next(?: article| story)?|previous(?: article| story)?|close|open|toggle navigation|loading\.*|more|show more|load more|see more|view comments|comments|leave a comment|post a comment|\d+ comments?|jump to comments)$")),
    ("advertisement", _rx(r"^(?:advertisement|advertising|advert|ad|sponsored(?: content)?|promoted|paid (?:post|content)|partner content|scroll to continue(?: with content)?)$")),
    ("tags", _rx(r"^(?:tags?|topics?|filed under|categories|category|keywords)(?:\s*:\s*.+)?$")),
    ("reading time", _rx(r"^\d+\s*(?:min(?:ute)?s?)\.?\s*read$")),
    ("breadcrumb", _rx(r"^[\w ’'&.-]{1,30}(?:\s*(?:>|»|›|/|\|)\s*[\w ’'&.-]{1,30}){2,}$")),
    ("social follow", _rx(r"^(?:follow (?:us|me|him|her|them)|join us on|connect with us)\b")),
]


# Literal prefilters for the unanchored patterns, which are slow to search
# (they are tried at every position): a pattern can only match a line whose
# lower-cased text holds one of its needles. Needles avoid the letters i, k
# and s, which ``re.IGNORECASE`` also matches with non-ASCII characters
# ("ı", "K", "ſ"), so the prefilter never hides a match.
_NEEDLES: dict[str, tuple[str, ...]] = {
    r"\ball rights reserved\b": ("ght",),
    r"\b(?:accept|manage|reject) (?:all )?cookies\b|\bcookie (?:policy|settings|preferences)\b": ("coo",),
    r"(?:^|[.!?] )(?:subscribe to|sign up (?:for|to)) (?:our|the|[\w.]+[’']s) (?:\w+ ){0,4}newsletters?\b.{0,60}$": (
        "letter",
    ),
    r"(?:\bgetty images\b|\bshutterstock\b|\bdepositphotos\b|\balamy\b|\bimago\b|\bwikimedia commons\b"
    r"|\bap photo\b|\bafp photo\b|\bepa-efe\b|\breuters/\w+)": (
        "getty", "utter", "photo", "alamy", "mago", "commo", "epa-efe", "reuter",
    ),
}
assert all(n.isascii() and not set(n) & set("iks") for ns in _NEEDLES.values() for n in ns)
_SPECIFIC_CHECKS = [(reason, pat, _NEEDLES.get(pat.pattern)) for reason, pat in _SPECIFIC]
_SHORT_CHECKS = [(reason, pat, _NEEDLES.get(pat.pattern)) for reason, pat in _SHORT]
assert sum(n is not None for *_, n in _SPECIFIC_CHECKS + _SHORT_CHECKS) == len(_NEEDLES)


def _anchored(pat: re.Pattern[str]) -> bool:
    """True when ``pat`` can only match at the start of the text (``^`` opens the
    whole pattern, not one branch of a top-level alternation). False when the
    regex parser (a private module of ``re``) cannot tell: the rule is then
    simply searched on its own."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        parsed = list(_parser.parse(pat.pattern, pat.flags))
        return bool(parsed) and parsed[0] == (_constants.AT, _constants.AT_BEGINNING)
    except Exception:  # noqa: BLE001
        return False


def _split_checks(
    checks: list[tuple[str, re.Pattern[str], tuple[str, ...] | None]],
) -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str], tuple[str, ...] | None]]]:
    """(one regex matching where any anchored check matches, the other checks).

    Most lines are body text that no rule matches: one ``match`` of the union
    then replaces a search per anchored rule. When the union matches, all
    checks run in their order, so the first matching rule still decides.
    """
    union, rest = [], []
    for check in checks:
        pat = check[1]
        if pat.flags & ~(re.I | re.U) == 0 and _anchored(pat):
            union.append(f"(?:{pat.pattern})" if pat.flags & re.I else f"(?-i:{pat.pattern})")
        else:
            rest.append(check)
    return re.compile("|".join(union) or "(?!)", re.I), rest


_SPECIFIC_ANCHORED, _SPECIFIC_REST = _split_checks(_SPECIFIC_CHECKS)
_SHORT_ANCHORED, _SHORT_REST = _split_checks(_SHORT_CHECKS)


def _words(text: str) -> int:
    return len(text.split())


def wire_of_marker(text: str) -> str | None:
    """The wire named by an opening "(AFP)" style marker, if any."""
    m = WIRE_MARKER.match(text)
    return canonical_wire(m.group(1)) if m else None


_WIRE_IN_CREDIT = re.compile(r"\b(" + _WIRE_ALT + r")\b")
_PUBLISHED_BY = re.compile(
    r"\b(?:provided|supplied|syndicated|distributed) by\s+(?:the\s+)?([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})|"
    r"\b(?:published|appeared) (?:by|on|in|at)\s+(?:the\s+)?([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4})"
)


def _credit_source(text: str) -> str | None:
    m = _PUBLISHED_BY.search(text)
    if m:
        return canonical_wire((m.group(1) or m.group(2)).rstrip("."))
    m = _WIRE_IN_CREDIT.search(text)
    return canonical_wire(m.group(1)) if m else None


_BYLINE_STRIP = re.compile(r"^(?:by|written by|words by|author:?)\s+", re.I)


def classify_line(text: str) -> LineVerdict | None:
    """Say whether the stripped line ``text`` is page furniture on its own.

    Returns None for body text (or when the line needs context to decide).
    """
    if not text:
        return None
    if TRACKING_ID.match(text) and any(c.isdigit() for c in text):
        digits = sum(c.isdigit() for c in text)
        if digits >= len(text) // 2:
            head = re.match(r"^[A-Z]{2,10}", text)
            name = canonical_wire(head.group(0)) if head else None
            return LineVerdict("tracking id", wire=name if name in WIRES else None)
    low = text.lower()
    for reason, pat, needles in _SPECIFIC_CHECKS if _SPECIFIC_ANCHORED.match(text) else _SPECIFIC_REST:
        if needles is not None and not any(n in low for n in needles):
            continue
        if pat.search(text):
            wire = _credit_source(text) if reason in ("wire credit", "legal disclaimer") else None
            if reason == "legal disclaimer" and wire is None:
                provider = re.match(r"^(\w+) provides the information", text)
                wire = canonical_wire(provider.group(1)) if provider else None
            return LineVerdict(reason, wire=wire)
    if len(text.split(None, MAX_SHORT_WORDS)) > MAX_SHORT_WORDS:  # more than 12 words, without splitting them all
        return None
    for reason, pat, needles in _SHORT_CHECKS if _SHORT_ANCHORED.match(text) else _SHORT_REST:
        if needles is not None and not any(n in low for n in needles):
            continue
        if pat.search(text):
            if reason == "byline":
                name = _BYLINE_STRIP.sub("", text).strip()
                return LineVerdict(reason, author=name)
            if reason == "photo credit" and _words(text) > 8 and text.endswith(".") and ":" not in text:
                continue  # a sentence that mentions Getty Images
            return LineVerdict(reason)
    return None
