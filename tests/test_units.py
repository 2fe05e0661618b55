"""The news layer in front of pint: defaults that differ from pint's, and property tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import Document, analyse, extract_text
from factcheck.units import unit_table

T = unit_table()


@pytest.mark.parametrize(
    "unit,kg",
    [("metric_ton", 1000.0), ("megametric_ton", 1e9), ("kilometric_ton", 1e6), ("short_ton", 907.18474)],
)
def test_news_mass_units(unit, kg):
    assert math.isclose(T.info(unit).factor or 0, kg, rel_tol=1e-9)


def test_oil_barrel_is_42_us_gallons():
    assert math.isclose(T.info("oil_barrel").factor or 0, 42 * (T.info("gallon").factor or 0))


def test_bare_tons_are_ambiguous():
    info = T.info("ton")
    assert info.ambiguous and info.factor_low and info.factor_high
    assert info.factor_low < 1000 < info.factor_high


def test_temperature_absolute_and_difference():
    abs_c = T.info("degree_Celsius")
    assert math.isclose(abs_c.to_si(20.0) or 0, 293.15)
    delta = T.info("degree_Celsius", delta=True)
    assert math.isclose(delta.to_si(2.0, delta=True) or 0, 2.0)


@pytest.mark.parametrize(
    "sentence,unit,dimension",
    [
        ("Output reached 2 Mt last year.", "megametric_ton", "[mass]"),
        ("The bomb had a yield of 15 kt.", "kilometric_ton", "[mass]"),
        ("The baby weighed 7 pounds at birth.", "pound", "[mass]"),
        ("The fine was 500 pounds sterling.", "GBP", "currency"),
        ("A pint costs 90p in the pub.", "GBP", "currency"),
        ("The index fell 120 points on Friday.", "point", "point"),
        ("The unemployment rate rose 2 points to 7%.", "percentage_point", "percentage_point"),
        ("A magnitude 5.7 earthquake struck Oaxaca.", "magnitude", "magnitude"),
        ("The fund raised C$40 million.", "CAD", "currency"),
        ("Sales reached ₹500 crore.", "INR", "currency"),
        ("The tank holds 40 imperial gallons.", "imperial_gallon", "[length] ** 3"),
        ("Temperatures reached 40 degrees Celsius in Seville.", "degree_Celsius", "[temperature]"),
    ],
)
def test_news_defaults(sentence, unit, dimension):
    claims = [c for c in extract_text(sentence) if c.kind == "quantity"]
    assert claims, sentence
    assert (claims[0].unit, claims[0].dimension) == (unit, dimension)


def test_unknown_unit_is_kept_with_unknown_dimension():
    info = T.info("flibbertigibbet")
    assert info.dimension == "unknown" and info.factor is None


EQUIVALENT = [("kilometres", "metres", 1000), ("miles", "feet", 5280), ("tonnes", "kilograms", 1000),
              ("hours", "minutes", 60), ("litres", "millilitres", 1000)]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=900), st.sampled_from(EQUIVALENT))
def test_equal_quantities_in_different_units_are_consistent(n, units):
    big, small, factor = units
    a = Document(id="a", text=f"The pipeline is {n} {big} long, officials said.")
    b = Document(id="b", text=f"The pipeline is {n * factor:,} {small} long, officials said.")
    rep = analyse([a, b])
    assert rep.findings, "not paired"
    assert all(f.verdict == "consistent" for f in rep.findings)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False), st.sampled_from(
    ["kilometer", "mile", "metric_ton", "hectare", "kilometer / hour", "oil_barrel / day"]))
def test_round_trip_through_base_units(x, unit):
    info = T.info(unit)
    si = info.to_si(x)
    assert si is not None
    back = (si - info.offset) / (info.factor or 1)
    assert math.isclose(back, x, rel_tol=1e-12)
