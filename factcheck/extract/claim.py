"""Stage 7, claim: a figure with its context becomes a ``Claim`` (value, SI value, stated
precision, dimension); ``locate_claims`` sets line and column."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import MISSING, dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..models import Claim, Document
from ..units import COUNT, UNKNOWN, UnitInfo
from .figure import Num
from .patterns import compiled as _rx

if TYPE_CHECKING:
    from .context import SentenceContext


CLAIM_DEFAULTS = {f.name: f.default for f in fields(Claim) if f.default is not MISSING}
_CLAIM_FIELDS = frozenset(f.name for f in fields(Claim))
_EOL = re.compile(r"\r\n|\r|\n")


def finite_claim(c: Claim) -> bool:
    """Whether every value of a claim is a finite float (JSON has no Infinity)."""
    # low and high are always set (value lies between them); below 10^290 neither they nor
    # their SI values (no unit's factor reaches 10^18) can overflow a float
    if (c.low is None or c.low.adjusted() < 290) and (c.high is None or c.high.adjusted() < 290):
        return True
    for x in (c.value, c.low, c.high):
        if x is not None and not math.isfinite(float(x)):
            return False
    return all(x is None or math.isfinite(x) for x in (c.si_value, c.si_low, c.si_high))


def new_claim(values: dict) -> Claim:
    """A Claim from a dict naming every field, without the frozen dataclass __init__ (one
    ``object.__setattr__`` per field, the largest single cost of building a claim). The
    result is an ordinary Claim: equal, hashable and picklable like one built by Claim()."""
    c = object.__new__(Claim)
    c.__dict__.update(values)
    return c


def locate_claims(claims: list[Claim], text: str) -> None:
    """Set the 1-based line and column of each claim's start in ``text`` (claims fresh from
    :func:`new_claim`, not shared yet)."""
    if not claims:
        return
    if "\r" not in text:
        # lines end with \n only (nearly every document): the line breaks between one
        # claim and the next are counted (str.count), not every line's start listed; the
        # line's start is looked for only between them too (a search back to the text's
        # start for each claim made a long line without breaks quadratic)
        line, pos, line_start = 1, 0, 0
        for c in claims:
            if c.start >= pos:
                breaks = text.count("\n", pos, c.start)
                if breaks:
                    line += breaks
                    line_start = text.rfind("\n", pos, c.start) + 1
            else:  # a sentence's other figures (dates, years) come after its quantities
                line -= text.count("\n", c.start, pos)
                if c.start < line_start:
                    line_start = text.rfind("\n", 0, c.start) + 1
            pos = c.start
            c.__dict__.update(line=line, column=c.start - line_start + 1)
        return
    starts = [0] + [m.end() for m in _EOL.finditer(text)]
    for c in claims:
        line = bisect_right(starts, c.start)
        c.__dict__.update(line=line, column=c.start - starts[line - 1] + 1)


def _cur_surface(sentence: str, n: Num) -> str | None:
    m = _rx(r"[^\d\s]+").match(sentence[n.start : n.end])
    return m.group() if m else None


def _tidy(x: Decimal) -> Decimal:
    """3800000.00 -> 3800000; 0.650 -> 0.65 (no exponent notation)."""
    if x == x.to_integral_value():
        return Decimal(int(x))  # exact at any size (quantize fails past 28 digits)
    return x.normalize()


@dataclass(frozen=True)
class StatedPrecision:
    """How far a figure may stray from what is written, read the way an editor reads it
    (rules/tolerances.toml [precision]): an exact count is exact ("nine games", "28
    children"); otherwise half the unit of the last written digit ("3.8 million" covers 3.75
    to 3.85 million), but a round number ("2,000") or a scale word ("$1 billion") is not
    taken to cover more than a fraction of its value. "About", "nearly" and the like widen
    it further in compare (tolerances.toml [compare] approx)."""

    exact_count_below: float
    round_max: float
    scale_max: float

    @staticmethod
    def from_rules(table: dict[str, Any]) -> StatedPrecision:
        return StatedPrecision(
            exact_count_below=float(table["exact_count_below"]),
            round_max=float(table["round_max"]),
            scale_max=float(table["scale_max"]),
        )

    def half_width(self, n: Num, dimension: str | None) -> float:
        """The half-width in the written unit (times the scale word's multiplier)."""
        v = abs(float(n.value))
        if not n.vague and v and dimension == COUNT and not n.scaled \
                and v < self.exact_count_below and v.is_integer():
            return 0.0  # a small count is counted, not rounded: "10 games" is not nine
        raw = _half_unit(n)
        if n.vague or not v:
            return raw
        # a round number, a scale word, a number in words ("one year", "two-thirds"): the
        # last digit's unit would be too wide a reading
        round_number = n.scaled or n.words or _trailing_zeros(n) > 0
        if not round_number:
            return raw
        cap = (self.scale_max if n.scaled else self.round_max) * v
        return min(raw, cap)


def _trailing_zeros(n: Num) -> int:
    digits = n.digits.replace(",", "")
    if not digits or "." in digits:
        return 0
    return len(digits) - len(digits.rstrip("0"))


def _half_unit(n: Num) -> float:
    """Half the unit of the last written digit, scaled: "3.8 million" -> 50,000."""
    digits = n.digits.replace(",", "")
    if not digits or n.words:
        return 0.5 * float(n.scale) if n.scaled else 0.5
    if "." in digits:
        decimals = len(digits.split(".")[1])
        step = Decimal(1).scaleb(-decimals)
    else:
        stripped = digits.rstrip("0")
        zeros = len(digits) - len(stripped) if stripped else 0
        step = Decimal(1).scaleb(zeros)
    return float(step * n.scale) / 2


class ClaimStage:
    """Building the claim (a mixin of the Extractor)."""


    def build_claim(
        self, doc: Document, text: str, s0: int, sentence: str, n: Num, ctx: SentenceContext,
        cid: str = "", para: int = 0, story: int = 0,
    ) -> Claim:
        unit, info, dimension = self._unit_info(doc, sentence, n)
        value = None if n.low is not None else _tidy(n.value)
        low = _tidy(n.low if n.low is not None else n.value)
        high = _tidy(n.high if n.high is not None else n.value)
        si_value = si_low = si_high = None
        si_unit = None
        ambiguous = False
        precision = 0.0
        if info is not None and info.factor is not None:
            si_unit = info.si_unit
            lo_f = info.factor_low if info.factor_low is not None else info.factor
            hi_f = info.factor_high if info.factor_high is not None else info.factor
            ambiguous = info.ambiguous
            if value is not None:
                si_value = info.to_si(float(value), delta=n.delta)
            si_low = float(low) * lo_f + (0 if n.delta else info.offset)
            si_high = float(high) * hi_f + (0 if n.delta else info.offset)
            precision = self.stated.half_width(n, dimension) * info.factor
        elif dimension == COUNT or (info and info.dimension == UNKNOWN):
            si_unit = unit if dimension == COUNT else None
            si_value = float(value) if value is not None and dimension == COUNT else None
            if dimension == COUNT:
                si_low, si_high = float(low), float(high)
                precision = self.stated.half_width(n, dimension)
        start, end = s0 + n.start, s0 + n.end
        concept, keys = ctx.concept(n)
        return new_claim({
            "id": cid,
            "doc": doc.id,
            "start": start,
            "end": end,
            "text": text[start:end],
            "sentence": sentence,
            "kind": "quantity",
            "value": value,
            "low": low,
            "high": high,
            "unit": unit,
            "dimension": dimension,
            "si_value": si_value,
            "si_unit": si_unit,
            "bound": n.bound,
            "change": n.change,
            "concept": concept,
            "attribution": ctx.attribution(n),
            "time": ctx.time(n),
            "scope": ctx.scope(n),
            "surface_unit": n.surface_unit or (None if n.currency is None else _cur_surface(sentence, n)),
            "sentence_start": s0,
            "paragraph": para,
            "story": story,
            "si_low": si_low,
            "si_high": si_high,
            "unit_ambiguous": ambiguous,
            "precision": precision,
            "concept_keys": keys,
            "context": tuple(n.context),
            "transition": n.transition,
            "role": n.role,
            "number_format": n.number_format,
        })

    def _unit_info(self, doc: Document, sentence: str, n: Num
                   ) -> tuple[str | None, UnitInfo | None, str]:
        """The claim's unit (a bare "$" read by the story's dateline), its UnitInfo and its
        dimension; a temperature change is marked a difference (``n.delta``)."""
        unit = n.unit
        kind = n.unit_kind
        if unit is None and n.currency:
            unit, kind = n.currency, "currency"
        if unit in ("degree_Celsius", "degree_Fahrenheit"):
            n.delta = n.delta or self._temperature_difference(sentence, n)
        if unit is None:
            info = None
            dimension = COUNT
        elif kind == "unknown":
            info = UnitInfo(unit, UNKNOWN, None, None)  # kept as written; the report warns
            dimension = UNKNOWN
        else:
            info = self.units.info(unit, delta=n.delta) if kind != "count" else None
            dimension = info.dimension if info else COUNT
        if kind == "currency" and unit == "USD" and n.currency == "USD":
            unit = self._dateline_currency(doc, sentence, n) or unit
        return unit, info, dimension

    def _dateline_currency(self, doc: Document, sentence: str, n: Num) -> str | None:
        """The currency of a bare "$" in a story datelined OTTAWA or SYDNEY (rules:
        [dateline_currency]), unless the sentence names a US market or US dollars."""
        prefix = _rx(r"([^\d\s]*)\s?\d").search(sentence[n.start : n.end])
        if not (prefix and prefix.group(1) == "$" or n.surface_unit in ("dollar", "dollars")):
            return None  # "US$5", "USD 5" say which dollar
        head = doc.text[:80].upper()
        for place, code in self.units.dateline_currency.items():
            if head.startswith(place) or f"{place} (" in head:
                if not any(cue in sentence for cue in self.units.dateline_keeps_usd):
                    return code
        return None

    def _temperature_difference(self, sentence: str, n: Num) -> bool:
        """"rose 2C", "2 degrees warmer" are differences (no offset); "fell to -5C" and
        "reached 40C" are readings."""
        if n.change is not None and "to" not in n.context:
            return True
        return _rx(r"\s*(?:warmer|cooler|hotter|colder|higher|lower)\b").match(sentence[n.end : n.end + 12]) is not None
