"""The pair model: a logistic regression whose weights are data (``rules/match.toml``).

``logit = bias + sum(weight[name] * feature[name])``; the probability that two figures
measure the same quantity is ``1 / (1 + exp(-logit))``. A pair is made above
``pair_threshold``; a disagreement is flagged (explained or conflict) only above the higher
``flag_threshold``, so that precision comes first. The weights are fitted by
``bench/fit_match.py`` (scikit-learn, only at fitting time); at run time this is a dot product.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .pair_features import FEATURE_NAMES, PairFeatures
from .vetoes import first_veto


@dataclass(frozen=True, slots=True)
class PairDecision:
    paired: bool
    probability: float
    veto: str | None
    logit: float = 0.0
    # weight x value of each feature, largest magnitude first (non-zero ones only)
    contributions: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class PairModel:
    bias: float
    weights: Mapping[str, float]
    pair_threshold: float = 0.5
    flag_threshold: float = 0.7
    # within one document pair, a claim keeps counterparts whose logit is within this of its
    # best one (a rising toll pairs with every earlier report of it)
    margin: float = 1.0
    same_doc_keep: int = 3
    # a difference is flagged from flag_threshold when the texts show the figures measure one
    # thing (PairFeatures.identity_evidence, context from evidence_context), else only from
    # flag_threshold_weak: "14 percent" of one thing against "100 percent" of another
    flag_threshold_weak: float = 0.85
    evidence_context: float = 0.3
    disabled_vetoes: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def from_rules(match: Mapping[str, Any]) -> PairModel:
        model = match["model"]
        return PairModel(
            bias=float(model["bias"]),
            weights={k: float(v) for k, v in model["weights"].items()},
            pair_threshold=float(model["pair_threshold"]),
            flag_threshold=float(model["flag_threshold"]),
            margin=float(model["margin"]),
            same_doc_keep=int(model["same_doc_keep"]),
            flag_threshold_weak=float(model["flag_threshold_weak"]),
            evidence_context=float(model["evidence_context"]),
        )

    def flag_at(self, p: PairFeatures) -> tuple[float, str | None]:
        """The probability a pair needs for its difference to be flagged, and the evidence
        that it measures one thing (None: the higher threshold applies)."""
        evidence = p.identity_evidence(self.evidence_context)
        return (self.flag_threshold if evidence else self.flag_threshold_weak), evidence

    def logit(self, x: Mapping[str, float]) -> float:
        return self.bias + sum(w * x.get(name, 0.0) for name, w in self.weights.items())

    def decide(self, p: PairFeatures, *, explain: bool = False) -> PairDecision:
        veto = first_veto(p, self.disabled_vetoes)
        if veto is not None:
            return PairDecision(False, 0.0, veto, -math.inf)
        x = p.vector()
        z = self.logit(x)
        prob = _sigmoid(z)
        contributions: tuple[tuple[str, float], ...] = ()
        if explain:
            parts = [(n, self.weights.get(n, 0.0) * x[n]) for n in FEATURE_NAMES]
            contributions = tuple(sorted(((n, round(v, 3)) for n, v in parts if v),
                                         key=lambda t: -abs(t[1])))
        return PairDecision(prob >= self.pair_threshold, prob, None, z, contributions)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
