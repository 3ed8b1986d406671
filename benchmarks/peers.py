"""The peers a benchmark measures beside storylens come from the ``bench``
extra; :func:`require` stops a benchmark with one clear line when one is
missing, instead of a traceback halfway through the run."""

from __future__ import annotations

import importlib.util
import sys

INSTALL = "pip install -e '.[bench]' (or: bash scripts/setup.sh test,web,bench)"


def require(*modules: str, flag: str | None = None) -> None:
    """Exit (status 2) naming the missing ``modules`` and how to install
    them; ``flag`` names the option that skips the peer, when there is one."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        skip = f", or run with {flag}" if flag else ""
        sys.exit(f"this benchmark's peer needs {', '.join(missing)}: {INSTALL}{skip}")
