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


# -- uploads capped while they stream -----------------------------------------------
def _multipart_chunks(boundary: str, token: str, total: int, counter: list[int]):
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()
    yield head
    piece = b"harbour board strike. " * 2979  # about 64 KB
    sent = 0
    while sent < total:
        counter[0] += len(piece)
        sent += len(piece)
        yield piece
    yield f"\r\n--{boundary}--\r\n".encode()


def _app(tmp_path, limit: int):
    from fastapi.testclient import TestClient

    from storylens.web import create_app

    app = create_app(Settings(db=str(tmp_path / "u.db"), progress=False))
    app.state.web.max_upload = limit
    return app, TestClient(app, base_url="http://127.0.0.1")


def test_a_chunked_upload_is_refused_at_the_limit_while_it_streams(tmp_path):
    app, c = _app(tmp_path, limit=2 * 1024 * 1024)
    sent = [0]
    boundary = "xYzBoundary"
    r = c.post("/add.json", content=_multipart_chunks(boundary, app.state.web.token, 12 * 1024 * 1024, sent),
               headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413 and "refused at the limit" in r.json()["error"]
    assert "content-length" not in {k.lower() for k in r.request.headers}  # it was sent chunked
    root = app.state.web.upload_root
    written = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.exists() else 0
    assert written == 0  # nothing was kept
    assert app.state.web.jobs.recent() == []


def test_a_wrong_bearer_token_is_refused_before_the_body_is_read(tmp_path):
    app, c = _app(tmp_path, limit=200 * 1024 * 1024)
    sent = [0]
    boundary = "xYzBoundary"
    r = c.post("/add.json", content=_multipart_chunks(boundary, "not-the-token", 4 * 1024 * 1024, sent),
               headers={"content-type": f"multipart/form-data; boundary={boundary}",
                        "authorization": "Bearer not-the-token"})
    assert r.status_code == 401
    assert app.state.web.jobs.recent() == []


def test_an_upload_within_the_limit_is_saved_and_analyzed(tmp_path):
    app, c = _app(tmp_path, limit=2 * 1024 * 1024)
    files = [("files", ("frost.txt", ARTICLE_C.encode(), "text/plain"))]
    r = c.post("/add.json", data={"token": app.state.web.token}, files=files)
    assert r.status_code == 202, r.text
    job = app.state.web.jobs.wait(r.json()["job"]["id"], timeout=120)
    try:
        assert job.status == "done" and job.report.analyzed == 1, job.error
    finally:
        app.state.web.jobs.close()
