"""Findings first: each story page opens with its number conflicts, altered or
reworded quotes, attribute conflicts and shared primary sources, the outlets'
spans side by side with links to the source text (issue 14, item 6).
Invented text only."""

from __future__ import annotations

import re

from storylens.compare.story import compare_story
from storylens.models import Article, Quote, Segment
from storylens.present.html import render_story_html
from storylens.present.markdown import render_story_md
from storylens.present.records import DossierArticle, DossierStory
from storylens.web.data import StoryView
from storylens.web.story_pages import story_html

A = ("Port strike <enters> third day\n\n"
     "About 1,200 dockworkers at the Velmora port stayed off the job on Tuesday, union leader Ines Calder "
     "told Kestrow TV. \"We will not accept twelve-hour nights without a new contract, and we will fight for it,\" "
     "Calder said. Transport Minister Aurel Fenn will chair the talks.")
B = ("Velmora dockers walk out\n\n"
     "Some 2,100 dockworkers at the Velmora port stayed off the job on Tuesday, Ines Calder said in a phone interview "
     "with Kestrow TV. \"We refuse twelve-hour night shifts until we get a fresh contract, and we are ready to "
     "fight,\" Calder said. The government asked former transport minister Aurel Fenn to chair the talks.")
REF = "We will not accept twelve-hour nights without a new contract, and we will fight for it"
MEM = "We refuse twelve-hour night shifts until we get a fresh contract, and we are ready to fight"


def _art(name: str, text: str, outlet: str) -> Article:
    return Article(id=name, name=name, source=text, body=text, segments=[Segment(0, 0, len(text))],
                   published="2025-03-19", outlet=outlet, title=text.split("\n")[0])


def _quote(a: Article, text: str) -> Quote:
    start = a.source.index(text)
    return Quote(doc=a.name, start=start, end=start + len(text), text=text, kind="direct", speaker="Ines Calder")


def _story() -> tuple[DossierStory, dict[str, Article]]:
    a, b = _art("a", A, "Ledger"), _art("b", B, "Courier")
    cmp = compare_story([a, b], {"a": [_quote(a, REF)], "b": [_quote(b, MEM)]})
    arts = [DossierArticle(doc=x.name, title=x.title, outlet=x.outlet, published=x.published,
                           sources_cited=cmp.sources_cited.get(x.name, [])) for x in (a, b)]
    story = DossierStory(id="S1", label="Port <strike>", articles=arts, comparison=cmp,
                         independent_sources=cmp.independent_sources, outlets=["Ledger", "Courier"])
    return story, {"a": a, "b": b}


def test_findings_cover_every_kind_with_spans_from_both_outlets() -> None:
    story, _ = _story()
    found = story.compared.findings()
    kinds = [f["kind"] for f in found]
    assert kinds == ["number conflict", "reworded quote", "attribute conflict", "shared primary source"]
    for f in found:
        assert {sp["doc"] for sp in f["spans"]} == {"a", "b"}, f
        src = {"a": A, "b": B}
        assert all(src[sp["doc"]][sp["start"]:sp["end"]] == sp["text"] for sp in f["spans"]), f
    assert found[3]["title"] == "2 outlets, 1 primary source: an interview with Kestrow TV"


def test_html_story_page_opens_with_findings_linked_to_the_source_text() -> None:
    story, arts = _story()
    html = render_story_html(story, arts)
    assert html.index("<h2>Findings</h2>") < html.index("<h2>Summary</h2>") < html.index("<h2>Numbers</h2>")
    findings = html[html.index("<h2>Findings</h2>"):html.index("<h2>Summary</h2>")]
    assert findings.count('class="finding ') == 4 and "Ledger" in findings and "Courier" in findings
    ids = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', findings)
    assert links and all(x in ids for x in links)
    assert "<strike>" not in html and "&lt;enters&gt;" in html
    assert "2 outlets, 1 primary source: an interview with Kestrow TV" in html.split("<h2>")[0]


def test_quote_group_header_says_it_has_changed_renderings() -> None:
    story, arts = _story()
    html = render_story_html(story, arts)
    group = html[html.index('<details class="quote-group"'):]
    summary = group[:group.index("</summary>")]
    assert 'class="badge b-reworded">reworded</span> renderings' in summary
    md = render_story_md(story)
    assert "(reworded renderings)" in md


def test_markdown_opens_with_findings_citing_each_span() -> None:
    story, _ = _story()
    md = render_story_md(story)
    assert md.index("## Findings") < md.index("## Summary") if "## Summary" in md else md.index("## Findings") < \
        md.index("## Articles and copies")
    block = md[md.index("## Findings"):md.index("## Articles and copies")]
    assert "**number conflict**" in block and "**shared primary source**" in block
    assert re.search(r"Ledger .*\[a:\d+-\d+\]", block) and re.search(r"Courier .*\[b:\d+-\d+\]", block)


def test_web_story_page_opens_with_findings_and_its_json_lists_them() -> None:
    story, arts = _story()
    view = StoryView(story=story, people=[], by_outlet=[], heatmap={})
    html = story_html(view, arts)
    assert html.index('id="findings"') < html.index('id="summary"')
    assert [f["kind"] for f in view.to_json()["findings"]][0] == "number conflict"


def test_a_story_without_findings_says_so() -> None:
    a = _art("a", "Quiet day\n\nNothing happened at the port on Tuesday.", "Ledger")
    cmp = compare_story([a], {})
    story = DossierStory(id="S2", label="Quiet", articles=[DossierArticle(doc="a")], comparison=cmp)
    html = render_story_html(story, {"a": a})
    assert "No number conflicts, changed quotes, attribute conflicts or shared primary sources." in html


def test_a_measure_given_many_conflicting_values_is_one_finding() -> None:
    from storylens.compare.findings import _number_findings

    def claim(i: int, partners: list[int]) -> dict:
        return {"display": f"{1000 + 100 * i:,}", "measure": "dockworkers", "conflicts_with": partners,
                "mentions": [{"doc": f"d{i}", "start": 0, "end": 5, "text": f"{1000 + 100 * i:,}"}]}
    # three claims that conflict pairwise: three findings, pair by pair
    three = [claim(i, [j for j in range(3) if j != i]) for i in range(3)]
    assert [f["title"] for f in _number_findings(three)] == ["1,000 vs 1,100: dockworkers", "1,000 vs 1,200: dockworkers",
                                                             "1,100 vs 1,200: dockworkers"]
    # forty: one finding naming the values, with a bounded number of spans (not 780 pairs)
    many = [claim(i, [j for j in range(40) if j != i]) for i in range(40)] + [claim(99, [])]
    found = _number_findings(many)
    assert len(found) == 1
    assert found[0]["title"].startswith("40 values: 1,000, 1,100, 1,200, 1,300, 1,400, 1,500 and 34 more")
    assert len(found[0]["spans"]) == 12 and found[0]["more_spans"] == 28
