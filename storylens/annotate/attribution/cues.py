"""Word lists for rule-based attribution: speech cues, pronouns, titles."""

from __future__ import annotations

__all__ = [
    "JOINED_PARTICLES",
    "RANKS",
    "SURNAME_PARTICLES",
    "CUE_FORMS",
    "BROAD_CUES",
    "PARTICIPLE_CUES",
    "PRONOUNS",
    "PRONOUN_GENDER",
    "SKIP_BEFORE_CUE",
    "DETERMINERS",
    "TITLE_WORDS",
    "ABBREVIATIONS",
    "MALE_TITLES",
    "FEMALE_TITLES",
    "cue_lemma",
    "ORG_ROLE_NOUNS",
    "ORG_NAME_WORDS",
    "CORPORATE_SUFFIXES",
    "COMMENT_ADVERBS",
    "US_STATES",
    "PERSONAL_TITLES",
    "PLACE_PREPOSITIONS",
]

# verb -> irregular forms (base, 3rd person, past, participle, gerund)
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "speak": ("speaks", "spoke", "speaking"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "quip": ("quip", "quips", "quipped", "quipping"),
    "retort": ("retort", "retorts", "retorted"),
    "think": ("thinks", "thought"),
    "write in": (),
}
_REGULAR = (
    "add ask answer argue assert acknowledge announce aver affirm boast caution "
    "claim comment complain concede conclude confirm contend continue counter "
    "declare deny describe emphasize emphasise explain exclaim estimate "
    "insist indicate joke lament mention muse note observe opine plead "
    "post predict proclaim promise protest question reason recall recount remark "
    "remind repeat reply report respond reveal scoff shout stress state suggest "
    "testify urge vow warn wonder yell agree allege highlight maintain "
    "mock chide pledge pronounce reiterate reflect rule charge describe "
    "email text concur fume gush grumble marvel ponder rail scold sneer "
    "tout underline underscore volunteer whisper"
)


def _regular_forms(verb: str) -> tuple[str, ...]:
    if verb.endswith("e"):
        return verb, verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith(("sh", "ch", "ss", "x")):
        return verb, verb + "es", verb + "ed", verb + "ing"
    return verb, verb + "s", verb + "ed", verb + "ing"


CUE_FORMS: dict[str, str] = {}
for _lemma, _forms in _IRREGULAR.items():
    for _f in _forms:
        CUE_FORMS[_f] = _lemma
_BASE_OK = {"add", "argue", "insist", "explain", "ask", "warn", "agree", "acknowledge",
            "suggest", "predict", "recall", "contend", "conclude", "assert", "declare"}
for _lemma in _REGULAR.split():
    for _f in _regular_forms(_lemma):
        if _f == _lemma and _lemma not in _BASE_OK:
            continue  # bare forms double as nouns ("a mention", "the claim")
        CUE_FORMS.setdefault(_f, _lemma)
# forms too ambiguous as bare nouns or adjectives to count as cues
_AMBIGUOUS = {
    "post", "posts", "question", "questions", "report", "reports", "text", "texts", "state",
    "states", "charge", "charges", "email", "emails", "rule", "rules", "reason", "reasons",
    "continue", "continues", "estimate", "estimates", "counter", "counters", "promise",
    "promises", "answer", "answers", "comment", "comments", "repeat", "protest", "protests",
    "stress", "wonder", "yell", "shout", "muse", "joke", "plead", "pledge", "pledges",
    "boast", "scoff", "concur", "tout", "underline", "volunteer", "volunteers", "reflect",
    "reflects", "mock", "rail", "rails", "marvel", "ponder", "remind", "reminds", "describe",
    "describes", "describing", "reminding", "reflecting", "charging", "ruling", "ruled",
    "texting", "posting", "reporting", "reasoning", "questioning",
    "continuing", "estimated", "estimating", "highlight", "highlights",
}
for _f in _AMBIGUOUS:
    CUE_FORMS.pop(_f, None)
# forms seen as Cue spans right beside quotations in PolNeAR train (harvested
# once; general speech verbs, not corpus names)
for _f, _lemma in (("read", "read"), ("reads", "read"), ("chanted", "chant"), ("chanting", "chant"),
                   ("barked", "bark"), ("riffed", "riff"), ("interjected", "interject"),
                   ("remembered", "remember"), ("continues", "continue"),
                   ("recalls", "recall"), ("snapped", "snap"), ("quipped", "quip"), ("mused", "muse"),
                   ("joked", "joke"), ("shouted", "shout"), ("yelled", "yell"), ("pleaded", "plead"),
                   ("boasted", "boast"), ("scoffed", "scoff"), ("touted", "tout"), ("wondered", "wonder"),
                   ("surmised", "surmise"), ("opined", "opine"), ("thundered", "thunder"),
                   ("cautioned", "caution"), ("summed", "sum"), ("pressed", "press"),
                   ("reacted", "react")):
    CUE_FORMS.setdefault(_f, _lemma)

# verbs that attribute a quoted term without being speech verbs proper
# ("Trump called them “fools”", "accused her of “lying”")
_BROAD = (
    "call accuse blast slam decry condemn dismiss defend criticize criticise praise label "
    "brand characterize characterise refer cite attack demand hail mention deride lambast "
    "lash denounce compare tout dub vow pledge promise admit deny insist describe question "
    "reject recommend thank welcome applaud ridicule push pitch frame cast slam lament "
    "express endorse predict propose hope fear worry believe feel want plan agree blame"
)
BROAD_CUES: dict[str, str] = {}
for _lemma in _BROAD.split():
    for _f in _regular_forms(_lemma):
        BROAD_CUES[_f] = _lemma
for _f in ("felt", "thinks", "thought", "calls", "called", "hopes", "fears"):
    BROAD_CUES[_f] = _f
for _f in ("call", "question", "plan", "want", "hope", "fear", "feel", "worry", "cast", "frame",
           "push", "pitch", "attack", "agree", "believe", "demand", "promise", "label", "brand"):
    BROAD_CUES.pop(_f, None)

PARTICIPLE_CUES = {f for f in CUE_FORMS if f.endswith("ing")} | {f for f in BROAD_CUES if f.endswith("ing")}


def cue_lemma(word: str) -> str | None:
    """The speech verb behind ``word`` (any case), or ``None``."""
    return CUE_FORMS.get(word.lower())


PRONOUNS = {"he", "she", "they", "i", "we", "it", "who", "you", "which"}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f",
                  "they": "p", "them": "p", "their": "p", "we": "p"}

# words allowed between a subject and its cue ("Rutte has also said")
SKIP_BEFORE_CUE = {
    "has", "have", "had", "also", "later", "then", "reportedly", "previously", "again",
    "recently", "once", "first", "further", "simply", "just", "would", "will", "was", "is",
    "were", "are", "did", "does", "do", "not", "never", "earlier", "often", "always",
    "quickly", "already", "still", "even", "only", "could", "might", "may", "can",
    "subsequently", "repeatedly", "ultimately", "frequently", "famously", "openly",
    "publicly", "privately", "flatly", "bluntly", "allegedly",
    "apparently", "told", "being", "been", "be", "and", "but", "now", "indeed", "however", "instead",
    "meanwhile", "soon", "immediately", "should", "must",
}
SKIP_BEFORE_CUE.discard("told")
SKIP_BEFORE_CUE.discard("and")
SKIP_BEFORE_CUE.discard("but")

# capitalised sentence openers that are no mention ("Meanwhile, it attacked …")
SENTENCE_ADVERBS = {"meanwhile", "instead", "still", "yet", "indeed", "later", "earlier", "now", "then", "also",
                    "however", "moreover", "furthermore", "nevertheless", "nonetheless", "thus", "hence",
                    "therefore", "again", "otherwise", "though", "although", "even", "perhaps", "maybe",
                    "yes", "no", "well", "so", "but", "and", "or", "plus", "first", "second", "finally",
                    "besides", "ultimately", "today", "here", "there", "this", "that", "these", "those"}
# adverbs that open a sentence before its subject ("Certainly Saddam Hussein continues …"): no name's words
COMMENT_ADVERBS = frozenset("""
    certainly clearly surely apparently obviously undoubtedly presumably ironically interestingly notably
    importantly fortunately unfortunately curiously predictably understandably naturally separately similarly
    likewise additionally eventually initially originally previously recently currently already admittedly
    arguably frankly honestly hopefully luckily sadly strangely surprisingly unsurprisingly thankfully
    inevitably evidently reportedly allegedly actually basically essentially generally typically usually
    normally traditionally historically officially publicly privately personally specifically
""".split())
SENTENCE_ADVERBS |= COMMENT_ADVERBS
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "this", "that", "these",
               "those", "one", "some", "another", "our", "my", "your", "many", "several",
               "two", "three", "four", "most", "other", "each", "every", "both", "no", "any"}

# police and military ranks, abbreviated ("Cpl. Jesse Harlow", "Det. Insp. Ilse Marr"): titles and abbreviations
RANKS = ("cpl", "pvt", "pfc", "spc", "det", "insp", "const", "supt", "maj", "brig", "cmdr", "cdr")

TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov",
    "governor", "gen", "general", "lt", "col", "colonel", "capt", "captain", "sgt", "adm",
    "admiral", "president", "vice", "prime", "minister", "secretary", "chancellor", "pope",
    "rev", "reverend", "prof", "professor", "judge", "justice", "mayor", "speaker", "chief",
    "leader", "chairman", "chairwoman", "chair", "ambassador", "director", "spokesman",
    "spokeswoman", "spokesperson", "former", "outgoing", "incoming", "retired", "sir",
    "dame", "lord", "lady", "king", "queen", "prince", "princess", "attorney", "commissioner",
    "congressman", "congresswoman", "deputy", "premier", "president-elect", "sheriff",
    "st", "saint", "ret", "sec", "u.s.", "nato", "un", "eu", "candidate", "nominee",
    "democratic", "republican", "first", "house", "senate", "majority", "minority",
    "whip", "state", "foreign", "defense", "defence", "secretary-general",
    "ceo", "cfo", "pm", "bishop", "archbishop", "cardinal", "father", "rabbi", "pastor", "imam", "journalist",
    "anchor", "correspondent", "host", "senators", "sens", "reps", "representatives", "justices",
    "councilman", "councilwoman", "assemblyman", "assemblywoman", "delegate", "superintendent",
    "lawmaker", "strategist", "pollster", "founder", "trustee", "treasurer", "comptroller", "marshal",
    "counsel", "special", "officer", "detective", "lieutenant", "sergeant", "corporal", "activist", "economist", "executive",
    "pro", "tem", "tempore", "inspector", "constable", *RANKS,
}
# titles only a person bears, right before the name ("Mr. House" is a man, "State Department" a body)
PERSONAL_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov", "governor",
                   "gen", "general", "lt", "col", "colonel", "capt", "captain", "sgt", "adm", "admiral", "rev",
                   "reverend", "prof", "professor", "judge", "justice", "mayor", "sir", "dame", "lord", "lady",
                   "congressman", "congresswoman", "sheriff", "father", "rabbi", "pastor", "imam", "bishop", *RANKS}

MALE_TITLES = {"mr", "sir", "lord", "king", "prince", "congressman", "chairman", "spokesman",
               "father", "brother"}
FEMALE_TITLES = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "congresswoman",
                 "chairwoman", "spokeswoman", "mother", "sister"}

# particles a surname takes joined on by a hyphen, lower case: "al-Sarraj", "el-Sisi", "bin-Laden"
JOINED_PARTICLES = ("al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ud", "ul", "ur", "bin", "ibn", "abu",
                    "abd", "bint")
# particles a surname takes as words of their own, two in a row too: "von der Leyen", "de la Torre"
SURNAME_PARTICLES = ("de", "van", "von", "der", "den", "da", "del", "della", "la", "le", "di")

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "adm",
    "rev", "prof", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "u.s", "u.k",
    "u.n", "d.c", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mt", "ft", "ret", "sec", "pres", "atty", *RANKS,
    "e.g", "i.e", "etc", "a.m", "p.m", "messrs", "mmes", "fla", "calif", "mass", "conn",
    "ariz", "ill", "ind", "va", "wash", "tenn", "tex", "ky", "pa", "ga", "ala", "ark",
    "colo", "del", "kan", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla",
    "ore", "wis", "wyo", "n.h", "n.j", "n.y", "n.c", "s.c", "n.d", "s.d", "r.i", "w.va",
}

# head nouns of role phrases that stand for an organisation ("the company said",
# "the paper wrote", "its operator"); other role heads stand for a person
ORG_ROLE_NOUNS = {
    "company", "firm", "operator", "group", "bank", "paper", "newspaper", "daily", "weekly",
    "ministry", "union", "agency", "broadcaster", "magazine", "outlet", "publication",
    "organisation", "organization", "institute", "authority", "council", "association",
    "federation", "regulator", "carrier", "airline", "manufacturer", "maker", "producer",
    "retailer", "insurer", "utility", "club", "department", "corporation", "conglomerate",
    "lender", "chain", "charity", "foundation", "network", "channel", "tabloid", "journal",
    "consortium", "owner", "developer", "supplier", "startup", "studio", "publisher", "committee",
    "commission", "board", "watchdog", "station", "party", "government", "administration",
}
# words that mark a capitalised name as an organisation ("… Terminals", "… Institute")
ORG_NAME_WORDS = {
    "news", "times", "post", "party", "committee", "department", "ministry", "council", "union",
    "tv", "school", "university", "institute", "foundation", "agency", "bank", "group",
    "campaign", "network", "fund", "journal", "review", "press", "house", "senate", "congress",
    "court", "administration", "office", "center", "centre", "association", "federation",
    "chamber", "commission", "authority", "company", "co", "corp", "corporation", "inc", "ltd",
    "llc", "plc", "gmbh", "holdings", "industries", "systems", "terminals",
    "airlines", "airways", "energy", "security", "media", "services", "partners", "bureau",
    "herald", "tribune", "gazette", "courier", "observer", "guardian", "telegraph", "chronicle",
    "daily", "weekly", "magazine", "radio", "television", "broadcasting", "club", "league",
    "board", "service", "police", "army", "navy", "society", "institution", "labs",
    "laboratories", "technologies", "motors", "pharmaceuticals", "capital", "trust",
    "exchange", "securities", "investments", "associates", "enterprises",
}
# a company's legal form closes its name, never a person's: "General Mills Inc." is no General Mills
CORPORATE_SUFFIXES = frozenset({"inc", "corp", "co", "ltd", "llc", "plc", "gmbh", "llp"})
# prepositions before a place name ("in Portsalve", "at Portsalve")
PLACE_PREPOSITIONS = {"in", "at", "near", "across", "outside", "into", "from", "around",
                      "throughout", "inside", "towards", "toward"}

# the United States' states as news writes them after a town ("Menlo Park, Calif.") -> the state
US_STATES = {
    "Ala.": "alabama", "AL": "alabama", "Alaska": "alaska", "AK": "alaska", "Ariz.": "arizona", "AZ": "arizona",
    "Ark.": "arkansas", "AR": "arkansas", "Calif.": "california", "Cal.": "california", "CA": "california",
    "Colo.": "colorado", "CO": "colorado", "Conn.": "connecticut", "CT": "connecticut", "Del.": "delaware",
    "DE": "delaware", "Fla.": "florida", "FL": "florida", "Ga.": "georgia", "GA": "georgia", "Hawaii": "hawaii",
    "HI": "hawaii", "Idaho": "idaho", "ID": "idaho", "Ill.": "illinois", "IL": "illinois", "Ind.": "indiana",
    "IN": "indiana", "Iowa": "iowa", "IA": "iowa", "Kan.": "kansas", "Kans.": "kansas", "KS": "kansas",
    "Ky.": "kentucky", "KY": "kentucky", "La.": "louisiana", "LA": "louisiana", "Maine": "maine", "ME": "maine",
    "Md.": "maryland", "MD": "maryland", "Mass.": "massachusetts", "MA": "massachusetts", "Mich.": "michigan",
    "MI": "michigan", "Minn.": "minnesota", "MN": "minnesota", "Miss.": "mississippi", "MS": "mississippi",
    "Mo.": "missouri", "MO": "missouri", "Mont.": "montana", "MT": "montana", "Neb.": "nebraska", "NE": "nebraska",
    "Nev.": "nevada", "NV": "nevada", "N.H.": "new hampshire", "NH": "new hampshire", "N.J.": "new jersey",
    "NJ": "new jersey", "N.M.": "new mexico", "NM": "new mexico", "N.Y.": "new york", "NY": "new york",
    "N.C.": "north carolina", "NC": "north carolina", "N.D.": "north dakota", "ND": "north dakota", "Ohio": "ohio",
    "OH": "ohio", "Okla.": "oklahoma", "OK": "oklahoma", "Ore.": "oregon", "OR": "oregon", "Pa.": "pennsylvania",
    "PA": "pennsylvania", "R.I.": "rhode island", "RI": "rhode island", "S.C.": "south carolina",
    "SC": "south carolina", "S.D.": "south dakota", "SD": "south dakota", "Tenn.": "tennessee", "TN": "tennessee",
    "Texas": "texas", "Tex.": "texas", "TX": "texas", "Utah": "utah", "UT": "utah", "Vt.": "vermont",
    "VT": "vermont", "Va.": "virginia", "VA": "virginia", "Wash.": "washington", "WA": "washington",
    "W.Va.": "west virginia", "W. Va.": "west virginia", "WV": "west virginia", "Wis.": "wisconsin",
    "Wisc.": "wisconsin", "WI": "wisconsin", "Wyo.": "wyoming", "WY": "wyoming"}
