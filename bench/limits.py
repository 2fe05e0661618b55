"""Modules, classes and functions of the package over the size limits of issue 19.

    python bench/limits.py [--package factcheck] [--module 600] [--class 300] [--function 80]

A module's size is its line count; a class's or function's is the lines from its first
decorator or ``def``/``class`` line to its last line (docstring and comments included).
Prints one line per item over its limit, then a count; exit 1 when any is over.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def spans(tree: ast.AST) -> list[tuple[str, str, int, int]]:
    """(kind, qualified name, first line, size) of every class and function."""
    out: list[tuple[str, str, int, int]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                kind = "class" if isinstance(child, ast.ClassDef) else "function"
                name = prefix + child.name
                out.append((kind, name, first, child.end_lineno - first + 1))
                walk(child, name + ".")
            else:
                walk(child, prefix)

    walk(tree, "")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", default="factcheck")
    ap.add_argument("--module", type=int, default=600)
    ap.add_argument("--class", dest="cls", type=int, default=300)
    ap.add_argument("--function", type=int, default=80)
    args = ap.parse_args()
    limits = {"class": args.cls, "function": args.function}
    over = 0
    for path in sorted((ROOT / args.package).rglob("*.py")):
        rel = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8")
        n = text.count("\n")
        if n > args.module:
            print(f"{rel}: module of {n} lines (limit {args.module})")
            over += 1
        for kind, name, first, size in spans(ast.parse(text)):
            if size > limits[kind]:
                print(f"{rel}:{first}: {kind} {name} of {size} lines (limit {limits[kind]})")
                over += 1
    print(f"{over} over the limits", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
