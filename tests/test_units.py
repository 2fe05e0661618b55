"""The news layer in front of pint: defaults that differ from pint's, and property tests."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unit_probes import PROBES, read

from factcheck import Document, analyse, extract_text, load_rules
from factcheck import units as units_module
from factcheck.errors import RuleError
from factcheck.rules import default_rules_dir
from factcheck.units import UnitTable, unit_table

T = unit_table()

# Probes the extractor still reads wrong, with the reason; strict: a fix must remove them.
KNOWN_WRONG: dict[str, str] = {}


@pytest.mark.parametrize("probe", [
    pytest.param(p, id=p.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[p.id])]
                 if p.id in KNOWN_WRONG else [])
    for p in PROBES
])
def test_unit_probe(probe):
    """The probe table (tests/unit_probes.py; bench/unit_probes.py counts it)."""
    assert read(probe) == []


@pytest.mark.parametrize(
    "unit,si",
    [("metric_ton", 1000.0), ("megametric_ton", 1e9), ("kilometric_ton", 1e6), ("short_ton", 907.18474),
     ("kiloton_TNT", 4.184e12)],
)
def test_news_mass_units(unit, si):  # the examples in rules/news.pint
    assert math.isclose(T.info(unit).factor or 0, si, rel_tol=1e-9)


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
        ("The bomb had a yield of 15 kt.", "kiloton_TNT", "[mass] * [length] ** 2 / [time] ** 2"),
        ("The ship was doing 15 kt when it struck the pier.", "knot", "[length] / [time]"),
        ("The plant stores 15 kt of ammonia.", "kilometric_ton", "[mass]"),
        ("The baby weighed 7 pounds at birth.", "pound", "[mass]"),
        ("The fine was 500 pounds sterling.", "GBP", "currency"),
        ("A pint costs 90p in the pub.", "GBP_pence", "currency"),
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


def _pair(a: str, b: str, rules=None):
    docs = [Document(id="a", text=a, source="A"), Document(id="b", text=b, source="B")]
    return analyse(docs, rules=rules)


SPILL = "The tanker spilled {} of fuel oil off the coast, the coast guard said."


@pytest.mark.parametrize(
    "a,b,verdict,says",
    [
        # 2,140 short tons = 1,941 t: under 10 % apart, explained by the unit
        ("2,140 tons", "1,950 metric tons", "consistent", "read as short tons"),
        ("2,140 tons", "2,170 metric tons", "consistent", "read as long tons"),
        ("2,140 short tons", "1,941.4 metric tons", "consistent", None),
        # 30 % apart: the unit does not account for it
        ("2,000 tons", "2,600 tonnes", "conflict", "explains at most a 12 % difference"),
        # short tons are not ambiguous: 10 % apart is a conflict
        ("2,140 short tons", "1,760 metric tons", "conflict", None),
    ],
)
def test_ambiguous_tons_in_comparisons(a, b, verdict, says):
    rep = _pair(SPILL.format(a), SPILL.format(b))
    assert rep.findings, "not paired"
    f = rep.findings[0]
    assert f.verdict == verdict
    units = [e for e in f.explanations if e.type == "unit"]
    if says is None:
        assert not units
    else:
        assert units and says in units[0].detail, [e.detail for e in f.explanations]


def test_ambiguous_tons_keep_their_interval():
    [c] = [c for c in extract_text(SPILL.format("2,140 tons")) if c.kind == "quantity"]
    assert c.unit_ambiguous and c.unit == "ton"
    assert math.isclose(c.si_low, 2140 * 907.18474) and math.isclose(c.si_high, 2140 * 1016.0469088)
    assert math.isclose(c.si_value, 2140 * 1000.0)


def test_percent_and_percentage_points_are_never_equal():
    rep = _pair("Unemployment rose 2 percent in March, the agency said.",
                "Unemployment rose 2 percentage points in March, the agency said.")
    assert [f.verdict for f in rep.findings] == ["explained"]
    assert rep.findings[0].explanations[0].type == "percent_vs_points"


def test_magnitudes_compare_on_their_own_scale():
    rep = _pair("A magnitude 6.4 earthquake struck off the coast of Chile, the USGS said.",
                "A 6.4-magnitude earthquake struck off the coast of Chile, the USGS said.")
    assert [f.verdict for f in rep.findings] == ["consistent"]
    assert rep.findings[0].a.si_value == 6.4 and rep.findings[0].a.si_unit == "magnitude"


def _rules_with(tmp_path, extra: str = "", replace: tuple[str, str] | None = None):
    d = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), d)
    path = d / "units.toml"
    text = path.read_text(encoding="utf-8")
    if replace:
        text = text.replace(*replace)
    path.write_text(text + extra, encoding="utf-8")
    return load_rules(d)


PAID = "The company paid {} for the site, the filing showed."


def test_different_currencies_are_never_paired_without_a_rate_table():
    assert not _pair(PAID.format("$5 million"), PAID.format("€5 million")).findings
    assert not _pair(PAID.format("$1.20 per share"), PAID.format("€1.20 per share")).findings
    # the same currency pairs, in any written form
    rep = _pair(PAID.format("$5 million"), PAID.format("US$5 million"))
    assert [f.verdict for f in rep.findings] == ["consistent"]
    rep = _pair(PAID.format("£0.90"), PAID.format("90p"))
    assert [f.verdict for f in rep.findings] == ["consistent"]


def test_a_rate_table_lets_currencies_compare_and_is_named(tmp_path):
    rates = ('[rates]\ndate = "2024-06-28"\nsource = "ECB euro reference rates"\n'
             'base = "EUR"\nUSD = 0.9335\n')
    rules = _rules_with(tmp_path, replace=("[rates]\n", rates))
    rep = _pair(PAID.format("$5.36 million"), PAID.format("€5 million"), rules=rules)
    assert [f.verdict for f in rep.findings] == ["consistent"]
    note = rep.findings[0].explanations[0]
    assert note.type == "unit" and "ECB euro reference rates" in note.detail
    assert "2024-06-28" in note.detail
    rep = _pair(PAID.format("$9 million"), PAID.format("€5 million"), rules=rules)
    assert [f.verdict for f in rep.findings] == ["conflict"]
    assert "2024-06-28" in rep.findings[0].explanations[0].detail
    # a currency the table does not list still never pairs
    assert not _pair(PAID.format("£5 million"), PAID.format("€5 million"), rules=rules).findings


def test_a_malformed_rate_table_names_file_line_and_form(tmp_path):
    with pytest.raises(RuleError) as err:
        UnitTable(_rules_with(tmp_path, replace=("[rates]\n", '[rates]\nUSD = "high"\n')))
    msg = str(err.value)
    assert "units.toml:" in msg and "rule 'rates'" in msg and "expected" in msg


def test_a_malformed_contextual_rule_names_file_line_and_form(tmp_path):
    bad = '\n[[contextual]]\nsurface = "kt"\nunit = "knot"\ncues = ["winds"]\n'
    with pytest.raises(RuleError) as err:
        UnitTable(_rules_with(tmp_path, extra=bad))
    msg = str(err.value)
    assert "units.toml:" in msg and "contextual entry 4" in msg and "expected" in msg
    line = int(msg.split("units.toml:")[1].split(":")[0])
    text = (tmp_path / "rules" / "units.toml").read_text(encoding="utf-8").splitlines()
    assert text[line - 1] == "[[contextual]]" and text[line] == 'surface = "kt"'


def test_an_editor_adds_a_contextual_reading_without_code(tmp_path):
    extra = '\n[[contextual]]\nsurface = ["t"]\nunit = "troy_ounce"\ncues = ["bullion"]\n'
    rules = _rules_with(tmp_path, extra=extra)
    [c] = [c for c in extract_text("The bullion vault holds 40 t.", rules=rules)
           if c.kind == "quantity"]
    assert c.unit == "troy_ounce"


def test_unknown_units_are_counted_and_listed():
    doc = Document(id="port", text="The port handled 30 million TEU last year. "
                   "The field holds 12 Tcf of gas.")
    rep = analyse([doc])
    assert rep.summary()["unknown_units"] == 2
    data = json.loads(json.dumps(rep.to_json()))
    assert data["summary"]["unknown_units"] == 2
    assert any("'TEU'" in w for w in data["warnings"]) and any("'Tcf'" in w for w in data["warnings"])
    [teu] = [c for c in data["claims"] if c["unit"] == "TEU"]
    assert teu["dimension"] == "unknown" and teu["si_value"] is None and teu["text"] == "30 million TEU"


def test_counted_rates_have_a_dimension():
    [c] = [c for c in extract_text("Profit was $1.20 per share.") if c.kind == "quantity"]
    assert (c.unit, c.dimension, c.si_unit) == ("USD / share", "currency / count", "USD / share")


def test_conversion_cache_stays_small(monkeypatch):
    monkeypatch.setattr(units_module, "CACHE_MAX", 50)
    table = UnitTable(load_rules())
    for i in range(500):
        table.info(f"USD / widget{'x' * (i % 40)}")
        table.pint_name(f"Zz{i}")
    assert len(table._cache) <= 50 and len(table._pint_names) <= 50
