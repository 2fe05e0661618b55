"""How `factcheck report` grows with the number of documents (issue 16, item 2).

Data: ``../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz`` (unrelated Reuters stories)
and ``clusters_ecbplus.jsonl.xz`` (event clusters), read in place. For each size N the first
N Reuters stories go through ``factcheck.analyse`` (the library path of ``report``): wall
time, peak memory (the process's peak RSS, so run one size per process for a clean figure), pairs and flags (explained + conflict)
per 100 documents. Then the ECB+ clusters are run mixed together in one run and each on its
own: events first should keep the flag counts about the same (within 5 %).

Usage (from the repository root)::

    python3 bench/report_scale.py --sizes 100 1000 10000 20000
"""

from __future__ import annotations

import argparse
import itertools
import json
import lzma
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import Document, analyse

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "corpus"


def _docs(name: str, n: int | None = None) -> list[tuple[Document, str]]:
    with lzma.open(CORPUS / name, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in itertools.islice(fh, n)]
    return [(Document(id=str(r["id"]), text=r["text"], source=r.get("source"),
                      date=(r.get("date") or None) and str(r["date"])[:10], title=r.get("title")),
             str(r.get("cluster"))) for r in rows]


def _run(docs: list[Document]) -> tuple[float, float, int, int]:
    t0 = time.perf_counter()
    rep = analyse(docs)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux
    flags = sum(f.verdict in ("explained", "conflict") for f in rep.findings)
    return dt, peak, len(rep.findings), flags


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000, 20000])
    ap.add_argument("--no-clusters", action="store_true")
    args = ap.parse_args(argv)
    if not (CORPUS / "reuters_fin_sample20k.jsonl.xz").is_file():
        print(f"report_scale: no data at {CORPUS}; skipping", file=sys.stderr)
        return 0
    print(f"{'docs':>7} {'seconds':>8} {'s/100':>6} {'peak MB':>8} {'pairs/100':>9} {'flags/100':>9}")
    for n in args.sizes:
        docs = [d for d, _ in _docs("reuters_fin_sample20k.jsonl.xz", n)]
        dt, peak, pairs, flags = _run(docs)
        k = len(docs) / 100
        print(f"{len(docs):>7} {dt:>8.1f} {dt / k:>6.2f} {peak:>8.0f} {pairs / k:>9.1f} "
              f"{flags / k:>9.1f}", flush=True)
    if not args.no_clusters:
        rows = _docs("clusters_ecbplus.jsonl.xz")
        by: dict[str, list[Document]] = defaultdict(list)
        for d, c in rows:
            by[c].append(d)
        alone = [0, 0]
        for docs in by.values():
            _dt, _peak, pairs, flags = _run(docs)
            alone[0] += pairs
            alone[1] += flags
        dt, _peak, pairs, flags = _run([d for d, _ in rows])
        change = (flags - alone[1]) / max(1, alone[1])
        print(f"ecbplus {len(by)} clusters: each alone {alone[0]} pairs, {alone[1]} flags; "
              f"mixed in one run {pairs} pairs, {flags} flags ({change:+.1%}) in {dt:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
