"""What wire lineage costs an index: CPU seconds to index Reuters stories with and without it.

Issue 18 asks that index throughput fall by at most 15 % with lineage. This script indexes
the first ``--limit`` stories of ``../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz``
into a fresh archive in one process (``jobs=1``: CPU time of one process is what the
figure measures, whatever else shares the machine), once with the rules as they are and
once with the same rules without ``lineage.toml`` (``Rules.lineage`` empty: no anchors are
hashed or written), alternating, ``--runs`` times each. Each run is its own child process,
so no cache warmed by one run helps the next; the rules, the extractor and the pair model
are built before the clock starts. It prints each run's CPU seconds (user + system of the
indexing call), the median of each side and their ratio, and ``--anchors``: the CPU seconds
of hashing the anchors alone (``lineage.anchors_of_many`` in the index's batches) over the
same stories, segmented beforehand: what lineage adds to an index besides writing the rows.

Usage: python3 bench/index_lineage.py [--limit 1500] [--runs 3] [--anchors]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name

CORPUS = ROOT.parent / "shared" / "eval" / "corpus" / "reuters_fin_sample20k.jsonl.xz"

RUN = r"""
import dataclasses, itertools, json, lzma, os, sys, tempfile, time
from pathlib import Path
from factcheck import Document
from factcheck.archive import index_documents
from factcheck.extract import get_extractor
from factcheck.match import get_matcher
from factcheck.rules import load_rules

corpus, limit, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
docs = []
with lzma.open(corpus, "rt", encoding="utf-8") as fh:
    for line in itertools.islice(fh, limit):
        d = json.loads(line)
        docs.append(Document(id=str(d["id"]), text=d.get("text") or "", source=d.get("source"),
                             date=(d.get("date") or None) and str(d["date"])[:10],
                             title=d.get("title")))
rules = load_rules()
if mode == "without":
    rules = dataclasses.replace(rules, lineage={})
get_extractor(rules)
get_matcher(rules)
import numpy  # noqa: F401  (an index loads it for the anchors; not counted on either side)

def cpu():
    t = os.times()
    return t.user + t.system

if mode == "anchors":
    from factcheck.archive import ANCHOR_EVERY, BATCH
    from factcheck.lineage import anchors_of_many
    from factcheck.segment import segment_document
    segs = [segment_document(d) for d in docs]
    c0 = cpu()
    n = sum(len(a) for i in range(0, len(docs), BATCH)
            for a in anchors_of_many(docs[i : i + BATCH], rules, every=ANCHOR_EVERY,
                                     segs=segs[i : i + BATCH]))
    print(json.dumps({"cpu": cpu() - c0, "anchors": n}))
else:
    with tempfile.TemporaryDirectory() as tmp:
        c0 = cpu()
        stats = index_documents(docs, Path(tmp) / "a.db", jobs=1, rules=rules, batch=500)
        print(json.dumps({"cpu": cpu() - c0, "chars": stats["chars"]}))
"""


def run(mode: str, limit: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", RUN, str(CORPUS), str(limit), mode],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH")
                              or str(ROOT)})
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=1500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--anchors", action="store_true",
                    help="also time anchors_of alone over the same stories")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"bench/index_lineage.py: {CORPUS} not found; skipping", file=sys.stderr)
        return 0
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()};"
          f" load average {os.getloadavg()[0]:.1f} (other jobs may share the CPU)")
    print(f"{args.limit:,} Reuters stories indexed in one process, CPU seconds")
    times: dict[str, list[float]] = {"with": [], "without": [], "anchors": []}
    for i in range(args.runs):
        for mode in ("with", "without", *(("anchors",) if args.anchors else ())):
            r = run(mode, args.limit)
            times[mode].append(r["cpu"])
            print(f"run {i + 1} {mode:8} {r['cpu']:6.2f}", flush=True)
    w, wo = statistics.median(times["with"]), statistics.median(times["without"])
    print(f"median: with lineage {w:.2f}, without {wo:.2f}; with/without {w / wo:.3f} "
          f"(throughput falls by {100 * (1 - wo / w):.1f} %)")
    if args.anchors:
        print(f"anchors_of alone: {statistics.median(times['anchors']):.2f} CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
