"""Calendar dates written in news text ("July 1, 2024", "26 June", "Tuesday, 2 July"), and
the date a report speaks from when its metadata gives none.

A report is written on or after the latest day it names: an undated article that says "on
1 July" and "by 26 June" speaks from 1 July at the earliest. compare uses this to date a
figure when the document has no date (issue 14, item 3); every date it infers carries the
words it was read from, so an explanation can quote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# month names and abbreviations as a regex alternation (extract, match and inputs read dates
# with them too), and each name's number
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
MONTH_NUMBER = {
    name.lower(): i
    for i, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ), start=1)
    for name in names
}

WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# a day named by the week or by the report's own day: it may be any calendar day
_DAY_OF_REPORT = re.compile(
    rf"\b(?:{WEEKDAYS}|today|tonight|yesterday|this\s+(?:morning|afternoon|evening))\b",
    re.IGNORECASE)

# "July 1, 2024", "Jul. 1", "1 July 2024", "1st of July" (the year is optional)
_DATE = re.compile(
    rf"""\b(?:
        (?P<m1>{MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y1>(?:19|20)\d\d))?
      | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTHS})\.?(?:,?\s+(?P<y2>(?:19|20)\d\d))?
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Dated:
    day: date
    evidence: str  # the words the date was read from ("1 July", or "dated 2024-07-01")
    inferred: bool  # read from the text, not from the document's metadata

    @property
    def iso(self) -> str:
        return self.day.isoformat()


def read_dates(text: str, year: int | None) -> list[Dated]:
    """Every calendar day written in ``text``; a day without a year takes ``year`` (the
    report's), and is skipped when there is none."""
    out = []
    for m in _DATE.finditer(text):
        month = MONTH_NUMBER.get((m.group("m1") or m.group("m2")).lower().rstrip("."))
        d = int(m.group("d1") or m.group("d2"))
        y = m.group("y1") or m.group("y2")
        yy = int(y) if y else year
        if month is None or yy is None:
            continue
        try:
            out.append(Dated(date(yy, month, d), m.group().strip(), True))
        except ValueError:
            continue  # "February 30"
    return out


_MONTH_YEAR = re.compile(rf"\b(?P<m>{MONTHS})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


def read_as_of(phrase: str, year: int | None) -> Dated | None:
    """The day a figure's own time phrase dates it to: a day ("by 26 June"), else the last
    day of a month and year ("as of June 2019")."""
    days = read_dates(phrase, year)
    if days:
        return days[-1]
    m = _MONTH_YEAR.search(phrase)
    if m is None:
        return None
    month = MONTH_NUMBER.get(m.group("m").lower().rstrip("."))
    if month is None:
        return None
    y = int(m.group("y"))
    last = (date(y + (month == 12), month % 12 + 1, 1).toordinal() - 1)
    return Dated(date.fromordinal(last), m.group().strip(), True)


def report_date(doc_date: str | None, text: str, year: int | None) -> Dated | None:
    """The day a report speaks from: its metadata date, else the latest day its text names
    (within the year it is about)."""
    if doc_date:
        try:
            return Dated(date.fromisoformat(doc_date[:10]), f"dated {doc_date[:10]}", False)
        except ValueError:
            pass
    days = read_dates(text, year)
    return max(days, key=lambda d: d.day) if days else None


def times_differ(x: str, y: str) -> bool:
    """Whether two time phrases name different times, as far as their words show: "May 29"
    and "May 30" do, "in 2004" and "in 2005" do; "Wednesday" and "on May 29" may be one day
    (a weekday or "today" is any calendar day until the report's date resolves it), so they
    are not taken to differ. The phrases are compared without their prepositions."""
    tx, ty = (_AT.sub("", " ".join(t.lower().split())) for t in (x, y))
    if tx == ty:
        return False
    dx, dy = read_dates(x, 2000), read_dates(y, 2000)  # a missing year: month and day only
    if dx and dy:
        return dx[-1].day != dy[-1].day
    if dx or dy:
        other = y if dx else x
        if _DAY_OF_REPORT.search(other):
            return False
    return True


_AT = re.compile(r"^(?:on|in|at|during|as\s+of)\s+")
