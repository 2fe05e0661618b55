"""Pairing and verdicts on pairs of real-style news sentences (two outlets each)."""

from __future__ import annotations

import pytest

from factcheck import Document, analyse


def pair_findings(a: str, b: str, date_a: str | None = None, date_b: str | None = None):
    docs = [Document(id="a", text=a, source="Outlet A", date=date_a),
            Document(id="b", text=b, source="Outlet B", date=date_b)]
    return [f for f in analyse(docs).findings if f.a.doc != f.b.doc]


# (a, b, verdict, explanation types that must be present)
VERDICTS = [
    ("A deadly heatwave has claimed 1,180 lives in Spain since May.",
     "The heatwave in Spain has killed about 1,200 people since May, the health ministry said.",
     "consistent", set()),
    ("More than 1,000 people were evacuated from the valley near Lesnoy, officials said.",
     "Some 1,200 people were evacuated from the valley near Lesnoy, officials said.",
     "consistent", {"bound"}),
    ("The plume rose 5,500 meters above the crater of Shinmoedake on Thursday.",
     "The plume rose about 5.5 km above the crater of Shinmoedake on Thursday.",
     "consistent", set()),
    ("The U.S. Geological Survey estimates Russia's reserves of rare earth metals at 3.8 million metric tons.",
     "Russia's Natural Resources Ministry puts the country's reserves of rare earth metals at 28.7 million tons.",
     "explained", {"source"}),
    ("The Emergency Situations Ministry placed the death toll from the Ryazan blast at five.",
     "The death toll from the Ryazan blast has increased to 25, the Emergency Situations Ministry said.",
     "explained", {"update"}),
    ("The village of Lesnoy lies 250 kilometers southeast of Moscow.",
     "The blast hit the village of Lesnoy, 320km southeast of Moscow.",
     "conflict", set()),
    ("Apple's revenue rose 5% in the quarter, the company said.",
     "Apple's revenue was 5% of the market in the quarter, the company said.",
     "consistent", set()),
    ("The unemployment rate in Spain rose 2 percentage points to 12%, Eurostat said.",
     "The unemployment rate in Spain rose 20% in the year, Eurostat said.",
     "explained", {"percent_vs_points"}),
    ("The quake struck at a depth of nearly 12 miles off Kamchatka, the USGS said.",
     "The quake struck at a depth of 20.7 kilometers off Kamchatka, the USGS said.",
     "conflict", set()),
    ("At least five people were killed by the quake in Aceh, officials said.",
     "At least 24 people were killed by the quake in Aceh, officials said.",
     "consistent", {"bound"}),
]


# table rows the pair model gets wrong today (strict expected failures: a fix moves them)
KNOWN = {
    "According to the German Research Centre ": "another quake's magnitude is paired",
    "Analysts had expected revenue of $45 bil": "an expectation against the result is paired "
    "(forecast is a weighed feature, not a veto)",
}


def _known(request, text: str) -> None:
    why = KNOWN.get(text[:40])
    if why:
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"pair model (issue 13): {why}"))


@pytest.mark.parametrize("a,b,verdict,types", VERDICTS, ids=[v[0][:40] for v in VERDICTS])
def test_verdicts(a, b, verdict, types, request):
    _known(request, a)
    found = pair_findings(a, b, "2025-08-15", "2025-08-19")
    assert found, "not paired"
    f = found[0]
    assert f.verdict == verdict, f.message
    got = {e.type for e in f.explanations if e.sufficient}
    assert types <= got, got
    for e in f.explanations:
        assert e.evidence  # every reason quotes its words


# distractors: same kind of figure, different quantity; must not be paired
DISTRACTORS = [
    # a subtotal of one region against the total over 14 countries (rule 25)
    ("In 2004 a massive tremor sparked a tsunami that killed 170,000 people in the province.",
     "In 2004 an earthquake off Aceh triggered a tsunami that killed 230,000 people in 14 countries."),
    ("A powerful explosion at a factory in Russia's Ryazan region left 11 people dead.",
     "A powerful explosion at a factory in Russia's Ryazan region left 130 people injured."),
    ("According to the German Research Centre for Geosciences, a magnitude 5.7 earthquake struck the Oaxaca region of Mexico on Saturday.",
     "A magnitude 5.2 earthquake struck 56 kilometres east of Gorgan in northern Iran early Sunday morning."),
    ("Wildfires have burned 5,000 hectares in Manitoba alone this season, officials said.",
     "Wildfires have burned 7.8 million hectares across Canada this season, officials said."),
    ("Analysts had expected revenue of $45 billion for Nvidia in the quarter.",
     "Nvidia reported revenue of $46.7 billion in the quarter."),
    ("It is the second fatal explosion at the Elastik factory since October 2021, when 17 people were killed.",
     "The death toll from the explosion at the Elastik factory has increased to 25."),
    ("The village lies 65 kilometers southeast of the city of Ryazan.",
     "The village lies 250 kilometers southeast of Moscow."),
    ("A landslide destroyed 10 houses in Takengon after the quake.",
     "The quake in Takengon injured 50 people, officials said."),
]


@pytest.mark.parametrize("a,b", DISTRACTORS, ids=[d[0][:40] for d in DISTRACTORS])
def test_distractors_are_not_paired(a, b, request):
    _known(request, a)
    assert pair_findings(a, b, "2025-08-16", "2025-08-16") == []


@pytest.mark.parametrize("a,b", DISTRACTORS, ids=[d[0][:40] for d in DISTRACTORS])
def test_each_distractor_pairs_with_its_own_report(a, b):
    """The positive control of the table above: each article's figure is read and pairs with
    the same article from another outlet, so an empty result there is a refusal, not a
    figure that was never extracted."""
    for text in (a, b):
        assert pair_findings(text, text, "2025-08-16", "2025-08-16"), text


def test_a_cue_after_another_figure_is_that_figures():
    # 600 were at the camp and 19 are missing: the 22 missing pair with the 19, not the 600
    found = pair_findings(
        "Of the 600 girls at Camp Willow, 19 are unaccounted for, the sheriff said.",
        "Twenty-two girls from Camp Willow were still missing on Saturday, the sheriff said.",
        "2025-08-16", "2025-08-16")
    assert [(f.a.text, f.b.text) for f in found] == [("19", "Twenty-two girls")]


def test_an_article_attributes_a_figure_once():
    # the lede's 7.9 has no source of its own; the article gives it to the USGS further down
    a = ("A powerful earthquake with a magnitude of 7.9 struck off the coast of Chile on Monday. "
         "The U.S. Geological Survey later revised it to magnitude 7.9.")
    b = "The quake off Chile had a magnitude of 7.6, the national seismology centre reported."
    found = [f for f in pair_findings(a, b) if "7.9" in f.a.text + f.b.text]
    assert found and all(f.verdict == "explained" for f in found)
    assert all("source" in {e.type for e in f.explanations} for f in found)


@pytest.mark.xfail(strict=True, reason="pair model (issue 13): past_mismatch has no fitted weight; 'last summer' is rare in the labelled cases")
def test_last_summers_toll_is_not_this_years():
    # "last summer" in a dated article is the year before; an undated article is read as
    # being about the year of the dated article it is compared with
    last = "Last summer, heat killed 2,190 people in Portugal, the health institute said."
    this = "From June to the end of August 2025, heat killed 3,420 people in Portugal."
    assert pair_findings(last, this, "2025-07-20", None) == []
    assert pair_findings(last, this, None, "2025-09-02") == []
    # neither article dated, no year named: "last year's" estimate is not this one
    prior = "Last year's preliminary estimate showed 640,000 fewer payroll jobs, the bureau said."
    now = "The bureau announced a preliminary downward payroll revision of 730,000 jobs."
    assert pair_findings(prior, now) == []
    again = "Heat killed 2,190 people in Portugal last summer, the institute said."
    assert [f.verdict for f in pair_findings(last, again, None, "2025-07-20")] == ["consistent"]


def test_last_year_is_counted_from_the_latest_article_of_the_run():
    # neither outlet dates its story; a third, dated one says which year the run is about, so
    # "last year" in one is the "2024" of the other
    docs = [
        Document(id="a", text="The 870 heat deaths since June compare with 95 in the same "
                              "period in 2024, the ministry said.", source="A"),
        Document(id="b", text="Heat has caused 870 deaths since June, up from the 95 deaths "
                              "recorded in the same period last year.", source="B"),
        Document(id="c", text="Temperatures topped 41 degrees Celsius in Seville on Monday.",
                 source="C", date="2025-07-20"),
    ]
    found = {(f.a.text, f.b.text) for f in analyse(docs).findings}
    assert ("95", "95 deaths") in found


def test_pairing_is_symmetric():
    a = "The heatwave has killed 1,180 people in Spain since May, the ministry said."
    b = "The heatwave has claimed 2,400 lives in Spain since May, the ministry said."
    one = [(f.a.text, f.b.text, f.verdict) for f in pair_findings(a, b)]
    two = [(f.b.text, f.a.text, f.verdict) for f in pair_findings(b, a)]
    assert one and sorted(one) == sorted(two)


def test_one_article_pairs_only_its_counterpart():
    # three injured counts in one article, one in the other: one pair, not three
    a = ("Officials said 249 people were injured in the Aceh quake. A hospital in Bireun treated "
         "around 50 people with injuries. In Takengon, 30 people were injured.")
    b = "The Aceh quake injured 249 people, the disaster agency said."
    found = pair_findings(a, b)
    assert [(f.a.text, f.b.text) for f in found] == [("249 people", "249 people")]


@pytest.mark.xfail(strict=True, reason="pair model (issue 13): a headline's bare '12' against the body's '21 people' in one article falls below the flag threshold")
def test_headline_against_body():
    text = ("Quake kills 12 in Indonesia's Aceh province\n"
            "A strong earthquake killed 21 people in Indonesia's Aceh province on Tuesday, "
            "officials said.\n")
    rep = analyse([Document(id="x", text=text)])
    assert [(f.a.text, f.b.text, f.verdict) for f in rep.findings] == [("12", "21 people", "conflict")]


SELF = [
    ("Sales doubled from $2.1 million to $2.9 million last year.", "multiplier"),
    ("A total of 57 people were killed, including 30 in Aceh, 20 in Bireun and 12 in Takengon.",
     "sum_of_parts"),
]


@pytest.mark.parametrize("text,check", SELF, ids=[s[1] for s in SELF])
def test_a_number_that_contradicts_itself(text, check):
    rep = analyse([Document(id="x", text=text)])
    flagged = [f for f in rep.findings if f.verdict == "conflict"]
    assert [e.type for f in flagged for e in f.explanations] == [check]


@pytest.mark.parametrize("text", [
    "Sales doubled from $2.1 million to $4.2 million last year.",
    "A total of 62 people were killed, including 30 in Aceh, 20 in Bireun and 12 in Takengon.",
    "At least 40 people died, including 12 children.",
])
def test_consistent_internal_numbers_are_not_flagged(text):
    rep = analyse([Document(id="x", text=text)])
    assert not [f for f in rep.findings if f.verdict != "consistent"]


def test_the_same_date_written_twice_is_no_time_difference():
    from factcheck.dates import times_differ
    from factcheck.extract import extract_text

    [a] = [c for c in extract_text("In 2004, a tsunami killed 230,000 people across Asia.")
           if c.kind == "quantity"]
    [b] = [c for c in extract_text("A tsunami killed 170,000 people in the province in 2004.")
           if c.kind == "quantity"]
    assert (a.time, b.time) == ("In 2004", "in 2004")
    assert not times_differ(a.time, b.time)


def test_small_counts_elsewhere_do_not_state_a_relation():
    # "three" and "two" in an unrelated sentence are no reconciling sentence for 2 vs 3 boats
    a = ("The pirates on two speed boats surrounded the vessel near the coast. "
         "The navy seized up to three outboard motors, the overall haul, and two domestic rifles.")
    b = "The pirates, in three boats, tried to hijack the vessel near the coast."
    found = [f for f in pair_findings(a, b) if "boats" in f.a.text + f.b.text]
    assert found
    for f in found:
        assert all("outboard" not in e.evidence for e in f.explanations)


def test_a_zero_count_restated_elsewhere_does_not_crash():
    # found by bench/fuzz.py: a range ending at 0 has no significant digits
    from factcheck.compare import Comparer
    from factcheck.extract import extract_text

    [zero] = [c for c in extract_text("Readings of -2 to 0 boats were logged.")
              if c.kind == "quantity"]
    [again] = [c for c in extract_text("Between -2 and 0 boats were seen.")
               if c.kind == "quantity"]
    assert Comparer()._stands_for(again, zero) is False


def test_reports_weeks_apart_explain_a_difference_by_time():
    # two police crowd counts two months apart: the dates are the context an editor needs
    a = "Police said 338,000 protesters marched through Hong Kong at the peak."
    b = "Police said 128,000 protesters marched through Hong Kong at the peak."
    (f,) = pair_findings(a, b, "2019-06-17", "2019-08-18")
    assert f.verdict == "explained"
    time = [e for e in f.explanations if e.type == "time"]
    assert time and "62 days apart" in time[0].detail
    # the same reports a day apart are not explained by the dates
    (g,) = pair_findings(a, b, "2019-06-17", "2019-06-18")
    assert not any(e.type == "time" for e in g.explanations)


def test_a_threshold_lends_no_rounding_to_a_figure_below_it():
    # "more than 30" is not 29 restated: one sentence's two different figures stay apart
    rep = analyse([Document(id="a", text="Teixeira, who turns 29 on April 11, has averaged "
                                         "more than 30 home runs in his six seasons.")])
    assert [(f.a.text, f.b.text) for f in rep.findings] == []
    # a figure on the threshold's side still pairs as a restatement across articles
    found = pair_findings("More than 100,000 people were evacuated from the coast, officials said.",
                          "Some 120,000 people were evacuated from the coast, officials said.")
    assert [(f.a.text, f.b.text, f.verdict) for f in found] == [
        ("More than 100,000 people", "Some 120,000 people", "consistent")]


def test_one_article_giving_two_sources_counts_pairs_them():
    text = ("The second Sunday protest in Hong Kong drew two million people to the streets, the "
            "protest organiser said.\nThe Hong Kong police has since provided a much more "
            "conservative figure, saying there were 338,000 protesters at its peak.")
    rep = analyse([Document(id="a", text=text)])
    (f,) = [f for f in rep.findings if {f.a.text, f.b.text} == {"two million people",
                                                                 "338,000 protesters"}]
    assert f.verdict == "explained"
    assert "source" in {e.type for e in f.explanations}


def test_two_marches_in_one_sentence_are_not_paired():
    # agreeing within rounding is no restatement inside one sentence
    text = ("Organizers estimated at least 1.7 million people had turned out, making it the "
            "second-largest march of the movement, after a protest by nearly 2 million June 16.")
    rep = analyse([Document(id="a", text=text)])
    assert [c.text for c in rep.claims if c.kind == "quantity"] == [
        "at least 1.7 million people", "nearly 2 million"]  # both read (positive control)
    assert list(rep.findings) == []


@pytest.mark.xfail(strict=True, reason="pair model (issue 13): rival links across articles were a rule of their own; the model does not carry them")
def test_rival_counts_carry_across_articles():
    # article b sets the organisers' count against the police's; article a restates the
    # organisers' figure only, in other words: a's figure is set against the police's too
    a = ("The Civil Human Rights Front, which organised the march, estimated the crowd at "
         "almost 2 million, twice that of the previous Sunday.")
    b = ("The second Sunday protest in Hong Kong drew two million people to the streets, the "
         "protest organiser said.\nThe Hong Kong police has since provided a much more "
         "conservative figure, saying there were 338,000 protesters at its peak.")
    found = {(f.a.text, f.b.text): f for f in pair_findings(a, b, "2019-06-17", "2019-06-17")}
    f = found[("almost 2 million", "338,000 protesters")]
    assert f.verdict == "explained"
    assert "source" in {e.type for e in f.explanations}
    # a small figure restated ("three") could be chance: nothing is carried across
    c = "Three men were killed when shells hit the school, the agency said."
    d = ("Some 30 people were killed when shells hit the school, the health ministry said.\n"
         "The three men who were killed at the school had fled their homes, the UNRWA "
         "official said.")
    assert [(f.a.text, f.b.text) for f in pair_findings(c, d)] == [("Three men", "three men")]
