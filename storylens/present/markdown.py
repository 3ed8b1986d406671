"""Markdown dossier."""

from __future__ import annotations

from typing import Any


def _md(x: Any) -> str:
    s = "" if x is None else str(x)
    for ch in "\\`*_[]<>|":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def render_story_md(story: dict[str, Any]) -> str:
    dr = story.get("date_range") or [None, None]
    L = [f"# {_md(story.get('label') or story['id'])}", "",
         f"{_md(dr[0] or '?')} – {_md(dr[-1] or '?')} · {len(story.get('articles', []))} articles · "
         f"**{story.get('independent_sources')}** independent sources", ""]
    if story.get("summary"):
        L += ["## Summary", ""]
        L += [f"{i}. {_md(s['text'])} [{_md(s['doc'])}:{s.get('start')}-{s.get('end')}]"
              for i, s in enumerate(story["summary"], 1)] + [""]
    L += ["## Articles and copies", "", "| Article | Outlet | Published | Relation |", "|---|---|---|---|"]
    for a in story.get("articles", []):
        rel = a.get("relation") or "original"
        if a.get("duplicate_of"):
            rel += f" of {_md(a['duplicate_of'])}"
        L.append(f"| {_md(a.get('title') or a['doc'])} ({_md(a['doc'])}) | {_md(a.get('outlet') or '?')} | "
                 f"{_md(a.get('published') or '?')} | {_md(rel)} |")
    L.append("")
    if story.get("quotes"):
        L += ["## Who said what", ""]
        for g in story["quotes"]:
            L.append(f"### {_md(g['speaker'])}")
            L += [f"- “{_md(q['text'])}” ({_md(q['kind'])}; {_md(q['doc'])}:{q['start']}-{q['end']})" for q in g["quotes"]]
            L.append("")
    if story.get("quote_groups"):
        L += ["## The same quote across outlets", ""]
        for g in story["quote_groups"]:
            L.append(f"### {_md(g.get('speaker'))}: “{_md((g.get('reference') or {}).get('text', ''))}”")
            L += [f"- **{_md(m.get('relation'))}** {_md(m['doc'])}: “{_md(m.get('text'))}”" for m in g.get("members", [])]
            L.append("")
    if story.get("claims"):
        L += ["## Numbers", "", "| Value | Unit | Measures | Status | Docs |", "|---|---|---|---|---|"]
        L += [f"| {_md(c.get('display') or c.get('value'))} | {_md(c.get('unit'))} | {_md(c.get('measure'))} | {_md(c.get('status'))} | "
              f"{_md(', '.join(c.get('docs', [])))} |" for c in story["claims"]] + [""]
    if story.get("attribute_conflicts"):
        L += ["## Attribute conflicts", ""]
        for c in story["attribute_conflicts"]:
            vals = "; ".join(f"{_md(v)}: {_md(', '.join(d))}" for v, d in (c.get("values") or {}).items())
            L.append(f"- {_md(c.get('entity'))} ({_md(c.get('attribute'))}): {vals}")
        L.append("")
    cov = (story.get("coverage") or {}).get("facts") or []
    if cov:
        L += ["## Coverage", ""] + [f"- {_md(f.get('text'))} — {_md(', '.join(f.get('docs', [])))}" for f in cov] + [""]
    fr = (story.get("framing") or {}).get("terms") or []
    if fr:
        L += ["## Framing", ""]
        for t in fr:
            use = "; ".join(f"{_md(d)}: {_md(u.get('term') if isinstance(u, dict) else u)}" for d, u in (t.get("usage") or {}).items())
            L.append(f"- {_md(' / '.join(map(str, t.get('pair', []))))}: {use}")
        L.append("")
    if story.get("timeline"):
        L += ["## Timeline", ""] + [f"- {_md(e.get('date') or 'unresolved')}: {_md(e.get('text'))} ({_md(e.get('doc'))})"
                                     for e in story["timeline"]] + [""]
    return "\n".join(L)


def render_index_md(dossier: dict[str, Any]) -> str:
    c = dossier.get("corpus", {})
    L = ["# storylens dossier", "", f"{c.get('articles')} articles, {c.get('outlets')} outlets, "
         f"{c.get('stories')} stories, {c.get('rejected')} rejected", "", "## Stories", ""]
    L += [f"- [{_md(s.get('label') or s['id'])}]({s['id']}.md) — {len(s.get('articles', []))} articles, "
          f"{s.get('independent_sources')} independent sources" for s in dossier.get("stories", [])]
    labels = {s["id"]: s.get("label") or s["id"] for s in dossier.get("stories", [])}
    if dossier.get("story_links"):
        L += ["", "## Stories connected across time", ""]
        L += [" ↔ ".join(f"[{_md(labels.get(sid, sid))}]({sid}.md)" for sid in link.get("stories", []))
              + f": {_md(link.get('why'))}" for link in dossier["story_links"]]
    if dossier.get("rejected"):
        L += ["", "## Rejected", ""] + [f"- {_md(r['name'])}: {_md(r['reason'])}" for r in dossier["rejected"]]
    return "\n".join(L) + "\n"
