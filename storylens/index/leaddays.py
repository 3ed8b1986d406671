"""The days an article's lead names: when, by its own words, its event happened.

Two articles published a day or two apart may report one event (the second
outlet a day late) or a storyline's next step (a remark, then the apology).
Their publication days cannot tell which; their leads often can. A news
lead anchors its event in time ("President Obama on Friday defended ...",
"Senate Democrats on Thursday vowed ..."), and :mod:`storylens.annotate.dates`
resolves such a weekday against the publication date. Two leads that name
the same day describe one event more often than two; two leads that both name
days, none shared, describe two events more often than one. The story
clusterer scales a pair's similarity by :func:`lead_day_factor`.

Measured on PolNeAR's election news, 806 article pairs judged one event or
two (``benchmarks/data/polnear_event_pairs.json``, the first 400 characters
of each body): 35% of the pairs whose leads share a day are one event, 7% of
those whose leads name only different days, 12% of those where a lead names
none. BASIL's same-event triplets, which keep a story across a day or two,
have leads naming different days in 49 of their 300 pairs: the factor is a
nudge, not a veto.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Collection

from ..annotate.dates import find_dates
from ..annotate.dates.lexicon import MONTH_RX

__all__ = ["LEAD_DATE_CHARS", "lead_days", "lead_day_factor"]

LEAD_DATE_CHARS = 400  # the lead read for its dates: about the first two sentences
_EPOCH = _dt.date(1970, 1, 1).toordinal()
# a word or digit without which no expression names a day (weekdays, "today",
# "tonight", "tomorrow", "this afternoon", "two days ago", holidays, dates):
# a lead without one is not read (the finder's 31 patterns cost about 1.5 ms)
_MAY_NAME_A_DAY = re.compile(r"\d|day|night|morrow|morning|noon|evening|christmas|new\s+year|halloween|easter|"
                             r"thanksgiving|" + MONTH_RX, re.IGNORECASE)


def lead_days(body: str, published: str | None) -> tuple[int, ...]:
    """The distinct days (days since 1970-01-01, sorted) that the dates and
    times of the body's first ``LEAD_DATE_CHARS`` characters name, resolved
    against ``published``. An expression without a known day ("in March",
    "last week", a weekday with no publication date) names none."""
    lead = (body or "")[:LEAD_DATE_CHARS]
    if not _MAY_NAME_A_DAY.search(lead):
        return ()
    out: set[int] = set()
    for t in find_dates(lead, published):
        if t.type not in ("DATE", "TIME") or len(t.value) < 10:
            continue
        try:
            out.add(_dt.date.fromisoformat(t.value[:10]).toordinal() - _EPOCH)
        except ValueError:  # "2025-W12", "1990-08-XX": no day
            continue
    return tuple(sorted(out))


def lead_day_factor(a: Collection[int], b: Collection[int], share: float, disjoint: float) -> float:
    """``share`` when the two leads name a common day, ``disjoint`` when both
    name days and none is common, 1 when either names none (``a`` is best a
    frozenset: it is not copied)."""
    if not len(a) or not len(b):
        return 1.0
    return disjoint if frozenset(a).isdisjoint(b) else share
