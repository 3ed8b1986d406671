"""Hostile input, measured (issue 18's targets for bounded work, stored
comparisons and capped uploads), each in a process of its own with its
wall time and peak RSS:

1. ``storylens analyze`` of a 2 MB text holding one long quotation and of a
   4 MB text of 60,000 short sentences (``benchmarks/hostile_docs.py``), with
   the default budget and with the per-document budget lifted;
2. ``storylens analyze`` of a WARC bomb (``benchmarks/warc_bomb.py``: a
   1.1 MB ``.warc.gz`` holding 1 GiB);
3. ``storylens serve`` over a store holding the example corpus, both hostile
   texts (budget lifted, so that their stories exist) and a story of two
   articles that each hold a 50 KB quotation: the first (uncached) load and
   the p50/p95 of every story page under concurrent clients;
4. against that server: a chunked 300 MB upload (no Content-Length), refused
   at the 200 MB limit while it streams; and the WARC bomb uploaded, with the
   peak RSS of the server and of its job process.

    .venv/bin/python benchmarks/bench_hostile.py [--skip-server] [--upload-mb 300] [--rounds 40] [--clients 8]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_web_load import _free_port, _load_raw, _pct  # noqa: E402
from hostile_docs import _sentence, many_sentences, one_quote  # noqa: E402
from warc_bomb import write_bomb  # noqa: E402

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


MEMORY_LIMIT = 4 << 30  # address space of each measured process: the machine is shared


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_measured(cmd: list[str], timeout: float = 900) -> tuple[float, float, int, str]:
    """Run ``cmd``; (seconds, peak RSS in MB of that process, exit code, stderr tail)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         preexec_fn=_limit_memory)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            p.kill()
            pid, status, usage = os.wait4(p.pid, 0)
            break
        time.sleep(0.05)
    secs = time.perf_counter() - t
    err = p.stderr.read() if p.stderr else ""
    return secs, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err.strip().splitlines()[-3:].__str__()


def two_quotes_story(folder: Path, size: int = 50_000, seed: int = 5) -> None:
    """Two articles of one story, each with a 50 KB quotation (the second a reworded copy)."""
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        s = _sentence(rng)
        parts.append(s)
        n += len(s) + 1
    quote = " ".join(parts)
    words = quote.split()
    for i in range(0, len(words), 37):
        words[i] = rng.choice(("harbour", "union", "board"))
    reworded = " ".join(words)
    for name, q, outlet in (("long_a", quote, "Port Gazette"), ("long_b", reworded, "Quay Courier")):
        text = (f"Harbour union leader reads her statement\n\nUnion leader Ines Calder read a statement on Tuesday "
                f"at the harbour board's offices.\n\n\u201c{q}\u201d she said.\n\nThe board did not comment.\n")
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        with (folder / "meta.csv").open("a", encoding="utf-8") as fh:
            if fh.tell() == 0:
                fh.write("file,outlet,published\n")
            fh.write(f"{name}.txt,{outlet},2025-03-0{1 if name == 'long_a' else 2}\n")


def vm_hwm(pid: int) -> float:
    """Peak RSS (VmHWM) of a live process in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def analyze_section(tmp: Path) -> None:
    print("== 1. hostile texts through `storylens analyze` (a process each; wall time, peak RSS)")
    for name, text in (("one_quote (2 MB, one quotation)", one_quote()),
                       ("many_sentences (4 MB, 60,000 sentences)", many_sentences())):
        f = tmp / (name.split()[0] + ".txt")
        f.write_text(text, encoding="utf-8")
        for label, extra in (("default budget", []), ("budget lifted", ["--max-doc-words", "100000000"])):
            db = tmp / f"a-{f.stem}-{len(extra)}.db"
            secs, rss, code, err = run_measured([PY, "-m", "storylens.cli", "analyze", str(f), "--db", str(db),
                                                 "--out", str(tmp / "out"), "--no-progress", *extra])
            verdict = "rejected" if "rejected" in err and "0 rejected" not in err else "analyzed"
            print(f"  {name:42} {label:15} {secs:6.1f} s  peak {rss:7.0f} MB  exit {code}  {verdict}")
            if verdict == "rejected":
                print(f"      reason: {err}")


def bomb_section(tmp: Path) -> Path:
    print("== 2. the WARC bomb through `storylens analyze`")
    bomb = write_bomb(tmp / "bomb.warc.gz")
    secs, rss, code, err = run_measured([PY, "-m", "storylens.cli", "analyze", str(bomb), "--db", str(tmp / "b.db"),
                                         "--out", str(tmp / "bout"), "--no-progress"])
    print(f"  {bomb.stat().st_size / 1e6:.1f} MB .warc.gz holding 1 GiB: {secs:.1f} s, peak {rss:.0f} MB, exit {code}")
    print(f"      {err}")
    return bomb


def build_server_store(tmp: Path) -> Path:
    inputs = tmp / "served"
    inputs.mkdir()
    shutil.copytree(ROOT / "examples" / "corpus", inputs / "example")
    (inputs / "hostile").mkdir()
    (inputs / "hostile" / "one_quote.txt").write_text(one_quote(), encoding="utf-8")
    (inputs / "hostile" / "many_sentences.txt").write_text(many_sentences(), encoding="utf-8")
    (inputs / "long").mkdir()
    two_quotes_story(inputs / "long")
    db = tmp / "served.db"
    secs, rss, code, err = run_measured([PY, "-m", "storylens.cli", "analyze", str(inputs), "--db", str(db),
                                         "--out", str(tmp / "sout"), "--no-progress", "--max-doc-words",
                                         "100000000"], timeout=1800)
    print(f"  store built: {secs:.1f} s, peak {rss:.0f} MB, exit {code}")
    return db


def page_section(host: str, port: int, rounds: int, clients: int) -> None:
    import httpx

    stories = httpx.get(f"http://{host}:{port}/stories.json", timeout=60).json()["stories"]
    print(f"== 3. every story page ({len(stories)} stories), first load then {clients} clients x {rounds} rounds")
    worst = 0.0
    allp95 = []
    for s in stories:
        path = f"/story/{s['id']}"
        t = time.perf_counter()
        r = httpx.get(f"http://{host}:{port}{path}", timeout=120)
        first = (time.perf_counter() - t) * 1000
        lat, errors = asyncio.run(_load_raw(host, port, path, clients, clients * rounds))
        p95 = _pct(lat, 95)
        allp95.append(p95)
        worst = max(worst, p95)
        print(f"  {s['id']:10} {s['articles']:3d} articles {len(r.content) / 1e6:6.2f} MB page  first {first:7.0f} ms"
              f"  p50 {_pct(lat, 50):6.1f} ms  p95 {p95:6.1f} ms  errors {errors}  {(s['label'] or '')[:40]}")
    print(f"  worst story-page p95: {worst:.1f} ms")


def upload_chunked(host: str, port: int, token: str, mb: int) -> tuple[int, str, float]:
    """POST a chunked multipart upload of ``mb`` MB; (status, body, MB sent before the answer)."""
    boundary = "bNdRy18"
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.putrequest("POST", "/add.json")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.endheaders()
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    piece = b"harbour board strike. " * 47662  # about 1 MB
    sent = 0.0

    def chunk(b: bytes) -> None:
        conn.send(f"{len(b):x}\r\n".encode() + b + b"\r\n")

    try:
        chunk(head)
        for _ in range(mb):
            chunk(piece)
            sent += len(piece) / 1e6
        chunk(f"\r\n--{boundary}--\r\n".encode())
        conn.send(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed while we were still sending
    try:
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8", "replace")[:200], sent
    except (OSError, http.client.HTTPException) as exc:
        return 0, f"{type(exc).__name__}: {exc}", sent


def upload_section(tmp: Path, host: str, port: int, token: str, server: subprocess.Popen, bomb: Path,
                   mb: int) -> None:
    import httpx

    print(f"== 4. uploads against the server (pid {server.pid})")
    before = vm_hwm(server.pid)
    status, body, sent = upload_chunked(host, port, token, mb)
    uploads = tmp / "storylens-uploads"
    kept = sum(p.stat().st_size for p in uploads.rglob("*") if p.is_file()) / 1e6 if uploads.exists() else 0.0
    print(f"  chunked {mb} MB upload: HTTP {status} {body!r}; client sent {sent:.0f} MB before the answer; "
          f"{kept:.1f} MB kept on disk; server peak RSS {before:.0f} -> {vm_hwm(server.pid):.0f} MB")
    with bomb.open("rb") as fh:
        r = httpx.post(f"http://{host}:{port}/add.json", files={"files": ("bomb.warc.gz", fh, "application/gzip")},
                       headers={"authorization": f"Bearer {token}"}, timeout=120)
    job = r.json()["job"]
    t = time.perf_counter()
    while job["status"] in ("queued", "running") and time.perf_counter() - t < 600:
        time.sleep(0.5)
        kids = children(server.pid)
        job = httpx.get(f"http://{host}:{port}/jobs/{job['id']}.json", timeout=30).json()
    kid_hwm = max((vm_hwm(k) for k in children(server.pid)), default=float("nan"))
    print(f"  WARC bomb upload: job {job['status']} in {time.perf_counter() - t:.1f} s; rejections: "
          f"{[x['reason'][:70] for x in job['rejections']]}")
    print(f"  peak RSS: server {vm_hwm(server.pid):.0f} MB, job process {kid_hwm:.0f} MB ({len(kids)} child)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-server", action="store_true")
    ap.add_argument("--upload-mb", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="storylens-hostile-"))
    try:
        analyze_section(tmp)
        bomb = bomb_section(tmp)
        if a.skip_server:
            return 0
        db = build_server_store(tmp)
        port, token = _free_port(), "hostile-bench-token-18"
        server = subprocess.Popen([PY, "-m", "storylens.cli", "serve", "--db", str(db), "--port", str(port),
                                   "--token", token], env=ENV, stderr=subprocess.DEVNULL, preexec_fn=_limit_memory)
        try:
            import httpx

            for _ in range(200):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api.json", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            page_section("127.0.0.1", port, a.rounds, a.clients)
            upload_section(tmp, "127.0.0.1", port, token, server, bomb, a.upload_mb)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(json.dumps({"tmp": str(tmp)}))
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
