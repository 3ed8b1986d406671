"""Web jobs: each has a wall-clock deadline; a slow one is failed with the
reason and the queue goes on."""

from __future__ import annotations

import http.server
import threading
import time

import pytest
from conftest import ARTICLE_C

pytest.importorskip("fastapi")

from storylens.settings import Settings  # noqa: E402
from storylens.store import Store  # noqa: E402
from storylens.web.jobs import JobManager  # noqa: E402


class _Trickle(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        try:
            for _ in range(300):  # 8 bytes a second
                self.wfile.write(b"slowly. ")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def log_message(self, *a):
        pass


@pytest.fixture
def trickle():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/slow"
    srv.shutdown()


def test_a_slow_job_is_stopped_at_its_deadline_and_the_queue_goes_on(tmp_path, trickle):
    db = tmp_path / "j.db"
    Store(db).close()
    settings = Settings(db=str(db), progress=False, allow_private_urls=True, fetch_deadline=600, job_timeout=6)
    jobs = JobManager(settings)
    try:
        slow = jobs.submit([trickle])
        (tmp_path / "frost.txt").write_text(ARTICLE_C, encoding="utf-8")
        quick = jobs.submit([str(tmp_path / "frost.txt")])
        t0 = time.monotonic()
        done_slow = jobs.wait(slow.id, timeout=60)
        assert done_slow.status == "failed" and "job_timeout" in done_slow.error, done_slow.error
        assert time.monotonic() - t0 < 20
        done_quick = jobs.wait(quick.id, timeout=120)
        assert done_quick.status == "done" and done_quick.report.analyzed == 1, done_quick.error
        assert jobs.worker.started == 2  # the stopped job's process was replaced
        with Store(db) as s:
            assert {a.name for a in s.articles()} == {"frost"}
    finally:
        jobs.close()
