"""Compare paired claims: a verdict and the reasons the texts give for a difference.

``consistent``: the values agree once stated precision (rounding), bounds ("more than",
"about"), ranges and ambiguous units are taken into account; the explanations then say which
of those was needed. ``explained``: the values differ and the texts give a reason (another
source, another scope, another date, a later update, a change against a level, percent
against percentage points). ``conflict``: they differ and nothing reconciles them.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .dates import Dated, read_as_of, report_date, times_differ
from .extract import SCOPE_REACH  # how far after a figure its scope cues reach
from .match import Candidate, doc_year, bound_direction, iso_days, significant_digits
from .models import Claim, Document, Explanation, Finding, Notice
from .rules import Rules, load_rules
from .rules import phrases as _phrases
from .sources import SourceNames, source_names
from .units import unit_table



@dataclass(frozen=True)
class _Interval:
    lo: float
    hi: float

    def overlaps(self, other: _Interval) -> bool:
        """Share more than a point, or are the same point: 57.3 and 57.2 million (each
        rounded to 0.1 million) only touch at 57.25 and do not agree."""
        finite = [abs(x) for x in (self.lo, self.hi, other.lo, other.hi) if math.isfinite(x)]
        eps = 1e-9 * max(finite + [1.0])
        if self.lo == other.lo and self.hi == other.hi:
            return True
        if abs(self.lo - other.lo) <= eps and abs(self.hi - other.hi) <= eps:
            return True
        for inner, span in ((self, other), (other, self)):
            # an exact figure, or a narrow span, that a wider span holds agrees with it
            # ("$2,077,618,725" and "$2.08 billion"), however small it is beside the float noise
            if span.lo - eps <= inner.lo and inner.hi <= span.hi + eps and (
                    inner.lo == inner.hi or span.hi - span.lo > inner.hi - inner.lo):
                return True
        return max(self.lo, other.lo) < min(self.hi, other.hi) - eps


class Comparer:
    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.names = source_names(self.rules)
        t = self.rules.tolerances["compare"]
        self.approx = float(t["approx"])
        self.rounding = bool(t["rounding"])
        self.relative = float(t["relative"])
        self.ambiguous_max = float(t["ambiguous_unit_max"])
        self.open_factor = float(t["open_bound_factor"])
        # what is derived from a run's whole claim list, with the list it came from
        self._per_run: dict[str, tuple[Sequence[Claim], Any]] = {}
        self.update_cues = sorted(self.rules.cues["update"]["cues"], key=len, reverse=True)
        self.re_update = re.compile(
            r"\b(?:" + "|".join(re.escape(c) for c in self.update_cues if len(c) > 3) + r")\b",
            re.IGNORECASE,
        )
        cues = self.rules.cues
        self.re_revision = _phrases(cues.get("revision", {}).get("cues", []))
        self.re_running = _phrases(cues.get("running", {}).get("cues", []))
        self.re_so_far = _phrases(cues.get("running", {}).get("so_far", []))
        self.provisional = frozenset(w.lower() for w in cues.get("running", {}).get("provisional", []))
        self.days_apart = int(self.rules.tolerances["match"]["max_days_apart"])
        self.approx_below = frozenset(w.lower() for w in cues.get("approx_below", {}).get("cues", []))
        self.multipliers = {k.lower(): float(v) for k, v in cues.get("multipliers", {}).items()}
        self.re_multiplier = _phrases(list(self.multipliers))
        self.re_composition = _phrases(cues.get("scope", {}).get("composition", []))
        self.re_narrowing = _phrases(cues.get("scope", {}).get("narrowing", []))
        self.vague_words = frozenset(w.lower() for w in self.rules.units.get("vague", {}))
        # a total's words (cues.toml [total]): the wider scope, and the total of stated parts
        self.re_total = _phrases(cues["total"]["words"]) or re.compile(r"(?!)")

    # -- intervals ------------------------------------------------------------------------
    @staticmethod
    def _base(c: Claim, *, ambiguous: bool) -> _Interval | None:
        if c.si_low is not None and c.si_high is not None:
            lo, hi = c.si_low, c.si_high
            if not ambiguous and c.unit_ambiguous and c.si_value is not None:
                lo = hi = c.si_value
            elif not ambiguous and c.unit_ambiguous and c.low is not None:
                # the default reading for both ends
                factor = (c.si_value or 0) / float(c.value) if c.value else None
                if factor:
                    lo, hi = float(c.low) * factor, float(c.high or c.low) * factor
            return _Interval(min(lo, hi), max(lo, hi))
        if c.low is not None and c.high is not None:
            lo, hi = float(c.low), float(c.high)
            return _Interval(min(lo, hi), max(lo, hi))
        return None

    def _as_written(self, c: Claim, *, bound: bool) -> _Interval:
        """A figure's interval in its default unit reading, widened by its stated precision
        (and its bound, with ``bound``)."""
        return self._widen(self._base(c, ambiguous=False), c, rounding=True, bound=bound)  # type: ignore[arg-type]

    def _widen(
        self, iv: _Interval, c: Claim, *, rounding: bool, bound: bool, open_end: bool = False
    ) -> _Interval:
        lo, hi = iv.lo, iv.hi
        if rounding and self.rounding and c.bound == "=":
            # "more than 1,000" is a threshold, not a rounded 1,000
            lo, hi = lo - c.precision, hi + c.precision
        if bound:
            b = c.bound
            if b == "~" and self._vague(c):
                return _Interval(lo, hi)  # "thousands" is already a range: not widened again
            # each end strays by a fraction of itself: "thousands" (1,000 to 10,000) reaches
            # down to 900, not to 0
            if b == "~" and any(w.lower() in self.approx_below for w in c.context):
                lo = lo - self._approx(c, lo)  # "nearly 12 miles" is at most 12 miles
            elif b == "~":
                lo, hi = lo - self._approx(c, lo), hi + self._approx(c, hi)
            elif b in (">", ">="):
                hi = math.inf if open_end else (hi * self.open_factor if hi > 0 else hi)
            elif b in ("<", "<="):
                lo = -math.inf if open_end else (lo / self.open_factor if lo > 0 else lo)
        return _Interval(lo, hi)

    def _approx(self, c: Claim, x: float) -> float:
        """How far "about" lets a figure stray: twice what its written digits state, at most
        ``approx`` of itself. "about 240 million" is 230 to 250 million, not 216 to 264 (it
        is not "around 260 million"); "about 30 people", counted exactly when written
        without "about", strays by ``approx``."""
        cap = self.approx * abs(x)
        return min(cap, 2.0 * c.precision) if c.precision else cap

    def _vague(self, c: Claim) -> bool:
        """A vague amount ("dozens", "tens of thousands"), read as a range (units.toml [vague])."""
        return c.is_range and any(w in self.vague_words for w in c.context)

    @staticmethod
    def _central(c: Claim) -> float | None:
        if c.si_value is not None:
            return c.si_value
        if c.si_low is not None and c.si_high is not None:
            return (c.si_low + c.si_high) / 2
        if c.value is not None:
            return float(c.value)
        if c.low is not None and c.high is not None:
            return float(c.low + c.high) / 2
        return None

    def ratio(self, a: Claim, b: Claim) -> float | None:
        return self.ratio_of(a, b)

    @classmethod
    def ratio_of(cls, a: Claim, b: Claim) -> float | None:
        x, y = cls._central(a), cls._central(b)
        if x is None or y is None or x <= 0 or y <= 0:
            return None
        return max(x, y) / min(x, y)

    # -- verdict --------------------------------------------------------------------------
    def compare(
        self, cand: Candidate, docs: dict[str, Document], claims: Sequence[Claim]
    ) -> Finding:
        a, b = cand.a, cand.b
        converted = self._convert_currency(a, b)
        rate_note: Explanation | None = None
        if converted is not None:
            a, b, rate_note = converted
        ratio = self.ratio(a, b)
        reasons: list[Explanation] = []
        if rate_note is not None:
            reasons.append(rate_note)
        if {a.dimension, b.dimension} == {"percent", "percentage_point"}:
            pct, pts = (a, b) if a.dimension == "percent" else (b, a)
            reasons.append(
                Explanation(
                    "percent_vs_points",
                    f"{_q(pct)} is a percentage; {_q(pts)} is a difference in "
                    "percentage points: the two are not the same measure",
                    f"{pct.text} / {pts.text}",
                )
            )
            return self._finding(cand, "explained", ratio, reasons, docs)
        consistent = self._consistent(a, b)
        if consistent is not None and rate_note is not None:
            consistent.insert(0, rate_note)
        made_of = self._composition(a, b, claims)
        if made_of is not None:
            # one figure names a part that the other leaves out, and the part is the whole
            # difference: "at least 24" / "25, including one death in Kendall County"
            others = consistent if consistent is not None else [
                r for r in self._reasons(a, b, docs, claims) if r.type != "scope"]
            return self._finding(cand, "explained", ratio, [made_of, *others], docs)
        if consistent is not None:
            if a.unit_ambiguous != b.unit_ambiguous and not any(e.type == "unit" for e in consistent):
                amb, other = (a, b) if a.unit_ambiguous else (b, a)
                lo = (amb.si_low or 0) / (other.si_value or 1)
                consistent.append(Explanation(
                    "unit",
                    f"agree if {amb.surface_unit!r} means metric tons, as {_q(other)} says; "
                    f"read as short tons it would be {100 * (1 - lo):.0f} % less",
                    amb.text,
                ))
            return self._finding(cand, "consistent", ratio, consistent, docs)
        reasons.extend(self._reasons(a, b, docs, claims))
        unit_note = self._unit_note(a, b, ratio)
        sufficient = [r for r in reasons if r.sufficient and r is not rate_note]
        if unit_note:
            reasons.append(unit_note)
        verdict = "explained" if sufficient else "conflict"
        if verdict == "conflict" and "ambiguous" in (a.number_format, b.number_format):
            # never a conflict on one reading of "1.234" alone (issue 20)
            verdict, reasons = self._other_format_reading(a, b, docs, reasons)
        return self._finding(cand, verdict, ratio, reasons, docs)

    def _consistent(self, a: Claim, b: Claim) -> list[Explanation] | None:
        """None if the values disagree; else the explanations that reconcile them."""
        if _is_change(a) != _is_change(b):
            ia, ib = self._base(a, ambiguous=False), self._base(b, ambiguous=False)
            if ia and ib and ia.overlaps(ib):
                return []
            return None
        steps = (
            (False, False, False, ()),
            (True, False, False, ("rounding",)),
            (True, True, False, ("rounding", "bound")),
            (True, True, True, ("rounding", "bound", "unit")),
        )
        for rounding, bound, ambiguous, used in steps:
            ia, ib = self._base(a, ambiguous=ambiguous), self._base(b, ambiguous=ambiguous)
            if ia is None or ib is None:
                return None
            # two minimums ("at least 5", "at least 24") never contradict each other
            both = bound_direction(a) is not None and bound_direction(a) == bound_direction(b)
            ia = self._widen(ia, a, rounding=rounding, bound=bound, open_end=both)
            ib = self._widen(ib, b, rounding=rounding, bound=bound, open_end=both)
            if ia.overlaps(ib):
                return [self._agreement(t, a, b) for t in used if self._needed(t, a, b)]
        r = self.ratio(a, b)
        # a conversion loses digits ("126.14 degrees Fahrenheit" from 52.3 Celsius); two
        # figures written in one unit are held to the digits they state ($992.1 billion is
        # not $992.6 billion)
        if r is not None and r - 1 <= self.relative and a.unit != b.unit:
            return [Explanation("rounding", f"the values differ by {100 * (r - 1):.2f} %, "
                                "within the tolerance", f"{a.text} / {b.text}")]
        return None

    def _needed(self, t: str, a: Claim, b: Claim) -> bool:
        if t == "rounding":
            ia, ib = self._base(a, ambiguous=False), self._base(b, ambiguous=False)
            if ia and ib and ia.overlaps(ib):
                return False
            ia2 = self._widen(ia, a, rounding=True, bound=False) if ia else None
            ib2 = self._widen(ib, b, rounding=True, bound=False) if ib else None
            return bool(ia2 and ib2 and ia2.overlaps(ib2))
        if t == "bound":
            if a.bound == "=" and b.bound == "=":
                return False
            return not self._as_written(a, bound=False).overlaps(self._as_written(b, bound=False))
        if t == "unit":
            if not (a.unit_ambiguous or b.unit_ambiguous):
                return False
            return not self._as_written(a, bound=True).overlaps(self._as_written(b, bound=True))
        return False

    def _agreement(self, t: str, a: Claim, b: Claim) -> Explanation:
        if t == "rounding":
            return Explanation("rounding", "the values agree within the precision they are "
                               "stated to", f"{a.text} / {b.text}")
        if t == "bound":
            bounded = a if a.bound != "=" else b
            return Explanation("bound", f"{_q(bounded)} is a bound or approximation that "
                               "covers the other value", bounded.text)
        amb, other = (a, b) if a.unit_ambiguous else (b, a)
        return Explanation("unit", self._reading_note(amb, other), amb.text)

    def _reading_note(self, amb: Claim, other: Claim) -> str:
        """Which reading of an ambiguous unit matches ``other``, and by how much the
        default reading differs: "'tons' read as short tons (907 kg) matches ..."."""
        table = unit_table(self.rules)
        readings = table.readings(amb.unit or "")
        x, y = self._central(other), amb.value if amb.value is not None else None
        if not readings or x is None or y is None or not x:
            return (f"{amb.surface_unit!r} is ambiguous; one of its readings matches "
                    f"{_q(other)}")
        name, factor = min(readings.items(), key=lambda kv: abs(float(y) * kv[1] - x))
        default = amb.si_value or float(y) * factor
        gap = 100 * abs(default - x) / max(abs(default), abs(x))
        note = table.info(amb.unit or "").note or f"{amb.surface_unit!r} is ambiguous"
        return (f"{note}: read as {name.replace('_', ' ')}s it matches {_q(other)}; the "
                f"{gap:.1f} % difference is explained by the unit")

    def _other_format_reading(
        self, a: Claim, b: Claim, docs: dict[str, Document], reasons: list[Explanation]
    ) -> tuple[str, list[Explanation]]:
        """The verdict of a conflict where a figure is written with one separator and three
        digits ("1.234", "2.800 miliardi") in a document that does not settle whether it
        groups thousands or marks decimals (Claim.number_format "ambiguous"): read the other
        way, does it agree? Then "consistent", saying which reading agrees; else still
        "conflict", saying that neither reading does."""
        from .numbers import other_reading

        notes: list[Explanation] = []
        for amb, other in ((a, b), (b, a)):
            if amb.number_format != "ambiguous":
                continue
            doc = docs.get(amb.doc)
            alt = other_reading(amb, self.rules, doc.language if doc else None)
            if alt is None:
                continue
            claim, written, as_read, other_way = alt
            both = (claim, other) if amb is a else (other, claim)
            agree = self._consistent(*both)
            if agree is not None:
                return "consistent", [Explanation(
                    "number_format",
                    f"{written!r} is ambiguous: nothing in its document tells whether the mark "
                    f"groups thousands or is a decimal mark; read as {other_way} it matches "
                    f"{_q(other)} (as read, {as_read}, it would not)",
                    amb.text), *agree]
            notes.append(Explanation(
                "number_format",
                f"{written!r} is ambiguous (thousands separator or decimal mark); neither "
                f"reading ({as_read} or {other_way}) matches {_q(other)}",
                amb.text, sufficient=False))
        return "conflict", [*reasons, *notes]

    def _convert_currency(self, a: Claim, b: Claim) -> tuple[Claim, Claim, Explanation] | None:
        """Both amounts in the rate table's base currency, when rules/units.toml [rates]
        gives a rate for two different currencies; the explanation names the table."""
        ca, cb = _currency_code(a), _currency_code(b)
        if ca is None or cb is None or ca == cb:
            return None
        table = unit_table(self.rules)
        ra, rb = table.rate(ca), table.rate(cb)
        if ra is None or rb is None:
            return None
        note = Explanation(
            "unit",
            f"{ca} and {cb} compared in {table.rate_base} at the rates of "
            f"{table.rate_source!r} dated {table.rate_date}",
            f"{a.text} / {b.text}",
        )
        return _in_base(a, ra), _in_base(b, rb), note

    def _unit_note(self, a: Claim, b: Claim, ratio: float | None) -> Explanation | None:
        amb = a if a.unit_ambiguous else b if b.unit_ambiguous else None
        if amb is None or ratio is None:
            return None
        spread = 100 * ((amb.si_high or 0) / (amb.si_low or 1) - 1) if amb.si_low else 12.0
        return Explanation(
            "unit",
            f"{amb.surface_unit!r} may be short (907 kg), long (1,016 kg) or metric (1,000 kg) "
            f"tons: that explains at most a {spread:.0f} % difference, not a {ratio:.2f}x gap",
            amb.text,
            sufficient=False,
        )

    # -- reasons for a real difference ------------------------------------------------------
    def _once_per_run(self, name: str, claims: Sequence[Claim],
                      build: Callable[[Sequence[Claim]], Any]) -> Any:
        """``build(claims)``, computed once for each claim list (one run's)."""
        hit = self._per_run.get(name)
        if hit is None or hit[0] is not claims:
            hit = self._per_run[name] = (claims, build(claims))
        return hit[1]

    def _attribution_index(self, claims: Sequence[Claim]) -> dict[tuple[object, ...], set[str]]:
        """Attributions of each figure of each article."""
        def build(claims: Sequence[Claim]) -> dict[tuple[object, ...], set[str]]:
            index: dict[tuple[object, ...], set[str]] = {}
            for o in claims:
                if o.kind == "quantity" and o.attribution:
                    index.setdefault(_figure_key(o), set()).add(o.attribution)
            return index
        return self._once_per_run("attributions", claims, build)

    def _reasons(
        self, a: Claim, b: Claim, docs: dict[str, Document], claims: Sequence[Claim]
    ) -> list[Explanation]:
        out: list[Explanation] = []
        if _is_change(a) != _is_change(b):
            ch = a if _is_change(a) else b
            out.append(Explanation("change_vs_level", f"{_q(ch)} is a change ({ch.change}), "
                                   "the other a level", _quote_around(ch)))
        index = self._attribution_index(claims)
        texts = tuple(docs[c.doc].text if c.doc in docs else "" for c in (a, b))
        who_a = _attributed(a, index, self.names, texts[0])
        who_b = _attributed(b, index, self.names, texts[1])
        if (self.names.names_someone(who_a) and self.names.names_someone(who_b)
                and self.names.same(who_a, who_b, texts=texts) is False):
            out.append(Explanation(
                "source",
                f"attributed to {who_a} and to {who_b}",
                f"{who_a} / {who_b}",
            ))
        scope = self._scope(a, b, claims)
        if scope:
            out.append(scope)
        when = self._time(a, b, docs)
        if when:
            out.append(when)
        return out

    def self_checks(self, claims: Sequence[Claim]) -> list[Finding]:
        """Numbers in one sentence that contradict each other: a total that is not the sum of
        its stated parts, or "doubled" when the two figures give 1.4x."""
        by_sentence: dict[tuple[str, int], list[Claim]] = {}
        for c in claims:
            if c.kind == "quantity":
                by_sentence.setdefault((c.doc, c.sentence_start), []).append(c)
        out: list[Finding] = []
        for group in by_sentence.values():
            out.extend(_check_multiplier(group, self.multipliers, self.re_multiplier))
            out.extend(_check_sum(group, self.re_total))
        return out

    def _update_cue(self, c: Claim) -> re.Match[str] | None:
        """An update cue ("rose to", "revised", "now", "as of") near the figure: within the
        60 characters before it or the 30 after, with no other figure between; a cue
        elsewhere in the sentence is another figure's ("measured by Taiwan officials")."""
        rel, end = c.start - c.sentence_start, c.end - c.sentence_start
        lo = max(0, rel - 60)
        for m in self.re_update.finditer(c.sentence, lo, min(len(c.sentence), end + 30)):
            between = c.sentence[m.end():rel] if m.end() <= rel else c.sentence[end:m.start()]
            if m.start() < end and m.end() > rel:
                continue  # inside the figure's own words
            if not re.search(r"\d", between):
                return m
        return None

    def _so_far(self, c: Claim) -> str | None:
        """The "so far" cue (cues.toml [running] so_far) around a figure, if any."""
        if self.re_so_far is None:
            return None
        rel = c.start - c.sentence_start
        m = self.re_so_far.search(c.sentence[max(0, rel - 60) : c.end - c.sentence_start + 40])
        return m.group().lower() if m else None

    def _running_total(self, c: Claim) -> bool:
        """A count that grows as reports come in: tolls, cases, arrests, totals so far."""
        if self.re_running is None:
            return False
        rel = c.start - c.sentence_start
        return bool(self.re_running.search(c.sentence[max(0, rel - 60) : c.end - c.sentence_start + 60]))

    def _sentence_figures(self, claims: Sequence[Claim]) -> dict[tuple[str, int], list[Claim]]:
        """The quantities of each sentence that states two or more, by (doc, sentence start)."""
        def build(claims: Sequence[Claim]) -> dict[tuple[str, int], list[Claim]]:
            by_sentence: dict[tuple[str, int], list[Claim]] = {}
            for c in claims:
                if c.kind == "quantity":
                    by_sentence.setdefault((c.doc, c.sentence_start), []).append(c)
            return {k: g for k, g in by_sentence.items() if len(g) >= 2}
        return self._once_per_run("sentences", claims, build)

    def _multi_claim_sentences(self, claims: Sequence[Claim]) -> list[list[Claim]]:
        """Sentences stating two or more figures."""
        return self._once_per_run(
            "multi", claims, lambda cl: list(self._sentence_figures(cl).values()))

    def _scope_index(self, claims: Sequence[Claim]) -> tuple[list[list[Claim]], dict[str, list[tuple[float, int]]], dict[str, set[int]], dict[str, float]]:
        """Once per run: the multi-figure sentences, and for each dimension their figures'
        values in order, so a pair looks only at the sentences that may restate both."""
        def build(claims: Sequence[Claim]) -> Any:
            groups = self._multi_claim_sentences(claims)
            by_dim: dict[str, list[tuple[float, int]]] = {}
            member: dict[str, set[int]] = {}
            widest: dict[str, float] = {}
            for gi, group in enumerate(groups):
                for c in group:
                    member.setdefault(c.id, set()).add(gi)
                    v = self._central(c)
                    if v is not None and c.dimension:
                        by_dim.setdefault(c.dimension, []).append((v, gi))
                        widest[c.dimension] = max(widest.get(c.dimension, 0.0), c.precision)
            for values in by_dim.values():
                values.sort()
            return groups, by_dim, member, widest
        return self._once_per_run("scope_index", claims, build)

    def _sentences_for(self, x: Claim, index: Any) -> set[int]:
        """The multi-figure sentences that hold ``x`` or a figure that may restate it (a
        superset: :meth:`_stands_for` decides)."""
        _groups, by_dim, member, widest = index
        out = set(member.get(x.id, ()))
        v = self._central(x)
        values = by_dim.get(x.dimension or "")
        if v is not None and values:
            reach = max(abs(v) * max(self.ambiguous_max, 1e-6),
                        x.precision + widest.get(x.dimension or "", 0.0)) + 1e-9
            lo = bisect.bisect_left(values, (v - reach, -1))
            hi = bisect.bisect_right(values, (v + reach, len(values) + 1 << 20))
            out.update(gi for _v, gi in values[lo:hi])
        return out

    def _scope(self, a: Claim, b: Claim, claims: Sequence[Claim]) -> Explanation | None:
        # A sentence that states both figures (or figures equal to them) states their relation.
        index = self._scope_index(claims)
        groups = index[0]
        for gi in sorted(self._sentences_for(a, index) & self._sentences_for(b, index)):
            group = groups[gi]
            ma = [c for c in group if c.id != a.id and c.id != b.id and self._stands_for(c, a)] + (
                [a] if a in group else [])
            mb = [c for c in group if c.id != a.id and c.id != b.id and self._stands_for(c, b)] + (
                [b] if b in group else [])
            pairs = [(x, y) for x in ma for y in mb if x.id != y.id]
            for x, y in pairs:
                if x.scope == y.scope:
                    continue
                # the narrower figure is the one whose scope is not a "total" cue
                narrow = [c for c in (x, y) if c.scope and not self.re_total.search(c.scope)]
                scoped = narrow[0] if narrow else (x if x.scope else y)
                other = y if scoped is x else x
                return Explanation(
                    "scope",
                    f"{_q(scoped)} covers only {scoped.scope!r}, {_q(other)} "
                    "a wider total; one sentence states both figures",
                    scoped.sentence,
                )
        ca, cb = _coverage(a), _coverage(b)
        if ca and cb and ca.lower() != cb.lower():
            return Explanation(
                "scope",
                f"{_q(a)} counts {ca!r}, {_q(b)} counts {cb!r}: different coverage",
                f"{ca} / {cb}",
            )
        if (a.scope or b.scope) and a.scope != b.scope:
            # a qualifier explains a difference when it narrows what one figure covers
            # ("reserves under development", "Spain alone", "excluding launch costs") and the
            # other figure does not say the same; a measure word on one side ("total",
            # "gross", "weekend", "annual") is noted but explains nothing on its own
            scoped = a if self._narrowing(a) and not self._same_cue(a, b) else \
                b if self._narrowing(b) and not self._same_cue(b, a) else (a if a.scope else b)
            other = b if scoped is a else a
            detail = f"{_q(scoped)} is qualified by {scoped.scope!r}"
            if other.scope:
                detail += f", {_q(other)} by {other.scope!r}"
            if not (self._narrowing(scoped) and not self._same_cue(scoped, other)):
                return Explanation("scope", detail + ": a word of measure, not a narrower "
                                   "coverage", scoped.scope or "", sufficient=False)
            return Explanation("scope", detail, scoped.scope or "")
        return None

    def _narrowing(self, c: Claim) -> str | None:
        """The narrowing scope cue (cues.toml [scope] narrowing) of a claim's scope, if any."""
        if not c.scope or self.re_narrowing is None:
            return None
        m = self.re_narrowing.search(c.scope)
        return m.group().lower() if m else None

    def _same_cue(self, c: Claim, other: Claim) -> bool:
        cue = self._narrowing(c)
        return bool(cue and other.scope and cue in other.scope.lower())

    def _composition(self, a: Claim, b: Claim, claims: Sequence[Claim]) -> Explanation | None:
        """One figure names a part it includes (or leaves out) and that part is exactly the
        difference: "rose to 25, including one death in neighboring Kendall County" against
        "at least 24" (25 - 1 = 24)."""
        if self.re_composition is None or a.si_value is None or b.si_value is None \
                or a.si_value == b.si_value:
            return None
        for c, other in ((a, b), (b, a)):
            rel = c.end - c.sentence_start
            m = self.re_composition.search(c.sentence, rel, rel + SCOPE_REACH)
            if m is None:
                continue
            figures = self._sentence_figures(claims).get((c.doc, c.sentence_start), [])
            if any(rel <= o.start - o.sentence_start < m.start() for o in figures if o.id != c.id):
                continue  # the cue after another figure is that figure's
            phrase = re.split(r"[,;:.(]|\s[-–—]\s", c.sentence[m.start():])[0].strip()
            lo, hi = c.sentence_start + m.start(), c.sentence_start + m.start() + len(phrase)
            leaves_out = m.group().lower().startswith(("excluding", "not "))
            for part in figures:
                if not (lo <= part.start < hi and part.dimension == c.dimension
                        and part.si_value is not None):
                    continue
                rest = c.si_value + part.si_value if leaves_out else c.si_value - part.si_value  # type: ignore[operator]
                if abs(rest - other.si_value) <= 1e-9 * max(1.0, abs(other.si_value)):
                    return Explanation(
                        "scope",
                        f"{_q(c)} {'leaves out' if leaves_out else 'includes'} "
                        f"{_q(part)} ({phrase!r}), which is the difference from {_q(other)}",
                        phrase,
                    )
        return None

    def _stands_for(self, c: Claim, ref: Claim) -> bool:
        """Whether ``c`` in another sentence restates ``ref``: the same value, and for counts
        the same counted noun and a figure specific enough not to recur by chance (two
        boats and three boats are not three outboard motors and two rifles)."""
        if not self._same_value(c, ref):
            return False
        if c.dimension == "count":
            return c.unit == ref.unit and significant_digits(ref) >= 2
        return True

    def _same_value(self, c: Claim, ref: Claim) -> bool:
        if c.dimension != ref.dimension:
            return False
        x, y = self._central(c), self._central(ref)
        if x is None or y is None:
            return False
        if c.unit_ambiguous or ref.unit_ambiguous:
            return abs(x - y) <= self.ambiguous_max * max(abs(x), abs(y))
        return math.isclose(x, y, rel_tol=1e-6) or abs(x - y) <= c.precision + ref.precision

    def _dated(self, c: Claim, docs: dict[str, Document]) -> Dated | None:
        """The day a figure is given as of: a day its own time phrase names ("by 26 June"),
        else the day its report speaks from (metadata, else the latest day its text names)."""
        doc = docs.get(c.doc)
        if doc is None:
            return None

        def build(doc: Document) -> Dated | None:
            year = doc_year(doc)
            return report_date(doc.date, doc.text, int(year) if year else None)

        key = f"report:{doc.id}"
        hit = self._per_run.get(key)
        if hit is None or hit[0] is not doc:
            hit = self._per_run[key] = (doc, build(doc))  # type: ignore[assignment]
        report: Dated | None = hit[1]
        if c.time:
            own = read_as_of(c.time, report.day.year if report else None)
            if own:
                return own
        return report

    def _time(self, a: Claim, b: Claim, docs: dict[str, Document]) -> Explanation | None:
        when_a, when_b = self._dated(a, docs), self._dated(b, docs)
        date_a = when_a.iso if when_a else None
        date_b = when_b.iso if when_b else None
        later, earlier = (b, a) if (date_a or "") <= (date_b or "") else (a, b)
        w_later, w_earlier = (when_b, when_a) if later is b else (when_a, when_b)
        cue = self._update_cue(later)
        static = a.dimension in ("[length]", "magnitude") and not cue
        if w_later and w_earlier and date_a != date_b and not static:
            if cue:
                return Explanation(
                    "update",
                    f"the later report ({_as_of(w_later)}) gives {_q(later)}; the earlier "
                    f"({_as_of(w_earlier)}) gave {_q(earlier)}",
                    _quote_around(later),
                )
            gap = abs(w_later.day.toordinal() - w_earlier.day.toordinal())
            # a running count, figures "as of" different times, or an age (it grows a year a
            # year: "26" at the charge and "27" at the verdict)
            changes = (self._running_total(a) or self._running_total(b)
                       or _different_times(a, b) or (a.role == b.role == "age"))
            if changes or gap > self.days_apart:
                # a toll or count that grows, or figures given "as of" different times, explain
                # a difference; reports weeks apart only say the figure may have moved (the
                # quantity need not be one that changes), so alone they are noted, not enough
                return Explanation(
                    "time",
                    f"figures given as of different dates: {_as_of(when_a)} and "  # type: ignore[arg-type]
                    f"{_as_of(when_b)}"  # type: ignore[arg-type]
                    + (f", {gap} days apart" if gap > self.days_apart else ""),
                    f"{a.text} ({when_a.evidence}) / {b.text} ({when_b.evidence})",  # type: ignore[union-attr]
                    sufficient=bool(changes) or not (when_a.inferred or when_b.inferred),  # type: ignore[union-attr]
                )
        so_far = self._so_far(a), self._so_far(b)
        if a.doc != b.doc and bool(so_far[0]) != bool(so_far[1]):
            # a count given "so far" or "as it stands" is a floor of the final count: a larger
            # figure elsewhere is a later or fuller count of the same thing
            x, other = (a, b) if so_far[0] else (b, a)
            cx, co = self._central(x), self._central(other)
            cue = so_far[0] or so_far[1] or ""
            if cx is not None and co is not None and cx < co:
                # "so far": a valid count as of its date (time); "as it stands": a
                # provisional one the final figure replaces (update)
                return Explanation(
                    "update" if cue in self.provisional else "time",
                    f"{_q(x)} is given {cue!r}, a count still open; the larger "
                    f"{_q(other)} is a later or fuller count",
                    x.sentence.strip(),
                )
        if a.doc != b.doc and self._running_total(a) and self._running_total(b):
            big = a if (self._central(a) or 0) >= (self._central(b) or 0) else b
            if big.bound in (">", ">=") or big.change == "up" or self._update_cue(big):
                return Explanation(
                    "update",
                    f"a running count: {_q(big)} is given as still rising (a minimum or an "
                    "increase), so the smaller figure is an earlier count",
                    big.sentence.strip(),
                )
        for c in (a, b):
            rel = c.start - c.sentence_start
            window = c.sentence[max(0, rel - 90) : c.end - c.sentence_start + 40]
            m = self.re_revision.search(window) if self.re_revision else None
            if m:
                return Explanation(
                    "update",
                    f"{_q(c)} is given as {m.group().lower()!r}: one figure replaces the other",
                    c.sentence.strip(),
                )
        if a.doc == b.doc:
            first, second = (a, b) if a.start <= b.start else (b, a)
            between = docs[a.doc].text[first.start : second.end] if a.doc in docs else ""
            m = re.search(r"\b(?:then|later|updated|revised|initially|rose to|increased to)\b",
                          between, re.IGNORECASE)
            if m and len(between) < 300:
                return Explanation("update", "the text gives a later figure for the same "
                                   "quantity", between)
        if _different_times(a, b):
            return Explanation("time", f"figures as of different times: {a.time!r} and "
                               f"{b.time!r}", f"{a.time} / {b.time}")
        return None

    def _finding(
        self,
        cand: Candidate,
        verdict: str,
        ratio: float | None,
        reasons: list[Explanation],
        docs: dict[str, Document],
    ) -> Finding:
        a, b = cand.a, cand.b
        msg = _message(a, b, verdict, ratio, reasons)
        return Finding(a, b, verdict, ratio, tuple(reasons), msg, cand.score, fingerprint(a, b),
                       probability=cand.probability, contributions=cand.contributions)




def _as_of(d: Dated) -> str:
    """"2024-07-01" from metadata; "2024-07-01, from '1 July' in the text" when inferred."""
    return f"{d.iso}, from {d.evidence!r} in the text" if d.inferred else d.iso


def _different_times(a: Claim, b: Claim) -> bool:
    """Both figures are dated and the dates differ ("In 2004" and "in 2004", "on Tuesday" and
    "Tuesday", "Wednesday" and "on May 29" do not: dates.times_differ)."""
    if not (a.time and b.time):
        return False
    return times_differ(a.time, b.time)


def _figure_key(c: Claim) -> tuple[object, ...]:
    return (c.doc, c.unit, c.low, c.high, c.bound)


def _attributed(c: Claim, index: dict[tuple[object, ...], set[str]], names: SourceNames,
                text: str) -> str | None:
    """Who gives the figure: its own attribution, else that of the same figure stated
    elsewhere in the article with one (a lede's "magnitude of 8.8" is the USGS's when the
    article later says "the U.S. Geological Survey ... magnitude 8.8"); none when the
    article gives that figure from two sources ("USGS" and "the U.S. Geological Survey" are
    one: the longer name is given)."""
    if c.attribution:
        return c.attribution
    whos = sorted(index.get(_figure_key(c), set()), key=lambda w: (-len(w), w))
    if whos and all(names.same(whos[0], w, texts=(text,)) for w in whos[1:]):
        return whos[0]
    return None


def _currency_code(c: Claim) -> str | None:
    if not (c.dimension or "").startswith("currency") or not c.si_unit:
        return None
    return c.si_unit.split(" / ")[0]


def _in_base(c: Claim, rate: float) -> Claim:
    """``c`` with its SI figures in the rate table's base currency."""
    def conv(x: float | None) -> float | None:
        return None if x is None else x * rate

    return replace(c, si_value=conv(c.si_value), si_low=conv(c.si_low),
                   si_high=conv(c.si_high), precision=c.precision * rate)


_COVERAGE = re.compile(
    r"^[^.;,]{0,25}?\b((?:in|across|around|throughout|over)\s+(?:the\s+|a\s+|one\s+|\d[\d,]*\s+|"
    r"several\s+|many\s+|all\s+|other\s+)?(?:[\w-]+\s+){0,2}?(?:countries|nations|states|"
    r"provinces|regions|districts|cities|counties|province|region|district|state|country|city|"
    r"county|world|continent|ocean|area|areas|village|villages|town|towns|park|parks|camp|"
    r"capital|nation))\b",
    re.IGNORECASE,
)


def _coverage(c: Claim) -> str | None:
    """Where a count applies, written just after it: "in the province", "in 13 countries"."""
    rel = c.end - c.sentence_start
    m = _COVERAGE.match(c.sentence[rel : rel + 80])
    return m.group(1) if m else None


def _is_change(c: Claim) -> bool:
    """A rise or fall by an amount ("rose 5%"), not a level reached ("rose to 25")."""
    return c.change is not None and "to" not in c.context


_RE_PARTS = re.compile(r"\b(?:including|of which|of whom|comprising|made up of|split between|:)",
                       re.IGNORECASE)
_RE_EXHAUSTIVE = re.compile(r"\b(?:of which|of whom|comprising|made up of|split between)\b",
                            re.IGNORECASE)


def _internal(a: Claim, b: Claim, detail: str, evidence: str, check: str) -> Finding:
    expl = Explanation(check, detail, evidence)
    return Finding(a, b, "conflict", Comparer.ratio_of(a, b), (expl,),
                   f"{_q(a)} / {_q(b)}: {detail}", 100.0, fingerprint(a, b))


def _check_multiplier(
    group: list[Claim], multipliers: dict[str, float], pattern: re.Pattern[str] | None
) -> list[Finding]:
    sentence = group[0].sentence
    m = pattern.search(sentence) if pattern else None
    if not m:
        return []
    factor = multipliers[m.group().lower()]
    pairs: list[tuple[Claim, Claim, float, float]] = []
    for c in group:
        if c.transition and c.low and c.high and c.low > 0:
            pairs.append((c, c, float(c.low), float(c.high)))
    if not pairs:
        same = [c for c in group if c.value is not None and c.value > 0]
        if len(same) == 2 and same[0].unit == same[1].unit:
            a, b = same
            rel = sentence.lower()
            # "to Y from X" or "from X to Y": the later figure follows "to"
            to_b = re.search(r"\bto\s*$", rel[: b.start - b.sentence_start])
            old, new = (a, b) if to_b else (b, a)
            pairs.append((old, new, float(old.value or 0), float(new.value or 0)))
    out = []
    for old, new, x, y in pairs:
        actual = y / x if x else 0
        if x and not (0.9 * factor <= actual <= 1.1 * factor):
            out.append(_internal(
                old, new,
                f"{m.group()!r} implies {factor:g}x, but the figures give {actual:.2f}x",
                sentence.strip(), "multiplier"))
    return out


def _check_sum(group: list[Claim], re_total: re.Pattern[str]) -> list[Finding]:
    if len(group) < 3:
        return []
    sentence = group[0].sentence
    totals = [c for c in group if re_total.search(
        sentence[max(0, c.start - c.sentence_start - 25) : c.end - c.sentence_start + 25])]
    out = []
    for total in totals[:1]:
        rel_end = total.end - total.sentence_start
        marker = _RE_PARTS.search(sentence, rel_end)
        if marker is None or marker.start() - rel_end > 60:
            continue
        parts = [c for c in group if c.start > total.end and c.value is not None
                 and c.dimension == total.dimension and c.start - c.sentence_start > marker.start()
                 and (c.unit == total.unit or c.unit is None or total.unit is None)]
        if len(parts) < 2 or total.value is None:
            continue
        parts_sum = sum(float(p.value or 0) for p in parts)
        tot = float(total.value)
        exhaustive = bool(_RE_EXHAUSTIVE.match(sentence, marker.start()))
        values = [total.value] + [p.value for p in parts]
        exact = all(v is not None and v == v.to_integral_value() and v < 100_000 for v in values)
        slack = 0.0 if exact else total.precision + sum(p.precision for p in parts)
        if parts_sum > tot + slack or (exhaustive and abs(parts_sum - tot) > slack):
            out.append(_internal(
                total, parts[-1],
                f"the stated parts add up to {parts_sum:,.10g}, not the total of {tot:,.10g}",
                sentence.strip(), "sum_of_parts"))
    return out


def stale_notices(
    findings: Sequence[Finding], docs: dict[str, Document], drafts: set[str]
) -> list[Notice]:
    """For each draft figure, a later report's changed figure of a quantity that moves: a
    reference dated after the draft (or after the draft's own as-of date) whose figure
    differs for a time or update reason (a rising toll, a revised estimate). A figure a
    source simply contradicts is a conflict, not a stale figure: never counted twice."""
    latest: dict[str, tuple[str, Finding, Claim]] = {}
    for f in findings:
        if f.suppressed or f.verdict != "explained":
            continue
        if not any(e.sufficient and e.type in ("time", "update") for e in f.explanations):
            continue
        for mine, other in ((f.a, f.b), (f.b, f.a)):
            if mine.doc not in drafts or other.doc in drafts:
                continue
            date = docs[other.doc].date if other.doc in docs else None
            draft = docs[mine.doc].date if mine.doc in docs else None
            as_of = read_as_of(mine.time, int(draft[:4]) if draft else None) if mine.time else None
            since = as_of.iso if as_of else draft
            if not date or not since or date[:10] <= since[:10]:
                continue  # not later than the draft: the draft may be the newer report
            if mine.id not in latest or date > latest[mine.id][0]:
                latest[mine.id] = (date, f, other)
    out = []
    for _cid, (date, f, newer) in sorted(latest.items()):
        mine = f.a if newer is f.b else f.b
        src = docs[newer.doc].source if newer.doc in docs else None
        who = f" ({src})" if src else ""
        out.append(Notice(mine, newer, date, src,
                          f"the latest report{who}, dated {date}, gives {_q(newer)} "
                          f"where the draft says {_q(mine)}"))
    return out


def fingerprint(a: Claim, b: Claim) -> str:
    """Stable across runs and edits elsewhere in the documents: the two claims' text in context."""
    parts = sorted(f"{c.doc}\x1f{c.text}\x1f{_context(c)}" for c in (a, b))
    return hashlib.sha1("\x1e".join(parts).encode("utf-8")).hexdigest()[:16]


def _context(c: Claim, width: int = 80) -> str:
    """The words around a claim, white space folded: what identifies it in its sentence."""
    rel = c.start - c.sentence_start
    return " ".join(c.sentence[max(0, rel - width) : rel + len(c.text) + width].split())


def _quote_around(c: Claim) -> str:
    return c.sentence.strip()


def _q(c: Claim) -> str:
    """A claim's text quoted on one line (a hard-wrapped draft keeps its line break in the
    span; messages and reports do not)."""
    return repr(" ".join(c.text.split()))


def _describe(c: Claim) -> str:
    bits = [c.attribution, c.time, c.scope]
    extra = ", ".join(x for x in bits if x)
    return f"{_q(c)}" + (f" ({extra})" if extra else "")


def _message(
    a: Claim, b: Claim, verdict: str, ratio: float | None, reasons: list[Explanation]
) -> str:
    gap = f"{ratio:.2f}x apart" if ratio and ratio > 1.0000001 else "equal"
    why = ", ".join(r.type for r in reasons if r.sufficient)
    tail = {
        "consistent": "agree" + (f" once {why} is considered" if why else ""),
        "explained": f"differ, explained by {why}",
        "conflict": "differ and nothing in the texts reconciles them",
    }[verdict]
    return f"{_describe(a)} vs {_describe(b)}: {gap}; {tail}"
