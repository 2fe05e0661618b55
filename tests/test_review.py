"""Suppressions, configuration and stale-figure notices for the pre-publication check."""

from __future__ import annotations

import pytest

from factcheck import Document, analyse
from factcheck.compare import stale_notices
from factcheck.errors import UsageError
from factcheck.review import (
    apply_suppressions,
    load_config,
    reviewed_fingerprints,
    write_reviewed_entry,
)

DRAFT = ("Russia's reserves of rare earth metals stand at 2.1 million metric tons, "
         "the U.S. Geological Survey estimates.")
REF = ("The U.S. Geological Survey estimates Russia's reserves of rare earth metals at "
       "3.8 million metric tons.")


def _report(draft: str = DRAFT):
    docs = [Document(id="draft", text=draft), Document(id="ref", text=REF, source="Reuters")]
    return analyse(docs, involving={"draft"})


def test_inline_ignore_suppresses_and_counts():
    rep = apply_suppressions(_report(DRAFT + " <!-- factcheck: ignore -->"), drafts={"draft"})
    assert rep.findings and all(f.suppressed for f in rep.findings)
    assert rep.summary()["suppressed"] == len(rep.findings)
    assert rep.summary()["conflict"] == 0


def test_reviewed_file_suppresses_by_fingerprint(tmp_path):
    rep = _report()
    conflict = next(f for f in rep.findings if f.verdict == "conflict")
    path = tmp_path / "reviewed.toml"
    write_reviewed_entry(str(path), conflict, 'checked with the "USGS" desk')
    reviewed = reviewed_fingerprints(str(path))
    # the note is shown with the day it was reviewed (and the reviewer, with --by)
    assert reviewed[conflict.fingerprint].endswith('checked with the "USGS" desk')
    out = apply_suppressions(rep, drafts={"draft"}, reviewed=reviewed)
    assert [f.suppressed for f in out.findings if f.fingerprint == conflict.fingerprint] == [True]


def test_fingerprint_is_stable_across_runs_and_unrelated_edits():
    one = {f.fingerprint for f in _report().findings}
    two = {f.fingerprint for f in _report("A new first line about nothing.\n" + DRAFT).findings}
    assert one and one == two


def test_config_from_pyproject_and_factcheck_toml(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.factcheck]\nagainst = ["wires/"]\nfail-on = "explained"\nreviewed = "rev.toml"\n',
        encoding="utf-8")
    sub = tmp_path / "drafts"
    sub.mkdir()
    cfg = load_config(sub)
    assert cfg.fail_on == "explained"
    assert cfg.against == (str(tmp_path / "wires/"),)
    assert cfg.reviewed == str(tmp_path / "rev.toml")
    (sub / "factcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert load_config(sub).fail_on == "never"


@pytest.mark.parametrize("content,needle", [
    ('fail-on = "sometimes"\n', "fail-on"),
    ('against = 3\n', "against"),
    ('colour = "red"\n', "unknown setting"),
])
def test_bad_config_names_the_setting(tmp_path, content, needle):
    (tmp_path / "factcheck.toml").write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as err:
        load_config(tmp_path)
    assert needle in str(err.value) and "factcheck.toml" in str(err.value)


def test_stale_figure_notice_names_the_newer_figure_and_date():
    docs = [
        Document(id="draft", date="2025-08-17", text="The blast at the Ryazan factory killed "
                 "11 people, the Emergency Situations Ministry said."),
        Document(id="r1", date="2025-08-16", source="Devdiscourse", text="An explosion at a "
                 "factory in Ryazan claimed 11 lives, the Emergency Situations Ministry said."),
        Document(id="r2", date="2025-08-19", source="MENAFN", text="The number of fatalities "
                 "from the factory explosion in Ryazan has increased to 25, the ministry said."),
    ]
    rep = analyse(docs, involving={"draft"})
    [notice] = stale_notices(rep.findings, {d.id: d for d in docs}, {"draft"})
    assert notice.newer.text == "25" and notice.date == "2025-08-19"
    assert "MENAFN" in notice.message and "11 people" in notice.message


@pytest.mark.parametrize(("draft_date", "stale"), [
    ("2025-08-17", True),   # a later report gives a risen toll: the draft is stale
    ("2025-08-19", False),  # same day: the draft may be the newer report
    ("2025-08-20", False),  # the draft is later than every source: not stale
    (None, False),          # an undated draft is about to be published: today
])
def test_stale_only_for_a_source_dated_after_the_draft(draft_date, stale):
    docs = [
        Document(id="draft", date=draft_date, text="The blast at the Ryazan factory killed 11 "
                 "people, the Emergency Situations Ministry said."),
        Document(id="r1", date="2025-08-16", source="Devdiscourse", text="An explosion at a "
                 "factory in Ryazan claimed 11 lives, the Emergency Situations Ministry said."),
        Document(id="r2", date="2025-08-19", source="MENAFN", text="The number of fatalities "
                 "from the factory explosion in Ryazan has increased to 25, the ministry said."),
    ]
    rep = analyse(docs, involving={"draft"})
    notices = stale_notices(rep.findings, {d.id: d for d in docs}, {"draft"})
    assert bool(notices) is stale


def test_an_older_conflicting_source_is_a_conflict_not_a_stale_figure():
    docs = [
        Document(id="draft", date="2012-05-01", text="Police said 40 people were arrested "
                 "in the protest on Saturday."),
        Document(id="r1", date="2006-03-01", source="Reuters", text="Police said 12 people "
                 "were arrested in the protest on Saturday."),
    ]
    rep = analyse(docs, involving={"draft"})
    assert stale_notices(rep.findings, {d.id: d for d in docs}, {"draft"}) == []
