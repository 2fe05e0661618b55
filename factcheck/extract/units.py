"""Stage 4, units: unit aliases, special units, currencies and unit symbols after a figure,
compound rates ("$58.24 per barrel"), ages ("15-year-old"), magnitudes, points, and the unit
a bare figure takes from the one it is compared with. Counted nouns: ``nouns``."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..cache import compile_pattern as _compile
from ..units import singular
from .figure import Num
from .patterns import alternation
from .patterns import compiled as _rx

_NEXT_WORD = re.compile(r"[ \t]+(?P<w>[A-Za-z][A-Za-z'’-]*)")
# the same in Unicode letters ("salariés", "unità", "Beschäftigte"): the extractor's
# re_next_word; its ASCII view (ASCII text) compiles it with re.ASCII, where it is _NEXT_WORD
_NEXT_WORD_U = r"[ \t]+(?P<w>[^\W\d_](?:[^\W\d_]|['’-])*)"
# "magnitude 5.7", "a magnitude of 8.8", "preliminary magnitude-7.1"
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]*$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(r"-magnitude\b", re.IGNORECASE)  # "a 7.1-magnitude quake"
# A unit-like symbol: "mSv", "MWp", "Tcf", "TEU", "MMBtu" (mixed case, or an acronym)
_SYMBOL = re.compile(
    r"""[ \t]?(?P<u>[a-zµμ][A-Z][A-Za-z]{0,3}                # mSv, kWp
      |[A-Z](?:[bcdfghjklmnpqrstvwxz]{1,3}|[A-Z]{1,4}[a-z]{0,2}))  # Tcf, Bcf, TEU, MMBtu
    (?![\w'’&-]|\.\w)                                    # the end of a word""",
    re.VERBOSE,
)
_TIMES_PER = re.compile(r"\s+(?:a|an|per|each)\s+(?:second|minute|hour|day|week|month|year)\b")
# a figure compared with the one before it: the end of the words between them
_COMPARED = re.compile(
    r"""(?:^|[\s,])(from|compared\s+(?:with|to)|versus|vs\.?|including|to)\s+  # the link
    (?:(?:about|some|around|roughly|nearly|almost|just|only|an\s+estimated)\s+)?$  # a hedge""",
    re.IGNORECASE | re.VERBOSE)
# what may stand between a number and its unit: "5 km", "2,5\u00a0%" (French), "10-year"
_UNIT_GAP = re.compile(r"[ \t]?(?:-(?=[a-zA-Z]))?")
UNIT_GAP_INTL = re.compile(r"[ \t\u00a0\u202f]?(?:-(?=[a-zA-Z]))?")


class UnitLookup:
    """The unit at the start of the text after a figure: a listed unit, a unit symbol, or a
    counted noun (a mixin of the Extractor)."""

    def unit_at(self, after: str) -> tuple[str, str, str, int] | None:
        """(canonical, surface, kind, length) of a unit at the start of ``after``."""
        m = self.p.re_unit_gap.match(after)
        off = m.end() if m else 0
        rest = after[off:]
        # the longer of the two readings: "degrees Fahrenheit" (case-sensitive) over "degrees"
        best = None
        for rx in (self.p.re_unit_ci, self.p.re_unit_cs):
            um = rx.match(rest)
            if um and (best is None or um.end() > best.end()):
                surface = um.group()
                if (self.unit_forms.get(surface) or self.unit_forms_lower.get(surface.lower())) is not None:
                    best = um
        if best is not None:
            surface = best.group()
            form = self.unit_forms.get(surface) or self.unit_forms_lower[surface.lower()]
            return form[0], surface, form[1], off + best.end()
        sym = self._unit_symbol(after)
        if sym is not None:
            return sym
        wm = _rx(r"[ \t]?([A-Za-z][a-z'’-]*)").match(after)
        if wm and wm.group(1).lower() in self.lex.pre_noun:
            # "eight more picks", "eight other employees", "two new jets"
            cm = self.counted_noun(after[wm.end():])
            if cm is not None:
                return cm[0], cm[1], "count", wm.end() + cm[2]
        if wm and wm.group(1).lower() in self.lex.implied_unit:
            return self.lex.implied_unit[wm.group(1).lower()], wm.group(1), "count", 0
        if wm and wm.group(1).lower() in ("were", "are", "have", "had"):
            # "11 were killed", "128,000 were present": the participle says who is counted
            pm = _rx(r"\s+(?:(?:been|still|also|reportedly)\s+)*([a-z]+)\b").match(after, wm.end())
            if pm and pm.group(1) in self.lex.implied_unit:
                return self.lex.implied_unit[pm.group(1)], pm.group(1), "count", 0
        cm = self.counted_noun(after)
        if cm is not None:
            return cm[0], cm[1], "count", cm[2]
        hm = _rx(r"-([a-z]{3,})\b(?!-)").match(after)
        if hm and hm.group(1) not in self.lex.function_words and hm.group(1) not in self.lex.not_noun and \
                hm.group(1).rstrip("s") not in ("third", "quarter", "fifth", "half", "thirtie") \
                and hm.group(1) not in self.lex.stopwords and not hm.group(1).endswith(("ly", "ed", "ing")):
            # a hyphenated compound: "four-cylinder engine", "three-bedroom house"
            return singular(hm.group(1), self.lex.plural), hm.group(1), "count", hm.end()
        return None

    def _unit_symbol(self, after: str) -> tuple[str, str, str, int] | None:
        """A unit symbol the rules do not list, right after the number and ending the phrase:
        "20 mSv." reads through pint (millisievert); "30 million TEU last year", "12 Tcf of
        gas" are kept as written with dimension unknown. Capitalised words and acronyms
        before a noun ("12 NFL teams") are not symbols."""
        m = _SYMBOL.match(after)
        if m is None:
            return None
        sym = m.group("u")
        if sym in self.lex.not_symbol or sym.upper() in self.lex.not_symbol:
            return None
        rest = after[m.end():]
        nxt = self.p.re_next_word.match(rest)
        if nxt is not None and rest[: nxt.start("w")].strip() == "":
            w = nxt.group("w").lower()
            if w not in self.lex.function_words and w not in self.lex.time_after:
                return None
        if sym in self.units.currency_symbols:
            return self.units.currency_symbols[sym], sym, "currency", m.end()
        if sym[0].islower():
            name = self.units.pint_name(sym)  # "mSv", "kWp": a prefix and a symbol
            if name is not None:
                return name, sym, "alias", m.end()
        return sym, sym, "unknown", m.end()


class UnitStage:
    """Reading the unit of a figure (a mixin of the Extractor)."""

    def init_units(self) -> None:

        # words between a scale word and its unit ("millones de euros"); None in English
        self.p.re_connector = None
        self.p.re_unit_gap = _UNIT_GAP
        self.p.re_scale_break = None
        # words in Unicode letters (issue 20): the counted noun after a number and the
        # concept words around it; on ASCII text (the ASCII view) exactly [A-Za-z]
        self.p.re_next_word = _compile(_NEXT_WORD_U)
        self.p.re_magnitude_before = _MAGNITUDE_BEFORE

    def compile_units(self) -> None:
        """Units after a number, longest surface first; short symbols are case-sensitive."""
        u = self.units
        unit_forms: dict[str, tuple[str, str]] = {}
        for surface, canon in u.aliases.items():
            unit_forms[surface] = (canon, "alias")
        for surface, canon in u.special.items():
            unit_forms[surface] = (canon, "special")
        for surface, canon in u.currency_words.items():
            unit_forms[surface] = (canon, "currency")
        for surface in u.ambiguous:
            unit_forms[surface] = (u.ambiguous[surface]["name"].rstrip("s"), "ambiguous")
        self.unit_forms = unit_forms
        ordered = sorted(unit_forms, key=len, reverse=True)
        ci = [s for s in ordered if len(s) > 2 and s.lower() == s]
        cs = [s for s in ordered if not (len(s) > 2 and s.lower() == s)]
        self.unit_forms_lower = {s.lower(): unit_forms[s] for s in ci}
        end = r"(?![A-Za-z0-9²³])"
        self.p.re_unit_ci = _compile(
            alternation(ci, ignorecase=True) + end, re.IGNORECASE
        )
        self.p.re_unit_cs = _compile(alternation(cs) + end)
        self.p.re_per = _compile(r"\s*(?:/|per\s+|an?\s+|each\s+)", re.IGNORECASE)
        self.p.re_word = _compile(r"[A-Za-z][A-Za-z'’-]*")
        self.p.re_age = _compile(r"[-\s](?P<u>year|month|week|day)s?[-\s]old\b", re.IGNORECASE)
        self.p.re_hyph_unit = _compile(r"-(?P<u>[a-z]+)\b")

    def read_unit(self, s: str, n: Num) -> None:
        n.unit_end = None  # type: ignore[attr-defined]
        if n.unit is not None:
            n.unit_end = n.end  # type: ignore[attr-defined]
            return
        after = s[n.end : n.end + 60]
        # ages and hyphenated durations: "15-year-old", "three-week mission"
        am = self.p.re_age.match(after)
        if am:
            n.unit, n.surface_unit, n.unit_kind = am.group("u").lower(), am.group(), "alias"
            n.context.append("age")
            n.end = n.end + am.end()
            n.unit_end = n.end  # type: ignore[attr-defined]
            return
        mag = self._magnitude(s, n, after)
        if mag is not None:
            n.unit, n.surface_unit, n.unit_kind = "magnitude", "magnitude", "special"
            n.end += mag
            n.unit_end = n.end  # type: ignore[attr-defined]
            n.context.append("magnitude")
            return
        found = self._unit_after(n, after)
        if found is None:
            if not n.currency:
                return
            found = (n.currency, "", "currency", 0)
        canon, surface, kind, length = found
        if kind in ("alias", "special", "ambiguous") and len(surface) <= 2 and after[:1] == " ":
            # a short symbol spaced from its number must not be a word: "5 m" ok, "5 t" ok,
            # but "in" / "C" / "F" after a space read only with capitals or degree context
            if surface in ("C", "F", "in.", "l", "g", "m", "t", "W", "V", "T", "p"):
                nxt = after[1 + len(surface) : 2 + len(surface)]
                if surface in ("C", "F") and not _rx(r"degrees?\s*$|°\s*$").search(
                        s[max(0, n.start - 40) : n.start]):
                    return self._currency_only(n)
                if surface in ("l", "g", "t", "p", "W", "V") and nxt.isalpha():
                    return self._currency_only(n)
        if kind == "currency" and n.currency is None and canon.endswith(("_cent", "_pence")):
            if surface == "p" and after[:1] == " ":
                return self._currency_only(n)
        canon, kind = self._unit_reading(s, n, canon, surface, kind)
        if kind == "count" and n.currency:
            # "$5 million deal": the currency is the unit, the noun is what is bought
            n.unit, n.unit_kind = n.currency, "currency"
            n.context.append(surface)
            return
        n.unit, n.surface_unit, n.unit_kind = canon, surface or None, kind
        end = self._read_rate(s, n, canon, kind, n.end + length)
        n.unit_end = end  # type: ignore[attr-defined]
        if kind != "count":
            n.end = end
        else:
            n.end = end

    def _unit_after(self, n: Num, after: str) -> tuple[str, str, str, int] | None:
        """(canonical, surface, kind, length) of the unit read after ``n``: after a
        connector, right after it, after "of" (length 0: the span stays on the amount) or
        "times a minute"; None if none."""
        found = None
        if self.p.re_connector is not None and (n.scaled or n.words):
            # "1,17 millones de barriles", "1,2 milliard d'euros": the unit after a connector
            cm = self.p.re_connector.match(after)
            if cm is not None:
                unit = self.unit_at(" " + after[cm.end():])
                if unit is not None:
                    found = (*unit[:3], cm.end() + unit[3] - 1)
        if found is None:
            found = self.unit_at(after)
        if n.vague or (found is None and (n.words or n.scaled)):
            # "tens of thousands of dollars", "millions of Americans": the unit follows "of";
            # the claim's span stays on the amount ("Dozens")
            om = _rx(r"\s+of\s+(?:(?:the|these|those|their|its|my|his|her|our|your|"
                          r"[A-Z][\w.]*(?:'s|’s))\s+)?(?:(?:most|[a-z]+est)\s+)?").match(after)
            found = self.unit_at(" " + after[om.end():]) if om else None
            if found is not None and found[2] == "count" and (
                    found[1].lower() in self.lex.english_number_words or found[1].lower() in self.lex.of_not_noun
                    or found[1].lower() in self.units.scale):
                found = None  # "two of the five", "three of them"
            if found is not None:
                return (*found[:3], 0)  # the claim's span stays on the amount
        if found is None and after.startswith(" times ") and _TIMES_PER.match(after, 6):
            # "spin nearly 78,000 times a minute": a frequency ("3 times more" stays bare)
            found = ("time", "times", "count", 6)
        return found

    def _unit_reading(self, s: str, n: Num, canon: str, surface: str, kind: str
                      ) -> tuple[str, str]:
        """The unit a surface reads as in its sentence: a currency's code, pounds sterling,
        points of a rate, a contextual unit ("kt": knots or kilotons), bare degrees of
        temperature; (canonical, kind)."""
        if kind == "currency":
            code = canon.split("_")[0]
            if n.currency and n.currency != code and not canon.endswith(("_cent", "_pence")):
                # "$5 billion dollars" ok; "C$5 dollars" keeps the prefix
                canon = n.currency
            n.currency = n.currency or code
        if kind == "alias" and canon == "pound" and (
            n.currency == "GBP" or self._per_sentence(s, "sterling", lambda: _rx(
                r"sterling|£|GBP").search(s) is not None)
        ):
            canon, kind = "GBP", "currency"
        if kind == "special" and canon == "point":
            canon = self._points(s, n)
        if kind in ("alias", "ambiguous"):
            # "kt" near "winds" is knots, near "yield" kilotons of TNT (rules: [[contextual]])
            other = self._per_sentence(s, ("contextual", surface),
                                       lambda: self.units.contextual_unit(surface, s))
            if other is not None:
                canon = other
                n.context.append(surface)
            elif canon == "degree" and self._per_sentence(s, "temperature", lambda: not (
                    self.units.temperature_cues.isdisjoint(w.lower() for w in self.p.re_word.findall(s)))):
                # "2 degrees warmer": a temperature (rules: [temperature] bare_degrees)
                canon = self.units.bare_degrees
                above = self.units.fahrenheit_above
                if above is not None and n.value is not None and abs(n.value) > above:
                    canon = "degree_Fahrenheit"  # no weather reaches 126 Celsius
                n.context.append("temperature")
        return canon, kind

    def _read_rate(self, s: str, n: Num, canon: str, kind: str, end: int) -> int:
        """A compound rate after the unit that ends at ``end``: "$58.24 per barrel", "$1,950
        an ounce", "325,000 barrels per day" (``n`` becomes the rate); where the unit ends."""
        pm = self.p.re_per.match(s, end)
        if pm and kind in ("currency", "alias", "ambiguous", "count"):
            den = self.unit_at(" " + s[pm.end() : pm.end() + 30])
            if den is not None and den[2] in ("alias", "ambiguous") or (
                den is not None and den[2] == "count" and pm.group().strip() in ("/", "per")
            ):
                dcanon = den[0]
                if den[2] == "count" or dcanon in ("year", "month", "week", "day", "hour",
                                                    "minute", "second", "oil_barrel", "ounce",
                                                    "troy_ounce", "metric_ton", "ton",
                                                    "gallon", "liter", "kilogram", "pound",
                                                    "mile", "kilometer", "foot ** 2",
                                                    "meter ** 2", "kilowatt_hour",
                                                    "megawatt_hour") or kind == "alias":
                    if dcanon == "ounce" and kind == "currency":
                        dcanon = "troy_ounce"
                    base = n.currency if kind == "currency" else canon
                    if canon.endswith(("_cent", "_pence")):
                        base = canon  # "5p a litre": pence per litre
                    n.unit = f"{base} / {dcanon}"
                    n.unit_kind = "rate"
                    end = pm.end() + den[3] - 1
                    n.surface_unit = s[n.end : end].strip()
        return end

    def _per_sentence(self, s: str, key: object, compute: Callable[[], Any]) -> Any:
        """``compute()``, a fact about the whole sentence ``s``, worked out once per sentence
        however many figures ask (a pass over the sentence for each figure is quadratic)."""
        if self.fact_sentence is not s:
            self.fact_sentence = s
            self.facts = {}
        try:
            return self.facts[key]
        except KeyError:
            value = self.facts[key] = compute()
            return value

    def inherit_unit(self, s: str, prev: Num, n: Num) -> None:
        """A bare figure compared with the one before takes its unit: "3.9 million headsets,
        up from 2.4 million", "460 vehicles ... compared with 63", "6 million homes including
        1.5 million in Los Angeles", "from about 14-18 mpg to 24"."""
        gap = s[prev.end : n.start]
        if self.p.re_digit.search(gap) or not gap.endswith(" "):
            return
        m = _COMPARED.search(gap)
        if m is None:
            return
        if m.group(1).lower() == "to":
            # only a "from X to Y" told with words between
            if not _rx(r"\bfrom\s+(?:(?:about|some|around|roughly)\s+)?$", re.IGNORECASE).search(s[max(0, prev.start - 20) : prev.start]):
                return
        elif prev.unit_kind == "special" and prev.unit not in ("percent", "percentage_point"):
            return
        n.unit, n.unit_kind = prev.unit, prev.unit_kind
        n.context.append(f"unit of {prev.surface_unit or prev.unit}")

    def _currency_only(self, n: Num) -> None:
        if n.currency:
            n.unit, n.unit_kind = n.currency, "currency"

    def _magnitude(self, s: str, n: Num, after: str) -> int | None:
        """Characters of "-magnitude" after ``n`` (0 if none) when ``n`` is a magnitude:
        "magnitude 5.7", "magnitude-7.1", "7.1-magnitude", "a 6.4 quake", "6.2 on the Richter
        scale"; None otherwise."""
        if self.p.re_magnitude_before.search(s, max(0, n.start - 24), n.start):
            return 0
        m = _MAGNITUDE_AFTER.match(after)
        if m:
            return m.end()
        if "." not in n.digits or not 0 < n.value < 10:
            return None  # "6 quakes" counts quakes; magnitudes are written with a decimal
        wm = _rx(r"[\s-]+(?:magnitude\s+)?([A-Za-z]+)").match(after)
        if wm and wm.group(1).lower() in self.units.magnitude_nouns:
            return 0
        sm = _rx(r"\s+on\s+the\s+").match(after)
        if sm and any(after[sm.end():].startswith(sc) for sc in self.units.magnitude_scales):
            return 0
        return None

    def _points(self, s: str, n: Num) -> str:
        window = s[max(0, n.start - 80) : n.end + 40].lower()
        if _rx(r"percentage|interest rate|rate|yield|margin|poll|lead|unemployment").search(window):
            return "percentage_point"
        return "point"
