"""Benchmark the archive index: index throughput, peak memory, store size, check latency.

Builds archives from ../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz (20,000 Reuters
stories, 59 M characters) and from scaled copies of it (ids changed: copy k of article X is
``X~k``), e.g. 100,000 and 500,000 articles. Each larger archive starts as a copy of the
previous one and indexes only the added copies, so the index rate is measured on new text.

For each size it prints: index MB/s (characters of article text per second, all cores),
peak resident memory of the indexing processes, store size on disk, and the latency of
checking a three-sentence draft (median of 7 warm runs, after one cold run).

Usage: python3 bench/archive.py [--sizes 20000,100000,500000] [--jobs 2] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import lzma
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name  # noqa: E402

from factcheck import Document  # noqa: E402
from factcheck.archive import check_against_archive, index_documents  # noqa: E402

CORPUS = ROOT.parent / "shared" / "eval" / "corpus" / "reuters_fin_sample20k.jsonl.xz"
DRAFT = (
    "Crude oil futures rose 2.1 percent to $74.50 a barrel on Tuesday, traders said. "
    "The Federal Reserve kept its benchmark interest rate at 5.25 percent. "
    "Exxon Mobil said second-quarter profit fell 12 percent to $7.9 billion."
)


def stream(path: Path, copy: int) -> Iterator[Document]:
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            doc_id = str(d["id"]) if copy == 0 else f"{d['id']}~{copy}"
            yield Document(id=doc_id, text=d.get("text") or "", source=d.get("source"),
                           date=(d.get("date") or None) and str(d["date"])[:10],
                           title=d.get("title"))


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(CORPUS))
    ap.add_argument("--sizes", default="20000,100000,500000")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--check-only", action="store_true",
                    help="time checks against archives already built in --workdir")
    args = ap.parse_args()
    path = Path(args.path)
    if not path.exists():
        print(f"bench/archive.py: {path} not found; skipping", file=sys.stderr)
        return 0
    base = sum(1 for _ in lzma.open(path, "rt", encoding="utf-8"))
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="fc-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}")
    print(f"corpus: {path.name}, {base:,} articles; jobs={args.jobs}; workdir={work}")
    print(f"{'articles':>9} {'index MB/s':>10} {'new MB':>8} {'seconds':>8} {'peak RSS MB':>11} "
          f"{'store MB':>9} {'check cold s':>12} {'check warm ms':>13} {'findings':>8}")
    prev_db: Path | None = None
    done_copies = 0
    for size in sizes:
        db = work / f"archive-{size}.db"
        if prev_db is not None and not db.exists():
            shutil.copy(prev_db, db)
            for ext in ("-wal", "-shm"):
                if Path(str(prev_db) + ext).exists():
                    shutil.copy(str(prev_db) + ext, str(db) + ext)
        copies = -(-size // base)
        chars = 0
        t0 = time.perf_counter()
        for k in range(done_copies, copies if not args.check_only else done_copies):
            remaining = size - k * base
            docs = stream(path, k)
            if remaining < base:
                docs = itertools.islice(docs, remaining)
            stats = index_documents(docs, db, jobs=args.jobs, batch=500)
            chars += stats["chars"]
        elapsed = time.perf_counter() - t0
        done_copies = copies
        draft = Document(id="draft", text=DRAFT)
        t1 = time.perf_counter()
        rep = check_against_archive([draft], db)
        cold = time.perf_counter() - t1
        warm = []
        for _ in range(7):
            t2 = time.perf_counter()
            rep = check_against_archive([draft], db)
            warm.append(time.perf_counter() - t2)
        store = sum(p.stat().st_size for p in work.glob(f"archive-{size}.db*")) / 1e6
        rate = chars / 1e6 / elapsed if elapsed else float("nan")
        print(f"{size:>9,} {rate:>10.2f} {chars / 1e6:>8.1f} {elapsed:>8.0f} {peak_rss_mb():>11.0f} "
              f"{store:>9.0f} {cold:>12.2f} {1000 * statistics.median(warm):>13.0f} "
              f"{len(rep.findings):>8}", flush=True)
        prev_db = db
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
