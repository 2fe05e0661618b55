"""Whether two checkouts compile every extract pattern to the same regex code.

    python bench/pattern_code.py --repo OLD --repo NEW

Each checkout's extractor is built in a child interpreter; for its English patterns, its
ASCII twin and the views of every language of rules/numbers.toml (each decimal mark), each
pattern is parsed and compiled to the code re runs (re.VERBOSE aside: a pattern rewritten
with white space and comments compiles to the same code). Same code, same matches: a check
for a rewrite of the patterns that is faster than bench/extract_diff.py and covers the
language views too. Exit 1 when a pattern differs or is missing.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys

CHILD = r'''
import importlib, pickle, re, sys
sys.path.insert(0, sys.argv[1])
ex = importlib.import_module("factcheck.extract").get_extractor()


def patterns(obj):
    src = getattr(obj, "p", obj)  # the Patterns object, or (older code) the extractor
    names = getattr(type(src), "__slots__", None) or list(vars(src))
    out = {}
    for name in names:
        rx = getattr(src, name, None)
        if isinstance(rx, re.Pattern):
            code = re._compiler._code(re._parser.parse(rx.pattern, rx.flags), rx.flags)
            out[name] = ([int(c) for c in code], int(rx.flags & ~re.VERBOSE), dict(rx.groupindex))
    return out


view = getattr(ex, "language_view", None) or ex._view
views = {"en": ex, "ascii": getattr(ex, "ascii_twin", None) or ex._ascii}
for code in sorted(ex.languages.by_code):
    if code != "en":
        for mark in (None, "comma", "point"):
            views[f"{code}/{mark}"] = view(code, mark)
sys.stdout.buffer.write(pickle.dumps({k: patterns(v) for k, v in views.items()}))
'''


def compiled(repo: str) -> dict[str, dict]:
    out = subprocess.run([sys.executable, "-c", CHILD, repo], capture_output=True, check=True)
    return pickle.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", action="append", required=True, help="give two checkouts")
    args = ap.parse_args()
    if len(args.repo) != 2:
        ap.error("give two checkouts: --repo OLD --repo NEW")
    a, b = (compiled(r) for r in args.repo)
    differ = 0
    for view in sorted(set(a) | set(b)):
        for name in sorted(set(a.get(view, {})) | set(b.get(view, {}))):
            if a.get(view, {}).get(name) != b.get(view, {}).get(name):
                differ += 1
                print(f"differs: {view} {name}")
    total = sum(len(v) for v in a.values())
    print(f"{total} patterns in {len(a)} views: {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
