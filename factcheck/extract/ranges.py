"""Stage 3, ranges: "25% to 50%", "between 10 and 20 billion", "1-1.5 degrees", and a change
told backwards ("fell to 3.5% from 3.7%")."""
from __future__ import annotations

import re
from decimal import Decimal

from ..cache import compile_pattern as _compile
from .figure import Num
from .patterns import alternation
from .patterns import compiled as _rx

_BEFORE_RANGE = 48  # characters before a range read for "between"/"from" and a change verb


class RangeStage:
    """Joining two figures into a range (a mixin of the Extractor)."""

    def compile_ranges(self) -> None:
        bound_alt = alternation(self.lex.bound_before, ignorecase=True)

        self.p.re_range = _compile(
            r"^\s*(?:(?P<to>to|-|–|—|and|or|through|/)\s*(?:(?:" + bound_alt + r")\s+)?)",
            re.IGNORECASE,
        )

    def join_ranges(self, s: str, nums: list[Num]) -> list[Num]:
        for n in nums:
            self.read_unit(s, n)
        out: list[Num] = []
        i = 0
        while i < len(nums):
            n = nums[i]
            if i + 1 < len(nums) and n.low is None:
                m2 = nums[i + 1]
                gap = s[n.end : m2.start]
                joined = self._range(s, n, m2, gap)
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
            out.append(n)
            i += 1
        return out

    def _range(self, s: str, a: Num, b: Num, gap: str) -> Num | None:
        if b.low is not None:
            return None
        # the unit of the first may sit in the gap: "25% to 50%", "1 per cent to 1.5 per cent"
        unit_gap = gap
        if a.surface_unit and a.unit_end is not None:  # type: ignore[attr-defined]
            unit_gap = s[a.unit_end : b.start]  # type: ignore[attr-defined]
        if unit_gap == "-to-":
            unit_gap = " to "  # "a 0-to-60-mph time"
        m = self.p.re_range.match(unit_gap)
        if not m or m.end() != len(unit_gap):
            if unit_gap.endswith("from "):
                return self._to_from(s, a, b, unit_gap)
            return None
        conn = m.group("to").lower()
        # the words before the first figure, from a bounded window (a copy of the sentence's
        # start for each pair is quadratic in "1 and 2 and ... N"); one character more than
        # the window so that \b sees what precedes it
        lo = max(0, a.start - _BEFORE_RANGE)
        before = s[lo : a.start].lower()
        skip = 1 if lo else 0
        between = _rx(r"\bbetween\s+(?:(?:about|some|around|roughly)\s+)?$").search(before, skip)
        from_ = _rx(r"\bfrom\s+(?:(?:about|some|around|roughly|up\s+to)\s+)?$").search(before, skip)
        if conn == "and" and not between:
            return None
        if conn == "to" and not from_:
            # "rose 0.65 per cent to 27,349", "gained 64.06 points to 4,577.10": a change, then
            # the level it reached; "increased by $43.6 billion to $419.2 billion" likewise
            if a.unit_kind == "special" and b.unit is None:
                return None
            words = _rx(r"[a-z]+").findall(before[-40:])[-3:]
            verb = next((w for w in reversed(words) if w in self.lex.change_verbs
                         or w in self.lex.change_by), None)
            if verb and a.value > 0 and b.value > 4 * a.value * (b.scale if b.scaled and not a.scaled else 1):
                return None
        if conn == "or" and not (a.words and b.words) and not _rx(r"\b(?:years?|months?|weeks?|days?)\b").search(s[b.end:b.end + 10]):
            return None
        if conn == "/" and not (a.currency and b.currency):
            return None
        if conn == "—" and gap[:1].isspace() and gap[-1:].isspace():
            # a spaced em dash is a parenthetical break, not a range: "to gross over a billion
            # dollars — $1,039,263,762 to be exact" restates one figure
            return None
        if a.unit and b.unit and a.unit != b.unit and not (
            a.unit_kind == "currency" and b.unit_kind == "rate" and b.unit.startswith(a.unit + " /")
        ):
            return None  # but "$62 and $68 per share", "$500,000 to $1 million a year" are ranges
        if a.currency and b.currency and a.currency != b.currency:
            return None
        if a.unit_kind == "count" and b.unit_kind == "count" and a.unit != b.unit:
            return None
        # scale carried across only where meant: "10 and 20 billion" but not "$200 to $4 million"
        lo_v, hi_v = a.value, b.value
        if b.scaled and not a.scaled and a.value * b.scale <= b.value * Decimal("1.0000001"):
            if not (a.currency and b.currency and a.value > 0 and a.value * b.scale > b.value):
                lo_v = a.value * b.scale
        elif b.scaled and not a.scaled:
            lo_v = a.value
        r = Num(a.start, b.end, Decimal(0), currency=a.currency or b.currency)
        r.low, r.high = lo_v, hi_v
        r.digits = b.digits
        r.scale = b.scale
        r.unit = b.unit or a.unit
        r.surface_unit = b.surface_unit or a.surface_unit
        r.unit_kind = b.unit_kind or a.unit_kind
        r.end = max(b.end, getattr(b, "unit_end", None) or b.end)
        r.unit_end = getattr(b, "unit_end", None)  # type: ignore[attr-defined]
        r.delta = b.delta
        r.transition = bool(from_) and conn == "to"
        r.context = a.context + b.context
        if lo_v > hi_v and not r.transition and conn in ("-", "–", "—"):
            return None  # "2-0": handled as a score or two numbers
        return r

    def _to_from(self, s: str, a: Num, b: Num, unit_gap: str) -> Num | None:
        """"narrowed to 138,285 lots from 212,577 lots", "fell to 3.5% from 3.7%": a change
        told backwards, from ``b`` (low) to ``a`` (high), like "from X to Y"."""
        if unit_gap.strip() != "from" or a.vague or b.vague:
            return None
        words = _rx(r"[a-z]+").findall(s[max(0, a.start - 40) : a.start].lower())[-3:]
        if words[-1:] != ["to"] or not any(w in self.lex.change_verbs for w in words[:-1]):
            return None
        if a.unit and b.unit and a.unit != b.unit or (a.currency or b.currency) != (b.currency or a.currency):
            return None
        r = Num(a.start, b.end, Decimal(0), currency=a.currency or b.currency)
        r.low, r.high = b.value, a.value
        r.digits, r.scale = a.digits, a.scale
        r.unit = a.unit or b.unit
        r.surface_unit = a.surface_unit or b.surface_unit
        r.unit_kind = a.unit_kind or b.unit_kind
        r.end = max(b.end, getattr(b, "unit_end", None) or b.end)
        r.unit_end = getattr(b, "unit_end", None)  # type: ignore[attr-defined]
        r.transition = True
        r.context = a.context + b.context
        return r
