"""Seeded generators of random and adversarial documents for the fuzzing
harness (:mod:`fuzz_run`): every document is a pure function of a
``random.Random``, so a failure is reproduced from its seed and index.

Text is made up here from word lists; no article text is copied.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

from storylens.models import RawDocument

WORDS = ("harbour board union strike night shift council minister budget river dam flood rain bank rate "
         "inflation growth port ship terminal contract wage family quay office vote report crowns million "
         "week talks deal court ruling police protest city valley farm frost blossom growers the a of to in "
         "and that it was for on with as they their our we will not said told added warned").split()
NAMES = ("Ines Calder", "Tomas Reyk", "Hanna Lodt", "Mr. Aurel Fenn", "Dr. Ilse Marrow", "Jana Pell", "Matteo Rusk",
         "the minister", "a spokeswoman", "UNION", "O'Neill", "Jean-Luc Varde", "Zoë Ångström", "İlkay Şahin",
         "Ōta Kōji", "Мария Иванова", "محمد علي", "李明", "he", "she", "they", "who", "It", "The Board")
CUES = ("said", "told reporters", "added", "warned", "says", "claimed", "according to", "asked", "tweeted",
        "insisted", "put it", "noted", "wrote", "said:", "telling", "adding")
# quotation marks of many scripts and styles (opening, closing), swapped and mixed on purpose
MARKS = [("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u00ab", "\u00bb"), ("\u00bb", "\u00ab"), ("\u2039", "\u203a"),
         ("\u2018", "\u2019"), ("\u201a", "\u2018"), ('"', '"'), ("'", "'"), ("``", "''"), ("\u300c", "\u300d"),
         ("\u300e", "\u300f"), ("\u300a", "\u300b"), ("\u301d", "\u301e"), ("\u201d", "\u201d"), ("\u05f4", "\u05f4"),
         ("\u2e42", "\u201c"), ("\uff02", "\uff02"), ("\u275d", "\u275e"), ("\u201f", "\u201d")]
ODD = ["\u200b", "\u200d", "\ufeff", "\u202e", "\u0301", "\U0001f600", "\x00", "\ud800", "\r", "\r\n", "\u2028",
       "\u2029", "\x0c", "\t", "\ufb01", "\u0130", "\u00df", "\u1e9e", "\u0345", "\u03a3", "\u0587", "\ufffd",
       "\U0001d400", "\u0e01\u0e33", "\u0928\u092e\u0938\u094d\u0924\u0947", "\u05e9\u05dc\u05d5\u05dd",
       "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u6587", "Z\u0351\u036b\u0343\u036a", "\u00a0", "\u3000", "\x85",
       "\x1b[31m", "&amp;", "&#x0;", "<br>", "\\", "%s", "{0}", "\u2026", "\u2014", "\u2015 ", "  ", "\n\n\n"]
NUMBERS = ["1e308", "-1e-308", "99999999999999999999999999", "0.0000000001", "-0", "1,000,000,000,000,000",
           "\u00a35bn", "$1.5 trillion", "1/0", "\u00bd", "\u0663\u0664\u0665", "\u00b2", "NaN", "inf", "12 345",
           "3,5", "1.2.3", "10%", "-40 degrees", "\u20ac0", "0x1F", "1_000", "12,34,567", "2\u00d710^9", "1 1/2",
           "9" * 400, "1," * 60 + "0", "thirty-three thousand", "a million billion", "0.5 per cent", "#1"]
DATES = ["31 February 2025", "9999-12-31", "0001-01-01", "the year 10000", "29 February 2023", "Monday 32 March",
         "1970", "last Tuesday", "2025-13-45", "next 99999 days", "on 00/00/0000", "in 1 BC", "12:61 pm",
         "week 54 of 2025", "Q5 2024", "since 2025-W99", "December 32nd", "3000 years ago", "tomorrow tomorrow",
         "the 1990s", "2024-02-30T25:61:61Z", "yesterday at noon", "every Monday", "for 10^9 days"]


def word(rng: random.Random) -> str:
    return rng.choice(WORDS)


def sentence(rng: random.Random, lo: int = 3, hi: int = 14) -> str:
    return " ".join(word(rng) for _ in range(rng.randint(lo, hi))).capitalize() + rng.choice(".!?.")


def quote(rng: random.Random, body: str | None = None) -> str:
    o, c = rng.choice(MARKS)
    body = body if body is not None else sentence(rng)
    return f"{o}{body}{c}" if rng.random() > 0.15 else o + body  # some are never closed


def news(rng: random.Random) -> str:
    """A plausible article: a headline, a dateline, quotes with cues, numbers and dates."""
    paras = [sentence(rng, 4, 9).rstrip(".!?")]
    for _ in range(rng.randint(1, 5)):
        kind = rng.random()
        if kind < 0.4:
            paras.append(f"{quote(rng)} {rng.choice(NAMES)} {rng.choice(CUES)} {rng.choice(DATES)}.")
        elif kind < 0.6:
            paras.append(f"{rng.choice(NAMES)} {rng.choice(CUES)} {quote(rng)} {sentence(rng)}")
        elif kind < 0.8:
            paras.append(f"{sentence(rng)} It cost {rng.choice(NUMBERS)} {word(rng)}s, up {rng.choice(NUMBERS)} "
                         f"since {rng.choice(DATES)}.")
        else:
            paras.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 4))))
    return "\n\n".join(paras) + "\n"


def unbalanced(rng: random.Random) -> str:
    chars = list(news(rng))
    for _ in range(rng.randint(1, 40)):
        o, c = rng.choice(MARKS)
        chars.insert(rng.randrange(len(chars) + 1), rng.choice((o, c)))
    return "".join(chars)


def nested(rng: random.Random) -> str:
    depth = rng.choice((3, 10, 60, 300))
    opens = [rng.choice(MARKS) for _ in range(depth)]
    inner = "".join(o + word(rng) + " " for o, _ in opens) + sentence(rng)
    inner += "".join(c for _, c in reversed(opens[: rng.randint(0, depth)]))
    return f"Nested\n\n{rng.choice(NAMES)} said: {inner} {rng.choice(CUES)} {rng.choice(NAMES)}.\n"


def giant_quote(rng: random.Random) -> str:
    size = rng.choice((1_000, 4_000, 20_000))
    body = " ".join(sentence(rng) for _ in range(size // 60))
    return f"A long statement\n\n{rng.choice(NAMES)} spoke. {quote(rng, body)} {rng.choice(CUES)} she.\n"


def tiny_sentences(rng: random.Random) -> str:
    n = rng.choice((100, 500, 2_000))
    parts = []
    for i in range(n):
        parts.append(rng.choice(("A.", "B!", "Ok.", "Yes?", "No.", "\u201cNo.\u201d", "He said.", "Mr.", "U.S.", "1.")))
        if i % rng.choice((7, 50, 10_000)) == 0:
            parts.append("\n")
    return "Tiny\n\n" + " ".join(parts)


def long_line(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        line = "x" * rng.choice((2_000, 40_000))
    elif kind < 0.6:
        line = " ".join(word(rng) for _ in range(rng.choice((500, 4_000))))
    else:
        line = " ".join(f"{quote(rng, word(rng))} {rng.choice(CUES)} {rng.choice(NAMES)}," for _ in range(rng.choice((50, 300))))
    return f"One line\n\n{line}\n"


def odd_unicode(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(20, 300)):
        r = rng.random()
        out.append(rng.choice(ODD) if r < 0.4 else word(rng) if r < 0.8 else rng.choice(MARKS)[rng.randint(0, 1)])
        out.append(rng.choice(("", " ", " ", "\n", ". ")))
    return "".join(out)


def numbers_dates(rng: random.Random) -> str:
    paras = ["Figures"]
    for _ in range(rng.randint(2, 20)):
        paras.append(f"{rng.choice(NAMES)} said {rng.choice(NUMBERS)} {word(rng)}s on {rng.choice(DATES)}, "
                     f"against {rng.choice(NUMBERS)} {rng.choice(DATES)}.")
    return "\n\n".join(paras)


def html_doc(rng: random.Random) -> str:
    body = "".join(f"<p>{p}</p>" for p in news(rng).split("\n\n"))
    tricks = ["<script>alert(1)</script>", "<div>" * 300 + "deep" + "</div>" * 10, "<![CDATA[ x ]]>", "&bogus;",
              "<p", "</html><html>", "<svg onload=x>", "<!--", "<title>" + "t" * 500, "<meta charset='x-unknown'>",
              "<table><tr><td>" * 50, "\x00", "<p>" + rng.choice(ODD) * 30 + "</p>"]
    for _ in range(rng.randint(0, 4)):
        body = body + rng.choice(tricks) if rng.random() < 0.5 else rng.choice(tricks) + body
    return f"<html><head><title>{sentence(rng)}</title></head><body>{body}</body></html>"


def trivial(rng: random.Random) -> str:
    return rng.choice(("", " ", "\n\n\n", "\x00" * 10, ".", "\u201c", "\u201c\u201d", "said", "A", "\ufeff",
                       "<html></html>", "-" * 100, "\u200b" * 50, "1", "\r\n" * 30))


SHAPES: list[tuple[float, Callable[[random.Random], str]]] = [
    (0.30, news), (0.14, unbalanced), (0.06, nested), (0.03, giant_quote), (0.02, tiny_sentences),
    (0.04, long_line), (0.12, odd_unicode), (0.10, numbers_dates), (0.12, html_doc), (0.07, trivial)]


def gen_doc(rng: random.Random, i: int) -> RawDocument:
    """Document ``i`` of a run: a shape drawn by weight, with optional metadata at its limits."""
    r, acc = rng.random(), 0.0
    shape = SHAPES[-1][1]
    for w, fn in SHAPES:
        acc += w
        if r < acc:
            shape = fn
            break
    text = shape(rng)
    meta: dict[str, object] = {}
    if rng.random() < 0.3:
        meta["published"] = rng.choice(("2025-03-04", "9999-12-31T23:59:59Z", "0001-01-01", "not a date", "",
                                        "2025-02-30", "1700000000", "2025-03-04T10:00:00+14:00", None))
    if rng.random() < 0.2:
        meta["outlet"] = rng.choice(("Port Gazette", "", "\u202eevil", "<b>x</b>", "O" * 300))
    fmt = "html" if shape is html_doc else "text"
    return RawDocument(name=f"fz{i}-{shape.__name__}", origin=f"fuzz#{i}", format=fmt, content=text, meta=meta)


# -- malformed containers, read through ingest ------------------------------------
def _jsonl(rng: random.Random) -> bytes:
    lines = []
    for k in range(rng.randint(1, 8)):
        r = rng.random()
        if r < 0.4:
            lines.append(json.dumps({"id": f"j{k}", "text": news(rng), "published": rng.choice(DATES + ["2025-01-01"]),
                                     "outlet": rng.choice(NAMES)}, ensure_ascii=rng.random() < 0.5))
        elif r < 0.55:
            lines.append(json.dumps({"id": k, "text": rng.choice((123, None, ["a"], {"x": 1}, "", True))}))
        elif r < 0.7:
            lines.append('{"id": "x", "text": "' + "\\ud800" * 3 + ' said \\u201cno\\u201d"}')
        elif r < 0.8:
            lines.append('{"id": "broken", "text": "unterminated')
        elif r < 0.9:
            lines.append(rng.choice(("[]", "null", "1e999", '"str"', "{" * 500 + "}" * 500, "\x00\x01")))
        else:
            lines.append(json.dumps({"id": "n", "html": html_doc(rng), "published": {"nested": 1}}))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _csv(rng: random.Random) -> bytes:
    rows = ["id,title,text,published"]
    for k in range(rng.randint(1, 6)):
        r = rng.random()
        if r < 0.5:
            rows.append(f'c{k},"{sentence(rng)}","{news(rng).replace(chr(34), chr(34) * 2)}",2025-01-0{k % 9 + 1}')
        elif r < 0.7:
            rows.append(f'c{k},"unclosed,{sentence(rng)}')
        elif r < 0.85:
            rows.append(",".join(["x"] * rng.randint(0, 30)))
        else:
            rows.append("\x00" + rng.choice(ODD) * 20)
    return "\r\n".join(rows).encode("utf-8", "surrogatepass")


def _warc(rng: random.Random) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=rng.random() < 0.5)
    for k in range(rng.randint(1, 4)):
        http = StatusAndHeaders(rng.choice(("200 OK", "404 Not Found", "200 OK")),
                                [("Content-Type", rng.choice(("text/html; charset=utf-8", "text/html; charset=bogus",
                                                              "image/png", "text/html")))], protocol="HTTP/1.1")
        payload = html_doc(rng).encode("utf-8", "surrogatepass")
        writer.write_record(writer.create_warc_record(f"https://fuzz.example/p{k}", "response",
                                                      payload=io.BytesIO(payload), http_headers=http))
    data = buf.getvalue()
    r = rng.random()
    if r < 0.25:
        data = data[: rng.randrange(1, len(data))]  # truncated
    elif r < 0.4:
        data = data.replace(b"Content-Length: ", b"Content-Length: 9", 1)  # a wrong length
    elif r < 0.5:
        pos = rng.randrange(len(data))
        data = data[:pos] + bytes(rng.randrange(256) for _ in range(20)) + data[pos:]  # garbage inside
    return data


def _feed(rng: random.Random) -> bytes:
    items = "".join(f"<item><title>{sentence(rng)}</title><link>https://fuzz.example/{k}</link>"
                    f"<description><![CDATA[{html_doc(rng)}]]></description><pubDate>{rng.choice(DATES)}</pubDate>"
                    "</item>" for k in range(rng.randint(0, 4)))
    r = rng.random()
    if r < 0.2:  # entity expansion: must not expand a billion times
        head = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "&lol;" * 10}">' for i in range(9))
                + ']><rss version="2.0"><channel><title>&lol8;</title>')
        return (head + items + "</channel></rss>").encode("utf-8", "surrogatepass")
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fuzz</title>{items}</channel></rss>'
    if r < 0.5:
        feed = feed[: rng.randrange(1, len(feed))]
    return feed.encode("utf-8", "surrogatepass")


def _urls(rng: random.Random) -> bytes:
    lines = ["file:///etc/passwd", "gopher://127.0.0.1/x", "data:text/plain,hi", "/etc/passwd", "../../secret",
             "http://127.0.0.1:1/x", "HTTP://10.0.0.1/", "http://[::1]/", "javascript:alert(1)", "", "# comment",
             "http://169.254.169.254/latest/meta-data", "\x00", "ftp://192.168.1.1/"]
    return "\n".join(rng.sample(lines, rng.randint(1, len(lines)))).encode()


CONTAINERS: list[tuple[str, Callable[[random.Random], bytes]]] = [
    ("jsonl", _jsonl), ("csv", _csv), ("warc.gz", _warc), ("warc", _warc), ("rss", _feed), ("urls", _urls)]


def gen_container(rng: random.Random, folder: Path, i: int) -> Path:
    """A malformed (or merely odd) JSONL, CSV, WARC, feed or URL-list file in ``folder``."""
    ext, fn = rng.choice(CONTAINERS)
    data = fn(rng)
    if ext == "warc.gz" and not data.startswith(b"\x1f\x8b"):
        data = gzip.compress(data)
    path = folder / f"c{i}.{ext}"
    path.write_bytes(data)
    return path
