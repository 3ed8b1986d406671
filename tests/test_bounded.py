"""Bounded work per document: hostile texts through `storylens analyze`, each
in a process of its own whose time and peak memory are measured (generous
limits: the targets are 10 s and 1 GB, measured by
``benchmarks/bench_hostile.py``), and adversarial shapes through the quote
finder, whose time must grow no faster than the text."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from hostile_docs import many_sentences, one_quote  # noqa: E402

from storylens.annotate.attribution.finder import QuoteFinder  # noqa: E402

ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def _analyze(path: Path, tmp: Path, *extra: str) -> tuple[float, float, str, dict]:
    """Run ``storylens analyze``; (seconds, peak RSS in MB, stderr, dossier)."""
    cmd = [sys.executable, "-m", "storylens", "analyze", str(path), "--db", str(tmp / f"{path.stem}.db"),
           "--out", str(tmp / path.stem), "--no-progress", *extra]
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read() if p.stderr else ""
    _, status, usage = os.wait4(p.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, err
    dossier = json.loads((tmp / path.stem / "dossier.json").read_text(encoding="utf-8"))
    return time.perf_counter() - t, usage.ru_maxrss / 1024, err, dossier


@pytest.mark.slow
def test_a_2_mb_text_holding_one_quotation_is_analyzed_within_bounds(tmp_path):
    f = tmp_path / "one_quote.txt"
    f.write_text(one_quote(), encoding="utf-8")
    secs, rss, _, dossier = _analyze(f, tmp_path)
    assert secs < 60 and rss < 1500, (secs, rss)  # it was 158 s and 10.4 GB; measured 3.6 s, 162 MB
    (story,) = dossier["stories"]
    assert story["articles"][0]["words"] > 300_000
    assert story["quotes"]  # who said what is kept
    # the story is over max_story_words: its comparison is left out, with the reason
    assert "max_story_words" in story["errors"][0]


@pytest.mark.slow
def test_a_4_mb_text_of_60000_sentences_is_rejected_with_a_reason_or_analyzed_within_bounds(tmp_path):
    f = tmp_path / "many_sentences.txt"
    f.write_text(many_sentences(), encoding="utf-8")
    secs, rss, err, dossier = _analyze(f, tmp_path)
    assert secs < 60 and rss < 1500, (secs, rss)
    assert dossier["stories"] == [] and "max_doc_words" in dossier["rejected"][0]["reason"]
    # with the budget lifted, the work itself is bounded (measured 8.4-9.9 s, 286 MB)
    secs, rss, err, dossier = _analyze(f, tmp_path, "--max-doc-words", "100000000")
    assert secs < 120 and rss < 1500, (secs, rss)
    assert len(dossier["stories"]) == 1


def _shapes(n: int, rng: random.Random) -> dict[str, str]:
    w = "harbour board union strike night shift council minister budget river".split()
    firsts, lasts = "Ines Marta Jonas Pavel Lena Tomas".split(), "Calder Brandt Okafor Silva Novak Haas".split()

    def word() -> str:
        return rng.choice(w)

    def name() -> str:
        return f"{rng.choice(firsts)} {rng.choice(lasts)}"

    return {
        # straight quotes with cues, one paragraph with no full stop
        "straight": "T\n\n" + " ".join(f'"{word()} {word()}" said he' for _ in range(n)),
        "no full stop": "T\n\n" + " ".join(f"\u201c{word()}\u201d said Ines Calder and {word()}" for _ in range(n)),
        # one line, many sentences each with a quote
        "one line": "T\n\n" + " ".join(f"\u201c{word()} {word()}\u201d said Ines Calder. Then she {word()}."
                                       for _ in range(n)),
        # a name line under every quote paragraph
        "attribution lines": "T\n\n" + "\n".join(f"\u201c{word()} {word()} {word()} {word()}.\u201d\nInes Calder"
                                                  for _ in range(n)),
        # pronoun speakers, many in one paragraph
        "pronouns": "T\n\n" + " ".join(f"\u201c{word()} {word()} {word()} {word()}.\u201d she said." for _ in range(n)),
        # pronouns whose antecedents are people named all through one paragraph
        "named pronouns": "T\n\n" + " ".join(f"{name()} spoke. \u201c{word()} {word()}.\u201d she said." for _ in range(n)),
        # role phrases ("The minister said") held by many people
        "roles": "T\n\n" + " ".join(f"The minister {name()} spoke. \u201c{word()} {word()}.\u201d The minister said."
                                     for _ in range(n)),
        # quotation marks opened and never closed
        "unclosed": "T\n\n" + " ".join(f"\u201c{word()}" for _ in range(n)),
    }


def _cpu_seconds(text: str, runs: int) -> float:
    """The least CPU time of ``runs`` quote-finder passes over ``text`` (the
    least is the one the machine's other work disturbed least)."""
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        QuoteFinder(text, "x", use_parser=False).run()
        best = min(best, time.process_time() - t)
    return best


@pytest.mark.slow
def test_the_quote_finder_grows_linearly_on_adversarial_shapes():
    rng = random.Random(3)
    small, big = _shapes(500, rng), _shapes(4000, rng)
    for name in small:
        t_small, t_big = _cpu_seconds(small[name], 3), _cpu_seconds(big[name], 2)
        # 8x the text: a linear pass takes about 8x (measured 7.3x to 9.3x); a
        # quadratic one takes 64x (the pronoun and role walks took 24x and 57x
        # before they bisected)
        assert t_big < 10, (name, t_big)
        assert t_big < 20 * t_small + 0.2, (name, t_small, t_big)


def _group_cpu_seconds(n: int, runs: int) -> tuple[int, float]:
    """Quotations of a made-up ``n``-article story, and the least CPU time of
    ``runs`` passes of the cross-outlet grouping over them."""
    from bench_compare import make_story

    from storylens.compare.quotegroups import group_quotes

    arts, quotes = make_story(n)
    published = {a.name: a.published for a in arts}
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        group_quotes(quotes, published)
        best = min(best, time.process_time() - t)
    return sum(len(q) for q in quotes.values()), best


@pytest.mark.slow
def test_quote_grouping_grows_no_faster_than_its_pairs():
    # the pairs of quotations are the work: 3.2x the quotations, 10x the
    # pairs; measured 13x. Walks over every close link for each pair and over
    # both groups for each edge made it worse than that (50 articles took
    # 4.8 s instead of 0.13 s; this test then took 213 s and failed)
    n_small, t_small = _group_cpu_seconds(25, 3)
    n_big, t_big = _group_cpu_seconds(100, 2)
    assert n_big > 3 * n_small
    assert t_big < 40 * t_small + 0.2, (t_small, t_big)


def _timeline_cpu_seconds(sentences: int, runs: int) -> float:
    """The least CPU time of ``runs`` timelines of one made-up article of ``sentences`` dated sentences."""
    from bench_narrative import big_text

    from storylens.compare.timeline import build_timeline

    art = big_text(sentences)
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        build_timeline([art])
        best = min(best, time.process_time() - t)
    return best


@pytest.mark.slow
def test_the_timeline_grows_linearly_with_the_dated_sentences():
    # 8x the sentences: a linear pass takes about 8x; the sentence-by-expression
    # scan and the merge of every event with every kept one took 30x (a 4.5 MB
    # article's comparison took 157 s, 18 s since)
    t_small = _timeline_cpu_seconds(1500, 3)
    t_big = _timeline_cpu_seconds(12000, 2)
    assert t_big < 16 * t_small + 0.2, (t_small, t_big)


def _many_renderings(n: int) -> list:
    """``n`` quotations of one remark, each with its own number (a remark printed by ``n`` articles)."""
    from storylens.compare.quote_words import make_item
    from storylens.models import Quote

    items = []
    for i in range(n):
        text = f"We will rebuild the harbour bridge by March and it will cost {i} million"
        q = Quote(doc=f"d{i}", start=0, end=len(text), text=text, kind="direct", speaker="Ilse Varga")
        items.append(make_item(q))
    return items


def test_quote_links_compare_each_quotation_with_a_bounded_number_of_others():
    from storylens.compare.graph import connected_groups
    from storylens.compare.quotegroups import MAX_PARTNERS, _links, _partners

    few = _many_renderings(30)
    # below the bound every pair that can link is a candidate, so the links are those of every pair
    assert [len(p) for p in _partners(few)] == list(range(29, -1, -1))
    many = _many_renderings(3 * MAX_PARTNERS)
    assert max(len(p) for p in _partners(many)) == MAX_PARTNERS
    # the bounded links still hold the renderings together: one group
    assert len(connected_groups(len(many), _links(many, 0.5))) == 1


def test_a_copy_is_compared_with_a_bounded_number_of_earlier_texts(monkeypatch):
    from storylens.index.copies import MAX_COMPARED, CopyIndex
    from storylens.models import Article, Segment

    idx, calls = CopyIndex(), []
    real = CopyIndex._compare
    monkeypatch.setattr(CopyIndex, "_compare", lambda self, mine, k: calls.append(k) or real(self, mine, k))
    base = ("The harbour bridge at Ostrava will be rebuilt by March, the council said on Tuesday, after engineers "
            "found cracks in two of its piers during a routine inspection last month. ")
    n = 4 * MAX_COMPARED
    for i in range(n):
        text = base * 3 + f"Edition {i}."
        idx.add(Article(id=str(i), name=f"a{i}", source=text, body=text, segments=[Segment(0, 0, len(text))]))
    # (each text with every earlier one would be n(n-1)/2 = 32,640 comparisons; settling a group adds one or two)
    assert len(calls) <= (MAX_COMPARED + 2) * n < n * (n - 1) // 2
    assert len({idx.docs[k].group for k in range(n)}) == 1  # all one copy group still


def _summary_cpu_seconds(n: int) -> float:
    """CPU time of the summary of a made-up story of ``n`` articles, each stating one fact of its own."""
    from storylens.compare.summary import build_summary
    from storylens.models import Article, Segment

    arts, facts = [], []
    for i in range(n):
        text = f"The harbour council of district {i} met on Tuesday and voted to close the old pier."
        arts.append(Article(id=str(i), name=f"a{i}", source=text, body=text, segments=[Segment(0, 0, len(text))]))
        facts.append({"evidence": [{"doc": f"a{i}", "start": 0, "end": len(text), "match": "stated"}],
                      "docs": [f"a{i}"], "independent_sources": 1, "stated_by": 1})
    t = time.process_time()
    build_summary(arts, {"facts": facts}, 5)
    return time.process_time() - t


def test_the_summary_grows_linearly_with_the_articles():
    # 8x the articles and facts: reading every fact's evidence once per article took about 40x
    t_small = min(_summary_cpu_seconds(400) for _ in range(2))
    t_big = _summary_cpu_seconds(3200)
    assert t_big < 16 * t_small + 0.05, (t_small, t_big)


def test_the_summary_stops_after_a_bounded_number_of_candidates(monkeypatch):
    """600 facts that all say one thing: after the first pick each candidate is a repeat. Building
    a candidate may parse its sentence, so the summary stops after ``_MAX_TRIED`` of them."""
    from storylens.compare import summary
    from storylens.models import Article, Segment

    text = "The harbour council met on Tuesday and voted to close the old pier."
    arts = [Article(id=str(i), name=f"a{i}", source=text, body=text, segments=[Segment(0, 0, len(text))])
            for i in range(600)]
    facts = [{"evidence": [{"doc": f"a{i}", "start": 0, "end": len(text), "match": "stated"}],
              "docs": [f"a{i}"], "independent_sources": 1, "stated_by": 1} for i in range(600)]
    built = []
    real = summary._candidate
    monkeypatch.setattr(summary, "_candidate", lambda *a: built.append(1) or real(*a))
    out = summary.build_summary(arts, {"facts": facts}, 5)
    assert [p["text"] for p in out] == [text]
    assert len(built) == summary._MAX_TRIED


def _clauses_cpu_seconds(n: int) -> float:
    from storylens.compare.statements import Statement, clauses, terms

    text = "The port reopened on Monday" + "".join(f", and ship {i} sailed" for i in range(n)) + "."
    st = Statement("d", 0, len(text), text, frozenset(terms(text)), 0)
    t = time.process_time()
    assert clauses(st) == [st]  # every piece is short: one statement
    return time.process_time() - t


def test_cutting_a_sentence_into_clauses_grows_linearly():
    # a "sentence" of 40,000 short clauses (a text with no full stops): re-reading the growing piece
    # or the text before each cut for open quotation marks took 40 s
    t_small = min(_clauses_cpu_seconds(4000) for _ in range(2))
    t_big = _clauses_cpu_seconds(40000)
    assert t_big < 25 * t_small + 0.1, (t_small, t_big)


def test_a_long_run_of_spaces_is_read_once_when_cutting_clauses():
    # the dash rule matched its spaces from every space of a run: 20,000 spaces took 3 s
    from storylens.compare.statements import Statement, clauses, terms

    text = "The port reopened on Monday morning" + " " * 100_000 + "and the ships sailed out at noon."
    st = Statement("d", 0, len(text), text, frozenset(terms(text)), 0)
    t = time.process_time()
    assert clauses(st) == [st]
    assert time.process_time() - t < 0.5


def test_a_word_of_20000_capitals_is_read_in_linear_time():
    """A hostile "AAAA..." of 20,000 characters without a space: the rules that find names across a
    whole article (parties, ages, relations, the subject of a number) backtracked from every
    character of it and took over a minute; they now read it as no word (``scan_text``)."""
    from storylens.annotate.numbers import extract_numbers
    from storylens.compare.affiliations import party_conflicts
    from storylens.compare.attributes import attribute_conflicts
    from storylens.compare.relations import relation_conflicts
    from storylens.models import Article, Segment
    from storylens.text import scan_text

    text = ("Rep. Ana Varga (D-Calif.), 54, said the pier would close. " + "A" * 20_000 +
            " Her husband, Piet Varga, 56, agreed.")
    a = Article(id="a", name="a", source=text, body=text, segments=[Segment(0, 0, len(text))])
    masked = scan_text(text)
    assert len(masked) == len(text) and "A" * 65 not in masked and masked.startswith(text[:58])
    assert scan_text("Rep. Ana Varga said so.") == "Rep. Ana Varga said so."
    t = time.process_time()
    party_conflicts([a])
    attribute_conflicts([a])
    relation_conflicts([a])
    extract_numbers(a)
    assert time.process_time() - t < 3.0


def _least_cpu(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def test_highlighting_an_article_grows_linearly_with_its_marks():
    # every run between two mark ends read every mark: an article of 50,000 one-letter lines, each
    # line marked, took 216 s to render
    from storylens.present.highlight import Mark, highlight

    def render(n: int) -> None:
        text = "A\n" * n
        out = highlight(text, [Mark(2 * i, 2 * i + 1, "q", f"a{i}", "t") for i in range(n)])
        assert out.count('<span class="q" title="t">A</span>') == n

    t_small = _least_cpu(lambda: render(2000), 3)
    t_big = _least_cpu(lambda: render(20000), 3)
    # 10x the marks: about 13x on a quiet machine, 37x once while two other analyses ran; quadratic: 100x
    assert t_big < 40 * t_small + 0.1, (t_small, t_big)


def test_highlighted_runs_carry_every_covering_mark_and_only_those():
    from storylens.present.highlight import Mark, highlight

    out = highlight("abcdef", [Mark(0, 4, "x", "first"), Mark(2, 6, "y", None, "why"), Mark(3, 3, "z")])
    assert out == ('<a class="anchor" id="first"></a><span class="x">ab</span>'
                   '<span class="x y" title="why">cd</span><span class="y" title="why">ef</span>')


def test_pairing_quotation_marks_grows_linearly_with_open_single_marks():
    # each mark asked whether any double mark stood open among all the singles left open before it:
    # 20,000 "’s" in one paragraph took 45 s
    from storylens.annotate.attribution.marks import scan_paragraph

    def scan(n: int) -> None:
        text = "She said it. " + "'s " * n
        scan_paragraph(text, 0, len(text))

    t_small = _least_cpu(lambda: scan(2000), 3)
    t_big = _least_cpu(lambda: scan(20000), 2)
    assert t_big < 25 * t_small + 0.1, (t_small, t_big)


def test_quotations_without_a_content_word_are_compared_with_a_bounded_number_of_others():
    # "“Yes,” he said." printed thousands of times: each was compared with every later quotation, and
    # each short one re-read every link (4,000 such quotations took over 5 minutes)
    from storylens.compare.quotegroups import MAX_PARTNERS, _partners, group_quotes, make_item
    from storylens.models import Quote

    def said(d: str, i: int, text: str) -> Quote:
        return Quote(doc=d, start=30 * i, end=30 * i + len(text), text=text, kind="direct", speaker="Ana Varga")

    # "No, no," has no content word; "Yes," has one
    quotes = {d: [said(d, i, "No, no," if i % 2 else "Yes,") for i in range(1500)] for d in ("a", "b")}
    items = [make_item(q, None) for d in sorted(quotes) for q in quotes[d]]
    assert not items[1].content and items[0].content
    assert max(len(p) for p in _partners(items)) <= 3 * MAX_PARTNERS
    t = time.process_time()
    groups = group_quotes(quotes)
    assert time.process_time() - t < 30
    assert groups  # they are still grouped


def test_a_long_run_of_capitalised_possessives_is_read_in_linear_time():
    # "A’s A’s A’s ...": the name rules read the rest of the run again at each possessive (quadratic,
    # and the quote finder's names recursed until the stack overflowed): for the quote finder a run
    # of over MAX_NAME_RUN_WORDS capitalised words is no name; the story's mentions read each owner once
    from storylens.annotate.attribution.names import NameIndex
    from storylens.compare.mentions import find_mentions
    from storylens.models import Article, Segment
    from storylens.text import MAX_NAME_RUN_WORDS

    lead = "Mayor Ana Varga said the pier would close. "
    text = lead + "A\u2019s " * 20_000 + "Her deputy, Piet Roos, agreed."
    a = Article(id="a", name="a", source=text, body=text, segments=[Segment(0, 0, len(text))])
    t = time.process_time()
    index = NameIndex(text)
    found = find_mentions(a)
    assert time.process_time() - t < 5.0
    assert {"Ana Varga", "Piet Roos"} <= {n for _s, _e, n in index.mentions}  # the names around it are read
    assert found[0].name == "Ana Varga" and found[-1].name == "Piet Roos"
    assert MAX_NAME_RUN_WORDS >= 2 * 18  # the longest run in PolNeAR's articles: an 18-word headline


def test_role_words_are_checked_against_the_names_by_bisection():
    # each "the president" was checked against every name found before it: quadratic in the names
    from storylens.compare.mentions import find_mentions
    from storylens.models import Article, Segment

    def mentions(n: int) -> None:
        text = "The council met on Monday. " + "Ana Varga and the president. " * n
        a = Article(id="a", name="a", source=text, body=text, segments=[Segment(0, 0, len(text))])
        found = find_mentions(a)
        assert len(found) == 2 * n and {m.kind for m in found} == {"person", "role"}

    t_small = _least_cpu(lambda: mentions(500), 3)
    t_big = _least_cpu(lambda: mentions(2500), 2)
    assert t_big < 10 * t_small + 0.05, (t_small, t_big)  # 5x the text; quadratic: 25x


def test_a_run_of_capitalised_stop_words_is_cut_once():
    # "A A A ...": the leading stop words of a capitalised run were dropped one copy of the run at a
    # time (the story's mentions and the index's entities): quadratic in the run
    from storylens.compare.mentions import find_mentions
    from storylens.index.features import entities
    from storylens.models import Article, Segment

    def read(n: int) -> None:
        text = "The council met on Monday. " + "A " * n + "Ana Varga spoke."
        a = Article(id="a", name="a", source=text, body=text, segments=[Segment(0, 0, len(text))])
        assert "ana varga" in entities(text)
        assert find_mentions(a)[-1].name == "Ana Varga"

    t_small = _least_cpu(lambda: read(4000), 3)
    t_big = _least_cpu(lambda: read(40000), 2)
    assert t_big < 25 * t_small + 0.1, (t_small, t_big)  # 10x the run; quadratic: 100x


def test_full_names_are_found_in_linear_time_in_a_run_of_hyphened_capitals():
    # "A-A-A-…": each capital after a hyphen read the rest of the run for a lower-case letter and gave
    # it back (60,000 characters: 45 s of `storylens analyze`, 10.7 s of it here)
    from storylens.compare.people import person_names

    def run(n: int) -> None:
        assert [p.text for p in person_names("Ana Varga met. " + "A-" * n + " Piet Varga left.")] \
            == ["Ana Varga", "Piet Varga"]

    small = _least_cpu(lambda: run(10_000), 3)
    large = _least_cpu(lambda: run(40_000), 3)
    assert large < 8 * max(small, 0.002) and large < 2.0  # linear: 4 times the text, about 4 times the time
