"""Unit probes: real news sentences and how each number in them must be read.

One table, used twice: ``tests/test_units.py`` runs every probe as a test, and
``bench/unit_probes.py`` counts how many read right ("N/M probes read right"). A probe names
the number it is about by its ``value`` (or ``low`` for a range) and states what the claim
must say about it: ``unit``, ``dimension``, ``bound``, and where it means something,
``si_value`` (in the SI unit pint reduces to), ``ambiguous`` and ``change``. ``doc`` is the
text of the whole document when the probe depends on it (a dateline).

Kinds: tons, pounds, barrels, gallons, points, percent, magnitude, temperature, currency,
count, unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

BARREL_M3 = 0.158987294928
GALLON_M3 = 0.003785411784
POUND_KG = 0.45359237


@dataclass(frozen=True)
class Probe:
    kind: str
    text: str
    value: str
    unit: str | None
    dimension: str
    bound: str = "="
    si_value: float | None = None
    ambiguous: bool | None = None
    change: str | None = None
    low: str | None = None  # a range: ``value`` is the high end
    si_low: float | None = None
    si_high: float | None = None
    doc: str | None = None  # the whole document, when the probe needs its dateline
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.kind}: {self.text[:60]}"


P = Probe
PROBES: list[Probe] = [
    # -- tons: metric unless bare; Mt/kt are mass unless the context is speed or yield ----
    P("tons", "Russia exported 3.8 million metric tons of wheat in July.", "3800000",
      "metric_ton", "[mass]", si_value=3.8e9, ambiguous=False),
    P("tons", "The mill produced 450,000 tonnes of steel last year.", "450000",
      "metric_ton", "[mass]", si_value=4.5e8),
    P("tons", "Each loaded container weighs about 30 t, the port said.", "30",
      "metric_ton", "[mass]", bound="~", si_value=30000),
    P("tons", "India emitted 2,900 Mt of carbon dioxide in 2022.", "2900",
      "megametric_ton", "[mass]", si_value=2.9e12),
    P("tons", "The warehouse held 2.7 kt of ammonium nitrate when it exploded.", "2.7",
      "kilometric_ton", "[mass]", si_value=2.7e6),
    P("tons", "The ship was carrying 2,000 tons of fuel oil when it ran aground.", "2000",
      "ton", "[mass]", si_value=2e6, ambiguous=True, si_low=2000 * 907.18474,
      si_high=2000 * 1016.0469088),
    P("tons", "Recyclers collected 12 million tons of scrap metal last year.", "12000000",
      "ton", "[mass]", ambiguous=True, si_low=12e6 * 907.18474, si_high=12e6 * 1016.0469088),
    P("tons", "The United States mined 539 million short tons of coal in 2021.", "539000000",
      "short_ton", "[mass]", si_value=539e6 * 907.18474, ambiguous=False),
    P("tons", "The frigate can make 30 kt in calm seas, the navy said.", "30",
      "knot", "[length] / [time]", si_value=30 * 1852 / 3600),
    P("tons", "Winds gusted to 65 kt off the coast as the typhoon neared.", "65",
      "knot", "[length] / [time]"),
    P("tons", "The Hiroshima bomb had an explosive yield of about 15 kt.", "15",
      "kiloton_TNT", "[mass] * [length] ** 2 / [time] ** 2", bound="~", si_value=15 * 4.184e12),
    P("tons", "The Soviet Tsar Bomba had a yield of 50 megatons of TNT.", "50",
      "megaton_TNT", "[mass] * [length] ** 2 / [time] ** 2", si_value=50 * 4.184e15),
    P("tons", "The warhead has a yield of 300 kilotons.", "300",
      "kiloton_TNT", "[mass] * [length] ** 2 / [time] ** 2"),
    # -- pounds: mass unless a currency cue; p after a number is pence -------------------
    P("pounds", "The baby weighed 8 pounds at birth, the hospital said.", "8",
      "pound", "[mass]", si_value=8 * POUND_KG),
    P("pounds", "Fishermen landed 40,000 pounds of cod in a single day.", "40000",
      "pound", "[mass]", si_value=40000 * POUND_KG),
    P("pounds", "The wrestler weighs 300 lbs.", "300", "pound", "[mass]"),
    P("pounds", "The club was fined 25,000 pounds sterling by the league.", "25000",
      "GBP", "currency", si_value=25000),
    P("pounds", "The British company agreed a deal worth 2 billion pounds (GBP) on Monday.",
      "2000000000", "GBP", "currency"),
    P("pounds", "A loaf of bread now costs 140p in most supermarkets.", "140",
      "GBP_pence", "currency", si_value=1.4),
    P("pounds", "Shares in BP closed at 480 pence in London.", "480",
      "GBP_pence", "currency", si_value=4.8),
    P("pounds", "The new duty adds 5p a litre to the price of petrol.", "5",
      "GBP_pence / liter", "currency / [length] ** 3", si_value=50.0),
    # -- barrels and gallons ------------------------------------------------------------
    P("barrels", "Saudi Arabia pumped 9 million barrels per day in June.", "9000000",
      "oil_barrel / day", "[length] ** 3 / [time]", si_value=9e6 * BARREL_M3 / 86400),
    P("barrels", "OPEC+ agreed to cut output by 2 million bpd from November.", "2000000",
      "oil_barrel / day", "[length] ** 3 / [time]", change="down"),
    P("barrels", "The tanker was carrying 2 million barrels of crude.", "2000000",
      "oil_barrel", "[length] ** 3", si_value=2e6 * BARREL_M3),
    P("barrels", "Brent crude settled at $85.40 a barrel.", "85.4",
      "USD / oil_barrel", "currency / [length] ** 3", si_value=85.4 / BARREL_M3),
    P("gallons", "The spill released 11 million gallons of oil into the sound.", "11000000",
      "gallon", "[length] ** 3", si_value=11e6 * GALLON_M3),
    P("gallons", "The tank holds 40 imperial gallons.", "40",
      "imperial_gallon", "[length] ** 3", si_value=40 * 0.00454609),
    P("gallons", "Drivers in Britain burned 9 billion UK gallons of petrol.", "9000000000",
      "imperial_gallon", "[length] ** 3"),
    P("gallons", "Gasoline averaged $3.50 a gallon across the country.", "3.5",
      "USD / gallon", "currency / [length] ** 3", si_value=3.5 / GALLON_M3),
    # -- points: index, percentage or basis points; never pints ------------------------
    P("points", "The Dow Jones Industrial Average fell 350 points on Friday.", "350",
      "point", "point", change="down"),
    P("points", "The FTSE 100 closed up 45.3 points at 7,412.", "45.3", "point", "point"),
    P("points", "Labour's lead in the poll narrowed to 4 points.", "4",
      "percentage_point", "percentage_point"),
    P("points", "The central bank cut its benchmark rate by 25 basis points.", "25",
      "basis_point", "percentage_point", si_value=0.25, change="down"),
    P("points", "Ten-year Treasury yields rose 12 bps to 4.3%.", "12",
      "basis_point", "percentage_point", si_value=0.12, change="up"),
    P("points", "The forward had 28 points and 11 rebounds.", "28", "point", "point"),
    # -- percent vs percentage points ---------------------------------------------------
    P("percent", "Inflation eased to 3.4 percent in May.", "3.4", "percent", "percent"),
    P("percent", "Retail sales grew 12 per cent from a year earlier.", "12",
      "percent", "percent", change="up"),
    P("percent", "Support for the measure fell 5 percentage points.", "5",
      "percentage_point", "percentage_point", change="down"),
    P("percent", "The party's vote share rose 3.2 pct points.", "3.2",
      "percentage_point", "percentage_point", change="up"),
    # -- magnitudes: a logarithmic scale, never converted ------------------------------
    P("magnitude", "A magnitude 5.7 earthquake struck Oaxaca on Tuesday.", "5.7",
      "magnitude", "magnitude", si_value=5.7),
    P("magnitude", "A preliminary magnitude-7.1 quake hit southern Mexico.", "7.1",
      "magnitude", "magnitude"),
    P("magnitude", "A 7.1-magnitude earthquake shook Mexico City.", "7.1",
      "magnitude", "magnitude"),
    P("magnitude", "A 6.4 quake rattled northern California early on Sunday.", "6.4",
      "magnitude", "magnitude"),
    P("magnitude", "The tremor measured 6.2 on the Richter scale.", "6.2",
      "magnitude", "magnitude"),
    # -- temperature: readings with offsets, differences without -----------------------
    P("temperature", "Temperatures reached 40 degrees Celsius in Seville.", "40",
      "degree_Celsius", "[temperature]", si_value=313.15),
    P("temperature", "It was 95F in Phoenix on Sunday afternoon.", "95",
      "degree_Fahrenheit", "[temperature]", si_value=308.15),
    P("temperature", "Temperatures fell to -5C overnight in Moscow.", "-5",
      "degree_Celsius", "[temperature]", si_value=268.15),
    P("temperature", "Global temperatures have risen 1.1C since pre-industrial times.", "1.1",
      "degree_Celsius", "[temperature]", si_value=1.1, change="up"),
    P("temperature", "The city was 2 degrees Celsius warmer than average last month.", "2",
      "degree_Celsius", "[temperature]", si_value=2.0),
    P("temperature", "Parts of Europe were 4 degrees warmer than the long-term average.", "4",
      "degree_Celsius", "[temperature]", si_value=4.0),
    P("temperature", "The plane banked 30 degrees to the left.", "30", "degree", "[dimensionless]"),
    # -- currency: symbols and codes to ISO; a bare $ follows the dateline --------------
    P("currency", "The company raised US$40 million in its latest round.", "40000000",
      "USD", "currency", si_value=4e7),
    P("currency", "Shopify posted quarterly revenue of C$2.1 billion.", "2100000000",
      "CAD", "currency"),
    P("currency", "The miner agreed to pay A$1.2 billion for the project.", "1200000000",
      "AUD", "currency"),
    P("currency", "The tycoon's stake is worth HK$3.7 billion.", "3700000000",
      "HKD", "currency"),
    P("currency", "The state will invest Rs 500 crore in new roads.", "5000000000",
      "INR", "currency"),
    P("currency", "The court fined him Rs. 10,000 for the offence.", "10000", "INR", "currency"),
    P("currency", "The ministry set aside ₹2,500 crore for defence.", "25000000000",
      "INR", "currency"),
    P("currency", "Toyota expects an operating profit of ¥4.3 trillion this year.",
      "4300000000000", "JPY", "currency"),
    P("currency", "The EU unveiled a €5bn aid package for farmers.", "5000000000",
      "EUR", "currency"),
    P("currency", "Museum tickets cost 5 euros each.", "5", "EUR", "currency"),
    P("currency", "The loan totals USD 34.6 million.", "34600000", "USD", "currency"),
    P("currency", "Apple is worth $3 trillion, the most of any company.", "3000000000000",
      "USD", "currency"),
    P("currency", "The contract is worth 3 billion Canadian dollars.", "3000000000",
      "CAD", "currency"),
    P("currency", "The government will spend $2 billion on housing.", "2000000000",
      "CAD", "currency",
      doc="OTTAWA (Reuters) - The government will spend $2 billion on housing."),
    P("currency", "Qantas posted an annual profit of $1.7 billion.", "1700000000",
      "AUD", "currency",
      doc="SYDNEY (Reuters) - Qantas posted an annual profit of $1.7 billion."),
    P("currency", "The deal is worth US$500 million, the company said.", "500000000",
      "USD", "currency",
      doc="TORONTO (Reuters) - The deal is worth US$500 million, the company said."),
    P("currency", "Its shares rose 4% to $12.30 in New York.", "12.3", "USD", "currency",
      doc="TORONTO (Reuters) - Its shares rose 4% to $12.30 in New York."),
    # -- counted things: the noun, singularised ----------------------------------------
    P("count", "The earthquake claimed 1,180 lives, officials said.", "1180",
      "life", "count", si_value=1180),
    P("count", "At least 11 people were killed in the blast.", "11",
      "person", "count", bound=">="),
    P("count", "Rescuers recovered 23 bodies from the rubble.", "23", "body", "count"),
    P("count", "Police arrested 40 protesters outside parliament.", "40", "protester", "count"),
    P("count", "Some 300 children were evacuated from the school.", "300",
      "child", "count", bound="~"),
    P("count", "The fire destroyed 52 homes in the valley.", "52", "home", "count"),
    P("count", "The carmaker will cut 1,200 jobs in Germany.", "1200", "job", "count"),
    P("count", "The outbreak has caused 14 deaths so far.", "14", "death", "count"),
    # -- units the registry does not know: kept, dimension unknown ----------------------
    P("unknown", "The port handled 30 million TEU last year.", "30000000",
      "TEU", "unknown"),
    P("unknown", "The field holds an estimated 12 Tcf of gas.", "12", "Tcf", "unknown",
      bound="~"),
    P("unknown", "Workers received doses of up to 20 mSv.", "20",
      "millisievert", "[length] ** 2 / [time] ** 2", bound="<="),
    P("unknown", "The solar farm will produce 60 MWp at full capacity.", "60",
      "MWp", "unknown"),
]


def read(probe: Probe, extract_text: Any = None) -> list[str]:
    """What the extractor got wrong on ``probe``; empty when it read right."""
    from factcheck import Document, extract
    from factcheck.models import Claim

    if probe.doc is not None:
        claims = extract(Document(id="probe", text=probe.doc))
    else:
        claims = extract(Document(id="probe", text=probe.text))
    quantities: list[Claim] = [c for c in claims if c.kind == "quantity"]
    want = Decimal(probe.value)
    hits = [c for c in quantities if (c.value == want if probe.low is None
                                      else c.low == Decimal(probe.low) and c.high == want)]
    if not hits:
        return [f"no claim with value {probe.value}: "
                + ", ".join(f"{c.text!r}={c.value}" for c in quantities)]
    c = hits[0]
    problems = []
    for name in ("unit", "dimension", "bound"):
        if getattr(c, name) != getattr(probe, name):
            problems.append(f"{name} {getattr(c, name)!r} != {getattr(probe, name)!r}")
    if probe.change is not None and c.change != probe.change:
        problems.append(f"change {c.change!r} != {probe.change!r}")
    if probe.ambiguous is not None and c.unit_ambiguous is not probe.ambiguous:
        problems.append(f"ambiguous {c.unit_ambiguous} != {probe.ambiguous}")
    for name in ("si_value", "si_low", "si_high"):
        want_si = getattr(probe, name)
        got = getattr(c, name)
        if want_si is not None and (got is None or not math.isclose(got, want_si, rel_tol=1e-6)):
            problems.append(f"{name} {got!r} != {want_si!r}")
    return problems
