"""Instructions the extract stage executes per character of news text (callgrind).

Wall and CPU time on a shared virtual machine vary by 15 % or more from run to run, which
hides a 5 % change in the code. Valgrind's callgrind counts the instructions executed:
the same code on the same input gives nearly the same count on any run. This script runs
the extract stage over the first N articles of the Reuters sample under callgrind, once
with the extraction and once without (loading, decoding and set-up only), and prints the
difference per character. Compare two versions of the code with ``--repo``.

Usage::

    python3 bench/instructions.py [--limit 300] [--repo PATH] [--corpus PATH]

Needs ``valgrind`` on PATH (skipped with a message otherwise); about a minute for 300
articles.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".." / "shared" / "eval" / "corpus" / "reuters_fin_sample20k.jsonl.xz"

# run under callgrind: extract the first LIMIT articles (or only load them, RUN=0)
CHILD = """
import json, lzma, sys
repo, corpus, limit, run = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
sys.path.insert(0, repo)
import importlib
extract = importlib.import_module("factcheck.extract")
from factcheck.models import Document
ex = extract.get_extractor()
docs = []
with lzma.open(corpus, "rt", encoding="utf-8") as fh:
    for i, line in enumerate(fh):
        if i >= limit:
            break
        art = json.loads(line)
        docs.append(Document(id=str(i), text=art.get("text") or ""))
ex.extract(docs[0])
if run:
    for d in docs:
        ex.extract(d)
print(sum(len(d.text) for d in docs))
"""


def instructions(repo: Path, corpus: Path, limit: int, run: bool) -> tuple[int, int]:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         "-c", CHILD, str(repo), str(corpus), str(limit), "1" if run else "0"],
        capture_output=True, text=True, check=True,
    )
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"instructions: no count in valgrind's output:\n{out.stderr[-500:]}")
    return int(m.group(1)), int(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=300, help="articles (default 300)")
    ap.add_argument("--repo", default=str(ROOT), help="the checkout whose code is measured")
    ap.add_argument("--corpus", default=str(DEFAULT))
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"instructions: corpus not found: {corpus} (skipped)", file=sys.stderr)
        return 0
    if shutil.which("valgrind") is None:
        print("instructions: valgrind not on PATH (skipped)", file=sys.stderr)
        return 0
    with_run, chars = instructions(Path(args.repo), corpus, args.limit, True)
    without, _ = instructions(Path(args.repo), corpus, args.limit, False)
    spent = with_run - without
    print(f"extract stage, {args.limit} articles, {chars:,} characters: {spent:,} instructions, "
          f"{spent / max(chars, 1):,.0f} per character ({args.repo})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
