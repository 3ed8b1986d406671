"""Load benchmark of the web UI: 32 concurrent clients on the story page of
a synthetic 10,000-article store, over loopback only.

    .venv/bin/python benchmarks/bench_web_load.py [--articles 10000] [--clients 32] [--requests 3200]

Builds the store directly (``Store.save_document`` / ``save_links``, no NLP;
then the compare stage stores each story's comparison),
starts ``storylens serve`` on 127.0.0.1 in a subprocess, measures the first
(uncached) story page, then runs a bounded number of requests from
``--clients`` concurrent asyncio + httpx clients and prints p50/p95/p99
latency, throughput and errors, for the story page and, as the peer measured
in the same run, the cheapest page (``/api``). Target: story page p95 under
100 ms with no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storylens.index.journal import IndexRecords  # noqa: E402
from storylens.models import Article, CopyLink, RawDocument, Segment  # noqa: E402
from storylens.store import Store  # noqa: E402

WORDS = ("harbour board union strike night shift council minister budget river dam flood rain bank rate "
         "inflation growth port ship terminal contract wage family quay office vote report crowns "
         "million week talks deal court ruling police protest city valley farm frost blossom growers").split()
FIRST = "Ines Tomas Hanna Aurel Ilse Jana Matteo Sofie Rasmus Anselm Lena Piet Karla Oskar Vera".split()
LAST = "Calder Reyk Lodt Fenn Marrow Pell Rusk Andel Kjell Varde Brandt Holm Stahl Weiss Novak".split()
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build_store(path: Path, n_articles: int, story_size: int = 5, seed: int = 7) -> str:
    """A synthetic store; returns the id of the biggest story (12 articles)."""
    rng = random.Random(seed)
    store = Store(path)
    links: list[tuple[str, CopyLink]] = []
    stories = []
    names = [f"{f} {l}" for f in FIRST for l in LAST]
    i = 0
    sid_big = ""
    while i < n_articles:
        size = 12 if not stories else story_size
        sid = f"S{len(stories):05d}"
        sid_big = sid_big or sid
        docs, outlets, dates = [], set(), []
        speaker = rng.choice(names)
        said = _sentence(rng, 14)[:-1]
        for k in range(min(size, n_articles - i)):
            name = f"doc{i:05d}"
            outlet = rng.choice(OUTLETS)
            day = f"2025-{1 + (len(stories) // 200) % 12:02d}-{1 + len(stories) % 28:02d}"
            paras = [_sentence(rng, 24) for _ in range(6)]
            quote = said if k % 3 else said.replace(rng.choice(said.split()), rng.choice(WORDS), 1)
            qpara = f'"{quote}," {speaker} said on Tuesday.'
            paras.insert(2, qpara)
            title = f"Story {sid}: " + _sentence(rng, 6)[:-1]
            text = title + "\n\n" + "\n\n".join(paras) + "\n\nShare this article\n"
            raw = RawDocument(name=name, origin=f"{name}.txt", format="text", content=text)
            body_start = text.index(paras[0])
            qs = text.index(qpara) + 1
            quotes = [{"doc": name, "start": qs, "end": qs + len(quote), "text": quote, "kind": "direct",
                       "speaker": speaker, "speaker_start": qs + len(quote) + 2,
                       "speaker_end": qs + len(quote) + 2 + len(speaker), "cue": "said", "confidence": 0.9,
                       "sentence_start": qs - 1, "sentence_end": qs + len(qpara) - 1}]
            art = Article(id=raw.id, name=name, source=text, body=text[body_start:],
                          segments=[Segment(0, body_start, len(text) - body_start)], title=title,
                          published=day, outlet=outlet)
            store.save_document(raw, art, {"quotes": (1, quotes), "statements": (1, [])})
            rel = "original" if k == 0 or k % 4 else "near"
            links.append((raw.id, CopyLink(doc=name, story=sid, duplicate_of=None if rel == "original" else docs[0],
                                           relation=rel, similarity=None if rel == "original" else 0.91)))
            docs.append(name)
            outlets.add(outlet)
            dates.append(day)
            i += 1
        stories.append({"id": sid, "label": f"Story {sid}", "date_range": [min(dates), max(dates)], "docs": docs,
                        "originals": [d for d, (_, l) in zip(docs, links[-len(docs):]) if l.relation == "original"],
                        "copies": {}, "outlets": sorted(outlets), "independent_sources": len(outlets),
                        "markers": []})
    IndexRecords(store).save_all(links, stories, {})
    from storylens.compare.stored import refresh_comparisons

    refresh_comparisons(store)  # the comparisons the pages read (stored when stories change)
    store.fts_sync()
    store.close()
    return sid_big


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(url: str, clients: int, total: int) -> tuple[list[float], int]:
    import httpx

    lat: list[float] = []
    errors = 0
    per = total // clients
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def worker() -> None:
            nonlocal errors
            for _ in range(per):
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200 and len(r.content) > 0
                except httpx.HTTPError:
                    ok = False
                lat.append(time.perf_counter() - t)
                errors += 0 if ok else 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    return lat, errors


async def _load_raw(host: str, port: int, path: str, clients: int, total: int) -> tuple[list[float], int]:
    """The same closed loop with a minimal keep-alive HTTP/1.1 client on
    asyncio streams (far less client CPU than httpx on a busy machine)."""
    lat: list[float] = []
    errors = 0
    per = total // clients
    req = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n\r\n".encode()

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for _ in range(per):
                t = time.perf_counter()
                try:
                    writer.write(req)
                    head = await reader.readuntil(b"\r\n\r\n")
                    status = int(head.split(b" ", 2)[1])
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":", 1)[1])
                    body = await reader.readexactly(length)
                    ok = status == 200 and len(body) > 0
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    ok = False
                lat.append(time.perf_counter() - t)
                errors += 0 if ok else 1
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(clients)))
    return lat, errors


def _cpu(pid: int) -> float:
    """User+system CPU seconds used so far by a process (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def _report(name: str, lat: list[float], errors: int, wall: float) -> dict[str, float]:
    row = {"p50": _pct(lat, 50), "p95": _pct(lat, 95), "p99": _pct(lat, 99), "max": max(lat) * 1000,
           "rps": len(lat) / wall, "errors": errors, "n": len(lat)}
    print(f"{name:12} n={row['n']:5d}  p50 {row['p50']:6.1f} ms  p95 {row['p95']:6.1f} ms  p99 {row['p99']:6.1f} ms  "
          f"max {row['max']:6.1f} ms  {row['rps']:6.0f} req/s  errors {errors}")
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=3200, help="bounded total per page")
    ap.add_argument("--client", default="httpx,raw", help="load generators to run: httpx, raw or both")
    ap.add_argument("--db", help="reuse or keep this store file (built when missing)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="storylens-bench-")
    db = Path(args.db) if args.db else Path(tmp) / "bench.db"
    t = time.perf_counter()
    if db.exists():
        with Store(db) as s:
            sid = max(s.stories(), key=lambda x: len(x["docs"]))["id"]
    else:
        sid = build_store(db, args.articles)
        print(f"built a {args.articles}-article store in {time.perf_counter() - t:.1f}s: {db}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"  # loopback only
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "storylens", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    try:
        import httpx

        end = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > end or proc.poll() is not None:
                print("server did not start")
                return 1
            time.sleep(0.2)
        time.sleep(1.0)  # let the startup search-index check settle
        story = f"{base}/story/{sid}"
        t = time.perf_counter()
        r = httpx.get(story, timeout=120)
        cold = time.perf_counter() - t
        print(f"story {sid}: {len(r.content)} bytes; first (uncached) build {cold * 1000:.0f} ms, status {r.status_code}")
        t = time.perf_counter()
        httpx.get(story + ".json", timeout=120)
        print(f"its JSON twin, first request: {(time.perf_counter() - t) * 1000:.0f} ms")
        print(f"load avg before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        verdict = []
        for client in args.client.split(","):
            rows = {}
            for name, path in (("/api (peer)", "/api"), ("story page", f"/story/{sid}")):
                t, c0 = time.perf_counter(), _cpu(proc.pid)
                if client == "raw":
                    lat, errors = asyncio.run(_load_raw("127.0.0.1", port, path, args.clients, args.requests))
                else:
                    lat, errors = asyncio.run(_load(base + path, args.clients, args.requests))
                rows[name] = _report(f"{client}: {name}", lat, errors, time.perf_counter() - t)
                print(f"{'':14}server CPU {(_cpu(proc.pid) - c0) / len(lat) * 1000:.2f} ms per request")
            s, p = rows["story page"], rows["/api (peer)"]
            print(f"{client}: story page / peer: p50 x{s['p50'] / p['p50']:.2f}, p95 x{s['p95'] / p['p95']:.2f}")
            verdict.append(f"{client} client: {'MET' if s['p95'] < 100 and s['errors'] == 0 else 'MISSED'}"
                           f" (p95 {s['p95']:.1f} ms, {s['errors']} errors)")
        print(f"target p95 < 100 ms with no errors ({args.clients} clients): " + "; ".join(verdict))
        return 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
