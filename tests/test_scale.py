"""The corpus-scale run (storylens.scale): its parts on small invented data,
and whole runs on a Dask cluster against the single-process run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from storylens.ingest import IngestOptions, ingest
from storylens.models import Article
from storylens.scale.copies import run_pairs
from storylens.scale.features import link_features, order_key
from storylens.scale.sources import Shard, iter_shards, read_shard
from storylens.scale.windows import plan_windows

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"


def test_run_pairs_is_every_ordered_pair_of_equal_keys():
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 6, size=60).astype(np.uint64)
    g = rng.permutation(1000)[:60].astype(np.int64)
    a, b, k = run_pairs(keys, g)
    got = sorted(zip(a.tolist(), b.tolist(), strict=True))
    want = sorted((int(g[i]), int(g[j])) for i in range(60) for j in range(60)
                  if keys[i] == keys[j] and g[i] < g[j])
    assert got == want and all(keys[g.tolist().index(x)] == kk for x, kk in zip(a.tolist(), k.tolist(), strict=True))
    # with first=2, only the two earliest of each key pair with the later ones
    a2, b2, _ = run_pairs(keys, g, first=2)
    firsts = {int(v): sorted(int(x) for x, kk in zip(g, keys, strict=True) if kk == v)[:2] for v in set(keys.tolist())}
    assert sorted(zip(a2.tolist(), b2.tolist(), strict=True)) == sorted(
        (x, y) for x, y in want if x in firsts[int(keys[g.tolist().index(x)])])


def test_jsonl_shards_keep_line_origins_and_folder_batches(tmp_path):
    recs = [{"id": f"r{i}", "text": f"Harbour note number {i} about the ferry timetable and the tides."}
            for i in range(40)]
    recs[7] = "not json"
    lines = [json.dumps(r) if isinstance(r, dict) else r for r in recs]
    big = tmp_path / "feed.jsonl"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shards = list(iter_shards([big], partition_docs=5, chunk_bytes=300))
    assert len(shards) > 3 and all(s.kind == "jsonl" for s in shards)
    got = [(d.name, d.origin) for s in shards for d in read_shard(s, IngestOptions())]
    want = [(d.name, d.origin) for d in ingest([big], IngestOptions())]
    assert got == want and ("feed#8", f"{big}#8") in got  # the bad line is a rejection named by its line
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(7):
        (folder / f"n{i}.txt").write_text(f"The quay at berth {i} reopened on Tuesday after the storm passed.")
    (folder / ".hidden.txt").write_text("skip me")
    batches = list(iter_shards([folder], partition_docs=3))
    assert [len(s.items) for s in batches] == [3, 3, 1]
    assert [len(s.items) for s in iter_shards([folder], partition_docs=100, chunk_bytes=100)] == [2, 2, 2, 1]
    assert Shard("paths", ("a",)).key == Shard("paths", ("a",)).key != Shard("paths", ("b",)).key
    assert list(iter_shards([str(folder / "n[0-1].txt")], partition_docs=10))[0].items  # a glob expands


def test_order_key_sorts_as_the_index_adds():
    pairs = [("2024-03-01", "b"), ("2024-03-01T09:00:00Z", "a"), (None, "a"), ("2024-02-28", "z"), ("2024-03-01", "a")]
    assert sorted(pairs, key=lambda p: (p[0] or "9999", p[1])) == sorted(pairs, key=lambda p: order_key(*p))


def test_link_features_match_the_copy_index():
    from storylens.index.copies import CopyIndex

    body = ("Port workers walked out at dawn, the union said, and \"we will not move\" was their cry. " * 6).strip()
    a = Article(id="x", name="x", source=body, body=body, published="2024-05-02")
    f = link_features(a)
    idx = CopyIndex()
    idx.add(a)
    assert np.array_equal(np.frombuffer(f.sig, dtype=np.uint32), idx.mh.signature(0))
    assert f.date == "2024-05-02" and f.nsh > 0 and len(f.bands) == 8 * idx.mh.num_bands


def test_windows_hold_about_the_asked_number_of_articles():
    dates = {f"2024-01-{d:02d}": 10 for d in range(1, 31)} | {"": 4}
    plan = plan_windows(dates, window_docs=50, margin_days=3)
    assert len(plan) == 6 and plan.window_of("") == 5 and plan.window_of("2024-01-06") == 1
    assert plan.margin_lo(1) == "2024-01-03" and plan.margin_windows(1) == [0]


def test_windows_are_cut_in_a_lull_not_inside_a_burst():
    """A burst of 300 articles on 3 days where the size rule alone would cut
    (inside it): the cut moves to the burst's first day, and the next window's
    margin does not hold the burst. Without a burst the size rule stands."""
    days = [(dt.date(2024, 1, 1) + dt.timedelta(days=d)).isoformat() for d in range(120)]
    plain = {d: 10 for d in days}
    assert plan_windows(plain, window_docs=400, margin_days=5).starts == ["2024-01-01", "2024-02-10", "2024-03-21"]
    bursty = dict(plain)
    for d in ("2024-02-04", "2024-02-05", "2024-02-06"):
        bursty[d] += 100
    plan = plan_windows(bursty, window_docs=400, margin_days=5)
    assert plan.starts == ["2024-01-01", "2024-02-04", "2024-02-14", "2024-03-25"]
    assert {plan.window_of(d) for d in ("2024-02-04", "2024-02-05", "2024-02-06")} == {1}
    assert plan.margin_lo(2) > "2024-02-06"
    sizes = [sum(n for d, n in bursty.items() if plan.window_of(d) == w) for w in range(len(plan))]
    assert sizes == [340, 400, 400, 360]


def test_speaker_aliases_equal_canonicalize(tmp_path):
    """The map-reduce of name evidence gives canonicalize's alias map."""
    from storylens import api
    from storylens.annotate.attribution.corpus_names import canonicalize
    from storylens.models import Quote
    from storylens.scale.names import NameStats, alias_map
    from storylens.settings import Settings

    with api.open_store(tmp_path / "s.db") as store:
        api.analyze_documents([EXAMPLES], store, Settings(progress=False))
        arts = store.articles()
        stored = {a.name: store.annotation(a.id, "quotes") or [] for a in arts}
    halves = [NameStats(), NameStats()]
    for i, a in enumerate(arts):
        halves[i % 2].add(a, stored[a.name])
    mine = alias_map(halves[0].merge(halves[1]))
    want = canonicalize({k: [Quote(**q) for q in v] for k, v in stored.items()}, {a.name: a for a in arts})
    assert mine == want and mine  # the example corpus has surnames to resolve


def _dossier(out: Path) -> dict:
    d = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    d.pop("created")
    return d


@pytest.mark.slow
def test_example_corpus_same_result_on_a_local_cluster(tmp_path):
    """Same store and dossier as one process; with windows of six articles
    (the overlaps reconciled) the same stories, copies and labels too."""
    from storylens import api
    from storylens.settings import Settings
    from storylens.store import Store

    local = Settings(db=str(tmp_path / "one.db"), out=str(tmp_path / "one"), progress=False)
    api.analyze([EXAMPLES], settings=local)
    scaled = local.replace(db=str(tmp_path / "two.db"), out=str(tmp_path / "two"), scheduler="local", workers=2,
                           partition_docs=4)
    report = api.analyze([EXAMPLES], settings=scaled)
    assert report.analyzed == 16 and report.outputs
    assert Store(local.db).dump() == Store(scaled.db).dump()
    assert _dossier(tmp_path / "one") == _dossier(tmp_path / "two")
    assert (tmp_path / "two" / "parquet" / "links").is_dir()
    windowed = scaled.replace(db=str(tmp_path / "three.db"), out=str(tmp_path / "three"), window_docs=6,
                              window_margin_days=30)
    api.analyze([EXAMPLES], settings=windowed)
    assert len(list((tmp_path / "three" / "parquet" / "windows").glob("*.parquet"))) >= 3
    assert Store(local.db).dump() == Store(windowed.db).dump()
