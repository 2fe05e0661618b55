"""Fit the pair model (rules/match.toml) on the labelled cases, and measure it honestly.

Data: ``../shared/eval/pairs/dev.jsonl`` and ``train.jsonl`` (read in place, never copied).
Needs NumPy and SciPy (``pip install '.[fit]'``); the run time never does.

Rows. Each case's documents are extracted and every blocked pair of quantity claims that no
veto refuses becomes a row of pair features (``PairFeatures.vector``). Its label:

- 1 when the two claims cover the two quotes of a pair labelled ``same_quantity: true``, or
  are linked through such pairs (the same quantity is one quantity: a~b and b~c give a~c);
- 0 when they cover a distractor (``same_quantity: false``), or both cover labelled quotes
  of two different labelled quantities;
- 0 with weight ``--unlabelled-weight`` (0.3) when a claim covers no labelled quote: most
  pairs of same-unit figures in a news story are about different things, but the labels
  are not exhaustive, so these count for less.

Model. A logistic regression with L2 regularisation (``C``, as in scikit-learn), class
weights balanced over the weighted rows, and sign bounds where language fixes the direction
of a feature (POSITIVE, NEGATIVE below), fitted with SciPy's L-BFGS-B. The run-time decision also needs the thresholds and the margin
(rules/match.toml), which are chosen on the cross-validated figures from a small grid, with
precision first: the point with the best flag recall + pairing recall whose flag precision
is at least ``--min-precision`` and whose distractor rate is at most ``--max-distractors``.

Evaluation. Leave one case out: for each case, the model is fitted on every other case and
the held-out case is run end to end (pair, compare, drop weak flags) and scored like
``bench/pairs.py``. The figures that count are these. The run-time model's figures on dev and
train separately (in-sample) are printed beside them.

Usage (from the repository root)::

    python3 bench/fit_match.py                # CV table, grid, weights; writes nothing
    python3 bench/fit_match.py --write        # also writes [model] of rules/match.toml
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import METRICS, CaseOutput, ClaimRec, Counts, FindingRec, score_case  # noqa: E402

from factcheck.match import FEATURE_NAMES, Matcher, PairModel  # noqa: E402
from factcheck.models import Claim, Document  # noqa: E402
from factcheck.pipeline import extract_with_stories, report_of, with_languages  # noqa: E402
from factcheck.rules import load_rules  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
PAIRS = REPO_ROOT.parent / "shared" / "eval" / "pairs"
MATCH_TOML = REPO_ROOT / "rules" / "match.toml"

# topic families of the eval README, read from each case's topic line (evaluation metadata)
FAMILIES = (
    ("disasters", r"earthquake|quake|flood|fire|explosion|heat|eruption|crash|shipwreck|storm"),
    ("society", r"protest|election|migrant|measles|crowd|march"),
    ("economy", r"gdp|inflation|budget|bank|trade|borrowing|payroll|results|layoff|job cuts|"
                r"oil|opec|revenue|surplus|selic"),
)


def family(case: dict[str, Any]) -> str:
    text = f"{case['id']} {case.get('topic', '')}".lower()
    for name, pattern in FAMILIES:
        if re.search(pattern, text):
            return name
    return "science/energy/sport"


# --------------------------------------------------------------------------- one case


@dataclass
class Prepared:
    case: dict[str, Any]
    docs: dict[str, Document]
    claims: list[Claim]
    story_words: dict[tuple[str, int], frozenset[str]]
    split: str


def prepare(case: dict[str, Any], split: str) -> Prepared:
    rules = load_rules()
    docs = [Document(id=f"d{i}", text=d["text"], source=d.get("source"), date=d.get("date"),
                     url=d.get("url")) for i, d in enumerate(case["docs"])]
    docs = with_languages(docs, rules)  # as analyse reads them
    claims, story_words = extract_with_stories(docs, rules)
    return Prepared(case, {d.id: d for d in docs}, claims, story_words, split)


def covering(p: Prepared, ref: dict[str, Any]) -> list[Claim]:
    text = p.case["docs"][ref["doc"]]["text"]
    start = text.find(ref["quote"])
    if start < 0:
        return []
    end = start + len(ref["quote"])
    doc = f"d{ref['doc']}"
    return [c for c in p.claims if c.kind == "quantity" and c.doc == doc
            and c.start < end and c.end > start]


def labels_of(p: Prepared) -> tuple[dict[frozenset[str], float], dict[str, int]]:
    """Pair labels (a weight, positive for the same quantity, negative for a distractor)
    and each labelled claim's quantity."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labelled: set[str] = set()
    pairs: dict[frozenset[str], float] = {}
    for lb in p.case["expected"]:
        ca, cb = covering(p, lb["a"]), covering(p, lb["b"])
        for c in ca + cb:
            labelled.add(c.id)
            find(c.id)
        # a quote that covers several claims ("40m in width, 4m in length") does not say
        # which one is meant: its pairs weigh 1 / (number of combinations), and only
        # unambiguous pairs join quantities (a~b and b~c give a~c)
        share = 1.0 / max(1, len(ca) * len(cb))
        for x in ca:
            for y in cb:
                if x.id == y.id:
                    continue
                key = frozenset((x.id, y.id))
                if lb["same_quantity"]:
                    if len(ca) == len(cb) == 1:
                        parent[find(x.id)] = find(y.id)
                    pairs[key] = max(pairs.get(key, 0.0), share)
                else:
                    pairs.setdefault(key, -share)
    quantity = {c: hash(find(c)) for c in labelled}
    return pairs, quantity


DISTRACTOR_WEIGHT = 3.0


def rows_of(p: Prepared, matcher: Matcher, unlabelled_weight: float) -> tuple[list[dict[str, float]], list[int], list[float], int]:
    """Feature rows, labels and weights of a case's blocked, unvetoed pairs; and how many
    same-quantity pairs a veto refused."""
    pairs, quantity = labels_of(p)
    X: list[dict[str, float]] = []
    y: list[int] = []
    w: list[float] = []
    vetoed_pos = 0
    for s in matcher.score_all(p.claims, p.docs, p.story_words):
        a, b = s.fa.claim.id, s.fb.claim.id
        key = frozenset((a, b))
        if key in pairs:
            label = int(pairs[key] > 0)
            weight = abs(pairs[key]) * (1.0 if label else DISTRACTOR_WEIGHT)
        elif a in quantity and b in quantity:
            label, weight = int(quantity[a] == quantity[b]), 1.0
        else:
            label, weight = 0, unlabelled_weight
        if s.decision.veto is not None:
            vetoed_pos += label == 1 and weight >= 1.0
            continue
        X.append(s.features.vector())
        y.append(label)
        w.append(weight)
    return X, y, w, vetoed_pos


def run_case(p: Prepared, matcher: Matcher) -> CaseOutput:
    """The pipeline of ``analyse`` on a prepared case (extraction done once)."""
    # the pipeline of analyse after extraction: events, pairs, verdicts, wire lineage
    report = report_of(list(p.docs.values()), p.claims, p.story_words, rules=matcher.rules,
                       matcher=matcher)
    findings = list(report.findings)
    claims = {c.id: ClaimRec(c.id, c.doc, c.start, c.end, c.kind, c.text, c.unit, c.dimension)
              for c in p.claims}
    recs = [FindingRec(f.a.id, f.b.id, f.verdict,
                       tuple((e.type, bool(e.sufficient)) for e in f.explanations),
                       float(f.score), bool(f.suppressed)) for f in findings]
    return CaseOutput(claims, recs)


# --------------------------------------------------------------------------- fitting


# The direction each feature may push, where language or news fixes it: the same value, the
# same measure word or group, shared names and words are evidence FOR one quantity; another
# figure of the same sentence, a gap in value, another year, a forecast, a baseline, names
# that differ are evidence AGAINST. The fit may not reverse them (it may set them to 0);
# the others are free.
POSITIVE = frozenset("""same_value same_value_specific near_value near_restatement unit_same
    unit_same_class group_same group_near same_head entity_overlap concept cosine
    story_overlap context_best_both context_best_one value_best_both restated_beside same_doc_rivals
    subject_same""".split())
NEGATIVE = frozenset("""same_sentence_other_figure log_ratio far_apart unit_other unit_person_vs_thing change_vs_level group_other
    group_elsewhere entity_disjoint many_entities_disjoint low_story_overlap years_disjoint
    year_mismatch forecast_mismatch past_mismatch daily_far baseline_mismatch subject_differs""".split())


def fit(rows: list[tuple[list[dict[str, float]], list[int], list[float]]], c_reg: float,
        extra: list[tuple[list[dict[str, float]], list[int], list[float]]] = ()) -> tuple[float, dict[str, float]]:  # type: ignore[assignment]
    """L2-regularised logistic regression with sign bounds (scipy L-BFGS-B), classes
    balanced over the row weights; the same loss as scikit-learn's with C = ``c_reg``.
    ``extra`` rows (the twin-event negatives) are added at their own weight after the
    balancing, so that many easy negatives do not dilute the labelled ones."""
    import numpy as np
    from scipy.optimize import minimize

    X = np.array([[x[n] for n in FEATURE_NAMES] for xs, _, _ in rows for x in xs])
    y = np.array([v for _, ys, _ in rows for v in ys], dtype=float)
    w = np.array([v for _, _, ws in rows for v in ws])
    pos = w[y == 1].sum()
    neg = w[y == 0].sum()
    w = np.where(y == 1, w * (pos + neg) / (2 * pos), w * (pos + neg) / (2 * neg))
    if extra:
        X = np.vstack([X, np.array([[x[n] for n in FEATURE_NAMES] for xs, _, _ in extra for x in xs])])
        y = np.concatenate([y, np.array([v for _, ys, _ in extra for v in ys], dtype=float)])
        w = np.concatenate([w, np.array([v for _, _, ws in extra for v in ws])])
    s = 2 * y - 1

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b, coef = theta[0], theta[1:]
        z = s * (X @ coef + b)
        lossv = np.logaddexp(0, -z)
        g = -w * s / (1 + np.exp(z))
        value = c_reg * float(w @ lossv) + 0.5 * float(coef @ coef)
        grad = np.concatenate([[c_reg * g.sum()], c_reg * (X.T @ g) + coef])
        return value, grad

    bounds = [(None, None)] + [
        (0, None) if n in POSITIVE else (None, 0) if n in NEGATIVE else (None, None)
        for n in FEATURE_NAMES]
    res = minimize(loss, np.zeros(len(FEATURE_NAMES) + 1), jac=True, method="L-BFGS-B",
                   bounds=bounds, options={"maxiter": 5000})
    return float(res.x[0]), {n: float(v) for n, v in zip(FEATURE_NAMES, res.x[1:])}


def model_of(bias: float, weights: dict[str, float], point: tuple[float, float, float]) -> PairModel:
    pair_t, flag_t, margin = point
    current = PairModel.from_rules(load_rules().match)
    return PairModel(bias=bias, weights=weights, pair_threshold=pair_t,
                     flag_threshold=max(flag_t, pair_t), margin=margin,
                     flag_threshold_weak=max(current.flag_threshold_weak, flag_t, pair_t),
                     evidence_context=current.evidence_context,
                     same_doc_keep=current.same_doc_keep)


def evaluate(preps: list[Prepared], models: list[PairModel], base: Matcher) -> tuple[Counts, dict[str, Counts], dict[str, Counts]]:
    total = Counts()
    by_family: dict[str, Counts] = defaultdict(Counts)
    by_case: dict[str, Counts] = {}
    for p, m in zip(preps, models):
        counts, _ = score_case(p.case, run_case(p, base.with_model(m)))
        total.add(counts)
        by_family[family(p.case)].add(counts)
        by_case[p.case["id"]] = counts
    return total, dict(by_family), by_case


def figures(c: Counts) -> dict[str, float]:
    out = {}
    for label, n, d in METRICS[:5]:
        den = getattr(c, d)
        out[label.replace(" ", "_")] = round(getattr(c, n) / den, 3) if den else 0.0
    return out


def show(name: str, c: Counts) -> str:
    cells = []
    for _label, n, d in METRICS:
        num, den = getattr(c, n), getattr(c, d)
        cells.append(f"{num / den:5.2f} ({num:>3}/{den:<3})" if den else "    -          ")
    return f"{name:<22} " + "  ".join(cells) + f"  unlab {c.unlabelled_flags}"


# the five measures of issue 13, then verdict accuracy on found pairs and distractors
# flagged (issue 14); "unlab": flags on claims that cover no labelled quote
HEADER = (f"{'':<22} " + "  ".join(f"{s:<15}" for s in
          ("pair-recall", "flag-prec", "flag-recall", "expl-right", "distractors", "verdict",
           "distr-flagged")))


def objective(c: Counts, min_precision: float, max_distractors: float) -> tuple[bool, float]:
    """Precision first: among the points that meet both limits, the best recall; when none
    does, the best flag precision less the distractor rate, in steps of 0.05 (recall breaks
    ties)."""
    f = figures(c)
    ok = f["flag_precision"] >= min_precision and f["distractors_paired"] <= max_distractors
    if ok:
        return ok, f["flag_recall"] + f["pairing_recall"]
    # in steps of 0.05, so that one distractor more does not outweigh ten pairs found
    step = round((f["flag_precision"] - f["distractors_paired"]) / 0.05) * 0.05
    return ok, round(step, 2) + 0.01 * (f["flag_recall"] + f["pairing_recall"])


# --------------------------------------------------------------------------- main


def load(split: str) -> list[dict[str, Any]]:
    path = PAIRS / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_model(bias: float, weights: dict[str, float], point: tuple[float, float, float],
                cv: dict[str, float], c_reg: float, n_rows: int, n_cases: int, uw: float) -> None:
    text = MATCH_TOML.read_text(encoding="utf-8")
    start = text.index("\n[model]\n") + 1
    end = text.index("\n[[vetoes]]\n", start) + 1
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=REPO_ROOT, check=False).stdout.strip()
    lines = [
        "[model]",
        f'data = "train.jsonl + dev.jsonl: {n_cases} cases, {n_rows} blocked unvetoed pairs '
        f'(claims covering no labelled quote weigh {uw}, distractors {DISTRACTOR_WEIGHT})"',
        f'commit = "{commit}"',
        f'fitted = "{date.today().isoformat()}"',
        f'regularisation = "L2, C = {c_reg}, balanced classes, sign bounds; bench/fit_match.py"',
        f"bias = {bias:.4f}",
        f"pair_threshold = {point[0]}",
        f"flag_threshold = {max(point[1], point[0])}",
        f"margin = {point[2]}",
        f"flag_threshold_weak = {max(PairModel.from_rules(load_rules().match).flag_threshold_weak, point[1], point[0])}",
        f"evidence_context = {PairModel.from_rules(load_rules().match).evidence_context}",
        "same_doc_keep = 3",
        "",
        "# leave one case out over train + dev, run end to end (bench/fit_match.py)",
        "[model.cv]",
        *(f"{k} = {v}" for k, v in cv.items()),
        "",
        "[model.weights]",
        *(f"{n} = {weights[n]:.4f}" for n in FEATURE_NAMES),
        "",
        "",
    ]
    MATCH_TOML.write_text(text[:start] + "\n".join(lines) + text[end:], encoding="utf-8")


CORPUS = REPO_ROOT.parent / "shared" / "eval" / "corpus" / "clusters_ecbplus.jsonl.xz"


def twin_event_rows(matcher: Matcher, weight: float, per_side: int = 6) -> list[tuple[list[dict[str, float]], list[int], list[float]]]:
    """Free hard negatives from ECB+ (issue 13, item 5): each ECB+ topic holds two events of
    one kind ("N_ecb" and "N_ecbplus": two earthquakes, two shootings, two product launches).
    The first ``per_side`` articles of each are run together, and every unvetoed pair across
    the two events is a pair of different quantities with the vocabulary of the same story:
    the magnitude of another quake, the toll of another shooting, another laptop's battery."""
    import lzma

    if not CORPUS.is_file():
        return []
    sides: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
    with lzma.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            topic, _, side = str(row["cluster"]).split(":")[-1].partition("_")
            sides[topic][side].append(Document(
                id=str(row["id"]), text=row["text"], source=row.get("source"),
                date=(row.get("date") or None) and str(row["date"])[:10], title=row.get("title")))
    out = []
    rules = matcher.rules
    for topic in sorted(sides):
        if len(sides[topic]) != 2:
            continue
        side_of: dict[str, str] = {}
        docs: list[Document] = []
        for side, members in sides[topic].items():
            for d in sorted(members, key=lambda d: d.id)[:per_side]:
                side_of[d.id] = side
                docs.append(d)
        claims, story_words = extract_with_stories(docs, rules)
        X, y, w = [], [], []
        for sc in matcher.score_all(claims, {d.id: d for d in docs}, story_words):
            a, b = sc.fa.claim, sc.fb.claim
            if side_of[a.doc] == side_of[b.doc] or sc.decision.veto is not None:
                continue
            X.append(sc.features.vector())
            y.append(0)
            w.append(weight)
        out.append((X, y, w))
    return out


TWIN_WEIGHT = 0.0  # --twin-weight: weight of each ECB+ twin-event negative (0: not used)


def cross_validate(preps: list[Prepared], base: Matcher, c_reg: float, uw: float,
                   grid: list[tuple[float, float, float]], min_precision: float,
                   max_distractors: float, verbose: bool = True) -> tuple[tuple[float, float, float], Counts, dict[str, Counts], dict[str, Counts]]:
    rows = [rows_of(p, base, uw)[:3] for p in preps]
    twins = twin_event_rows(base, TWIN_WEIGHT) if TWIN_WEIGHT else []
    folds = []
    for i in range(len(preps)):
        folds.append(fit([r for j, r in enumerate(rows) if j != i], c_reg, twins))
    best = None
    results = {}
    for point in grid:
        models = [model_of(b, w, point) for b, w in folds]
        total, fam, cases = evaluate(preps, models, base)
        results[point] = (total, fam, cases)
        ok, score = objective(total, min_precision, max_distractors)
        if verbose:
            print(f"  grid {point}: " + show("", total).strip())
        key = (ok, score)
        if best is None or key > best[0]:
            best = (key, point)
    assert best is not None
    point = best[1]
    return (point, *results[point])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write [model] of rules/match.toml")
    ap.add_argument("--C", type=float, default=0.3, dest="c_reg", help="L2 strength (inverse)")
    ap.add_argument("--unlabelled-weight", type=float, default=0.3)
    ap.add_argument("--min-precision", type=float, default=0.85)
    ap.add_argument("--max-distractors", type=float, default=0.12)
    ap.add_argument("--distractor-weight", type=float, default=3.0,
                    help="weight of a labelled distractor row (a hard negative)")
    ap.add_argument("--quick", action="store_true", help="one grid point (the file's)")
    ap.add_argument("--twin-weight", type=float, default=0.0,
                    help="weight of ECB+ twin-event negatives (0: none)")
    args = ap.parse_args(argv)
    global DISTRACTOR_WEIGHT, TWIN_WEIGHT
    DISTRACTOR_WEIGHT = args.distractor_weight
    TWIN_WEIGHT = args.twin_weight

    if not (PAIRS / "train.jsonl").is_file():
        print(f"fit_match: no data at {PAIRS}; skipping", file=sys.stderr)
        return 0
    preps = [prepare(c, "dev") for c in load("dev")] + [prepare(c, "train") for c in load("train")]
    base = Matcher(load_rules())
    current = base.model
    if args.quick:
        grid = [(current.pair_threshold, current.flag_threshold, current.margin)]
    else:
        # pair thresholds from 0.6: below it, reports gain consistent pairs of two different
        # things that no labelled pair measures ("1,180 lives" = "more than 1,000 prisoners"
        # in seeds/ at 0.5): the labels count flags, not the noise among agreeing pairs
        # flag thresholds up to 0.7: at 0.8 the desk golden set (tests/fixtures/desk) loses 3
        # of its 9 planted errors ("250 nautical miles", "17 kilometres", "12 miles") for a
        # CV gain in precision of one flag; a missed error in a draft is what the labelled
        # cases do not see
        grid = list(itertools.product((0.6, 0.7), (0.6, 0.7), (0.5, 1.0, 2.0)))
        grid = [g for g in grid if g[1] >= g[0]]
    print(f"{len(preps)} cases; leave-one-case-out over {len(grid)} operating points")
    point, total, fam, cases = cross_validate(preps, base, args.c_reg, args.unlabelled_weight,
                                              grid, args.min_precision, args.max_distractors)
    print(f"\nchosen operating point (pair, flag, margin) = {point}\n")
    print("Leave one case out, train + dev (the figures that count)")
    print(HEADER)
    print(show("all cases", total))
    for name in sorted(fam):
        print(show(name, fam[name]))

    rows = [rows_of(p, base, args.unlabelled_weight) for p in preps]
    n_rows = sum(len(r[0]) for r in rows)
    vetoed = sum(r[3] for r in rows)
    twins = twin_event_rows(base, TWIN_WEIGHT) if TWIN_WEIGHT else []
    bias, weights = fit([r[:3] for r in rows], args.c_reg, twins)
    final = model_of(bias, weights, point)
    print(f"\nRun-time model (fitted on all {len(preps)} cases, {n_rows} rows; "
          f"{vetoed} same-quantity pairs refused by a veto), in-sample")
    print(HEADER)
    for split in ("dev", "train"):
        sub = [p for p in preps if p.split == split]
        t, _, _ = evaluate(sub, [final] * len(sub), base)
        print(show(split, t))
    print(f"\nbias {bias:+.3f}")
    for n in sorted(FEATURE_NAMES, key=lambda n: -abs(weights[n])):
        print(f"  {n:<28} {weights[n]:+.3f}")
    if args.write:
        write_model(bias, weights, point, figures(total), args.c_reg, n_rows, len(preps),
                    args.unlabelled_weight)
        print(f"\nwrote {MATCH_TOML}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def diagnose(preps: list[Prepared], matcher: Matcher) -> dict[str, int]:
    """Where each same-quantity labelled pair is lost with ``matcher``'s model: no claim
    covers a quote, not blocked, a veto (by id), below the pair threshold, dropped by the
    selection, or found."""
    from collections import Counter

    out: Counter[str] = Counter()
    for p in preps:
        scored = {frozenset((s.fa.claim.id, s.fb.claim.id)): s
                  for s in matcher.score_all(p.claims, p.docs, p.story_words)}
        kept = {frozenset((c.a.id, c.b.id)) for c in matcher.pair(p.claims, p.docs, p.story_words)}
        for lb in p.case["expected"]:
            if not lb["same_quantity"]:
                continue
            ca, cb = covering(p, lb["a"]), covering(p, lb["b"])
            if not ca or not cb:
                out["no claim covers a quote"] += 1
                continue
            keys = [frozenset((x.id, y.id)) for x in ca for y in cb if x.id != y.id]
            if any(k in kept for k in keys):
                out["found"] += 1
                continue
            got = [scored[k] for k in keys if k in scored]
            if not got:
                out["not blocked"] += 1
                continue
            vetoes = [s.decision.veto for s in got if s.decision.veto]
            if len(vetoes) == len(got):
                out[f"veto {vetoes[0]}"] += 1
            elif not any(s.decision.paired for s in got):
                out["below pair threshold"] += 1
            else:
                out["dropped by selection"] += 1
    return dict(out)
