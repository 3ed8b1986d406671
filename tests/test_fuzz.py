"""Fuzzing: seeded random and adversarial documents through ingest, extract,
annotate and compare (:mod:`fuzz_run`, :mod:`fuzz_docs`), and the failures
it found, each kept as a test of its own.

The run's size and seed can be changed with ``STORYLENS_FUZZ_N`` and
``STORYLENS_FUZZ_SEED``; a failure names its seed and index, and
``fuzz_run.reproduce(seed, index)`` gives the document back.
"""

from __future__ import annotations

import json
import os
import random
import time

import pytest
from fuzz_docs import gen_container
from fuzz_run import run_fuzz
from scaling import assert_subquadratic

from storylens.annotate.dates import find_dates
from storylens.annotate.numbers import numbers_in_text
from storylens.ingest import ingest
from storylens.models import RawDocument, Rejection

N = int(os.environ.get("STORYLENS_FUZZ_N", "10000"))
SEED = int(os.environ.get("STORYLENS_FUZZ_SEED", "18"))


@pytest.mark.slow
def test_ten_thousand_generated_documents_fail_nowhere():
    workers = max(1, min(4, os.cpu_count() or 1))
    report = run_fuzz(N, SEED, workers=workers, doc_budget=10.0)
    print(report.summary())
    assert report.documents == N
    assert report.stories >= N // 4 and report.containers >= N // 30  # it really compared and ingested
    assert report.failures == [], json.dumps(report.failures[:5], indent=1)
    assert report.peak_rss_mb < 1024
    # The target is two minutes on the run's own cores, measured by
    # benchmarks/bench_fuzz.py (67.8 s here). This is a guard against a
    # broad slow-down, not the measurement: the shared CI machine has shown
    # twice this machine's CPU time for the same run (247.6 s in 2 processes).
    assert report.cpu_seconds / workers < 240, report.summary()
    assert report.seconds < 900, report.summary()


def test_the_generator_makes_every_container_it_is_asked_for(tmp_path):
    # an entity-bomb feed whose items held lone surrogates was encoded strictly and
    # stopped a long run after 15 minutes; such bytes are input to feed in, not an error
    for i in range(2000):
        path = gen_container(random.Random(f"19:{i}"), tmp_path, i)
        assert path.is_file()
        path.unlink()


def test_a_small_run_is_the_same_whatever_the_processes():
    one, two = run_fuzz(60, 7), run_fuzz(60, 7, workers=2)
    assert one.failures == two.failures == []
    assert (one.documents, one.from_containers, one.rejected) == (two.documents, two.from_containers, two.rejected)
    # stories are each process's batches of documents, the last one flushed when the process ends: two
    # processes may close one batch more than one process does
    assert 0 <= two.stories - one.stories <= 1


def test_a_run_taken_in_two_parts_takes_the_same_documents():
    whole = run_fuzz(60, 7)
    head, tail = run_fuzz(25, 7), run_fuzz(60, 7, first=25)
    assert (head.documents, tail.documents) == (25, 35)
    assert head.failures == tail.failures == []
    assert head.rejected + tail.rejected == whole.rejected  # the same documents, rejected alike
    assert head.containers + tail.containers == whole.containers == 2


# -- what the fuzzing found, kept -------------------------------------------------------
def test_a_lone_surrogate_escape_in_jsonl_is_replaced_and_said(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text('{"id": "s1", "title": "Dam \\ud800", "text": "Harbour strike\\n\\nThe union said \\udc00 it '
                 'will not budge on Tuesday and the board agreed to talks."}\n', encoding="utf-8")
    (doc,) = list(ingest([f]))
    assert isinstance(doc, RawDocument)
    assert "\ufffd" in doc.content and "\ufffd" in doc.meta["title"]
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in doc.content + doc.meta["title"])
    assert "lone surrogate" in doc.meta["warnings"][0]


def test_a_document_that_cannot_be_stored_is_rejected_and_the_run_goes_on(tmp_path):
    from storylens.pipeline import analyze_documents
    from storylens.settings import Settings
    from storylens.store import Store

    class Boom(Store):
        def save_document(self, raw, article, annots):
            if raw.name == "bad":
                raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
            return super().save_document(raw, article, annots)

    d = tmp_path / "in"
    d.mkdir()
    for name in ("bad", "good"):
        (d / f"{name}.txt").write_text(f"The {name} harbour\n\nThe harbour board met on Tuesday and voted to add "
                                       "night shifts at the container terminal.\n", encoding="utf-8")
    store = Boom(":memory:")
    report = analyze_documents([d], store, Settings(db=":memory:", progress=False))
    assert report.analyzed == 1 and report.rejected == 1
    assert "could not be stored" in report.rejections[0]["reason"]


def test_a_feed_declaring_entities_is_refused_without_expanding_them(tmp_path):
    lol = "".join(f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "lol") * 10}">' for i in range(9))
    f = tmp_path / "bomb.rss"
    f.write_text(f'<?xml version="1.0"?><!DOCTYPE r [{lol}]><rss version="2.0"><channel><title>&l8;</title>'
                 "<item><title>x</title><description>y</description></item></channel></rss>", encoding="utf-8")
    t = time.perf_counter()
    (rej,) = list(ingest([f]))
    assert isinstance(rej, Rejection) and "entities" in rej.reason
    assert time.perf_counter() - t < 10  # about 0.05 s; expanding the 10^9 "lol"s would take minutes


def test_a_date_past_the_calendar_end_is_skipped_not_raised():
    found = find_dates("The port reopens next Monday and closes on 31 December 9999.", "9999-12-31")
    assert all(d.start < d.end for d in found)


def test_a_long_run_of_digits_is_read_in_linear_time():
    # it was quadratic: 1.5 s at 3,200 digits
    assert_subquadratic(lambda n: numbers_in_text("It cost " + "9" * (5 * n) + " crowns and 12% of "
                                                  + "1," * (2 * n) + "0 dollars."), 2_500)


def test_many_numbers_and_dates_are_found_in_linear_time():
    # it was quadratic: 30 s for 8,000 sentences (each find checked against every one before)
    def run(n: int) -> None:
        text = " ".join("They built 5 ships and 7 boats on 3 March 2025." for _ in range(n))
        assert len(numbers_in_text(text)) == 2 * n
        assert len(find_dates(text, "2025-03-04")) == n

    assert_subquadratic(run, 500)


@pytest.mark.parametrize("text", ['The city. ``We stay"', "The city. \"We stay''", "The city. ``We stay'' now"])
def test_a_quotation_closed_by_a_mark_of_another_width_keeps_its_spans_inside_the_text(text):
    # found at seed 18, index 96905: a `` closed by a plain " was taken to end two
    # characters past the mark, and the last sentence ran past the end of the text
    from storylens.annotate.attribution.finder import QuoteFinder
    from storylens.annotate.attribution.marks import scan_quotes

    source = "Harbour\n\n" + text
    (region,) = scan_quotes(source)
    close = source.rindex('"') if text.endswith('"') else source.rindex("''")
    assert region.mark_end == close + (1 if text.endswith('"') else 2)
    (q,) = QuoteFinder(source, "x", use_parser=False).run()
    assert q.text == "We stay" == source[q.start:q.end]
    assert 0 <= q.sentence_start < q.sentence_end <= len(source)
