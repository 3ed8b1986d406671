"""Write (or check) the dossier snapshots that tests/test_dossier_snapshot.py compares with.

    python scripts/snapshot_dossiers.py            # check: exit 1 and name the sections that differ
    python scripts/snapshot_dossiers.py --write    # after a deliberate change of behaviour

The example corpus's dossier is kept whole (``tests/data/example_dossier.json``:
our own text); the seeds' dossier only as a hash (``tests/data/seeds_dossier.sha256``:
the project must not carry their text). ``created`` is left out of both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storylens.api import analyze  # noqa: E402
from storylens.settings import Settings  # noqa: E402

EXAMPLE = ROOT / "examples" / "corpus"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
EXAMPLE_SNAPSHOT = ROOT / "tests" / "data" / "example_dossier.json"
SEEDS_SNAPSHOT = ROOT / "tests" / "data" / "seeds_dossier.sha256"


def dossier_of(corpus: Path) -> dict:
    """The dossier of ``corpus`` analyzed in memory, without its creation time."""
    with tempfile.TemporaryDirectory() as out:
        analyze([corpus], settings=Settings(db=":memory:", out=out, progress=False))
        d = json.loads((Path(out) / "dossier.json").read_text(encoding="utf-8"))
    d.pop("created", None)
    return d


def canonical(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def digest(d: dict) -> str:
    return hashlib.sha256(canonical(d).encode("utf-8")).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write the snapshots from the current code")
    args = ap.parse_args()
    ok = True
    ex = dossier_of(EXAMPLE)
    if args.write:
        EXAMPLE_SNAPSHOT.write_text(canonical(ex), encoding="utf-8")
    elif json.loads(EXAMPLE_SNAPSHOT.read_text(encoding="utf-8")) != ex:
        old = json.loads(EXAMPLE_SNAPSHOT.read_text(encoding="utf-8"))
        print("example corpus differs in:", sorted(k for k in set(old) | set(ex) if old.get(k) != ex.get(k)))
        ok = False
    if SEEDS.is_dir():
        h = digest(dossier_of(SEEDS))
        if args.write:
            SEEDS_SNAPSHOT.write_text(h + "\n", encoding="utf-8")
        elif SEEDS_SNAPSHOT.read_text(encoding="utf-8").strip() != h:
            print("seeds differ")
            ok = False
    print("written" if args.write else ("same" if ok else "DIFFERENT"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
