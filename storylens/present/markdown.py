"""Markdown dossier: one page per :class:`~.records.DossierStory` and an index
of the :class:`~.records.Dossier`."""

from __future__ import annotations

from typing import Any

from ..compare.findings import CHANGED_RELATIONS
from .records import Dossier, DossierStory, counted, fact_label, noun


def _md(x: Any) -> str:
    s = "" if x is None else str(x)
    for ch in "\\`*_[]<>|":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def render_story_md(story: DossierStory) -> str:
    dr = story.date_range or [None, None]
    cmp = story.compared
    sourcing = cmp.sourcing.get("summary")
    L = [f"# {_md(story.title)}", "",
         f"{_md(dr[0] or '?')} – {_md(dr[-1] or '?')} · {counted(len(story.articles), 'article')} · "
         f"**{story.independent_sources}** {noun(story.independent_sources, 'independent source')}"
         + (f" · **{_md(sourcing)}**" if sourcing else ""), ""]
    L += _findings(story)
    if cmp.summary:
        L += ["## Summary", ""]
        L += [f"{i}. {_md(s['text'])}" + (f" (quoting {_md(s['speaker'])})" if s.get("speaker") else "")
              + f" [{_md(s['doc'])}:{s.get('start')}-{s.get('end')}]"
              for i, s in enumerate(cmp.summary, 1)] + [""]
    L += ["## Articles and copies", "", "| Article | Outlet | Published | Relation |", "|---|---|---|---|"]
    for a in story.articles:
        rel = _md(a.relation or "original")
        if a.duplicate_of:  # escaped once: the doc name, not the whole cell again
            rel += f" copy of {_md(a.duplicate_of)}"
        L.append(f"| {_md(a.title or a.doc)} ({_md(a.doc)}) | {_md(a.outlet or '?')} | "
                 f"{_md(a.published or '?')} | {rel} |")
    L.append("")
    cited = [f"- {_md(a.outlet or a.doc)}: " + "; ".join(f"{_md(c.get('source'))} ({_md(c.get('kind'))}, "
                                                           f"{_md(a.doc)}:{c.get('start')}-{c.get('end')})"
                                                           for c in a.sources_cited)
             for a in story.articles if a.sources_cited]
    if cited:
        L += ["## Sources cited", ""] + cited + [""]
    L += _who_said_what(story) + _comparison(story)
    return "\n".join(L)


def _findings(story: DossierStory) -> list[str]:
    """Findings first: each with the outlets' spans one under the other, cited by doc and offsets."""
    outlets = story.outlet_of
    L = ["## Findings", ""]
    found = story.compared.findings()
    if not found:
        return L + ["No number conflicts, changed quotes, attribute conflicts or shared primary sources.", ""]
    for f in found:
        L.append(f"- **{_md(f.get('kind'))}**: {_md(f.get('title'))}")
        L += [f"  - {_md(outlets.get(sp['doc'], sp['doc']))}"
              + (f" ({_md(sp.get('label'))})" if sp.get("label") else "")
              + f": “{_md(sp.get('text'))}” [{_md(sp['doc'])}:{sp['start']}-{sp['end']}]" for sp in f.get("spans", [])]
    return L + [""]


def _who_said_what(story: DossierStory) -> list[str]:
    L: list[str] = []
    if story.quotes:
        L += ["## Who said what", ""]
        for g in story.quotes:
            L.append(f"### {_md(g['speaker'])}")
            L += [f"- “{_md(q['text'])}” ({_md(q['kind'])}{_said_by(q)}; {_md(q['doc'])}:{q['start']}-{q['end']})"
                  for q in g["quotes"]]
            L.append("")
    return L


def _said_by(q: dict) -> str:
    """"; said by: the letter" (the local mention of the speaker: "he", "Mr.
    Nadler", or a document for a quote filed as unattributed), as the HTML
    page shows it."""
    m = q.get("speaker_mention")
    if not m:
        return ""
    return ("; according to: " if q.get("cue") == "according to" else "; said by: ") + _md(m)


def _comparison(story: DossierStory) -> list[str]:
    cmp = story.compared
    L: list[str] = []
    if cmp.shared_quotes:
        L += ["## The same quote across outlets", ""]
        for g in cmp.shared_quotes:
            changed = sorted({str(m.get("relation")) for m in g.get("members", [])
                              if m.get("relation") in CHANGED_RELATIONS})
            flag = f" ({' and '.join(changed)} renderings)" if changed else ""
            L.append(f"### {_md(g.get('speaker'))}: “{_md((g.get('reference') or {}).get('text', ''))}”{flag}")
            L += [f"- **{_md(m.get('relation'))}** {_md(m['doc'])}: “{_md(m.get('text'))}”"
                  for m in g.get("members", [])]
            L.append("")
    if cmp.claims:
        L += ["## Numbers", "", "| Value | Unit | Measures | Status | Docs |", "|---|---|---|---|---|"]
        L += [f"| {_md(c.get('display') or c.get('value'))} | {_md(c.get('unit'))} | {_md(c.get('measure'))} | "
              f"{_md(c.get('status'))} | {_md(', '.join(c.get('docs', [])))} |" for c in cmp.claims] + [""]
    if cmp.attribute_conflicts:
        L += ["## Attribute conflicts", ""]
        for c in cmp.attribute_conflicts:
            vals = "; ".join(f"{_md(v)}: {_md(', '.join(d))}" for v, d in (c.get("values") or {}).items())
            L.append(f"- {_md(c.get('entity'))} ({_md(c.get('attribute'))}): {vals}")
        L.append("")
    if cmp.facts:
        shown = int(cmp.coverage.get("shown") or 12)
        L += ["## Coverage", ""] + [f"- {_md(fact_label(f.get('text')))} — {_md(', '.join(f.get('docs', [])))}"
                                     + (f" (likely: {_md(', '.join(f['tentative']))})" if f.get("tentative") else "")
                                     + (f" (unclear: {_md(', '.join(u['doc'] for u in f['unclear']))})"
                                        if f.get("unclear") else "")
                                     for f in cmp.facts[:shown]]
        if len(cmp.facts) > shown:
            L.append(f"- … and {len(cmp.facts) - shown} more facts (see dossier.json)")
        L.append("")
    actors = cmp.framing.get("actors") or []
    if actors:
        L += ["## Naming", ""]
        for a in actors:
            forms = "; ".join(f"{_md(o)}: " + ", ".join(f"{_md(f['form'])} ({f['count']})" for f in fs[:6])
                              for o, fs in (a.get("outlets") or {}).items())
            L.append(f"- **{_md(a.get('entity'))}**: {forms}")
        L.append("")
    terms = cmp.framing.get("terms") or []
    if terms:
        L += ["## Framing", ""]
        outlets = story.outlet_of
        for t in terms:
            marked = set(t.get("marked") or [])
            use = "; ".join(f"{_md(outlets.get(d, d))}: " + (", ".join(
                f"{'**' + _md(term) + '**' if term in marked else _md(term)} ({k})"
                for term, k in sorted((u.get("terms") or {}).items(), key=lambda x: -x[1]))
                if isinstance(u, dict) else _md(u)) for d, u in (t.get("usage") or {}).items())
            note = f" ({_md(t['note'])})" if t.get("note") else ""
            L.append(f"- {_md(' / '.join(map(str, t.get('pair', []))))}{note}: {use}")
        L.append("")
    if cmp.timeline:
        L += ["## Timeline", ""] + [f"- {_md(e.get('when') or e.get('date') or 'unresolved')}: {_md(e.get('text'))} ({_md(e.get('doc'))})"
                                     for e in cmp.timeline] + [""]
    return L


def render_index_md(dossier: Dossier) -> str:
    c = dossier.corpus
    L = ["# storylens dossier", "", f"{counted(c.get('articles'), 'article')}, {counted(c.get('outlets'), 'outlet')}, "
         f"{counted(c.get('stories'), 'story', 'stories')}, {c.get('rejected')} rejected", "", "## Stories", ""]
    L += [f"- [{_md(s.title)}]({s.id}.md) — {counted(len(s.articles), 'article')}, "
          f"{counted(s.independent_sources, 'independent source')}" for s in dossier.stories]
    labels = {s.id: s.title for s in dossier.stories}
    if dossier.storylines:
        L += ["", "## Storylines", ""]
        L += [f"- {_md(line.label)} ({line.first or '?'} – {line.last or '?'}): "
              + " → ".join(f"[{_md(labels.get(sid, sid))}]({sid}.md)" for sid in line.stories)
              for line in dossier.storylines]
    if dossier.story_links:
        L += ["", "## Stories connected across time", ""]
        L += [" ↔ ".join(f"[{_md(labels.get(sid, sid))}]({sid}.md)" for sid in link.stories)
              + f": {_md(link.why)}" for link in dossier.story_links]
    if dossier.rejected:
        L += ["", "## Rejected", ""] + [f"- {_md(r['name'])}: {_md(r['reason'])}" for r in dossier.rejected]
    return "\n".join(L) + "\n"
