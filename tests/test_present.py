import json
import re

from storylens.models import Article, Removed, Segment
from storylens.present import write_dossier
from storylens.present.highlight import Mark, highlight
from storylens.present.html import render_story_html
from storylens.present.markdown import render_story_md
from storylens.present.records import Dossier, DossierStory

EVIL = 'The hackers posted <script>alert(1)</script> and <img src=x onerror=alert(2)> on the "site".'


def _story_and_articles():
    a = Article(id="1", name="evil<doc>", source=EVIL, body=EVIL, segments=[Segment(0, 0, len(EVIL))],
                title="<b>Hack</b> headline", outlet="Out&let", removed=[Removed(0, 3, "photo <credit>", "The")])
    other = "<script> said twice"
    b = Article(id="2", name="other<doc>", source=other, body=other, segments=[Segment(0, 0, len(other))],
                title="<i>Other</i>", outlet="<Other>")
    story = {
        "id": "S1", "label": "<script>label</script>", "date_range": ["2025-01-01", "2025-01-02"],
        "independent_sources": 1, "outlets": ["<i>o</i>"],
        "articles": [{"doc": a.name, "title": a.title, "outlet": a.outlet, "published": None, "relation": "original",
                      "duplicate_of": None, "similarity": None, "evidence": "<e>", "syndication": ["<w>"]},
                     {"doc": b.name, "title": b.title, "outlet": b.outlet, "published": None, "relation": "original"}],
        "quotes": [{"speaker": "<Mallory>", "quotes": [{"doc": a.name, "start": 85, "end": 89, "text": "site",
                                                         "kind": "scare", "cue": None, "speaker_mention": None,
                                                         "sentence": EVIL, "confidence": 1.0}]}],
        "quote_groups": [{"id": "G1", "speaker": "<x>", "reference": {"doc": a.name, "text": "<script>"},
                          "members": [{"doc": a.name, "text": "<img src=x onerror=alert(3)>", "relation": "reworded",
                                       "start": 0, "end": 3, "diff": [["-", "<a>"], ["+", "<b>"], ["=", "c"]]},
                                      {"doc": "other<doc>", "text": "<script>", "relation": "reference",
                                       "start": 0, "end": 8}]}],
        "claims": [{"value": "<1>", "unit": "%", "measure": "<m>", "docs": [a.name], "status": "conflict",
                    "mentions": [{"doc": a.name, "start": 4, "end": 11}]}],
        "attribute_conflicts": [{"entity": "<e>", "attribute": "title", "values": {"<v>": [a.name]}}],
        "coverage": {"facts": [{"text": "<fact>", "docs": [a.name], "independent_sources": 1}]},
        "framing": {"terms": [{"pair": ["<a>", "b"], "note": "<note>", "marked": ["<a>"],
                               "usage": {a.name: {"term": "<a>", "count": 2, "terms": {"<a>": 1, "b": 1},
                                                  "spans": [[4, 11], [12, 19]], "first": {"<a>": [4, 11], "b": [12, 19]}}}}],
                    "distinctive": {"<o>": [["<w>", 2.5]]}},
        "timeline": [{"date": None, "resolved": False, "text": "<t>", "doc": a.name, "start": 0, "end": 3,
                      "expression": "<Friday>"}],
        "summary": [{"text": "<s>", "doc": a.name, "start": 0, "end": 10}],
    }
    return DossierStory.from_json(story), {a.name: a, b.name: b}


def test_html_escapes_every_piece_of_text():
    story, arts = _story_and_articles()
    html = render_story_html(story, arts)
    assert "<script>" not in html and "<img" not in html and "<b>Hack" not in html and "<Mallory>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_html_is_self_contained():
    story, arts = _story_and_articles()
    html = render_story_html(story, arts)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html and "<script" not in html
    assert "Content-Security-Policy" in html


def test_citation_links_resolve_to_anchors():
    story, arts = _story_and_articles()
    html = render_story_html(story, arts)
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids


def test_highlight_nesting_and_escaping():
    out = highlight("a <b> c", [Mark(0, 5, "x", "A1"), Mark(2, 7, "y")])
    assert out == ('<a class="anchor" id="A1"></a><span class="x">a </span><span class="x y">&lt;b&gt;</span>'
                   '<span class="y"> c</span>')


def test_markdown_escapes_markup():
    story, _ = _story_and_articles()
    md = render_story_md(story)
    assert "<script>" not in md and "\\<script\\>" in md


def test_write_dossier_files(tmp_path):
    story, arts = _story_and_articles()
    dossier = Dossier(generator="t", corpus={}, stories=[story], rejected=[{"name": "<r>", "origin": "o", "reason": "<why>", "stage": "ingest"}])
    paths = write_dossier(dossier, arts, tmp_path)
    names = sorted(p.rsplit("/", 1)[-1] for p in paths)
    assert names == ["S1.html", "S1.md", "dossier.json", "index.html", "index.md"]
    assert json.loads((tmp_path / "dossier.json").read_text())["stories"][0]["id"] == "S1"
    assert "&lt;why&gt;" in (tmp_path / "index.html").read_text()


def test_index_names_linked_stories_by_label():
    from storylens.present.html import render_index_html
    from storylens.present.markdown import render_index_md

    dossier = Dossier.from_json({"corpus": {}, "stories": [{"id": "Sa", "label": "Dam <gives> way", "articles": []},
                                                           {"id": "Sb", "label": "Relief protest", "articles": []}],
                                 "story_links": [{"stories": ["Sa", "Sb"], "why": "follow-up <same people>"}]})
    html = render_index_html(dossier)
    assert '<a href="Sa.html">Dam &lt;gives&gt; way</a> ↔ <a href="Sb.html">Relief protest</a>' in html
    assert "follow-up &lt;same people&gt;" in html
    md = render_index_md(dossier)
    assert "[Dam \\<gives\\> way](Sa.md) ↔ [Relief protest](Sb.md): follow-up \\<same people\\>" in md


def test_a_quotation_through_another_source_says_according_to():
    from storylens.present.html import quote_source

    assert quote_source({"speaker_mention": "she", "cue": "said"}) == ", said by: she"
    assert quote_source({"speaker_mention": "the <Gazette>", "cue": "according to"}) == \
        ", according to: the &lt;Gazette&gt;"
    assert quote_source({"speaker_mention": None, "cue": "said"}) == ""
    from storylens.present.markdown import _said_by

    assert _said_by({"speaker_mention": "the <letter>", "cue": "says"}) == "; said by: the \\<letter\\>"
    assert _said_by({"speaker_mention": "the Gazette", "cue": "according to"}) == "; according to: the Gazette"
    assert _said_by({"speaker_mention": None}) == ""


def test_a_story_of_many_articles_shows_a_bounded_coverage_table():
    from storylens.present.html import MAX_COVERAGE_COLUMNS, render_coverage

    n = MAX_COVERAGE_COLUMNS + 25
    arts = [{"doc": f"d{i}", "title": f"T{i}", "outlet": f"O{i}", "published": None, "relation": "original",
             "duplicate_of": None, "similarity": None, "evidence": None, "syndication": []} for i in range(n)]
    fact = {"text": "The dam broke", "docs": [f"d{i}" for i in range(n)], "independent_sources": n,
            "evidence": [{"doc": f"d{i}", "start": 0, "end": 5, "match": "stated" if i % 2 else "likely"}
                         for i in range(n)]}
    story = DossierStory.from_json({"id": "S1", "label": "dam", "articles": arts, "coverage": {"facts": [fact]}})
    html = render_coverage(story)
    assert html.count('class="cov-yes"') + html.count('class="cov-likely"') == MAX_COVERAGE_COLUMNS
    # the other 25 articles are counted in one column: 13 stated (odd numbers 41..63 and 40s), 12 likely
    rest = range(MAX_COVERAGE_COLUMNS, n)
    stated = sum(1 for i in rest if i % 2)
    assert f"{stated} ●, {len(rest) - stated} ◐" in html and "25 more articles" in html


def test_a_contested_term_row_names_the_outlet_links_each_term_and_gives_the_note():
    story, arts = _story_and_articles()
    html = render_story_html(story, arts)
    row = html[html.index("Contested terms"):]
    row = row[:row.index("</table>")]
    assert "Out&amp;let</a>: <b><a " in row  # the outlet, then the loaded term in bold, linked to its first use
    assert "&lt;a&gt;</a></b> (1)" in row and "&lt;note&gt;" in row
    assert re.search(r'href="#[^"]+">b</a> \(1\)', row)
    md = render_story_md(story)
    assert "- \\<a\\> / b (\\<note\\>): Out&let: **\\<a\\>** (1), b (1)" in md


def test_coverage_columns_are_headed_by_outlet_and_by_article_where_an_outlet_has_two():
    from storylens.present.html import render_coverage

    arts = [{"doc": d, "title": d, "outlet": o, "published": None, "relation": "original"}
            for d, o in (("a1", "Herald"), ("a2", "Herald"), ("b1", "Courier"), ("c1", None))]
    story = DossierStory.from_json({"id": "S", "label": "l", "articles": arts,
                                    "coverage": {"facts": [{"text": "f", "docs": ["a1"], "evidence": [
                                        {"doc": "a1", "start": 0, "end": 1}], "independent_sources": 1}]}})
    heads = re.findall(r"<th>([^<]*)</th>", render_coverage(story))
    assert heads == ["Fact", "Herald (a1)", "Herald (a2)", "Courier", "c1", "Sources"]


def test_a_quotation_one_article_repeats_is_no_comparison_across_outlets():
    def page(docs: list[str]) -> tuple[str, str]:
        members = [{"doc": d, "text": "we will stay", "relation": r, "start": k * 20, "end": k * 20 + 12}
                   for k, (d, r) in enumerate(zip(docs, ("reference", "verbatim"), strict=True))]
        story = DossierStory.from_json({"id": "S", "label": "l", "articles": [
            {"doc": d, "title": d, "outlet": d, "published": None, "relation": "original"} for d in ("a", "b")],
            "quote_groups": [{"id": "G", "speaker": "Ilse Marrow", "reference": members[0], "members": members}]})
        return render_story_html(story, {}), render_story_md(story)

    for html, md in (page(["a", "b"]),):
        assert "The same quote across outlets" in html and "The same quote across outlets" in md
    for html, md in (page(["a", "a"]),):  # said twice in one article
        assert "The same quote across outlets" not in md
        assert "renderings</summary>" not in html


def test_a_copy_names_its_original_escaped_once():
    """A copy's row says which article it copies; the doc name is escaped once, not twice over
    ("meridian\\_strike" in Markdown, never "meridian\\\\\\_strike", which shows its backslashes)."""
    arts = [{"doc": "wire_story_1", "title": "t", "outlet": "Wire", "published": None, "relation": "original"},
            {"doc": "copy<1>", "title": "t", "outlet": "Post", "published": None, "relation": "syndicated",
             "duplicate_of": "wire_story_1", "similarity": 0.97}]
    story = DossierStory.from_json({"id": "S", "label": "l", "articles": arts})
    row = next(line for line in render_story_md(story).splitlines() if "copy\\<1\\>" in line)
    assert row.endswith("| syndicated copy of wire\\_story\\_1 |"), row
    html = render_story_html(story, {})
    assert re.search(r'syndicated</span> copy of <a href="#[^"]+">wire_story_1</a>', html), html


def test_counts_agree_with_their_nouns():
    """A story of one article says "1 article" and "1 independent source", on both pages and the index."""
    from storylens.present.html import render_index_html
    from storylens.present.markdown import render_index_md

    one = {"id": "S1", "label": "Lone", "independent_sources": 1,
           "articles": [{"doc": "a", "title": "t", "outlet": "Wire", "published": None, "relation": "original"}]}
    two = {"id": "S2", "label": "Pair", "independent_sources": 2,
           "articles": [{"doc": d, "title": "t", "outlet": d, "published": None, "relation": "original"} for d in "bc"]}
    dossier = Dossier.from_json({"corpus": {"articles": 3, "outlets": 1, "stories": 2, "rejected": 0},
                                 "stories": [one, two]})
    story = DossierStory.from_json(one)
    md, html = render_story_md(story), render_story_html(story, {})
    assert "1 article · **1** independent source" in md and "1 articles" not in md
    assert "1 article · <b>1</b> independent source ·" in html
    index_md, index_html = render_index_md(dossier), render_index_html(dossier)
    assert "3 articles, 1 outlet, 2 stories, 0 rejected" in index_md
    assert "— 1 article, 1 independent source" in index_md and "— 2 articles, 2 independent sources" in index_md
    assert "3 articles · 1 outlet · 2 stories · 0 rejected" in index_html
