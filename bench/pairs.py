"""Score factcheck's claim pairing and explanations on labelled multi-source news cases.

Data: ``../shared/eval/pairs/dev.jsonl`` relative to the repository root (format in
``../shared/eval/README.md``). The data is read in place and never copied into the repo.

For every case each excerpt becomes ``Document(id=f"d{i}", ...)`` and the case is run through
``factcheck.analyse`` directly (the library path, equivalent to ``factcheck report FILE --format
json`` on one JSONL file per case). ``--cli`` runs exactly that command instead, on a temporary
JSONL file per case, and reads its JSON output.

Matching a label to the output
------------------------------
A quote's span is ``doc.text.find(quote)``. A claim *covers* a quote when it is a
``kind == "quantity"`` claim of the quote's document whose ``[start, end)`` overlaps the quote's
span. A finding *corresponds* to a labelled pair when its two claims cover the pair's two quotes
(either order). A labelled pair is *found* when some finding corresponds to it; when several do,
the one with the highest match score is used. A finding is *flagged* when its verdict is
``explained`` or ``conflict``. Every finding counts, suppressed or not (as in the JSON report).

Figures (overall and per case)
------------------------------
- pairing recall: same-quantity labelled pairs found / same-quantity labelled pairs.
- flag precision: among flagged findings that correspond to at least one labelled pair, the
  share that correspond to a same-quantity pair labelled ``explained`` or ``conflict``. Flagged
  findings on distractors or on pairs labelled ``consistent`` count against it. Flagged
  findings that correspond to no labelled pair are counted apart as "unlabelled flags".
- flag recall: same-quantity pairs labelled ``explained``/``conflict`` that are found and whose
  finding is flagged / all such pairs.
- explanation accuracy: among pairs labelled ``explained`` that are found with verdict
  ``explained``, the share whose finding has a sufficient explanation (``sufficient is True``)
  of one of the labelled types; ``time`` and ``update`` count as the same type.
- distractors paired: ``same_quantity: false`` pairs that are found (paired at all) / all
  distractors. Lower is better.
- verdict accuracy (informative): same-quantity pairs found whose finding's verdict equals the
  label / same-quantity pairs found.

Usage (from the repository root)::

    python3 bench/pairs.py [PATH] [--verbose] [--cli]
    python3 bench/pairs.py --cv     # leave one case out over train + dev (bench/fit_match.py)

``--cv`` is the figure that counts: for each of the train + dev cases, the pair model is
refitted on every other case and the held-out case is run end to end, at the operating point
of rules/match.toml; the table is given overall and per topic family, followed by the run-time
model's (in-sample) figures on dev and train separately.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# the working tree, not an installed copy that may be older
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval" / "pairs" / "dev.jsonl"
FLAGGED = frozenset({"explained", "conflict"})


# --------------------------------------------------------------------------- output records


@dataclass(frozen=True)
class ClaimRec:
    id: str
    doc: str
    start: int
    end: int
    kind: str
    text: str
    unit: str | None = None
    dimension: str | None = None


@dataclass(frozen=True)
class FindingRec:
    a: str  # claim ids
    b: str
    verdict: str
    explanations: tuple[tuple[str, bool], ...]  # (type, sufficient)
    score: float
    suppressed: bool

    @property
    def flagged(self) -> bool:
        return self.verdict in FLAGGED

    def types(self, *, sufficient_only: bool = True) -> list[str]:
        return [t for t, ok in self.explanations if ok or not sufficient_only]


@dataclass(frozen=True)
class CaseOutput:
    claims: dict[str, ClaimRec]
    findings: list[FindingRec]


def run_library(docs: list[dict[str, Any]]) -> CaseOutput:
    import factcheck

    documents = [
        factcheck.Document(
            id=f"d{i}", text=d["text"], source=d.get("source"), date=d.get("date"), url=d.get("url")
        )
        for i, d in enumerate(docs)
    ]
    report = factcheck.analyse(documents)
    claims = {
        c.id: ClaimRec(c.id, c.doc, c.start, c.end, c.kind, c.text, c.unit, c.dimension)
        for c in report.claims
    }
    findings = [
        FindingRec(
            a=f.a.id,
            b=f.b.id,
            verdict=f.verdict,
            explanations=tuple((e.type, bool(e.sufficient)) for e in f.explanations),
            score=float(f.score),
            suppressed=bool(f.suppressed),
        )
        for f in report.findings
    ]
    return CaseOutput(claims, findings)


def run_cli(docs: list[dict[str, Any]]) -> CaseOutput:
    fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="pairs-bench-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for i, d in enumerate(docs):
                row = {
                    "id": f"d{i}",
                    "text": d["text"],
                    "source": d.get("source"),
                    "date": d.get("date"),
                    "url": d.get("url"),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        proc = subprocess.run(
            [sys.executable, "-m", "factcheck", "report", tmp, "--format", "json"],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            check=False,
        )
    finally:
        os.unlink(tmp)
    if proc.returncode != 0:
        raise RuntimeError(f"factcheck report failed ({proc.returncode}): {proc.stderr.strip()}")
    data = json.loads(proc.stdout)
    claims = {
        c["id"]: ClaimRec(
            c["id"],
            c["doc"],
            c["start"],
            c["end"],
            c.get("kind", "quantity"),
            c.get("text", ""),
            c.get("unit"),
            c.get("dimension"),
        )
        for c in data["claims"]
    }
    findings = [
        FindingRec(
            a=p["a"],
            b=p["b"],
            verdict=p["verdict"],
            explanations=tuple(
                (e["type"], bool(e.get("sufficient", True))) for e in p.get("explanations", [])
            ),
            score=float(p.get("match_score", 0.0)),
            suppressed=bool(p.get("suppressed", False)),
        )
        for p in data["pairs"]
    ]
    return CaseOutput(claims, findings)


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    found: int = 0  # pairing recall
    same: int = 0
    prec_ok: int = 0  # flag precision
    prec_all: int = 0
    unlabelled_flags: int = 0
    flag_hit: int = 0  # flag recall
    flag_want: int = 0
    expl_ok: int = 0  # explanation accuracy
    expl_all: int = 0
    distr_paired: int = 0  # distractors paired
    distr: int = 0
    verdict_ok: int = 0  # verdict accuracy on found same-quantity pairs
    verdict_all: int = 0
    distr_flagged: int = 0  # distractors flagged (explained or conflict), issue 14

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PairResult:
    label: dict[str, Any]
    cover_a: list[ClaimRec]
    cover_b: list[ClaimRec]
    finding: FindingRec | None
    n_findings: int  # findings corresponding to this pair
    quote_missing: list[str] = field(default_factory=list)


def _norm_type(t: str) -> str:
    return "time" if t == "update" else t


def _covering(
    out: CaseOutput, docs: list[dict[str, Any]], ref: dict[str, Any], missing: list[str]
) -> list[ClaimRec]:
    text: str = docs[ref["doc"]]["text"]
    start = text.find(ref["quote"])
    if start < 0:
        missing.append(ref["quote"])
        return []
    end = start + len(ref["quote"])
    doc_id = f"d{ref['doc']}"
    return [
        c
        for c in out.claims.values()
        if c.kind == "quantity" and c.doc == doc_id and c.start < end and c.end > start
    ]


def score_case(case: dict[str, Any], out: CaseOutput) -> tuple[Counts, list[PairResult]]:
    docs: list[dict[str, Any]] = case["docs"]
    by_pair: dict[frozenset[str], list[FindingRec]] = {}
    for f in out.findings:
        by_pair.setdefault(frozenset((f.a, f.b)), []).append(f)

    counts = Counts()
    results: list[PairResult] = []
    labels_of: dict[int, list[dict[str, Any]]] = {}  # id(finding) -> labels it corresponds to
    for label in case["expected"]:
        missing: list[str] = []
        ca = _covering(out, docs, label["a"], missing)
        cb = _covering(out, docs, label["b"], missing)
        matches: list[FindingRec] = []
        seen: set[int] = set()
        for x in ca:
            for y in cb:
                if x.id == y.id:
                    continue
                for f in by_pair.get(frozenset((x.id, y.id)), []):
                    if id(f) not in seen:
                        seen.add(id(f))
                        matches.append(f)
        for f in matches:
            labels_of.setdefault(id(f), []).append(label)
        best = max(matches, key=lambda f: f.score) if matches else None
        results.append(PairResult(label, ca, cb, best, len(matches), missing))

        want = label["verdict"]
        if label["same_quantity"]:
            counts.same += 1
            if best is not None:
                counts.found += 1
                counts.verdict_all += 1
                counts.verdict_ok += best.verdict == want
            if want in FLAGGED:
                counts.flag_want += 1
                counts.flag_hit += best is not None and best.flagged
            if want == "explained" and best is not None and best.verdict == "explained":
                counts.expl_all += 1
                wanted = {_norm_type(t) for t in label.get("explanation", [])}
                got = {_norm_type(t) for t in best.types()}
                counts.expl_ok += bool(wanted & got)
        else:
            counts.distr += 1
            counts.distr_paired += best is not None
            counts.distr_flagged += best is not None and best.flagged

    for f in out.findings:
        if not f.flagged:
            continue
        labels = labels_of.get(id(f))
        if not labels:
            counts.unlabelled_flags += 1
            continue
        counts.prec_all += 1
        counts.prec_ok += any(lb["same_quantity"] and lb["verdict"] in FLAGGED for lb in labels)
    return counts, results


# --------------------------------------------------------------------------- printing


def _ratio(n: int, d: int) -> str:
    return f"{n}/{d}" if d else "-"


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


METRICS: list[tuple[str, str, str]] = [
    ("pairing recall", "found", "same"),
    ("flag precision", "prec_ok", "prec_all"),
    ("flag recall", "flag_hit", "flag_want"),
    ("explanation accuracy", "expl_ok", "expl_all"),
    ("distractors paired", "distr_paired", "distr"),
    ("verdict accuracy", "verdict_ok", "verdict_all"),
    ("distractors flagged", "distr_flagged", "distr"),
]
SHORT = ["pair-rec", "flag-prec", "flag-rec", "expl-acc", "distr", "verdict", "distr-flag"]


def print_table(rows: list[tuple[str, Counts, int, int]]) -> None:
    width = max(12, *(len(name) for name, *_ in rows))
    head = f"{'case':<{width}}  " + "  ".join(f"{s:>9}" for s in SHORT)
    print(head + f"  {'unlab':>5}  {'claims':>6}  {'finds':>5}")
    print("-" * (len(head) + 23))
    for name, c, n_claims, n_findings in rows:
        cells = "  ".join(f"{_ratio(getattr(c, n), getattr(c, d)):>9}" for _, n, d in METRICS)
        print(f"{name:<{width}}  {cells}  {c.unlabelled_flags:>5}  {n_claims:>6}  {n_findings:>5}")


def print_overall(c: Counts) -> None:
    print("\nOverall")
    for label, n, d in METRICS:
        note = "  (lower is better)" if n == "distr_paired" else ""
        note = "  (informative)" if n == "verdict_ok" else note
        print(
            f"  {label:<22} {_pct(getattr(c, n), getattr(c, d))}  "
            f"{getattr(c, n):>3}/{getattr(c, d):<3}{note}"
        )
    print(
        f"  {'unlabelled flags':<22} {c.unlabelled_flags:>6}  (flagged findings on no labelled pair)"
    )


def _claim_str(claims: list[ClaimRec]) -> str:
    if not claims:
        return "NO CLAIM"
    return ", ".join(f"{c.id}={c.text!r}[{c.dimension or '?'}:{c.unit or '-'}]" for c in claims)


def print_verbose(case_id: str, results: list[PairResult]) -> None:
    print(f"\n== {case_id}")
    for r in results:
        lb = r.label
        a, b = lb["a"], lb["b"]
        kind = lb["verdict"] if lb["same_quantity"] else "DISTRACTOR"
        types = "+".join(lb.get("explanation", [])) or "-"
        f = r.finding
        if f is None:
            status = "not found"
            if not r.cover_a or not r.cover_b:
                status += " (quote not covered by a quantity claim)"
            ok = "OK " if not lb["same_quantity"] else "MISS"
        else:
            got = ", ".join(f"{t}{'' if s else '(insufficient)'}" for t, s in f.explanations) or "-"
            status = f"found -> {f.verdict} [{got}] score={f.score:.2f}"
            if r.n_findings > 1:
                status += f" ({r.n_findings} findings)"
            if f.suppressed:
                status += " suppressed"
            if not lb["same_quantity"]:
                ok = "BAD "
            else:
                ok = "OK  " if f.verdict == lb["verdict"] else "WRONG"
        print(
            f"  [{ok:<5}] label {kind} ({types}): d{a['doc']} {a['quote']!r} ~ "
            f"d{b['doc']} {b['quote']!r}"
        )
        print(f"          {status}")
        print(f"          claims a: {_claim_str(r.cover_a)}; b: {_claim_str(r.cover_b)}")
        for q in r.quote_missing:
            print(f"          quote not in document text: {q!r}")
        if lb.get("note"):
            print(f"          note: {lb['note']}")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA,
        help=f"labelled cases, JSONL (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="print every labelled pair with the finding and the note",
    )
    parser.add_argument(
        "--cli",
        action="store_true",
        help="run `python3 -m factcheck report FILE --format json` per case",
    )
    parser.add_argument(
        "--cv",
        action="store_true",
        help="leave-one-case-out figures over train + dev (refits the model per case)",
    )
    args = parser.parse_args(argv)
    if args.cv:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import fit_match

        return fit_match.main(["--quick"])

    path: Path = args.path
    if not path.is_file():
        print(f"pairs bench: no data at {path}; skipping", file=sys.stderr)
        return 0

    cases = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    runner = run_cli if args.cli else run_library
    total = Counts()
    rows: list[tuple[str, Counts, int, int]] = []
    for case in cases:
        out = runner(case["docs"])
        counts, results = score_case(case, out)
        total.add(counts)
        n_quant = sum(1 for c in out.claims.values() if c.kind == "quantity")
        rows.append((case["id"], counts, n_quant, len(out.findings)))
        if args.verbose:
            print_verbose(case["id"], results)

    if args.verbose:
        print()
    mode = "cli" if args.cli else "library"
    print(f"{path} ({len(cases)} cases, {mode})\n")
    print_table(rows)
    print_overall(total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
