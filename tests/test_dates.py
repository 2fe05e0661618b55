"""Dates written in news text, and the day an undated report speaks from (issue 14, item 3)."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck import Document, analyse
from factcheck.dates import read_dates, report_date, times_differ


@pytest.mark.parametrize(("text", "year", "days"), [
    ("The commission said on July 1, 2024 that 39 people had died.", None, [date(2024, 7, 1)]),
    ("By 26 June the toll was 21.", 2024, [date(2024, 6, 26)]),
    ("On Tuesday, 2 July, police said.", 2024, [date(2024, 7, 2)]),
    ("It was the 1st of July 2023.", None, [date(2023, 7, 1)]),
    ("Reserves as of Jan. 1, 2023 were counted.", None, [date(2023, 1, 1)]),
    ("By 26 June the toll was 21.", None, []),          # no year known: no date
    ("He was born on February 30, 1990.", None, []),    # no such day
    ("May 2024 was hot; sales fell in May.", 2024, []),  # a month is not a day
    ("Between 3 and 5 July 2024, 12 died.", None, [date(2024, 7, 5)]),
])
def test_read_dates(text, year, days):
    assert [d.day for d in read_dates(text, year)] == days


def test_report_date_prefers_metadata_then_latest_day_named():
    meta = report_date("2024-07-02", "On 1 July 2024 ...", 2024)
    assert meta is not None and meta.day == date(2024, 7, 2) and not meta.inferred
    text = "By 26 June the commission had counted 21 deaths. On 1 July it said 39."
    inferred = report_date(None, text, 2024)
    assert inferred is not None and inferred.day == date(2024, 7, 1) and inferred.inferred
    assert inferred.evidence == "1 July"
    assert report_date(None, "No dates here.", 2024) is None


def test_a_running_count_of_undated_reports_is_explained_by_the_dates_they_name():
    a = Document(id="a", text=("The rights commission said on 26 June 2024 that it had so far "
                               "recorded 21 deaths in the protests."), source="A")
    b = Document(id="b", text=("The rights commission said on 1 July 2024 that the protests had "
                               "so far left 39 deaths."), source="B")
    rep = analyse([a, b])
    f = next(f for f in rep.findings if {f.a.text, f.b.text} == {"21 deaths", "39 deaths"})
    assert f.verdict == "explained"
    time = next(e for e in f.explanations if e.type in ("time", "update"))
    assert "26 June 2024" in time.evidence + time.detail or "2024-06-26" in time.detail


@pytest.mark.parametrize("x,y,differ", [
    ("on May 29", "May 30", True),
    ("in 2004", "in 2005", True),
    ("as of July", "as of last November", True),
    ("on Tuesday", "Tuesday", False),
    # a weekday or "today" may be any calendar day: not evidence of another date
    ("Wednesday", "on May 29", False),
    ("today", "on 3 January", False),
    ("on 3 January", "January 3", False),
])
def test_times_differ_only_where_the_words_show_it(x, y, differ):
    assert times_differ(x, y) is differ
    assert times_differ(y, x) is differ
