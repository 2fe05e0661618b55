"""Throughput of the whole extract stage (segment + extract) over bulk real news.

Streams ``../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz`` (one JSON article per line:
id, source, date, title, text) through an ``xz -dc`` child process (the lzma module when xz
is missing), one line at a time, and runs
``get_extractor().extract(Document(...))`` on each article, exactly what
``factcheck.extract_claims`` does per document. Nothing is kept between documents but
counters, so memory must stay flat however many documents go through.

Reported:

* MB/s: millions of *characters* of article text (the ``text`` field; titles are not
  extracted) per second of wall time spent in segment + extract, on one core (the process is
  single-threaded; on Linux it is pinned to one CPU, and the xz child runs on the others so
  that decompression does not share the measured core). Reading and JSON-decoding the xz
  stream is timed separately and not included. The one-time set-up (compiling the rules,
  loading pint's registry) is timed apart and not included either.
* documents/s and claims/s over the same time. Times are CPU seconds of this process
  (``time.process_time``), so other jobs on the machine do not count against it; the wall
  figure is printed beside it;
* peak RSS (``resource.getrusage``) after the first 10% of documents and at the end. The
  decoder's 64 MiB dictionary lives in the xz child, so growth here is the extractor's.

Usage::

    python3 bench/throughput.py [PATH] [--limit N] [--profile]

Target (issue 3): at least 1.2 MB/s on one core, aiming for 4 MB/s.
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".." / "shared" / "eval" / "corpus" / "reuters_fin_sample20k.jsonl.xz"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name  # noqa: E402

from factcheck.extract import get_extractor  # noqa: E402
from factcheck.models import Document  # noqa: E402


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def articles(path: Path):
    """JSON articles, one a line. The corpus is xz with a 64 MiB dictionary: liblzma's decoder
    touches that buffer page by page as the stream goes through, so in-process decompression
    grows this process's RSS by up to 64 MB over the run whatever the extractor does. An
    ``xz -dc`` child process keeps that memory out of the figure measured here; without xz on
    PATH the lzma module is used (and the figure includes the dictionary)."""
    xz = shutil.which("xz")
    if xz is None:
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            yield from _decode(fh)
        return
    with subprocess.Popen([xz, "-dc", str(path)], stdout=subprocess.PIPE,
                          preexec_fn=_off_our_cpu) as proc:
        assert proc.stdout is not None
        try:
            yield from _decode(io.TextIOWrapper(proc.stdout, encoding="utf-8"))
        finally:
            proc.kill()


def _off_our_cpu() -> None:
    """In the xz child: run on the CPUs this process is not pinned to (when there are any),
    so decompression does not share the measured core with the extractor."""
    if not hasattr(os, "sched_setaffinity"):
        return
    ours = os.sched_getaffinity(0)
    others = set(range(os.cpu_count() or 1)) - ours
    if others:
        try:
            os.sched_setaffinity(0, others)
        except OSError:
            pass


def _decode(fh):
    for line in fh:
        line = line.strip()
        if line:
            yield json.loads(line)


def count_lines(path: Path) -> int:
    # through xz too: decompressing in-process would fill the 64 MiB dictionary here
    xz = shutil.which("xz")
    if xz is not None:
        with subprocess.Popen([xz, "-dc", str(path)], stdout=subprocess.PIPE) as proc:
            assert proc.stdout is not None
            return sum(1 for _ in proc.stdout)
    n = 0
    with lzma.open(path, "rb") as fh:
        for _ in fh:
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=None, help="documents to process (default all)")
    ap.add_argument("--profile", action="store_true", help="cProfile the extract calls")
    ap.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    args = ap.parse_args(argv)

    path = Path(args.path)
    if not path.exists():
        print(f"throughput: corpus not found: {path} (skipped)", file=sys.stderr)
        return 0
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        except OSError:
            pass

    total_docs = args.limit if args.limit is not None else count_lines(path)
    tenth = max(1, total_docs // 10)

    # one-time set-up (compiling the rules, loading pint's registry) is timed apart
    t_setup = time.perf_counter()
    ex = get_extractor()
    ex.units.registry  # noqa: B018 - loaded lazily on the first unit pint must convert
    ex.extract(Document(id="warm-up", text="Prices rose 5% to $1.2 billion, about 3,000 people "
                                           "said, 4 km away and 20 kg heavier."))
    t_setup = time.perf_counter() - t_setup

    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()

    docs = chars = claims = quantities = 0
    busy = cpu = 0.0
    rss_tenth = None
    wall0 = time.perf_counter()
    for art in articles(path):
        if args.limit is not None and docs >= args.limit:
            break
        text = art.get("text") or ""
        doc = Document(id=str(art.get("id", docs)), text=text, source=art.get("source"),
                       date=art.get("date"), title=art.get("title"))
        t0 = time.perf_counter()
        c0 = time.process_time()
        if prof is not None:
            prof.enable()
        out = ex.extract(doc)
        if prof is not None:
            prof.disable()
        cpu += time.process_time() - c0
        busy += time.perf_counter() - t0
        docs += 1
        chars += len(text)
        claims += len(out)
        quantities += sum(1 for c in out if c.kind == "quantity")
        del out
        if docs == tenth:
            rss_tenth = peak_rss_mb()
    wall = time.perf_counter() - wall0
    rss_end = peak_rss_mb()

    busy = busy or 1e-9
    cpu = cpu or 1e-9
    mbs = chars / 1e6 / cpu
    print(f"corpus: {path.name}  documents: {docs:,}  text: {chars / 1e6:.1f} M characters")
    print(f"extract stage (segment + extract), one core: {mbs:.2f} MB/s per CPU-second "
          f"({chars / 1e6 / busy:.2f} MB/s wall); MB = million characters of article text")
    print(f"  {docs / cpu:,.1f} documents/s, {claims / cpu:,.0f} claims/s "
          f"({quantities / cpu:,.0f} quantity claims/s) per CPU-second; {claims:,} claims, "
          f"{quantities:,} quantities")
    print(f"  CPU time in extract {cpu:.1f} s (wall {busy:.1f} s); "
          f"wall incl. xz + JSON decoding {wall:.1f} s; "
          f"one-time set-up (rules, pint registry) {t_setup:.1f} s, not counted")
    reader = "xz -dc child process, not counted" if shutil.which("xz") else \
        "in-process lzma, counted: its 64 MiB dictionary fills as the stream is read"
    print(f"peak RSS: {rss_tenth if rss_tenth is not None else float('nan'):.1f} MB after the "
          f"first 10% ({tenth:,} documents), {rss_end:.1f} MB at the end ({docs:,} documents); "
          f"decompression: {reader}")
    print(f"machine: {cpu_name()}, os.cpu_count()={os.cpu_count()}, "
          f"Python {platform.python_version()}")
    target = "meets" if mbs >= 1.2 else "below"
    print(f"target 1.2 MB/s per core (aim 4): {target}")
    if prof is not None:
        import pstats

        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
