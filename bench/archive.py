"""Benchmark the archive index: index throughput, peak memory, store size, check latency.

Builds archives from ../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz (20,000 Reuters
stories, 59 M characters) and from scaled copies of it (ids changed: copy k of article X is
``X~k``), e.g. 100,000 and 500,000 articles. Each larger archive starts as a copy of the
previous one and indexes only the added copies, so the index rate is measured on new text.

For each size it prints: index MB/s (characters of article text per second of wall time,
all cores) and MB per CPU-second (user + system time of the writer and its worker
processes: on a machine shared with other jobs the wall rate varies, the CPU rate much
less), peak resident memory of the writer and of the largest worker, store size on disk,
the latency of checking a three-sentence draft (median of 7 warm runs, after one cold
run), and the time ``load_claims`` takes to read every claim into a DataFrame (and one
filtered read: one source, one month). The load average is printed with each row.

Usage: python3 bench/archive.py [--sizes 20000,100000] [--jobs 2] [--workdir DIR]
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
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name

from factcheck import Document
from factcheck.archive import check_against_archive, index_documents

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


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process (the writer) and of the largest worker, MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024, children / 1024


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


LOAD = """
import json, statistics, sys, time
from factcheck.archive import load_claims
kwargs = json.loads(sys.argv[2])
walls, cpus = [], []
for _ in range(3):
    t, c = time.perf_counter(), time.process_time()
    frame = load_claims(sys.argv[1], **kwargs)
    walls.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
print(json.dumps([statistics.median(walls), statistics.median(cpus), len(frame)]))
"""


def timed_load(db: Path, **kwargs: object) -> tuple[float, float, int]:
    """Median wall and CPU seconds of three load_claims calls, and the rows returned; in a
    child process, so that the DataFrame's memory is not counted as the writer's."""
    out = subprocess.run([sys.executable, "-c", LOAD, str(db), json.dumps(kwargs)],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall, cpu, rows = json.loads(out.stdout)
    return wall, cpu, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(CORPUS))
    ap.add_argument("--sizes", default="20000,100000")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--check-only", action="store_true",
                    help="time checks against archives already built in --workdir")
    args = ap.parse_args()
    path = Path(args.path)
    if not path.exists():
        print(f"bench/archive.py: {path} not found; skipping", file=sys.stderr)
        return 0
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        base = sum(1 for _ in fh)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="fc-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}")
    print(f"corpus: {path.name}, {base:,} articles; jobs={args.jobs}; workdir={work}")
    print(f"{'articles':>9} {'index MB/s':>10} {'MB/CPU-s':>8} {'new MB':>7} {'seconds':>8} "
          f"{'CPU-s':>7} {'RSS writer':>10} {'RSS worker':>10} {'store MB':>9} "
          f"{'check cold s':>12} {'check warm ms':>13} {'warm CPU ms':>11} {'findings':>8} "
          f"{'load avg':>8}")
    prev_db: Path | None = None
    done_copies = 0
    built: list[tuple[int, Path]] = []
    for size in sizes:
        db = work / f"archive-{size}.db"
        if prev_db is not None and not db.exists():
            shutil.copy(prev_db, db)
            for ext in ("-wal", "-shm"):
                if Path(str(prev_db) + ext).exists():
                    shutil.copy(str(prev_db) + ext, str(db) + ext)
        copies = -(-size // base)
        chars = 0
        t0, c0 = time.perf_counter(), cpu_seconds()
        for k in range(done_copies, copies if not args.check_only else done_copies):
            remaining = size - k * base
            docs = stream(path, k)
            if remaining < base:
                docs = itertools.islice(docs, remaining)
            stats = index_documents(docs, db, jobs=args.jobs, batch=500)
            chars += stats["chars"]
        elapsed = time.perf_counter() - t0
        cpu = cpu_seconds() - c0
        done_copies = copies
        draft = Document(id="draft", text=DRAFT)
        t1 = time.perf_counter()
        rep = check_against_archive([draft], db)
        cold = time.perf_counter() - t1
        warm, warm_cpu = [], []
        for _ in range(7):
            t2, c2 = time.perf_counter(), time.process_time()
            rep = check_against_archive([draft], db)
            warm.append(time.perf_counter() - t2)
            warm_cpu.append(time.process_time() - c2)
        store = sum(p.stat().st_size for p in work.glob(f"archive-{size}.db*")) / 1e6
        rate = chars / 1e6 / elapsed if elapsed else float("nan")
        per_cpu = chars / 1e6 / cpu if cpu else float("nan")
        writer, worker = peak_rss_mb()
        print(f"{size:>9,} {rate:>10.2f} {per_cpu:>8.2f} {chars / 1e6:>7.1f} {elapsed:>8.0f} "
              f"{cpu:>7.0f} {writer:>10.0f} {worker:>10.0f} {store:>9.0f} {cold:>12.2f} "
              f"{1000 * statistics.median(warm):>13.0f} "
              f"{1000 * statistics.median(warm_cpu):>11.0f} {len(rep.findings):>8} "
              f"{os.getloadavg()[0]:>8.1f}", flush=True)
        prev_db = db
        built.append((size, db))
    # load_claims in child processes, after every index is built (its DataFrame's memory is
    # then never counted as the indexing processes')
    print(f"\n{'articles':>9} {'load s':>7} {'load CPU-s':>10} {'claims':>10} "
          f"{'filtered s':>10} {'filtered CPU-s':>14} {'rows':>7}  filter")
    for size, db in built:
        load_wall, load_cpu, rows = timed_load(db)
        # one filtered read: the commonest source, over the month in the middle of the dates
        with sqlite3.connect(db) as conn:
            dates = conn.execute("SELECT date FROM documents WHERE date IS NOT NULL "
                                 "ORDER BY date").fetchall()
            day = dates[len(dates) // 2][0][:7] if dates else "2000-01"
            row = conn.execute("SELECT source FROM documents WHERE source IS NOT NULL "
                               "GROUP BY source ORDER BY count(*) DESC LIMIT 1").fetchone()
        source = row[0] if row else None
        f_wall, f_cpu, f_rows = timed_load(db, since=day + "-01", until=day + "-31",
                                           source=source)
        print(f"{size:>9,} {load_wall:>7.2f} {load_cpu:>10.2f} {rows:>10,} {f_wall:>10.3f} "
              f"{f_cpu:>14.3f} {f_rows:>7,}  {source}, {day}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
