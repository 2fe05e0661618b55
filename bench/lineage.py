"""Benchmark wire lineage (factcheck/lineage.py): time and memory on bulk real news.

For each corpus in ../shared/eval/corpus (the 20,000 Reuters stories, the ECB+ clusters) it
runs ``find_lineage`` over every article and prints: articles, characters, seconds for the
fingerprints (shingles and anchors) and for pairing and grouping, peak resident memory
(of this process), copied sentence pairs, lineage groups (copy / quote) and, as a measured
recall, the share of exact duplicate sentences (same normalised words, at least
``[copy] min_words`` words, in two documents: found by brute-force hashing) that the anchor
index finds.

Usage: python3 bench/lineage.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name

from factcheck import Document
from factcheck.lineage import find_lineage, fingerprint, normal_words
from factcheck.rules import load_rules

CORPORA = ROOT.parent / "shared" / "eval" / "corpus"


def load(name: str, limit: int | None) -> list[Document]:
    docs = []
    with lzma.open(CORPORA / name, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs.append(Document(id=str(d["id"]), text=d.get("text") or "", source=d.get("source"),
                                 date=(d.get("date") or None) and str(d["date"])[:10]))
            if limit and len(docs) >= limit:
                break
    return docs


def exact_recall(docs: list[Document], prints, result) -> tuple[int, float]:
    """Exact duplicate sentences across documents, and the share of them found."""
    by_id = {d.id: d for d in docs}
    seen: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for fp in prints:
        text = by_id[fp.doc].text
        for s in fp.sentences:
            seen[" ".join(normal_words(text[s.start : s.end]))].append((s.doc, s.start))
    found = set()
    for c in result.copies:
        found.add((c.a.doc, c.a.start, c.b.doc, c.b.start))
        found.add((c.b.doc, c.b.start, c.a.doc, c.a.start))
    gold = hit = 0
    for places in seen.values():
        docs_of = {d for d, _ in places}
        if len(docs_of) < 2 or len(docs_of) > 60:  # boilerplate is not followed on purpose
            continue
        for i, (da, sa) in enumerate(places):
            for db, sb in places[i + 1 :]:
                if da != db:
                    gold += 1
                    hit += (da, sa, db, sb) in found
    return gold, (hit / gold if gold else float("nan"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    if not CORPORA.exists():
        print("bench/lineage.py: ../shared/eval/corpus not found; skipping", file=sys.stderr)
        return 0
    rules = load_rules()
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}"
          " (one process; other jobs may share the CPU)")
    print(f"{'corpus':32} {'articles':>8} {'M chars':>7} {'print s':>7} {'pair s':>6} "
          f"{'peak MB':>7} {'pairs':>6} {'copy':>5} {'quote':>5} {'exact':>6} {'recall':>6}")
    for name in ("clusters_ecbplus.jsonl.xz", "clusters_basil.jsonl.xz",
                 "reuters_fin_sample20k.jsonl.xz"):
        docs = load(name, args.limit)
        t0 = time.process_time()
        prints = [fingerprint(d, rules) for d in docs]
        t1 = time.process_time()
        result = find_lineage(docs, rules, prints=prints)
        t2 = time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        gold, recall = exact_recall(docs, prints, result)
        kinds = [g.kind for g in result.lineages]
        print(f"{name:32} {len(docs):>8,} {sum(len(d.text) for d in docs) / 1e6:>7.1f} "
              f"{t1 - t0:>7.1f} {t2 - t1:>6.1f} {peak:>7.0f} {len(result.copies):>6,} "
              f"{kinds.count('copy'):>5} {kinds.count('quote'):>5} {gold:>6,} {recall:>6.3f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
