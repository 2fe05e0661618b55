"""The seeds end to end: the rare-earth conflict flagged with the context that explains it."""

from __future__ import annotations

import pytest

from factcheck import Document, analyse, load_documents


@pytest.fixture(scope="module")
def seed_report(seeds):
    return analyse(load_documents([str(seeds)]))


def _finding(report, a_text, b_text):
    for f in report.findings:
        if {f.a.text, f.b.text} == {a_text, b_text}:
            return f
    raise AssertionError(f"{a_text!r} / {b_text!r} not paired: "
                         f"{[(f.a.text, f.b.text) for f in report.findings]}")


@pytest.mark.xfail(strict=True, reason="pair model (issue 13): the USGS and ministry figures of one article reach probability 0.66, below the flag threshold 0.7")
def test_rare_earth_reserves_are_explained_by_source_and_scope(seed_report):
    f = _finding(seed_report, "3.8 million metric tons", "28.7 million tons")
    assert f.verdict == "explained"
    types = {e.type for e in f.explanations if e.sufficient}
    assert {"source", "scope"} <= types
    scope = next(e for e in f.explanations if e.type == "scope")
    assert "3.8 million tons is the amount of reserves under development or ready for development" in scope.evidence
    source = next(e for e in f.explanations if e.type == "source")
    assert "Geological Survey" in source.detail and "Natural Resources Ministry" in source.detail
    assert f.ratio is not None and 7.5 < f.ratio < 7.6


@pytest.mark.xfail(strict=True, reason="pair model (issue 13): the USGS and ministry figures of one article reach probability 0.66, below the flag threshold 0.7")
def test_ton_ambiguity_is_stated_as_not_explaining_the_gap(seed_report):
    f = _finding(seed_report, "3.8 million metric tons", "28.7 million tons")
    unit = [e for e in f.explanations if e.type == "unit"]
    assert unit and not unit[0].sufficient
    assert "short" in unit[0].detail and "metric" in unit[0].detail and "at most" in unit[0].detail


def test_teasers_pair_only_with_their_own_story(seed_report):
    for f in seed_report.findings:
        assert f.a.sentence_start == f.b.sentence_start or f.a.doc != f.b.doc or f.a.story == f.b.story
    # the Mexican and Iranian earthquakes are different events: no pair joins them
    for f in seed_report.findings:
        places = {"Gorgan" in f.a.sentence, "Gorgan" in f.b.sentence}
        assert places != {True, False}, f.message


def test_every_claim_keeps_its_span(seed_report):
    texts = {d.id: d.text for d in seed_report.documents}
    for c in seed_report.claims:
        assert texts[c.doc][c.start : c.end] == c.text


def test_injured_and_dead_are_not_paired():
    a = Document(id="a", text="An explosion at a factory in Ryazan left 11 people dead and 130 injured.")
    b = Document(id="b", text="The explosion at the Ryazan factory killed 11 people and injured 130.")
    rep = analyse([a, b])
    for f in rep.findings:
        assert f.verdict == "consistent", f.message
    assert any({f.a.text, f.b.text} == {"11 people"} for f in rep.findings)


def test_update_from_later_report():
    a = Document(id="a", date="2025-08-15",
                 text="The Emergency Situations Ministry placed the death toll from the Ryazan blast at five.")
    b = Document(id="b", date="2025-08-19",
                 text="The death toll from the Ryazan blast has increased to 25, the ministry said.")
    rep = analyse([a, b])
    assert rep.findings
    f = rep.findings[0]
    assert f.verdict == "explained"
    assert {"update", "time"} & {e.type for e in f.explanations}


def test_unexplained_difference_is_a_conflict():
    a = Document(id="a", text="The village of Lesnoy lies 250 kilometers southeast of Moscow.")
    b = Document(id="b", text="The blast in the village of Lesnoy, 320km southeast of Moscow, shook homes.")
    rep = analyse([a, b])
    assert [f.verdict for f in rep.findings] == ["conflict"]
