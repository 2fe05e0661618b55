"""The few pairs refused outright, where nothing can be weighed against the refusal.

Each veto states a fact of language or of news that holds beyond any one case: figures of
incomparable dimensions cannot be the same quantity; one figure written in two units is not
two reports; the dead are not the injured; a distance from
one town is not a distance from another; an age, a tenure or a span of time is not the
story's figure of the same unit ("a 21-year veteran", "rose over 20 years"); a part ("in Manitoba alone") or a several-country
total is not the whole; another story in the same page is another subject. Everything else
is a weighted feature of the pair model, including two that were vetoes and cost more than
they saved on the labelled cases, because their cues are read unreliably: forecast against
actual (11 same-quantity pairs refused, "Analysts project inflation at 4.84 percent" read as
actual) and two named years (5 refused, fiscal years "2023-24"). The ids, reasons and flag/pass examples are in ``rules/match.toml [[vetoes]]``;
the tests run each example against that very veto.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .pair_features import PairFeatures


@dataclass(frozen=True, slots=True)
class Veto:
    id: str
    why: str
    applies: Callable[[PairFeatures], bool]


VETOES: tuple[Veto, ...] = (
    Veto("dimension", "the two figures measure incomparable things (a length and a mass, two "
         "currencies without a rate)", lambda p: not p.dim_same),
    Veto("two_units", "one figure written in two units in one sentence: '250 km (155 miles)'",
         lambda p: p.two_units),
    Veto("other_story", "inside one page, a figure of another story (a related-news teaser)",
         lambda p: p.same_doc and not p.same_story),
    Veto("role", "an age, a tenure or a span of time over which something happened pairs only "
         "with a figure of the same role, an age only with the age of the same person ('the "
         "36-year-old driver' is not 'a 66-year-old woman'), and 'one of the ...' picks one of "
         "a set and pairs with nothing: 'a 21-year veteran' is not 'sentenced to 21 years'",
         lambda p: p.roles_differ or p.other_holders),
    Veto("exclusive_groups", "counts of exclusive groups: the dead are not the injured",
         lambda p: p.group == "exclusive"),
    Veto("anchor", "distances measured from two different places",
         lambda p: p.anchors_differ),
    Veto("other_day", "a market quote (a share price, an index level, a day's move) is a "
         "figure of its trading day: against a report dated another day it is another figure",
         lambda p: p.other_day),
    Veto("other_period", "a quarter's figure and a whole year's are two quantities: 'earn $1 "
         "per share in the fourth quarter' is not '$3.87 per share for the year'",
         lambda p: p.other_period),
    Veto("coverage", "a part ('in Manitoba alone') or a several-place total ('in 14 "
         "countries') against another coverage", lambda p: p.alone_mismatch or p.places_mismatch),
)
VETO_IDS = tuple(v.id for v in VETOES)


def first_veto(p: PairFeatures, disabled: frozenset[str] = frozenset()) -> str | None:
    """The id of the first veto that refuses the pair, or None."""
    for v in VETOES:
        if v.id not in disabled and v.applies(p):
            return v.id
    return None
