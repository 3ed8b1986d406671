"""A WARC bomb: a small ``.warc.gz`` whose one response record holds 1 GiB
of HTML (a long run of the same bytes compresses about 400:1), followed by
one ordinary page.

    .venv/bin/python benchmarks/warc_bomb.py OUT.warc.gz [--gib 1]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

CHUNK = b"<p>" + b"a" * 65533 + b"\n"  # 64 KiB of HTML


class _Repeat(io.RawIOBase):
    """``size`` bytes of HTML, produced as they are read (never held whole)."""

    def __init__(self, size: int):
        self.left = size
        self.head = b"<html><body>"

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self.left <= 0:
            return 0
        src = self.head or CHUNK
        self.head = b""
        n = min(len(b), len(src), self.left)
        b[:n] = src[:n]
        self.left -= n
        return n


def write_bomb(path: Path, size: int = 1 << 30) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record("https://bomb.example/huge", "response",
                                        payload=io.BufferedReader(_Repeat(size), 1 << 20), length=size,
                                        http_headers=http)
        writer.write_record(rec)
        page = (b"<html><head><title>Harbour board meets</title></head><body><p>The Velmora harbour board met on "
                b"Tuesday and voted to add night shifts at the container terminal after a long debate.</p></body>"
                b"</html>")
        http2 = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://bomb.example/ok-page", "response",
                                                      payload=io.BytesIO(page), http_headers=http2))
    return path


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--gib", type=float, default=1.0)
    a = ap.parse_args(argv)
    p = write_bomb(Path(a.out), int(a.gib * (1 << 30)))
    print(p, p.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
