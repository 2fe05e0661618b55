"""How two claims relate: ``PairFeatures``, a pure, symmetric function of two
``ClaimFeatures`` and the run (``pair_features(fa, fb, run)``).

The fields are facts of the pair (same value? same measure word? how far apart in value,
in time, in wording?). :meth:`PairFeatures.vector` turns them into the named numbers the pair
model weighs (``rules/match.toml [model.weights]``); the vetoes read the fields directly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..sources import SourceNames, source_names
from .claim_features import ClaimFeatures, RunContext
from .text import concept_score, entities_overlap, norm_entity, word_re
from .values import (
    iso_days,
    near_power_of_thousand,
    near_restatement,
    ratio,
    same_value,
)

_THEN = re.compile(r"\b(?:then|later|updated|revised|raised|lowered|corrected|before)\b")
_ONE_FIGURE_TWO_UNITS = re.compile(r"\s*\(\s*|\s*(?:or|,)\s*")


@dataclass(frozen=True, slots=True)
class PairSettings:
    """Constants of the pair features, read from rules/tolerances.toml [match] (no defaults
    here: the file sets them)."""

    min_story_overlap: float
    max_days_apart: int
    far_apart: float


@dataclass(frozen=True, slots=True)
class PairFeatures:
    # where the two figures stand
    same_doc: bool
    same_sentence: bool
    same_story: bool
    then_between: bool  # one sentence says one figure replaced the other ("then", "revised")
    two_units: bool  # one figure written in two units: "250 kilometers (155 miles)"
    # values
    same_value: bool  # equal within the rounding each states, on the side a bound admits
    exact_value: bool  # the very same number
    min_sig_digits: int
    log_ratio: float | None  # |log10(a / b)|, None when a value is missing or not positive
    near_value: bool  # within 5 % without being the same
    near_restatement: bool  # within 5 % and three significant digits or more each
    power_slip: bool  # a thousand, million or billion times apart
    far_apart: bool  # further apart than tolerances.toml far_apart, and no power slip
    # what is measured
    dim_same: bool
    unit: str  # same | same_class | bare_both | bare_one | other | converted
    # two counted nouns of which one counts people and the other not ("nine pellets", "three
    # people"), and no measure group ties them ("deaths" and "people" are one toll)
    person_vs_thing: bool
    # one figure is a change ("rose 2 percentage points", "up 20%"), the other a level ("to
    # 12%"): a change is compared with a change
    change_vs_level: bool
    group: str  # same | exclusive | near | other | one | none
    group_elsewhere: bool  # one has no cue and the other's cue sits near it for another figure
    same_head: bool
    entities: str  # overlap | disjoint | one | none
    many_entities_disjoint: bool  # two or more names on each side and none shared
    subject: str  # same | differ | none: the names the two figures are about
    concept: float  # fuzzy share of the nearest content words (0-1)
    cosine: float  # closeness- and idf-weighted cosine of the clauses (0-1)
    story_overlap: float | None  # shared vocabulary of the two stories (across documents)
    low_story_overlap: bool  # below tolerances.toml min_story_overlap
    anchors_differ: bool  # distances from two different places
    roles_differ: bool  # an age, a tenure or a span against a figure of another role (or none)
    other_holders: bool  # two ages whose holders share no word: two people's ages
    # time and scope
    years_disjoint: bool  # both name years, none shared, neither an "as of" total
    year_mismatch: bool  # one names a year the other's document is more than a year from
    past_mismatch: bool  # "last year's" figure against an undated current one
    as_of: bool
    days_apart: int | None
    daily_far: bool  # a day's move compared with a report more than max_days_apart away
    other_day: bool  # a market quote against a figure of a report dated another day
    other_period: bool  # a quarter's figure against a whole year's
    forecast_mismatch: bool
    alone_mismatch: bool
    places_mismatch: bool
    # who says it and what kind of figure
    rival_sources: bool
    same_source: bool
    both_running: bool
    one_running: bool
    headline: bool
    baseline_mismatch: bool  # one is another figure's point of comparison, the other not
    # run-level: for how many of the two claims (0-2) this counterpart is the closest in
    # context (cosine + concept) among its candidates in the other document; set by the
    # matcher once every pair of the run is read (``with_rank``)
    context_best: int = 0
    value_best: int = 0  # likewise, the closest in value
    # one figure's sentence restates the other figure beside it ("has 28.7 million tons ...
    # and 3.8 million tons is the amount under development"): the two are set against each
    # other as alternatives of one quantity
    restated_beside: bool = False

    def with_rank(self, context_best: int, value_best: int, restated_beside: bool = False
                  ) -> PairFeatures:
        return replace(self, context_best=context_best, value_best=value_best,
                       restated_beside=restated_beside)

    def identity_evidence(self, context_min: float) -> str | None:
        """What in the two texts shows that the figures measure one thing, or None: the same
        measure group ("dead" / "killed") or measure word ("toll"), the same named subject,
        or clauses that share their words (concept or cosine at least ``context_min``). A
        difference without any of these needs a surer pair to be flagged (match.toml)."""
        if self.year_mismatch or self.years_disjoint:
            return None  # dated to other years: the same kind of figure of another event
        if self.group == "same":
            return "the same measure group"
        if self.same_head:
            return "the same measure word"
        if self.subject == "same":
            return "the same named subject"
        if max(self.concept, self.cosine) >= context_min:
            return "clauses that share their words"
        return None

    def vector(self) -> dict[str, float]:
        """The named inputs of the pair model (all in 0..1 or small counts)."""
        lr = self.log_ratio
        so = self.story_overlap
        return {
            "same_doc": float(self.same_doc),
            "same_sentence_other_figure": float(
                self.same_sentence and not self.exact_value and not self.then_between),
            "same_value": float(self.same_value),
            "same_value_specific": float(self.same_value and self.min_sig_digits >= 3),
            "near_value": float(self.near_value),
            "near_restatement": float(self.near_restatement),
            "log_ratio": min(lr, 3.0) if lr is not None else 0.0,
            "far_apart": float(self.far_apart),
            "unit_same": float(self.unit == "same"),
            "unit_same_class": float(self.unit == "same_class"),
            "unit_bare_both": float(self.unit == "bare_both"),
            "unit_bare_one": float(self.unit == "bare_one"),
            "unit_other": float(self.unit == "other"),
            "unit_person_vs_thing": float(self.person_vs_thing),
            "change_vs_level": float(self.change_vs_level),
            "group_same": float(self.group == "same"),
            "group_near": float(self.group == "near"),
            "group_other": float(self.group == "other"),
            "group_elsewhere": float(self.group_elsewhere),
            "same_head": float(self.same_head),
            "entity_overlap": float(self.entities == "overlap"),
            "entity_disjoint": float(self.entities == "disjoint"),
            "many_entities_disjoint": float(self.many_entities_disjoint),
            "concept": self.concept,
            "cosine": self.cosine,
            "story_overlap": so if so is not None else 0.0,
            "low_story_overlap": float(self.low_story_overlap),
            "years_disjoint": float(self.years_disjoint),
            "year_mismatch": float(self.year_mismatch),
            "forecast_mismatch": float(self.forecast_mismatch),
            "past_mismatch": float(self.past_mismatch),
            "days_apart": math.log1p(self.days_apart) / math.log(366)
            if self.days_apart is not None else 0.0,
            "daily_far": float(self.daily_far),
            "rival_sources": float(self.rival_sources),
            # one article setting two sources' figures of one thing against each other
            "same_doc_rivals": float(self.same_doc and self.rival_sources
                                     and (self.group == "same" or self.same_head)),
            "same_source": float(self.same_source),
            "both_running": float(self.both_running),
            "one_running": float(self.one_running),
            "headline": float(self.headline),
            "baseline_mismatch": float(self.baseline_mismatch),
            "context_best_both": float(self.context_best == 2),
            "context_best_one": float(self.context_best == 1),
            "value_best_both": float(self.value_best == 2),
            "restated_beside": float(self.restated_beside and not self.same_value),
            "subject_same": float(self.subject == "same"),
            "subject_differs": float(self.subject == "differ"),
        }


FEATURE_NAMES: tuple[str, ...] = (
    "same_doc", "same_sentence_other_figure", "same_value", "same_value_specific", "near_value",
    "near_restatement", "log_ratio", "far_apart", "unit_same", "unit_same_class",
    "unit_bare_both", "unit_bare_one", "unit_other", "unit_person_vs_thing", "change_vs_level", "group_same", "group_near", "group_other",
    "group_elsewhere", "same_head", "entity_overlap", "entity_disjoint",
    "many_entities_disjoint", "concept", "cosine", "story_overlap", "low_story_overlap",
    "years_disjoint", "year_mismatch", "forecast_mismatch", "past_mismatch", "days_apart", "daily_far", "rival_sources", "same_doc_rivals", "same_source",
    "both_running", "one_running", "headline", "baseline_mismatch", "context_best_both", "context_best_one",
    "value_best_both", "restated_beside", "subject_same", "subject_differs",
)


def _subject_relation(fa: ClaimFeatures, fb: ClaimFeatures) -> str:
    """"same" when the names two figures are about share a word; "differ" when each figure
    is about a name and neither name stands anywhere in the other's sentence ("Green scored
    14 points" / "Lawson added 16 points"); else "none"."""
    sa, sb = fa.subject, fb.subject
    if not (sa and sb):
        return "none"
    if sa & sb:
        return "same"
    words_a = {norm_entity(w) for w in word_re(fa.claim.sentence).findall(fa.claim.sentence)}
    words_b = {norm_entity(w) for w in word_re(fb.claim.sentence).findall(fb.claim.sentence)}
    if sa & words_b or sb & words_a:
        return "none"
    return "differ"


def _unit_relation(fa: ClaimFeatures, fb: ClaimFeatures) -> str:
    a, b = fa.claim, fb.claim
    if a.dimension != "count":
        return "same" if a.unit == b.unit else "converted"
    if a.unit is None and b.unit is None:
        return "bare_both"
    if a.unit is None or b.unit is None:
        return "bare_one"
    if a.unit == b.unit:
        return "same"
    if fa.unit_class is not None and fa.unit_class == fb.unit_class:
        return "same_class"
    return "other"


def _group_relation(fa: ClaimFeatures, fb: ClaimFeatures, exclusive: tuple[frozenset[str], ...]) -> str:
    ga, gb = fa.group, fb.group
    if ga and gb:
        if ga == gb:
            return "same"
        if any(ga in s and gb in s for s in exclusive):
            return "exclusive"
        if ga in fb.groups or gb in fa.groups:
            return "near"
        return "other"
    if (ga and ga in fb.groups) or (gb and gb in fa.groups):
        return "near"
    if ga or gb:
        return "one"
    return "none"


def pair_features(
    fa: ClaimFeatures,
    fb: ClaimFeatures,
    run: RunContext,
    *,
    exclusive: tuple[frozenset[str], ...] = (),
    settings: PairSettings,
    names: SourceNames | None = None,
) -> PairFeatures:
    """The relation of two claims; symmetric: ``pair_features(a, b) == pair_features(b, a)``."""
    a, b = fa.claim, fb.claim
    if (a.doc, a.start) > (b.doc, b.start):  # one order, so the result is symmetric
        fa, fb, a, b = fb, fa, b, a
    same_doc = a.doc == b.doc
    same_sentence = same_doc and a.sentence_start == b.sentence_start
    then_between = two_units = False
    if same_sentence:
        between = a.sentence[a.end - a.sentence_start : b.start - b.sentence_start]
        then_between = _THEN.search(between) is not None
        two_units = _ONE_FIGURE_TWO_UNITS.fullmatch(between) is not None or (
            a.unit != b.unit and a.dimension == b.dimension and a.dimension != "count")
    r = ratio(a, b)
    sv = same_value(a, b)
    lr = math.log10(r) if r is not None else None
    story_overlap = None
    if not same_doc:
        wa = run.story_words.get(fa.story, frozenset())
        wb = run.story_words.get(fb.story, frozenset())
        if wa and wb:
            story_overlap = len(wa & wb) / min(len(wa), len(wb))
    ea, eb = fa.entities, fb.entities
    if ea and eb:
        ent = "overlap" if entities_overlap(ea, eb) else "disjoint"
    else:
        ent = "one" if (ea or eb) else "none"
    # years
    ya, yb = set(fa.years), set(fb.years)
    base = run.run_year or max(fa.doc_year, fb.doc_year)
    if base.isdigit():
        # "last summer" in an undated article: the year before the run's latest year
        if fa.past:
            ya.add(str(int(base) - 1))
        if fb.past:
            yb.add(str(int(base) - 1))
    as_of = fa.as_of or fb.as_of
    years_disjoint = bool(ya and yb and not (ya & yb) and not as_of)
    year_mismatch = False
    if not as_of and (ya or yb):
        ya2 = ya or ({fa.doc_year} if fa.doc_year else set())
        yb2 = yb or ({fb.doc_year} if fb.doc_year else set())
        if ya2 and yb2 and not (ya2 & yb2):
            year_mismatch = abs(int(min(ya2)) - int(min(yb2))) > 1
        # "last year" against a figure of the story's own time: another year's figure
        if fa.past != fb.past and not (fa.years or fb.years):
            year_mismatch = True
    days = None
    if fa.date and fb.date:
        da, db = iso_days(fa.date), iso_days(fb.date)
        if da and db:
            days = abs(da - db)
    one_source = (names or source_names()).same(
        a.attribution, b.attribution, texts=(run.texts.get(a.doc, ""), run.texts.get(b.doc, "")))
    ga = fa.group
    gb = fb.group
    near = near_restatement(a, b)
    group_elsewhere = not near and (
        (ga is None and gb is not None and gb in fa.groups)
        or (gb is None and ga is not None and ga in fb.groups))
    unit = _unit_relation(fa, fb)
    group = _group_relation(fa, fb, exclusive)
    return PairFeatures(
        same_doc=same_doc,
        same_sentence=same_sentence,
        same_story=same_doc and a.story == b.story,
        then_between=then_between,
        two_units=two_units,
        same_value=sv,
        exact_value=a.si_value is not None and a.si_value == b.si_value,
        min_sig_digits=min(fa.sig_digits, fb.sig_digits),
        log_ratio=lr,
        near_value=(not sv) and r is not None and r < 1.05,
        near_restatement=near,
        power_slip=r is not None and near_power_of_thousand(r),
        far_apart=r is not None and r > settings.far_apart and not near_power_of_thousand(r),
        dim_same=fa.dim == fb.dim,
        unit=unit,
        person_vs_thing=unit == "other" and group != "same"
        and (fa.unit_class == "person") != (fb.unit_class == "person"),
        change_vs_level=(a.change is None) != (b.change is None),
        group=group,
        group_elsewhere=group_elsewhere,
        same_head=fa.head is not None and fa.head == fb.head,
        entities=ent,
        many_entities_disjoint=ent == "disjoint" and len(ea) >= 2 and len(eb) >= 2,
        subject=_subject_relation(fa, fb),
        concept=concept_score(fa.keys[:6], fb.keys[:6]),
        cosine=run.cosine(fa.wkeys, fb.wkeys),
        story_overlap=story_overlap,
        low_story_overlap=story_overlap is not None and story_overlap < settings.min_story_overlap,
        anchors_differ=bool(fa.anchor and fb.anchor and fa.anchor != fb.anchor),
        roles_differ=a.role != b.role or a.role == "selection",
        other_holders=a.role == "age" and not (fa.holder & fb.holder),
        years_disjoint=years_disjoint,
        year_mismatch=year_mismatch,
        past_mismatch=fa.past != fb.past and not (ya or yb) and not as_of,
        as_of=as_of,
        days_apart=days,
        daily_far=(fa.daily or fb.daily) and days is not None and days > settings.max_days_apart,
        other_day=(fa.market or fb.market) and days is not None and days > 0,
        other_period=fa.period is not None and fb.period is not None and fa.period != fb.period,
        forecast_mismatch=fa.forecast != fb.forecast,
        alone_mismatch=fa.alone != fb.alone,
        places_mismatch=fa.places != fb.places and not sv,
        rival_sources=one_source is False,
        same_source=one_source is True,
        both_running=fa.running and fb.running,
        one_running=fa.running != fb.running,
        headline=fa.headline or fb.headline,
        baseline_mismatch=fa.baseline != fb.baseline,
    )
