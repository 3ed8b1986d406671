"""What a fact-checker acts on first, from one story's comparison.

:func:`story_findings` lists, in this order:

* every **number conflict** (two claims that cannot both hold; a measure
  given more than three values that conflict is one finding listing them);
* every quote group with an **altered** or **reworded** rendering;
* every **attribute conflict** (title, age, relation, name, party, state);
* every **shared primary source** (one source behind several outlets).

Each finding has a ``kind``, a one-line ``title`` and the outlets' ``spans``
side by side (``doc``, ``start``, ``end``, ``text``, ``label``), so that a
page can show them next to each other with a link to the source text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .graph import connected_groups

if TYPE_CHECKING:
    from .records import StoryComparison

__all__ = ["story_findings", "CHANGED_RELATIONS"]

CHANGED_RELATIONS = ("altered", "reworded")


def _span(m: dict[str, Any], label: str = "") -> dict[str, Any] | None:
    if "start" not in m or "end" not in m or "doc" not in m:
        return None
    return {"doc": m["doc"], "start": int(m["start"]), "end": int(m["end"]), "text": m.get("text") or "",
            "label": label}


_SPANS_PER_SIDE = 12


def _mention_span(m: dict[str, Any], claim: dict[str, Any]) -> dict[str, Any] | None:
    """A number mention as a span labelled with its qualifier and words ("about 1,200")."""
    return _span(m, f"{m.get('qualifier') or ''} {m.get('text') or claim.get('display', '')}".strip())


_PAIRWISE_UP_TO = 3  # claims of one disputed measure shown pair by pair; more are one finding


def _disputes(claims: list[dict[str, Any]]) -> list[list[int]]:
    """Claims joined by conflicts, as groups (connected components), in claim order."""
    edges = ((i, j) for i, c in enumerate(claims) for j in c.get("conflicts_with") or [])
    return [g for g in connected_groups(len(claims), edges) if len(g) > 1]


def _dispute_finding(claims: list[dict[str, Any]], members: list[int]) -> dict[str, Any]:
    """One finding for a measure given many values ("2,000 notes, 2,000 counts"):
    the values, and the first mention of each of the first claims."""
    first = claims[members[0]]
    values = [str(claims[k].get("display")) for k in members]
    shown = ", ".join(values[:6]) + (f" and {len(values) - 6:,} more" if len(values) > 6 else "")
    spans = [s for k in members[:_SPANS_PER_SIDE] for m in claims[k].get("mentions", [])[:1]
             if (s := _mention_span(m, claims[k]))]
    finding: dict[str, Any] = {"kind": "number conflict",
                               "title": f"{len(members):,} values: {shown}: {first.get('measure', '')}".strip(),
                               "spans": spans}
    more = sum(len(claims[k].get("mentions", [])) for k in members) - len(spans)
    if more:
        finding["more_spans"] = more
    return finding


def _number_findings(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, seen, grouped = [], set(), set()
    for members in _disputes(claims):
        if len(members) > _PAIRWISE_UP_TO:
            out.append(_dispute_finding(claims, members))
            grouped.update(members)
    for i, c in enumerate(claims):
        if i in grouped:
            continue
        for j in c.get("conflicts_with") or []:
            if j >= len(claims) or (j, i) in seen or i == j:
                continue
            seen.add((i, j))
            other = claims[j]
            # each side's first mentions: a value a thousand notes repeat is shown by a few of them, with a count
            mentions = [(x, x.get("mentions", [])) for x in (c, other)]
            spans = [s for x, ms in mentions for m in ms[:_SPANS_PER_SIDE]
                     if (s := _mention_span(m, x))]
            finding: dict[str, Any] = {"kind": "number conflict",
                                       "title": f"{c.get('display')} vs {other.get('display')}: "
                                                f"{c.get('measure', '')}".strip(),
                                       "spans": spans}
            more = sum(max(0, len(ms) - _SPANS_PER_SIDE) for _x, ms in mentions)
            if more:
                finding["more_spans"] = more
            out.append(finding)
    return out


def _quote_findings(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for g in groups:
        members = g.get("members") or []
        changed = [m for m in members if m.get("relation") in CHANGED_RELATIONS]
        if not changed:
            continue
        kind = "altered quote" if any(m.get("relation") == "altered" for m in changed) else "reworded quote"
        ref = g.get("reference") or next((m for m in members if m.get("relation") == "reference"), None)
        spans = [s for s in [_span(ref, "reference") if ref else None] if s]
        spans += [s for m in changed if (s := _span(m, m.get("relation", "")))]
        who = g.get("speaker") or "unattributed"
        out.append({"kind": kind, "title": f"{who}: {len(changed)} rendering{'s' if len(changed) > 1 else ''} "
                                           f"{kind.split()[0]} ({', '.join(sorted({m['relation'] for m in changed}))})",
                    "group": g.get("id"), "spans": spans})
    return out


def _attribute_findings(conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for c in conflicts:
        values = " vs ".join(f"{v}" for v in (c.get("values") or {}))
        out.append({"kind": "attribute conflict", "title": f"{c.get('entity')}, {c.get('attribute')}: {values}",
                    "spans": [s for e in c.get("evidence") or [] if (s := _span(e, str(e.get("value") or "")))]})
    return out


def _source_findings(shared: list[dict[str, Any]], sourcing: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for s in shared:
        title = f"{len(s.get('docs') or [])} articles cite {s.get('source')}"
        if sourcing.get("primary_source") == s.get("source") and sourcing.get("summary"):
            title = sourcing["summary"]
        out.append({"kind": "shared primary source", "title": title,
                    "spans": [x for e in s.get("evidence") or [] if (x := _span(e, s.get("source", "")))]})
    return out


def story_findings(cmp: StoryComparison) -> list[dict[str, Any]]:
    """The findings of one story (see the module doc), conflicts first."""
    return (_number_findings(cmp.claims) + _quote_findings(cmp.quote_groups)
            + _attribute_findings(cmp.attribute_conflicts) + _source_findings(cmp.primary_sources, cmp.sourcing))
