"""Stage 2, numbers: figures written with digits, a currency prefix, a sign and a scale word or
abbreviation ("$1.2bn", "USD34.6 million", "-5", "2½"), scientific notation ("6.02 x 10^23")
and proportions ("one in four", "1/2 pound"). Number words are read by ``number_words``."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from ..cache import compile_pattern as _compile
from ..numbers import NUMBER_BODY, read_number
from .figure import Num
from .lexicon import SMALL_NUMBER
from .patterns import DIGIT, alternation, search_from
from .patterns import compiled as _rx

MAX_DIGITS = 40  # longer digit runs are identifiers, not amounts
_SCIENTIFIC = re.compile(
    r"""(?<![\w.,])(?P<m>\d+(?:\.\d+)?)\s?[×x*]\s?10      # the mantissa, "x 10"; the exponent
    (?:(?:\^|\*\*)(?P<e>[-−]?\d{1,3})                    # needs a mark: ^ or **,
      |(?P<e2>[-−]\d{1,3})                               # a minus
      |(?P<e3>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))                       # or superscripts
    (?![\d.,]\d)                                        # ("4 x 100 relay" is no power of 10)""",
    re.VERBOSE,
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_PROPORTION = re.compile(
    rf"(?<![\w.,-])(?P<a>{SMALL_NUMBER}|\d{{1,3}})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    rf"(?P<b>{SMALL_NUMBER}|hundred|thousand|\d{{1,4}})(?![\w.,-])", re.IGNORECASE)
# tried only where a run of white space starts, which it reads once (a run of 100,000 spaces
# would otherwise be read again from each of its characters). It opens with \s, so that re
# skips to the next white space at C speed; (?<!\s\s) then asks that the character before it
# is none: what (?<!\s)\s++ says, written to start with the white space
_PROPORTION_CONN = re.compile(r"\s(?<!\s\s)\s*+(?:in|out\s++of)\s", re.IGNORECASE)
_PROPORTION_REACH = max(len(w) for w in SMALL_NUMBER.split("|"))
_SLASH_FRACTION = re.compile(r"(?<![\w/.,⁄-])(?P<a>\d{1,3})[/⁄](?P<b>\d{1,4})(?![\w/.,⁄])")


def _word_or_int(w: str, words: dict[str, int]) -> int | None:
    w = w.lower()
    if w.isdigit():
        return int(w)
    return {"hundred": 100, "thousand": 1000}.get(w, words.get(w))


# separators that only group digits in an English document: "1,234", "1\u00a0234", "1'234"
_GROUPING = re.compile(r"[,\u00a0\u202f'’]")


def _search_near_digits(rx: re.Pattern[str], s: str, reach: int,
                        digit: re.Pattern[str] = DIGIT) -> Iterator[re.Match[str]]:
    """``rx.finditer(s)`` for a pattern whose every match holds a digit within ``reach``
    characters of its start: the regex is not tried at positions far before the next digit,
    which skips most of a sentence at C speed."""
    pos, n = 0, len(s)
    while pos < n:
        d = digit.search(s, pos)
        if d is None:
            return
        m = rx.search(s, max(pos, d.start() - reach))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


class NumberStage:
    """Reading figures written with digits (a mixin of the Extractor)."""

    def init_numbers(self) -> None:

        self.p.re_proportion, self.p.re_proportion_conn = _PROPORTION, _PROPORTION_CONN
        self.p.re_slash_fraction = _SLASH_FRACTION

    def compile_numbers(self) -> None:
        """The number pattern: currency, sign, digits, fraction, scale word or abbreviation."""

        u = self.units
        cur = sorted(u.currency_symbols, key=len, reverse=True)
        cur_alt = alternation(cur)
        scale_words = sorted(u.scale, key=len, reverse=True)
        abbrevs = sorted(u.scale_abbrev, key=len, reverse=True)
        # wire copy spaces the longer lower-case abbreviations: "28.5 mln tonnes", "3 bln"
        spaced = [a for a in abbrevs if len(a) >= 3 and a.islower()]
        # a number match starts at most this far before its first digit
        self.num_reach = max(len(c) for c in cur) + 3
        if self.lang is None:
            # 1,234.5 | 1 234 (no-break spaces) | 1'234 | 12,34,567 (Indian) | 1234
            num_body = (r"(?:\d{1,3}(?:,\d{3})+|(?=\d\d?,\d\d,)\d{1,2}(?:,\d{2})+,\d{3}"
                        r"|\d+(?:[\u00a0\u202f'’]\d{3}(?!\d))*)(?:\.\d+)?(?![\d]|,\d{3})")
            scale_rx = rf"(?P<scale>{alternation(scale_words)})\b"
        else:
            # any grouping and either decimal mark (numbers.py reads the value); the
            # language's scale words in any case: "Millionen", "Mrd.", "mil millones"
            num_body = NUMBER_BODY + r"(?!\d|[.,]\d)"
            scale_rx = rf"(?P<scale>(?i:{alternation(scale_words)}))(?!\w)"
        after_cur = sorted(u.scale_after_currency, key=len, reverse=True)
        after_cur_rx = (rf"|[ ]?(?P<abbrcur>{alternation(after_cur)})(?![A-Za-z0-9])"
                        if after_cur else "")
        self.p.re_number = _compile(
            rf"""
            (?P<cur>(?<![A-Za-z])(?:{cur_alt}))?\s?           # currency prefix: $, US$, USD, £
            (?P<sign>(?<![\w.,\0])[-+−](?=\d))?                  # sign glued to digits, not "5-10"
            (?P<num>(?<![\d.,]){num_body}
                   |(?<![\d.])\.\d+)                          # .5
            (?P<frac>\s?[{"".join(sorted(self.lex.unicode_fractions))}])?  # 2½ ([unicode_fractions])
            (?:(?P<sp>[\s-]?){scale_rx}
              |(?P<abbr>{alternation(abbrevs)})(?![A-Za-z0-9])
              |[ ](?P<abbrs>{alternation(spaced)})\b(?![.]\w)   # 28.5 mln
              {after_cur_rx}                                  # Rs 615 Cr
            )?
            """,
            re.VERBOSE,
        )

    def read_num(self, num: str) -> tuple[Decimal, str, str | None]:
        """The value of a number as written, its digits, and how its format was decided
        (None in English documents: a comma groups, a point is a decimal point)."""
        if self.lang is None:
            if num.isdigit():
                return Decimal(num), num, None
            digits = num.replace(",", "")  # "1,234.5": the common case, without a regex
            if not digits.isascii() or "'" in digits:
                digits = _GROUPING.sub("", digits)
            return Decimal(digits), digits, None
        return read_number(num, self.convention, self.lang.decimal)

    def _iter_numbers(self, masked: str) -> Iterator[re.Match[str]]:
        # every match holds a digit within ``num_reach`` characters of its start (the
        # longest currency prefix, a space and a sign)
        return _search_near_digits(self.p.re_number, masked, self.num_reach, self.p.re_digit)

    def scan_numbers(self, s: str, masked: str, has_words: bool = True) -> list[Num]:
        found: list[Num] = []
        occupied = [False] * (len(s) + 1)
        # proportions first: "one in four", "1 out of 5", "1/2 pound", "1/16 of a pint"
        if (" in " in masked or " out of " in masked or "/" in masked or "⁄" in masked):
            for n in self._proportions(s, masked):
                found.append(n)
                for i in range(n.start, n.end):
                    occupied[i] = True
        if "10" in masked and ("×" in masked or "x10" in masked or "x 10" in masked
                               or "*10" in masked):
            # scientific notation: "1.99×10−30 kilograms", "6.02 x 10^23", "3x10⁸"
            for m in _SCIENTIFIC.finditer(masked):
                exp = (m.group("e") or m.group("e2") or m.group("e3")).translate(
                    _SUPERSCRIPTS).replace("−", "-")
                try:
                    value = Decimal(m.group("m")).scaleb(int(exp))
                except (InvalidOperation, ValueError):
                    continue
                n = Num(m.start(), m.end(), value, digits=m.group("m"))
                n.scale = Decimal(1).scaleb(int(exp))
                found.append(n)
                for i in range(n.start, n.end):
                    occupied[i] = True
        for m in self._iter_numbers(masked):
            if found and occupied[m.start("num")]:
                continue
            num = m.group("num")
            if len(num.replace(",", "").replace(".", "")) > MAX_DIGITS:
                continue
            a = m.start("cur") if m.group("cur") else m.start("sign") if m.group("sign") else m.start("num")
            b = m.end()
            cur = m.group("cur")
            currency = self.units.currency_symbols.get(cur.strip()) if cur else None
            if self.lang is None and num.isdigit():  # "2019", "300": most numbers
                value, digits, number_format = Decimal(num), num, None
            else:
                try:
                    value, digits, number_format = self.read_num(num)
                except InvalidOperation:
                    continue
            if m.group("frac"):
                value += self.lex.unicode_fractions[m.group("frac").strip()]
            if m.group("sign") in ("-", "−"):
                value = -value
            elif a >= 6 and s[a - 1] in " -" and s[a - 6 : a - 1].lower() == "minus":
                value = -value  # "minus-130 degrees Fahrenheit", "minus 233 Celsius"
                a -= 6
            n = Num(a, b, value, currency=currency, digits=digits, number_format=number_format)
            scale = m.group("scale")
            abbr = m.group("abbr")
            if m.group("abbrs"):
                n.scale = Decimal(str(self.units.scale_abbrev[m.group("abbrs")]))
                n.scaled = True
            elif scale:
                # "hundred" only as part of a bigger number word; "5 hundred" is rare
                n.scale = Decimal(str(self.units.scale[scale.lower()]))
                n.scaled = True
            elif m.group("abbrcur") and currency is not None:
                n.scale = Decimal(str(self.units.scale_after_currency[m.group("abbrcur")]))
                n.scaled = True
            elif abbr:
                if self._abbr_is_scale(s, m, abbr, currency):
                    n.scale = Decimal(str(self.units.scale_abbrev[abbr]))
                    n.scaled = True
                else:
                    b = m.start("abbr")
                    n.end = b
            n.value = value * n.scale
            if not n.scaled:
                n.end = m.end("frac") if m.group("frac") else m.end("num")
            found.append(n)
            for i in range(n.start, n.end):
                occupied[i] = True
        if not has_words:
            found.sort(key=lambda n: n.start)
            return found
        self.scan_number_words(s, masked, found, occupied)
        found.sort(key=lambda n: n.start)
        return found

    def _proportions(self, s: str, masked: str) -> list[Num]:
        """"one in four", "one out of three", "1 in 5": the share a/b (a fraction); "1/2
        pound", "1/16 of a pint", "3/4 of": a/b written with a slash, read only before "of" or
        a unit (not "24/7", "9/11")."""
        out: list[Num] = []
        # every match has a number of at most _PROPORTION_REACH characters right before the
        # white space ahead of "in"/"out of": try the pattern only there
        anchors = [m.start() for m in self.p.re_proportion_conn.finditer(masked)]
        for m in search_from(self.p.re_proportion, masked, anchors, _PROPORTION_REACH):
            a, b = (_word_or_int(m.group(k), self.lex.english_number_words) for k in ("a", "b"))
            if a is None or b is None or not 0 < a < b:
                continue
            n = Num(m.start(), m.end(), Decimal(a) / Decimal(b), words=not m.group("a").isdigit())
            n.digits = str(n.value)
            n.unit, n.unit_kind, n.surface_unit = "fraction", "special", m.group()
            out.append(n)
        if "/" not in masked and "⁄" not in masked:
            return out  # every slash fraction has its slash
        # the proportions are in text order and do not overlap: their ends ascend
        ends = [x.end for x in out]
        props = list(out)
        for m in self.p.re_slash_fraction.finditer(masked):
            a, b = int(m.group("a")), int(m.group("b"))
            if not 0 < a < b:
                continue
            after = s[m.end() : m.end() + 40]
            unit = self.unit_at(after)
            if not (_rx(r"\s+of\b").match(after) or unit is not None and unit[2] != "count"):
                continue
            k = bisect_right(ends, m.start())  # the first proportion ending after m starts
            if k < len(props) and props[k].start < m.end():
                continue
            n = Num(m.start(), m.end(), Decimal(a) / Decimal(b))
            n.digits = str(n.value)
            out.append(n)
        return out

    def _abbr_is_scale(self, s: str, m: re.Match[str], abbr: str, currency: str | None) -> bool:
        after = s[m.end() : m.end() + 20]
        glued = m.start("abbr") == m.end("num") or m.start("abbr") == m.end("frac")
        if abbr in ("m", "M", "k", "K", "b", "B", "T", "tr"):
            if not glued:
                return abbr in ("m", "M") and currency is not None and False
            if currency is not None:
                return True
            if abbr in ("m",):
                # "35m of its devices", "5m people": million; "100m sprint", "3m high": metres
                if _rx(r"\s+(?:high|tall|long|deep|wide|above|below|away|sprint|race|"
                            r"hurdles|freestyle|metres|meters|from|in\s+diameter)\b").match(after):
                    return False
                nxt = _rx(r"\s+([a-z]+)").match(after)
                if nxt and (nxt.group(1) in ("of", "people", "users", "customers", "viewers")
                            or (nxt.group(1).endswith("s") and nxt.group(1) not in self.lex.function_words)):
                    return True
                # "2.7m combined digital and physical sales": a counted plural a few words on
                # (joined modifiers only: "10m air rifle finals" stays metres)
                window = s[m.end() : m.end() + 60]
                cm = self.counted_noun(window)
                return cm is not None and cm[1][:1].islower() and cm[1].endswith("s") \
                    and not cm[1].endswith("ss") and _rx(r"\s(?:and|or)\s").search(window[: cm[2]]) is not None
            if abbr == "M":
                return True  # "4.3M sales": metres are written with a small m
            if abbr in ("k", "K"):
                return not _rx(r"\s*(?:run|race|m\b)").match(after)
            return abbr in ("b", "B") and _rx(r"\s+(?:of|in|to|from)\b").match(after) is not None
        return True
