"""Fidelity of one rendering of a quotation to another.

:func:`classify` compares a group member with the group's reference wording
(both :class:`~.quote_words.QuoteItem`, words normalised so that punctuation,
case, abbreviations, number spelling and censoring are no change; a
contraction spelled out, "I'd" for "I would", compares equal but is a
rewording, as the gold's guidelines count it) and returns one of

``verbatim``  the same words
``trimmed``   a contiguous part of the other, or words dropped inside, or two
              cuts of one utterance; no word changed
``reworded``  words changed, added or reordered inside the quotation marks,
              the meaning kept (``is`` for ``are``, ``vaccine`` for
              ``vaccination``, an editor's ``(local)``)
``altered``   a number, a negation or a hedge changed

with a reason (``fragment``, ``extended``, ``words dropped inside``, what
made it ``altered``). A word present in one rendering only is a drop when
the other is the fuller wording and an addition when the other wording is
printed by several outlets (``ref_repeated``): "I feel badly" twice and "I
feel very badly" once is a rewording, not a trim.
"""

from __future__ import annotations

import contextlib
import re

from ..annotate.numbers import numbers_in_text
from ..text import HEDGES, NEGATIONS, STOPWORDS, stem
from .quote_align import opcodes, ratio
from .quote_words import QuoteItem, same_word, tokens

__all__ = ["RELATIONS", "classify", "meaning_change", "word_diff"]

RELATIONS = ("reference", "verbatim", "trimmed", "reworded", "altered")
_CLAUSE_RE = re.compile(r"[,.;:!?…—–()\"“”]|\b(?:and|but|if|until|unless|because|while|although|when|or)\b",
                        re.IGNORECASE)
_NUMERIC_HEDGES = frozenset("about around roughly approximately nearly almost".split())
_QUALIFIERS = frozenset("only".split())


def _is_number(w: str) -> bool:
    return w[:1].isdigit() or w in ("hundred", "thousand", "million", "billion", "trillion", "percent")


def _hedges(changed: list[str], context: list[str]) -> set[str]:
    """Hedge words among ``changed``; "about"/"around" only when a number follows."""
    out = set()
    for k, w in enumerate(context):
        if (w not in HEDGES and w not in _QUALIFIERS) or w not in changed:
            continue
        if w in _NUMERIC_HEDGES and not (k + 1 < len(context) and _is_number(context[k + 1])):
            continue
        out.add(w)
    return out


def _negation_count(words: list[str]) -> int:
    """Negations among ``words`` ("unless" is one too: "without a contract" / "unless there is a contract")."""
    return sum(1 for w in words if w in NEGATIONS or w == "unless")


def _negation_scopes(text: str) -> tuple[set[str], set[str]]:
    """Content stems inside a negation's scope (up to four words after it, within
    its clause) and content stems outside any negation scope."""
    negated: set[str] = set()
    plain: set[str] = set()
    for clause in _CLAUSE_RE.split(text):
        left = 0
        for w in tokens(clause)[0]:
            if w in NEGATIONS:
                left = 4
                continue
            if w not in STOPWORDS and not w[0].isdigit():
                (negated if left else plain).add(stem(w))
            left = max(0, left - 1)
    return negated, plain


def _negation_heads(words: list[str]) -> list[str]:
    """The first content stem after each negation (what it negates)."""
    out = []
    for k, w in enumerate(words):
        if w in NEGATIONS:
            nxt = next((x for x in words[k + 1:k + 5] if x not in STOPWORDS and x not in NEGATIONS
                        and not x[0].isdigit()), None)
            if nxt:
                out.append(stem(nxt))
    return out


def _polarity_shift(ref: QuoteItem, mem: QuoteItem) -> bool:
    """A word negated in one wording stands un-negated in the other ("remain …
    if prices do not cool" / "are not on the table if prices cool"), not "our
    position has not changed" / "has not changed its position"."""
    hr, hm = _negation_heads(ref.words), _negation_heads(mem.words)
    if sorted(hr) == sorted(hm):
        return False
    _nr, pr = _negation_scopes(ref.text)
    _nm, pm = _negation_scopes(mem.text)
    return bool((set(hr) - set(hm)) & pm or (set(hm) - set(hr)) & pr)


def _numbers(text: str, words: list[str]) -> set[float]:
    vals = {v for _, _, v, _, _ in numbers_in_text(text)}
    for w in words:
        if w[:1].isdigit():
            with contextlib.suppress(ValueError):
                vals.add(float(w))
    return vals


def meaning_change(ref: QuoteItem, mem: QuoteItem) -> str | None:
    """Why ``mem`` changes the meaning of ``ref`` (``number``, ``negation``,
    ``hedge``), or ``None``, for two wordings that are not cuts of each other.

    A negation *moved* (as many negations, on other words) is a change when
    the wordings share most content words; a negation *added or dropped* is a
    change when the rest of the wording is nearly the same (a loose
    paraphrase may say "far from that" for "not there yet")."""
    nr, nm = _numbers(ref.text, ref.words), _numbers(mem.text, mem.words)
    if (nr - nm) and (nm - nr):
        return "number"
    seq = ratio(ref.words, mem.words)
    shared = len(ref.content & mem.content)
    content = shared / max(1, min(len(ref.content), len(mem.content)))
    cr, cm = _negation_count(ref.words), _negation_count(mem.words)
    if cr == cm:
        if cr and (seq >= 0.5 or content >= 0.5) and _polarity_shift(ref, mem):
            return "negation"
    elif seq >= 0.75:
        return "negation"
    hr, hm = _hedges(ref.words, ref.words), _hedges(mem.words, mem.words)
    if hr != hm and seq >= 0.5 and not (hr <= set(mem.words) and hm <= set(ref.words)):
        return "hedge"
    return None


def _changed_meaning(r_changed: list[str], m_changed: list[str], r_words: list[str],
                     m_words: list[str]) -> str | None:
    """``number`` / ``hedge`` when the edited words differ in one: a number
    replaced by another, not one only dropped ("the bankers, big landlords
    and the 1 percent" / "the bankers and the loan sharks" changes words, no
    number)."""
    rn, mn = sorted(w for w in r_changed if _is_number(w)), sorted(w for w in m_changed if _is_number(w))
    if rn and mn and rn != mn:
        return "number"
    if _hedges(r_changed, r_words) != _hedges(m_changed, m_words):
        return "hedge"
    return None


def _censored(ra: list[str], mb: list[str]) -> bool:
    return len(ra) == len(mb) and all(same_word(x, y) for x, y in zip(ra, mb, strict=True))


def _same_letters(ra: list[str], mb: list[str]) -> bool:
    """The same words, censored or written as one word or two ("good will" /
    "goodwill", "e-mail" / "email"): a spelling, no change of words."""
    return _censored(ra, mb) or (len(ra) != len(mb) and "".join(ra) == "".join(mb))


def _merge_stray_matches(ops: list[tuple[str, int, int, int, int]], ref_words: list[str]
                         ) -> list[tuple[str, int, int, int, int]]:
    """One common stopword between two changes ("we read *the* full ruling" /
    "nobody has seen *the* ruling yet") is no anchor: fold it into one change."""
    out: list[tuple[str, int, int, int, int]] = []
    for k, op in enumerate(ops):
        stray = (op[0] == "equal" and op[2] - op[1] == 1 and ref_words[op[1]] in STOPWORDS
                 and 0 < k < len(ops) - 1 and ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
                 and not ops[k - 1][0] == ops[k + 1][0] in ("insert", "delete"))  # words added around "and" stay added
        if (stray or op[0] != "equal") and out and out[-1][0] != "equal":
            _, i1, _, j1, _ = out.pop()
            op = ("replace", i1, op[2], j1, op[4])
        elif stray:
            op = ("replace", op[1], op[2], op[3], op[4])
        out.append(op)
    return [("delete" if o[3] == o[4] else "insert" if o[1] == o[2] else o[0], *o[1:]) if o[0] != "equal" else o
            for o in out]


def _edits(ref: QuoteItem, mem: QuoteItem, raw_ops: list[tuple[str, int, int, int, int]]
           ) -> dict[str, list[list[str]]] | None:
    """The differences between two wordings: ``subs`` (words changed, at the
    ends too when one side has two words or fewer), ``drops`` and ``adds`` inside the
    shared stretch (``editorial`` for bracketed additions), ``cuts`` (ends one
    side runs on); ``None`` when they share no words."""
    ops = _merge_stray_matches(raw_ops, ref.words)
    same = [k for k, op in enumerate(ops) if op[0] == "equal"
            or op[0] == "replace" and _same_letters(ref.words[op[1]:op[2]], mem.words[op[3]:op[4]])]
    if not same:
        return None
    out: dict[str, list[list[str]]] = {"subs": [], "drops": [], "adds": [], "editorial": [], "cuts": []}
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if k in same:
            continue
        rw, mw = ref.words[i1:i2], mem.words[j1:j2]
        inside = same[0] < k < same[-1]
        if op == "replace":
            if inside or min(len(rw), len(mw)) <= 2:
                out["subs"].append(rw + ["=>"] + mw)
            else:
                out["cuts"].append(rw + mw)
        elif not inside:
            out["cuts"].append(rw or mw)
        elif op == "delete":
            out["editorial" if all(i in ref.editorial for i in range(i1, i2)) else "drops"].append(rw)
        else:
            out["editorial" if all(j in mem.editorial for j in range(j1, j2)) else "adds"].append(mw)
    return out


def _altered(ref: QuoteItem, mem: QuoteItem, ed: dict[str, list[list[str]]]) -> str | None:
    """``number``, ``negation`` or ``hedge`` when an edit changes one: a number
    or hedge among the changed words, a negation added or dropped in a short
    edit ("will" / "will not", a dropped "not"), or a negation moved onto a
    word the other wording states plainly."""
    subs = [(s[:s.index("=>")], s[s.index("=>") + 1:]) for s in ed["subs"]]
    none: list[str] = []
    short = [(d, none) for d in ed["drops"] if len(d) <= 2] + [(none, a) for a in ed["adds"] if len(a) <= 2]
    why = _changed_meaning([w for r, _ in subs + short for w in r], [w for _, m in subs + short for w in m],
                           ref.words, mem.words)
    if why:
        return why
    for r, m in subs + short:
        if _negation_count(r) != _negation_count(m) and max(len(r), len(m)) <= 3:
            return "negation"
    if any(_negation_count(r) or _negation_count(m) for r, m in subs + short) and _polarity_shift(ref, mem):
        return "negation"
    return None


def _moved(ed: dict[str, list[list[str]]]) -> bool:
    return bool({w for d in ed["drops"] for w in d} & {w for a in ed["adds"] for w in a})


def _contracted(item: QuoteItem) -> list[bool]:
    """Per word, whether it comes from a contraction (``I'd`` gives ``i``
    and ``would`` from one printed token)."""
    sp = item.spans
    return [bool(sp) and ((k > 0 and sp[k - 1] == sp[k]) or (k + 1 < len(sp) and sp[k + 1] == sp[k]))
            for k in range(len(item.words))]


def _contraction_changed(ref: QuoteItem, mem: QuoteItem, ops: list[tuple[str, int, int, int, int]]) -> bool:
    """The same words, contracted in one rendering and spelled out in the
    other ("I'd like" / "I would like", "They're" / "They are"): words
    changed inside the quotation marks, though the words compare equal."""
    if not ref.spans or not mem.spans:
        return False
    a, b = _contracted(ref), _contracted(mem)
    return any(a[i1 + t] != b[j1 + t] for op, i1, i2, j1, _j2 in ops if op == "equal" for t in range(i2 - i1))


def classify(ref: QuoteItem, mem: QuoteItem, ref_repeated: bool = False) -> tuple[str, str | None]:
    """The member's relation to the reference and a reason; see the module doc."""
    ops = opcodes(ref.words, mem.words)
    if _censored(ref.words, mem.words):
        return ("reworded", "contraction") if _contraction_changed(ref, mem, ops) else ("verbatim", None)
    if not mem.words or not ref.words:
        return "reworded", None
    ed = _edits(ref, mem, ops)
    if ed is None or (ed["subs"] and ratio(ref.words, mem.words) < 0.5):
        why = meaning_change(ref, mem)
        return ("altered", why) if why else ("reworded", "other words")
    why = _altered(ref, mem, ed)
    if why:
        return "altered", why
    if ed["subs"]:
        return "reworded", "words changed"
    if _contraction_changed(ref, mem, ops):
        return "reworded", "contraction"
    if ed["editorial"]:
        return "reworded", "words added in brackets"
    if ed["adds"] and ed["drops"]:
        return "reworded", "words moved" if _moved(ed) else "words changed"
    if ed["adds"]:
        return ("reworded", "words added") if ref_repeated else ("trimmed", "the reference drops words")
    if ed["drops"]:
        return "trimmed", "words dropped inside"
    if ed["cuts"]:
        shorter = len(mem.words) < len(ref.words)
        return "trimmed", ("fragment" if len(mem.words) < 0.5 * len(ref.words) else "cut") if shorter else "extended"
    return "verbatim", None


def word_diff(ref: list[str] | str, mem: list[str] | str) -> list[list[str]]:
    """A word-level diff ``[[op, words], ...]`` with ``op`` in ``=``, ``-``
    (only in the reference), ``+`` (only in the member)."""
    a = ref.split() if isinstance(ref, str) else ref
    b = mem.split() if isinstance(mem, str) else mem

    def norm(w: str) -> str:
        return re.sub(r"[^\w%*]", "", w.lower().replace("’", "'"))
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in opcodes([norm(w) for w in a], [norm(w) for w in b]):
        if op == "equal":
            out.append(["=", " ".join(b[j1:j2])])
            continue
        if i2 > i1:
            out.append(["-", " ".join(a[i1:i2])])
        if j2 > j1:
            out.append(["+", " ".join(b[j1:j2])])
    return out
