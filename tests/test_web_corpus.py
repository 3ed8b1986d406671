"""A small handmade corpus for the web UI tests (and the browser tests),
built with the real pipeline. All text is invented for these tests."""

from __future__ import annotations

from pathlib import Path

from storylens.compare.stored import refresh_comparisons
from storylens.index.linker import link_store
from storylens.pipeline import analyze_documents
from storylens.settings import Settings
from storylens.store import Store

XSS_TITLE = "<script>window.__pwned='title'</script>Harbour hack"
XSS_SCRIPT = "<script>document.title='XSS-RAN';window.__pwned='script'</script>"
XSS_IMG = "<img src=x onerror=\"window.__pwned='img';document.title='XSS-RAN'\">"

HARBOUR_A = """Harbour board approves night shifts at Velmora docks

The Velmora harbour board voted on Tuesday to add night shifts at the container terminal, a move the dockworkers' union called "a betrayal of every family on the quay".

"We will not accept twelve-hour nights without a new contract," union leader Ines Calder told reporters outside the board's offices. "Nobody here wants a strike, but nobody here is afraid of one."

The board's chair, Tomas Reyk, said the extra shifts would cut waiting times for ships by a third and bring in 40 million crowns a year.

Photo: Harbour Press Agency
Share this article on Facebook
"""

HARBOUR_B = """Night shifts split Velmora port

Dockworkers in Velmora reacted angrily on Tuesday after the harbour board approved night shifts at the container terminal.

"We will never accept twelve-hour nights without a contract," said Ines Calder, who leads the dockworkers' union. She added that her members were ready to walk out.

Board chair Tomas Reyk said the change would bring in 45 million crowns a year and cut ship waiting times.

Comments are closed.
"""

HARBOUR_C = f"""Velmora union warns of strike over night shifts

The dockworkers' union in Velmora warned on Wednesday that it could strike over the night shifts the harbour board approved on Tuesday.

"Nobody here wants a strike, but nobody here is afraid of one," union leader Ines Calder said on Wednesday.

Protesters outside the offices carried a banner that read {XSS_SCRIPT} and a sign that said {XSS_IMG} in thick marker.

Tomas Reyk, the board's chair, said the night shifts would bring in 40 million crowns a year.
"""

FROST = """Orchard growers count frost losses in the Tessel valley

Apple growers in the Tessel valley said on Monday that a late frost had destroyed about half of this year's blossom.

"I have never seen the trees so bare in May," said Hanna Lodt, a grower whose family has farmed the slopes for four generations.

The regional farm office estimated losses at 12 million crowns and said it would ask the ministry for emergency aid.
"""

META = f"""file,outlet,url,published,title
harbour_a.txt,Velmora Daily,https://daily.example/harbour,2025-03-04,Harbour board approves night shifts at Velmora docks
harbour_b.txt,Port Gazette,javascript:alert(1),2025-03-04,Night shifts split Velmora port
harbour_c.txt,Quay Courier,https://courier.example/strike,2025-03-05,"{XSS_TITLE.replace('"', '""')}"
frost.txt,Valley Voice,https://voice.example/frost,2025-05-12,Orchard growers count frost losses in the Tessel valley
"""

FILES = {"harbour_a.txt": HARBOUR_A, "harbour_b.txt": HARBOUR_B, "harbour_c.txt": HARBOUR_C,
         "frost.txt": FROST, "meta.csv": META}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_store(db: Path, *inputs: Path | str) -> Path:
    """Run the real pipeline (analyze, link, compare, search index) into ``db``."""
    settings = Settings(db=str(db), progress=False)
    with Store(db) as store:
        analyze_documents(list(inputs), store, settings)
        link_store(store)
        refresh_comparisons(store, settings)
        store.fts_sync()
    return db


def test_web_corpus_builds_with_the_features_the_ui_tests_use(tmp_path):
    db = build_store(tmp_path / "w.db", write_corpus(tmp_path / "c"))
    with Store(db) as s:
        names = {a.name for a in s.articles()}
        assert names == {"harbour_a", "harbour_b", "harbour_c", "frost"}
        stories = {tuple(sorted(st["docs"])) for st in s.stories()}
        assert ("harbour_a", "harbour_b", "harbour_c") in stories
        a = s.article("harbour_a")
        assert a.removed, "page furniture is removed from harbour_a"
        speakers = {q["speaker"] for q in s.annotation(a.id, "quotes") if q["kind"] == "direct"}
        assert "Ines Calder" in speakers
        c = s.article("harbour_c")
        assert XSS_SCRIPT in c.source and c.title == XSS_TITLE
