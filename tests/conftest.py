from __future__ import annotations

import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared evaluation data is absent")
    return SHARED


ARTICLE_A = """Harbour board approves night shifts at Velmora docks

The Velmora harbour board voted on Tuesday to add night shifts at the container terminal, a move the dockworkers' union called "a betrayal of every family on the quay".

"We will not accept twelve-hour nights without a new contract," union leader Ines Calder told reporters outside the board's offices. "Nobody here wants a strike, but nobody here is afraid of one."

The board's chair, Tomas Reyk, said the extra shifts would cut waiting times for ships by a third and bring in 40 million crowns a year.

Photo: Harbour Press Agency
"""

ARTICLE_B = """Night shifts split Velmora port

Dockworkers in Velmora reacted angrily on Tuesday after the harbour board approved night shifts at the container terminal.

"We will not accept twelve-hour nights without a new contract," said Ines Calder, who leads the dockworkers' union. She added that her members were ready to walk out.

Board chair Tomas Reyk said the change would bring in 45 million crowns a year and cut ship waiting times.

Comments are closed.
"""

ARTICLE_C = """Orchard growers count frost losses in the Tessel valley

Apple growers in the Tessel valley said on Monday that a late frost had destroyed about half of this year's blossom.

"I have never seen the trees so bare in May," said grower Hanna Lodt, whose family has farmed the slopes for four generations.

The regional farm office estimated losses at 12 million crowns and said it would ask the ministry for emergency aid.
"""


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "port_a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (d / "port_b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (d / "frost.txt").write_text(ARTICLE_C, encoding="utf-8")
    return d


def make_warc(path: Path, pages: list[tuple[str, str]], corrupt_tail: bool = False) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for uri, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode("utf-8")),
                                            http_headers=headers)
            writer.write_record(rec)
    if corrupt_tail:
        with path.open("ab") as fh:
            fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n\x1f\x8b garbage")
    return path
