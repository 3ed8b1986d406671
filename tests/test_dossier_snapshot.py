"""The dossier of the example corpus and of the seeds is exactly the one
snapshotted (``scripts/snapshot_dossiers.py --write`` after a deliberate change
of behaviour; the snapshot's diff is then part of the change's review)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("snapshot_dossiers", ROOT / "scripts" / "snapshot_dossiers.py")
snap = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snap)


def test_example_dossier_is_the_snapshot():
    want = json.loads(snap.EXAMPLE_SNAPSHOT.read_text(encoding="utf-8"))
    got = snap.dossier_of(snap.EXAMPLE)
    for key in sorted(set(want) | set(got)):
        assert got.get(key) == want.get(key), key


@pytest.mark.shared
def test_seeds_dossier_is_the_snapshot():
    if not snap.SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not here")
    assert snap.digest(snap.dossier_of(snap.SEEDS)) == snap.SEEDS_SNAPSHOT.read_text(encoding="utf-8").strip()
