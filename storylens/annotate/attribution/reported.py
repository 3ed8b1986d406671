"""Reported (indirect) speech: "Rutte confirmed that NATO plans ...".

Every speech cue outside quotation marks whose subject is found becomes a
:class:`Statement` with its source mention, cue and content (the rest of the
sentence after the cue, without a leading ``that``). Sentences whose content is
only a quotation are left to :mod:`.finder`.
"""

from __future__ import annotations

from ...errors import AnnotationError
from ...models import Article, Statement
from .finder import QuoteFinder, finder_for

__all__ = ["extract_statements", "statements_from_finder"]

_LEAD = {"that", ",", ":", "on", "to"}


def statements_from_finder(qf: QuoteFinder) -> list[Statement]:
    """Statements from a :class:`QuoteFinder` that has scanned its text."""
    if not qf.paras:
        qf.run()
    if not qf.name_speakers:
        return []  # a text in another language: its reported speech has no speaker the rules can read
    out: list[Statement] = []
    seen: set[int] = set()
    for att, pi, k, hi in qf.cue_subjects(broad=False):
        p = qf.paras[pi]
        if att.cue_start in seen:
            continue
        j = k + 1
        while j < hi and p.toks[j].quote is None and p.toks[j].lower in _LEAD:
            j += 1
        body = [t for t in p.toks[j:hi] if t.text not in (".",)]
        if len(body) < 3:
            continue
        if any(t.quote is not None for t in body) and sum(t.end - t.start for t in body if t.quote) > 0.7 * (
            body[-1].end - body[0].start
        ):
            continue  # a direct quotation, reported by the finder
        start, end = body[0].start, body[-1].end
        m = att.mention
        source = qf.resolve_mention(m)
        seen.add(att.cue_start or -1)
        out.append(Statement(doc=qf.doc, start=start, end=end, content=qf.text[start:end],
                             source=source, source_start=m.start, source_end=m.end, cue=att.cue or ""))
    return out


def extract_statements(article: Article) -> list[Statement]:
    """Reported-speech statements of an :class:`Article` (source offsets)."""
    if not isinstance(article, Article):
        raise AnnotationError("extract_statements needs an Article", stage="reported")
    return statements_from_finder(finder_for(article))
