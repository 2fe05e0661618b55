"""Stated precision, read the way an editor reads it (issue 14; rules/tolerances.toml
[precision]): an exact count is exact, a round number or a scale word covers a few percent,
"about" and a vague amount widen further, and the verdict follows.

The rows are figures as news copy writes them (the kinds met in the ECB+, BASIL and Reuters
corpora: tolls, fees, crowds, durations, shares), each pair compared on its own, so the table
tests compare's reading of precision and not the pair model.
"""

from __future__ import annotations

import pytest

from factcheck.compare import Comparer
from factcheck.match import Candidate
from factcheck.models import Document
from factcheck.pipeline import extract_claims
from factcheck.rules import load_rules

RULES = load_rules()
COMPARER = Comparer(RULES)


def _first(text: str, doc: str):
    d = Document(id=doc, text=text, source=doc.upper())
    claims = [c for c in extract_claims([d], rules=RULES) if c.kind == "quantity"]
    assert claims, f"no figure read in {text!r}"
    return d, claims[0], claims


def _verdict(a_text: str, b_text: str) -> str:
    da, a, ca = _first(a_text, "a")
    db, b, cb = _first(b_text, "b")
    f = COMPARER.compare(Candidate(a, b, 100.0), {"a": da, "b": db}, ca + cb)
    return f.verdict


# (figure A, figure B, agree?)
TABLE = [
    # small counts are counted, not rounded
    ("He missed 10 total games last season.", "He missed nine games last season.", False),
    ("Ten people were in critical condition.", "Five people were in critical condition.", False),
    ("The crash killed 28 children.", "The crash killed 27 children.", False),
    ("The fire killed 20 people.", "The fire killed 20 people.", True),
    ("The fire killed nine people.", "The fire killed 9 people.", True),
    ("Rescuers found 12 survivors.", "Rescuers found a dozen survivors.", True),
    ("Police arrested 45 people.", "Police arrested 50 people.", False),
    # bounds and "about" cover what they say
    ("More than 40 people died in the floods.", "The floods killed 42 people.", True),
    ("At least 24 people died.", "The floods killed 25 people.", True),
    ("About 50 people were hurt.", "The blast hurt 54 people.", True),
    ("About 50 people were hurt.", "The blast hurt 60 people.", False),
    ("Nearly 100 homes burned.", "The fire burned 96 homes.", True),
    ("Nearly 100 homes burned.", "The fire burned 104 homes.", False),
    # round numbers cover a few percent, less than "about"
    ("The storm destroyed 2,000 homes.", "The storm destroyed 1,950 homes.", True),
    ("The storm destroyed 2,000 homes.", "The storm destroyed 1,500 homes.", False),
    ("The storm destroyed about 2,000 homes.", "The storm destroyed 1,850 homes.", True),
    ("Some 700 migrants were on board.", "There were 750 migrants on board.", True),
    ("The WHO counted 127,000 cases in 2024.", "The WHO counted 127,350 cases in 2024.", True),
    ("The heatwave claimed 1,180 lives.", "The heatwave claimed 1,200 lives.", True),
    ("The heatwave claimed 1,180 lives.", "The heatwave claimed 2,400 lives.", False),
    ("The agency counted 36,816 crossings.", "The agency counted 36,000 crossings.", False),
    # scale words: the last digit, but no more than a tenth of the figure
    ("The deal is worth $1 billion.", "The deal is worth $563 million.", False),
    ("The deal is worth $1 billion.", "The deal is worth $950 million.", True),
    ("Reserves are 3.8 million tonnes.", "Reserves are 3.84 million tonnes.", True),
    ("Reserves are 3.8 million tonnes.", "Reserves are 3.9 million tonnes.", False),
    ("The club paid €103m.", "The club paid 103 million euros.", True),
    ("The club paid €103m.", "The club paid €105m.", False),
    ("Two million people voted.", "2.1 million people voted.", True),
    ("Two million people voted.", "1.7 million people voted.", False),
    ("The bill costs $1.2 trillion.", "The bill costs $1.25 trillion.", True),
    ("The tour grossed $2,077,618,725 in all.", "The tour grossed $2.08 billion in all.", True),
    ("The surplus was $992.1 billion.", "The surplus was $992.6 billion.", False),
    # vague amounts are ranges, not widened again
    ("Thousands of people marched.", "Hundreds of people marched.", False),
    ("Thousands of people marched.", "Some 5,000 people marched.", True),
    ("Tens of thousands of people marched.", "Thousands of people marched.", False),
    ("Hundreds of thousands rallied.", "About 300,000 people rallied.", True),
    # percentages and decimals keep their last digit
    ("Inflation rose 6% in May.", "Inflation rose 6.4% in May.", True),
    ("Inflation rose 6% in May.", "Inflation rose 7% in May.", False),
    ("The quake had a magnitude of 8.8.", "The quake had a magnitude of 8.7.", False),
    ("Turnout was 59.75 percent.", "Turnout was 59.8 percent.", True),
    # durations and fractions written in words are not rounded to a whole unit
    ("The talks lasted one year.", "The talks lasted seven months.", False),
    ("The search lasted five days.", "The search lasted one week.", False),
    ("The search lasted two weeks.", "The search lasted 14 days.", True),
    ("Two-thirds of voters backed it.", "30 percent of voters backed it.", False),
    # temperatures
    ("It reached 52.3 degrees Celsius.", "It reached 52.9 degrees Celsius.", False),
    ("It reached 126 degrees Fahrenheit.", "It reached 52.3 degrees Celsius.", True),
]


@pytest.mark.parametrize(("a", "b", "agree"), TABLE, ids=[f"{a[:30]}|{b[:30]}" for a, b, _ in TABLE])
def test_stated_precision_table(a, b, agree):
    verdict = _verdict(a, b)
    assert (verdict == "consistent") is agree, verdict


def test_table_is_large_enough():
    assert len(TABLE) >= 40
    assert sum(1 for *_, ok in TABLE if ok) >= 15 and sum(1 for *_, ok in TABLE if not ok) >= 15


@pytest.mark.parametrize(("text", "half_width"), [
    ("Nine games were missed.", 0.0),            # a small count is exact
    ("The storm destroyed 2,000 homes.", 100.0),  # a round number: 5 %, not 500
    ("The deal is worth $1 billion.", 1e8),       # a scale word: 10 %, not half a billion
    ("Reserves are 3.8 million tonnes.", 5e7),    # the last digit when it is finer (kg)
    ("The heatwave claimed 1,180 lives.", 5.0),  # tens, as written
    ("Inflation rose 6% in May.", 0.5),
])
def test_half_width_as_written(text, half_width):
    _, c, _ = _first(text, "a")
    assert c.precision == pytest.approx(half_width)


def test_precision_rules_are_strict(edit_rules):
    from factcheck.errors import RuleError

    target = edit_rules("tolerances.toml", "\nround_max =", "\nrounds_max =")
    with pytest.raises(RuleError, match="rounds_max.*did you mean 'round_max'"):
        load_rules(target)


@pytest.mark.parametrize(("text", "unit"), [
    ("Indian capital temps burn higher than 126 degrees, officials said.", "degree_Fahrenheit"),
    ("Temperatures reached 45 degrees on Monday.", "degree_Celsius"),
    ("The mercury hit 104 degrees in Phoenix.", "degree_Fahrenheit"),
    ("It was 2 degrees warmer than usual this summer.", "degree_Celsius"),
])
def test_bare_degrees_about_the_weather(text, unit):
    """units.toml [temperature]: bare degrees about the weather are Celsius, but no weather
    reaches 60 Celsius, so above that they are Fahrenheit."""
    _, c, _ = _first(text, "a")
    assert c.unit == unit
