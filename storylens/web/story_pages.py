"""Server-rendered HTML of one story's dossier (:func:`story_html`) and of
one article with its highlights (:func:`article_html`).

Every piece of text from the store goes through :func:`esc` or
:func:`storylens.present.highlight.highlight` (which escapes too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from ..models import Article
from ..present.highlight import Mark, highlight
from ..present.html import (
    NO_FINDINGS,
    anchor,
    badge,
    esc,
    quote_source,
    render_article_texts,
    render_claims,
    render_conflicts,
    render_findings,
    render_framing,
    render_quote_groups,
    render_sources_cited,
    render_summary,
    render_timeline,
    sourcing_line,
)
from ..present.records import DossierStory, counted, fact_label, noun
from .pages import article_url, dates, layout, link_to, person_url, section, story_url, table, twin

if TYPE_CHECKING:  # pragma: no cover
    from .data import StoryView


# -- story dossier -------------------------------------------------------------------
def render_who_said_what(story: DossierStory) -> str:
    out = []
    for g in story.quotes:
        sp = g["speaker"]
        items = "".join(
            f'<li><blockquote>“{esc(q["text"])}”</blockquote><span class="muted">{esc(q.get("kind"))}'
            f'{", cue: " + esc(q["cue"]) if q.get("cue") else ""}'
            f'{quote_source(q)} — </span>'
            f'<a href="#{esc(anchor(q["doc"], q["start"]))}">{esc(q["doc"])}</a></li>'
            for q in g["quotes"])
        person = ("" if sp == "(unattributed)" else
                  f'<p>{link_to(person_url(sp), f"Every quote by {sp} across stories →", "person-link")}</p>')
        out.append(f'<details open class="speaker-group"><summary><b>{esc(sp)}</b> ({len(g["quotes"])})</summary>'
                   f'{person}<ul>{items}</ul></details>')
    return "".join(out)


def render_outlets(view: StoryView) -> str:
    cols = []
    for c in view.by_outlet:
        arts = "".join(
            f'<li>{link_to(article_url(a["doc"]), a.get("title") or a["doc"])}<br>'
            f'<span class="muted">{esc(a.get("published") or "undated")} · {esc(a.get("words"))} words</span> '
            f'{badge(a.get("relation") or "original")}'
            f'{" of " + esc(a["duplicate_of"]) if a.get("duplicate_of") else ""}</li>'
            for a in c["articles"])
        name = link_to("/stories?" + urlencode({"outlet": c["outlet"]}), c["outlet"]) if c.get("known", True) \
            else esc(c["outlet"])
        cols.append(f'<div class="outlet-col"><h3>{name}</h3>'
                    f'<ul>{arts}</ul><p class="muted">{esc(counted(c["quotes"], "quote"))} · '
                    f'{esc(counted(c["claims"], "number"))} · {esc(counted(c["missing_facts"], "fact"))} left out</p></div>')
    return f'<div class="outlets">{"".join(cols)}</div>' if cols else ""


def heat_class(v: float) -> str:
    return "heat-0" if v <= 0 else "heat-4" if v >= 1 else f"heat-{1 + min(2, int(v * 3))}"


def _heat_cell(o: str, v: float, cite: dict[str, Any] | None) -> str:
    label = f"{round(v * 100)}%"
    if cite:  # the cell cites the span it rests on
        label = link_to(article_url(cite["doc"], cite.get("start")), label + ("?" if cite.get("match") == "likely" else ""))
    return f'<td class="heat {heat_class(v)}" title="{esc(o)}: {round(v * 100)}% of its articles">{label}</td>'


def render_heatmap(view: StoryView) -> str:
    hm = view.heatmap
    if not hm.get("rows"):
        return ""
    head = "".join(f"<th class='rot'>{esc(o)}</th>" for o in hm["outlets"])
    rows = []
    for r in hm["rows"]:
        cites = r.get("cites") or [None] * len(hm["outlets"])
        cells = "".join(_heat_cell(o, v, c) for o, v, c in zip(hm["outlets"], r["cells"], cites, strict=True))
        rows.append(f"<tr><td>{esc(fact_label(r['fact']))}</td>{cells}<td>{esc(r['independent_sources'])}</td></tr>")
    thead = f'<thead><tr><th>Fact</th>{head}<th>Independent sources</th></tr></thead>'
    shown = int(hm.get("shown") or 12)
    out = f'<table class="heatmap">{thead}<tbody>{"".join(rows[:shown])}</tbody></table>'
    if len(rows) > shown:
        out += (f'<details class="more-facts"><summary>{len(rows) - shown} more facts</summary>'
                f'<table class="heatmap">{thead}<tbody>{"".join(rows[shown:])}</tbody></table></details>')
    return out + ('<p class="muted">Share of each outlet\'s articles in this story that report the fact; a share '
                  'links to the passage, "?" where it is likely said in other words.</p>')


def render_article_list(story: DossierStory) -> str:
    rows = []
    for a in story.articles:
        rel = badge(a.relation or "original")
        if a.duplicate_of:
            rel += " of " + link_to(article_url(a.duplicate_of), a.duplicate_of)
        if a.similarity is not None:
            rel += f' <span class="muted">({float(a.similarity):.2f})</span>'
        ev = esc(a.evidence or "")
        if a.syndication:
            ev = (ev + "; " if ev else "") + "syndication marker: " + esc(", ".join(a.syndication))
        if a.paywalled:
            ev = (ev + "; " if ev else "") + "paywalled: the text stops at a sign-in notice"
        rows.append([link_to(article_url(a.doc), a.title or a.doc, "article-link")
                     + f'<br><span class="muted">{esc(a.doc)}</span>',
                     esc(a.outlet or "?"), esc(a.published or "unknown"), rel, ev])
    return table(["Article", "Outlet", "Published", "Relation", "Evidence"], rows) if rows else ""


def furniture_toggle(inner: str, label: str = "Show removed page furniture") -> str:
    return ('<div class="furniture-scope"><input type="checkbox" id="show-furniture" class="furniture-toggle">'
            f'<label for="show-furniture" class="toggle-label">{esc(label)}</label>'
            f'<div class="texts">{inner}</div></div>')


def story_html(view: StoryView, articles: dict[str, Article]) -> str:
    story = view.story
    sid = story.id
    people = ", ".join(link_to(person_url(p), p, "person-link") for p in view.people[:12])
    head = (f'<p class="muted">{link_to("/stories", "All stories")}</p>'
            f'<h1>{esc(story.title)}</h1>'
            f'<p class="meta">{dates(story.date_range)} · {counted(len(story.articles), "article")} · '
            f'<b>{esc(story.independent_sources)}</b> {noun(story.independent_sources, "independent source")}'
            f'{sourcing_line(story)} · '
            f'outlets: {esc(", ".join(story.outlets or []))}</p>'
            + (f'<p class="meta">People quoted: {people}</p>' if people else ""))
    errors = "".join(f'<p class="badge b-conflict">{esc(e)}</p>' for e in story.errors)
    body = (head + errors
            + section("Findings", render_findings(story), NO_FINDINGS, "findings")
            + section("Summary", render_summary(story), "No summary.", "summary")
            + section("Outlets side by side", render_outlets(view), sid="outlets")
            + section("Articles and copies", render_article_list(story), sid="articles")
            + section("Sources cited", render_sources_cited(story), "No sources named beyond the people quoted.",
                      "sources")
            + section("Who said what", render_who_said_what(story), sid="quotes")
            + section("The same quote across outlets", render_quote_groups(story), sid="quote-groups")
            + section("Numbers: agreement and conflict", render_claims(story), sid="claims")
            + section("Attribute conflicts", render_conflicts(story), sid="conflicts")
            + section("Coverage", render_heatmap(view), sid="coverage")
            + section("Framing", render_framing(story), sid="framing")
            + section("Timeline", render_timeline(story), sid="timeline")
            + section("Article texts", furniture_toggle(render_article_texts(story, articles)), sid="texts"))
    return layout(story.title, body, json_href=twin(story_url(sid)))


# -- article view ---------------------------------------------------------------------
def safe_href(url: str | None) -> str | None:
    """Only http(s) URLs become links (never ``javascript:`` and the like)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def article_marks(d: dict[str, Any], a: Article) -> list[Mark]:
    marks = [Mark(r.start, r.end, "furniture", title=f"removed: {r.reason}") for r in a.removed]
    for e in d.get("entities", []):
        marks.append(Mark(e["start"], e["end"], "entity", title=f"person: {e['name']}"))
    for s in d.get("statements", []):
        if isinstance(s, dict) and s.get("start") is not None and s.get("end") is not None:
            marks.append(Mark(s["start"], s["end"], "reported", title="reported speech"))
    for c in d.get("claims", []):
        marks.append(Mark(c["start"], c["end"], "claim",
                          title=f"claim: {c.get('value')} {c.get('unit') or ''} {c.get('measure') or ''} ({c.get('status')})"))
    seen: set[str] = set()
    for q in d.get("quotes", []):
        anc = anchor(a.name, q["start"])
        marks.append(Mark(q["start"], q["end"], "quote", None if anc in seen else anc,
                          title=f"{q['kind']} quote by {q.get('speaker') or 'unknown'}"))
        seen.add(anc)
        if q.get("speaker_start") is not None and q.get("speaker_end") is not None:
            marks.append(Mark(q["speaker_start"], q["speaker_end"], "speaker",
                              title=f"speaker: {q.get('speaker') or '?'}"))
    return marks


def article_html(d: dict[str, Any], a: Article) -> str:
    art = d["article"]
    href = safe_href(a.url)
    url = (f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{esc(a.url)}</a>' if href
           else esc(a.url or ""))
    story = d.get("story")
    copy = d.get("copy") or {}
    rel = ""
    if copy.get("relation") and copy["relation"] != "original":
        rel = f' · {badge(copy["relation"])} of {link_to(article_url(copy["duplicate_of"]), copy["duplicate_of"])}' \
            if copy.get("duplicate_of") else f' · {badge(copy["relation"])}'
    head = (f'<h1>{esc(a.title or a.name)}</h1>'
            f'<p class="meta">{esc(a.outlet or "unknown outlet")} · {esc(a.published or "undated")} · '
            f'{esc(a.name)} · {esc(art["words"])} words{rel}</p>'
            + (f'<p class="meta">Source: {url}</p>' if a.url else "")
            + (f'<p class="meta">Story: {link_to(story_url(story["id"]), story.get("label") or story["id"], "story-link")}</p>'
               if story else "")
            + (f'<p class="meta">Syndication markers: {esc(", ".join(a.syndication))}</p>' if a.syndication else "")
            + ('<p class="meta">Paywalled: the text stops at a sign-in notice (marked below as removed '
               'furniture); what stood behind it is not in the store.</p>' if a.paywalled else ""))
    legend = ('<p class="legend"><span class="quote">quote</span> <span class="speaker">speaker</span> '
              '<span class="entity">person</span> <span class="claim">number / claim</span> '
              '<span class="reported">reported speech</span> <span class="furniture">removed furniture</span></p>')
    text = f'<div class="article-text" id="{esc(anchor(a.name))}">{highlight(a.source, article_marks(d, a))}</div>'
    names = sorted({q["speaker"] for q in d["quotes"] if q.get("speaker") and q["kind"] in ("direct", "partial")}
                   | {e["name"] for e in d.get("entities", [])})
    people = ", ".join(link_to(person_url(n), n, "person-link") for n in names)
    qrows = [[f'<a href="#{esc(anchor(a.name, q["start"]))}">“{esc(q["text"])}”</a>', esc(q["kind"]),
              link_to(person_url(q["speaker"]), q["speaker"], "person-link") if q.get("speaker") else '<span class="muted">?</span>',
              esc(q.get("cue") or ""), f'{float(q.get("confidence") or 0):.2f}'] for q in d["quotes"]]
    removed = table(["Reason", "Removed text"], [[esc(r.reason), esc(r.text)] for r in a.removed]) if a.removed else ""
    body = (head + legend + furniture_toggle(text)
            + section("Quotes", table(["Quote", "Kind", "Speaker", "Cue", "Confidence"], qrows) if qrows else "",
                      "No quotations found.")
            + section("People", people, "No people found.")
            + section("Removed page furniture", f"<details><summary>{len(a.removed)} pieces</summary>{removed}</details>"
                      if removed else "", "Nothing was removed."))
    return layout(a.title or a.name, body, json_href=twin(article_url(a.name)))
