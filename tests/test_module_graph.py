"""The package's module graph: no import cycles, every module importable alone, and
``import factcheck`` never loads the archive's indexer (issue 19, archive as a store)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "factcheck"


def _modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its __init__)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _top_level_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports when it is imported: the import statements of
    its module body (an import inside a function runs when the function is called, and is
    how a stage defers a heavy or a higher-level module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[: len(up) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            subs = {f"{base}.{a.name}" for a in node.names} & known  # submodules imported
            found |= subs
            if len(subs) < len(node.names):  # a name the module (or package) defines
                found.add(base)
    return {m for m in found if m in known and m != name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (as a path back to its start), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*path[path.index(n):], n]
            if n not in state and (found := visit(n)):
                return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_module_graph_has_no_cycle():
    mods = _modules()
    graph = {m: _top_level_imports(m, p, set(mods)) for m, p in mods.items()}
    assert len(graph) > 40 and graph["factcheck.check"] >= {"factcheck.archive"}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    # a positive control: the check above can fail
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=False, cwd=ROOT)


def test_import_factcheck_does_not_load_the_indexer():
    heavy = ("factcheck.index", "factcheck.migrate", "multiprocessing",
             "concurrent.futures.process", "pandas")
    out = _fresh("import sys, factcheck, factcheck.archive, factcheck.check\n"
                 f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
    # and the moved names are still importable from the store, loaded when asked for
    out = _fresh("import sys\nfrom factcheck.archive import index_documents, load_claims\n"
                 "print(index_documents.__module__, load_claims.__module__, "
                 "'factcheck.index' in sys.modules)")
    assert out.stdout.split() == ["factcheck.index", "factcheck.frames", "True"], out.stderr


@pytest.mark.slow
def test_every_module_imports_alone():
    # each module in a fresh interpreter of its own: no module works only when another
    # was imported first
    names = sorted(m for m in _modules() if not m.endswith("__main__"))
    code = ("import importlib, subprocess, sys\n"
            f"names = {names!r}\n"
            "bad = [n for n in names if subprocess.run([sys.executable, '-c', "
            "f'import {n}'], capture_output=True).returncode]\n"
            "print(bad)")
    out = _fresh(code)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"
