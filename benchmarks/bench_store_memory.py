"""Memory of many store connections reading lists of ids: the store's query
shape (one JSON parameter, one SQL text whatever the count) against the
shape it replaced (one ``?`` per id, a new SQL text, and a new prepared
statement in each connection's cache, for each count), each in a process
of its own, as the web server's builder threads read: 16 threads, each
with its own connection, reading articles and annotations of 1 to 60 ids
and searching with 1 to 20 hits a page.

    .venv/bin/python benchmarks/bench_store_memory.py [--articles 2000] [--rounds 25] [--phases 6]

Prints the process's resident memory after each phase of ``--rounds``
rounds per thread, for both shapes. What grows from phase to phase is
held by the connections; the shape the store uses should stay flat.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storylens.models import Article, RawDocument, Segment  # noqa: E402
from storylens.store import Store  # noqa: E402
from storylens.store.sqlite import IN_LIST, fts_query, id_list  # noqa: E402

WORDS = "harbour strike council union river minister night budget board shift crane ferry toll".split()
THREADS = 16


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(db: Path, n: int) -> None:
    rng = random.Random(3)
    with Store(db) as s:
        for i in range(n):
            text = f"Report {i}.\n\n" + " ".join(rng.choice(WORDS) for _ in range(120)) + "."
            raw = RawDocument(name=f"a{i}", origin=f"a{i}.txt", format="text", content=text)
            s.save_document(raw, Article(id=raw.id, name=f"a{i}", source=text, body=text,
                                         segments=[Segment(0, 0, len(text))], title=f"Report {i}"),
                            {"quotes": (1, [])})
        s.fts_sync()


def placeholders(s: Store, ids: list[str]) -> None:
    """The replaced shape: one ``?`` per id."""
    marks = ",".join("?" * len(ids))
    list(s.conn.execute(f"SELECT id, data FROM articles WHERE id IN ({marks})", ids))
    list(s.conn.execute(f"SELECT doc, data FROM annotations WHERE kind=? AND doc IN ({marks})", ("quotes", *ids)))


def one_text(s: Store, ids: list[str]) -> None:
    """The store's shape (what ``articles_by_id`` and ``annotations`` run)."""
    list(s.conn.execute(f"SELECT id, data FROM articles WHERE id IN {IN_LIST}", (id_list(ids),)))
    list(s.conn.execute(f"SELECT doc, data FROM annotations WHERE kind=? AND doc IN {IN_LIST}",
                        ("quotes", id_list(ids))))


def run(db: Path, mode: str, rounds: int, phases: int) -> list[float]:
    read = placeholders if mode == "placeholders" else one_text
    with Store(db) as s:
        ids = [r["id"] for r in s.article_rows()]
    barrier = threading.Barrier(THREADS + 1)

    def work(k: int) -> None:
        s = Store(db)
        s.conn.execute("PRAGMA cache_size=-1024")  # as the web server's builder connections
        rng = random.Random(k)
        for _ in range(phases):
            for _ in range(rounds):
                read(s, rng.sample(ids, rng.randint(1, 60)))
                hits = rng.randint(1, 20)
                if mode == "placeholders":
                    got = [r[0] for r in s.conn.execute(
                        "SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT ?",
                        (fts_query(rng.choice(WORDS)), hits))]
                    if got:
                        marks = ",".join("?" * len(got))
                        list(s.conn.execute(
                            f"SELECT rowid, snippet(article_fts, -1, '[', ']', ' … ', 24) FROM article_fts"
                            f" WHERE article_fts MATCH ? AND rowid IN ({marks})", (fts_query("harbour"), *got)))
                else:
                    s.search(fts_query(rng.choice(WORDS)), limit=hits)
            barrier.wait()  # the phase is done
            barrier.wait()  # memory is read
        s.close()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    out = []
    for _ in range(phases):
        barrier.wait()
        time.sleep(0.5)
        out.append(rss_mb())
        barrier.wait()
    for t in threads:
        t.join()
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=25)
    ap.add_argument("--phases", type=int, default=6)
    ap.add_argument("--mode", choices=("one-text", "placeholders"), help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.mode:  # one side, in a process of its own
        print(json.dumps(run(a.db, a.mode, a.rounds, a.phases)))
        return 0
    with tempfile.TemporaryDirectory(prefix="storylens-stmt-") as tmp:
        db = Path(tmp) / "m.db"
        build(db, a.articles)
        for mode in ("one-text", "placeholders"):
            got = subprocess.run([sys.executable, __file__, "--mode", mode, "--db", str(db), "--rounds",
                                  str(a.rounds), "--phases", str(a.phases)], capture_output=True, text=True,
                                 check=True)
            mb = json.loads(got.stdout.strip().splitlines()[-1])
            print(f"{mode:12} RSS after each {a.rounds} rounds x {THREADS} threads: "
                  + ", ".join(f"{m:.1f}" for m in mb) + f" MB (first to last {mb[-1] - mb[0]:+.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
