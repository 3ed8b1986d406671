"""The fuzzing harness: seeded documents (:mod:`fuzz_docs`) through ingest,
extract, annotate (quotes and speakers, reported speech, numbers, dates) and
compare, with checks after each step.

A *failure* is any exception that escapes a stage, an ``internal error``
rejection (a bug caught by the pipeline's safety net), a comparison section
left out because it raised, a span outside its text, or a document over its
time budget. :func:`run_fuzz` returns a :class:`FuzzReport` with each
failure's seed, index and reason, so that it can be reproduced alone with
:func:`reproduce`.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fuzz_docs import gen_container, gen_doc

from storylens.annotate.attribution.finder import finder_for
from storylens.annotate.attribution.reported import statements_from_finder
from storylens.annotate.dates import find_dates
from storylens.annotate.numbers import extract_numbers
from storylens.compare.story import compare_story
from storylens.extract import extract
from storylens.ingest import IngestOptions, ingest
from storylens.models import Article, Quote, RawDocument, Rejection

STORY_SIZE = 3  # documents compared together
CONTAINER_EVERY = 25  # one malformed container file per this many documents


@dataclass
class FuzzReport:
    seed: int
    documents: int = 0  # generated documents taken through the pipeline
    containers: int = 0  # malformed container files ingested
    from_containers: int = 0  # documents those files yielded
    rejected: int = 0  # documents rejected with a reason (fine)
    stories: int = 0  # groups compared
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # CPU time of the processes that ran the documents (the machine's load left out)
    workers: int = 1
    slowest: tuple[float, str] = (0.0, "")
    peak_rss_mb: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"seed {self.seed}: {self.documents} documents (+{self.from_containers} from {self.containers} "
                f"container files), {self.rejected} rejected with a reason, {self.stories} stories compared, "
                f"{len(self.failures)} failures in {self.seconds:.1f} s ({self.documents / max(self.seconds, 1e-9):.0f}"
                f" docs/s; {self.cpu_seconds:.1f} CPU s in {self.workers} processes); slowest document "
                f"{self.slowest[0]:.2f} s ({self.slowest[1]}); peak RSS {self.peak_rss_mb:.0f} MB")


def _span_ok(s: Any, e: Any, n: int) -> bool:
    if s is None and e is None:
        return True
    return isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= n


def check_article(a: Article) -> list[str]:
    n = len(a.source)
    bad = []
    for seg in a.segments:
        if not (0 <= seg.source_start <= seg.source_start + seg.length <= n
                and 0 <= seg.body_start <= seg.body_start + seg.length <= len(a.body)):
            bad.append(f"segment {seg} outside a text of {n} (body {len(a.body)})")
        elif a.body[seg.body_start:seg.body_start + seg.length] != a.source[seg.source_start:
                                                                           seg.source_start + seg.length]:
            bad.append(f"segment {seg}: body and source differ")
    for r in a.removed:
        if not _span_ok(r.start, r.end, n):
            bad.append(f"removed span {r.start}..{r.end} outside a text of {n}")
    if a.title_span is not None and not _span_ok(a.title_span.start, a.title_span.end, n):
        bad.append(f"title span {a.title_span} outside a text of {n}")
    return bad


def check_quotes(a: Article, quotes: Iterable[Quote]) -> list[str]:
    n, bad = len(a.source), []
    for q in quotes:
        for what, s, e in (("quote", q.start, q.end), ("speaker", q.speaker_start, q.speaker_end),
                           ("sentence", q.sentence_start, q.sentence_end)):
            if not _span_ok(s, e, n):
                bad.append(f"{what} span {s}..{e} outside a text of {n}")
        if q.text != a.source[q.start:q.end]:
            bad.append(f"quote text is not the text at {q.start}..{q.end}")
    return bad


def _spans_in(obj: Any, lengths: dict[str, int], path: str = "") -> Iterable[str]:
    """Every ``{doc, start, end}`` found anywhere in a comparison's JSON, checked against its article."""
    if isinstance(obj, dict):
        doc = obj.get("doc")
        if isinstance(doc, str) and "start" in obj and "end" in obj:
            n = lengths.get(doc)
            if n is None:
                yield f"{path}: a span names {doc!r}, not an article of the story"
            elif not _span_ok(obj["start"], obj["end"], n):
                yield f"{path}: span {obj['start']}..{obj['end']} outside {doc} ({n} chars)"
        for k, v in obj.items():
            yield from _spans_in(v, lengths, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _spans_in(v, lengths, f"{path}[{i}]")


def annotate(a: Article, parse: bool) -> list[Quote]:
    """Quotes, reported speech, numbers and dates of one article, spans checked (raises on a bad span)."""
    qf = finder_for(a)
    qf.use_parser = parse
    quotes = qf.run()
    statements = statements_from_finder(qf)
    bad = check_quotes(a, quotes)
    n = len(a.source)
    bad += [f"statement span {s.start}..{s.end}" for s in statements if not _span_ok(s.start, s.end, n)]
    bad += [f"number span {m.start}..{m.end}" for m in extract_numbers(a) if not _span_ok(m.start, m.end, n)]
    bad += [f"date span {d.start}..{d.end}" for d in find_dates(a.source, a.published)
            if not _span_ok(d.start, d.end, n)]
    if bad:
        raise AssertionError("; ".join(bad[:5]))
    return quotes


class Runner:
    """Takes documents through the stages and records what went wrong."""

    def __init__(self, report: FuzzReport, doc_budget: float, echo: bool = False):
        self.report = report
        self.doc_budget = doc_budget
        self.echo = echo  # say each failure on stderr as it happens (a long run's)
        self.story: list[tuple[Article, list[Quote]]] = []

    def fail(self, index: int, stage: str, reason: str) -> None:
        self.report.failures.append({"seed": self.report.seed, "index": index, "stage": stage, "reason": reason[:800]})
        if self.echo:
            print(f"FAILURE seed {self.report.seed} index {index} [{stage}]: {reason[:800]}", file=sys.stderr,
                  flush=True)

    def document(self, raw: RawDocument, index: int, parse: bool) -> None:
        t = time.perf_counter()
        stage = "extract"
        try:
            article = extract(raw)
            bad = check_article(article)
            if bad:
                raise AssertionError("; ".join(bad[:5]))
            stage = "annotate"
            quotes = annotate(article, parse)
        except Exception as exc:
            if getattr(exc, "message", None) is not None and not isinstance(exc, AssertionError):
                self.report.rejected += 1  # a StorylensError: rejected with a reason, as designed
            else:
                self.fail(index, stage, f"{raw.name}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")
            return
        finally:
            took = time.perf_counter() - t
            if took > self.report.slowest[0]:
                self.report.slowest = (took, raw.name)
            if took > self.doc_budget:
                self.fail(index, "budget", f"{raw.name}: {took:.1f} s (budget {self.doc_budget:g} s)")
        self.story.append((article, quotes))
        if len(self.story) >= STORY_SIZE:
            self.compare(index)

    def compare(self, index: int) -> None:
        group, self.story = self.story, []
        names: set[str] = set()
        arts = []
        for a, _ in group:
            if a.name not in names:
                names.add(a.name)
                arts.append(a)
        quotes = {a.name: qs for a, qs in group}
        try:
            comp = compare_story(arts, quotes)
        except Exception as exc:
            self.fail(index, "compare", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")
            return
        self.report.stories += 1
        for x in comp.left_out:
            self.fail(index, "compare", f"section {x['section']} failed: {x['reason']}")
        lengths = {a.name: len(a.source) for a in arts}
        bad = list(_spans_in(comp.to_json(), lengths))
        if bad:
            self.fail(index, "compare", "; ".join(bad[:5]))

    def container(self, path: Path, index: int, parse: bool) -> None:
        try:
            items = list(ingest([path], IngestOptions(max_bytes=2 << 20)))
        except Exception as exc:
            self.fail(index, "ingest", f"{path.name}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")
            return
        self.report.containers += 1
        for k, item in enumerate(items):
            if isinstance(item, Rejection):
                if item.reason.startswith("internal error"):
                    self.fail(index, "ingest", f"{path.name}: {item.reason}")
                continue
            self.report.from_containers += 1
            self.document(item, index * 1000 + k, parse)


def _run_part(n: int, seed: int, part: int, parts: int, seconds: float | None, doc_budget: float,
              parse_every: int, progress: int = 0, first: int = 0) -> FuzzReport:
    """Documents ``first + part, first + part + parts, ...`` below ``n`` (one process's share)."""
    from storylens.annotate.attribution.parse_rules import DependencySpeakers

    DependencySpeakers("")._load()  # the parser's one-off loading is not a document's time
    report = FuzzReport(seed=seed)
    runner = Runner(report, doc_budget, echo=bool(progress))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="storylens-fuzz-") as tmp:
        folder = Path(tmp)
        for i in range(first + part, n, parts):
            if seconds is not None and time.perf_counter() - t0 > seconds:
                break
            rng = random.Random(f"{seed}:{i}")
            parse = i % parse_every == 0
            try:
                doc = gen_doc(rng, i)
            except Exception as exc:  # the generator's own fault: a failure to fix, and the run goes on
                runner.fail(i, "generate", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")
                continue
            runner.document(doc, i, parse)
            report.documents += 1
            if i % CONTAINER_EVERY == CONTAINER_EVERY - 1:
                try:
                    path = gen_container(rng, folder, i)
                except Exception as exc:
                    runner.fail(i, "generate", f"container: {type(exc).__name__}: {exc}\n"
                                f"{traceback.format_exc(limit=4)}")
                    continue
                runner.container(path, i, parse)
                path.unlink()
            if progress and report.documents % progress == 0:
                print(f"part {part}: {report.documents} documents, {len(report.failures)} failures, "
                      f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        if runner.story:
            runner.compare(n)
    report.seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report.peak_rss_mb = usage.ru_maxrss / 1024
    report.cpu_seconds = usage.ru_utime + usage.ru_stime
    return report


def run_fuzz(n: int, seed: int = 18, *, seconds: float | None = None, doc_budget: float = 10.0,
             parse_every: int = 10, workers: int = 1, progress: int = 0, first: int = 0) -> FuzzReport:
    """Take ``n`` generated documents (and a malformed container file every
    :data:`CONTAINER_EVERY`) through the pipeline, in ``workers`` processes,
    stopping early after ``seconds``. Every ``parse_every``-th document is
    also given the dependency parser (the rest keep to the rules, for
    speed). The documents are the same whatever ``workers`` is. With
    ``progress``, each process says on stderr how far it got every
    ``progress`` documents, and each failure as it happens. A document the
    generator itself fails to make is a failure of stage ``generate``, and
    the run goes on. With ``first``, the run takes documents ``first`` to
    ``n - 1`` only: document ``i`` of a seed is the same in every run, so
    runs over ``[0, a)`` and ``[a, n)`` take the documents of one run over
    ``[0, n)`` (the stories compared differ only where the runs meet)."""
    t0 = time.perf_counter()
    args = [(n, seed, k, workers, seconds, doc_budget, parse_every, progress, first) for k in range(workers)]
    if workers == 1:
        parts = [_run_part(*args[0])]
    else:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            parts = pool.starmap(_run_part, args)
    report = FuzzReport(seed=seed, workers=workers)
    for p in parts:
        for k in ("documents", "containers", "from_containers", "rejected", "stories", "cpu_seconds"):
            setattr(report, k, getattr(report, k) + getattr(p, k))
        report.failures += p.failures
        report.slowest = max(report.slowest, p.slowest)
        report.peak_rss_mb = max(report.peak_rss_mb, p.peak_rss_mb)
    report.seconds = time.perf_counter() - t0
    return report


def reproduce(seed: int, index: int) -> RawDocument:
    """The document ``index`` of run ``seed`` (to replay a failure alone)."""
    return gen_doc(random.Random(f"{seed}:{index}"), index)


def report_json(r: FuzzReport) -> dict[str, Any]:
    return asdict(r)
