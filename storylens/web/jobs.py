"""Analysis jobs started from the web UI: the incremental pipeline
(ingest, extract, annotate, link, search index) in one background thread,
one job at a time, with progress readable at any moment."""

from __future__ import annotations

import queue
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StorylensError
from ..pipeline import RunReport, analyze_documents
from ..settings import Settings
from ..store import Store
from .data import shown_origin

if TYPE_CHECKING:  # pragma: no cover
    from ..index.linker import StoryLinker

_URL = re.compile(r"^https?://", re.I)


@dataclass
class Job:
    id: str
    inputs: list[str]
    labels: list[str] = field(default_factory=list)  # what pages show: never a server path
    status: str = "queued"  # queued | running | done | failed
    phase: str = "queued"  # queued | analyze | link | index | finished
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    report: RunReport = field(default_factory=RunReport)
    linked: int = 0
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
                                                   ("index", "finished") else ""))
        return {"id": self.id, "inputs": self.labels, "status": self.status, "phase": self.phase,
                "done": done, "total": total, "seen": r.seen, "analyzed": r.analyzed, "skipped": r.skipped,
                "rejected": r.rejected, "linked": self.linked,
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
        self._linker: StoryLinker | None = None  # keeps the story index in memory between jobs (one worker thread)

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
        """Run one job to the end; failures are recorded on the job."""
        from ..index.linker import StoryLinker, link_store

        job.status, job.phase, job.started = "running", "analyze", time.time()
        store: Store | None = None
        try:
            store = Store(self.settings.db)
            analyze_documents(job.inputs, store, self.settings, report=job.report)
            job.phase = "link"
            self._linker = self._linker or StoryLinker()
            job.linked = link_store(store, self._linker)
            job.phase = "index"
            store.fts_sync()
            job.status = "done"
        except StorylensError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # a bug must not kill the job thread
            job.status, job.error = "failed", f"internal error: {type(exc).__name__}: {exc}"
        finally:
            job.phase, job.finished = "finished", time.time()
            if store is not None:
                store.close()
            if self.on_finished:
                self.on_finished(job)
