"""Benchmark ``factcheck serve``: latency, throughput and memory of POST /api/check.

Against an archive index of the Reuters stories of
../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz (the first ``--stories``, default all
20,000; built once with ``factcheck.index.index_documents`` and cached under
``--workdir``), a ``factcheck serve`` subprocess on a free localhost port is sent:

1. ``--sequential`` (200) POST /api/check one after another over one keep-alive
   connection: p50 and p99 latency (issue 17: p50 <= 30 ms, p99 <= 100 ms);
2. ``--concurrent-requests`` (100) more from ``--clients`` (4) threads, each with its own
   connection: errors and throughput (requests per second);
3. more sequential requests up to ``--memory-requests`` (1,000) in all: the server's
   resident memory (VmRSS) after 100 and after the last (issue 17: within 10 %).

The drafts are ~300-word rewrites of archived stories, the way a desk uses the archive: the
first 300 words of a story (every 97th of the archive, cycled), with one figure's leading
digit changed so each draft carries a planted conflict. A draft's id is its own
(``draft:...``), so it is checked against the story it came from like any other.

Usage::

    python3 bench/serve.py [--stories 20000] [--workdir /tmp/factcheck-serve] [--db FILE]
        [--sequential 200] [--clients 4] [--concurrent-requests 100] [--memory-requests 1000]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import lzma
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name

from factcheck import Document
from factcheck.archive import index_documents

REUTERS = ROOT.parent / "shared" / "eval" / "corpus" / "reuters_fin_sample20k.jsonl.xz"
DRAFT_WORDS = 300
_FIGURE = re.compile(r"(?<![\w.,])([1-9])(\d*(?:[.,]\d+)?\s*(?:%|percent|million|billion|"
                     r"pct|dlrs|tonnes|tons|shares))")


def stories(limit: int) -> list[dict]:
    out = []
    with lzma.open(REUTERS, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            out.append(json.loads(line))
    return out


def documents(rows: list[dict]):
    for d in rows:
        yield Document(id=str(d["id"]), text=d.get("text") or "", source=d.get("source") or None,
                       date=(d.get("date") or None) and str(d["date"])[:10],
                       title=d.get("title") or None)


def drafts(rows: list[dict], n: int) -> list[dict]:
    """~300-word rewrites of archived stories with one planted wrong figure each."""
    out = []
    for d in rows[::97]:
        words = (d.get("text") or "").split()
        if len(words) < DRAFT_WORDS // 2:
            continue
        text = " ".join(words[:DRAFT_WORDS])
        m = _FIGURE.search(text)
        if m:
            digit = str(int(m.group(1)) % 9 + 1)
            text = text[:m.start()] + digit + m.group(2) + text[m.end():]
        out.append({"text": text, "date": str(d.get("date") or "")[:10] or None,
                    "source": "Bench desk", "name": f"bench-{d['id']}"})
        if len(out) >= n:
            break
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (robust to a CPU shared with others)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Client:
    """One keep-alive HTTP connection to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def check(self, payload: dict) -> tuple[int, float]:
        body = json.dumps(payload).encode("utf-8")
        try:
            return self._post(body)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # the server closed an idle keep-alive connection (uvicorn: after 5 s)
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return self._post(body)

    def _post(self, body: bytes) -> tuple[int, float]:
        t = time.perf_counter()
        self.conn.request("POST", "/api/check", body=body,
                          headers={"Content-Type": "application/json"})
        r = self.conn.getresponse()
        data = r.read()
        elapsed = time.perf_counter() - t
        if r.status == 200:
            json.loads(data)  # a whole JSON document came back
        return r.status, elapsed


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=20_000)
    ap.add_argument("--workdir", default="/tmp/factcheck-serve")
    ap.add_argument("--db", help="an archive index of the same stories to use (else built "
                    "under --workdir)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sequential", type=int, default=200)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--concurrent-requests", type=int, default=100)
    ap.add_argument("--memory-requests", type=int, default=1_000)
    args = ap.parse_args()
    if not REUTERS.is_file():
        print(f"bench/serve.py: {REUTERS} not found; skipping", file=sys.stderr)
        return 0
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    rows = stories(args.stories)
    db = Path(args.db) if args.db else work / f"reuters{len(rows)}.db"
    t0 = time.perf_counter()
    stats = index_documents(documents(rows), db, jobs=args.jobs)
    print(f"archive {db}: {len(rows):,} Reuters stories ({stats['indexed']:,} indexed, "
          f"{stats['skipped']:,} cached, {time.perf_counter() - t0:.0f} s)")
    payloads = drafts(rows, 200)
    words = statistics.mean(len(p["text"].split()) for p in payloads)
    print(f"{len(payloads)} drafts of {words:.0f} words on average, cycled")

    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "serve", "--against", str(db), "--port", str(port),
         "--reviewed", str(work / "reviewed.toml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=work)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                    break
            except OSError:
                if server.poll() is not None:
                    print(server.stderr.read().decode(errors="replace") if server.stderr
                          else "", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        print(f"server ready in {time.perf_counter() - t0:.1f} s "
              f"(pid {server.pid}, RSS {rss_mb(server.pid):.0f} MB)")
        feed = itertools.cycle(payloads)
        done = 0
        rss_at: dict[int, float] = {}

        def note() -> None:
            if done in (100, args.memory_requests):
                rss_at[done] = rss_mb(server.pid)

        # 1. sequential
        client = Client(port)
        times, errors = [], 0
        cpu0 = cpu_seconds(server.pid)
        for _ in range(args.sequential):
            status, elapsed = client.check(next(feed))
            times.append(elapsed)
            errors += status != 200
            done += 1
            note()
        cpu = (cpu_seconds(server.pid) - cpu0) / len(times) * 1000
        ms = [t * 1000 for t in times]
        print(f"\n1. {len(ms)} sequential POST /api/check: p50 {pct(ms, 50):.0f} ms, p90 "
              f"{pct(ms, 90):.0f} ms, p99 {pct(ms, 99):.0f} ms, max {max(ms):.0f} ms; "
              f"{errors} errors (targets: p50 <= 30 ms, p99 <= 100 ms); the server's CPU "
              f"time {cpu:.0f} ms per request")

        # 2. concurrent clients
        per = args.concurrent_requests // args.clients
        lock = threading.Lock()
        results: list[tuple[int, float]] = []
        failures: list[str] = []
        jobs = [[next(feed) for _ in range(per)] for _ in range(args.clients)]

        def run(batch: list[dict]) -> None:
            c = Client(port)
            for p in batch:
                try:
                    r = c.check(p)
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    with lock:
                        failures.append(f"{type(exc).__name__}: {exc}")
                    c = Client(port)
                    continue
                with lock:
                    results.append(r)

        threads = [threading.Thread(target=run, args=(b,)) for b in jobs]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
        bad = sum(1 for s, _ in results if s != 200) + len(failures)
        done += per * args.clients
        lat = [e * 1000 for _s, e in results]
        print(f"2. {per * args.clients} requests from {args.clients} concurrent clients: "
              f"{bad} errors, {len(results) / wall:.2f} requests/s "
              f"(sequential: {1000 / statistics.mean(ms):.2f}/s), latency p50 "
              f"{pct(lat, 50):.0f} ms, max {max(lat):.0f} ms")
        for f in failures[:5]:
            print(f"   {f}")

        # 3. memory after 100 and after --memory-requests
        while done < args.memory_requests:
            status, _e = client.check(next(feed))
            done += 1
            note()
        if 100 in rss_at and args.memory_requests in rss_at:
            a, b = rss_at[100], rss_at[args.memory_requests]
            print(f"3. server RSS after 100 requests {a:.0f} MB, after "
                  f"{args.memory_requests:,} {b:.0f} MB ({(b - a) / a * 100:+.1f} %; target "
                  "within 10 %)")
        print(f"\nmachine: {cpu_name()}, {os.cpu_count()} cores; other processes may share "
              "the CPU, so read the latencies as an upper bound")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
