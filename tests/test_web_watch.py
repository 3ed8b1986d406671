"""Watched folders (``storylens serve --watch DIR``)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("fastapi")

from test_web_corpus import HARBOUR_A, HARBOUR_B  # noqa: E402

from storylens.errors import ConfigError  # noqa: E402
from storylens.settings import Settings  # noqa: E402
from storylens.store import Store  # noqa: E402
from storylens.web import create_app  # noqa: E402
from storylens.web.watch import FolderWatcher  # noqa: E402


def test_a_file_is_submitted_once_it_is_stable_and_again_when_it_changes(tmp_path):
    calls: list[list[str]] = []
    w = FolderWatcher([tmp_path], calls.append, interval=1)
    f = tmp_path / "a.txt"
    f.write_text("First version of a short note.", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\0\1")  # not an input format: ignored
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    assert w.poll() == []  # seen once: maybe still being written
    assert w.poll() == [str(f)]
    assert w.poll() == []  # unchanged: not again
    f.write_text("Second, longer version of the short note.", encoding="utf-8")
    os.utime(f, ns=(1, 10**18))
    assert w.poll() == []
    assert w.poll() == [str(f)]
    assert calls == [[str(f)], [str(f)]]


def test_a_folder_with_sidecar_metadata_is_submitted_whole(tmp_path):
    (tmp_path / "meta.csv").write_text("file,outlet\nb.txt,Harbour Gazette\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A note.", encoding="utf-8")
    calls: list[list[str]] = []
    w = FolderWatcher([tmp_path], calls.append)
    w.poll()
    w.poll()
    assert calls == [[str(tmp_path.resolve())]]


def test_watch_needs_folders(tmp_path):
    with pytest.raises(ConfigError, match="folder"):
        FolderWatcher([tmp_path / "missing"], print)
    with pytest.raises(ConfigError, match="interval"):
        FolderWatcher([tmp_path], print, interval=0)


def test_watched_files_are_analyzed_and_linked_by_the_warm_job_queue(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "w.db"
    app = create_app(Settings(db=str(db), progress=False))
    jobs = app.state.web.jobs
    submitted = []
    w = FolderWatcher([inbox], lambda inputs: submitted.append(jobs.submit(inputs)))
    (inbox / "port_a.txt").write_text(HARBOUR_A, encoding="utf-8")
    (inbox / "port_b.txt").write_text(HARBOUR_B, encoding="utf-8")
    w.poll()
    w.poll()
    assert len(submitted) == 1
    job = jobs.wait(submitted[0].id, timeout=120)
    assert job.status == "done" and job.linked == 2, job.error
    (inbox / "port_c.txt").write_text(HARBOUR_B.replace("twelve-hour", "ten-hour"), encoding="utf-8")
    w.poll()
    w.poll()
    job = jobs.wait(submitted[1].id, timeout=120)
    assert job.status == "done" and job.report.analyzed == 1 and job.linked == 1
    assert job.link_mode == "journal" and jobs.worker.started == 1  # the index stayed in the job process's memory
    s = Store(db)
    assert set(s.links()) == {"port_a", "port_b", "port_c"}
    s.close()


def test_a_poll_takes_subfolders_and_leaves_out_links_leading_out_and_linked_folders(tmp_path):
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    (inbox / "day2").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for the watcher.", encoding="utf-8")
    (inbox / "day2" / "b.html").write_text("<p>A page.</p>", encoding="utf-8")
    (inbox / "a.txt").write_text("A note.", encoding="utf-8")
    (inbox / "leak.txt").symlink_to(outside / "secret.txt")
    (inbox / "alias.txt").symlink_to(inbox / "a.txt")  # a link inside the folder is read, as ingest reads it
    (inbox / "linked").symlink_to(outside, target_is_directory=True)
    (inbox / ".cache").mkdir()
    (inbox / ".cache" / "c.txt").write_text("hidden", encoding="utf-8")
    calls: list[list[str]] = []
    w = FolderWatcher([inbox], calls.append)
    w.poll()
    w.poll()
    root = inbox.resolve()
    assert calls == [[str(root / "a.txt"), str(root / "alias.txt"), str(root / "day2" / "b.html")]]
