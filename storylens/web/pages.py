"""Server-rendered HTML for the web UI: the layout and the pages of every
family but one story's dossier and one article (:mod:`.story_pages`).

Every piece of text from the store goes through :func:`esc` (or
:func:`storylens.present.highlight.highlight`, which escapes too). Pages link
one stylesheet and one small script served by the app itself: no inline
scripts or styles, so a strict Content-Security-Policy holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlencode

from ..present.html import anchor, badge, esc
from ..present.records import counted, noun


# -- URLs ------------------------------------------------------------------------
def story_url(sid: str) -> str:
    return "/story/" + quote(str(sid), safe="")


def article_url(name: str, start: int | None = None) -> str:
    return "/article/" + quote(str(name), safe="") + (f"#{anchor(name, start)}" if start is not None else "")


def person_url(name: str) -> str:
    return "/person/" + quote(str(name), safe="")


def twin(path: str, query: dict[str, Any] | None = None) -> str:
    """The JSON twin of a page: the same URL with ``.json``."""
    base = "/index.json" if path in ("", "/") else path + ".json"
    q = {k: v for k, v in (query or {}).items() if v not in (None, "", 1) or k == "q"}
    return base + ("?" + urlencode(q) if q else "")


def link_to(href: str, text: Any, cls: str = "") -> str:
    c = f' class="{esc(cls)}"' if cls else ""
    return f'<a href="{esc(href)}"{c}>{esc(text)}</a>'


# -- layout ----------------------------------------------------------------------
def layout(title: str, body: str, *, json_href: str | None = None, q: str = "") -> str:
    twin_link = f'<p class="twin">{link_to(json_href, "This page as JSON", "json-twin")}</p>' if json_href else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{esc(title)} · storylens</title>'
        '<link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>'
        '<body><header class="top"><nav>'
        '<a href="/" class="brand">storylens</a> <a href="/stories">Stories</a> <a href="/people">People</a> '
        '<a href="/add">Add articles</a> <a href="/api">JSON API</a>'
        '<form action="/search" method="get" role="search" class="searchbox">'
        f'<input type="search" name="q" value="{esc(q)}" placeholder="Search articles" aria-label="Search articles">'
        '<button type="submit">Search</button></form></nav></header>'
        f'<main>{body}{twin_link}</main></body></html>'
    )


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    h = "".join(f"<th>{esc(x)}</th>" for x in headers)
    r = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    c = f' class="{esc(cls)}"' if cls else ""
    return f"<table{c}><thead><tr>{h}</tr></thead><tbody>{r}</tbody></table>"


def section(title: str, content: str, empty: str = "Nothing found.", sid: str = "") -> str:
    i = f' id="{esc(sid)}"' if sid else ""
    return f"<h2{i}>{esc(title)}</h2>" + (content or f'<p class="muted">{esc(empty)}</p>')


def dates(dr: Any) -> str:
    dr = dr or [None, None]
    a, b = (dr[0] if dr else None), (dr[-1] if dr else None)
    return esc(a or "?") if a == b else f"{esc(a or '?')} – {esc(b or '?')}"


def error_page(status: int, message: str) -> str:
    return layout(f"Error {status}", f'<h1>Error {status}</h1><p class="error">{esc(message)}</p>'
                  '<p><a href="/">Back to the overview</a></p>')


# -- overview --------------------------------------------------------------------
def activity_chart(act: dict[str, Any], width: int = 880, height: int = 160) -> str:
    """Articles over time as an inline SVG bar chart (no script, no style)."""
    series = act.get("series") or []
    if not series:
        return ""
    top = max(p["articles"] for p in series) or 1
    n = len(series)
    bw = max(1.0, (width - 40) / n)
    bars = []
    for i, p in enumerate(series):
        h = max(1.0, (height - 30) * p["articles"] / top)
        x = 30 + i * bw
        bars.append(f'<rect class="bar" x="{x:.1f}" y="{height - 20 - h:.1f}" width="{max(1.0, bw - 1):.1f}" '
                    f'height="{h:.1f}" fill="#0b5cad"><title>{esc(p["date"])}: {counted(p["articles"], "article")}</title></rect>')
    labels = (f'<text x="30" y="{height - 4}" font-size="11" fill="#5b6670">{esc(series[0]["date"])}</text>'
              f'<text x="{width - 10}" y="{height - 4}" font-size="11" fill="#5b6670" text-anchor="end">'
              f'{esc(series[-1]["date"])}</text>'
              f'<text x="2" y="14" font-size="11" fill="#5b6670">{top}</text>')
    return (f'<svg class="chart" role="img" aria-label="Articles per {esc(act.get("bucket"))}" '
            f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            f'<line x1="28" y1="{height - 20}" x2="{width}" y2="{height - 20}" stroke="#d9dee3"/>'
            + "".join(bars) + labels + "</svg>")


def story_rows(stories: list[dict[str, Any]]) -> str:
    rows = [[link_to(story_url(s["id"]), s.get("label") or s["id"], "story-link"), dates(s.get("date_range")),
             esc(s.get("independent_sources")), esc(s.get("articles")),
             ", ".join(link_to("/stories?" + urlencode({"outlet": o}), o) for o in s.get("outlets") or [])]
            for s in stories]
    return table(["Story", "Dates", "Independent sources", "Articles", "Outlets"], rows, "stories") if rows else ""


def storyline_rows(lines: list[dict[str, Any]]) -> str:
    rows = [[esc(sl.get("label")), dates([sl.get("first"), sl.get("last")]),
             " → ".join(link_to(story_url(sid), lab, "story-link")
                        for sid, lab in zip(sl["stories"], sl.get("labels") or sl["stories"], strict=False))]
            for sl in lines]
    return table(["Storyline", "Dates", "Stories, first to last"], rows, "storylines") if rows else ""


def overview_html(d: dict[str, Any]) -> str:
    c = d["counts"]
    stats = "".join(f'<div class="stat"><b>{esc(v)}</b><span>{esc(k)}</span></div>'
                    for k, v in (("articles", c["articles"]), ("outlets", c["outlets"]), ("stories", c["stories"]),
                                 ("people quoted", c["people"]), ("rejected", c["rejected"])))
    act = d["activity"]
    chart = activity_chart(act)
    undated = f'<p class="muted">{esc(act.get("undated"))} article(s) without a date.</p>' if act.get("undated") else ""
    outlets = table(["Outlet", "Articles"], [[link_to("/stories?" + urlencode({"outlet": o["outlet"]}), o["outlet"]),
                                              esc(o["articles"])] for o in d["outlets"]]) if d["outlets"] else ""
    rej = table(["Document", "Origin", "Stage", "Reason"],
                [[esc(r["name"]), esc(r["origin"]), esc(r["stage"]), esc(r["reason"])] for r in d["rejected"]])
    body = ("<h1>Corpus overview</h1>" f'<div class="stats">{stats}</div>'
            + section(f"Activity over time (articles per {act.get('bucket')})", chart + undated, "No dated articles.")
            + section("Biggest stories", story_rows(d["biggest_stories"]), "No stories yet.")
            + f'<p>{link_to("/stories", "All stories →")}</p>'
            + section("Storylines (stories that continue each other)", storyline_rows(d.get("storylines") or []),
                      "No storylines yet.")
            + section("Outlets", outlets, "No outlets.")
            + section("Rejected documents", rej if d["rejected"] else "", "None."))
    return layout("Overview", body, json_href="/index.json")


# -- stories list ------------------------------------------------------------------
def stories_html(d: dict[str, Any]) -> str:
    f = d["filters"]
    opts = "".join(f'<option value="{esc(o)}"{" selected" if o == f["outlet"] else ""}>{esc(o)}</option>'
                   for o in d["outlets"])
    form = ('<form method="get" action="/stories" class="filters">'
            f'<label>Outlet <select name="outlet"><option value="">any</option>{opts}</select></label> '
            f'<label>From <input type="date" name="from" value="{esc(f["from"])}"></label> '
            f'<label>To <input type="date" name="to" value="{esc(f["to"])}"></label> '
            f'<label>Person <input type="text" name="person" value="{esc(f["person"])}" placeholder="quoted person"></label> '
            '<button type="submit">Filter</button> <a href="/stories">clear</a></form>')
    query = {"outlet": f["outlet"], "from": f["from"], "to": f["to"], "person": f["person"]}
    pager = _pager("/stories", query, d["page"], d["pages"])
    body = (f"<h1>Stories</h1>{form}<p class='muted'>{esc(counted(d['total'], 'story', 'stories'))} {noun(d['total'], 'matches', 'match')}.</p>"
            + (story_rows(d["stories"]) or '<p class="muted">No story matches these filters.</p>') + pager)
    return layout("Stories", body, json_href=twin("/stories", query | {"page": d["page"]}))


def _pager(path: str, query: dict[str, Any], page: int, pages: int) -> str:
    if pages <= 1:
        return ""
    q = {k: v for k, v in query.items() if v}
    prev = link_to(path + "?" + urlencode(q | {"page": page - 1}), "← previous") if page > 1 else ""
    nxt = link_to(path + "?" + urlencode(q | {"page": page + 1}), "next →") if page < pages else ""
    return f'<p class="pager">{prev} page {page} of {pages} {nxt}</p>'


# -- people --------------------------------------------------------------------------
def people_html(d: dict[str, Any]) -> str:
    rows = [[link_to(person_url(p["name"]), p["name"], "person-link"), esc(p["quotes"]), esc(p["articles"]), esc(p["stories"])]
            for p in d["people"]]
    body = "<h1>People quoted</h1>" + (table(["Person", "Quotes", "Articles", "Stories"], rows) if rows
                                       else '<p class="muted">Nobody is quoted yet.</p>')
    return layout("People", body, json_href="/people.json")


def person_html(d: dict[str, Any]) -> str:
    parts = []
    for g in d["stories"]:
        title = (link_to(story_url(g["story"]), g.get("label") or g["story"], "story-link") if g.get("story")
                 else "Not in a story")
        items = "".join(
            f'<li><blockquote>“{esc(q["text"])}”</blockquote>'
            f'<span class="muted">{esc(q.get("outlet") or "?")} · {esc(q.get("published") or "undated")} · '
            f'{esc(q["kind"])}{", cue: " + esc(q["cue"]) if q.get("cue") else ""} — </span>'
            f'{link_to(article_url(q["doc"], q["start"]), q.get("title") or q["doc"])}'
            + (f'<br><span class="muted">{esc(q["sentence"])}</span>' if q.get("sentence") else "") + "</li>"
            for q in g["quotes"])
        parts.append(f'<section class="person-story"><h2>{title}</h2><p class="muted">{dates(g.get("date_range"))}</p>'
                     f'<ul>{items}</ul></section>')
    body = (f'<p class="muted">{link_to("/people", "All people")}</p><h1>{esc(d["person"])}</h1>'
            f'<p class="meta">{esc(counted(d["quotes"], "quote"))} in {esc(counted(d["articles"], "article"))}, '
            f'{counted(len(d["stories"]), "story", "stories")} · '
            f'{link_to("/stories?" + urlencode({"person": d["person"]}), "their stories")}</p>' + "".join(parts))
    return layout(d["person"], body, json_href=twin(person_url(d["person"])))


# -- search ---------------------------------------------------------------------------
def snippet_html(marked: str) -> str:
    """Escape a snippet, then turn the match markers into ``<mark>``."""
    return esc(marked).replace("\x02", "<mark>").replace("\x03", "</mark>")


def search_html(d: dict[str, Any]) -> str:
    q = d["query"]
    items = "".join(
        f'<li class="result">{link_to(article_url(r["name"]), r.get("title") or r["name"], "result-link")} '
        f'<span class="muted">{esc(r.get("outlet") or "?")} · {esc(r.get("published") or "undated")}</span>'
        + (f' · {link_to(story_url(r["story"]), "story")}' if r.get("story") else "")
        + f'<p class="snippet">{snippet_html(r.get("snippet_marked") or "")}</p></li>'
        for r in d["results"])
    if not q:
        res = '<p class="muted">Type words or a "quoted phrase".</p>'
    elif not d["results"]:
        res = f'<p class="muted">No article matches {esc(q)}.</p>'
    else:
        res = f'<p class="muted">{esc(counted(d["total"], "article"))} {noun(d["total"], "matches", "match")}.</p><ol class="results">{items}</ol>'
    body = f"<h1>Search</h1>{res}" + _pager("/search", {"q": q}, d["page"], d["pages"])
    return layout(f"Search: {q}" if q else "Search", body, json_href=twin("/search", {"q": q, "page": d["page"]}), q=q)


# -- add articles and jobs ---------------------------------------------------------------
def add_html(d: dict[str, Any], errors: list[str] | None = None) -> str:
    err = "".join(f'<p class="error">{esc(e)}</p>' for e in errors or [])
    jobs = table(["Job", "Status", "Inputs", "Progress"],
                 [[link_to(f"/jobs/{j['id']}", j["id"]), badge(j["status"]), esc(", ".join(j["inputs"])[:200]),
                   f'{esc(j["done"])}/{esc(j["total"])}'] for j in d["jobs"]]) if d["jobs"] else ""
    if d.get("authorized"):
        form = ('<form method="post" action="/add" enctype="multipart/form-data" class="add-form">'
                '<p><label>Files (text, HTML, JSONL, CSV, WARC, feeds; a <code>meta.csv</code> sidecar is used) '
                '<input type="file" name="files" multiple></label></p>'
                '<p><label>URLs (http or https, one a line)<br><textarea name="urls" rows="4" cols="80"></textarea>'
                '</label></p>'
                '<p class="muted">URLs that resolve to loopback, private or link-local addresses are refused'
                f'{" (allowed on this server by --allow-private-urls)" if d.get("allow_private_urls") else ""}.</p>'
                '<p><button type="submit">Analyze</button></p></form>')
    else:
        form = ('<p>Adding articles needs this server\'s token: <code>storylens serve</code> printed an address '
                'with it when it started (or it was set with <code>--token</code>). Reading needs none.</p>'
                '<form method="get" action="/add" class="token-form"><p><label>Token '
                '<input type="password" name="token" autocomplete="off"></label> '
                '<button type="submit">Continue</button></p></form>')
    body = "<h1>Add articles</h1>" + err + form + section("Recent jobs", jobs, "No jobs yet.")
    return layout("Add articles", body, json_href="/add.json")


def job_html(j: dict[str, Any]) -> str:
    pct = f'{j["done"]}/{j["total"]}'
    rej = table(["Document", "Reason"], [[esc(r["doc"]), esc(r["reason"])] for r in j.get("rejections", [])]) \
        if j.get("rejections") else ""
    body = (f'<h1>Job {esc(j["id"])}</h1>'
            f'<div id="job" data-status-url="/jobs/{esc(j["id"])}.json" data-status="{esc(j["status"])}">'
            f'<p>Status: <b id="job-status">{esc(j["status"])}</b> · phase: <span id="job-phase">{esc(j["phase"])}</span></p>'
            f'<progress id="job-progress" max="{max(1, int(j["total"]))}" value="{int(j["done"])}"></progress> '
            f'<span id="job-count">{esc(pct)}</span>'
            f'<p id="job-summary" class="muted">{esc(j.get("summary") or "")}</p>'
            f'<p id="job-error" class="error">{esc(j.get("error") or "")}</p>'
            f'<p id="job-done" class="{"" if j["status"] in ("done", "failed") else "hidden"}">'
            '<a href="/">Overview</a> · <a href="/stories">Stories</a></p></div>'
            + section("Rejected documents", rej, "None so far.")
            + f'<p class="muted">Inputs: {esc(", ".join(j["inputs"]))}</p>')
    return layout(f"Job {j['id']}", body, json_href=f"/jobs/{j['id']}.json")


API_ROUTES: list[tuple[str, str]] = [
    ("/", "corpus overview: counts, outlets, activity over time, biggest stories, rejected documents (JSON: /index.json)"),
    ("/stories", "story list; filters ?outlet=&from=YYYY-MM-DD&to=YYYY-MM-DD&person=&page="),
    ("/story/{id}", "one story's dossier: articles, outlets side by side, quotes, quote groups with diffs, claims, "
                    "coverage heat map, framing, timeline, summary"),
    ("/article/{name}", "one article: metadata, source text, removed furniture, quotes, statements, entities, claims"),
    ("/people", "every quoted person with counts"),
    ("/person/{name}", "every quote by one speaker across stories"),
    ("/search", "full-text search ?q=words or \"a phrase\"&page="),
    ("/add", "add articles (POST multipart: files, urls; needs the server's token); JSON lists recent jobs"),
    ("/jobs/{id}", "progress of an analysis job"),
    ("/api", "this list"),
]


def api_html() -> str:
    rows = [[f"<code>{esc(p)}</code>", f"<code>{esc(twin(p))}</code>", esc(d)] for p, d in API_ROUTES]
    body = ("<h1>JSON API</h1><p>Every page has a JSON twin: the same URL with <code>.json</code> "
            "(query strings carry over).</p>" + table(["Page", "JSON twin", "What"], rows))
    return layout("JSON API", body, json_href="/api.json")


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
