"""A real cluster on this machine, as a user with one would run it: a
``dask scheduler`` and two ``dask worker`` processes on loopback (random
ports), ``storylens analyze --scheduler tcp://...`` pointed at it, the result
checked against the single-process run; then a worker killed in the middle
of a run: the run finishes on the other worker and gives the same result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

from storylens.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _dask(*args: str, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "import sys; from dask.__main__ import main; sys.exit(main())", *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=log.open("w"), stderr=subprocess.STDOUT)


def _wait_for(path: Path, timeout: float = 60.0) -> None:
    t = time.monotonic()
    while not path.exists() or not path.read_text().strip():
        if time.monotonic() - t > timeout:
            raise TimeoutError(f"{path} did not appear")
        time.sleep(0.2)


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two single-threaded workers (no nanny: a killed worker stays dead)."""
    sched_file = tmp_path / "scheduler.json"
    procs = [_dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                   "--scheduler-file", str(sched_file), log=tmp_path / "scheduler.log")]
    try:
        _wait_for(sched_file)
        address = json.loads(sched_file.read_text())["address"]
        for i in range(2):
            procs.append(_dask("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                               "--host", "127.0.0.1", "--name", f"w{i}", log=tmp_path / f"worker{i}.log"))
        from dask.distributed import Client

        with Client(address, timeout="60s") as c:
            c.wait_for_workers(2, timeout=120)
        yield address, procs
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def _analyze(tmp: Path, name: str, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "storylens", "analyze", str(EXAMPLES), "--db", str(tmp / f"{name}.db"),
           "--out", str(tmp / name), "--no-progress", *extra]
    return subprocess.Popen(cmd, cwd=tmp, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(p: subprocess.Popen, timeout: float = 900) -> str:
    out, err = p.communicate(timeout=timeout)
    assert p.returncode == 0, err[-3000:]
    return err


def _dossier(out: Path) -> dict:
    d = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    d.pop("created")
    return d


def test_analyze_on_a_real_cluster_equals_one_process_and_survives_a_killed_worker(tmp_path, cluster):
    address, procs = cluster
    _finish(_analyze(tmp_path, "local"))
    err = _finish(_analyze(tmp_path, "dist", "--scheduler", address))
    assert "16 analyzed" in err
    assert Store(tmp_path / "local.db").dump() == Store(tmp_path / "dist.db").dump()
    assert _dossier(tmp_path / "local") == _dossier(tmp_path / "dist")
    assert len(list((tmp_path / "dist" / "parquet" / "articles").glob("*.parquet"))) >= 1

    # again, in partitions of one document, and a worker killed once the first ones are written
    (tmp_path / "storylens.toml").write_text("partition_docs = 1\n")
    run = _analyze(tmp_path, "killed", "--scheduler", address)
    written = tmp_path / "killed" / "parquet" / "articles"
    t = time.monotonic()
    while len(list(written.glob("*.parquet"))) < 2 and run.poll() is None and time.monotonic() - t < 600:
        time.sleep(0.1)
    assert run.poll() is None, "the run ended before a worker could be killed"
    procs[1].kill()
    procs[1].wait(timeout=30)
    err = _finish(run)
    # every document, those of the killed worker analyzed again elsewhere (or, when it had written its
    # partition before dying, that partition's results reused)
    assert "16 documents" in err and "0 rejected" in err
    assert Store(tmp_path / "killed.db").dump() == Store(tmp_path / "dist.db").dump()
    assert _dossier(tmp_path / "killed") == _dossier(tmp_path / "dist")
