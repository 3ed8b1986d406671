"""PolNeAR (brat standoff attribution relations) loading and quote scoring.

The scheme (fixed by the project, so that figures compare across runs):

* A **gold direct quote** is each region of an attribution's Content span that
  opens with a quotation mark and runs to its closing mark or to the end of the
  paragraph (a line). Its speaker is the relation's Source span (absent for
  ``Attribution-no-source`` relations). Quotation marks are excluded from the
  region. Quotes nested inside another gold region are not counted again.
* A **predicted quote** (any kind but ``scare``/``title``) matches a gold one
  when their character overlap covers at least half of each; matching is
  one-to-one, greedy in text order.
* The **speaker** of a matched quote is right when the predicted
  ``speaker_start..speaker_end`` overlaps the gold Source span. Gold quotes
  without a Source are left out of speaker accuracy.
* Each text is scored against its first annotator file in sorted order.

The gold regions are found by a small scanner of their own, independent of the
extractor that is being scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = [
    "GoldQuote",
    "PolnearDoc",
    "QuoteScores",
    "parse_ann",
    "gold_quotes",
    "load_polnear",
    "score_quotes",
]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹"
_SINGLE_CLOSE = "’›"
_OPEN_CONTEXT = set(" \t\n([{—–-/:;\"“‘'")


@dataclass
class GoldQuote:
    """One gold quotation region with the Source spans of its relation."""

    start: int
    end: int
    sources: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class PolnearDoc:
    """One PolNeAR text with its gold quotes."""

    name: str
    text: str
    ann_path: str
    gold: list[GoldQuote]


@dataclass
class QuoteScores:
    """Precision/recall/F1 of quote detection plus speaker accuracy."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_scored: int = 0
    speaker_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_scored if self.speaker_scored else 0.0

    @property
    def attributed_f1(self) -> float:
        return self.f1 * self.speaker_accuracy

    def add(self, other: QuoteScores) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.speaker_scored += other.speaker_scored
        self.speaker_right += other.speaker_right

    def as_dict(self) -> dict[str, float]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "attributed_f1": round(self.attributed_f1, 4),
        }


# -- brat standoff ----------------------------------------------------------------


def parse_ann(text: str) -> tuple[dict[str, tuple[str, list[tuple[int, int]]]], list[dict[str, list[str]]]]:
    """Parse brat standoff: text-bound annotations and event relations.

    Returns ``(spans, relations)`` where ``spans`` maps ``T12`` to
    ``(type, [(start, end), ...])`` and each relation maps a role
    (``Source``, ``Content``, ``Cue``, ...) to the ids filling it.
    """
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, list[str]]] = []
    for line in text.splitlines():
        m = _T_LINE.match(line)
        if m:
            frags = []
            for part in m.group(3).split(";"):
                bits = part.split()
                if len(bits) == 2:
                    frags.append((int(bits[0]), int(bits[1])))
            spans[m.group(1)] = (m.group(2), frags)
            continue
        m = _E_LINE.match(line)
        if m:
            rel: dict[str, list[str]] = {}
            for arg in m.group(2).split():
                if ":" not in arg:
                    continue
                role, ref = arg.split(":", 1)
                rel.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            relations.append(rel)
    return spans, relations


def _para_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _opener_at(text: str, i: int, para_start: int) -> tuple[str, int] | None:
    """If an opening quotation mark starts at ``i``, return (family, width)."""
    ch = text[i]
    prev = text[i - 1] if i > para_start else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if text.startswith("''", i) and (prev in _OPEN_CONTEXT or i == para_start):
        return "double2", 2
    if ch in _DOUBLE_OPEN:
        return "double", 1
    if ch == '"' and (prev in _OPEN_CONTEXT or i == para_start) and not nxt.isspace():
        return "double", 1
    if ch == "”" and (prev.isspace() or i == para_start) and not nxt.isspace():
        return "double", 1
    if ch in _SINGLE_OPEN:
        return "single", 1
    if ch == "'" and (prev in _OPEN_CONTEXT or i == para_start) and nxt.isalnum():
        return "single", 1
    return None


def _closer_from(text: str, family: str, i: int, para_end: int) -> int:
    """Offset of the closing mark for an opener ending at ``i`` (or ``para_end``)."""
    j = i
    while j < para_end:
        ch = text[j]
        nxt = text[j + 1] if j + 1 < len(text) else "\n"
        if family in ("double", "double2"):
            if ch in '”»"' or text.startswith("''", j):
                return j
        else:
            if ch in "’›'" and not nxt.isalnum():
                return j
        j += 1
    return para_end


def gold_quotes(text: str, ann: str) -> list[GoldQuote]:
    """The gold quotation regions of one text, from its brat annotation."""
    spans, relations = parse_ann(ann)
    found: dict[tuple[int, int], tuple[int, GoldQuote]] = {}
    for rel in relations:
        contents = [f for ref in rel.get("Content", []) if ref in spans for f in spans[ref][1]]
        if not contents:
            continue
        size = sum(e - s for s, e in contents)
        sources = [f for ref in rel.get("Source", []) if ref in spans for f in spans[ref][1]]
        for s, e in contents:
            i = max(0, s - 1)
            while i < min(e, len(text)):
                para_start, para_end = _para_bounds(text, i)
                op = _opener_at(text, i, para_start)
                if op is None:
                    i += 1
                    continue
                family, width = op
                qs = i + width
                qe = _closer_from(text, family, qs, para_end)
                while qe > qs and text[qe - 1].isspace():
                    qe -= 1
                if qe > qs:
                    key = (qs, qe)
                    prev = found.get(key)
                    if prev is None or size < prev[0]:
                        found[key] = (size, GoldQuote(qs, qe, list(sources)))
                i = max(qe + 1, i + 1)
    regions = sorted((g for _, g in found.values()), key=lambda g: (g.start, -g.end))
    out: list[GoldQuote] = []
    for g in regions:  # drop quotes nested inside another gold region
        if out and g.start >= out[-1].start and g.end <= out[-1].end:
            continue
        out.append(g)
    return out


def load_polnear(split_dir: str | Path, limit: int | None = None) -> list[PolnearDoc]:
    """Load a PolNeAR split folder (``text/`` + ``attributions/``).

    Each text is paired with its first annotator file in sorted order; texts
    without an annotation file are skipped.
    """
    root = Path(split_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"not a PolNeAR split folder (needs text/ and attributions/): {root}")
    anns: dict[str, list[Path]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        stem = p.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, []).append(p)
    docs = []
    for tp in sorted(text_dir.glob("*.txt")):
        if tp.stem not in anns:
            continue
        ap = sorted(anns[tp.stem])[0]
        text = tp.read_text(encoding="utf-8")
        docs.append(PolnearDoc(tp.stem, text, str(ap), gold_quotes(text, ap.read_text(encoding="utf-8"))))
        if limit and len(docs) >= limit:
            break
    return docs


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def score_quotes(predicted: Sequence[Any], gold: Sequence[GoldQuote]) -> QuoteScores:
    """Score one document's predicted quotes (objects or dicts with ``start``,
    ``end``, ``kind``, ``speaker_start``, ``speaker_end``) against its gold."""
    preds = sorted(
        (p for p in predicted if _get(p, "kind") not in ("scare", "title")),
        key=lambda p: (_get(p, "start"), _get(p, "end")),
    )
    sc = QuoteScores(gold=len(gold), predicted=len(preds))
    used = [False] * len(preds)
    for g in sorted(gold, key=lambda g: g.start):
        glen = max(1, g.end - g.start)
        for k, p in enumerate(preds):
            if used[k]:
                continue
            ps, pe = _get(p, "start"), _get(p, "end")
            ov = min(pe, g.end) - max(ps, g.start)
            if ov <= 0:
                continue
            if ov * 2 >= glen and ov * 2 >= max(1, pe - ps):
                used[k] = True
                sc.matched += 1
                if g.sources:
                    sc.speaker_scored += 1
                    ss, se = _get(p, "speaker_start"), _get(p, "speaker_end")
                    if ss is not None and se is not None and any(
                        ss < e and s < se for s, e in g.sources
                    ):
                        sc.speaker_right += 1
                break
    return sc


def score_corpus(pairs: Iterable[tuple[Sequence[Any], Sequence[GoldQuote]]]) -> QuoteScores:
    """Sum :func:`score_quotes` over many documents."""
    total = QuoteScores()
    for pred, gold in pairs:
        total.add(score_quotes(pred, gold))
    return total
