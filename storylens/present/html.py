"""Self-contained HTML dossier: no external assets, all article text escaped.

The renderers read a :class:`~.records.DossierStory` (and the
:class:`~.records.Dossier` for the index page); the web UI reuses the
section renderers."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from html import escape
from typing import Any

from ..compare.findings import CHANGED_RELATIONS
from ..models import Article
from .highlight import Mark, highlight
from .records import Dossier, DossierArticle, DossierStory, counted, fact_label, noun

CSS = """
:root{--fg:#1d232a;--muted:#5b6670;--line:#d9dee3;--bg:#fff;--accent:#0b5cad;--warn:#a4330f;--ok:#1e7a3c}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:2em}h3{margin-bottom:.3em}
.meta,.muted{color:var(--muted)}a{color:var(--accent)}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f3f5f7}.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.85em;background:#eef2f6;border:1px solid var(--line)}
.b-reworded,.b-altered,.b-conflict{background:#fde8e1;border-color:#f3b49f;color:var(--warn)}
.b-identical,.b-verbatim,.b-agree,.b-original{background:#e3f4e8;border-color:#a9d9b7;color:var(--ok)}
.quote{background:#fff4c2}.speaker{text-decoration:underline;text-decoration-color:#0b5cad;text-decoration-thickness:2px}
.furniture{color:#8a949e;text-decoration:line-through}.claim{background:#e6f0ff}
.article-text{white-space:pre-wrap;border:1px solid var(--line);padding:12px;border-radius:6px;background:#fcfcfd}
del{color:var(--warn)}ins{color:var(--ok);text-decoration:none;font-weight:600}
.cov-yes{background:#2e7d4f;color:#fff;text-align:center}.cov-no{background:#f4f5f6;color:#9aa3ab;text-align:center}.cov-likely{background:#a9d3b9;color:#123;text-align:center}.cov-unclear{background:#f3e3b5;color:#123;text-align:center}
details{margin:.3em 0}summary{cursor:pointer}.copy{margin-left:2em}
ul.quotes{list-style:none;padding-left:1em}ul.quotes li{margin-bottom:.6em}
blockquote{margin:.3em 0 .3em 1em;padding-left:.8em;border-left:3px solid var(--line)}
.finding{border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:6px;padding:6px 12px;margin:.6em 0}
.finding.f-shared-primary-source{border-left-color:var(--accent)}.finding h3{margin:.2em 0;font-size:1.05em}
.side{display:flex;gap:10px;flex-wrap:wrap}.side>div{flex:1 1 220px;border:1px solid var(--line);border-radius:6px;padding:6px 8px;background:#fcfcfd}
.side .who{font-weight:600}.finding-span{background:#fde8e1}
"""


NO_FINDINGS = "No number conflicts, changed quotes, attribute conflicts or shared primary sources."


def esc(x: Any) -> str:
    return escape("" if x is None else str(x))


def anchor(doc: str, start: int | None = None) -> str:
    base = "doc-" + re.sub(r"[^A-Za-z0-9_-]", "_", doc)
    return base if start is None else f"{base}-{start}"


def cite(doc: str, start: int | None = None, label: str | None = None) -> str:
    return f'<a href="#{esc(anchor(doc, start))}">{esc(label or doc)}</a>'


def badge(kind: Any) -> str:
    k = esc(kind)
    return f'<span class="badge b-{esc(re.sub(r"[^a-z-]", "-", str(kind).lower()))}">{k}</span>'


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>{body}</main></body></html>"
    )


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    h = "".join(f"<th>{esc(x)}</th>" for x in headers)
    r = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{r}</tbody></table>"


def _diff(diff: Any) -> str:
    if not diff:
        return ""
    out = []
    for op, words in diff:
        w = esc(words if isinstance(words, str) else " ".join(words))
        out.append(f"<del>{w}</del>" if op in ("-", "delete", "del") else
                   f"<ins>{w}</ins>" if op in ("+", "insert", "ins") else w)
    return " ".join(out)


def _section(title: str, content: str, empty: str = "Nothing found.") -> str:
    return f"<h2>{esc(title)}</h2>" + (content or f'<p class="muted">{esc(empty)}</p>')


def render_articles_table(story: DossierStory) -> str:
    arts = story.articles
    copies: dict[str, list[DossierArticle]] = {}
    for a in arts:
        if a.duplicate_of:
            copies.setdefault(a.duplicate_of, []).append(a)
    rows = []
    for a in arts:
        if a.duplicate_of:
            continue
        rows.append(_art_row(a))
        for c in copies.get(a.doc, []):
            rows.append(_art_row(c, copy=True))
    docs = set(story.docs)
    orphans = [c for d, cs in copies.items() if d not in docs for c in cs]
    rows += [_art_row(c, copy=True) for c in orphans]
    return _table(["Article", "Outlet", "Published", "Relation", "Evidence"], rows)


def _art_row(a: DossierArticle, copy: bool = False) -> list[str]:
    title = esc(a.title or a.doc)
    link = f'<a href="#{esc(anchor(a.doc))}">{title}</a>'
    if copy:
        link = f'<span class="copy">↳ {link}</span>'
    rel = badge(a.relation or "original")
    if a.duplicate_of:
        rel += f' copy of {cite(a.duplicate_of)}'
    if a.similarity is not None:
        rel += f' <span class="muted">({a.similarity:.2f})</span>'
    ev = esc(a.evidence or "")
    if a.syndication:
        ev = (ev + "; " if ev else "") + "syndication marker: " + esc(", ".join(a.syndication))
    if a.paywalled:
        ev = (ev + "; " if ev else "") + "paywalled: the text stops at a sign-in notice"
    return [link + f'<br><span class="muted">{esc(a.doc)}</span>', esc(a.outlet or "?"),
            esc(a.published or "unknown"), rel, ev]


def quote_source(q: dict) -> str:
    """", said by: he" (the local mention of the speaker), or ", according to:
    the Gazette" when the quotation reaches us through another source."""
    if not q.get("speaker_mention"):
        return ""
    how = ", according to: " if q.get("cue") == "according to" else ", said by: "
    return how + esc(q["speaker_mention"])


def render_quotes(story: DossierStory) -> str:
    out = []
    for g in story.quotes:
        items = "".join(
            f'<li><blockquote>“{esc(q["text"])}”</blockquote><span class="muted">{esc(q.get("kind"))}'
            f'{", cue: " + esc(q["cue"]) if q.get("cue") else ""}'
            f'{quote_source(q)} — </span>'
            f'{cite(q["doc"], q["start"])}<br><span class="muted">{esc(q.get("sentence"))}</span></li>'
            for q in g["quotes"])
        out.append(f'<details open><summary><b>{esc(g["speaker"])}</b> ({len(g["quotes"])})</summary>'
                   f'<ul class="quotes">{items}</ul></details>')
    return "".join(out)


def render_quote_groups(story: DossierStory) -> str:
    out = []
    for g in story.compared.shared_quotes:
        rows = []
        for m in g.get("members", []):
            rows.append([cite(m["doc"], m.get("start")), badge(m.get("relation")), esc(m.get("text")),
                         _diff(m.get("diff"))])
        ref = g.get("reference") or {}
        changed = sorted({str(m.get("relation")) for m in g.get("members", []) if m.get("relation") in CHANGED_RELATIONS})
        flag = (" — " + " ".join(badge(r) for r in changed) + " renderings") if changed else ""
        out.append(
            f'<details class="quote-group"><summary><b>{esc(g.get("speaker") or "?")}</b>: '
            f'“{esc(ref.get("text", ""))[:160]}” — {len(g.get("members", []))} renderings{flag}</summary>'
            + _table(["Article", "Relation", "Wording", "Diff against the reference"], rows) + "</details>")
    echoes = story.compared.echoes
    if echoes:
        out.append("<h3>Echoes (same message, another story)</h3><ul>" + "".join(_echo(e) for e in echoes)
                   + "</ul>")
    return "".join(out)


def _echo(e: Any) -> str:
    where = cite(e["doc"], e.get("start")) if isinstance(e, dict) and e.get("doc") else ""
    why = esc(e.get("why") or "") if isinstance(e, dict) else ""
    return f"<li>{esc(e.get('text') or e)} {where} <span class='muted'>{why}</span></li>"


def render_claims(story: DossierStory) -> str:
    rows = []
    for c in story.compared.claims:
        docs = ", ".join(cite(m["doc"], m.get("start"), m["doc"]) for m in c.get("mentions", [])) or \
            ", ".join(cite(d) for d in c.get("docs", []))
        value = c.get("display") or _num(c.get("value"))
        rows.append([esc(value), esc(c.get("unit")), esc(c.get("measure")), badge(c.get("status")), docs])
    return _table(["Value", "Unit", "Measures", "Status", "Reported by"], rows) if rows else ""


def _num(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.4g}"
    return "" if v is None else str(v)


def render_conflicts(story: DossierStory) -> str:
    rows = []
    for c in story.compared.attribute_conflicts:
        vals = "; ".join(f"<b>{esc(v)}</b>: " + ", ".join(cite(d) for d in (docs or []))
                         for v, docs in (c.get("values") or {}).items())
        rows.append([esc(c.get("entity")), esc(c.get("attribute")), vals])
    return _table(["Who", "Attribute", "Values"], rows) if rows else ""


def _fact_cells(f: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """A fact's marks by article, read once: ``doc -> (how, evidence)`` with
    ``how`` "stated", "likely" or "unclear" (the first evidence of the
    strongest kind)."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    evidence = f.get("evidence", [])
    for how, items in (("stated", [e for e in evidence if e.get("match") != "likely"]),
                       ("likely", [e for e in evidence if e.get("match") == "likely"]),
                       ("unclear", f.get("unclear", []))):
        for e in items:
            out.setdefault(e.get("doc"), (how, e))
    return out


def _coverage_cell(cells: dict[str, tuple[str, dict[str, Any]]], doc: str) -> str:
    """One fact x article cell (``cells``: the fact's, from :func:`_fact_cells`):
    stated (●), likely said in other words (◐), unclear (?: a close passage
    without the fact's number) or not found (·); a mark links to the span it
    rests on."""
    how, ev = cells.get(doc, ("", {}))
    if how == "stated":
        return f'<a class="cov-yes" href="#{esc(anchor(doc, ev.get("start")))}" title="stated">●</a>'
    if how == "likely":
        return (f'<a class="cov-likely" href="#{esc(anchor(doc, ev.get("start")))}" '
                f'title="likely, in other words (support {esc(ev.get("support"))})">◐</a>')
    if how == "unclear":
        return (f'<a class="cov-unclear" href="#{esc(anchor(doc, ev.get("start")))}" '
                f'title="unclear: a close passage without the fact’s number (support {esc(ev.get("support"))})">?</a>')
    return '<span class="cov-no" title="not found">·</span>'


MAX_COVERAGE_COLUMNS = 40  # articles shown as columns of the coverage table; the rest are counted in one


def _more_cell(cells: dict[str, tuple[str, dict[str, Any]]], docs: list[str]) -> str:
    """The marks of the articles past the table's columns, counted ("12 ●, 3 ◐")."""
    n = Counter(cells[d][0] for d in docs if d in cells)
    marks = [f"{n[how]:,} {sign}" for how, sign in (("stated", "●"), ("likely", "◐"), ("unclear", "?")) if n[how]]
    return esc(", ".join(marks)) if marks else '<span class="cov-no" title="not found">·</span>'


def _columns(story: DossierStory, docs: list[str]) -> list[str]:
    """The coverage table's column heads: each article's outlet, with the
    article's name where an outlet has more than one (or none)."""
    outlets = story.outlet_of
    named = {d: outlets[d] for d in docs if outlets.get(d) and outlets[d] != d}  # (the doc itself: no outlet)
    times = Counter(named.values())
    heads = []
    for d in docs:
        o = named.get(d)
        heads.append(d if o is None else o if times[o] == 1 else f"{o} ({d})")
    return heads


def render_coverage(story: DossierStory) -> str:
    facts = story.compared.facts
    if not facts:
        return ""
    docs, rest = story.docs[:MAX_COVERAGE_COLUMNS], story.docs[MAX_COVERAGE_COLUMNS:]
    head = ["Fact"] + _columns(story, docs) + ([f"{len(rest):,} more articles"] if rest else []) + ["Sources"]
    rows = [[esc(fact_label(f.get("text")))] + [_coverage_cell(cells, d) for d in docs]
            + ([_more_cell(cells, rest)] if rest else []) + [esc(f.get("independent_sources"))]
            for f in facts for cells in (_fact_cells(f),)]
    shown = int(story.compared.coverage.get("shown") or 12)
    out = _table(head, rows[:shown])
    if len(rows) > shown:
        out += (f'<details class="more-facts"><summary>{len(rows) - shown} more facts</summary>'
                f"{_table(head, rows[shown:])}</details>")
    if rest:
        out += (f'<p class="muted">Columns for the first {len(docs)} of {len(story.docs):,} articles; the marks of '
                'the others are counted in one column (dossier.json holds every mark).</p>')
    for note in story.compared.coverage.get("left_out") or []:
        out += f'<p class="muted">Left out: {esc(note)}</p>'
    return out + '<p class="muted">● stated, ◐ likely said in other words, ? unclear (a close passage to read), · not found</p>'


def _counts(x: list[Any]) -> str:
    """"9 here, 0 elsewhere, z 2.4" for a distinctive word ``[word, z, count, others]``."""
    if len(x) >= 4:
        return f"{esc(x[2])} here, {esc(x[3])} elsewhere, z {float(x[1]):.1f}"
    return f"z {float(x[1]):.1f}"


def _term_counts(doc: str, u: Any, marked: set[str]) -> str:
    """"administration (5), <b>regime</b> (1)": an article's terms of one
    lexicon entry, each linked to its first use, the loaded ones in bold."""
    if not isinstance(u, dict):
        return esc(u)
    first = u.get("first") or {}
    parts = []
    for term, k in sorted((u.get("terms") or {u.get("term"): u.get("count")}).items(), key=lambda x: -(x[1] or 0)):
        at = first.get(term)
        label = cite(doc, at[0], term) if at else esc(term)
        parts.append(f"{'<b>' + label + '</b>' if term in marked else label} ({esc(k)})")
    return ", ".join(parts)


def render_framing(story: DossierStory) -> str:
    fr = story.compared.framing
    out = []
    rows = []
    outlets = story.outlet_of
    for t in fr.get("terms", []):
        marked = set(t.get("marked") or [])
        use = "<br>".join(f"{cite(d, None, outlets.get(d, d))}: {_term_counts(d, u, marked)}"
                          for d, u in (t.get("usage") or {}).items())
        rows.append([esc(" / ".join(map(str, t.get("pair", [])))), use, esc(t.get("note") or "")])
    if rows:
        out.append(_table(["Contested terms", "Usage (loaded terms in bold)", "Note"], rows))
    actors = fr.get("actors") or []
    if actors:
        arows = [[esc(a.get("entity")), "<br>".join(
            f"{esc(o)}: " + ", ".join(f'{cite(f["cite"]["doc"], f["cite"].get("start"), f["form"])} ({esc(f["count"])})'
                                      for f in forms[:6]) for o, forms in (a.get("outlets") or {}).items()),
                  esc(", ".join(a.get("labels") or []))] for a in actors]
        out.append(_table(["Actor", "How each outlet names them", "Labels only some outlets use"], arows))
    dist = fr.get("distinctive") or {}
    if dist:
        out.append("<h3>Distinctive words per outlet</h3><ul>" + "".join(
            f"<li><b>{esc(o)}</b>: "
            + ", ".join(f"{esc(x[0])} <span class='muted'>({_counts(x)})</span>" for x in ws) + "</li>"
            for o, ws in dist.items() if ws) + "</ul>")
    return "".join(out)


def render_timeline(story: DossierStory) -> str:
    rows = [[esc(e.get("when") or e.get("date") or "unresolved") + ("" if e.get("resolved", True) else " ⚠"),
             esc(e.get("expression")), esc(e.get("text")), cite(e["doc"], e.get("start"))]
            for e in story.compared.timeline if e.get("doc")]
    return _table(["Date", "Expression", "Event", "Source"], rows) if rows else ""


def render_findings(story: DossierStory) -> str:
    """The story's findings (number conflicts, altered or reworded quotes,
    attribute conflicts, shared primary sources), each with the outlets'
    spans side by side and a link to each span in the source text."""
    outlets = story.outlet_of
    out = []
    for f in story.compared.findings():
        cols = "".join(
            f'<div><span class="who">{esc(outlets.get(sp["doc"], sp["doc"]))}</span> '
            f'<span class="muted">{esc(sp.get("label") or "")}</span><br>“{esc(sp.get("text"))}”<br>'
            f'{cite(sp["doc"], sp["start"], "in the source text →")}</div>' for sp in f.get("spans", []))
        kind = str(f.get("kind"))
        out.append(f'<div class="finding f-{esc(kind.replace(" ", "-"))}"><h3>{badge(kind)} {esc(f.get("title"))}</h3>'
                   f'<div class="side">{cols}</div></div>')
    return "".join(out)


def sourcing_line(story: DossierStory) -> str:
    """ "3 outlets, 1 primary source: an interview with Bloomberg TV" when every outlet rests on one source."""
    summary = story.compared.sourcing.get("summary")
    return f' · <b class="sourcing">{esc(summary)}</b>' if summary else ""


def render_sources_cited(story: DossierStory) -> str:
    rows = [[cite(a.doc, None, a.outlet or a.doc),
             "; ".join(f'{cite(a.doc, c.get("start"), str(c.get("source")))} <span class="muted">{esc(c.get("kind"))}</span>'
                       for c in a.sources_cited)] for a in story.articles if a.sources_cited]
    return _table(["Article", "Sources it cites"], rows) if rows else ""


def render_summary(story: DossierStory) -> str:
    items = [f"<li>{esc(s.get('text'))}"
             + (f" <span class='muted'>(quoting {esc(s['speaker'])})</span>" if s.get("speaker") else "")
             + f" <sup>[{cite(s['doc'], s.get('start'), s['doc'])}]</sup></li>"
             for s in story.compared.summary if s.get("doc")]
    return f"<ol>{''.join(items)}</ol>" if items else ""


def _story_marks(story: DossierStory) -> dict[str, list[Mark]]:
    """Every article's marks but its furniture, by article, read from the
    story's records in one pass (not once per article: a story of 2,000
    articles would read its findings 2,000 times)."""
    by_doc: dict[str, list[Mark]] = defaultdict(list)

    def add(doc: Any, start: Any, end: Any, cls: str, title: str = "") -> None:
        if doc is not None and start is not None and end is not None:
            by_doc[str(doc)].append(Mark(start, end, cls, anchor(str(doc), start), title=title))
    for g in story.quotes:
        for q in g["quotes"]:
            add(q["doc"], q["start"], q["end"], "quote", f"quote by {g['speaker']}")
    cmp = story.compared
    for c in cmp.claims:
        for m in c.get("mentions", []):
            add(m.get("doc"), m.get("start"), m.get("end"), "claim",
                f"claim: {c.get('measure') or ''} ({c.get('status')})")
    for s in cmp.summary + cmp.timeline:
        add(s.get("doc"), s.get("start"), s.get("end"), "cited")
    for g in cmp.quote_groups:
        for m in g.get("members", []):
            add(m.get("doc"), m.get("start"), m.get("end"), "quote")
    for f in cmp.findings():
        for sp in f.get("spans", []):
            add(sp["doc"], sp["start"], sp["end"], "finding-span", f"{f.get('kind')}: {f.get('title')}")
    for x in story.articles:
        for c in x.sources_cited:
            add(x.doc, c.get("start"), c.get("end"), "cited",
                f"source cited: {c.get('source')} ({c.get('kind')})")
    # the coverage table's marks link to the passage they rest on (an anchor, not a highlight)
    for f in cmp.facts:
        for e in f.get("evidence", []) + f.get("unclear", []):
            add(e.get("doc"), e.get("start"), e.get("end"), "")
    # the framing table links each actor's form and each contested term to where it is used
    for actor in cmp.framing.get("actors") or []:
        for forms in (actor.get("outlets") or {}).values():
            for f in forms:
                c = f.get("cite") or {}
                add(c.get("doc"), c.get("start"), c.get("end"), "cited", f"{actor.get('entity')}: {f.get('form')}")
    for t in cmp.framing.get("terms") or []:
        for doc, u in (t.get("usage") or {}).items():
            for term, sp in ((u.get("first") or {}).items() if isinstance(u, dict) else ()):
                add(doc, sp[0], sp[1], "cited", f"term: {term}")
    return by_doc


def _article_marks(a: Article, marks: list[Mark]) -> list[Mark]:
    """The article's furniture and its ``marks``, each anchor kept once (on
    the first mark that has it)."""
    seen: set[str] = set()
    out = [Mark(r.start, r.end, "furniture", title=f"removed: {r.reason}") for r in a.removed]
    for m in marks:
        if m.anchor and m.anchor in seen:
            m = Mark(m.start, m.end, m.cls, None, m.title)
        if m.anchor:
            seen.add(m.anchor)
        out.append(m)
    return out


def render_article_texts(story: DossierStory, articles: dict[str, Article]) -> str:
    out = []
    marks = _story_marks(story)
    for entry in story.articles:
        a = articles.get(entry.doc)
        if a is None:
            continue
        out.append(
            f'<details id="{esc(anchor(a.name))}" open><summary><b>{esc(a.title or a.name)}</b> '
            f'<span class="muted">{esc(a.outlet or "")} {esc(a.published or "")} · {esc(a.name)}</span></summary>'
            f'<div class="article-text">{highlight(a.source, _article_marks(a, marks.get(a.name, [])))}</div></details>')
    return "".join(out)


def render_story_html(story: DossierStory, articles: dict[str, Article]) -> str:
    dr = story.date_range or [None, None]
    head = (f'<p class="muted"><a href="index.html">All stories</a></p><h1>{esc(story.title)}</h1>'
            f'<p class="meta">{esc(dr[0] or "?")} – {esc(dr[-1] or "?")} · {counted(len(story.articles), "article")} · '
            f'<b>{esc(story.independent_sources)}</b> {noun(story.independent_sources, "independent source")}'
            f'{sourcing_line(story)} · '
            f'outlets: {esc(", ".join(story.outlets or []))}</p>')
    errors = "".join(f'<p class="b-conflict badge">{esc(e)}</p>' for e in story.errors)
    body = (head + errors
            + _section("Findings", render_findings(story), NO_FINDINGS)
            + _section("Summary", render_summary(story))
            + _section("Articles and copies", render_articles_table(story))
            + _section("Sources cited", render_sources_cited(story), "No sources named beyond the people quoted.")
            + _section("Who said what", render_quotes(story))
            + _section("The same quote across outlets", render_quote_groups(story))
            + _section("Numbers", render_claims(story))
            + _section("Attribute conflicts", render_conflicts(story))
            + _section("Coverage", render_coverage(story))
            + _section("Framing", render_framing(story))
            + _section("Timeline", render_timeline(story))
            + _section("Articles", render_article_texts(story, articles)))
    return page(story.title, body)


def render_index_html(dossier: Dossier) -> str:
    c = dossier.corpus
    rows = []
    for s in dossier.stories:
        dr = s.date_range or [None, None]
        rows.append([f'<a href="{esc(s.id)}.html">{esc(s.title)}</a>',
                     esc(dr[0] or "?") + " – " + esc(dr[-1] or "?"), esc(len(s.articles)),
                     esc(s.independent_sources), esc(", ".join(s.outlets or []))])
    rej = [[esc(r.get("name")), esc(r.get("origin")), esc(r.get("reason"))] for r in dossier.rejected]
    spell = [[esc(" / ".join(v["pair"])),
              "; ".join(f"{esc(d)}: <b>{esc(u['term'])}</b>" for d, u in v["usage"].items())]
             for v in dossier.spelling_variants]
    labels = {s.id: s.title for s in dossier.stories}
    links = [[" ↔ ".join(f'<a href="{esc(sid)}.html">{esc(labels.get(sid, sid))}</a>' for sid in link.stories),
              esc(link.why)] for link in dossier.story_links]
    lines = [[esc(line.label),
              esc(line.first or "?") + " – " + esc(line.last or "?"),
              " → ".join(f'<a href="{esc(sid)}.html">{esc(labels.get(sid, sid))}</a>' for sid in line.stories)]
             for line in dossier.storylines]
    body = (f"<h1>storylens dossier</h1><p class='meta'>{esc(counted(c.get('articles'), 'article'))} · "
            f"{esc(counted(c.get('outlets'), 'outlet'))} · {esc(counted(c.get('stories'), 'story', 'stories'))} · "
            f"{esc(c.get('rejected'))} rejected · "
            f"{esc(dossier.generator)}</p>"
            + _section("Stories", _table(["Story", "Dates", "Articles", "Independent sources", "Outlets"], rows))
            + _section("Storylines", _table(["Storyline", "Dates", "Stories, first to last"], lines)
                       if lines else "", "None.")
            + _section("Stories connected across time", _table(["Stories", "Why"], links) if links else "", "None.")
            + _section("Names spelled differently across the corpus",
                       _table(["Spellings", "Used by"], spell) if spell else "", "None.")
            + _section("Rejected documents", _table(["Document", "Origin", "Reason"], rej) if rej else "", "None."))
    return page("storylens dossier", body)
