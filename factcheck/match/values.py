"""How two figures' values relate: significant digits, ratio, the same value within the
rounding each states, thresholds and their side, and whether two named sources differ.
Shared by match and compare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..models import Claim
from ..sources import SourceNames, same_source


def significant_digits(c: Claim) -> int:
    """Significant digits as written: 406.8 million -> 4, 2 million -> 1, 911,000 -> 3."""
    v = c.value if c.value is not None else c.high
    if v is None or v == 0:
        return 0
    return len(v.normalize().as_tuple().digits)


def ratio(a: Claim, b: Claim) -> float | None:
    x, y = a.si_value, b.si_value
    if x is None or y is None or x <= 0 or y <= 0:
        return None
    return max(x, y) / min(x, y)


def near_restatement(a: Claim, b: Claim) -> bool:
    """Two specific figures (three significant digits or more) within 5 % of each other:
    "a smaller drop of 598,000" against "down by 589,000". Such closeness is rarely chance,
    so two bare numbers this close may pair on their context alone."""
    r = ratio(a, b)
    return r is not None and r < 1.05 and min(significant_digits(a), significant_digits(b)) >= 3


def rival_counts(a: Claim, b: Claim) -> bool:
    """Counts of the same things given by two named sources: "police said 128,000 were
    present" against "organizers estimated at least 1.7 million people". Rival estimates
    (crowds, casualties) can be an order of magnitude apart."""
    if a.dimension != "count" or a.unit is None or a.unit != b.unit:
        return False
    return rival_sources(a, b)


def specific(c: Claim) -> bool:
    """A figure unlikely to recur by chance: two significant digits or more (6.1, 338,000)
    or a hundred and up (two million)."""
    return significant_digits(c) >= 2 or abs(c.si_value or 0.0) >= 100


def rival_sources(a: Claim, b: Claim, *, texts: Sequence[str] = (),
                  names: SourceNames | None = None) -> bool:
    """Whether both figures name a source and the sources differ (``texts``: the article of
    ``a`` and that of ``b``, for acronyms and back-references)."""
    return different_sources(a.attribution, b.attribution, texts=texts, names=names)


def different_sources(x: str | None, y: str | None, *, texts: Sequence[str] = (),
                      names: SourceNames | None = None) -> bool:
    """Whether two named sources are different ones (factcheck.sources: "USGS" and "the U.S.
    Geological Survey" are one, so are "police" and "Hong Kong police"; a name that says
    nothing about who, "the report", differs from none)."""
    return same_source(x, y, texts=texts, names=names) is False


def near_power_of_thousand(r: float) -> bool:
    return any(abs(r / p - 1) < 0.1 for p in (1e3, 1e6, 1e9))


def same_value(a: Claim, b: Claim) -> bool:
    x = a.si_value if a.si_value is not None else None
    y = b.si_value if b.si_value is not None else None
    if x is None or y is None:
        return False
    slack = 0.005 * max(abs(x), abs(y))
    if abs(x - y) > max(a.precision, b.precision, slack):
        return False
    # a threshold admits values on its side only: "more than 30" is not 29 (two thresholds
    # of one direction, "at least 40" and "at least 43", never exclude each other)
    if bound_direction(a) is not None and bound_direction(a) == bound_direction(b):
        return True
    return on_side(a, y, slack) and on_side(b, x, slack)


def bound_direction(c: Claim) -> str | None:
    """"up" for a lower bound ("more than 30"), "down" for an upper one, else None."""
    return "up" if c.bound in (">", ">=") else "down" if c.bound in ("<", "<=") else None


def on_side(c: Claim, other: float, slack: float) -> bool:
    """Whether ``other`` lies on the side a threshold claim admits (any side for others)."""
    v = c.si_value if c.si_value is not None else 0.0
    if c.bound in (">", ">="):
        return other >= v - slack
    if c.bound in ("<", "<="):
        return other <= v + slack
    return True


def iso_days(iso: str) -> int:
    """The day number of an ISO date ("2025-08-15..."), 0 when it cannot be read."""
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return 0
