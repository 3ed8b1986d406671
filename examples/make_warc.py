"""Build ``corpus/archive.warc.gz`` from the pages in ``warc_src/``.

Deterministic: every record gets a fixed WARC-Date and a WARC-Record-ID
derived from its target URI, and gzip members carry no timestamp, so running
the script twice gives byte-identical output. Requires ``warcio``.

Usage::

    python examples/make_warc.py            # writes examples/corpus/archive.warc.gz
    python examples/make_warc.py OUT.warc.gz
"""

from __future__ import annotations

import sys
import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc_src"
OUT = HERE / "corpus" / "archive.warc.gz"
BASE = "https://riverbank-gazette.example/news/2025/10/"
NAMESPACE = uuid.UUID("6f1c2a9e-3b7d-4e58-9a21-5c0d8e4f7b13")

# page file -> (WARC-Date, HTTP Date header)
PAGES: dict[str, tuple[str, str]] = {
    "drevnyk-dam-breach.html": ("2025-10-12T21:45:10Z", "Sun, 12 Oct 2025 21:45:10 GMT"),
    "flood-relief-protest.html": ("2025-10-17T19:30:42Z", "Fri, 17 Oct 2025 19:30:42 GMT"),
}


def record_id(kind: str, key: str) -> str:
    """A stable ``<urn:uuid:...>`` for a record."""
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, kind + ':' + key)}>"


def build(out: Path = OUT) -> Path:
    """Write the archive and return its path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.0")
        info = b"software: storylens examples/make_warc.py\r\nformat: WARC File Format 1.0\r\n" \
               b"description: fictional pages written for the storylens example corpus\r\n"
        info_headers = StatusAndHeaders("", [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", record_id("warcinfo", out.name)),
            ("WARC-Filename", out.name),
            ("WARC-Date", "2025-10-17T20:00:00Z"),
        ], protocol="WARC/1.0")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields", warc_headers=info_headers))
        for name, (warc_date, http_date) in PAGES.items():
            body = (SRC / name).read_bytes()
            uri = BASE + name
            http_headers = StatusAndHeaders("200 OK", [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Date", http_date),
                ("Server", "nginx"),
            ], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=BytesIO(body), length=len(body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": record_id("response", uri)})
            writer.write_record(record)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
