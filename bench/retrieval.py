"""Ranked retrieval against blocking-key retrieval: the stories a check reads (issue 17).

Against an archive index of the 20,000 Reuters stories of
../shared/eval/corpus/reuters_fin_sample20k.jsonl.xz (``--db``, e.g. the one bench/serve.py
or bench/desk.py builds; schema 8), the ~300-word drafts of bench/serve.py (one planted
wrong figure each) are checked twice in this process, the rest of the check unchanged:

- **blocking keys** (the path before ranked retrieval): every story holding a claim that
  shares a selective blocking key with a draft figure (archive.candidates_for: the 300 most
  recently indexed claims of each key);
- **ranked** (archive.ranked_candidates): the [retrieve] top stories by shared rare words
  and names, plus the stories sharing wire-lineage anchors with the draft.

Per mode: the stories read per check (median, p90, max), the stories whose claims reach
pairing, the pairs scored, the CPU time of a check (process time: robust to a shared CPU);
then how many draft figures get another verdict (and the commonest changes), and how many
planted errors (the changed figure) are caught in each mode.

Usage::

    python3 bench/retrieval.py --db /tmp/factcheck-serve/reuters20000.db [--drafts 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import serve
from _machine import cpu_name

from factcheck import Document, archive, match
from factcheck.pipeline import check_documents
from factcheck.rules import load_rules

FLAGS = ("conflict", "explained")


def blocking_keys(conn, drafts, claims, story_words, rules, *, anchored=()):
    """The ranked_candidates signature over the blocking-key path (candidates_for)."""
    found, docs, words = archive.candidates_for(conn, claims, {}, rules)
    return found, docs, words, dict(docs)


def run(payloads: list[dict], db: str, rules, mode: str) -> dict:
    stats: dict[str, list[float]] = {"read": [], "paired": [], "pairs": [], "cpu": []}
    verdicts: dict[tuple[str, int], str] = {}
    caught = 0
    real_rc = archive.ranked_candidates
    real_score = match.Matcher.score_all

    def rc(*args, **kwargs):
        fn = blocking_keys if mode == "blocking keys" else real_rc
        out = fn(*args, **kwargs)
        stats["read"].append(len(out[3]))
        return out

    def score(self, claims, *args, **kwargs):
        out = real_score(self, claims, *args, **kwargs)
        stats["pairs"].append(len(out))
        stats["paired"].append(len({c.doc for c in claims}) - 1)
        return out

    archive.ranked_candidates = rc
    match.Matcher.score_all = score
    try:
        for p in payloads:
            d = Document(id="draft:" + p["name"], text=p["text"], date=p["date"],
                         source=p["source"])
            t = time.process_time()
            rep = check_documents([d], archives=[db], rules=rules)
            stats["cpu"].append((time.process_time() - t) * 1000)
            for g in rep.figures:
                if g.claim.doc == d.id:
                    verdicts[(d.id, g.claim.start)] = g.verdict
            planted = p.get("planted")
            if planted is not None and any(
                    g.claim.doc == d.id and g.claim.start <= planted < g.claim.end
                    and g.verdict in FLAGS for g in rep.figures):
                caught += 1
    finally:
        archive.ranked_candidates = real_rc
        match.Matcher.score_all = real_score
    return {"stats": stats, "verdicts": verdicts, "caught": caught}


def describe(values: list[float]) -> str:
    if not values:
        return "-"
    q = statistics.quantiles(values, n=10, method="inclusive") if len(values) > 1 else values
    return (f"median {statistics.median(values):7.0f}  p90 {q[-1]:7.0f}  "
            f"max {max(values):7.0f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="an archive index of the 20,000 stories")
    ap.add_argument("--drafts", type=int, default=60)
    args = ap.parse_args()
    if not serve.REUTERS.is_file():
        print(f"bench/retrieval.py: {serve.REUTERS} not found; skipping", file=sys.stderr)
        return 0
    rows = serve.stories(20_000)
    payloads = serve.drafts(rows, args.drafts)
    for p in payloads:  # where the planted figure is: the first digit the pattern changed
        m = serve._FIGURE.search(p["text"])
        p["planted"] = m.start() if m else None
    rules = load_rules()
    warm = Document(id="warm", text=payloads[0]["text"])
    check_documents([warm], archives=[args.db], rules=rules)
    results = {}
    for mode in ("blocking keys", "ranked"):
        results[mode] = r = run(payloads, args.db, rules, mode)
        s = r["stats"]
        print(f"{mode}: {len(payloads)} drafts of ~300 words")
        print(f"  stories read per check     {describe(s['read'])}")
        print(f"  stories paired per check   {describe(s['paired'])}")
        print(f"  pairs scored per check     {describe(s['pairs'])}")
        print(f"  CPU ms per check           {describe(s['cpu'])}")
        print(f"  planted errors caught      {r['caught']} of "
              f"{sum(p['planted'] is not None for p in payloads)}")
    a, b = results["blocking keys"]["verdicts"], results["ranked"]["verdicts"]
    changed = sum(1 for k in a if b.get(k) != a[k])
    flagged = [sum(1 for v in x.values() if v in FLAGS) for x in (a, b)]
    print(f"draft figures: {len(a)}; verdict changed by ranked retrieval: {changed}; "
          f"flagged: {flagged[0]} (blocking keys) -> {flagged[1]} (ranked)")
    moves = Counter((a[k], b.get(k, "(none)")) for k in a if b.get(k) != a[k])
    for (x, y), n in moves.most_common(8):
        print(f"  {n:4}  {x} -> {y}")
    print(f"machine: {cpu_name()}; CPU times are process times (other jobs may share the CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
