"""Pair the claims that state the value of the same quantity.

Reading order:

1. ``claim_features``: what each claim measures, read once (``ClaimFeatures``), and what the
   run knows beyond each claim (``RunContext``: word rarity, the run's year, story words).
2. blocking (here): claims are compared only when they share a key (dimension class plus a
   content word, concept group or counted noun), so cost follows the candidate pairs.
3. ``pair_features``: how two claims relate, a pure symmetric function.
4. ``vetoes``: the few refusals where nothing can be weighed (each with an id and examples).
5. ``model``: a logistic regression whose weights are data in ``rules/match.toml``; a pair
   above ``pair_threshold`` is made.
6. selection (here): inside one document pair, a claim keeps the counterparts whose logit
   is within ``margin`` of its best one (a rising toll keeps every report of it).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Claim, Document
from ..rules import Rules, load_rules
from ..sources import source_names
from .claim_features import ClaimFeatures, Lexicon, RunContext, claim_features, doc_year
from .model import PairDecision, PairModel
from .pair_features import FEATURE_NAMES, PairFeatures, PairSettings, pair_features
from .values import (
    bound_direction,
    different_sources,
    iso_days,
    significant_digits,
)
from .vetoes import VETO_IDS, VETOES

__all__ = [
    "FEATURE_NAMES", "VETOES", "VETO_IDS", "Candidate", "ClaimFeatures", "Matcher",
    "PairDecision", "PairFeatures", "PairModel", "RunContext", "bound_direction",
    "different_sources", "doc_year", "get_matcher", "iso_days", "significant_digits",
]

MAX_BLOCK = 400  # a larger block (repeated text) pairs each claim with its neighbours only
BLOCK_WINDOW = 12


@dataclass(frozen=True)
class Candidate:
    a: Claim
    b: Claim
    score: float  # 100 x probability (the JSON contract's match_score)
    probability: float = 1.0
    contributions: tuple[tuple[str, float], ...] = ()
    flag_at: float | None = None  # the probability a difference needs to be flagged
    evidence: str | None = None  # what shows the two figures measure one thing


@dataclass(frozen=True)
class Scored:
    """One blocked pair with its features and the model's decision (for fitting and `why`)."""

    fa: ClaimFeatures
    fb: ClaimFeatures
    features: PairFeatures
    decision: PairDecision


class Matcher:
    def __init__(self, rules: Rules | None = None, model: PairModel | None = None) -> None:
        self.rules = rules or load_rules()
        self.lex = Lexicon(self.rules)
        m = self.rules.tolerances["match"]
        self.settings = PairSettings(
            min_story_overlap=float(m["min_story_overlap"]),
            max_days_apart=int(m["max_days_apart"]),
            far_apart=float(m["far_apart"]),
        )
        self.model = model or PairModel.from_rules(self.rules.match)
        self.names = source_names(self.rules)

    def with_model(self, model: PairModel) -> Matcher:
        other = object.__new__(Matcher)
        other.__dict__.update(self.__dict__)
        other.model = model
        return other

    # -- claims -----------------------------------------------------------------------------
    def features(self, c: Claim, doc: Document | None) -> ClaimFeatures:
        return claim_features(c, doc, self.lex)

    def group(self, c: Claim) -> str | None:
        return self.lex.group(c)

    def head(self, c: Claim) -> str | None:
        return self.lex.head(c)

    @property
    def spelling(self) -> tuple[int, tuple[tuple[str, str], ...]]:
        return self.lex.spelling

    def block_keys(self, f: ClaimFeatures) -> set[str]:
        """Blocking keys in memory (a few documents): claims are compared only when they
        share one. The archive's narrower keys are :meth:`selective_keys`."""
        keys = {f"{f.dim}|{k}" for k in f.keys[:8]}
        if f.group:
            keys.add(f"{f.dim}|={f.group}")
        # one block per dimension class: a bare "104" and "104 people", "the toll" and "the
        # dead" are compared on their features (a block too large for that, pasted
        # repetitions, pairs neighbours only: MAX_BLOCK)
        keys.add(f"{f.dim}|*")
        return keys

    def selective_keys(self, c: Claim) -> set[str]:
        """The archive's blocking keys, for many thousands of documents: a shared named
        entity, measure word, concept group or counted noun on top of the dimension class.
        Reads only what they need (indexing calls it for every claim)."""
        lex = self.lex
        dim = lex.dim_class(c)
        keys = {f"{dim}|@{e}" for e in lex.entities(c)}
        head, group = lex.head(c), lex.group(c)
        for k in (head, group and "=" + group):
            if k:
                keys.add(f"{dim}|{k}")
        if c.dimension == "count" and c.unit:
            keys.add(f"{dim}|#{c.unit}")
        return keys

    # -- pairing ----------------------------------------------------------------------------
    def run_context(
        self,
        feats: Sequence[ClaimFeatures],
        docs: Mapping[str, Document],
        story_words: Mapping[tuple[str, int], frozenset[str]],
    ) -> RunContext:
        return RunContext.build(feats, docs.values(), story_words)

    def relate(self, fa: ClaimFeatures, fb: ClaimFeatures, run: RunContext) -> PairFeatures:
        return pair_features(fa, fb, run, exclusive=self.lex.exclusive, settings=self.settings,
                             names=self.names)

    def score_all(
        self,
        claims: Sequence[Claim],
        docs: Mapping[str, Document],
        story_words: Mapping[tuple[str, int], frozenset[str]],
        *,
        involving: set[str] | None = None,
        explain: bool = False,
        events: Mapping[str, str] | None = None,
    ) -> list[Scored]:
        """Every blocked pair, with its features and the model's decision. With ``events``
        (document id -> event id, :mod:`factcheck.events`), claims are compared only inside
        one event (a document is always in its own event)."""
        quantities = [c for c in claims if c.kind == "quantity" and c.dimension]
        feats = {c.id: self.features(c, docs.get(c.doc)) for c in quantities}
        run = self.run_context(list(feats.values()), docs, story_words)
        blocks: dict[str, list[Claim]] = defaultdict(list)
        for c in quantities:
            ev = f"{events.get(c.doc, c.doc)}\x1f" if events is not None else ""
            for k in self.block_keys(feats[c.id]):
                blocks[ev + k].append(c)
        seen: set[tuple[str, str]] = set()
        related: list[tuple[ClaimFeatures, ClaimFeatures, PairFeatures]] = []
        for members in blocks.values():
            if len(members) < 2:
                continue
            for a, b in _block_pairs(members, involving):
                if a.doc == b.doc and a.start < b.end and b.start < a.end:
                    continue  # one figure
                key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if key in seen:
                    continue
                seen.add(key)
                fa, fb = feats[a.id], feats[b.id]
                if _order(b) < _order(a):
                    fa, fb = fb, fa
                related.append((fa, fb, self.relate(fa, fb, run)))
        ranked = _with_ranks(related)
        return [Scored(fa, fb, pf, self.model.decide(pf, explain=explain))
                for (fa, fb, _), pf in zip(related, ranked)]

    def pair(
        self,
        claims: Sequence[Claim],
        docs: Mapping[str, Document],
        story_words: Mapping[tuple[str, int], frozenset[str]],
        *,
        involving: set[str] | None = None,
        events: Mapping[str, str] | None = None,
    ) -> list[Candidate]:
        scored = self.score_all(claims, docs, story_words, involving=involving, explain=True,
                                events=events)
        kept = select(scored, self.model)
        out = []
        for s in kept:
            flag_at, evidence = self.model.flag_at(s.features)
            out.append(Candidate(s.fa.claim, s.fb.claim, round(100.0 * s.decision.probability, 3),
                                 s.decision.probability, s.decision.contributions[:6],
                                 flag_at, evidence))
        out.sort(key=lambda p: (_order(p.a), _order(p.b)))
        return out


def _with_ranks(
    related: Sequence[tuple[ClaimFeatures, ClaimFeatures, PairFeatures]],
) -> list[PairFeatures]:
    """Each pair's rank among its claims' candidates in the other document: whether it is
    the closest in context (cosine + concept) and in value for one or both claims."""
    best_ctx: dict[tuple[str, str], float] = {}
    best_val: dict[tuple[str, str], float] = {}

    def value_gap(pf: PairFeatures) -> float:
        return -(pf.log_ratio if pf.log_ratio is not None else 99.0)

    # the figures of each sentence, to see whether a sentence restates another figure
    in_sentence: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    seen: set[str] = set()
    for fa, fb, _pf in related:
        for c in (fa.claim, fb.claim):
            if c.id not in seen:
                seen.add(c.id)
                in_sentence[(c.doc, c.sentence_start)].append(c)

    def restates(x: Claim, y: Claim) -> bool:
        """x's sentence gives, beside x, the very value of y (and that figure is not y)."""
        return any(o.id not in (x.id, y.id) and o.si_value is not None
                   and o.si_value == y.si_value and o.si_unit == y.si_unit
                   for o in in_sentence[(x.doc, x.sentence_start)])

    for fa, fb, pf in related:
        a, b = fa.claim, fb.claim
        ctx, val = pf.cosine + pf.concept, value_gap(pf)
        for key in ((a.id, b.doc), (b.id, a.doc)):
            best_ctx[key] = max(best_ctx.get(key, -1.0), ctx)
            best_val[key] = max(best_val.get(key, -100.0), val)
    out = []
    for fa, fb, pf in related:
        a, b = fa.claim, fb.claim
        keys = ((a.id, b.doc), (b.id, a.doc))
        ctx, val = pf.cosine + pf.concept, value_gap(pf)
        out.append(pf.with_rank(sum(ctx >= best_ctx[k] for k in keys),
                                sum(val >= best_val[k] for k in keys),
                                restates(a, b) or restates(b, a)))
    return out


def select(scored: Sequence[Scored], model: PairModel) -> list[Scored]:
    """The pairs the model makes, each claim keeping, in each other document, the
    counterparts within ``margin`` (in logit) of its best one; inside one document, its
    ``same_doc_keep`` best partners (a total and its parts may all relate)."""
    made = [s for s in scored if s.decision.paired]
    best: dict[tuple[str, str], list[float]] = defaultdict(list)
    # a figure restated in the other document ("107,000" in the lede and again in the body)
    # is one report: each restatement competes with the best logit among its repeats
    restated: dict[tuple[str, str, object], float] = {}
    for s in made:
        a, b = s.fa.claim, s.fb.claim
        z = s.decision.logit
        best[(a.id, b.doc)].append(z)
        best[(b.id, a.doc)].append(z)
        for x, y in ((a, b), (b, a)):
            key = (x.id, y.doc, _stated(y))
            restated[key] = max(restated.get(key, -math.inf), z)
    for v in best.values():
        v.sort(reverse=True)
    # inside one document, each claim's same_doc_keep best partners, ties broken by the
    # order of the text (3,000 repeats of one figure keep 3 partners each, not 3,000)
    partners: dict[str, list[tuple[float, tuple[str, int], str]]] = defaultdict(list)
    for s in made:
        a, b = s.fa.claim, s.fb.claim
        if a.doc == b.doc:
            partners[a.id].append((-s.decision.logit, _order(b), b.id))
            partners[b.id].append((-s.decision.logit, _order(a), a.id))
    top = defaultdict(set, {c: {t[2] for t in sorted(v)[: model.same_doc_keep]}
                            for c, v in partners.items()})
    out = []
    for s in made:
        a, b = s.fa.claim, s.fb.claim
        z = s.decision.logit
        if a.doc == b.doc:
            ok = a.id in top[b.id] and b.id in top[a.id]
        else:
            za = restated[(a.id, b.doc, _stated(b))]
            zb = restated[(b.id, a.doc, _stated(a))]
            ok = za >= best[(a.id, b.doc)][0] - model.margin and zb >= best[(b.id, a.doc)][0] - model.margin
        if ok:
            out.append(s)
    return out


def _stated(c: Claim) -> object:
    """What a figure states, to know its restatements in one document: the number as
    written and its dimension ("3.8 million tons" restates "3.8 million metric tons"; the
    words around it may differ)."""
    if c.value is None and c.low is None:
        return c.id
    return (c.value, c.low, c.high, c.dimension)


def _block_pairs(members: list[Claim], involving: set[str] | None) -> Iterator[tuple[Claim, Claim]]:
    """All pairs of a block; with ``involving``, only pairs with a claim of those documents.
    A block larger than MAX_BLOCK (pasted repetitions, huge exports) pairs each claim only
    with its BLOCK_WINDOW neighbours in document order, so cost stays linear."""
    if involving is None:
        if len(members) > MAX_BLOCK:
            ordered = sorted(members, key=_order)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 : i + 1 + BLOCK_WINDOW]:
                    yield a, b
            return
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b
        return
    mine = [c for c in members if c.doc in involving]
    rest = [c for c in members if c.doc not in involving]
    for i, a in enumerate(mine):
        for b in mine[i + 1 :]:
            yield a, b
        for b in rest:
            yield a, b


def _order(c: Claim) -> tuple[str, int]:
    return (c.doc, c.start)


@lru_cache(maxsize=4)
def _matcher(rules: Rules) -> Matcher:
    return Matcher(rules)


def get_matcher(rules: Rules | None = None) -> Matcher:
    return _matcher(rules or load_rules())
