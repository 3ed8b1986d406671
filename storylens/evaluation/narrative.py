"""Checks of the narrative half of a story (summary, spelling variants) that
the benchmark ``benchmarks/bench_narrative.py`` and the quality gates share.

:func:`summary_faults` looks at one story's summary as a reader would: a
passage that begins or ends inside a quotation, one that opens with a section
label ("Driving the news: "), a quotation whose speaker the passage does not
name (neither in its words nor in its ``speaker`` field), two passages that
carry the same number, passages out of reading order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..models import Article, Quote

__all__ = ["SummaryFaults", "summary_faults"]

_LABEL = re.compile(r"^[A-Z][A-Za-z’']*(?:,?\s+[A-Za-z’']+){0,3}:\s")
_SPEECH = re.compile(r"\b(?:said|says|told|tells|wrote|added|asked|tweeted)\b")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_NUM = re.compile(r"\d[\d,.]*%?")


@dataclass
class SummaryFaults:
    """Counts over the summaries checked, with the passages at fault."""

    passages: int = 0
    split_quotes: list[str] = field(default_factory=list)
    section_labels: list[str] = field(default_factory=list)
    quoted: int = 0
    unnamed_speakers: list[str] = field(default_factory=list)
    repeated_numbers: list[str] = field(default_factory=list)
    out_of_order: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"passages": self.passages, "split_inside_quotation": len(self.split_quotes),
                "section_labels": len(self.section_labels), "quoted_passages": self.quoted,
                "quoted_without_speaker": len(self.unnamed_speakers),
                "repeated_numbers": len(self.repeated_numbers), "stories_out_of_order": self.out_of_order,
                "examples": {"split": self.split_quotes[:5], "labels": self.section_labels[:5],
                             "unnamed": self.unnamed_speakers[:5], "repeated": self.repeated_numbers[:5]}}


def _depth(text: str) -> int:
    """Quotations open at the end of ``text``: “ opens, ” closes (or opens
    when none is open: ”...” ), a straight quote toggles."""
    depth, straight = 0, False
    for c in text:
        if c == "“":
            depth += 1
        elif c == "”":
            depth = depth - 1 if depth else 1
        elif c == '"':
            straight = not straight
    return depth + int(straight)


def _open_at(src: str, pos: int) -> bool:
    """Whether a quotation is open at ``pos`` (counted from its paragraph start)."""
    return _depth(src[src.rfind("\n", 0, pos) + 1:pos]) > 0


def summary_faults(summary: list[dict[str, Any]], articles: dict[str, Article],
                   quotes: dict[str, list[Quote]], faults: SummaryFaults | None = None,
                   order: list[str] | None = None) -> SummaryFaults:
    """Add the faults of one story's ``summary`` to ``faults``."""
    f = faults or SummaryFaults()
    nums_seen: dict[str, str] = {}
    keys = []
    for s in summary:
        a = articles.get(s["doc"])
        if a is None:
            continue
        f.passages += 1
        text, src = s["text"], a.source
        if _open_at(src, s["start"]) or _open_at(src, s["end"]) or _depth(text):
            f.split_quotes.append(text)
        label = _LABEL.match(text)
        if label and not _SPEECH.search(label.group()):
            f.section_labels.append(text)
        inside = [q for q in quotes.get(s["doc"], []) if q.is_speech and q.start < s["end"] and s["start"] < q.end
                  and len(q.text.split()) >= 3]
        if inside or (s["doc"] not in quotes and any(len(m.group(1).split()) >= 3 for m in _QUOTED.finditer(text))):
            f.quoted += 1
            named = bool(s.get("speaker")) or any(
                q.speaker and re.search(r"\b" + re.escape(q.speaker.split()[-1]) + r"\b", text) for q in inside)
            if not named:
                f.unnamed_speakers.append(text)
        for n in {m.group().rstrip(".,") for m in _NUM.finditer(text)}:
            if re.fullmatch(r"(?:19|20)\d\d", n) or len(n) < 2:
                continue
            if n in nums_seen and nums_seen[n] != text:
                f.repeated_numbers.append(f"{n}: {text}")
            nums_seen[n] = text
        keys.append(((order or []).index(s["doc"]) if s["doc"] in (order or []) else 0, s["start"]))
    if keys != sorted(keys):
        f.out_of_order += 1
    return f
