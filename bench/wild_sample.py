"""A random sample of the flags raised on unlabelled multi-source news, for reading.

Data: ``../shared/eval/corpus/clusters_ecbplus.jsonl.xz`` and ``clusters_basil.jsonl.xz``
(read in place). Each cluster (one event, many outlets) is run through ``factcheck.analyse``
on its own, as an editor would check one story. Prints the flag and pair counts per corpus,
and writes ``--sample N`` flagged findings (explained or conflict), drawn with a fixed seed,
as JSON lines for a reader to judge: same quantity? right verdict? right reason?

Usage (from the repository root)::

    python3 bench/wild_sample.py --sample 60 --out /tmp/wild.jsonl
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck import Document, analyse  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "corpus"
LOOSE = 1.25  # issue 14: "consistent" pairs this far apart are suspect
FILES = {"ecbplus": "clusters_ecbplus.jsonl.xz", "basil": "clusters_basil.jsonl.xz"}


def clusters(name: str) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = defaultdict(list)
    with lzma.open(CORPUS / FILES[name], "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[str(row["cluster"])].append(Document(
                id=str(row["id"]), text=row["text"], source=row.get("source"),
                date=(row.get("date") or None) and str(row["date"])[:10], title=row.get("title")))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--verdict", choices=("explained", "conflict"), default=None,
                    help="sample only flags of this verdict (to read the reasons given)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--loose", type=Path, default=None,
                    help="write the consistent pairs at least 1.25x apart (neither a bound)")
    args = ap.parse_args(argv)
    if not (CORPUS / FILES["ecbplus"]).is_file():
        print(f"wild_sample: no data at {CORPUS}; skipping", file=sys.stderr)
        return 0
    flags = []
    loose: list[dict[str, object]] = []
    for name in FILES:
        counts: Counter[str] = Counter()
        loose_by_cluster: Counter[str] = Counter()
        for cid, docs in sorted(clusters(name).items()):
            rep = analyse(docs)
            for f in rep.findings:
                counts[f.verdict] += 1
                # neither a bound nor a range ("more than", "between 60 and 100", "dozens"):
                # only rounding or "about" can have reconciled them
                if (f.verdict == "consistent" and f.ratio is not None and f.ratio >= LOOSE
                        and f.a.bound in ("=", "~") and f.b.bound in ("=", "~")
                        and not f.a.is_range and not f.b.is_range):
                    loose_by_cluster[cid] += 1
                    loose.append({"corpus": name, "cluster": cid, "ratio": round(f.ratio, 3),
                                  "a": f.a.text, "b": f.b.text, "a_sentence": f.a.sentence,
                                  "b_sentence": f.b.sentence,
                                  "explanations": [f"{e.type}: {e.detail}" for e in f.explanations]})
                if f.verdict in ("explained", "conflict") and args.verdict in (None, f.verdict):
                    flags.append({
                        "corpus": name, "cluster": cid, "verdict": f.verdict,
                        "probability": f.probability, "a": f.a.text, "b": f.b.text,
                        "a_source": f.a.attribution, "b_source": f.b.attribution,
                        "a_sentence": f.a.sentence, "b_sentence": f.b.sentence,
                        "same_document": f.a.doc == f.b.doc,
                        "explanations": [f"{e.type}{'' if e.sufficient else ' (insufficient)'}: "
                                         f"{e.detail}" for e in f.explanations],
                        "message": f.message,
                    })
        print(f"{name}: {sum(counts.values())} pairs, {counts['conflict']} conflicts, "
              f"{counts['explained']} explained, {counts['consistent']} consistent; "
              f"{sum(loose_by_cluster.values())} consistent at least {LOOSE}x apart (neither a "
              f"bound) in {len(loose_by_cluster)} clusters: "
              + ", ".join(f"{k} {v}" for k, v in loose_by_cluster.most_common(8)))
    if args.loose:
        with args.loose.open("w", encoding="utf-8") as fh:
            for row in loose:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    rng = random.Random(args.seed)
    sample = rng.sample(flags, min(args.sample, len(flags)))
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for i, s in enumerate(sample):
                fh.write(json.dumps({"n": i + 1, **s}, ensure_ascii=False) + "\n")
        print(f"wrote {len(sample)} of {len(flags)} flags to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
