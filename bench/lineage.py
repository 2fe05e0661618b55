"""Benchmark wire lineage (factcheck/lineage.py): time and memory on bulk real news.

For each corpus in ../shared/eval/corpus (the 20,000 Reuters stories, the ECB+ and BASIL
clusters) it runs ``find_lineage`` over every article and prints: articles, characters,
CPU and wall seconds for the fingerprints (shingles and anchors) and for pairing and
grouping, peak resident memory (of this process: run one corpus per process with
``--corpus`` for a clean figure), copied sentence pairs, lineage groups (copy / quote) and
two measured recalls, against sentences found in two to ``[copy] max_posting`` documents by
brute-force hashing (more documents: boilerplate, not followed on purpose):

- ``verbatim``: the same words and the same figures (a sentence copied whole);
- ``masked``: the same words with every number masked, which also counts one formula filled
  in for unrelated stories ("net income rose to $X million, or Y cents a share"): those
  are not copies, and lineage leaves them out on purpose (``[copy] formula_share``).

The script also runs against an older factcheck (``PYTHONPATH=...``) whose fingerprints have
no ``compact`` form, so before and after are measured by one script.

Usage: python3 bench/lineage.py [--limit N] [--corpus reuters|ecbplus|basil]
"""

from __future__ import annotations

import argparse
import inspect
import json
import lzma
import os
import platform
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
if "factcheck" not in sys.modules and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from _machine import cpu_name

from factcheck import Document
from factcheck.lineage import find_lineage, fingerprint, normal_words, settings_of
from factcheck.rules import load_rules

CORPORA = ROOT.parent / "shared" / "eval" / "corpus"
FILES = {"ecbplus": "clusters_ecbplus.jsonl.xz", "basil": "clusters_basil.jsonl.xz",
         "reuters": "reuters_fin_sample20k.jsonl.xz"}
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|\d+(?:[.,:]\d+)*")


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


def exact_recall(docs: list[Document], prints, result, cap: int) -> dict[str, tuple[int, float]]:
    """Duplicate sentences across documents (verbatim, and with numbers masked), and the
    share of their pairs found."""
    by_id = {d.id: d for d in docs}
    found = set()
    for c in result.copies:
        found.add((c.a.doc, c.a.start, c.b.doc, c.b.start))
        found.add((c.b.doc, c.b.start, c.a.doc, c.a.start))
    keys = {"verbatim": lambda t: " ".join(_WORDS.findall(t.lower())),
            "masked": lambda t: " ".join(normal_words(t))}
    out = {}
    for name, key in keys.items():
        seen: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for fp in prints:
            text = by_id[fp.doc].text
            for s in fp.sentences:
                seen[key(text[s.start : s.end])].append((s.doc, s.start))
        gold = hit = 0
        for places in seen.values():
            if not 2 <= len({d for d, _ in places}) <= cap:
                continue  # boilerplate is not followed on purpose
            for i, (da, sa) in enumerate(places):
                for db, sb in places[i + 1 :]:
                    if da != db:
                        gold += 1
                        hit += (da, sa, db, sb) in found
        out[name] = (gold, hit / gold if gold else float("nan"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--corpus", choices=sorted(FILES), action="append")
    args = ap.parse_args()
    if not CORPORA.exists():
        print("bench/lineage.py: ../shared/eval/corpus not found; skipping", file=sys.stderr)
        return 0
    rules = load_rules()
    cap = settings_of(rules).max_posting
    compact = "compact" in inspect.signature(fingerprint).parameters
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}"
          " (one process; other jobs may share the CPU)")
    import factcheck
    print(f"factcheck from {Path(factcheck.__file__).parent}; compact fingerprints: {compact}")
    print(f"{'corpus':10} {'articles':>8} {'M chars':>7} {'print cpu':>9} {'pair cpu':>8} "
          f"{'wall s':>6} {'peak MB':>7} {'pairs':>7} {'copy':>5} {'quote':>5} "
          f"{'verbatim':>8} {'recall':>6} {'masked':>7} {'recall':>6}")
    for corpus in args.corpus or ("ecbplus", "basil", "reuters"):
        docs = load(FILES[corpus], args.limit)
        w0, t0 = time.perf_counter(), time.process_time()
        prints = [fingerprint(d, rules, **({"compact": True, "vectorised": True} if compact
                                           else {})) for d in docs]
        t1 = time.process_time()
        result = find_lineage(docs, rules, prints=prints)
        t2, w2 = time.process_time(), time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rec = exact_recall(docs, prints, result, cap)
        kinds = [g.kind for g in result.lineages]
        print(f"{corpus:10} {len(docs):>8,} {sum(len(d.text) for d in docs) / 1e6:>7.1f} "
              f"{t1 - t0:>9.1f} {t2 - t1:>8.1f} {w2 - w0:>6.1f} {peak:>7.0f} "
              f"{len(result.copies):>7,} {kinds.count('copy'):>5} {kinds.count('quote'):>5} "
              f"{rec['verbatim'][0]:>8,} {rec['verbatim'][1]:>6.3f} "
              f"{rec['masked'][0]:>7,} {rec['masked'][1]:>6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
