"""Soak test: ``storylens serve --watch`` on a folder that receives articles
for ``--minutes`` while ``--clients`` clients read pages and search.

    .venv/bin/python benchmarks/bench_soak.py [--minutes 30] [--clients 32] [--every 2] [--base 2000]

The store starts with ``--base`` generated articles (stories of about five,
each with its own place, people and words; through the real pipeline,
comparisons stored); the same seeded generator then writes one new article
(a few paragraphs with quotations and figures, joining a story of the base
or one of its own) into the watched folder every ``--every`` seconds. The clients
(keep-alive HTTP/1.1 on asyncio streams, over loopback; they accept gzip as
browsers do, and read each body without decoding it) loop over the
overview, the story list, story pages, article pages, the people page and
searches (mostly for a story's place or person, sometimes for two common
words). Printed: p50/p95/p99 per minute, errors, the server's and its job
process's resident memory over time (growth from the end of the first minute
to the end), the jobs, and the check that every dropped article was analyzed
exactly once (each file name in exactly one finished job, analyzed there, and
stored once). Targets: 0 errors, p95 < 100 ms in every minute, memory growth
< 10 %, every article analyzed once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_web_load import WORDS, _free_port, _pct  # noqa: E402

SYLLABLES = "ka ve lo ri sa tu mer dan fol gri hes ion par qua bel nor vik zem".split()


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def story_words(k: int) -> tuple[str, list[str], list[str]]:
    """What makes story ``k`` its own: a place, two people and a few words."""
    rng = random.Random(f"story{k}")
    return _name(rng), [f"{_name(rng)} {_name(rng)}" for _ in range(2)], [_name(rng).lower() for _ in range(4)]


def article(rng: random.Random, i: int, story: int) -> str:
    place, people, words = story_words(story)

    def filler(n: int) -> str:
        return " ".join(rng.choice(WORDS + words) for _ in range(n))

    paras = [f"{place} {filler(6)}".capitalize()]
    for _ in range(rng.randint(3, 6)):
        said = filler(rng.randint(6, 14)).capitalize()
        paras.append(f"\u201c{said},\u201d {rng.choice(people)} said in {place} on "
                     f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}.")
        paras.append(f"{filler(rng.randint(15, 30)).capitalize()} in {place}, about {rng.randint(2, 90)} million "
                     "crowns.")
    return "\n\n".join(paras) + f"\n\nReport number {i}.\n"


def build_base(db: Path, folder: Path, n: int) -> None:
    """``n`` articles in stories of about five, through the real pipeline."""
    from storylens.compare.stored import refresh_comparisons
    from storylens.index.linker import link_store
    from storylens.pipeline import analyze_documents
    from storylens.settings import Settings
    from storylens.store import Store

    rng = random.Random(7)
    folder.mkdir()
    for i in range(n):
        (folder / f"base{i:05d}.txt").write_text(article(rng, i, i // 5), encoding="utf-8")
    settings = Settings(db=str(db), progress=False)
    with Store(db) as store:
        analyze_documents([folder], store, settings)
        link_store(store)
        refresh_comparisons(store, settings)
        store.fts_sync()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def rss_by_mapping(pid: int) -> dict[str, float]:
    """A process's resident MB by the kind of mapping holding it: ``heap``
    (the brk heap), ``anon`` (anonymous maps: malloc's thread arenas, large
    allocations, SQLite's and Python's own), ``stack`` and ``file`` (code
    and data files)."""
    out: dict[str, float] = {}
    kind = "anon"
    try:
        for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
            head = line.split()
            if head and "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                name = head[5] if len(head) > 5 else ""
                kind = ("heap" if name == "[heap]" else "stack" if name.startswith("[stack")
                        else "anon" if not name or name.startswith("[anon") else "file" if name.startswith("/")
                        else "other")
            elif head and head[0] == "Rss:":
                out[kind] = out.get(kind, 0.0) + int(head[1]) / 1024
    except OSError:
        pass
    return out


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds a process has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def child_pids(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


class Soak:
    def __init__(self, port: int, server: subprocess.Popen, inbox: Path, seconds: float, every: float, base: int):
        self.port, self.server, self.inbox, self.base = port, server, inbox, base
        self.seconds, self.every = seconds, every
        self.t0 = time.monotonic()
        self.lat: list[tuple[float, float, str]] = []  # (time since start, seconds, kind)
        self.errors: list[tuple[float, str]] = []
        self.mem: list[tuple[float, float, float]] = []  # (t, server MB, job process MB)
        self.maps: list[tuple[float, dict[str, float]]] = []  # (t, server RSS MB by kind of mapping)
        self.client_cpu = 0.0  # CPU seconds of this process (the clients) over the soak
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds at its last reading (server and job process)
        self.dropped: list[str] = []
        self.jobs: dict[str, dict] = {}
        self.stories: list[str] = []
        self.articles: list[str] = []
        self.stop = threading.Event()

    # -- what the clients ask for ---------------------------------------------------
    def path(self, rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.35 and self.stories:
            return f"/story/{rng.choice(self.stories)}", "story"
        if r < 0.55 and self.articles:
            return f"/article/{rng.choice(self.articles)}", "article"
        if r < 0.75:  # mostly a story's own place or person, as a reader would look one up; sometimes common words
            if rng.random() < 0.7 and self.base:
                place, people, _ = story_words(rng.randrange(self.base // 5))
                return f"/search?q={rng.choice([place, *people]).replace(' ', '+')}", "search"
            return f"/search?q={rng.choice(WORDS)}+{rng.choice(WORDS)}", "search"
        if r < 0.85:
            return "/stories", "stories"
        if r < 0.95:
            return "/", "overview"
        return "/people", "people"

    async def client(self, k: int) -> None:
        rng = random.Random(k)
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            while not self.stop.is_set():
                path, kind = self.path(rng)
                req = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: */*\r\n"
                       "Accept-Encoding: gzip, deflate, br\r\n\r\n").encode()
                t = time.perf_counter()
                try:
                    writer.write(req)
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 60)
                    status = int(head.split(b" ", 2)[1])
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":", 1)[1])
                    await asyncio.wait_for(reader.readexactly(length), 60)
                    if status != 200:
                        self.errors.append((time.monotonic() - self.t0, f"{status} {path}"))
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    self.errors.append((time.monotonic() - self.t0, f"{type(exc).__name__} {path}"))
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                self.lat.append((time.monotonic() - self.t0, time.perf_counter() - t, kind))
        finally:
            writer.close()

    # -- the background: dropping articles, watching jobs, memory and the page lists ----
    def dropper(self) -> None:
        rng = random.Random(18)
        i = 0
        while self.every > 0 and not self.stop.is_set() and time.monotonic() - self.t0 < self.seconds:
            name = f"soak{i:05d}.txt"
            tmp = self.inbox / f".{name}.part"  # hidden while written, then renamed in
            # half join a story of the base, half start or continue stories of their own
            story = rng.randrange(self.base // 5) if rng.random() < 0.5 and self.base else 100_000 + i // 3
            tmp.write_text(article(rng, i, story), encoding="utf-8")
            tmp.rename(self.inbox / name)
            self.dropped.append(name)
            i += 1
            self.stop.wait(self.every)

    def watcher(self) -> None:
        import httpx

        base = f"http://127.0.0.1:{self.port}"
        n = 0
        while not self.stop.is_set():
            try:
                for j in httpx.get(base + "/add.json", timeout=30).json()["jobs"]:
                    self.jobs[j["id"]] = j
                if n % 6 == 0:
                    self.stories = [s["id"] for s in httpx.get(base + "/stories.json", timeout=30).json()["stories"]]
                    got = httpx.get(base + "/search.json", params={"q": "report number"}, timeout=30).json()
                    self.articles = [r["name"] for r in got["results"]] or self.articles
                kids = child_pids(self.server.pid)
                for pid in (self.server.pid, *kids):
                    self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_s(pid))
                now = time.monotonic() - self.t0
                if not self.maps or (now >= 60 and self.maps[-1][0] < 60) or now - self.maps[-1][0] >= 300:
                    self.maps.append((now, rss_by_mapping(self.server.pid)))
                self.mem.append((time.monotonic() - self.t0, rss_mb(self.server.pid),
                                 sum(rss_mb(k) for k in kids)))
            except Exception as exc:  # noqa: BLE001 - a failed poll is reported, not fatal
                self.errors.append((time.monotonic() - self.t0, f"monitor: {type(exc).__name__}"))
            n += 1
            self.stop.wait(5)


def per_minute(lat: list[tuple[float, float, str]], seconds: float) -> list[tuple[int, int, float, float, float]]:
    """(minute, requests, p50, p95, p99); the requests still answering when
    the run ended count in its last minute."""
    rows = []
    minutes = max(1, int(round(seconds / 60)))
    for m in range(minutes):
        hi = (m + 1) * 60 if m < minutes - 1 else float("inf")
        xs = [d for t, d, _ in lat if m * 60 <= t < hi]
        if xs:
            rows.append((m + 1, len(xs), _pct(xs, 50), _pct(xs, 95), _pct(xs, 99)))
    return rows


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--every", type=float, default=2.0,
                    help="seconds between two dropped articles (0: none, the read-only peer)")
    ap.add_argument("--base", type=int, default=2000, help="synthetic articles in the store at the start")
    ap.add_argument("--watch-interval", type=float, default=1.0)
    ap.add_argument("--base-db", type=Path,
                    help="start from a copy of this store (one a run built: its folder is printed) instead of "
                         "building the base again; --base must say how many articles it holds")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="storylens-soak-"))
    db, inbox = tmp / "soak.db", tmp / "inbox"
    inbox.mkdir()
    t = time.perf_counter()
    if a.base_db:
        import shutil

        shutil.copyfile(a.base_db, db)
        if a.base_db.with_name(a.base_db.name + ".index").is_dir():
            shutil.copytree(a.base_db.with_name(a.base_db.name + ".index"), db.with_name(db.name + ".index"))
        print(f"store copied from {a.base_db} ({tmp})")
    else:
        build_base(db, tmp / "base", a.base)
        print(f"store of {a.base} generated articles built through the pipeline in {time.perf_counter() - t:.0f} s"
              f" ({tmp}; a copy made now can be reused with --base-db)")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    server = subprocess.Popen([sys.executable, "-m", "storylens", "serve", "--db", str(db), "--port", str(port),
                               "--watch", str(inbox), "--watch-interval", str(a.watch_interval),
                               "--token", "soak-bench-token-18"], env=env, stderr=subprocess.DEVNULL)
    import httpx

    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api.json", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    soak = Soak(port, server, inbox, a.minutes * 60, a.every, a.base)
    threads = [threading.Thread(target=soak.dropper, daemon=True), threading.Thread(target=soak.watcher, daemon=True)]
    for th in threads:
        th.start()

    async def clients() -> None:
        async def timer() -> None:
            while time.monotonic() - soak.t0 < a.minutes * 60:
                await asyncio.sleep(1)
            soak.stop.set()

        await asyncio.gather(timer(), *(soak.client(k) for k in range(a.clients)))

    try:
        t_cpu = os.times()
        asyncio.run(clients())
        t_cpu2 = os.times()
        soak.client_cpu = (t_cpu2.user - t_cpu.user) + (t_cpu2.system - t_cpu.system)
        # let the queue drain, then check every dropped article
        end = time.monotonic() + 600
        names = set(soak.dropped)
        while time.monotonic() < end:
            for j in httpx.get(f"http://127.0.0.1:{port}/add.json", timeout=30).json()["jobs"]:
                soak.jobs[j["id"]] = j
            busy = any(j["status"] in ("queued", "running") for j in soak.jobs.values())
            seen = {i for j in soak.jobs.values() if j["status"] == "done" for i in j["inputs"]}
            if names <= seen and not busy:
                break
            time.sleep(2)
    finally:
        soak.stop.set()
        server.terminate()
        server.wait(timeout=60)
    report(soak, a, db)
    return 0


def report(soak: Soak, a: argparse.Namespace, db: Path) -> None:
    from collections import Counter

    from storylens.store import Store

    print(f"\n{a.clients} clients for {a.minutes:g} min; {len(soak.lat)} requests, {len(soak.errors)} errors")
    for e in soak.errors[:10]:
        print(f"  error at {e[0]:.0f} s: {e[1]}")
    print("minute  requests   p50 ms   p95 ms   p99 ms")
    rows = per_minute(soak.lat, a.minutes * 60)
    for m, n, p50, p95, p99 in rows:
        print(f"{m:6d} {n:9d} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
    worst = max((r[3] for r in rows), default=float("nan"))
    allp = [d for _, d, _ in soak.lat]
    print(f"whole run: p50 {_pct(allp, 50):.1f} ms, p95 {_pct(allp, 95):.1f} ms, p99 {_pct(allp, 99):.1f} ms; "
          f"worst minute's p95 {worst:.1f} ms")
    for kind in sorted({k for _, _, k in soak.lat}):
        xs = [d for _, d, k in soak.lat if k == kind]
        print(f"  {kind:9} n={len(xs):7d}  p50 {_pct(xs, 50):6.1f} ms  p95 {_pct(xs, 95):6.1f} ms")
    marks = sorted({int(t // 60) for t, _, _ in soak.mem})
    series = [next(m for m in soak.mem if int(m[0] // 60) == k) for k in marks[:: max(1, len(marks) // 10)]]
    print("memory over time (s: server MB / job process MB): "
          + ", ".join(f"{t:.0f}: {a:.0f}/{b:.0f}" for t, a, b in series))
    mem = [m for m in soak.mem if m[0] >= 60] or soak.mem
    if mem:
        s0, s1 = mem[0][1], mem[-1][1]
        j0, j1 = max(m[2] for m in mem[:6]), mem[-1][2]
        print(f"server RSS {s0:.0f} MB at {mem[0][0]:.0f} s -> {s1:.0f} MB at the end ({(s1 / s0 - 1) * 100:+.1f} %); "
              f"peak {max(m[1] for m in soak.mem):.0f} MB")
        print(f"job process RSS {j0:.0f} MB early -> {j1:.0f} MB at the end; peak {max(m[2] for m in soak.mem):.0f} MB")
    maps = [m for m in soak.maps if m[0] >= 60] or soak.maps
    if maps:
        kinds = sorted({k for _, m in maps for k in m})
        print("server RSS by mapping (MB; heap = brk heap, anon = arenas and other anonymous maps): "
              + "; ".join(f"{t:.0f} s: " + ", ".join(f"{k} {m.get(k, 0.0):.1f}" for k in kinds) for t, m in maps))
    if soak.cpu:
        server_cpu = soak.cpu.get(soak.server.pid, 0.0)
        jobs_cpu = sum(v for k, v in soak.cpu.items() if k != soak.server.pid)
        have = a.minutes * 60 * (os.cpu_count() or 1)
        print(f"CPU over the soak: server {server_cpu:.0f} s, job process {jobs_cpu:.0f} s, clients (this script) "
              f"{soak.client_cpu:.0f} s, of {have:.0f} s the {os.cpu_count()} cores had "
              f"({(server_cpu + jobs_cpu + soak.client_cpu) / have * 100:.0f} % used)")
    done = [j for j in soak.jobs.values() if j["status"] == "done"]
    failed = [j for j in soak.jobs.values() if j["status"] == "failed"]
    where = Counter(i for j in done for i in j["inputs"])
    twice = [n for n, c in where.items() if c > 1]
    missing = [n for n in soak.dropped if n not in where]
    analyzed = sum(j["analyzed"] for j in done)
    with Store(db) as s:
        stored = Counter(r["name"] for r in s.article_rows())
    stems = [n.rsplit(".", 1)[0] for n in soak.dropped]
    not_once = [n for n in stems if stored.get(n) != 1]
    print(f"articles dropped {len(soak.dropped)}; jobs done {len(done)}, failed {len(failed)}; analyzed in jobs "
          f"{analyzed}; in two jobs {len(twice)}; in no job {len(missing)}; stored other than once {len(not_once)}")
    for j in failed[:5]:
        print(f"  failed job {j['id']} ({', '.join(j['inputs'])}): {j['error']}")
    growth = (mem[-1][1] / mem[0][1] - 1) * 100 if mem else float("nan")
    ok = (not soak.errors and worst < 100 and growth < 10 and not twice and not missing and not not_once and not failed
          and analyzed == len(soak.dropped))
    print("verdict: " + ("MET" if ok else "MISSED") + json.dumps({"errors": len(soak.errors), "worst_p95": worst,
                                                               "memory_growth_pct": round(growth, 1)}))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
