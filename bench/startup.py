"""Start-up and the cold CLI check against a 20,000-story archive (issue 17, item 3).

Builds (or reuses, by content hash) an archive of the 20,000 Reuters stories of
../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz under ``--workdir``, the way
bench/archive.py and bench/desk.py do, then times ``factcheck check DRAFT --against
archive.db`` in fresh subprocesses, each a cold start of the CLI (``python -m factcheck``):
the median wall time and the median user+sys CPU time of ``--runs`` runs, per draft.

Drafts: a desk draft of the golden set (tests/fixtures/desk/37_ecbplus.md, ~150 words, a
story the archive knows little about) and a ~300-word financial draft written under
``--workdir`` from a Reuters story of the corpus (its first paragraphs, figures changed), so
that its figures meet many candidates in the archive.

Then the breakdown of one cold check, each part timed in a fresh interpreter: importing
the heavy third-party modules (pandas, pint, rich, typer, wordfreq, selectolax,
markdown-it), importing factcheck's CLI, loading the rules, building the unit registry and
the extractor (from the compiled-rules cache and without it), opening the archive, and the
check itself; and the modules a cold check imports (is pandas among them?).

With ``--no-cache`` the runs set FACTCHECK_CACHE=off (the compiled-rules cache is not read
or written): the cost of a first run after a rules edit or an upgrade.

The timed processes run with bytecode written (``PYTHONPYCACHEPREFIX`` under the work
directory), as an installed package has it: with ``PYTHONDONTWRITEBYTECODE`` set, every
start would compile factcheck's sources again (about 0.3 s more).

Usage::

    python3 bench/startup.py [--workdir /tmp/factcheck-startup] [--runs 15] [--jobs 2]
    python3 bench/startup.py --no-cache        # the first run after a rules edit or upgrade
    python3 bench/startup.py --corpus PATH     # another copy of reuters_fin_sample20k
    python3 bench/startup.py --importtime      # also: python -X importtime, top 25 modules
    python3 bench/startup.py --profile         # also: cProfile of one cold check, top 25
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _machine import cpu_name

CORPUS = ROOT.parent / "shared" / "eval" / "corpus"
REUTERS = CORPUS / "reuters_fin_sample20k.jsonl.xz"
DESK_DRAFT = ROOT / "tests" / "fixtures" / "desk" / "37_ecbplus.md"
HEAVY = ("pandas", "numpy", "dask", "pint", "pydantic", "rich", "typer", "wordfreq",
         "selectolax", "markdown_it", "rapidfuzz", "multiprocessing")


def _env(work: Path, **extra: str) -> dict[str, str]:
    """The environment of the timed processes: this checkout first on the path; bytecode
    written (under the work directory), as ``pip install`` leaves an installed package; the
    compiled-rules cache under the work directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["FACTCHECK_CACHE_DIR"] = str(work / "cache")
    env.update(extra)
    return env


def reuters() -> Iterator[dict]:
    with lzma.open(REUTERS, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def build_archive(db: Path, jobs: int) -> None:
    """The Reuters stories indexed into ``db`` (unchanged stories are skipped by hash)."""
    from factcheck import Document
    from factcheck.archive import index_documents

    docs = (Document(id=str(d["id"]), text=d.get("text") or "", source=d.get("source") or None,
                     date=(d.get("date") or None) and str(d["date"])[:10],
                     title=d.get("title") or None) for d in reuters())
    t0 = time.perf_counter()
    stats = index_documents(docs, db, jobs=jobs)
    print(f"archive {db}: {stats['indexed']} indexed, {stats['skipped']} already there "
          f"({time.perf_counter() - t0:.0f} s)")


def financial_draft(work: Path, words: int = 300) -> Path:
    """A ~300-word draft from the first Reuters story with enough figures, each of its
    first figures nudged by 10 %, so that the check has conflicts to find."""
    for d in reuters():
        text = d.get("text") or ""
        if len(text.split()) < words or len(re.findall(r"\d", text)) < 40:
            continue
        body, n = [], 0
        for para in text.split("\n"):
            if n >= words:
                break
            body.append(para)
            n += len(para.split())
        draft = "\n".join(body)

        def nudge(m: re.Match) -> str:
            v = m.group(0)
            return str(round(float(v) * 1.1, 1)) if "." in v else str(int(v) * 11 // 10)

        draft = re.sub(r"(?<![\d.,])\d+(?:\.\d+)?(?![\d,])", nudge, draft, count=6)
        date = str(d.get("date") or "")[:10]
        path = work / "financial-draft.md"
        path.write_text(f"---\ntitle: {d.get('title') or 'Draft'}\ndate: {date}\n"
                        f"source: Our desk\n---\n\n{draft}\n", encoding="utf-8")
        return path
    raise SystemExit("bench/startup.py: no Reuters story long enough for a draft")


def timed_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall s, user+sys CPU s, exit code, stdout) of one fresh subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stdout


def cold_checks(draft: Path, db: Path, runs: int, env: dict[str, str]) -> tuple[float, float,
                                                                                  str, int]:
    cmd = [sys.executable, "-m", "factcheck", "check", str(draft), "--against", str(db),
           "--format", "json"]
    timed_run(cmd, env)  # fills the compiled-rules cache (when on) and the OS file cache
    walls, cpus, outs, codes = [], [], set(), set()
    for _ in range(runs):
        wall, cpu, code, out = timed_run(cmd, env)
        walls.append(wall)
        cpus.append(cpu)
        outs.add(out)
        codes.add(code)
    if len(outs) != 1 or not codes <= {0, 1}:
        raise SystemExit(f"bench/startup.py: runs disagree or failed (exit codes {codes})")
    report = json.loads(outs.pop())
    drafts = {d["id"] for d in report["documents"] if d["id"].startswith("draft:")}
    figures = sum(1 for c in report["claims"] if c["doc"] in drafts)
    return statistics.median(walls), statistics.median(cpus), f"exit {codes.pop()}", figures


# One cold check taken apart, in the order the CLI does it: each step timed after the ones
# before it, in one fresh interpreter, printed as JSON lines [step, seconds].
_STEPS = r"""
import json, sys, time
marks = [time.perf_counter(), time.process_time()]
def step(name):
    now = [time.perf_counter(), time.process_time()]
    print(json.dumps([name, now[0] - marks[0], now[1] - marks[1]]), flush=True)
    marks[:] = [time.perf_counter(), time.process_time()]
draft, db = sys.argv[1], sys.argv[2]
import factcheck.cli; step("import factcheck.cli (typer, rich, factcheck's modules)")
import typer.main; typer.main.get_command(factcheck.cli.app); step("typer builds the commands")
from factcheck.rules import load_rules
rules = load_rules(); step("read rules/ (TOML, validated)")
from factcheck.units import unit_table
unit_table(rules); step("unit table (pint's answers: registry or cache)")
from factcheck.extract import get_extractor
get_extractor(rules); step("extractor (compile patterns and lexicons)")
from factcheck.match import get_matcher
get_matcher(rules); step("matcher")
from factcheck.inputs import load_documents
docs = load_documents([draft]); step("read the draft (Markdown)")
docs = [d.__class__(**{**d.__dict__, "id": f"draft:{d.id}"}) for d in docs]
from factcheck.archive import connect
connect(db).close(); step("open the archive")
from factcheck.pipeline import check_documents
rep = check_documents(docs, archives=[db], rules=rules)
step("the check (extract, candidates, pair, compare)")
check_documents(docs, archives=[db], rules=rules); step("(the same check again, warm)")
"""

# Each heavy third-party module imported alone in a fresh interpreter (its own imports
# included, so the figures overlap: pandas and pint both import numpy).
_IMPORT = "import sys, time; t0 = time.perf_counter(); __import__(sys.argv[1]); " \
          "print(time.perf_counter() - t0)"
_MODULES = ("pandas", "numpy", "pint", "rich.console", "typer", "wordfreq", "selectolax.lexbor",
            "markdown_it", "rapidfuzz", "factcheck", "factcheck.cli")


def breakdown(draft: Path, db: Path, env: dict[str, str], runs: int = 5
              ) -> tuple[list[tuple[str, float, float]], list[tuple[str, float]]]:
    """(the steps of one cold check, the import time of each heavy module alone), medians."""
    per: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _STEPS, str(draft), str(db)], env=env,
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            name, wall, cpu = json.loads(line)
            per.setdefault(name, []).append((wall, cpu))
    imports = []
    for mod in _MODULES:
        secs = [float(subprocess.run([sys.executable, "-c", _IMPORT, mod], env=env,
                                     capture_output=True, text=True, check=True).stdout)
                for _ in range(3)]
        imports.append((mod, statistics.median(secs)))
    steps = [(name, statistics.median(w for w, _c in v), statistics.median(c for _w, c in v))
             for name, v in per.items()]
    return steps, imports


def importtime(env: dict[str, str], argv: list[str], top: int = 20) -> None:
    """``python -X importtime``: the modules' own import times summed per top-level package
    (factcheck per module)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "factcheck", *argv],
                          env=env, capture_output=True, text=True, check=False)
    per: dict[str, list[int]] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:
            name = m.group(2)
            key = name if name.startswith("factcheck") else name.split(".")[0]
            per.setdefault(key, []).append(int(m.group(1)))
    total = sum(sum(v) for v in per.values())
    n = sum(len(v) for v in per.values())
    print(f"\npython -X importtime -m factcheck {' '.join(argv)}: {total / 1000:.0f} ms in "
          f"{n} modules; by package:")
    for name, us in sorted(per.items(), key=lambda kv: -sum(kv[1]))[:top]:
        print(f"  {sum(us) / 1000:8.1f} ms  {name} ({len(us)} modules)")


def profile(draft: Path, db: Path, env: dict[str, str], top: int = 25) -> None:
    with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as fh:
        out = fh.name
    subprocess.run([sys.executable, "-m", "cProfile", "-o", out, "-m", "factcheck", "check",
                    str(draft), "--against", str(db), "--format", "json"], env=env,
                   capture_output=True, check=False)
    import pstats

    print(f"\ncProfile of one cold check (top {top} by cumulative time):")
    pstats.Stats(out).sort_stats("cumulative").print_stats(top)
    os.unlink(out)


def main() -> int:
    global REUTERS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", default="/tmp/factcheck-startup")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-cache", action="store_true",
                    help="runs with FACTCHECK_CACHE=off (no compiled-rules cache)")
    ap.add_argument("--importtime", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--corpus", default=str(REUTERS), help="the Reuters stories (.jsonl.xz)")
    args = ap.parse_args()
    REUTERS = Path(args.corpus)
    if not REUTERS.is_file():
        print(f"bench/startup.py: {REUTERS} not found; skipping", file=sys.stderr)
        return 0
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from factcheck.archive import SCHEMA

    db = work / f"reuters20k-schema{SCHEMA}.db"  # an archive of another schema is refused
    build_archive(db, args.jobs)
    if args.build_only:
        return 0
    drafts = [DESK_DRAFT, financial_draft(work)]
    env = _env(work, FACTCHECK_CACHE="off") if args.no_cache else _env(work)
    print(f"machine: {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f} (shared: wall times may be contended)")
    print(f"compiled-rules cache: {'off' if args.no_cache else 'on'}")
    print(f"\ncold `factcheck check DRAFT --against {db.name} --format json`, "
          f"median of {args.runs} fresh processes:")
    print(f"  {'draft':28} {'words':>5} {'figures':>7} {'wall ms':>8} {'user+sys ms':>11}")
    for draft in drafts:
        wall, cpu, code, figures = cold_checks(draft, db, args.runs, env)
        words = len(draft.read_text(encoding="utf-8").split())
        print(f"  {draft.name:28} {words:>5} {figures:>7} {wall * 1000:>8.0f} "
              f"{cpu * 1000:>11.0f}  ({code})")
    wall, cpu, _code, _out = timed_run([sys.executable, "-m", "factcheck", "--help"], env)
    print(f"  {'factcheck --help':28} {'':>5} {'':>7} {wall * 1000:>8.0f} {cpu * 1000:>11.0f}")
    wall, cpu, _code, _out = timed_run([sys.executable, "-c", "pass"], env)
    print(f"  {'python -c pass':28} {'':>5} {'':>7} {wall * 1000:>8.0f} {cpu * 1000:>11.0f}")

    steps, imports = breakdown(drafts[0], db, env)
    print(f"\nbreakdown of one cold check of {drafts[0].name} (median of 5 fresh interpreters; "
          "each step after the ones above it):")
    print(f"  {'wall ms':>8} {'CPU ms':>8}")
    for name, wall, cpu in steps:
        print(f"  {wall * 1000:8.1f} {cpu * 1000:8.1f}  {name}")
    print("\neach module imported alone in a fresh interpreter (median of 3; overlapping):")
    for name, secs in imports:
        print(f"  {secs * 1000:8.1f} ms  import {name}")
    probe = ("import sys; sys.argv = ['factcheck', 'check', sys.argv[1], '--against', "
             "sys.argv[2], '--format', 'json']\ntry:\n    from factcheck.cli import app\n"
             "    app()\nexcept SystemExit:\n    pass\n"
             f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)")
    for draft in drafts:
        proc = subprocess.run([sys.executable, "-c", probe, str(draft), str(db)], env=env,
                              capture_output=True, text=True, check=False)
        print(f"\nheavy modules a cold check of {draft.name} imports: "
              f"{proc.stderr.strip().splitlines()[-1]}")
    if args.importtime:
        importtime(env, ["--help"])
        importtime(env, ["check", str(drafts[0]), "--against", str(db), "--format", "json"])
    if args.profile:
        profile(drafts[1], db, env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
