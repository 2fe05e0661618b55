"""Stage 2, numbers (words): numbers written in words ("two", "twenty-five", "half a million",
"a dozen"), vague amounts ("thousands of") and fractions in words ("two-thirds of")."""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..cache import compile_pattern as _compile
from .figure import Num
from .patterns import alternation, search_from
from .patterns import compiled as _rx

# "one of the best wireless speakers", "one of Airbnb's earliest investments": one of a set
_ONE_OF = re.compile(
    r"""\s+of\s+(?:the|my|his|her|its|their|our|your|[A-Z][\w.]*(?:'s|’s))\s+  # "of the"
    (?:(?:most|best|biggest|largest|worst|[a-z]+est|[a-z]+)\s+){0,3}  # "best wireless"
    [a-z]+s\b                                          # a plural: "speakers" """,
    re.VERBOSE,
)
# "for one to two years", "one or two games": "one" opens a range
_ONE_RANGE = re.compile(r"\s+(?:to|or)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d)",
                        re.IGNORECASE)


def _search_words(rx: re.Pattern[str], s: str, anchors: list[int],
                  cur: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for ``re_words``: every match holds a gate word (``anchors``) and
    starts at it, or before it at "a"/"an" and white space ("a million"), or at a currency
    of at most ``cur`` characters and a space before either."""
    pos = 0
    for g in anchors:
        if g < pos:
            continue
        j = g
        while j > 0 and s[j - 1].isspace():
            j -= 1
        m = rx.search(s, max(pos, min(g, j - 2) - cur - 1))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


def _dec(x: float) -> Decimal:
    return Decimal(repr(x)).normalize() if x != int(x) else Decimal(int(x))


def _parse_number_words(phrase: str, scales: dict[str, float],
                        words: dict[str, int]) -> Decimal | None:
    tokens = _rx(r"[\s-]+").split(phrase.lower())
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    half = False
    for t in tokens:
        if t in ("and",):
            continue
        if t == "half":
            half = True
            continue
        if t in ("a", "an"):
            current = current or Decimal(1)
            seen = True
            continue
        if t in words:
            current += words[t]
            seen = True
        elif t == "dozen":
            current = (current or Decimal(1)) * 12
            seen = True
        elif t == "hundred":
            current = (current or Decimal(1)) * 100
            seen = True
        elif t in scales:
            total += (current or Decimal(1)) * Decimal(str(scales[t]))
            current = Decimal(0)
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    if half:
        value = value / 2
    return value


class NumberWordStage:
    """Reading numbers written in words (a mixin of the Extractor)."""

    def init_number_words(self) -> None:

        # number words (English here; a language view has its own, rules/numbers.toml):
        # their values, the words read only right before a scale word ("a million", "un
        # million", "neuf millions"), and the gate a sentence without digits must pass
        self.p.re_articles = r"a|an|half\s+a|half\s+an"

    def compile_number_words(self) -> None:
        """Number words, vague amounts and fractions, and the gate words they all hold."""
        u = self.units
        cur_alt = alternation(sorted(u.currency_symbols, key=len, reverse=True))
        scale_words = sorted(u.scale, key=len, reverse=True)

        num_words = alternation([w for w in self.lex.number_words if w not in self.lex.scale_only],
                                ignorecase=True)
        # every word-number, vague amount or fraction holds one of these words (lower case)
        gate_words = frozenset(
            w.lower() for k in (*self.lex.number_words, *scale_words, "dozen", *self.lex.fraction_words,
                                *(f + "s" for f in self.lex.fraction_words), *u.vague)
            for w in _rx(r"[^\W\d_]+").findall(k) if w.lower() != "of")
        # the gate words as whole words ([a-z] runs) of lower-cased text
        self.p.re_gate_word = _compile(r"(?<![a-z])" + alternation(gate_words) + r"(?![a-z])")
        # a sentence without digits is read only if one of them occurs in it, as a substring
        # of the lower-cased sentence (the rules' words: "thirteen" was missing from a list
        # written here, so "Thirteen people died" read nothing); "zero" alone is no figure
        # ("above zero indicates growth")
        self.p.gate_number_word = _compile(alternation(sorted(gate_words - {"zero"})))
        self.p.re_words = _compile(
            rf"""
            (?<![\w-])(?P<cur>(?:{cur_alt})\s?)?
            (?P<w>(?:(?:{self.p.re_articles})(?=\s+{alternation([*scale_words, "dozen"], ignorecase=True)})
                  |(?:{num_words})(?:[-\s](?:{num_words}))?)
                 (?:[\s-](?:and\s)?{alternation([*scale_words, "dozen", *self.lex.number_words], ignorecase=True)})*)
            (?![\w])
            """,
            re.VERBOSE | re.IGNORECASE,
        )
        # "thousands of people"; a phrase that holds "of" needs no other: "hundreds of
        # thousands rallied"
        multi = [w for w in u.vague if " of " in w]
        single = [w for w in u.vague if " of " not in w]
        self.p.re_vague = _compile(
            r"(?<![\w-])(?P<w>"
            + (alternation(multi, ignorecase=True) + r"(?![\w-])|" if multi else "")
            + alternation(single, ignorecase=True)
            + r"(?=\s+of\b))",
            re.IGNORECASE,
        )
        # "a half of", "one-third of", "two-thirds of": numbers.toml [fraction_words], a
        # numerator above one with the plural
        fractions = sorted(self.lex.fraction_words)
        numerators = [w for w, v in self.lex.english_number_words.items() if 1 < v < 10]
        self.p.re_fraction = _compile(
            rf"(?<![\w-])(?P<w>(?:a|one)[\s-](?:{alternation(fractions)})"
            rf"|(?:{alternation(numerators)})[\s-](?:{alternation([f + 's' for f in fractions])}))"
            r"\s+of\b", re.IGNORECASE
        )

    def scan_number_words(self, s: str, masked: str, found: list[Num],
                          occupied: list[bool]) -> None:
        """Number words, vague amounts and fractions of ``masked`` not on ``occupied``
        characters, added to ``found``."""
        lowered = masked.lower()
        if len(lowered) == len(masked):
            # every match holds a gate word near its start: try the patterns only there
            anchors = [m.start() for m in self.p.re_gate_word.finditer(lowered)]
            vague_iter = search_from(self.p.re_vague, masked, anchors, 0)
            fraction_iter = search_from(self.p.re_fraction, masked, anchors, 4)
            words_iter = _search_words(self.p.re_words, masked, anchors, self.num_reach - 2)
        else:
            vague_iter = self.p.re_vague.finditer(masked)
            fraction_iter = self.p.re_fraction.finditer(masked)
            words_iter = self.p.re_words.finditer(masked)
        for m in vague_iter:
            a, b = m.start("w"), m.end("w")
            if any(occupied[a:b]):
                continue
            lo, hi = self.units.vague[m.group("w").lower()]
            n = Num(a, b, Decimal(0), low=_dec(lo), high=_dec(hi), vague=True, words=True,
                     context=[m.group("w").lower()])
            found.append(n)
            for i in range(a, b):
                occupied[i] = True
        for m in fraction_iter:
            a, b = m.start("w"), m.end("w")
            if any(occupied[a:b]):
                continue
            parts = _rx(r"[\s-]+").split(m.group("w").lower())
            numerator = self.lex.english_number_words.get(parts[0], 1)  # "a half", "two-thirds"
            word = parts[-1].removesuffix("s")
            n = Num(a, b, numerator * self.lex.fraction_words[word], words=True)
            n.unit, n.unit_kind, n.surface_unit = "fraction", "special", m.group("w")
            found.append(n)
            for i in range(a, b):
                occupied[i] = True
        for m in words_iter:
            a, b = m.start(), m.end()
            if any(occupied[a:b]):
                continue
            phrase = m.group("w")
            value = _parse_number_words(phrase, self.units.scale, self.lex.number_words)
            if value is None:
                continue
            low = phrase.lower()
            after = s[b : b + 30]
            one_of = low == "one" and _ONE_OF.match(s, b, b + 90) is not None
            if (low in ("one", "a", "an") or low.startswith(("a ", "an ")) and value < 100) and not one_of:
                if not self._one_is_quantity(s, b):
                    continue
            if low == "one" and not one_of and _rx(r"\s+(?:of|another|day|time|way|thing|side|hand)\b").match(after):
                continue
            cur = m.group("cur")
            n = Num(a, b, value, words=True,
                     currency=self.units.currency_symbols.get(cur.strip()) if cur else None,
                     role="selection" if one_of else None)
            n.digits = str(value)
            scales = [self.units.scale[w] for w in _rx(r"[^\W\d_]+").findall(low)
                      if w in self.units.scale and w != "hundred"]
            n.scaled = bool(scales)
            if scales:
                n.scale = Decimal(str(max(scales))).normalize()
            found.append(n)
            for i in range(a, b):
                occupied[i] = True

    def _one_is_quantity(self, s: str, end: int) -> bool:
        # "for one to two years", "one or two games": the first end of a range
        return self.unit_at(s[end : end + 40]) is not None or (
            s[end - 3 : end].lower() == "one" and _ONE_RANGE.match(s, end) is not None)
