"""Durations that are ages, tenures or spans of time, and figures that are no amount at all
(field positions, ranks, records): issue 14 item 5.

An age, a tenure or a span is a real duration, but it is neither a change of the counted
thing nor the story's count: it carries ``Claim.role`` and pairs only with a figure of the
same role (the ``role`` veto). A plain duration ("sentenced to 20 years", "trapped for 17
days") is the story's own figure and has no role.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from factcheck import Document, analyse, extract_text

# (sentence, surface text of the claim, role, unit); change is always None
ROLES = [
    # ages
    ("The 29-year-old was charged with murder on Friday.", "29-year-old", "age", "year"),
    ("Smith, aged 29, was arrested at his home.", "29", "age", "year"),
    ("The victim, age 41, died at the scene.", "41", "age", "year"),
    ("Two men, ages 47 and 48, were shot outside the bar.", "48", "age", "year"),
    ("She died at the age of 86 in her home in Ohio.", "86", "age", "year"),
    ("Ortiz, 35, was a 15-year member of the sheriff's department.", "35", "age", "year"),
    ("Daniel LaSalle, 36, of Minneapolis, was arrested later.", "36", "age", "year"),
    ("Police said 66-year-old Mary Olson was struck in the crosswalk.", "66-year-old", "age",
     "year"),
    ("The suspect is a 27 year old man from Fort Smith.", "27 year old", "age", "year"),
    # tenures
    ("Hale, a 21-year veteran of the bureau, was fired on Friday.", "21-year", "tenure", "year"),
    ("The chief, a 20-year police veteran, is in critical condition.", "20-year", "tenure",
     "year"),
    ("Ortiz, 35, was a 15-year member of the sheriff's department.", "15-year", "tenure", "year"),
    ("He served 12 years as mayor before the scandal broke.", "12 years", "tenure", "year"),
    ("She retired after 30 years in office.", "30 years", "tenure", "year"),
    ("His 25-year career ended with the ruling.", "25-year", "tenure", "year"),
    # spans of time over which something happened
    ("Hale rose over 20 years at the bureau to become a senior agent.", "20 years", "span",
     "year"),
    ("Crime fell 12% in the past five years.", "five years", "span", "year"),
    ("The party has lost nearly 60 seats over the past six years.", "six years", "span", "year"),
    ("Prices have risen 3% over the last 12 months.", "12 months", "span", "month"),
    ("He is the first minister in 40 years to resign over policy.", "40 years", "span", "year"),
    ("The teenager was shot by police eight days ago.", "eight days", "span", "day"),
    ("He married two weeks before the shooting.", "two weeks", "span", "week"),
    ("Results will be announced within 10 days.", "10 days", "span", "day"),
    # durations that are the story's figure: no role
    ("He was sentenced to 20 years in prison.", "20 years", None, "year"),
    ("The miners were trapped for 17 days underground.", "17 days", None, "day"),
    ("The standoff lasted over five hours.", "over five hours", None, "hour"),
    ("Users stayed in the app for just over 6 minutes.", "just over 6 minutes", None,
     "minute"),
    ("She checked into rehab for a 90-day stay.", "90-day", None, "day"),
]


@pytest.mark.parametrize("sentence,surface,role,unit", ROLES, ids=[r[1] + ":" + r[0][:30]
                                                                    for r in ROLES])
def test_role_of_a_duration(sentence, surface, role, unit):
    claims = [c for c in extract_text(sentence) if c.kind == "quantity"]
    hits = [c for c in claims if c.text == surface]
    assert hits, [(c.text, c.role) for c in claims]
    c = hits[0]
    assert (c.role, c.unit, c.dimension) == (role, unit, "[time]")
    assert c.change is None
    assert sentence[c.start - c.sentence_start : c.end - c.sentence_start] == c.text


# (sentence, the surface of a figure that must not be a quantity, the kind it is instead)
NOT_AMOUNTS = [
    ("The quake struck at 7:58 a.m. local time.", "7:58 a.m.", "time_of_day"),
    ("The meeting starts at 3 p.m. on Monday.", "3 p.m.", "time_of_day"),
    ("He fumbled at the 20-yard line late in the game.", "20-yard line", "position"),
    ("Jones scored from the Kansas 1-yard line.", "1-yard line", "position"),
    ("The Patriots took a 14-7 lead in the second quarter.", "14-7", "score"),
    ("Pukall (14-13-2) lost on points to the champion.", "14-13-2", "score"),
    ("The third-ranked Gators beat No. 3 Alabama.", "3", "identifier"),
    ("She is ranked 5th in the world.", "5th", "ordinal"),
    ("The #3 team in the country lost at home.", "#3", "rank"),
    ("She cracked the top 10 for the first time.", "top 10", "rank"),
    ("The toll is the most since 1998.", "1998", "year"),
]


@pytest.mark.parametrize("sentence,surface,kind", NOT_AMOUNTS, ids=[r[1] for r in NOT_AMOUNTS])
def test_positions_ranks_and_times_are_no_quantities(sentence, surface, kind):
    claims = extract_text(sentence)
    assert not [c for c in claims if c.kind == "quantity"], [(c.text, c.kind) for c in claims]
    assert (surface, kind) in [(c.text, c.kind) for c in claims]


def test_a_record_figure_is_still_a_level():
    (c,) = [c for c in extract_text("Jobless claims hit a record 8.6 million last week.")
            if c.kind == "quantity"]
    assert c.value == Decimal(8600000) and c.role is None and c.change is None


def test_an_age_changes_like_any_figure_when_a_verb_says_so():
    # "the retirement age rose 2 years": the number after "age rose" is a change of the age,
    # not an age (the age cue must stand right before the number)
    (c,) = [c for c in extract_text("The retirement age rose 2 years under the reform.")
            if c.kind == "quantity"]
    assert c.role is None and c.change == "up"


def _flags(a: str, b: str):
    docs = [Document(id="a", text=a, source="Wire A"), Document(id="b", text=b, source="Wire B")]
    return analyse(docs).findings


def _pairs(a: str, b: str) -> set[tuple[str, str]]:
    findings = _flags(a, b)
    return {(f.a.text, f.b.text) for f in findings} | {(f.b.text, f.a.text) for f in findings}


# (article a, article b, a pair that must not be made); each was paired before issue 14
# item 5: the age with the toll (as consistent), the tenure with the prison term and with the
# span (flagged "explained")
NOT_PAIRED = [
    ("Police said the gunman, aged 29, opened fire at the mall on Saturday.",
     "Police said the gunman killed 29 people at the mall on Saturday.",
     ("29", "29 people")),
    (("Officer Hale, a 21-year veteran of the force, was shot dead at the mall on Saturday, "
      "police said."),
     ("The gunman was sentenced to 25 years in prison for the mall shooting on Saturday, "
      "prosecutors said."),
     ("21-year", "25 years")),
    ("Hale, a 21-year veteran of the police force, was fired on Monday.",
     "Hale, who rose over 20 years at the force, was fired on Monday, his lawyer said.",
     ("21-year", "20 years")),
]


@pytest.mark.parametrize("a,b,pair", NOT_PAIRED, ids=[p[2][0] + "/" + p[2][1] for p in NOT_PAIRED])
def test_an_age_or_tenure_is_not_paired_with_the_story_figures(a, b, pair):
    assert pair not in _pairs(a, b)


def test_figures_of_one_role_still_pair():
    a = ("Former officer Tom Hale, 38, was sentenced to 20 years in prison on Monday, "
         "prosecutors said.")
    b = ("Former officer Tom Hale, 39, was sentenced to 25 years in prison on Monday, "
         "his lawyer said.")
    # the role veto lets figures of one role through to the pair model (whether the model
    # then pairs 20 with 25 years is its own judgement, measured by bench/pairs.py)
    from factcheck.match import get_matcher
    from factcheck.pipeline import extract_with_stories
    from factcheck.rules import load_rules

    rules = load_rules()

    docs = [Document(id="a", text=a, source="A"), Document(id="b", text=b, source="B")]
    claims, stories = extract_with_stories(docs, rules)
    m = get_matcher(rules)
    scored = {frozenset((s.fa.claim.text, s.fb.claim.text)): s.decision
              for s in m.score_all(claims, {d.id: d for d in docs}, stories)}
    for pair in (("20 years", "25 years"), ("38", "39")):
        decision = scored.get(frozenset(pair))
        assert decision is not None, f"{pair} not compared"
        assert decision.veto is None, f"{pair} refused by {decision.veto}"
    assert ("38", "39") in _pairs(a, b)
