"""Analysis jobs started from the web UI: the incremental pipeline
(ingest, extract, annotate, link, compare, search index), one job at a time,
with progress readable at any moment.

A thread of the server queues the jobs and hands each to the job process
(:mod:`.worker`), which keeps the story index in memory between jobs. Each
job has a wall-clock deadline (``Settings.job_timeout``): a job that
overruns it is stopped and failed with the reason, and the queue goes on."""

from __future__ import annotations

import queue
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StorylensError
from ..pipeline import RunReport
from ..settings import Settings
from .data import shown_origin
from .worker import JobWorker

_URL = re.compile(r"^https?://", re.I)
COMPARE_EVERY = 15.0  # seconds: while jobs queue up, the compare stage still runs at least this often


@dataclass
class Job:
    id: str
    inputs: list[str]
    labels: list[str] = field(default_factory=list)  # what pages show: never a server path
    status: str = "queued"  # queued | running | done | failed
    phase: str = "queued"  # queued | analyze | link | compare | index | finished
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    report: RunReport = field(default_factory=RunReport)
    linked: int = 0
    compared: int = 0  # stories whose comparison the job stored
    link_mode: str | None = None  # how the index took the articles: journal (kept in memory), rebuild, ...
    error: str | None = None

    def progress(self) -> tuple[int, int]:
        """(documents done, documents to do) in the analyze phase."""
        r = self.report
        failed_in_analysis = r.extract_calls - r.analyzed
        ingest_rejected = max(0, r.rejected - failed_in_analysis)
        total = max(0, r.seen - r.skipped - ingest_rejected)
        return min(r.extract_calls, total), total

    def to_json(self) -> dict[str, Any]:
        done, total = self.progress()
        r = self.report
        summary = ""
        if self.status in ("running", "done") and r.seen:
            summary = (f"{r.seen} documents seen, {r.analyzed} analyzed, {r.skipped} unchanged, "
                       f"{r.rejected} rejected" + (f", {self.linked} linked into stories" if self.phase in
                                                   ("compare", "index", "finished") else ""))
        return {"id": self.id, "inputs": self.labels, "status": self.status, "phase": self.phase,
                "done": done, "total": total, "seen": r.seen, "analyzed": r.analyzed, "skipped": r.skipped,
                "rejected": r.rejected, "linked": self.linked, "compared": self.compared,
                "rejections": [{**x, "origin": shown_origin(x.get("origin"))} for x in r.rejections],
                "error": self.error, "summary": summary, "created": self.created, "started": self.started,
                "finished": self.finished}


class JobManager:
    """Runs submitted jobs one after another in a daemon thread."""

    def __init__(self, settings: Settings, on_finished: Callable[[Job], None] | None = None, keep: int = 50):
        self.settings = settings.replace(progress=False)
        self.on_finished = on_finished
        self.keep = keep
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        # the job process; per-document work runs in it, one document at a
        # time (a daemon process cannot start a pool of its own)
        self.worker = JobWorker(self.settings.replace(workers=1))
        self._compared = 0.0  # when a job last ran the compare stage (monotonic)

    def submit(self, inputs: list[str], labels: list[str] | None = None) -> Job:
        """Queue ``inputs`` (paths and URLs) as one job. ``labels`` are what
        pages show for them; by default a path shows as its file name only."""
        inputs = [str(i) for i in inputs]
        if labels is None:
            labels = [i if _URL.match(i) else Path(i).name for i in inputs]
        job = Job(id=secrets.token_hex(6), inputs=inputs, labels=labels)
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > self.keep:
                oldest = next(iter(self.jobs))
                if self.jobs[oldest].status in ("queued", "running"):
                    break
                del self.jobs[oldest]
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="storylens-jobs", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def recent(self) -> list[Job]:
        return sorted(self.jobs.values(), key=lambda j: -j.created)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until a job has finished (for tests and scripts)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            j = self.jobs.get(job_id)
            if j is None or j.status in ("done", "failed"):
                return j
            time.sleep(0.05)
        return self.jobs.get(job_id)

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self.run(job)
            finally:
                self._queue.task_done()

    def run(self, job: Job) -> None:
        """Run one job to the end (or to its deadline); failures are recorded on the job."""
        job.status, job.phase, job.started = "running", "analyze", time.time()

        def seen(msg: tuple[Any, ...]) -> None:
            kind = msg[0]
            if kind == "phase":
                job.phase = msg[1]
            elif kind in ("progress", "done", "failed"):
                job.report = RunReport(**(msg[1] if kind != "failed" else msg[2]))
            if kind == "done":
                job.linked, job.link_mode, job.compared = msg[2], msg[3], msg[4]
                job.status = "done"
            elif kind == "failed":
                job.status, job.error = "failed", msg[1]

        now = time.monotonic()
        compare = self._queue.empty() or now - self._compared > COMPARE_EVERY
        try:
            self.worker.run(job.inputs, seen, self.settings.job_timeout, compare=compare)
            if compare and job.status == "done":
                self._compared = now
        except StorylensError as exc:  # overran its deadline, or the job process died
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # a bug must not kill the job thread
            job.status, job.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
        finally:
            if job.status == "running":  # pragma: no cover - the worker always ends a job one way or the other
                job.status, job.error = "failed", job.error or "the job ended without a result"
            job.phase, job.finished = "finished", time.time()
            if self.on_finished:
                self.on_finished(job)

    def close(self) -> None:
        """End the job process (the server is stopping)."""
        self.worker.stop()
