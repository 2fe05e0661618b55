"""Extraction over real news sentences: value, unit, bound, change, kind, and exact spans."""

from __future__ import annotations

from decimal import Decimal

import pytest

from factcheck import extract_text

# (sentence, surface text of the claim, value or (low, high), unit, bound, change)
QUANTITIES = [
    # from seeds/
    ("The U.S. Geological Survey estimates Russia's reserves of rare earth metals at 3.8 million "
     "metric tons but Moscow has far higher estimates.", "3.8 million metric tons", 3800000,
     "metric_ton", "=", None),
    ("Russia has reserves of 15 rare earth metals totalling 28.7 million tons as of January 1, 2023.",
     "28.7 million tons", 28700000, "ton", "=", None),
    ("A powerful eruption at Japan's Shinmoedake volcano sent an ash plume more than 3,000 metres "
     "high on Sunday morning.", "more than 3,000 metres", 3000, "meter", ">", None),
    ("A magnitude 5.2 earthquake struck 56 kilometres east of Gorgan in northern Iran.", "5.2", 5.2,
     "magnitude", "=", None),
    ("A deadly heatwave has claimed 1,180 lives in Spain since May.", "1,180 lives", 1180, "life",
     "=", None),
    ("A powerful explosion at a factory in Russia's Ryazan region left 11 people dead and 130 "
     "injured.", "11 people", 11, "person", "=", None),
    ("Trump will impose secondary tariffs of 25% to 50% on buyers of Russian oil.", "25% to 50%",
     (25, 50), "percent", "=", None),
    ("'Superman' continued to dominate the summer box office, pulling in another $57.25 million in "
     "its second weekend.", "$57.25 million", 57250000, "USD", "=", None),
    ("Trump said he expected Putin to release more than 1,000 Ukrainian prisoners soon.",
     "more than 1,000 Ukrainian prisoners", 1000, "prisoner", ">", None),
    ("Canada is facing its second-worst wildfire season on record, with 7.8 million hectares "
     "already burned.", "7.8 million hectares", 7800000, "hectare", "=", None),
    ("Hungarian astronaut Tibor Kapu returned after a three-week mission aboard the International "
     "Space Station.", "three-week", 3, "week", "=", None),
    # general news forms
    ("The company raised £900m from investors.", "£900m", 900000000, "GBP", "=", None),
    ("Revenue rose to USD34.6 million in the quarter.", "USD34.6 million", 34600000, "USD", "=", "up"),
    ("The deal is worth $1.2bn, the people said.", "$1.2bn", 1200000000, "USD", "=", None),
    ("The Dow Jones Industrial Average rose 0.65 per cent to end at 27,349.19.", "0.65 per cent",
     0.65, "percent", "=", "up"),
    ("Consumer prices fell 1.3% in March.", "1.3%", 1.3, "percent", "=", "down"),
    ("Brent crude settled at $58.24 per barrel.", "$58.24 per barrel", 58.24, "USD / oil_barrel",
     "=", None),
    ("Gold traded at $1,950 an ounce.", "$1,950 an ounce", 1950, "USD / troy_ounce", "=", None),
    ("Between 1600 and 1900 world temperatures dropped by 1 to 1.5 degrees Celsius.",
     "1 to 1.5 degrees Celsius", (1, 1.5), "degree_Celsius", "=", "down"),
    ("There are four to five thousand people.", "four to five thousand people", (4000, 5000),
     "person", "=", None),
    ("The project will cost between 10 and 20 billion dollars.", "10 and 20 billion dollars",
     (10_000_000_000, 20_000_000_000), "USD", "=", None),
    ("Claims ranged from $200 to $4 million.", "$200 to $4 million", (200, 4_000_000), "USD", "=",
     None),
    ("The 15-year-old was taken to hospital.", "15-year-old", 15, "year", "=", None),
    ("The storm packed winds of 120 km/h as it made landfall.", "120 km/h", 120,
     "kilometer / hour", "=", None),
    ("Dozens of people were killed Friday in shootings at two mosques.", "Dozens", (12, 120),
     "person", "~", None),
    ("The central bank raised its key rate by 50 basis points.", "50 basis points", 50,
     "basis_point", "=", "up"),
    ("The Labour lead narrowed by 3 percentage points.", "3 percentage points", 3,
     "percentage_point", "=", "down"),
    ("The company has about 6,650 employees.", "about 6,650 employees", 6650, "employee", "~", None),
    ("Nearly half a million people fled the city.", "Nearly half a million people", 500000,
     "person", "~", None),
    # counted nouns after participles and capitalised plurals; vague amounts + "of" + unit
    ("The company plans to build 400 charging stations by 2025.", "400 charging stations", 400,
     "station", "=", None),
    ("Louisville allowed 517 rushing yards against Kentucky.", "517 rushing yards", 517, "yard",
     "=", None),
    ("In total, 1,307,000 Americans were collecting jobless aid.", "1,307,000 Americans", 1307000,
     "american", "=", None),
    ("Hackers gained access to the personal information of millions of Americans.", "millions",
     (1_000_000, 10_000_000), "american", "~", None),
    ("Stamp duty adds tens of thousands of dollars to the price of a home.", "tens of thousands",
     (10_000, 100_000), "USD", "~", None),
    # wire and Australian-press currency forms, symbols after the amount
    ("Global debt was about $US113 trillion.", "about $US113 trillion", 113_000_000_000_000, "USD",
     "~", None),
    ("Sony lost 2.70 percent to Y=5,182 in Tokyo trade.", "Y=5,182", 5182, "JPY", "=", None),
    ("Revenue from mainland China reached HK $3.7 billion last year.", "HK $3.7 billion",
     3_700_000_000, "HKD", "=", None),
    ("Arnold bought a notebook for 1,200€ to work remotely.", "1,200€", 1200, "EUR", "=", None),
    ("Britain can borrow for fifty years at an interest rate of 1.38pc.", "1.38pc", 1.38,
     "percent", "=", None),
    # measure units
    ("The pixel pitch employed was 352 μm.", "352 μm", 352, "micrometer", "=", None),
    ("The engine produces 300 PS and 450 Nm of torque.", "450 Nm", 450, "newton * meter", "=",
     None),
    ("The engine produces 300 PS and 450 Nm of torque.", "300 PS", 300, "metric_horsepower", "=",
     None),    # hyphen ranges are not negative numbers; rate ranges; ranges ending in a year-like number
    ("He was traveling at a speed of 15-22 miles per hour.", "15-22 miles per hour", (15, 22),
     "mile / hour", "=", None),
    ("Lyft expects to price its shares at between $62 and $68 per share.",
     "$62 and $68 per share", (62, 68), "USD / share", "=", None),
    ("Apple is going from 1000 to 2000 hires this year.", "1000 to 2000 hires", (1000, 2000),
     "hire", "=", None),
    ("The average adult needs about 2000 - 2500 Calories a day.",
     "about 2000 - 2500 Calories a day", (2000, 2500), "kilocalorie / day", "~", None),    # an explicit sign on a percentage in a market table is a change
    ("On Wall St at 1.56pm: Dow +0.2% S&P 500 +0.3% Nasdaq +0.8%.", "+0.3%", 0.3, "percent", "=",
     "up"),
    ("In Europe: Stoxx 50 -1.3% FTSE -0.6% CAC -1.7% DAX -1.6%.", "-0.6%", -0.6, "percent", "=",
     "down"),    # "rose X to Y": the change and the level reached, not a range
    ("The S&P 500 rose 64.06 points to 4,577.10.", "64.06 points", 64.06, "point", "=", "up"),
    ("The S&P 500 rose 64.06 points to 4,577.10.", "4,577.10", 4577.1, None, "=", None),
    ("The Dow Jones Industrial Average rose 0.65 per cent to end at 27,349.19, while the S&P 500 "
     "gained 0.68 per cent to 3,005.47.", "0.68 per cent", 0.68, "percent", "=", "up"),
    ("The US trade deficit increased by $43.6 billion to $419.2 billion.", "$419.2 billion",
     419_200_000_000, "USD", "=", None),    # "one of the ..." counts one of a set; "one of them" is no quantity
    ("Are you on the hunt for one of the best wireless speakers around?", "one", 1, "speaker", "=",
     None),
    ("It was one of the most spectacular catches ever to grace a World Cup match.", "one", 1,
     "catch", "=", None),    # counted nouns behind "more/other/new", and hyphenated compounds
    ("Two of Johnson's deputies were fired, and eight other employees left the agency.",
     "eight other employees", 8, "employee", "=", None),
    ("With eight more picks the team literally went all over the map.", "eight more picks", 8,
     "pick", "=", None),
    ("The ILX's standard 2.4-liter four-cylinder engine has adequate power.", "four-cylinder", 4,
     "cylinder", "=", None),
    # "magnitude of X" is a magnitude, like "magnitude X"
    ("The earthquake, with a magnitude of 8.8, struck off Russia's Kamchatka peninsula.", "8.8",
     8.8, "magnitude", "=", None),
    ("The quake had a magnitude of 8.7, the U.S. Geological Survey said.", "8.7", 8.7,
     "magnitude", "=", None),
    ("The tremor had a preliminary magnitude of 8.0, Japan's weather agency said.", "8.0", 8,
     "magnitude", "=", None),
    # wire copy spaces its scale abbreviations: the scale, then the unit
    ("Russia's grain harvest reached 28.5 mln tonnes, the ministry said.", "28.5 mln tonnes",
     28_500_000, "metric_ton", "=", None),
    ("Exports could rise to 3.2 bln tonnes by 2030.", "3.2 bln tonnes", 3_200_000_000,
     "metric_ton", "=", "up"),
    # time words after a number say when, not what is counted
    ("The death toll rose to 25 late Friday, officials said.", "25", 25, None, "=", "up"),
    ("Brent fell to 70 overnight as supply fears eased.", "70", 70, None, "=", "down"),
    # "up" after a phrasal verb is a particle, not a rise
    ("Louisville gave up 517 rushing yards to Kentucky on Saturday.", "517 rushing yards", 517,
     "yard", "=", None),
    ("Shares closed up 2% at $40.", "2%", 2, "percent", "=", "up"),
    ("Heineken Malaysia rose 18 sen to RM23.50 in early trade.", "RM23.50", 23.5, "MYR", "=",
     None),    # fractions with a numerator: "two-thirds of", "three quarters of"
    ("Three quarters of voters backed the plan, the poll found.", "Three quarters", 0.75,
     "fraction", "=", None),
    # proportions: "one in four", "1 out of 5", and slash fractions before "of" or a unit
    ("One in four adults in the region now works from home.", "One in four", 0.25, "fraction",
     "=", None),
    ("Nearly 1 out of 5 households missed a payment, the survey found.", "Nearly 1 out of 5",
     0.2, "fraction", "~", None),
    ("The recipe requires 1/2 pound of chocolate chips for the cookies.", "1/2 pound", 0.5,
     "pound", "=", None),
    # a change restated in another unit after "or" keeps its direction
    ("The Dow Jones Industrial Average lost 190 points, or 0.6%, on Friday.", "0.6%", 0.6,
     "percent", "=", "down"),
    ("Employment grew by 125,600 positions or 2.2 per cent in 2018.", "2.2 per cent", 2.2,
     "percent", "=", "up"),
    # a capital M glued to a number is millions (metres are written with a small m)
    ("The film sold 4.3M copies last year.", "4.3M copies", 4300000, "copy", "=", None),
    # a figure restated in brackets keeps the direction and the strict bound of the first
    ("The adult moths can fly more than 100 kilometers (60 miles) in a night.", "60 miles", 60,
     "mile", ">", None),
    ("World temperatures dropped by 1 to 1.5 degrees Celsius (1.8 to 2.7 Fahrenheit) in that "
     "period.", "1.8 to 2.7 Fahrenheit", (1.8, 2.7), "degree_Fahrenheit", "=", "down"),
    ("The engine produces just under 296 hp (224 kW / 300 PS) and 450 Nm of torque.", "300 PS",
     300, "metric_horsepower", "<", None),
    ("Analysts put the saving at around 25k or 40k depending on the rival.", "40k", 40000, None,
     "=", None),
    # -ing forms of change verbs
    ("The benchmark Stoxx 600 index was advancing about 1.7 percent at midday.",
     "about 1.7 percent", 1.7, "percent", "~", "up"),
    ("Tesla shares are up nearly 57% after plummeting 65% during 2022's rout.", "65%", 65,
     "percent", "=", "down"),
    # "minus" and "sub-" before a number; a lower-case word hyphenated to it is no name
    ("Temperatures on the plateau can reach minus 40 degrees Celsius in January.",
     "minus 40 degrees Celsius", -40, "degree_Celsius", "=", None),
    ("The plants will cool gas to minus-260 degrees Fahrenheit before shipping it.",
     "minus-260 degrees Fahrenheit", -260, "degree_Fahrenheit", "=", None),
    ("The Hornets' total offense for the rest of the game was minus-5 yards.", "minus-5 yards", -5,
     "yard", "=", None),
    ("Demand for sub-300 sq m office space has surged, the agent said.", "sub-300 sq m", 300,
     "meter ** 2", "<", None),
    ("She moved out with her now-18 month-old daughter in November.", "18 month-old", 18, "month",
     "=", None),
    # a case-sensitive unit longer than the case-insensitive one wins
    ("Temperatures reached 104 degrees Fahrenheit in Phoenix on Sunday.", "104 degrees Fahrenheit",
     104, "degree_Fahrenheit", "=", None),
    # the counted noun after modifiers joined by "and"; a glued m before such a chunk is millions
    ("About 460 Kia and Hyundai vehicles have been stolen so far this year.",
     "About 460 Kia and Hyundai vehicles", 460, "vehicle", "~", None),
    ("The film had 2.7m combined digital and physical sales last year.",
     "2.7m combined digital and physical sales", 2_700_000, "sale", "=", None),
    ("Britain sent 4.3M digital and physical copies to shops.", "4.3M digital and physical copies",
     4_300_000, "copy", "=", None),
    ("Divers trained in the 10m air rifle finals hall.", "10m", 10, "meter", "=", None),
    # "to X from Y" is "from Y to X" told backwards; a verb before "from X to Y" gives the change
    ("Weekly volume narrowed to 138,285 lots from 212,577 lots in the previous week.",
     "138,285 lots from 212,577 lots", (212577, 138285), "lot", "=", "down"),
    ("Ethereum fell from $2,415 to $2,315 from 1.05am to 7.05am.", "$2,415 to $2,315",
     (2415, 2315), "USD", "=", "down"),
    ("The SUV shaves 10 seconds off that 0-to-60-mph time.", "0-to-60-mph", (0, 60),
     "mile / hour", "=", None),
    ("Now there are 68,400 people who have been unemployed for one to two years.",
     "one to two years", (1, 2), "year", "=", None),
    # a bare figure compared with the one before takes its unit
    ("VR headset sales rose 60% in 2018 to 3.9 million headsets, up from 2.4 million in 2017.",
     "2.4 million", 2_400_000, "headset", "=", None),
    ("About 460 vehicles have been stolen so far this year compared with 63 a year earlier.",
     "63", 63, "vehicle", "=", None),
    ("More than 6 million homes nationwide, including 1.5 million in Los Angeles, lost power.",
     "1.5 million", 1_500_000, "home", "=", None),
    ("Average mileage rose from about 14-18 mpg to 24 for sport utility vehicles.", "24", 24,
     "mile / gallon", "=", None),
    ("Shares rose 5% to 40 from 38 in early trade.", "40 from 38", (38, 40), None, "=", "up"),
    # "of" after a spelled-out or scaled number names what is counted
    ("Two of Johnson's deputies were fired on Friday.", "Two", 2, "deputy", "=", None),
    ("Amazon is reckoned to have 35m of its Echo devices installed in the US.", "35m", 35_000_000,
     "device", "=", None),
    ("Three of them were taken to hospital, police said.", "Three", 3, None, "=", None),
    # "N times a minute" is a frequency; "3 times higher" stays a bare multiple
    ("The neutron stars spin nearly 78,000 times a minute.", "nearly 78,000 times a minute",
     78000, "time / minute", "~", None),
    # scientific notation needs a marked exponent
    ("The mass of the sun is approximately 1.99×10−30 kilograms.",
     "approximately 1.99×10−30 kilograms", Decimal("1.99E-30"), "kilogram", "~", None),
    ("A mole holds about 6.02 x 10^23 atoms.", "about 6.02 x 10^23 atoms",
     602_000_000_000_000_000_000_000, "atom", "~", None),
    # a spaced em dash restates a figure, it does not open a range
    ("The fund raised more than a billion dollars — $1,023,400,000 to be exact.",
     "$1,023,400,000", 1023400000, "USD", "=", None),
    ("The fund raised more than a billion dollars — $1,023,400,000 to be exact.",
     "more than a billion dollars", 1000000000, "USD", ">", None),
]


@pytest.mark.parametrize(
    "sentence,surface,value,unit,bound,change",
    QUANTITIES,
    ids=[q[1] for q in QUANTITIES],
)
def test_quantity(sentence, surface, value, unit, bound, change):
    claims = [c for c in extract_text(sentence) if c.kind == "quantity"]
    for c in claims:
        assert sentence[c.start : c.end] == c.text
    hits = [c for c in claims if surface in c.text or c.text in surface and len(c.text) > 2]
    assert hits, f"no claim covering {surface!r}: {[c.text for c in claims]}"
    c = hits[0]
    assert c.text == surface
    if isinstance(value, tuple):
        assert c.value is None
        assert (c.low, c.high) == (Decimal(str(value[0])), Decimal(str(value[1])))
    else:
        assert c.value == Decimal(str(value))
        assert c.low == c.high == c.value
    assert c.unit == unit  # None where the table says none: "Three of them" has no unit "them"
    assert c.bound == bound
    assert c.change == change


# (sentence, surface, kind): numbers that are not quantities
COMPARATIVES_ARE_NOT_UNITS = [
    "The revision left payrolls 911,000 lower than first reported.",
    "Turnout was 12,000 higher than in 2019, officials said.",
    "Sales were 5,000 fewer than a year earlier.",
]


@pytest.mark.parametrize("sentence", COMPARATIVES_ARE_NOT_UNITS)
def test_comparative_after_a_number_is_not_its_unit(sentence):
    claims = [c for c in extract_text(sentence) if c.kind == "quantity"]
    assert claims and claims[0].unit is None, [(c.text, c.unit) for c in claims]


NOT_QUANTITIES = [
    ("Russia has reserves as of January 1, 2023, the ministry said.", "January 1, 2023", "date"),
    ("The blast happened on Friday (August 15) near Ryazan.", "August 15", "date"),
    ("Sales were strong in 2023 across the region.", "2023", "year"),
    ("In 2019, I paid $35,538 for an 8.5 kW system.", "2019", "year"),  # a comma after a year
    ("Prices soared in the 1990s.", "1990s", "year"),
    ("The duty applies after 12:01 a.m. EDT on Friday.", "12:01 a.m.", "time_of_day"),
    ("The meeting starts at 11 a.m. in Brussels.", "11 a.m.", "time_of_day"),
    ("Taylor Swift has revealed her 12th studio album.", "12th", "ordinal"),
    ("Honduras has brought back mask mandates as COVID-19 cases surge.", "COVID-19", "identifier"),
    ("Apple unveiled the iPhone 15 on Tuesday.", "15", "identifier"),
    ("The S&P 500 gained 0.68 per cent.", "500", "identifier"),
    ("Boeing 787 deliveries resumed in August.", "787", "identifier"),
    ("Operators are rolling out 5G networks.", "5G", "identifier"),
    ("Chelsea won 2-0 at home on Saturday.", "2-0", "score"),
    ("The hunt will take place Sept. 20-24 and Oct. 18-22.", "-24", "date"),
    ("The 2014-15 Highlander offered two gas-only powertrains.", "-15", "year"),
    ("Callum Rice-Coates 2019-09-01T10:38:07.190Z", "-09", "date"),
    ("Tesla showed a Model S running a 1:36.6 at Laguna Seca.", ".6", "time_of_day"),
    ("In Europe: Stoxx 50 -1.3% FTSE -0.6% CAC -1.7% DAX -1.6%.", "50", "identifier"),
    # a model name's letters are no currency; a name at the end of a sentence is still a name
    ("Samsung doubled the base storage of the Galaxy S23 Ultra to 256GB.", "23", "identifier"),
    ("IndiGo took delivery of another Airbus A320 on Monday.", "320", "identifier"),
    ("Campbell's team was picked to finish behind Oklahoma and Texas in the Big 12.", "12",
     "identifier"),
]


@pytest.mark.parametrize("sentence,surface,kind", NOT_QUANTITIES, ids=[n[1] for n in NOT_QUANTITIES])
def test_not_a_quantity(sentence, surface, kind):
    claims = extract_text(sentence)
    for c in claims:
        assert sentence[c.start : c.end] == c.text
    quantities = [c for c in claims if c.kind == "quantity" and surface in c.text]
    assert not quantities, [c.text for c in quantities]
    others = [c for c in claims if c.kind == kind and surface in c.text]
    assert others, [(c.kind, c.text) for c in claims]


CONTEXT = [
    # a place after "in"/"at" modifies the subject: the subject speaks, not the place
    ("The Health Ministry in Kabul said 120 people died in the floods.", "attribution",
     "Health Ministry"),
    ("Hospitals in Gaza reported 40 deaths overnight.", "attribution", "Hospitals in Gaza"),
    # "last" before a month names a time like "last week" does
    ("The club's membership, as of last November, stood at around 41,000 people.", "time",
     "as of last November"),
    pytest.param(
        "The plant produced 4,000 tonnes of steel last March.", "time", "last March",
        marks=pytest.mark.xfail(strict=True, reason=(
            "the time keeps the sentence's full stop ('last March.'): the optional "
            "abbreviation dot after a month name in extract.py re_time_phrase also takes a "
            "sentence-ending period; the fix changes time fields corpus-wide (extract split)"))),
    ("The U.S. Geological Survey estimates Russia's reserves of rare earth metals at 3.8 million "
     "metric tons.", "attribution", "U.S. Geological Survey"),
    ("According to the Natural Resources Ministry, Russia has reserves of 15 rare earth metals "
     "totalling 28.7 million tons as of January 1, 2023.", "attribution",
     "Natural Resources Ministry"),
    ("According to the Natural Resources Ministry, Russia has reserves of 15 rare earth metals "
     "totalling 28.7 million tons as of January 1, 2023.", "time", "as of January 1, 2023"),
    ("Officials said 3.8 million tons is the amount of reserves under development or ready for "
     "development.", "scope", "under development or ready for development"),
    ("Wildfires have burned 5,000 hectares in Manitoba alone, officials said.", "scope",
     "in Manitoba alone"),
    # a lower-case subject with one word before it
    ("Russian emergency services reported intense shaking that was initially recorded as a "
     "magnitude 7.5 tremor.", "attribution", "Russian emergency services"),
    # initials inside the name after "according to"
    ("The quake initially had a preliminary magnitude of 8.0, according to Japanese and U.S. "
     "seismologists.", "attribution", "Japanese and U.S. seismologists"),
    # a sentence-initial "As of", a bare weekday
    ("As of June 2019, Russia held the fourth largest reserves of rare earth minerals in the "
     "world at 12 million tons.", "time", "As of June 2019"),
    ("Among those unaccounted for were at least 27 campers from Camp Mystic, officials said at "
     "a briefing Saturday.", "time", "Saturday"),
    # a period between two dates; a year after another figure dates that figure, not this one
    ("Between mid-May and the end of August 2025, 2,040 deaths were attributed to the heat.",
     "time", "Between mid-May and the end of August 2025"),
    ("The 940 people who died between June 1 and July 20 compared with 86 in the same period "
     "in 2023, the ministry said.", "time", "between June 1 and July 20"),
    # "per" and a name is a source ("per share" is not: NO_SOURCE)
    ("The film took $57.2 million in its second weekend, per ComScore.", "attribution",
     "ComScore"),
    # the same figure restated in brackets does not stand in the way
    ("The quake struck 10 km (6 miles) north of the town on Monday.", "time", "on Monday"),
]


# sources that must not be read: a day, a sentence's first word, "adding to"
NO_SOURCE = [
    "Prices rose 5% in May, adding to pressure on the central bank.",
    "Shares on Monday rose 5% to $42.92.",
    "Last Monday said it all: sales fell 12%.",
    "Net income was $5.53 million, or 27 cents per share, a year earlier.",
]


@pytest.mark.parametrize("sentence", NO_SOURCE)
def test_no_source_is_read(sentence):
    claims = [c for c in extract_text(sentence) if c.kind == "quantity"]
    assert claims
    assert [c.attribution for c in claims] == [None] * len(claims)


def test_a_source_name_that_opens_with_a_day_is_kept():
    # "The Sunday Times said": a newspaper, not a day
    [c] = [c for c in extract_text("The retailer may be sold for 2 billion pounds, The Sunday "
                                   "Times said.") if c.kind == "quantity"]
    assert c.attribution == "Sunday Times"


@pytest.mark.parametrize("sentence,field,expected", CONTEXT,
                         ids=[f"{c[1]}:{c[2]}" if isinstance(c, tuple) else f"{c.values[1]}:"
                              f"{c.values[2]}" for c in CONTEXT])
def test_context_fields(sentence, field, expected):
    claims = [c for c in extract_text(sentence) if c.kind == "quantity"]
    main = max(claims, key=lambda c: c.si_value or 0)
    assert getattr(main, field) == expected


def test_a_scope_word_far_from_the_number_is_not_its_scope():
    [c] = [c for c in extract_text(
        "Qeshm, located 1,150 kilometers southeast of Tehran, has a busy commercial and fishing "
        "port and is also a popular weekend sunshine getaway.") if c.kind == "quantity"]
    assert c.scope is None


def test_a_participle_after_were_says_who_is_counted():
    [c] = [c for c in extract_text("Police said 128,000 were present in the park at the peak.")
           if c.kind == "quantity"]
    assert (c.unit, c.surface_unit) == ("person", "present")
    [d] = [c for c in extract_text("Eleven were killed when the roof collapsed.")
           if c.kind == "quantity"]
    assert d.unit == "person"


@pytest.mark.parametrize("word", ["Thirteen", "Eleven", "Eighteen", "Ninety"])
def test_a_sentence_of_number_words_only_is_read(word):
    """A sentence without digits is read only past a gate of number words: "thirteen" was
    missing from a list written in code, so "Thirteen people died" read nothing."""
    from factcheck.rules import load_rules

    [c] = [c for c in extract_text(f"{word} people died in the fire.") if c.kind == "quantity"]
    value = load_rules().numbers["languages"]["en"]["number_words"][word.lower()]
    assert (c.value, c.unit) == (value, "person")


def test_a_weekday_after_said_is_when_not_who():
    [c] = [c for c in extract_text(
        "State officials said Friday night that at least 24 people have died in the flood.")
        if c.kind == "quantity"]
    assert c.attribution == "State officials"
    assert "Friday" in (c.time or "")


def test_concept_names_what_is_measured():
    [c] = [c for c in extract_text(
        "The U.S. Geological Survey estimates Russia's reserves of rare earth metals at 3.8 "
        "million metric tons.") if c.kind == "quantity"]
    for word in ("reserves", "rare", "earth", "metals"):
        assert word in (c.concept or "")


def test_span_invariant_on_seeds(seeds):
    from factcheck import Document, extract

    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        claims = extract(Document(id=path.name, text=text))
        assert claims
        for c in claims:
            assert text[c.start : c.end] == c.text
            assert c.sentence in text


def test_two_thirds_is_a_fraction():
    s = "Nearly two-thirds of the combined 4.3M digital and physical sales were in the UK."
    [c] = [c for c in extract_text(s) if c.kind == "quantity" and "thirds" in c.text]
    assert c.text == "Nearly two-thirds" and c.unit == "fraction" and c.bound == "~"
    assert abs(float(c.value) - 2 / 3) < 1e-9


def test_claims_built_without_init_are_ordinary_claims():
    """Claims are built by filling ``__dict__`` (faster than the frozen dataclass __init__);
    they must carry every field and compare, hash and pickle like Claim(**fields)."""
    import dataclasses
    import pickle

    from factcheck.models import Claim

    names = {f.name for f in dataclasses.fields(Claim)}
    claims = extract_text("Prices rose 5% to $1.2 billion on May 5, about 3,000 people said, "
                          "according to the ministry.")
    assert {c.kind for c in claims} >= {"quantity", "date"}
    for c in claims:
        assert set(vars(c)) == names
        rebuilt = Claim(**vars(c))
        assert c == rebuilt and hash(c) == hash(rebuilt)
        assert pickle.loads(pickle.dumps(c)) == c
        assert dataclasses.replace(c, id="x").id == "x"
