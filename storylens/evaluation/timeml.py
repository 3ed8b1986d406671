"""TimeML (TIMEX3) loading and temporal-expression scoring.

The scheme (fixed by the project, so that figures compare across runs):

* A document's text is the content of its ``<TEXT>`` element with the tags
  removed; its creation time (DCT) is the ``value`` of the TIMEX3 inside
  ``<DCT>``. Gold expressions are the TIMEX3 elements inside ``<TEXT>``.
* Only ``DATE`` and ``TIME`` expressions are scored (by default), gold and
  predicted alike.
* A predicted expression **matches** a gold one when their spans overlap;
  matching is one-to-one, greedy in text order. Span precision and recall
  count matches; **value accuracy** is the share of matches whose ``value``
  is exactly the gold one; **value F1** counts a prediction as right only when
  it matches and has the exact value (precision over predictions, recall over
  gold expressions).
* The **dev** part is every document at an even position in file-name order,
  the **check** part every odd one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

__all__ = ["GoldTimex", "TimemlDoc", "TimexScores", "load_timeml", "parse_timeml", "score_timexes", "split"]

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimemlDoc:
    name: str
    text: str
    dct: str
    timexes: list[GoldTimex] = field(default_factory=list)


def parse_timeml(name: str, xml: str) -> TimemlDoc:
    """The text, DCT and TIMEX3 spans of one TimeML document."""
    dct_m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", xml)
    a, b = xml.find("<TEXT>"), xml.find("</TEXT>")
    if dct_m is None or a < 0 or b < a:
        raise InputError(f"{name}: not a TimeML document with a DCT and a TEXT element")
    dct = dict(_ATTR.findall(dct_m.group(1))).get("value", "")
    body = xml[a + len("<TEXT>"):b]
    out: list[str] = []
    pos = length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    for m in _TAG.finditer(body):
        chunk = _ENTITY.sub(lambda e: _ENTITIES[e.group(0)], body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if not m.group(1):
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            s, attrs = open_timex
            timexes.append(GoldTimex(s, length, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    out.append(_ENTITY.sub(lambda e: _ENTITIES[e.group(0)], body[pos:]))
    text = "".join(out)
    timexes = [GoldTimex(t.start, t.end, text[t.start:t.end], t.type, t.value) for t in timexes]
    return TimemlDoc(name, text, dct, timexes)


def load_timeml(folder: str | Path) -> list[TimemlDoc]:
    """Every ``*.tml`` document under ``folder``, in file-name order."""
    paths = sorted(Path(folder).glob("*.tml"))
    if not paths:
        raise InputError(f"no .tml files in {folder}")
    return [parse_timeml(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def split(docs: list[TimemlDoc], part: str) -> list[TimemlDoc]:
    """``dev`` (even positions), ``check`` (odd positions) or ``all``."""
    if part == "all":
        return list(docs)
    if part not in ("dev", "check"):
        raise InputError(f"unknown part {part!r}: dev, check or all")
    return docs[0 if part == "dev" else 1::2]


@dataclass
class TimexScores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    value_right: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, kind, text, detail

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def span_precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def span_recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_right / self.matched if self.matched else 0.0

    @property
    def value_precision(self) -> float:
        return self.value_right / self.predicted if self.predicted else 0.0

    @property
    def value_recall(self) -> float:
        return self.value_right / self.gold if self.gold else 0.0

    @property
    def value_f1(self) -> float:
        return self._f1(self.value_precision, self.value_recall)

    def line(self) -> str:
        return (f"span P {self.span_precision:.3f} R {self.span_recall:.3f}  value accuracy {self.value_accuracy:.3f}  "
                f"value P {self.value_precision:.3f} R {self.value_recall:.3f} F1 {self.value_f1:.3f}  "
                f"(gold {self.gold}, predicted {self.predicted}, matched {self.matched}, value right {self.value_right})")


Prediction = tuple[int, int, str, str]  # start, end, type, value
Tagger = Callable[[TimemlDoc], Iterable[Prediction]]


def score_timexes(docs: Iterable[TimemlDoc], tagger: Tagger, types: tuple[str, ...] = ("DATE", "TIME")) -> TimexScores:
    """Score ``tagger`` (a document -> predicted expressions) on ``docs``."""
    sc = TimexScores()
    for doc in docs:
        gold = sorted((g for g in doc.timexes if g.type in types), key=lambda g: g.start)
        pred = sorted((p for p in tagger(doc) if p[2] in types), key=lambda p: p[0])
        sc.gold += len(gold)
        sc.predicted += len(pred)
        used: set[int] = set()
        for p in pred:
            hit = next((i for i, g in enumerate(gold) if i not in used and g.start < p[1] and p[0] < g.end), None)
            if hit is None:
                sc.errors.append((doc.name, "spurious", doc.text[p[0]:p[1]], p[3]))
                continue
            used.add(hit)
            sc.matched += 1
            g = gold[hit]
            if g.value == p[3]:
                sc.value_right += 1
            else:
                sc.errors.append((doc.name, "value", f"{doc.text[p[0]:p[1]]} | {g.text}", f"{p[3]} != {g.value}"))
        for i, g in enumerate(gold):
            if i not in used:
                sc.errors.append((doc.name, "missed", g.text, g.value))
    return sc
