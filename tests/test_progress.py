"""Long work shows a bar on a terminal: the analysis, a rebuild of the story
index (after an upgrade, of every stored article) and the comparisons."""

from __future__ import annotations

import io
import sys

from storylens import Settings, Store, analyze
from storylens.compare.stored import refresh_comparisons
from storylens.index.journal import RULES_KEY
from storylens.index.linker import StoryLinker


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_rebuild_and_the_comparisons_draw_bars_on_a_terminal(small_corpus, tmp_path, monkeypatch):
    s = Settings(db=str(tmp_path / "s.db"), out=str(tmp_path / "out"), progress=False)
    analyze([small_corpus], settings=s)
    with Store(s.db) as st:
        with st.transaction() as c:  # as if another version had built the index and compared the stories
            c.execute("DELETE FROM state WHERE key=?", (RULES_KEY,))
            c.execute("UPDATE comparisons SET key='other'")
        term = _Terminal()
        monkeypatch.setattr(sys, "stderr", term)
        quiet = StoryLinker(progress=False)
        assert quiet.run(st) == 3 and term.getvalue() == ""  # rebuilt, silently when asked
        with st.transaction() as c:
            c.execute("DELETE FROM state WHERE key=?", (RULES_KEY,))
        assert StoryLinker(progress=True).run(st) == 3
        assert "story index" in term.getvalue()
        done = refresh_comparisons(st, Settings(db=s.db, progress=True))
        assert done.compared >= 1 and "compare" in term.getvalue()
