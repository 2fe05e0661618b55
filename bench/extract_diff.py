"""Byte-for-byte check of the extract stage between two versions of the code.

Extracts the same articles of four real corpora in ``../shared/eval/corpus`` (Reuters
financial news, BBC News, ECB+ and BASIL clusters; by default the first 4,000 Reuters
stories and all of the other three: 7,507 articles) with each version's
``get_extractor().extract(Document(...))`` (what ``factcheck extract`` and the benches
run per document), and writes a canonical digest: one JSON line per document with its id,
the language the extractor reads it in, and every claim with every field of
``models.Claim`` (value, low, high as the exact Decimal text, SI floats as ``repr``, spans,
line and column, unit, role, context fields, concept keys, number_format, ...); the
sentence is kept as a SHA-1 of its text and its start.

Each version runs in a child interpreter with its checkout first on ``sys.path`` (the venv's
editable install is never imported). Two versions are compared document by document and
claim by claim: the differing documents and claims are printed and the exit status is 1 if
there are any, 0 if the digests are identical.

Usage::

    python3 bench/extract_diff.py --repo /work/wt-base --repo .       # compare two trees
    python3 bench/extract_diff.py --repo . --save /tmp/main.jsonl      # keep a digest
    python3 bench/extract_diff.py --digest /tmp/main.jsonl --repo .    # compare with it

Options ``--reuters N`` and ``--each N`` change the sample (``--each`` caps the other three
corpora); about a minute per version for the default sample on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / ".." / "shared" / "eval" / "corpus"
CORPORA = (  # (file, default count: None for all of it)
    ("reuters_fin_sample20k.jsonl.xz", "reuters"),
    ("bbc2225.jsonl.xz", "each"),
    ("clusters_ecbplus.jsonl.xz", "each"),
    ("clusters_basil.jsonl.xz", "each"),
)

# run in a child interpreter: ROOT of the version measured first on sys.path
CHILD = r"""
import dataclasses, decimal, hashlib, json, lzma, sys
repo, out, corpus_dir, reuters, each, corpora = sys.argv[1:7]
sys.path.insert(0, repo)
from factcheck.extract import get_extractor
from factcheck.models import Claim, Document

FIELDS = [f.name for f in dataclasses.fields(Claim)]


def canon(v):
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, tuple):
        return [canon(x) for x in v]
    return v


def record(c):
    d = {k: canon(getattr(c, k)) for k in FIELDS}
    d["sentence"] = hashlib.sha1(c.sentence.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return d


ex = get_extractor()
limits = {"reuters": int(reuters), "each": int(each)}
with open(out, "w", encoding="utf-8") as fh:
    for name, which in json.loads(corpora):
        n = limits[which]
        with lzma.open(f"{corpus_dir}/{name}", "rt", encoding="utf-8") as src:
            for i, line in enumerate(src):
                if n >= 0 and i >= n:
                    break
                art = json.loads(line)
                doc = Document(id=str(art.get("id", i)), text=art.get("text") or "",
                               source=art.get("source"), date=art.get("date"),
                               title=art.get("title"))
                claims = ex.extract(doc)
                # versions before the language detector read everything as English
                lang = ex.language(doc) if hasattr(ex, "language") else "en"
                row = {"doc": doc.id, "language": lang,
                       "claims": [record(c) for c in claims]}
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
"""


def read(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return {r["doc"]: r for r in rows}


def compare(a: dict[str, dict], b: dict[str, dict], names: tuple[str, str],
            show: int) -> int:
    """Print the differences; the number of differing documents."""
    docs = list(dict.fromkeys([*a, *b]))
    bad_docs = bad_claims = shown = 0
    n_claims = 0
    for d in docs:
        ra, rb = a.get(d), b.get(d)
        n_claims += len(ra["claims"]) if ra else 0
        if ra == rb:
            continue
        bad_docs += 1
        if ra is None or rb is None:
            print(f"{d}: only in {names[0] if rb is None else names[1]}")
            continue
        if ra["language"] != rb["language"]:
            print(f"{d}: language {ra['language']} vs {rb['language']}")
        ka = [json.dumps(c, sort_keys=True, ensure_ascii=False) for c in ra["claims"]]
        kb = [json.dumps(c, sort_keys=True, ensure_ascii=False) for c in rb["claims"]]
        sa, sb = set(ka), set(kb)
        gone = [c for c in ra["claims"] if json.dumps(c, sort_keys=True, ensure_ascii=False)
                not in sb]
        new = [c for c in rb["claims"] if json.dumps(c, sort_keys=True, ensure_ascii=False)
               not in sa]
        bad_claims += max(len(gone), len(new)) or 1
        if shown >= show:
            continue
        shown += 1
        print(f"{d}: {len(ra['claims'])} vs {len(rb['claims'])} claims")
        by_span = {(c["start"], c["end"]): c for c in new}
        for c in gone:
            other = by_span.pop((c["start"], c["end"]), None)
            if other is None:
                print(f"  only in {names[0]}: {c['start']}-{c['end']} {c['text']!r}")
                continue
            diff = {k: (c.get(k), other.get(k)) for k in sorted({*c, *other})
                    if c.get(k) != other.get(k)}
            print(f"  {c['start']}-{c['end']} {c['text']!r}: {diff}")
        for c in by_span.values():
            print(f"  only in {names[1]}: {c['start']}-{c['end']} {c['text']!r}")
        if ka != kb and sa == sb:
            print("  same claims, in another order")
    print(f"{len(docs):,} documents, {n_claims:,} claims in {names[0]}: "
          f"{bad_docs} documents and {bad_claims} claims differ")
    return bad_docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", action="append", default=[], type=Path,
                    help="a checkout to extract with (give two to compare them)")
    ap.add_argument("--digest", action="append", default=[], type=Path,
                    help="a digest written earlier with --save, compared as a version")
    ap.add_argument("--save", type=Path, help="write the (first) repo's digest here")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--reuters", type=int, default=4000, help="Reuters stories (-1: all)")
    ap.add_argument("--each", type=int, default=-1,
                    help="articles of BBC, ECB+ and BASIL each (default -1: all)")
    ap.add_argument("--show", type=int, default=40, help="differing documents to print")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"extract_diff: corpus not found: {args.corpus} (skipped)", file=sys.stderr)
        return 0
    if not args.repo and not args.digest:
        ap.error("give --repo (or --digest) at least once")
    versions: list[tuple[str, Path]] = [(str(p), p) for p in args.digest]
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for i, repo in enumerate(args.repo):
            if not (repo / "factcheck").is_dir():
                print(f"extract_diff: {repo}: no factcheck package there", file=sys.stderr)
                return 2
            out = args.save if (args.save and i == 0) else Path(tmp) / f"{i}.jsonl"
            procs.append((repo, out))
        # the versions run side by side, one process each
        children = [subprocess.Popen(
            [sys.executable, "-c", CHILD, str(repo.resolve()), str(out),
             str(args.corpus.resolve()), str(args.reuters), str(args.each), json.dumps(CORPORA)],
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
            for repo, out in procs]
        for child in children:
            if child.wait() != 0:
                print("extract_diff: a version failed to extract (see above)", file=sys.stderr)
                return 2
        versions += [(str(repo), out) for repo, out in procs]
        if len(versions) == 1:
            rows = read(versions[0][1])
            print(f"{len(rows):,} documents, "
                  f"{sum(len(r['claims']) for r in rows.values()):,} claims"
                  + (f"; digest in {args.save}" if args.save else ""))
            return 0
        if len(versions) != 2:
            ap.error("compare exactly two versions")
        (na, pa), (nb, pb) = versions
        return 1 if compare(read(pa), read(pb), (na, nb), args.show) else 0


if __name__ == "__main__":
    raise SystemExit(main())
