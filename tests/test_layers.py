"""The package's shape: no module imports a later layer, and no import cycle.

Every ``import`` and ``from ... import`` of ``storylens/`` counts, those inside
functions too: a lazy import is still a dependency. Imports under ``if
TYPE_CHECKING:`` name types only and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "storylens"

# The layers in order; a module may import its own layer and earlier ones.
# "base" modules are shared by every layer; "top" modules orchestrate them all.
LAYERS = ["base", "store", "ingest", "extract", "annotate", "index", "compare", "present", "top"]
BASE = {"storylens._version", "storylens.code_version", "storylens.errors", "storylens.models",
        "storylens.progress", "storylens.settings", "storylens.text", "storylens.stage"}
TOP = {"storylens", "storylens.__main__", "storylens.api", "storylens.cli", "storylens.pipeline",
       "storylens.stages", "storylens.evaluation"}  # and the web app: a shell over the library, like the CLI;
# and storylens.scale: the pipeline's stages run on a Dask cluster


def _module(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(mod: str) -> str:
    if mod in BASE:
        return "base"
    if mod in TOP or mod.startswith(("storylens.evaluation", "storylens.web", "storylens.scale")):
        return "top"
    return mod.split(".")[1]


def _imports(path: Path, mod: str, known: set[str]) -> set[str]:
    """The storylens modules ``path`` imports (a name imported from a package
    counts as its submodule when there is one)."""
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and ast.unparse(node.test).endswith("TYPE_CHECKING") for s in node.body for n in ast.walk(s)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("storylens"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("storylens"):
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & known
            out.update(subs or {target})
    out.discard(mod)
    return out & known


def _graph() -> dict[str, set[str]]:
    files = {(_module(p)): p for p in PKG.rglob("*.py")}
    known = set(files)
    return {m: _imports(p, m, known) for m, p in files.items()}


def test_every_module_has_a_layer():
    for mod in _graph():
        assert _layer(mod) in LAYERS, mod


def test_no_module_imports_a_later_layer():
    bad = []
    for mod, deps in _graph().items():
        rank = LAYERS.index(_layer(mod))
        bad += [f"{mod} ({_layer(mod)}) imports {d} ({_layer(d)})" for d in deps if LAYERS.index(_layer(d)) > rank]
    assert bad == []


def test_no_import_cycle():
    graph = _graph()
    # the package roots re-export their submodules: a root importing its own
    # submodule is not a cycle of the code
    for mod, deps in graph.items():
        graph[mod] = {d for d in deps if not d.startswith(mod + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(path[path.index(d):] + [d] if d in path else [m, d])
            elif d not in state:
                visit(d, path + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_the_checks_see_a_layer_violation_and_a_cycle(tmp_path, monkeypatch):
    """The walker itself: a planted upward import and a planted cycle are found."""
    pkg = tmp_path / "storylens"
    (pkg / "ingest").mkdir(parents=True)
    (pkg / "compare").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "ingest" / "__init__.py").write_text("")
    (pkg / "compare" / "__init__.py").write_text("")
    (pkg / "ingest" / "a.py").write_text("from ..compare import b\n")
    (pkg / "compare" / "b.py").write_text("def f():\n    from ..compare import c\n")
    (pkg / "compare" / "c.py").write_text("from .b import f\n")
    monkeypatch.setattr(__import__(__name__), "PKG", pkg)
    graph = _graph()
    assert graph["storylens.ingest.a"] == {"storylens.compare.b"}
    assert graph["storylens.compare.b"] == {"storylens.compare.c"} and graph["storylens.compare.c"] == {
        "storylens.compare.b"}
    import pytest

    with pytest.raises(AssertionError):
        test_no_module_imports_a_later_layer()
    with pytest.raises(AssertionError):
        test_no_import_cycle()
