"""The process that runs the web server's jobs.

A job (analyze the inputs, link them into the story index, compare the
stories that changed, update the search index) runs in a child process of
its own, not in a thread of the server: its work never holds the server's
interpreter lock while pages are served, and a job that overruns its
wall-clock deadline (``Settings.job_timeout``) is stopped by ending the
process, which a thread cannot be. The child stays up between jobs and keeps
the story index in memory (each new article is linked in milliseconds); a
stopped one is replaced by a fresh child for the next job, which reads the
index from the store. Everything a job committed before it was stopped stays
committed (each document, link run and comparison batch is one transaction).

The compare stage reads the whole corpus (speakers are made canonical across
it), so while more jobs wait in the queue it is left to the last of them (or
to the first job after :data:`~.jobs.COMPARE_EVERY` seconds without one):
comparisons follow a burst of new articles once, not once per article.

A job analyses its inputs only: stored documents that an earlier version
analysed are analysed again by ``storylens analyze`` (:data:`REFRESH_PER_JOB`,
:mod:`storylens.code_version`).

Messages from the child: ``("phase", name)``, ``("progress", report)`` after
each document, then ``("done", report, linked, link_mode, compared)`` or
``("failed", reason, report)``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import asdict
from multiprocessing.connection import Connection
from typing import Any

from ..errors import StorylensError
from ..settings import Settings

__all__ = ["JobTimeout", "JobWorker", "REFRESH_PER_JOB", "WorkerGone"]

# stored documents analysed by an earlier storylens that a job analyses again besides its inputs: none. A
# document whose text comes out otherwise makes the story index rebuild, and a job has a deadline;
# `storylens analyze` does them all in one run (docs/web.md)
REFRESH_PER_JOB = 0


class JobTimeout(StorylensError):
    """A job ran past its wall-clock deadline and was stopped."""


class WorkerGone(StorylensError):
    """The job process ended without finishing the job (killed, or out of memory)."""


def _serve(conn: Connection, settings: Settings) -> None:  # pragma: no cover - runs in the child
    """The child's loop: one job (a list of inputs) at a time until the pipe closes."""
    from ..compare.stored import CompareInputs, refresh_comparisons
    from ..index.linker import StoryLinker
    from ..pipeline import RunReport, analyze_documents
    from ..store import Store
    from .memory import bound_native_heap

    bound_native_heap()
    linker = StoryLinker()  # the story index stays in memory between jobs
    inputs_before: CompareInputs | None = None  # and so do the comparisons' inputs (reloaded incrementally)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the server is gone
            return
        if msg is None:
            return
        inputs, compare = msg
        report = RunReport()
        store = None

        def progress(_doc: str, report: RunReport = report) -> None:
            conn.send(("progress", asdict(report)))

        try:
            store = Store(settings.db)
            conn.send(("phase", "analyze"))
            analyze_documents(inputs, store, settings, report=report, on_saved=progress, refresh=REFRESH_PER_JOB)
            conn.send(("progress", asdict(report)))
            conn.send(("phase", "link"))
            linked = linker.run(store)
            compared = 0
            if compare:  # (skipped while more jobs wait: the last of them compares what all changed)
                conn.send(("phase", "compare"))
                inputs_before = CompareInputs.load(store, settings, inputs_before)
                compared = refresh_comparisons(store, settings, inputs=inputs_before).compared
            conn.send(("phase", "index"))
            store.fts_sync()
            conn.send(("done", asdict(report), linked, linker.last.get("mode"), compared))
        except StorylensError as exc:
            conn.send(("failed", str(exc), asdict(report)))
        except Exception as exc:  # a bug must not end the job process
            conn.send(("failed", f"internal error: {type(exc).__name__}: {exc}"[:500], asdict(report)))
        finally:
            if store is not None:
                store.close()


class JobWorker:
    """A child process running jobs one at a time (see the module doc).
    Started on the first job; replaced after a job that overran or died."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._ctx = multiprocessing.get_context("spawn")  # the server has threads: never fork it
        self._proc: Any = None
        self._conn: Connection | None = None
        self.started = 0  # child processes started (one unless a job was stopped)

    def _start(self) -> Connection:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self.stop()
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_serve, args=(child, self.settings), name="storylens-job",
                                       daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        self.started += 1
        return parent

    def run(self, inputs: list[str], on_message: Callable[[tuple[Any, ...]], None],
            timeout: float, compare: bool = True) -> tuple[Any, ...]:
        """Run one job (``compare``: with the compare stage); ``on_message``
        sees each message as it comes. Returns the last message (``done`` or
        ``failed``); raises :class:`JobTimeout` when ``timeout`` seconds pass
        first (the process is then ended) and :class:`WorkerGone` when the
        process dies."""
        conn = self._start()
        end = time.monotonic() + timeout
        conn.send((list(inputs), compare))
        while True:
            left = end - time.monotonic()
            if left <= 0:
                self.stop(kill=True)
                raise JobTimeout(f"stopped after {timeout:g} s (job_timeout); what it committed before is kept")
            try:
                ready = conn.poll(min(left, 0.5))
                msg = conn.recv() if ready else None
            except (EOFError, OSError):
                msg = None
                ready = True
            if msg is None:
                if ready or not self._proc.is_alive():
                    code = self._proc.exitcode
                    self.stop(kill=True)
                    raise WorkerGone(f"the job process ended (exit code {code}) before the job finished")
                continue
            on_message(msg)
            if msg[0] in ("done", "failed"):
                return msg

    def stop(self, kill: bool = False) -> None:
        """End the child: politely, or at once with ``kill``."""
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            with contextlib.suppress(OSError):
                if not kill:
                    conn.send(None)
                conn.close()
        if proc is not None:
            if kill:
                proc.kill()
            proc.join(timeout=5)
            if proc.is_alive():  # pragma: no cover - a child that ignores its end
                proc.kill()
                proc.join(timeout=5)
