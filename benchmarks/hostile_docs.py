"""Hostile documents from issue 18, written from scratch with a seeded
generator (no article text): a 2 MB text holding one long quotation and a
4 MB text of 60,000 short sentences.

    .venv/bin/python benchmarks/hostile_docs.py OUTDIR

writes ``OUTDIR/one_quote.txt`` and ``OUTDIR/many_sentences.txt``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ("harbour board union strike night shift council minister budget river dam flood rain bank rate "
         "inflation growth port ship terminal contract wage family quay office vote report crowns "
         "million week talks deal court ruling police protest city valley farm frost blossom growers "
         "we will not accept the and of to in that it is was for on with as they their our").split()


def _sentence(rng: random.Random, lo: int = 6, hi: int = 18) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def one_quote(n_bytes: int = 2_000_000, seed: int = 18) -> str:
    """A short article whose second paragraph is one quotation of ``n_bytes``."""
    rng = random.Random(seed)
    head = "Harbour union leader speaks for hours\n\nUnion leader Ines Calder spoke for hours. \u201c"
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        s = _sentence(rng)
        parts.append(s)
        size += len(s) + 1
    return head + " ".join(parts) + "\u201d\n\nThe board did not comment.\n"


def many_sentences(n: int = 60_000, seed: int = 18) -> str:
    """``n`` short sentences (about 4 MB at 60,000), a few with quotations."""
    rng = random.Random(seed)
    out = ["Sixty thousand short sentences\n"]
    for i in range(n):
        if i % 500 == 499:
            out.append(f"\u201c{_sentence(rng, 3, 6)}\u201d said Tomas Reyk.")
        else:
            out.append(_sentence(rng, 10, 14))
        if i % 40 == 39:
            out.append("\n\n")
    return " ".join(out) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    (out / "one_quote.txt").write_text(one_quote(), encoding="utf-8")
    (out / "many_sentences.txt").write_text(many_sentences(), encoding="utf-8")
    for p in sorted(out.glob("*.txt")):
        print(p, p.stat().st_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
